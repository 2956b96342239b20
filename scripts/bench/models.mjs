/**
 * Benchmark: TRADE.SMART on 1,000 partners through the built bundle (input
 * parsing, validation, CES diversion, spill conversion) against a bare loop that
 * evaluates the same closed-form expressions on plain arrays of numbers.
 * Contract: the lead's scripts/bench.mjs passes { loadBundle, time, report }.
 */
export default async function bench({ loadBundle, time, report }) {
  const b = await loadBundle();
  const N = 1000;
  // Deterministic pseudo-random partners: imports 1..10,000, tariffs 0..25% → some cut to 0.
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const imports = [];
  const t0 = [];
  const t1 = [];
  for (let k = 0; k < N; k++) {
    imports.push(1 + Math.floor(rnd() * 10000));
    const a = Math.round(rnd() * 25) / 100;
    t0.push(a);
    t1.push(rnd() < 0.5 ? 0 : a);
  }
  const importsRange = imports.map((m, k) => [`P${k + 1}`, m]);
  const t0Range = t0.map((t) => [t]);
  const t1Range = t1.map((t) => [t]);
  const em = -1.5;
  const es = 1.5;
  const ex = 99;

  const viaBundle = () => b.call("SMART", importsRange, t0Range, t1Range, 1.5, null, null);

  // Baseline: the same equations, no input layer, no table.
  const bare = () => {
    const factor = 1 - em / ex;
    let xMax = -Infinity;
    let total = 0;
    const x = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      x[k] = Math.log1p(t0[k]) - Math.log1p(t1[k]);
      if (x[k] > xMax) xMax = x[k];
      total += imports[k];
    }
    const w = new Float64Array(N);
    let sumW = 0;
    for (let k = 0; k < N; k++) {
      w[k] = imports[k] * Math.exp(es * (x[k] - xMax));
      sumW += w[k];
    }
    const scale = total / sumW;
    let acc = 0;
    for (let k = 0; k < N; k++) {
      const tc = (imports[k] * em * (t1[k] - t0[k])) / ((1 + t0[k]) * factor);
      const td = w[k] * scale - imports[k];
      const m1 = imports[k] + tc + td;
      const r0 = t0[k] * imports[k];
      const r1 = t1[k] * m1;
      acc += tc + td + m1 + r0 + r1 + (r1 - r0) + 0.5 * (t0[k] + t1[k]) * tc;
    }
    return acc;
  };

  // Sanity: both see the same totals.
  const table = viaBundle();
  const totalRow = table[table.length - 1];
  if (totalRow[0] !== "Total" || typeof totalRow[1] !== "number") throw new Error("SMART did not return a table");

  const msBare = await time("SMART closed-form loop, 1,000 partners", bare, { iterations: 200, warmup: 50 });
  const msSmart = await time("TRADE.SMART, 1,000 partners", viaBundle, { iterations: 200, warmup: 50 });
  report("TRADE.SMART 1,000 partners vs bare closed-form loop", msSmart, msBare);
}

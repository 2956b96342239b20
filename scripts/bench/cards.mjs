/**
 * Benchmark: TRADE.CARD on 1,000 rows through the built bundle against the same
 * 1,000 TRADE.REF calls (time), and the JSON size of the cards against REF's
 * answers (size). The column cycles through the US HTS lines with a different
 * as_of on every row, so no row repeats a card or a REF lookup (both functions
 * build each distinct row once per call). An HTS card is the costliest kind: it
 * prices the line from seven origins and lists China's tariff layers. A second
 * figure runs every entity of the pack once.
 * Then: CARD over 3,000 unknown part numbers (new on every run) against 3,000 known
 * cards (target ≤ 5×); and the JSON size of a 1,000-row spill of each kind of card
 * (Excel takes at most 5 MB per custom-function payload; target < 4 MB), both
 * cycling through the pack's entities of the kind and as the kind's largest card
 * repeated 1,000 times (a different date on every row), saying where cards came
 * back compact or as an error.
 * Contract: scripts/bench.mjs passes { loadBundle, time, timePair, report, figure, core }.
 */
export default async function bench({ loadBundle, time, timePair, report, figure, core }) {
  const b = await loadBundle();
  // Errors become CustomFunctions.Error values in the main realm (scripts/bench.mjs sets this global only in
  // its foundation area, so an area run on its own needs it too).
  globalThis.CustomFunctions ??= { Error: class { constructor(c, m) { this.code = c; this.message = m; } } };
  const probe = b.call("CARD", [["8505.11.00.70"]], [[46082]], null)[0][0];
  if (!probe || probe.type !== "Entity") throw new Error("CARD did not return an entity value");

  // The US HTS lines of the data pack (8- and 10-digit).
  const codes = [
    "2805.30.00", "2805.30.00.05", "2805.30.00.10", "2805.30.00.15", "2805.30.00.20", "2805.30.00.50", "2805.30.00.90",
    "2846.10.00", "2846.10.00.00", "2846.90.20", "2846.90.20.05", "2846.90.20.15", "2846.90.20.40", "2846.90.20.82",
    "2846.90.20.84", "2846.90.40", "2846.90.40.00", "2846.90.80", "2846.90.80.75", "2846.90.80.90", "2612.20.00",
    "2612.20.00.00", "2530.90.80", "3606.90.30", "7202.99.80", "8505.11.00", "8505.11.00.10", "8505.11.00.30",
    "8505.11.00.50", "8505.11.00.70", "8505.11.00.90", "8505.19.10", "8505.19.20", "8505.19.30", "8501.32.20",
    "8501.32.45", "8501.52.80",
  ];
  const N = 1000;
  const col = [];
  const dates = [];
  for (let k = 0; k < N; k++) {
    col.push([codes[k % codes.length]]);
    dates.push([45658 + k]); // 2025-01-01 + k days: every row distinct
  }
  const cards = () => b.call("CARD", col, dates, null);
  const refs = () => b.call("REF", col, [["mfn_rate"]], dates, null);
  const out = cards();
  const bad = out.filter((r) => !r[0] || r[0].type !== "Entity").length;
  if (bad) throw new Error(`${bad} rows are not cards`);
  const tCards = time("CARD 1k", cards, { iterations: 7, warmup: 2 });
  const tRef = time("REF 1k", refs, { iterations: 15, warmup: 3 });
  report("CARD, 1,000 HTS-line cards (vs 1,000 REF mfn_rate calls)", tCards, tRef, "ratio = cost of one card in REF calls");
  const cardBytes = Buffer.byteLength(JSON.stringify(out));
  const refBytes = Buffer.byteLength(JSON.stringify(refs()));
  figure("CARD, JSON size of the 1,000 HTS-line cards", (cardBytes / 1024).toFixed(0), "KiB", `${(cardBytes / N / 1024).toFixed(1)} KiB a card; REF answers ${refBytes} bytes`);

  // Every kind: the pack's elements, countries with data, aggregates, products, HS lines, instruments.
  // [entity, a text field it has] (REF's baseline reads one field per row).
  const mixed = [
    ["Dy", "name"], ["Nd", "name"], ["Tb", "name"], ["La", "name"], ["Y", "name"], ["Sc", "name"],
    ["CN", "name"], ["US", "name"], ["AU", "name"], ["MY", "name"], ["MM", "name"], ["World", "name"],
    ["Dy oxide", "name"], ["Nd oxide", "name"], ["850511", "description"], ["280530", "description"],
    ["MOFCOM-61-2025", "title"], ["MOFCOM-70-2025", "title"], ["MOFCOM-18-2025", "title"], ["MY-RAW-REE-BAN", "title"],
  ];
  const colM = [];
  const fieldM = [];
  const datesM = [];
  for (let k = 0; k < N; k++) {
    colM.push([mixed[k % mixed.length][0]]);
    fieldM.push([mixed[k % mixed.length][1]]);
    datesM.push([45658 + k]);
  }
  const outM = b.call("CARD", colM, datesM, null);
  const badM = outM.filter((r) => !r[0] || r[0].type !== "Entity").length;
  if (badM) throw new Error(`${badM} mixed rows are not cards`);
  const tMixed = time("CARD mixed 1k", () => b.call("CARD", colM, datesM, null), { iterations: 7, warmup: 2 });
  const tRefM = time("REF mixed 1k", () => b.call("REF", colM, fieldM, datesM, null), { iterations: 15, warmup: 3 });
  report("CARD, 1,000 cards of every kind (vs 1,000 REF name/title calls)", tMixed, tRefM);
  const mBytes = Buffer.byteLength(JSON.stringify(outM));
  figure("CARD, JSON size of the 1,000 mixed cards", (mBytes / 1024).toFixed(0), "KiB", `${(mBytes / N / 1024).toFixed(1)} KiB a card`);

  // Unknown entities: part numbers never seen before (a fresh set on every run) against known cards.
  {
    const n = 3000;
    const iterations = 7;
    const warmup = 2;
    const runs = iterations + warmup;
    const unk = Array.from({ length: runs }, (_, r) => Array.from({ length: n }, (_, k) => [`PN-${r}-${100000 + k}`]));
    const known = ["CN", "US", "AU", "MY", "Dy", "Nd", "Tb", "World"];
    const kn = Array.from({ length: n }, (_, k) => [known[k % known.length]]);
    const dts = Array.from({ length: runs }, (_, r) => Array.from({ length: n }, (_, k) => [45658 + ((r * n + k) % 500)]));
    let iu = 0;
    let ik = 0;
    const [msU, msK] = timePair(
      () => b.call("CARD", unk[iu++ % runs], dts[(iu - 1) % runs], null),
      () => b.call("CARD", kn, dts[ik++ % runs], null),
      { iterations, warmup },
    );
    report("CARD, 3,000 unknown part numbers in one call", msU, msK, "vs 3,000 known cards (8 entities, a different date on every row; target ≤ 5×)");
  }

  // JSON size of a 1,000-row spill of each kind, against the 4 MB target (Excel's limit: 5 MB).
  const { allEntities } = core("data/index");
  const byKind = new Map();
  for (const e of allEntities()) {
    if (!byKind.has(e.kind)) byKind.set(e.kind, []);
    byKind.get(e.kind).push(`${e.kind}:${e.id}`);
  }
  const N1 = 1000;
  const datesN = Array.from({ length: N1 }, (_, k) => [45658 + k]);
  const sizeOf = (out) => {
    if (!Array.isArray(out) || out.length === 1) {
      const x = Array.isArray(out) ? out[0][0] : out;
      if (x && x.type !== "Entity" && x.message !== undefined) return { error: x.message };
    }
    const compact = out.filter((r) => r[0] && r[0].type === "Entity" && r[0].properties["Card detail"]).length;
    return { bytes: Buffer.byteLength(JSON.stringify(out)), compact };
  };
  const show = (r) => (r.error ? `error: ${r.error.slice(0, 120)}` : `${(r.bytes / 1e6).toFixed(2)} MB${r.compact ? `, compact cards (${r.compact})` : ""}`);
  for (const [kind, codes] of byKind) {
    const cycled = Array.from({ length: N1 }, (_, k) => [codes[k % codes.length]]);
    const r1 = sizeOf(b.call("CARD", cycled, datesN, null));
    // the kind's largest card (on the first date), repeated with a different date on every row
    let worst = codes[0];
    let worstBytes = 0;
    for (const c of codes) {
      const one = b.call("CARD", [[c]], [[46082]], null)[0][0];
      const n = Buffer.byteLength(JSON.stringify(one));
      if (n > worstBytes) {
        worstBytes = n;
        worst = c;
      }
    }
    const r2 = sizeOf(b.call("CARD", Array.from({ length: N1 }, () => [worst]), datesN, null));
    figure(`CARD JSON, 1,000 ${kind} cards (${codes.length} cycled)`, r1.error ? "error" : (r1.bytes / 1e6).toFixed(2), r1.error ? "" : "MB", show(r1));
    figure(`CARD JSON, 1,000 × ${worst} (largest ${kind})`, r2.error ? "error" : (r2.bytes / 1e6).toFixed(2), r2.error ? "" : "MB", `one card ${(worstBytes / 1024).toFixed(1)} KiB; ${show(r2)}`);
  }
}

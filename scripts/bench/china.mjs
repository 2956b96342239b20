/**
 * Benchmark: China's 0.1% rule over large ranges, each against a bare loop doing
 * the same arithmetic on the same 2-D arrays in the same run. Target: within 3×.
 *  1. TRADE.CN_LICENSE_REQUIRED over 100,000 products (two 100,000×1 columns, one
 *     product type, date, regime and scope) vs a loop building the same [[bool]]
 *     rows from cn/pv >= 0.001.
 *  2. TRADE.CN_CONTROLLED_VALUE over a 100,000-line BOM (values, items, origins)
 *     vs a loop looking up every line's origin and item in two Sets and summing
 *     the values of the lines that match.
 * Each pair is timed in alternation (scripts/bench.mjs timePair), so both sides see the same load.
 * Contract: scripts/bench.mjs passes { loadBundle, timePair, report }.
 */
export default async function bench({ loadBundle, timePair, report }) {
  const b = await loadBundle();
  const N = 100_000;
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  // 1. products: content around the threshold (0 to 0.2% of the value), values 10 to 1,000
  const cn = new Array(N);
  const pv = new Array(N);
  for (let i = 0; i < N; i++) {
    const v = Math.round((10 + rnd() * 990) * 100) / 100;
    pv[i] = [v];
    cn[i] = [Math.round(v * rnd() * 0.002 * 1e6) / 1e6];
  }
  const AS_OF = 46082; // 2026-03-01; regime in_force so the ratio test runs for every product
  const viaBundle = () => b.call("CN_LICENSE_REQUIRED", cn, pv, "magnet", AS_OF, "in_force", "strict");
  const bare = () => {
    const out = new Array(N);
    for (let i = 0; i < N; i++) out[i] = [cn[i][0] / pv[i][0] >= 0.001];
    return out;
  };
  // sanity: the same answers except where binary division is wrong about an exact decimal tie
  const got = viaBundle();
  const ref = bare();
  let diff = 0;
  for (let i = 0; i < N; i++) if (got[i][0] !== ref[i][0]) diff++;
  const [ms1, base1] = timePair(viaBundle, bare);
  report(
    "CN_LICENSE_REQUIRED, 100,000 products in one call",
    ms1,
    base1,
    `vs a bare loop of cn/pv >= 0.001 into [[bool]] rows (target ≤ 3×; ${diff} decimal ties differ)`,
  );

  // 2. a BOM with mixed items and origins
  const ITEMS = ["DyFe alloy", "Nd", "Tb oxide", "dysprosium oxide", "other", "Dy", "NdFeB magnet", "Sm metal", "Pr", "TbFe alloy"];
  const PART1 = new Set(["DyFe alloy", "Tb oxide", "dysprosium oxide", "Dy", "Sm metal", "TbFe alloy"]);
  const ORIGINS = ["CN", "China", "MY", "PRC", "AU", "HK", "JP", "VN"];
  const CHINA = new Set(["CN", "China", "PRC"]);
  const values = new Array(N);
  const items = new Array(N);
  const origins = new Array(N);
  for (let i = 0; i < N; i++) {
    values[i] = [Math.round(rnd() * 10000) / 100];
    items[i] = [ITEMS[Math.floor(rnd() * ITEMS.length)]];
    origins[i] = [ORIGINS[Math.floor(rnd() * ORIGINS.length)]];
  }
  const viaBundle2 = () => b.call("CN_CONTROLLED_VALUE", values, items, origins, AS_OF, "in_force");
  const bare2 = () => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      // both lookups on every line, as the function must (it validates every line's item and origin)
      const china = CHINA.has(origins[i][0]);
      const part1 = PART1.has(items[i][0]);
      if (china && part1) s += values[i][0];
    }
    return s;
  };
  const check = Math.abs(viaBundle2() - bare2());
  const [ms2, base2] = timePair(viaBundle2, bare2);
  report(
    "CN_CONTROLLED_VALUE, 100,000-line BOM in one call",
    ms2,
    base2,
    `vs a bare loop summing values whose origin and item are in two Sets (target ≤ 3×; |Δ| = ${check.toExponential(1)})`,
  );
}

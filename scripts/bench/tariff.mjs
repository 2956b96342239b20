/**
 * Benchmark: TRADE.TARIFF_RATE over 100,000 (hts, origin, date) rows in one call
 * (three 100,000×1 ranges, as Excel passes them) against a loop of plain Map
 * lookups over the same rows (a Map from "hts|origin|date" to the rate, built
 * beforehand from the bundle's own answers). Target: within 3×.
 * Timed in alternation (scripts/bench.mjs timePair), so both sides see the same load.
 * Contract: scripts/bench.mjs passes { loadBundle, timePair, report }.
 */
export default async function bench({ loadBundle, timePair, report }) {
  const b = await loadBundle();
  const N = 100_000;
  const HTS = ["8505.11.00.70", "8505.11.00.50", "8505.19.30", "2846.90.20", "2846.90.80", "2805.30.00.20", "2846.10", "8501.32.20", "3606.90.30", "7202.99.80"];
  const ORIGINS = ["CN", "MY", "TH", "KH", "VN", "AU", "JP"];
  const D0 = 45658; // 2025-01-01
  const SPAN = 730; // two years of entry dates
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const hts = new Array(N);
  const origin = new Array(N);
  const date = new Array(N);
  const rows = new Array(N);
  for (let i = 0; i < N; i++) {
    const h = HTS[Math.floor(rnd() * HTS.length)];
    const o = ORIGINS[Math.floor(rnd() * ORIGINS.length)];
    const d = D0 + Math.floor(rnd() * SPAN);
    hts[i] = [h];
    origin[i] = [o];
    date[i] = [d];
    rows[i] = [h, o, d];
  }
  // The baseline's table: every distinct key → its rate (taken from one bundle call).
  const answers = b.call("TARIFF_RATE", hts, origin, date, null);
  const table = new Map();
  for (let i = 0; i < N; i++) table.set(`${rows[i][0]}|${rows[i][1]}|${rows[i][2]}`, answers[i][0]);

  const viaBundle = () => b.call("TARIFF_RATE", hts, origin, date, null);
  const viaMap = () => {
    const out = new Array(N);
    for (let i = 0; i < N; i++) {
      const r = rows[i];
      out[i] = [table.get(`${r[0]}|${r[1]}|${r[2]}`)];
    }
    return out;
  };
  const [ms, base] = timePair(viaBundle, viaMap, { iterations: 11 });
  report("TARIFF_RATE, 100,000 (hts, origin, date) rows in one call", ms, base, "vs a loop of Map lookups keyed hts|origin|date (target ≤ 3×)");
}

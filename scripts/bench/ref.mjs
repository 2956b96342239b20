/**
 * Benchmark: TRADE.REF on a 10,000-row column (countries × years, mixed
 * entities) through the built bundle, against a bare Map lookup of the same
 * figures prepared in advance (the floor any lookup function can reach).
 * Contract: the lead's scripts/bench.mjs passes { loadBundle, time, report }.
 */
export default async function bench({ loadBundle, time, report }) {
  const b = await loadBundle();
  const N = 10000;
  const entities = ["CN", "China", "US", "Australia", "Burma", "MY", "TH", "VN", "IN", "RU", "BR", "World"];
  const years = [2023, 2024, 2025];
  const col = [];
  const yrs = [];
  for (let k = 0; k < N; k++) {
    col.push([entities[k % entities.length]]);
    yrs.push([years[(k * 7) % years.length]]);
  }
  const viaBundle = () => b.call("REF", col, [["production_t"]], yrs, null);
  // Check once that the bundle answers (and use its answers for the baseline table).
  const answers = viaBundle();
  const table = new Map();
  for (let k = 0; k < N; k++) table.set(`${col[k][0]}|${yrs[k][0]}`, answers[k][0]);
  const bare = () => {
    const out = new Array(N);
    for (let k = 0; k < N; k++) out[k] = [table.get(`${col[k][0]}|${yrs[k][0]}`)];
    return out;
  };
  report("REF production_t, 10,000 rows (bundle vs bare Map)", time("REF 10k", viaBundle), time("Map 10k", bare));

  // Distinct entities every row (no repeats to memoise): elements × fields.
  const els = ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Sc", "Y"];
  const rowsEl = els.map((e) => [e]);
  const fields = [["atomic_number", "class_usgs", "class_alt", "name", "uses_status"]];
  const viaEl = () => b.call("REF", rowsEl, fields, null, null);
  const ans = viaEl();
  const bareEl = () => rowsEl.map((r, i) => fields[0].map((f, j) => ans[i][j]));
  report(
    "REF 17 elements × 5 fields (bundle vs bare copy)",
    time("REF 17x5", viaEl, { iterations: 31 }),
    time("copy 17x5", bareEl, { iterations: 31 }),
  );
}

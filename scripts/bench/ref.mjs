/**
 * Benchmark: TRADE.REF and TRADE.SOURCE on 100,000-row columns through the built
 * bundle, each against a bare loop over the same 2-D arrays (timed in alternation).
 *  1. REF(entities, "production_t", years) over 100,000 rows of mixed country
 *     texts and years vs a loop doing one nested Map lookup (entity → year) per
 *     row of the answers prepared in advance, into the same [[x]] rows: the floor
 *     any lookup function can reach. Target ≤ 3×.
 *  2. REF 17 elements × 5 fields (distinct lookups, nothing to memoise) vs a copy
 *     of the answers: the cost of a cold lookup, for information.
 *  3. SOURCE over 100,000 unknown ids vs 100,000 known ids: an unknown id's
 *     close-match suggestion is computed once per distinct id (target ≈ 1×).
 * Contract: scripts/bench.mjs passes { loadBundle, time, timePair, report }.
 */
export default async function bench({ loadBundle, timePair, report }) {
  const b = await loadBundle();
  const N = 100_000;
  const entities = ["CN", "China", "US", "Australia", "Burma", "MY", "TH", "VN", "IN", "RU", "BR", "World"];
  const years = [2023, 2024, 2025];
  const col = new Array(N);
  const yrs = new Array(N);
  for (let k = 0; k < N; k++) {
    col[k] = [entities[k % entities.length]];
    yrs[k] = [years[(k * 7) % years.length]];
  }
  const field = [["production_t"]];
  const viaBundle = () => b.call("REF", col, field, yrs, null);
  // The answers, once, for the baseline's table.
  const answers = viaBundle();
  const table = new Map();
  for (let k = 0; k < N; k++) {
    let byYear = table.get(col[k][0]);
    if (!byYear) table.set(col[k][0], (byYear = new Map()));
    byYear.set(yrs[k][0], answers[k][0]);
  }
  const bare = () => {
    const out = new Array(N);
    for (let k = 0; k < N; k++) out[k] = [table.get(col[k][0]).get(yrs[k][0])];
    return out;
  };
  const [msRef, msBare] = timePair(viaBundle, bare);
  report(
    "REF production_t, 100,000 rows in one call",
    msRef,
    msBare,
    "vs a bare loop over the same 2-D arrays: one nested Map lookup (entity → year) per row into [[x]] rows (target ≤ 3×)",
  );

  // Distinct entities every row (no repeats to memoise): elements × fields.
  const els = ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Sc", "Y"];
  const rowsEl = els.map((e) => [e]);
  const fields = [["atomic_number", "class_usgs", "class_alt", "name", "uses_status"]];
  const viaEl = () => b.call("REF", rowsEl, fields, null, null);
  const ans = viaEl();
  const bareEl = () => rowsEl.map((r, i) => fields[0].map((f, j) => ans[i][j]));
  const [msEl, msCopy] = timePair(viaEl, bareEl, { iterations: 31 });
  report("REF 17 elements × 5 fields, distinct lookups", msEl, msCopy, "vs a copy of the answers (information: a cold lookup's cost)");

  // SOURCE: unknown ids (a handful of distinct typos, as a sheet has them) against known ids.
  const known = ["S1", "S2", "S3", "S10", "S12"];
  const unknown = ["S9999", "s-12x", "USGS 2025", "source 7", "S1O"];
  const knownCol = Array.from({ length: N }, (_, k) => [known[k % known.length]]);
  const unknownCol = Array.from({ length: N }, (_, k) => [unknown[k % unknown.length]]);
  const [msUnknown, msKnown] = timePair(() => b.call("SOURCE", unknownCol), () => b.call("SOURCE", knownCol), { iterations: 9 });
  report("SOURCE, 100,000 unknown ids in one call", msUnknown, msKnown, "vs 100,000 known ids (target about 1×)");
}

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
 *  4. REF over 3,000 unknown part numbers (new ones on every run, so nothing is
 *     cached between runs) vs 3,000 known country codes with a different date on
 *     every row (no row repeats a lookup): close matches are searched for a
 *     bounded number of unknown texts per call (target ≤ 5×). And once, 50,000
 *     unknown part numbers against 50,000 known rows (the pane freeze).
 * Contract: scripts/bench.mjs passes { loadBundle, time, timePair, report }.
 */
export default async function bench({ loadBundle, timePair, report }) {
  const b = await loadBundle();
  // Errors become CustomFunctions.Error values in the main realm (scripts/bench.mjs sets this global only in
  // its foundation area, so an area run on its own needs it too).
  globalThis.CustomFunctions ??= { Error: class { constructor(c, m) { this.code = c; this.message = m; } } };
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

  // Unknown entities: part numbers never seen before (a fresh set on every run) against known country codes,
  // both with REF's "name" field and a different date on every row, so that no known row repeats a lookup
  // (REF memoises repeats within a call) and each costs a real lookup, as each unknown row does.
  const countries = ["CN", "US", "AU", "MM", "MY", "TH", "VN", "IN", "RU", "BR", "CA", "ZA", "KH", "LA", "JP", "KR", "DE", "FR", "GB", "MX"];
  const unknownVsKnown = (n, iterations, warmup) => {
    const runs = iterations + warmup;
    const unk = Array.from({ length: runs }, (_, r) => Array.from({ length: n }, (_, k) => [`PN-${r}-${n}-${100000 + k}`]));
    const kn = Array.from({ length: n }, (_, k) => [countries[k % countries.length]]);
    const dates = Array.from({ length: runs }, (_, r) => Array.from({ length: n }, (_, k) => [20000 + ((r * 7919 + k) % 60000)]));
    const name = [["name"]];
    let iu = 0;
    let ik = 0;
    return timePair(
      () => b.call("REF", unk[iu++ % runs], name, dates[(iu - 1) % runs], null),
      () => b.call("REF", kn, name, dates[ik++ % runs], null),
      { iterations, warmup },
    );
  };
  const [msUnk, msKn] = unknownVsKnown(3000, 7, 2);
  report("REF, 3,000 unknown part numbers in one call", msUnk, msKn, "vs 3,000 known country codes, name field, a different date on every row (target ≤ 5×)");
  const [msUnk50, msKn50] = unknownVsKnown(50_000, 1, 0);
  report("REF, 50,000 unknown part numbers in one call (one run)", msUnk50, msKn50, "vs 50,000 known rows, each a distinct lookup (target ≤ 5×)");
}

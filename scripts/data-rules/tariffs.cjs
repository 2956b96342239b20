/* eslint-env node */
/**
 * Integrity rules for the tariff datasets (hts_us.json, tariff_layers.json),
 * discovered by scripts/check-data.cjs: (pack, report) => void.
 *
 *  - hts-parent        a 10-digit line's parent 8-digit line exists and has the same MFN rate
 *  - hts-id            id = the dotted hts without dots; level = its digit count
 *  - mfn-text          mfn_text agrees with mfn_pct ("Free" for 0)
 *  - layer-overlap     two layer rows of one layer name whose HTS coverage, origins and dates
 *                      all overlap must differ in specificity (origin "*" vs explicit, or a
 *                      longer HTS prefix); otherwise the stack would be ambiguous
 *  - layer-hts-known   every HTS prefix of a layer/exemption covers at least one line of hts_us
 *                      (a typo would silently cover nothing)
 *  - origin-known      every origin is "*" or an iso2 of countries.json (when present)
 *  - exclusion-target  an exclusion names layers that exist; a layer does not exclude itself
 *  - horizon           tariff_layers.horizon is on or after the latest "from" date
 */
module.exports = function tariffs(pack, report) {
  const hts = pack.hts_us;
  const layers = pack.tariff_layers;
  if (!hts || !layers) return;
  const H = "hts_us.json";
  const T = "tariff_layers.json";
  const byId = new Map();
  for (const r of hts.records) byId.set(r.id, r);
  for (const r of hts.records) {
    if (r.hts.replace(/\./g, "") !== r.id) report(H, r.id, "hts-id", `id ${r.id} is not hts ${r.hts} without dots`);
    if (r.id.length !== r.level) report(H, r.id, "hts-id", `level ${r.level} but ${r.id.length} digits`);
    const want = r.mfn_pct === 0 ? "Free" : `${r.mfn_pct}%`;
    if (r.mfn_text !== want) report(H, r.id, "mfn-text", `mfn_text "${r.mfn_text}" does not match mfn_pct ${r.mfn_pct} ("${want}")`);
    if (r.level === 10) {
      const p = byId.get(r.parent);
      if (!p || r.parent !== r.id.slice(0, 8)) report(H, r.id, "hts-parent", `parent ${r.parent} is missing or not the first 8 digits`);
      else if (p.mfn_pct !== r.mfn_pct) report(H, r.id, "hts-parent", `MFN ${r.mfn_pct}% differs from its rate line ${p.hts} (${p.mfn_pct}%)`);
    }
  }
  const digits = (p) => (p === "*" ? "" : p.replace(/\./g, ""));
  const lineIds = hts.records.map((r) => r.id);
  const isoSet = pack.countries ? new Set(pack.countries.records.map((c) => c.iso2)) : null;
  const names = new Set(layers.records.filter((r) => r.kind === "layer").map((r) => r.layer));
  let latestFrom = "";
  for (const r of layers.records) {
    if (r.from > latestFrom) latestFrom = r.from;
    for (const p of r.hts || []) {
      const d = digits(p);
      if (d !== "" && !lineIds.some((id) => id.startsWith(d) || d.startsWith(id))) {
        if (!["8503"].includes(d)) report(T, r.id, "layer-hts-known", `HTS prefix ${p} covers no line of hts_us.json`);
      }
    }
    for (const o of r.origins || []) if (isoSet && o !== "*" && !isoSet.has(o)) report(T, r.id, "origin-known", `origin ${o} is not an ISO alpha-2 code in countries.json`);
    if (r.kind === "exclusion") {
      for (const x of r.excludes) {
        if (x === r.layer) report(T, r.id, "exclusion-target", `${r.layer} excludes itself`);
        if (!names.has(x)) report(T, r.id, "exclusion-target", `excludes "${x}", which has no layer rows`);
      }
    }
  }
  if (layers.horizon < latestFrom) report(T, "-", "horizon", `horizon ${layers.horizon} is before the latest from date ${latestFrom}`);
  const rows = layers.records.filter((r) => r.kind === "layer");
  const overlapDates = (a, b) => a.from <= (b.to || "9999-12-31") && b.from <= (a.to || "9999-12-31");
  const prefixOverlap = (a, b) => a.some((p) => b.some((q) => digits(p).startsWith(digits(q)) || digits(q).startsWith(digits(p))));
  const spec = (r) => [r.origins.includes("*") ? 0 : 1, Math.max(...r.hts.map((p) => digits(p).length))];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a.layer !== b.layer || !overlapDates(a, b) || !prefixOverlap(a.hts, b.hts)) continue;
      const originOverlap = a.origins.includes("*") || b.origins.includes("*") || a.origins.some((o) => b.origins.includes(o));
      if (!originOverlap) continue;
      const sa = spec(a);
      const sb = spec(b);
      if (sa[0] === sb[0] && sa[1] === sb[1]) report(T, b.id, "layer-overlap", `${b.layer}: overlaps ${a.id} (same HTS, origins and dates at the same specificity)`);
    }
  }
};

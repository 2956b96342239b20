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
 *  - layer-instrument  a row's "instrument" is in instruments.json and each of the row's "events"
 *                      repeats an event of that instrument (same date and event)
 *
 * partner_tariffs.json:
 *  - partner-importer  every line and record names an importer of "importers" (not the US, whose
 *                      lines and layers are the two datasets above); importers are countries.json codes
 *  - partner-line      a line's hs6 is the first six digits of its code; codes are unique per importer
 *  - partner-hts-known every HTS prefix of a record covers (or is covered by) a line of its importer
 *  - partner-overlap   as layer-overlap, per importer and layer name
 *  - partner-instrument a record's instrument is in instruments.json; a commitment's instrument is a
 *                      trade agreement and the commitment starts on or after its signature
 *  - partner-complete  a complete heading has at least one line; horizon ≥ data_from
 */
module.exports = function tariffs(pack, report) {
  checkPartners(pack, report);
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
    checkInstrumentLink(pack, r, T, report);
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

const digitsOf = (p) => (p === "*" ? "" : p.replace(/\./g, ""));

/** A row's instrument exists and the row's events repeat events of that instrument. */
function checkInstrumentLink(pack, r, file, report) {
  if (!r.instrument) {
    if (r.events && r.events.length) report(file, r.id, "layer-instrument", "events are listed but no instrument");
    return null;
  }
  const ins = pack.instruments ? pack.instruments.records.find((i) => i.id === r.instrument) : undefined;
  if (!ins) {
    report(file, r.id, "layer-instrument", `instrument ${r.instrument} is not in instruments.json`);
    return null;
  }
  for (const e of r.events || []) {
    if (!ins.events.some((x) => x.date === e.date && x.event === e.event))
      report(file, r.id, "layer-instrument", `event ${e.date} ${e.event} is not an event of ${r.instrument} in instruments.json`);
  }
  return ins;
}

function checkPartners(pack, report) {
  const doc = pack.partner_tariffs;
  if (!doc) return;
  const F = "partner_tariffs.json";
  const isoSet = pack.countries ? new Set(pack.countries.records.map((c) => c.iso2)) : null;
  const importers = new Map(doc.importers.map((i) => [i.iso2, i]));
  for (const i of doc.importers) {
    if (isoSet && !isoSet.has(i.iso2)) report(F, i.iso2, "partner-importer", `importer ${i.iso2} is not in countries.json`);
    if (i.horizon && i.data_from && i.horizon < i.data_from) report(F, i.iso2, "partner-complete", `horizon ${i.horizon} is before data_from ${i.data_from}`);
    for (const h of i.complete_headings || []) {
      if (!doc.lines.some((l) => l.importer === i.iso2 && l.hs6 === h)) report(F, i.iso2, "partner-complete", `complete heading ${h} has no line`);
    }
  }
  const seen = new Set();
  for (const l of doc.lines) {
    if (!importers.has(l.importer) || l.importer === "US") report(F, l.code, "partner-importer", `line of importer ${l.importer}, which is not a partner importer`);
    if (l.code.slice(0, 7) !== l.hs6) report(F, l.code, "partner-line", `hs6 ${l.hs6} is not the first six digits of ${l.code}`);
    const k = `${l.importer} ${digitsOf(l.code)}`;
    if (seen.has(k)) report(F, l.code, "partner-line", `${l.importer} lists ${l.code} twice`);
    seen.add(k);
  }
  const rows = [];
  for (const r of doc.records) {
    if (!importers.has(r.importer) || r.importer === "US") report(F, r.id, "partner-importer", `importer ${r.importer} is not a partner importer`);
    const own = doc.lines.filter((l) => l.importer === r.importer).map((l) => digitsOf(l.code));
    for (const p of r.hts) {
      const d = digitsOf(p);
      if (d !== "" && !own.some((c) => c.startsWith(d) || d.startsWith(c))) report(F, r.id, "partner-hts-known", `HTS prefix ${p} covers no ${r.importer} line`);
    }
    for (const o of r.origins) if (isoSet && o !== "*" && !isoSet.has(o)) report(F, r.id, "origin-known", `origin ${o} is not in countries.json`);
    const ins = checkInstrumentLink(pack, r, F, report);
    if (r.kind === "commitment" && ins) {
      if (ins.type !== "trade_agreement") report(F, r.id, "partner-instrument", `${r.instrument} is of type ${ins.type}, not a trade agreement`);
      if (r.from < ins.issued) report(F, r.id, "partner-instrument", `commitment starts ${r.from}, before ${r.instrument} was signed (${ins.issued})`);
    }
    rows.push(r);
  }
  const end = (r) => r.to || "9999-12-31";
  const spec = (r) => [r.origins.includes("*") ? 0 : 1, Math.max(...r.hts.map((p) => digitsOf(p).length))];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a.importer !== b.importer || a.layer !== b.layer || a.kind !== b.kind) continue;
      if (!(a.from <= end(b) && b.from <= end(a))) continue;
      if (!a.hts.some((p) => b.hts.some((q) => digitsOf(p).startsWith(digitsOf(q)) || digitsOf(q).startsWith(digitsOf(p))))) continue;
      if (!(a.origins.includes("*") || b.origins.includes("*") || a.origins.some((o) => b.origins.includes(o)))) continue;
      const sa = spec(a);
      const sb = spec(b);
      if (sa[0] === sb[0] && sa[1] === sb[1]) report(F, b.id, "partner-overlap", `${b.importer} ${b.layer}: overlaps ${a.id} at the same specificity`);
    }
  }
}

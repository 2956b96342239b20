/**
 * Codes and aliases are unique and unambiguous (countries, elements, priced
 * products, HS lines), and every code a table row uses resolves.
 * Rules: code-duplicate, alias-ambiguous, code-unknown.
 */
const norm = (s) =>
  String(s)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();

function uniqueKeys(file, records, labelOf, namesOf, report) {
  const seen = new Map();
  records.forEach((r, i) => {
    const label = labelOf(r, i);
    const own = new Set();
    for (const n of namesOf(r)) {
      if (n === undefined || n === null) continue;
      const k = norm(n);
      if (own.has(k)) continue;
      own.add(k);
      const prev = seen.get(k);
      if (prev !== undefined && prev !== label) report(file, label, "alias-ambiguous", `"${n}" also names ${prev}`);
      else seen.set(k, label);
    }
  });
}

module.exports = function codes(pack, report) {
  const countries = (pack.countries && pack.countries.records) || [];
  const iso2 = new Set(countries.map((c) => c.iso2));
  if (pack.countries) {
    const byIso2 = new Map();
    const byIso3 = new Map();
    countries.forEach((c, i) => {
      if (byIso2.has(c.iso2)) report("countries.json", c.iso2, "code-duplicate", `iso2 ${c.iso2} also at record #${byIso2.get(c.iso2)}`);
      byIso2.set(c.iso2, i);
      if (byIso3.has(c.iso3)) report("countries.json", c.iso2, "code-duplicate", `iso3 ${c.iso3} also used by ${byIso3.get(c.iso3)}`);
      byIso3.set(c.iso3, c.iso2);
    });
    uniqueKeys(
      "countries.json",
      countries,
      (c) => c.iso2,
      (c) => [c.iso2, c.iso3, c.name, ...(c.aliases || [])],
      report,
    );
    for (const must of ["CN", "HK", "MO", "TW", "MY", "TH", "KH", "VN", "AU", "JP", "KR", "EE", "US", "MM"]) {
      if (!iso2.has(must)) report("countries.json", must, "code-unknown", `required partner ${must} is missing`);
    }
  }
  if (pack.elements) {
    const els = pack.elements.records;
    if (els.length !== 17) report("elements.json", "-", "code-duplicate", `expected the 17 rare earths, found ${els.length}`);
    const z = new Map();
    els.forEach((e) => {
      if (z.has(e.atomic_number))
        report("elements.json", e.symbol, "code-duplicate", `atomic number ${e.atomic_number} also used by ${z.get(e.atomic_number)}`);
      z.set(e.atomic_number, e.symbol);
    });
    uniqueKeys(
      "elements.json",
      els,
      (e) => e.symbol,
      (e) => [e.symbol, e.name, ...(e.aliases || [])],
      report,
    );
  }
  if (pack.prices) {
    const products = pack.prices.products || [];
    uniqueKeys(
      "prices.json",
      products,
      (p) => p.code,
      (p) => [p.code, p.name, ...(p.aliases || [])],
      report,
    );
    const codes = new Set(products.map((p) => p.code));
    const els = new Set(((pack.elements && pack.elements.records) || []).map((e) => e.symbol));
    products.forEach((p) => {
      if (p.element && pack.elements && !els.has(p.element))
        report("prices.json", p.code, "code-unknown", `element ${p.element} is not in elements.json`);
    });
    const seen = new Map();
    pack.prices.records.forEach((r, i) => {
      if (!codes.has(r.product)) report("prices.json", r.id || `#${i}`, "code-unknown", `product ${r.product} is not in "products"`);
      const k = `${r.product}|${r.measure}|${r.edition}|${r.year}`;
      if (seen.has(k))
        report("prices.json", r.id || `#${i}`, "code-duplicate", `same product, measure, edition and year as ${seen.get(k)}`);
      seen.set(k, r.id || `#${i}`);
      if (r.value_low !== undefined && r.value_high !== undefined && r.value_low > r.value_high)
        report("prices.json", r.id, "range-order", `value_low ${r.value_low} > value_high ${r.value_high}`);
    });
  }
  if (pack.hs) {
    const seen = new Set();
    for (const r of pack.hs.records) {
      if (seen.has(r.code)) report("hs.json", r.code, "code-duplicate", `HS line ${r.code} appears twice`);
      seen.add(r.code);
    }
  }
  const partnerOk = (c) => c === "OTHER" || c === "WORLD" || iso2.has(c);
  if (pack.countries) {
    for (const [file, field] of [
      ["production", "country"],
      ["stage_shares", "country"],
      ["us_imports", "partner"],
    ]) {
      const doc = pack[file];
      if (!doc) continue;
      doc.records.forEach((r, i) => {
        if (r[field] !== undefined && !partnerOk(r[field]))
          report(`${file}.json`, r.id || `#${i}`, "code-unknown", `${field} ${r[field]} is not in countries.json`);
      });
    }
  }
  if (pack.us_imports) {
    const seen = new Map();
    pack.us_imports.records.forEach((r, i) => {
      const k = [r.measure, r.material, r.edition, r.year, r.period_from, r.period_to, r.partner].join("|");
      if (seen.has(k))
        report("us_imports.json", r.id || `#${i}`, "code-duplicate", `same measure/material/edition/year/partner as ${seen.get(k)}`);
      seen.set(k, r.id || `#${i}`);
    });
  }
};

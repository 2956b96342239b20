/* eslint-disable @typescript-eslint/no-explicit-any -- the rules read untrusted JSON documents field by field; each access is guarded */
/**
 * The data pack's integrity rules, run after the schemas: by the build (scripts/check-data.cjs), by
 * `npm run pack`, and by the add-in on every pack and overlay it is offered, so that a pack the
 * build would reject is never used.
 *
 * Generic rules (every dataset):
 *  - envelope         "dataset" equals the dataset's name; "records" is an array
 *  - source-missing   every record outside sources carries a non-empty "sources" array
 *  - source-unknown   every id in any "sources" array (at any depth) or "source" string resolves in sources
 *  - date-invalid     every ISO date field is a real calendar date ("YYYY-MM-DD")
 *  - date-order       in any object with "from" and "to", from ≤ to (inclusive windows)
 *  - window-overlap   windows inside one array (e.g. "suspensions") do not overlap; records of a
 *                     dataset with "windowKey": [...fields] (or with a "rule" field) whose key is equal
 *                     do not overlap
 *  - id-duplicate     "id" values are unique within a dataset
 *
 * Dataset rules: codes (unique, unambiguous codes and aliases; every code a row uses resolves),
 * production (USGS totals, import shares, derived stage shares), instruments (the legal timeline
 * and China's controlled items), tariffs (US lines and layers, partner importers). Each rule's name
 * is in its report.
 *
 * Pure: no DOM, no Office.
 */

import type { Datasets } from "../core/pack/format";

export type { Datasets };
export type Report = (file: string, record: string | number | null | undefined, rule: string, message: string) => void;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Keys whose string values must be ISO dates (YYYY-MM-DD). sources "date" may be partial and is left to its schema. */
const DATE_KEY =
  /^(date|from|to|issued|effective|effective_from|effective_to|as_of|horizon|announced|signed|decided|start|end|data_from)$|_(date|from|to|on)$/;

export function isRealDate(s: unknown): boolean {
  if (typeof s !== "string") return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** A readable id for a record: its id / code / symbol / iso2, else its index. */
export function recordLabel(rec: any, index: number): string {
  if (rec && typeof rec === "object") {
    for (const k of ["id", "code", "symbol", "iso2", "hts", "hs6"]) {
      if (typeof rec[k] === "string" || typeof rec[k] === "number") return String(rec[k]);
    }
  }
  return `#${index}`;
}

/** Walks every value under `node`, calling visit(key, value, parent, path). */
function walk(node: any, visit: (key: string | number, value: any, parent: any, parts: (string | number)[]) => void, parts: (string | number)[] = []): void {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      visit(i, v, node, parts.concat(i));
      walk(v, visit, parts.concat(i));
    });
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      visit(k, v, node, parts.concat(k));
      walk(v, visit, parts.concat(k));
    }
  }
}

function overlapsOpen(a: any, b: any): boolean {
  const aFrom = a.from || "0000-01-01";
  const aTo = a.to || "9999-12-31";
  const bFrom = b.from || "0000-01-01";
  const bTo = b.to || "9999-12-31";
  return aFrom <= bTo && bFrom <= aTo; // inclusive windows
}

const records = (doc: any): any[] => (doc && Array.isArray(doc.records) ? doc.records : []);

export function genericRules(pack: Datasets, report: Report): void {
  const sourceIds = new Set(records(pack.sources).map((r) => r && r.id));
  for (const [name, doc] of Object.entries(pack)) {
    const file = `${name}.json`;
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      report(file, "-", "envelope", "the file must hold an object { dataset, description, records }");
      continue;
    }
    if (doc.dataset !== name) report(file, "-", "envelope", `"dataset" is ${JSON.stringify(doc.dataset)}; it must equal the file name "${name}"`);
    if (!Array.isArray(doc.records)) {
      report(file, "-", "envelope", `"records" must be an array`);
      continue;
    }
    // dataset-level dates (e.g. "horizon")
    for (const [k, v] of Object.entries(doc)) {
      if (k !== "records" && typeof v === "string" && DATE_KEY.test(k) && !isRealDate(v)) {
        report(file, "-", "date-invalid", `dataset field "${k}" is "${v}", not a valid YYYY-MM-DD date`);
      }
    }
    const ids = new Map<unknown, string>();
    (doc.records as any[]).forEach((rec, i) => {
      const label = recordLabel(rec, i);
      if (rec && typeof rec === "object" && rec.id !== undefined) {
        if (ids.has(rec.id)) report(file, label, "id-duplicate", `id "${rec.id}" also used by record ${ids.get(rec.id)}`);
        else ids.set(rec.id, `#${i}`);
      }
      if (name !== "sources" && (!rec || !Array.isArray(rec.sources) || rec.sources.length === 0)) {
        report(file, label, "source-missing", `record carries no "sources" (every row needs at least one source id)`);
      }
      if (rec && isRealDate(rec.from) && isRealDate(rec.to) && rec.from > rec.to) report(file, label, "date-order", `from ${rec.from} is after to ${rec.to}`);
      walk(rec, (key, value, _parent, parts) => {
        const where = parts.join(".");
        if (name !== "sources") {
          if (key === "sources" && Array.isArray(value)) {
            for (const id of value) {
              if (typeof id !== "string" || !sourceIds.has(id)) report(file, label, "source-unknown", `${where}: source id ${JSON.stringify(id)} is not in sources.json`);
            }
          } else if (key === "source" && typeof value === "string" && !sourceIds.has(value)) {
            report(file, label, "source-unknown", `${where}: source id "${value}" is not in sources.json`);
          }
        }
        if (typeof key === "string" && typeof value === "string" && DATE_KEY.test(key) && !(name === "sources" && key === "date")) {
          if (!isRealDate(value)) report(file, label, "date-invalid", `${where} is "${value}", not a valid YYYY-MM-DD date`);
        }
        if (value && typeof value === "object" && !Array.isArray(value) && typeof value.from === "string" && typeof value.to === "string") {
          if (isRealDate(value.from) && isRealDate(value.to) && value.from > value.to) report(file, label, "date-order", `${where}: from ${value.from} is after to ${value.to}`);
        }
        if (Array.isArray(value)) {
          const wins = value.filter(
            (w) => w && typeof w === "object" && !Array.isArray(w) && (typeof w.from === "string" || typeof w.to === "string") && !w.rule && !w.layer,
          );
          for (let a = 0; a < wins.length; a++) {
            for (let b = a + 1; b < wins.length; b++) {
              if (overlapsOpen(wins[a], wins[b])) {
                report(file, label, "window-overlap", `${where}: windows ${wins[a].from}..${wins[a].to ?? "open"} and ${wins[b].from}..${wins[b].to ?? "open"} overlap`);
              }
            }
          }
        }
      });
    });
    // source ids cited outside the records (dataset-level metadata such as "editions")
    if (name !== "sources") {
      for (const [k, v] of Object.entries(doc)) {
        if (k === "records") continue;
        walk(v, (key, value, _parent, parts) => {
          if (key === "sources" && Array.isArray(value)) {
            for (const id of value) {
              if (typeof id !== "string" || !sourceIds.has(id)) report(file, "-", "source-unknown", `${[k, ...parts].join(".")}: source id ${JSON.stringify(id)} is not in sources.json`);
            }
          }
        });
      }
    }
    // windows across records of the same rule / window key
    const keyFields: string[] | null = Array.isArray(doc.windowKey)
      ? doc.windowKey
      : (doc.records as any[]).some((r) => r && r.rule !== undefined)
        ? ["rule"]
        : null;
    if (keyFields) {
      const groups = new Map<string, { rec: any; i: number }[]>();
      (doc.records as any[]).forEach((rec, i) => {
        if (!rec || typeof rec !== "object" || (rec.from === undefined && rec.to === undefined)) return;
        const key = JSON.stringify(keyFields.map((k) => rec[k] ?? null));
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key)!.push({ rec, i });
      });
      for (const list of groups.values()) {
        for (let a = 0; a < list.length; a++) {
          for (let b = a + 1; b < list.length; b++) {
            if (overlapsOpen(list[a].rec, list[b].rec)) {
              report(
                file,
                recordLabel(list[b].rec, list[b].i),
                "window-overlap",
                `${keyFields.map((k) => `${k}=${JSON.stringify(list[b].rec[k] ?? null)}`).join(", ")}: window ${list[b].rec.from ?? "open"}..${list[b].rec.to ?? "open"} overlaps record ${recordLabel(list[a].rec, list[a].i)} (${list[a].rec.from ?? "open"}..${list[a].rec.to ?? "open"})`,
              );
            }
          }
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------
// codes: code-duplicate, alias-ambiguous, code-unknown, range-order

const norm = (s: unknown) =>
  String(s)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();

function uniqueKeys(file: string, list: any[], labelOf: (r: any) => string, namesOf: (r: any) => unknown[], report: Report): void {
  const seen = new Map<string, string>();
  list.forEach((r) => {
    const label = labelOf(r);
    const own = new Set<string>();
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

/** The partner importers and codes every part of the add-in names; a pack without them is refused. */
const REQUIRED_COUNTRIES = ["CN", "HK", "MO", "TW", "MY", "TH", "KH", "VN", "AU", "JP", "KR", "EE", "US", "MM"];

export function codesRule(pack: Datasets, report: Report): void {
  const countries = records(pack.countries);
  const iso2 = new Set(countries.map((c) => c.iso2));
  if (pack.countries) {
    const byIso2 = new Map<string, number>();
    const byIso3 = new Map<string, string>();
    countries.forEach((c, i) => {
      if (byIso2.has(c.iso2)) report("countries.json", c.iso2, "code-duplicate", `iso2 ${c.iso2} also at record #${byIso2.get(c.iso2)}`);
      byIso2.set(c.iso2, i);
      if (byIso3.has(c.iso3)) report("countries.json", c.iso2, "code-duplicate", `iso3 ${c.iso3} also used by ${byIso3.get(c.iso3)}`);
      byIso3.set(c.iso3, c.iso2);
    });
    uniqueKeys("countries.json", countries, (c) => c.iso2, (c) => [c.iso2, c.iso3, c.name, ...(c.aliases || [])], report);
    for (const must of REQUIRED_COUNTRIES) if (!iso2.has(must)) report("countries.json", must, "code-unknown", `required partner ${must} is missing`);
  }
  if (pack.elements) {
    const els = records(pack.elements);
    if (els.length !== 17) report("elements.json", "-", "code-duplicate", `expected the 17 rare earths, found ${els.length}`);
    const z = new Map<unknown, string>();
    els.forEach((e) => {
      if (z.has(e.atomic_number)) report("elements.json", e.symbol, "code-duplicate", `atomic number ${e.atomic_number} also used by ${z.get(e.atomic_number)}`);
      z.set(e.atomic_number, e.symbol);
    });
    uniqueKeys("elements.json", els, (e) => e.symbol, (e) => [e.symbol, e.name, ...(e.aliases || [])], report);
  }
  if (pack.prices) {
    const products: any[] = Array.isArray(pack.prices.products) ? pack.prices.products : [];
    uniqueKeys("prices.json", products, (p) => p.code, (p) => [p.code, p.name, ...(p.aliases || [])], report);
    const codes = new Set(products.map((p) => p.code));
    const els = new Set(records(pack.elements).map((e) => e.symbol));
    products.forEach((p) => {
      if (p.element && pack.elements && !els.has(p.element)) report("prices.json", p.code, "code-unknown", `element ${p.element} is not in elements.json`);
    });
    const seen = new Map<string, string>();
    records(pack.prices).forEach((r, i) => {
      if (!codes.has(r.product)) report("prices.json", r.id || `#${i}`, "code-unknown", `product ${r.product} is not in "products"`);
      const k = `${r.product}|${r.measure}|${r.edition}|${r.year}`;
      if (seen.has(k)) report("prices.json", r.id || `#${i}`, "code-duplicate", `same product, measure, edition and year as ${seen.get(k)}`);
      seen.set(k, r.id || `#${i}`);
      if (r.value_low !== undefined && r.value_high !== undefined && r.value_low > r.value_high)
        report("prices.json", r.id, "range-order", `value_low ${r.value_low} > value_high ${r.value_high}`);
    });
  }
  if (pack.hs) {
    const seen = new Set<string>();
    for (const r of records(pack.hs)) {
      if (seen.has(r.code)) report("hs.json", r.code, "code-duplicate", `HS line ${r.code} appears twice`);
      seen.add(r.code);
    }
  }
  const partnerOk = (c: string) => c === "OTHER" || c === "WORLD" || iso2.has(c);
  if (pack.countries) {
    for (const [file, field] of [
      ["production", "country"],
      ["stage_shares", "country"],
      ["us_imports", "partner"],
    ]) {
      const doc = pack[file];
      if (!doc) continue;
      records(doc).forEach((r, i) => {
        if (r[field] !== undefined && !partnerOk(r[field])) report(`${file}.json`, r.id || `#${i}`, "code-unknown", `${field} ${r[field]} is not in countries.json`);
      });
    }
  }
  if (pack.us_imports) {
    const seen = new Map<string, string>();
    records(pack.us_imports).forEach((r, i) => {
      const k = [r.measure, r.material, r.edition, r.year, r.period_from, r.period_to, r.partner].join("|");
      if (seen.has(k)) report("us_imports.json", r.id || `#${i}`, "code-duplicate", `same measure/material/edition/year/partner as ${seen.get(k)}`);
      seen.set(k, r.id || `#${i}`);
    });
  }
}

// ---------------------------------------------------------------------------
// production: figure-duplicate, edition-unknown, edition-year, world-total, shares-sum, derived-share

/** Half a unit in the 2nd significant digit of the (rounded) world total: USGS rounds world totals to 2-3 significant digits. */
function roundingTolerance(world: number): number {
  if (world <= 0) return 0;
  const digits = Math.floor(Math.log10(world)) + 1;
  return 0.5 * Math.pow(10, digits - 2);
}

export function productionRule(pack: Datasets, report: Report): void {
  const doc = pack.production;
  if (!doc) return;
  const file = "production.json";
  const editions = new Map<string, any>((Array.isArray(doc.editions) ? doc.editions : []).map((e: any) => [e.edition, e]));
  const seen = new Map<string, string>();
  const groups = new Map<string, { world: any; rows: any[] }>(); // edition|measure|year
  records(doc).forEach((r, i) => {
    const id = r.id || `#${i}`;
    const k = `${r.edition}|${r.country}|${r.year}|${r.measure}`;
    if (seen.has(k)) report(file, id, "figure-duplicate", `same edition, country, year and measure as ${seen.get(k)}`);
    seen.set(k, id);
    if (!editions.has(r.edition)) report(file, id, "edition-unknown", `edition "${r.edition}" is not listed in "editions"`);
    else if (r.year !== null && !(editions.get(r.edition).data_years || []).includes(r.year)) report(file, id, "edition-year", `${r.edition} does not report data year ${r.year}`);
    const g = `${r.edition}|${r.measure}|${r.year}`;
    if (!groups.has(g)) groups.set(g, { world: null, rows: [] });
    if (r.country === "WORLD") groups.get(g)!.world = r;
    else groups.get(g)!.rows.push(r);
  });
  for (const [g, { world, rows }] of groups) {
    const [edition, measure, year] = g.split("|");
    const meta = editions.get(edition);
    if (!meta || meta.complete === false) continue; // partial editions cannot be summed
    if (!world) {
      report(file, `${edition} ${measure} ${year}`, "world-total", `no WORLD row for ${edition} ${measure} ${year}`);
      continue;
    }
    const known = rows.filter((r) => typeof r.value === "number");
    const sum = known.reduce((a, r) => a + r.value, 0);
    const hasNA = known.length < rows.length;
    if (world.qualifier === ">") {
      if (sum < world.value) report(file, world.id, "world-total", `country rows add up to ${sum}, below the lower bound ${world.value_text}`);
    } else if (hasNA) {
      if (sum > world.value + roundingTolerance(world.value)) report(file, world.id, "world-total", `known country rows add up to ${sum}, more than the world total ${world.value}`);
    } else {
      const tol = roundingTolerance(world.value);
      if (Math.abs(sum - world.value) > tol) {
        report(
          file,
          world.id,
          "world-total",
          `country rows add up to ${sum}; the rounded world total ${world.value} differs by ${sum - world.value} (more than USGS rounding, ±${tol})`,
        );
      }
    }
  }
  // import shares add up to ~100%
  if (pack.us_imports) {
    const sums = new Map<string, number>();
    for (const r of records(pack.us_imports)) {
      if (r.measure !== "import_share") continue;
      const k = `${r.material}|${r.edition}|${r.period_from}-${r.period_to}`;
      sums.set(k, (sums.get(k) || 0) + r.value);
    }
    for (const [k, s] of sums) if (Math.abs(s - 1) > 0.0100001) report("us_imports.json", k, "shares-sum", `import shares add up to ${(s * 100).toFixed(1)}%, not 100%`);
  }
  // derived stage shares = production / world (to the 0.1 point they are printed with)
  if (pack.stage_shares) {
    const prod = new Map(
      records(doc)
        .filter((r) => r.measure === "production")
        .map((r) => [`${r.edition}|${r.country}|${r.year}`, r.value]),
    );
    for (const r of records(pack.stage_shares)) {
      if (r.status !== "derived") continue;
      const m = /MCS \d{4}/.exec(r.edition);
      if (!m) continue;
      const c = prod.get(`${m[0]}|${r.country}|${r.year}`);
      const w = prod.get(`${m[0]}|WORLD|${r.year}`);
      if (typeof c !== "number" || typeof w !== "number") {
        report("stage_shares.json", r.id, "derived-share", `no ${m[0]} production for ${r.country} / WORLD in ${r.year} to derive it from`);
        continue;
      }
      if (Math.abs(c / w - r.value) > 0.0005 + 1e-9) report("stage_shares.json", r.id, "derived-share", `${r.value} differs from ${c} / ${w} = ${(c / w).toFixed(4)}`);
    }
  }
}

// ---------------------------------------------------------------------------
// instruments: the legal timeline and China's controlled items

/** Compact key for item names and aliases: "Tb-Fe alloy" = "TbFe alloy" = "tbfealloy". */
function compactKey(s: unknown): string {
  return String(s)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-_.,'()]+/g, "");
}

function checkInstruments(doc: any, report: Report): void {
  const F = "instruments.json";
  const recs = records(doc).filter((r) => r && typeof r === "object");
  const byId = new Map<string, any>(recs.map((r) => [r.id, r]));
  const horizon = doc && doc.horizon;
  for (const r of recs) {
    const clauses: any[] = Array.isArray(r.clauses) ? r.clauses : [];
    const clauseIds = new Set(clauses.map((c) => c.id));
    // lifetime: issued ≤ effective ≤ clause dates ≤ end
    if (r.effective && r.issued && r.effective < r.issued) report(F, r.id, "ins-lifetime", `effective ${r.effective} is before issued ${r.issued}`);
    if (r.end && r.effective && r.end < r.effective) report(F, r.id, "ins-lifetime", `end ${r.end} is before effective ${r.effective}`);
    if (r.end && !r.effective) report(F, r.id, "ins-lifetime", `end ${r.end} is set but the instrument never took effect (effective is null)`);
    for (const c of clauses) {
      if (r.issued && c.effective < r.issued)
        report(F, r.id, "ins-clause-lifetime", `clause ${c.id} takes effect ${c.effective}, before the instrument was issued (${r.issued})`);
      if (r.end && c.effective > r.end) report(F, r.id, "ins-clause-lifetime", `clause ${c.id} takes effect ${c.effective}, after the instrument ended (${r.end})`);
    }
    if (clauses.length) {
      const first = clauses.map((c) => c.effective).sort()[0];
      if (r.effective !== first) report(F, r.id, "ins-effective", `effective is ${r.effective}; it must be the earliest clause date (${first})`);
    }
    if (new Set(clauses.map((c) => c.id)).size !== clauses.length) report(F, r.id, "ins-clause-id", "clause ids are not unique");
    // suspensions: by resolves, is a suspension instrument that lists this one, starts on/after it was issued, names real clauses
    const susp: any[] = Array.isArray(r.suspensions) ? r.suspensions : [];
    for (const s of susp) {
      const by = byId.get(s.by);
      if (!by) {
        report(F, r.id, "ins-suspension-by", `suspension ${s.from}..${s.to}: "by" ${JSON.stringify(s.by)} is not an instrument`);
        continue;
      }
      if (by.type !== "suspension") report(F, r.id, "ins-suspension-by", `suspension by ${s.by}, which is of type "${by.type}", not "suspension"`);
      if (!(by.suspends || []).includes(r.id)) report(F, r.id, "ins-suspension-by", `suspended by ${s.by}, but ${s.by} does not list ${r.id} in "suspends"`);
      if (s.from < by.issued) report(F, r.id, "ins-suspension-start", `suspension starts ${s.from}, before ${s.by} was issued (${by.issued})`);
      if (r.end && s.from > r.end) report(F, r.id, "ins-suspension-start", `suspension starts ${s.from}, after the instrument ended (${r.end})`);
      for (const c of s.clauses || [])
        if (!clauseIds.has(c)) report(F, r.id, "ins-suspension-clause", `suspension by ${s.by} names clause ${JSON.stringify(c)}, which the instrument does not have`);
    }
    // windows of the same rule (instrument + clause) never overlap, whichever instruments suspend it
    for (const key of new Set(["*", ...clauseIds])) {
      const wins = susp.filter((s) => !s.clauses || key === "*" || s.clauses.includes(key));
      for (let a = 0; a < wins.length; a++)
        for (let b = a + 1; b < wins.length; b++)
          if (wins[a].from <= wins[b].to && wins[b].from <= wins[a].to)
            report(
              F,
              r.id,
              "ins-suspension-overlap",
              `${key === "*" ? "" : `clause ${key}: `}suspension windows ${wins[a].from}..${wins[a].to} and ${wins[b].from}..${wins[b].to} overlap`,
            );
    }
    for (const t of r.suspends || []) {
      const target = byId.get(t);
      if (!target) report(F, r.id, "ins-suspends", `"suspends" names ${JSON.stringify(t)}, which is not an instrument`);
      else if (!(target.suspensions || []).some((s: any) => s.by === r.id)) report(F, r.id, "ins-suspends", `"suspends" names ${t}, but ${t} carries no suspension window by ${r.id}`);
    }
    // events: in date order; anything reported after the horizon stays unconfirmed
    const ev: any[] = Array.isArray(r.events) ? r.events : [];
    for (let i = 1; i < ev.length; i++) if (ev[i].date < ev[i - 1].date) report(F, r.id, "ins-event-order", `event ${ev[i].date} (${ev[i].event}) is listed after ${ev[i - 1].date}`);
    for (const e of ev)
      if (horizon && e.date > horizon && e.status !== "unconfirmed")
        report(F, r.id, "ins-horizon", `event ${e.date} (${e.event}) is after the data horizon ${horizon} but is marked ${e.status}`);
    if (r.materials && r.restriction === undefined) report(F, r.id, "ins-materials", "materials are listed but no restriction kind");
  }
}

function checkItems(pack: Datasets, report: Report): void {
  const F = "cn_items.json";
  const doc = pack.cn_items;
  if (!doc || !Array.isArray(doc.records)) return;
  const instruments = new Map<string, any>(records(pack.instruments).map((r) => [r.id, r]));
  const rareEarths = new Map<string, any>(records(pack.elements).map((e) => [e.symbol, e]));
  const recs = records(doc).filter((r) => r && typeof r === "object");
  const controlled = new Map<string, any>();
  for (const r of recs) {
    const ins = instruments.get(r.instrument);
    if (!ins) {
      report(F, r.id, "items-instrument", `instrument ${JSON.stringify(r.instrument)} is not in instruments.json`);
      continue;
    }
    if (ins.type !== "export_control") report(F, r.id, "items-instrument", `instrument ${r.instrument} is of type "${ins.type}", not an export control`);
    if (r.clause !== undefined && !(ins.clauses || []).some((c: any) => c.id === r.clause)) report(F, r.id, "items-clause", `clause ${JSON.stringify(r.clause)} is not a clause of ${r.instrument}`);
    if (r.kind === "element") {
      if (controlled.has(r.element)) report(F, r.id, "items-element-duplicate", `element ${r.element} is listed twice`);
      controlled.set(r.element, r);
      if (rareEarths.size && !rareEarths.has(r.element)) report(F, r.id, "items-element", `${r.element} is not a rare-earth element in elements.json`);
      if (rareEarths.size && rareEarths.get(r.element) && rareEarths.get(r.element).name !== r.name)
        report(F, r.id, "items-element", `name "${r.name}" differs from elements.json ("${rareEarths.get(r.element).name}")`);
      if (!(ins.elements || []).includes(r.element)) report(F, r.id, "items-element", `${r.instrument} does not list ${r.element} in its "elements"`);
      const forms = (r.forms || []).map((f: any) => f.form);
      if (new Set(forms).size !== forms.length) report(F, r.id, "items-form-duplicate", `a form is listed twice (${forms.join(", ")})`);
      for (const f of r.forms || [])
        if (!String(f.control_code).startsWith(r.control_code)) report(F, r.id, "items-code", `form ${f.form} has code ${f.control_code}, outside ${r.control_code}`);
    }
  }
  // every element an export-control instrument lists has its record
  for (const ins of instruments.values()) {
    for (const el of ins.elements || []) if (!controlled.has(el)) report(F, "-", "items-element-missing", `${ins.id} lists ${el}, which has no kind "element" record`);
  }
  // Part 1 items: elements controlled; names and aliases unambiguous, also against element symbols and names
  const seen = new Map<string, string>();
  for (const e of rareEarths.values()) for (const n of [e.symbol, e.name, ...(e.aliases || [])]) seen.set(compactKey(n), `element ${e.symbol}`);
  const p2Types = new Set<string>();
  for (const r of recs) {
    if (r.kind === "part1") {
      for (const el of r.elements || []) if (!controlled.has(el)) report(F, r.id, "items-part1-element", `${el} is not a controlled element (no kind "element" record)`);
      for (const n of [r.name, ...(r.aliases || [])]) {
        const k = compactKey(n);
        const other = seen.get(k);
        if (other && other !== r.id) report(F, r.id, "items-alias", `name/alias "${n}" is ambiguous: it also names ${other}`);
        seen.set(k, r.id);
      }
    } else if (r.kind === "part2") {
      if (p2Types.has(r.product_type)) report(F, r.id, "items-part2-type", `product_type ${r.product_type} appears twice`);
      p2Types.add(r.product_type);
      if (r.scope === "strict" && r.status === "unconfirmed") report(F, r.id, "items-part2-scope", "an unconfirmed category cannot be in the strict (confirmed) reading");
    }
  }
}

export function instrumentsRule(pack: Datasets, report: Report): void {
  if (pack.instruments) checkInstruments(pack.instruments, report);
  checkItems(pack, report);
}

// ---------------------------------------------------------------------------
// tariffs: hts-parent, hts-id, mfn-text, layer-overlap, layer-hts-known, origin-known, exclusion-target,
// horizon, layer-instrument; partner-importer, partner-line, partner-hts-known, partner-overlap,
// partner-instrument, partner-complete

const digitsOf = (p: string) => (p === "*" ? "" : String(p).replace(/\./g, ""));

/** A row's instrument exists and the row's events repeat events of that instrument. */
function checkInstrumentLink(pack: Datasets, r: any, file: string, report: Report): any {
  if (!r.instrument) {
    if (r.events && r.events.length) report(file, r.id, "layer-instrument", "events are listed but no instrument");
    return null;
  }
  const ins = records(pack.instruments).find((i) => i.id === r.instrument);
  if (!ins) {
    report(file, r.id, "layer-instrument", `instrument ${r.instrument} is not in instruments.json`);
    return null;
  }
  for (const e of r.events || []) {
    if (!(ins.events || []).some((x: any) => x.date === e.date && x.event === e.event))
      report(file, r.id, "layer-instrument", `event ${e.date} ${e.event} is not an event of ${r.instrument} in instruments.json`);
  }
  return ins;
}

function checkPartners(pack: Datasets, report: Report): void {
  const doc = pack.partner_tariffs;
  if (!doc) return;
  const F = "partner_tariffs.json";
  const isoSet = pack.countries ? new Set(records(pack.countries).map((c) => c.iso2)) : null;
  const importerList: any[] = Array.isArray(doc.importers) ? doc.importers : [];
  const lines: any[] = Array.isArray(doc.lines) ? doc.lines : [];
  const importers = new Map<string, any>(importerList.map((i) => [i.iso2, i]));
  for (const i of importerList) {
    if (isoSet && !isoSet.has(i.iso2)) report(F, i.iso2, "partner-importer", `importer ${i.iso2} is not in countries.json`);
    if (i.horizon && i.data_from && i.horizon < i.data_from) report(F, i.iso2, "partner-complete", `horizon ${i.horizon} is before data_from ${i.data_from}`);
    for (const h of i.complete_headings || []) if (!lines.some((l) => l.importer === i.iso2 && l.hs6 === h)) report(F, i.iso2, "partner-complete", `complete heading ${h} has no line`);
  }
  const seen = new Set<string>();
  for (const l of lines) {
    if (!importers.has(l.importer) || l.importer === "US") report(F, l.code, "partner-importer", `line of importer ${l.importer}, which is not a partner importer`);
    if (String(l.code).slice(0, 7) !== l.hs6) report(F, l.code, "partner-line", `hs6 ${l.hs6} is not the first six digits of ${l.code}`);
    const k = `${l.importer} ${digitsOf(l.code)}`;
    if (seen.has(k)) report(F, l.code, "partner-line", `${l.importer} lists ${l.code} twice`);
    seen.add(k);
  }
  const rows: any[] = [];
  for (const r of records(doc)) {
    if (!importers.has(r.importer) || r.importer === "US") report(F, r.id, "partner-importer", `importer ${r.importer} is not a partner importer`);
    const own = lines.filter((l) => l.importer === r.importer).map((l) => digitsOf(l.code));
    for (const p of r.hts || []) {
      const d = digitsOf(p);
      if (d !== "" && !own.some((c) => c.startsWith(d) || d.startsWith(c))) report(F, r.id, "partner-hts-known", `HTS prefix ${p} covers no ${r.importer} line`);
    }
    for (const o of r.origins || []) if (isoSet && o !== "*" && !isoSet.has(o)) report(F, r.id, "origin-known", `origin ${o} is not in countries.json`);
    const ins = checkInstrumentLink(pack, r, F, report);
    if (r.kind === "commitment" && ins) {
      if (ins.type !== "trade_agreement") report(F, r.id, "partner-instrument", `${r.instrument} is of type ${ins.type}, not a trade agreement`);
      if (r.from < ins.issued) report(F, r.id, "partner-instrument", `commitment starts ${r.from}, before ${r.instrument} was signed (${ins.issued})`);
    }
    rows.push(r);
  }
  const end = (r: any) => r.to || "9999-12-31";
  const spec = (r: any) => [r.origins.includes("*") ? 0 : 1, Math.max(...r.hts.map((p: string) => digitsOf(p).length))];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a.importer !== b.importer || a.layer !== b.layer || a.kind !== b.kind) continue;
      if (!(a.from <= end(b) && b.from <= end(a))) continue;
      if (!a.hts.some((p: string) => b.hts.some((q: string) => digitsOf(p).startsWith(digitsOf(q)) || digitsOf(q).startsWith(digitsOf(p))))) continue;
      if (!(a.origins.includes("*") || b.origins.includes("*") || a.origins.some((o: string) => b.origins.includes(o)))) continue;
      const sa = spec(a);
      const sb = spec(b);
      if (sa[0] === sb[0] && sa[1] === sb[1]) report(F, b.id, "partner-overlap", `${b.importer} ${b.layer}: overlaps ${a.id} at the same specificity`);
    }
  }
}

export function tariffsRule(pack: Datasets, report: Report): void {
  checkPartners(pack, report);
  const hts = pack.hts_us;
  const layers = pack.tariff_layers;
  if (!hts || !layers) return;
  const H = "hts_us.json";
  const T = "tariff_layers.json";
  const byId = new Map<string, any>();
  for (const r of records(hts)) byId.set(r.id, r);
  for (const r of records(hts)) {
    if (String(r.hts).replace(/\./g, "") !== r.id) report(H, r.id, "hts-id", `id ${r.id} is not hts ${r.hts} without dots`);
    if (String(r.id).length !== r.level) report(H, r.id, "hts-id", `level ${r.level} but ${String(r.id).length} digits`);
    const want = r.mfn_pct === 0 ? "Free" : `${r.mfn_pct}%`;
    if (r.mfn_text !== want) report(H, r.id, "mfn-text", `mfn_text "${r.mfn_text}" does not match mfn_pct ${r.mfn_pct} ("${want}")`);
    if (r.level === 10) {
      const p = byId.get(r.parent);
      if (!p || r.parent !== String(r.id).slice(0, 8)) report(H, r.id, "hts-parent", `parent ${r.parent} is missing or not the first 8 digits`);
      else if (p.mfn_pct !== r.mfn_pct) report(H, r.id, "hts-parent", `MFN ${r.mfn_pct}% differs from its rate line ${p.hts} (${p.mfn_pct}%)`);
    }
  }
  const lineIds = records(hts).map((r) => String(r.id));
  const isoSet = pack.countries ? new Set(records(pack.countries).map((c) => c.iso2)) : null;
  const names = new Set(records(layers).filter((r) => r.kind === "layer").map((r) => r.layer));
  let latestFrom = "";
  for (const r of records(layers)) {
    if (r.from > latestFrom) latestFrom = r.from;
    for (const p of r.hts || []) {
      const d = digitsOf(p);
      // 8503 (parts) is named by layers but has no sourced MFN line.
      if (d !== "" && d !== "8503" && !lineIds.some((id) => id.startsWith(d) || d.startsWith(id))) report(T, r.id, "layer-hts-known", `HTS prefix ${p} covers no line of hts_us.json`);
    }
    for (const o of r.origins || []) if (isoSet && o !== "*" && !isoSet.has(o)) report(T, r.id, "origin-known", `origin ${o} is not an ISO alpha-2 code in countries.json`);
    checkInstrumentLink(pack, r, T, report);
    if (r.kind === "exclusion") {
      for (const x of r.excludes || []) {
        if (x === r.layer) report(T, r.id, "exclusion-target", `${r.layer} excludes itself`);
        if (!names.has(x)) report(T, r.id, "exclusion-target", `excludes "${x}", which has no layer rows`);
      }
    }
  }
  if (layers.horizon < latestFrom) report(T, "-", "horizon", `horizon ${layers.horizon} is before the latest from date ${latestFrom}`);
  const rows = records(layers).filter((r) => r.kind === "layer");
  const overlapDates = (a: any, b: any) => a.from <= (b.to || "9999-12-31") && b.from <= (a.to || "9999-12-31");
  const prefixOverlap = (a: string[], b: string[]) => a.some((p) => b.some((q) => digitsOf(p).startsWith(digitsOf(q)) || digitsOf(q).startsWith(digitsOf(p))));
  const spec = (r: any) => [r.origins.includes("*") ? 0 : 1, Math.max(...r.hts.map((p: string) => digitsOf(p).length))];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (a.layer !== b.layer || !overlapDates(a, b) || !prefixOverlap(a.hts, b.hts)) continue;
      const originOverlap = a.origins.includes("*") || b.origins.includes("*") || a.origins.some((o: string) => b.origins.includes(o));
      if (!originOverlap) continue;
      const sa = spec(a);
      const sb = spec(b);
      if (sa[0] === sb[0] && sa[1] === sb[1]) report(T, b.id, "layer-overlap", `${b.layer}: overlaps ${a.id} (same HTS, origins and dates at the same specificity)`);
    }
  }
}

/** The dataset rules by name, in the order they run. */
export const DATASET_RULES: readonly { name: string; run: (pack: Datasets, report: Report) => void }[] = [
  { name: "codes", run: codesRule },
  { name: "instruments", run: instrumentsRule },
  { name: "production", run: productionRule },
  { name: "tariffs", run: tariffsRule },
];

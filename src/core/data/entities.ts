/**
 * The built-in entity kinds of TRADE.REF: country, aggregate (World, Other),
 * element, product (priced materials) and hs (HS 2022 lines). Registered on
 * import; other modules register their own kinds (instruments, HTS lines) with
 * registerEntityKind from ./pack.
 */
import { naError } from "../errors";
import { allCountries, countryByIso2, findCountry } from "./countries";
import type { Country } from "./countries";
import { allElements, classConventions, findElement } from "./elements";
import type { Element } from "./elements";
import { allHsLines, findHs } from "./hs";
import { Entity, EntityKind, FieldDef, Figure, RefQuery, normKey, registerEntityKind } from "./pack";
import { allProducts, findProduct, getPrice, priceRecords, productsOfElement } from "./prices";
import type { Product } from "./prices";
import { getProduction, getReserves, nationalEstimates, productionAggregates, productionEditions, productionRecordsOf, productionShare } from "./production";
import { toFigure } from "./select";
import { formatSource } from "./sources";
import { STAGES, Stage, stageShare, stageShareRecords } from "./stages";
import {
  netImportReliance,
  usImportMaterials,
  usImportMeasures,
  usImportRecords,
  usImportShare,
  usImportSourcesOf,
  usSalient,
} from "./trade";

const text = (value: string, sources?: readonly string[], extra: Partial<Figure> = {}): Figure => ({ value, sources, ...extra });
const sourceFigure = (ids: readonly string[]): Figure => ({ value: ids.map(formatSource).join("; "), sources: ids });
const editionsOf = (recs: readonly { edition: string }[]): string[] => [...new Set(recs.map((r) => r.edition))];

// ---------------------------------------------------------------------------
// Figures shared by countries and aggregates

const STAGE_TEXT: Record<Stage, string> = {
  mining: "Share of world rare-earth mine production",
  refining: "Share of world rare-earth separation and refining",
  magnets: "Share of world sintered permanent-magnet manufacturing",
};

const SALIENT_FIELD = (measure: string, unit: string): string => `${measure}_${unit === "USD" ? "usd" : "t"}`;

function productionFields(code: string): FieldDef[] {
  const out: FieldDef[] = [];
  const prod = productionRecordsOf(code, "production");
  if (prod.length) {
    out.push({
      field: "production_t",
      description: "USGS mine production, t REO (default edition: the newest that reports the year)",
      unit: "t REO",
      time: "year",
      editions: editionsOf(prod),
    });
    if (code !== "WORLD")
      out.push({
        field: "production_share",
        description: "Share of world mine production (DERIVED: production / rounded world total, same edition)",
        unit: "fraction",
        time: "year",
        editions: editionsOf(prod),
      });
  }
  const res = productionRecordsOf(code, "reserves");
  if (res.length)
    out.push({
      field: "reserves_t",
      description: "USGS reserves, t REO, as reported by the edition (a year selects the newest edition reporting it)",
      unit: "t REO",
      time: "year",
      editions: editionsOf(res),
    });
  if (nationalEstimates(code).length)
    out.push({
      field: "resources_inferred_t",
      description: "Government estimate of inferred resources, t as reported (not USGS reserves: a low-confidence geological estimate, not stated in REO; see the note)",
      unit: "t",
      time: "none",
    });
  return out;
}

function productionGet(code: string, field: string, q: RefQuery): Figure | undefined {
  switch (field) {
    case "production_t":
      return toFigure(getProduction(code, q.year, q.edition));
    case "reserves_t": {
      const r = getReserves(code, q.edition, q.year);
      return toFigure(r);
    }
    case "resources_inferred_t": {
      const e = nationalEstimates(code)[0];
      if (!e) return undefined;
      return { value: e.value, sources: e.sources, status: e.status, note: `${e.value_text}, ${e.by}, reported ${e.reported}. ${e.note}` };
    }
    case "production_share": {
      const s = productionShare(code, q.year, q.edition);
      return {
        value: s.value,
        sources: s.record.sources,
        status: "derived",
        edition: s.record.edition,
        year: s.record.year ?? undefined,
        estimated: !!s.record.estimated,
        note: `${s.record.value} / ${s.world.value} t REO (${s.record.edition}, ${s.record.year})`,
      };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// country

const countryEntity = (c: Country): Entity => ({ kind: "country", id: c.iso2, label: c.name, aliases: [c.iso3, ...c.aliases] });

function countryFields(c: Country): FieldDef[] {
  const out: FieldDef[] = [
    { field: "name", description: "English short name", unit: "text", time: "none" },
    { field: "iso2", description: "ISO 3166-1 alpha-2 code", unit: "text", time: "none" },
    { field: "iso3", description: "ISO 3166-1 alpha-3 code", unit: "text", time: "none" },
    { field: "aliases", description: "Other names accepted for this country", unit: "text", time: "none" },
    { field: "groups", description: "Groups the country belongs to (EU)", unit: "text", time: "none" },
  ];
  out.push(...productionFields(c.iso2));
  for (const st of STAGES) {
    const recs = stageShareRecords(st, c.iso2);
    if (recs.length)
      out.push({
        field: `${st}_share`,
        description: `${STAGE_TEXT[st]} (IEA figures are secondary; USGS-derived mining shares are derived)`,
        unit: "fraction",
        time: "year",
        editions: editionsOf(recs),
      });
  }
  const imp = usImportRecords("import_share", "RE", c.iso2);
  if (imp.length)
    out.push({
      field: "us_import_share",
      description: "Share of US imports of rare-earth compounds and metals from this partner, for the 4-year period ending in the year",
      unit: "fraction",
      time: "year",
      editions: editionsOf(imp),
    });
  if (c.iso2 === "US") {
    out.push({
      field: "net_import_reliance",
      description: "US net import reliance, rare-earth compounds and metals (share of apparent consumption; '>95%' lower bounds as text)",
      unit: "fraction",
      time: "year",
      editions: editionsOf(usImportRecords("net_import_reliance", "RE")),
    });
    out.push({
      field: "net_import_reliance_concentrates",
      description: "US net import reliance, rare-earth mineral concentrates ('E' = net exporter)",
      unit: "fraction",
      time: "year",
      editions: editionsOf(usImportRecords("net_import_reliance", "RE_CONC")),
    });
    for (const m of usImportMeasures()) {
      if (m.measure === "import_share" || m.measure === "net_import_reliance") continue;
      out.push({
        field: SALIENT_FIELD(m.measure, m.unit),
        description: `US salient statistic: ${m.description}`,
        unit: m.unit,
        time: "year",
        editions: editionsOf(usImportRecords(m.measure, "RE")),
      });
    }
  }
  out.push({ field: "source", description: "Source of the country record (ISO 3166-1)", unit: "text", time: "none" });
  return out;
}

function countryGet(c: Country, field: string, q: RefQuery): Figure {
  const src = c.sources;
  switch (field) {
    case "name":
      return text(c.name, src);
    case "iso2":
      return text(c.iso2, src);
    case "iso3":
      return text(c.iso3, src);
    case "aliases":
      return text(c.aliases.join(", "), src);
    case "groups":
      return text((c.groups ?? []).join(", "), src);
    case "us_import_share":
      return toFigure(usImportShare(c.iso2, "RE", q.year, q.edition));
    case "source":
      return sourceFigure(src);
  }
  const pf = productionGet(c.iso2, field, q);
  if (pf) return pf;
  const m = /^(mining|refining|magnets)_share$/.exec(field);
  if (m) {
    const r = stageShare(m[1] as Stage, c.iso2, q.year, q.edition);
    return toFigure(r, {
      note: [r.note, r.projection ? "projection" : "", r.approximate ? "approximate" : ""].filter(Boolean).join("; ") || undefined,
    });
  }
  if (c.iso2 === "US") {
    if (field === "net_import_reliance") return toFigure(netImportReliance("RE", q.year, q.edition));
    if (field === "net_import_reliance_concentrates") return toFigure(netImportReliance("RE_CONC", q.year, q.edition));
    for (const me of usImportMeasures())
      if (SALIENT_FIELD(me.measure, me.unit) === field) return toFigure(usSalient(me.measure, q.year, q.edition));
  }
  throw unknown(field);
}

/** Sentinel thrown by a getter for a field it does not have (REF turns it into the close-match message). */
export class UnknownField extends Error {
  constructor(readonly field: string) {
    super(`unknown field ${field}`);
  }
}
const unknown = (field: string) => new UnknownField(field);

const countryKind: EntityKind = {
  kind: "country",
  label: "Countries and territories",
  find(t) {
    const c = findCountry(t);
    if (!c) return undefined;
    return { entity: countryEntity(c), score: t === c.iso2 || t === c.iso3 ? 3 : 2 };
  },
  all: () => allCountries().map(countryEntity),
  fields: (e) => countryFields(countryByIso2(e.id)!),
  get: (e, f, q) => countryGet(countryByIso2(e.id)!, f, q),
  names: () => allCountries().flatMap((c) => [c.iso2, c.name, ...c.aliases]),
};

// ---------------------------------------------------------------------------
// aggregate (World, Other countries)

let aggKeys: Map<string, Entity> | null = null;
function aggIndex(): Map<string, Entity> {
  if (!aggKeys) {
    aggKeys = new Map();
    for (const a of productionAggregates()) {
      const e: Entity = { kind: "aggregate", id: a.code, label: a.name, aliases: a.aliases };
      for (const n of [a.code, a.name, ...a.aliases]) aggKeys.set(normKey(n), e);
    }
  }
  return aggKeys;
}

const aggregateKind: EntityKind = {
  kind: "aggregate",
  label: "World and other-country totals",
  find(t) {
    const e = aggIndex().get(normKey(t));
    return e ? { entity: e, score: t === e.id ? 3 : 2 } : undefined;
  },
  all: () => [...new Map([...aggIndex().values()].map((e) => [e.id, e])).values()],
  fields: (e) => [{ field: "name", description: "Name of the aggregate", unit: "text", time: "none" }, ...productionFields(e.id)],
  get(e, f, q) {
    if (f === "name")
      return text(
        e.label,
        productionEditions().flatMap((x) => x.sources),
      );
    const pf = productionGet(e.id, f, q);
    if (pf) return pf;
    throw unknown(f);
  },
};

// ---------------------------------------------------------------------------
// element

const elementEntity = (e: Element): Entity => ({ kind: "element", id: e.symbol, label: e.name, aliases: e.aliases });

/** us_imports material codes that describe an element (its own row, else its USGS heavy group). */
function nirMaterial(e: Element): string | undefined {
  if (usImportRecords("net_import_reliance", e.symbol).length) return e.symbol;
  if (e.classUsgs === "HREE" && e.symbol !== "Y") return "HREE";
  return undefined;
}

function elementFields(e: Element): FieldDef[] {
  const out: FieldDef[] = [
    { field: "symbol", description: "Chemical symbol", unit: "text", time: "none" },
    { field: "name", description: "English name", unit: "text", time: "none" },
    { field: "atomic_number", description: "Atomic number (Z)", unit: "number", time: "none" },
    {
      field: "class_usgs",
      description: "Class under convention A (USGS MCS 2026, default): LREE, HREE or separate (Sc)",
      unit: "text",
      time: "none",
    },
    {
      field: "class_alt",
      description: "Class under convention B (light La–Eu, heavy Gd–Lu; Y HREE-like; Sc separate)",
      unit: "text",
      time: "none",
    },
    { field: "uses", description: "Main uses (examples); see uses_status", unit: "text", time: "none" },
    {
      field: "uses_status",
      description: "Confirmation status of the uses (confirmed, confirmed-2nd, unconfirmed)",
      unit: "text",
      time: "none",
    },
  ];
  if (usImportSourcesOf(e.symbol).length)
    out.push({
      field: "us_import_sources",
      description: "US import sources of the element's compounds and metals, newest USGS edition (partner and share)",
      unit: "text",
      time: "none",
    });
  const mat = nirMaterial(e);
  if (mat)
    out.push({
      field: "us_net_import_reliance",
      description: `US net import reliance (${mat === "HREE" ? "heavy rare-earth compounds and metals, the USGS group" : "the element"}), share of apparent consumption`,
      unit: "fraction",
      time: "year",
    });
  if (productsOfElement(e.symbol).length)
    out.push({
      field: "products",
      description: "Priced products of this element (use them as REF entities for price_usd_kg)",
      unit: "text",
      time: "none",
    });
  out.push({ field: "source", description: "Sources of the element record", unit: "text", time: "none" });
  return out;
}

function elementGet(e: Element, field: string, q: RefQuery): Figure {
  const src = e.sources;
  switch (field) {
    case "symbol":
      return text(e.symbol, src, { status: "confirmed" });
    case "name":
      return text(e.name, src, { status: "confirmed" });
    case "atomic_number":
      return { value: e.atomicNumber, sources: src, status: "confirmed" };
    case "class_usgs":
      return text(e.classUsgs, src, { note: classConventions().class_usgs });
    case "class_alt":
      return text(e.classAlt, src, { note: classConventions().class_alt });
    case "uses":
      return text(e.uses.join("; "), src, { status: e.usesStatus, note: e.usesNote });
    case "uses_status":
      return text(e.usesStatus, src, { status: e.usesStatus, note: e.usesNote });
    case "us_import_sources": {
      const recs = usImportSourcesOf(e.symbol);
      if (!recs.length) break;
      const parts = recs.map(
        (r) =>
          `${r.partner === "OTHER" ? "other" : (countryByIso2(r.partner ?? "")?.name ?? r.partner)} ${Math.round((r.value ?? 0) * 100)}%`,
      );
      return text(parts.join(", "), recs[0].sources, {
        status: recs[0].status,
        edition: recs[0].edition,
        note: `${recs[0].period_from}–${recs[0].period_to}`,
      });
    }
    case "us_net_import_reliance": {
      const mat = nirMaterial(e);
      if (!mat) break;
      return toFigure(
        netImportReliance(mat, q.year, q.edition),
        mat === "HREE" ? { note: "USGS figure for heavy rare-earth compounds and metals as a group" } : {},
      );
    }
    case "source":
      return sourceFigure(src);
    case "products": {
      const prods = productsOfElement(e.symbol);
      if (!prods.length) break;
      return text(prods.map((p) => p.name).join(", "), src);
    }
  }
  throw unknown(field);
}

const elementKind: EntityKind = {
  kind: "element",
  label: "Rare-earth elements",
  find(t) {
    const e = findElement(t);
    if (!e) return undefined;
    return { entity: elementEntity(e), score: t === e.symbol ? 3 : 2 };
  },
  all: () => allElements().map(elementEntity),
  fields: (en) => elementFields(findElement(en.id)!),
  get: (en, f, q) => elementGet(findElement(en.id)!, f, q),
  names: () => allElements().flatMap((e) => [e.symbol, e.name]),
};

// ---------------------------------------------------------------------------
// product (priced materials)

const productEntity = (p: Product): Entity => ({
  kind: "product",
  id: p.code,
  label: `${p.name} (${p.grade})`,
  aliases: [p.name, ...p.aliases],
});

function productFields(p: Product): FieldDef[] {
  const out: FieldDef[] = [
    { field: "name", description: "Product name", unit: "text", time: "none" },
    { field: "grade", description: "Grade / purity of the quoted product", unit: "text", time: "none" },
    { field: "element", description: "Element symbol", unit: "text", time: "none" },
    { field: "form", description: "oxide, metal or alloy", unit: "text", time: "none" },
    { field: "basis", description: "Price basis (FOB, ex-works; assessors)", unit: "text", time: "none" },
  ];
  const recs = priceRecords(p.code);
  if (recs.length) {
    out.push({
      field: "price_usd_kg",
      description: "Annual average price, USD/kg (default edition: newest that reports the year; ranges as text)",
      unit: "USD/kg",
      time: "year",
      editions: editionsOf(recs),
    });
    if (recs.some((r) => r.value_low !== undefined)) {
      out.push({
        field: "price_low_usd_kg",
        description: "Low end of a quoted price range (else the price)",
        unit: "USD/kg",
        time: "year",
      });
      out.push({
        field: "price_high_usd_kg",
        description: "High end of a quoted price range (else the price)",
        unit: "USD/kg",
        time: "year",
      });
    }
  }
  const floor = priceRecords(p.code, "price_floor");
  if (floor.length)
    out.push({
      field: "price_floor_usd_kg",
      description: "Contract price floor, USD/kg",
      unit: "USD/kg",
      time: "year",
      editions: editionsOf(floor),
    });
  return out;
}

function productGet(p: Product, field: string, q: RefQuery): Figure {
  const src = priceRecords(p.code)[0]?.sources;
  switch (field) {
    case "name":
      return text(p.name, src);
    case "grade":
      return text(p.grade, src);
    case "element":
      if (p.element === null) return text("", src, { note: "a mixture (no single element)" });
      return text(p.element, src);
    case "form":
      return text(p.form, src);
    case "basis":
      return text(p.basis, src);
    case "price_usd_kg":
      return toFigure(getPrice(p.code, q.year, q.edition));
    case "price_low_usd_kg":
    case "price_high_usd_kg": {
      const r = getPrice(p.code, q.year, q.edition);
      const v = field === "price_low_usd_kg" ? (r.value_low ?? r.value) : (r.value_high ?? r.value);
      return { ...toFigure(r), value: v, qualifier: undefined };
    }
    case "price_floor_usd_kg":
      if (priceRecords(p.code, "price_floor").length) return toFigure(getPrice(p.code, q.year, q.edition, "price_floor"));
      break;
  }
  throw unknown(field);
}

const productKind: EntityKind = {
  kind: "product",
  label: "Priced products",
  find(t) {
    const p = findProduct(t);
    return p ? { entity: productEntity(p), score: t === p.code ? 3 : 2 } : undefined;
  },
  all: () => allProducts().map(productEntity),
  fields: (e) => productFields(findProduct(e.id)!),
  get: (e, f, q) => productGet(findProduct(e.id)!, f, q),
  names: () => allProducts().flatMap((p) => [p.code, p.name, ...p.aliases]),
};

// ---------------------------------------------------------------------------
// hs (HS 2022 six-digit lines)

const hsKind: EntityKind = {
  kind: "hs",
  label: "HS 2022 lines",
  find(t) {
    const hit = findHs(t);
    if (!hit) return undefined;
    return { entity: { kind: "hs", id: hit.line.code, label: `HS ${hit.line.code}` }, score: hit.exact ? 3 : 1 };
  },
  all: () => allHsLines().map((l) => ({ kind: "hs", id: l.code, label: `HS ${l.code}` })),
  fields: (e) => {
    const l = findHs(e.id)!.line;
    const out: FieldDef[] = [
      { field: "code", description: "HS 2022 six-digit code", unit: "text", time: "none" },
      { field: "description", description: "Description (UN Comtrade HS 2022 text)", unit: "text", time: "none" },
    ];
    if (l.wco_text) out.push({ field: "wco_text", description: "WCO legal wording, where confirmed", unit: "text", time: "none" });
    out.push({ field: "relevance", description: "Rare-earth goods classified here", unit: "text", time: "none" });
    out.push({ field: "status", description: "Confirmation status of the line", unit: "text", time: "none" });
    out.push({ field: "source", description: "Sources of the line", unit: "text", time: "none" });
    return out;
  },
  get(e, f) {
    const l = findHs(e.id)!.line;
    const meta = { status: l.status, note: l.note };
    switch (f) {
      case "code":
        return text(l.code, l.sources, meta);
      case "description":
        return text(l.description, l.sources, meta);
      case "wco_text":
        if (l.wco_text) return text(l.wco_text, l.sources, meta);
        throw naError(`wco_text: the WCO legal wording of HS ${l.code} was not confirmed`);
      case "relevance":
        return text(l.relevance, l.sources, meta);
      case "status":
        return text(l.status, l.sources, meta);
      case "source":
        return sourceFigure(l.sources);
    }
    throw unknown(f);
  },
  names: () => allHsLines().map((l) => l.code),
};

let registered = false;

/** Registers the built-in kinds (idempotent). Order = priority among equal scores. */
export function registerBuiltinKinds(): void {
  if (registered) return;
  registered = true;
  registerEntityKind(countryKind);
  registerEntityKind(elementKind);
  registerEntityKind(aggregateKind);
  registerEntityKind(productKind);
  registerEntityKind(hsKind);
}

registerBuiltinKinds();

export { usImportMaterials };

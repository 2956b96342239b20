/**
 * TRADE.CARD's pure core: an entity of the data pack (element, country,
 * aggregate, product, HS line, US HTS line, legal instrument, or any kind
 * registered later) as an Excel entity value whose properties are the fields
 * TRADE.REF returns for it, each with its sources (attribution) and a sublabel
 * with its edition, year or date and any status other than confirmed.
 *
 * Shape (ExcelApi 1.16 entity values, built the way the entity-attribution
 * sample does: properties, a card layout with a title and sections, attribution
 * per property):
 *   https://learn.microsoft.com/office/dev/add-ins/excel/excel-data-types-entity-card
 *   https://github.com/OfficeDev/office-js-snippets/blob/prod/samples/excel/20-data-types/data-types-entity-attribution.yaml
 *   https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts
 * Constraints followed:
 *  - sections use only the "List" and "Table" layouts: Excel on the web rejects
 *    "TwoColumn" (https://github.com/OfficeDev/office-js/issues/5794);
 *  - no `referencedValues` anywhere: nested entities are written inline, and
 *    Excel refuses a value tree with more than one `referencedValues`
 *    (https://github.com/OfficeDev/office-js/issues/6563);
 *  - the hidden `Id` property carries the code TRADE.REF accepts, so a card
 *    passed back to any TRADE function means the same entity as its code.
 *
 * The card's date (as_of) fixes the statuses, controls and tariffs shown; the
 * figures by year come from the newest edition that reports them (as TRADE.REF
 * without a year) unless an edition is given.
 */
import { TradeError, naError } from "../errors";
import { allEntities, dataHorizon, dataVersion, Entity, FieldDef, Figure, RefQuery, fieldsOf, getEntityKind, matchEdition, resolveEntities, unknownEntityError } from "../data";
import { priceRecords, productionRecordsOf } from "../data";
import type { FigureRecord } from "../data/select";
import { controlledElement, getInstrument, allInstruments, timelineHorizon } from "../data/instruments";
import type { Instrument } from "../data/instruments";
import { tariffData } from "../data/tariffs";
import type { HtsLine } from "../data/tariffs";
import { cnControlled, cnControlledExplain, instrumentStatusAt } from "../china";
import { tariffBreakdown } from "../tariff";
import { ymdFromSerial } from "../dates";
import { clip } from "../input";
import { perPack } from "../data/active";
import { iso, metadataOf, numberValue, statusWords, sublabelOf, text } from "./format";
import type { ArrayElement, CardSection, EntityValue, PropertyValue } from "./types";

export interface CardOptions {
  /** The date the card describes (Excel serial). */
  asOf: number;
  /** True when as_of was blank (the card then says it shows the calculation date). */
  asOfBlank: boolean;
  /** Edition for the figures by year ("MCS 2025"); undefined = the newest that reports each figure. */
  edition?: string;
}

/** Card property names a formula can rely on (`=A2.[Mine production]`), by REF field. */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  name: "Name",
  symbol: "Symbol",
  atomic_number: "Atomic number",
  class_usgs: "Class (USGS)",
  class_alt: "Class (light/heavy)",
  uses: "Uses",
  uses_status: "Uses status",
  us_import_sources: "US import sources",
  us_net_import_reliance: "US net import reliance",
  products: "Priced products",
  iso2: "ISO2",
  iso3: "ISO3",
  aliases: "Also known as",
  groups: "Groups",
  production_t: "Mine production",
  production_share: "Share of world mine production",
  reserves_t: "Reserves",
  mining_share: "Share of world mining",
  refining_share: "Share of world refining",
  magnets_share: "Share of world magnet making",
  us_import_share: "Share of US imports",
  net_import_reliance: "US net import reliance",
  net_import_reliance_concentrates: "US net import reliance (concentrates)",
  mfn_rate: "MFN rate",
  mfn_text: "MFN rate as printed",
  hts: "HTS number",
  level: "Digits",
  description: "Description",
  code: "HS code",
  wco_text: "WCO text",
  relevance: "Relevance",
  status: "Status",
  title: "Title",
  short: "Short name",
  citation: "Citation",
  type: "Type",
  authority: "Authority",
  jurisdiction: "Jurisdiction",
  issued: "Issued",
  effective: "Effective",
  end: "Ended",
  in_force: "In force",
  suspended_from: "Suspended from",
  suspended_until: "Suspended until",
  suspended_by: "Suspended by",
  scope: "Scope",
  status_note: "Status note",
  confirmation: "Confirmation",
  horizon: "Data horizon",
  grade: "Grade",
  element: "Element",
  form: "Form",
  basis: "Price basis",
  price_usd_kg: "Price",
  price_low_usd_kg: "Price (low)",
  price_high_usd_kg: "Price (high)",
  price_floor_usd_kg: "Price floor",
};

/**
 * Fields not listed in the sections: "source" repeats the sources the card lists
 * in its Sources section; "name" is the card's title (the `Name` property).
 */
const SKIP_FIELDS: ReadonlySet<string> = new Set(["source", "name"]);

/** The label of a field without an entry in FIELD_LABELS ("imports_usd" → "Imports (USD)"). */
export function labelOf(field: string): string {
  const known = FIELD_LABELS[field];
  if (known) return known;
  const m = /^(.*)_(t|usd)$/.exec(field);
  const base = (m ? m[1] : field).replace(/_/g, " ");
  const head = base.charAt(0).toUpperCase() + base.slice(1);
  return m ? `${head} (${m[2] === "t" ? "t" : "USD"})` : head;
}

type SectionKey = "identity" | "supply" | "prices" | "controls" | "tariffs" | "legal" | "trade" | "other" | "sources";

const SECTION_TITLES: Readonly<Record<SectionKey, string>> = {
  identity: "Identity",
  supply: "Production, reserves and resources",
  prices: "Prices",
  controls: "China's export controls",
  tariffs: "US tariffs",
  legal: "Status and dates",
  trade: "US trade",
  other: "Other figures",
  sources: "Sources",
};

const SECTION_OF: Readonly<Record<string, SectionKey>> = {
  production_t: "supply",
  production_share: "supply",
  reserves_t: "supply",
  mining_share: "supply",
  refining_share: "supply",
  magnets_share: "supply",
  mfn_rate: "tariffs",
  mfn_text: "tariffs",
  issued: "legal",
  effective: "legal",
  end: "legal",
  in_force: "legal",
  suspended_from: "legal",
  suspended_until: "legal",
  suspended_by: "legal",
  status_note: "legal",
  confirmation: "legal",
  horizon: "legal",
  us_import_share: "trade",
  us_import_sources: "trade",
  us_net_import_reliance: "trade",
  net_import_reliance: "trade",
  net_import_reliance_concentrates: "trade",
};

function sectionOf(kind: string, field: string): SectionKey {
  if (field === "status") return kind === "instrument" ? "legal" : "identity";
  const s = SECTION_OF[field];
  if (s) return s;
  if (field.startsWith("price")) return "prices";
  if (/_(t|usd)$/.test(field)) return "trade";
  if (FIELD_LABELS[field]) return "identity";
  return "other";
}

const KIND_TEXT: Readonly<Record<string, string>> = {
  element: "Rare-earth element",
  country: "Country or territory",
  aggregate: "Production aggregate",
  product: "Priced product",
  hs: "HS 2022 line",
  hts: "US HTS line",
  instrument: "Legal instrument",
};

const ICON: Readonly<Record<string, string>> = {
  element: "Atom",
  country: "Earth",
  aggregate: "Earth",
  product: "Beaker",
  hs: "Box",
  hts: "Box",
  instrument: "Document",
};

/** The origin whose US tariff stack an HTS card shows: China, the origin the rare-earth tariffs are about. */
export const CARD_ORIGIN = "CN";

/**
 * The code TRADE.REF accepts for an entity, as cards carry it in `Id`: the dotted
 * HTS number for HTS lines ("8505.11.00.70"), the name for aggregates ("World"),
 * else the entity's id ("Dy", "CN", "850511", "MOFCOM-61-2025"). Where that text
 * would resolve to another entity first, the kind-prefixed form ("hs:850511").
 */
export function canonicalId(e: Entity): string {
  const key = `${e.kind}\u0000${e.id}`;
  const idCache = idCacheOf();
  let id = idCache.get(key);
  if (id === undefined) {
    const plain = e.kind === "hts" ? (e.aliases?.[0] ?? e.id) : e.kind === "aggregate" ? e.label : e.id;
    const first = resolveEntities(plain)[0];
    id = first && first.kind === e.kind && first.id === e.id ? plain : `${e.kind}:${e.id}`;
    idCache.set(key, id);
  }
  return id;
}

/** An entity's code is computed once per data pack. */
const idCacheOf = perPack(() => new Map<string, string>());

// ---------------------------------------------------------------------------
// Building

/** Accumulates properties, their sections and every source cited. */
class CardBuilder {
  readonly props: Record<string, PropertyValue> = {};
  readonly sections = new Map<SectionKey, string[]>();
  readonly sources = new Set<string>();

  add(section: SectionKey | null, name: string, value: PropertyValue, sources?: readonly string[]): void {
    if (name in this.props) return; // first definition wins; names stay unique
    if ("propertyMetadata" in value && value.propertyMetadata === undefined) delete value.propertyMetadata; // no sublabel: no metadata
    this.props[name] = value;
    if (sources) for (const s of sources) this.sources.add(s);
    if (section) {
      let list = this.sections.get(section);
      if (!list) this.sections.set(section, (list = []));
      list.push(name);
    }
  }
}

function yearOf(serial: number): number {
  return ymdFromSerial(serial)[0];
}

/** A figure as a property value: a number in its unit, text, TRUE/FALSE; not available → text saying so. */
function figureValue(f: Figure, unit: string, extraSub?: string): PropertyValue {
  const sub = sublabelOf(f, extraSub);
  let v: PropertyValue;
  if (typeof f.value === "number" && Number.isFinite(f.value)) v = numberValue(f.value, unit);
  else if (typeof f.value === "boolean") v = { type: "Boolean", basicValue: f.value };
  else if (typeof f.value === "string") v = text(f.value === "" ? "(none)" : f.value);
  else v = text(`not available${f.note ? ` (${f.note})` : ""}`.slice(0, 255));
  const md = metadataOf(f.sources, sub);
  if (md) v.propertyMetadata = md;
  return v;
}

function unavailable(reason: string): PropertyValue {
  return { type: "String", basicValue: "not available", propertyMetadata: { sublabel: reason.slice(0, 160) } };
}

/** The query for a field: dated fields get the card's date; year fields the edition if the field has it. */
function queryFor(def: FieldDef, opts: CardOptions): RefQuery {
  if (def.time === "date") return { date: opts.asOf, year: yearOf(opts.asOf) };
  if (def.time === "year" && opts.edition !== undefined && def.editions && def.editions.length) {
    try {
      const ed = matchEdition(opts.edition, def.editions);
      if (ed) return { edition: ed };
    } catch {
      // the field has no such edition: its newest figure is shown, and the sublabel names its edition
    }
  }
  return {};
}

/** The REF fields as properties: those that do not depend on the date (`dated` false) or those that do. */
function fieldProperties(b: CardBuilder, e: Entity, opts: CardOptions, dated: boolean): void {
  const kind = getEntityKind(e.kind);
  if (!kind) return;
  for (const def of fieldsOf(e)) {
    if (SKIP_FIELDS.has(def.field) || (def.time === "date") !== dated) continue;
    if (e.kind === "instrument" && def.field === "suspended_by") continue; // a nested entity with its status on the date (instrumentDated)
    const name = labelOf(def.field);
    const section = sectionOf(e.kind, def.field);
    let f: Figure;
    try {
      f = kind.get(e, def.field, queryFor(def, opts));
    } catch (err) {
      b.add(section, name, unavailable(err instanceof TradeError ? err.message : String(err)));
      continue;
    }
    b.add(section, name, figureValue(f, def.unit), f.sources);
  }
}

// --- time series -------------------------------------------------------------

const head = (...names: string[]): ArrayElement[] => names.map((n) => text(n));

/** A value cell of a series: a plain number (the unit is in the column header), or the text a bound or NA is reported as. */
function recordCell(r: FigureRecord): ArrayElement {
  if (r.qualifier) return text(r.value_text ?? (typeof r.value === "number" ? String(r.value) : "NA"));
  if (typeof r.value !== "number") return text("NA");
  return { type: "Double", basicValue: r.value };
}

/** The status cell of a series row: "estimate" and any status other than confirmed; blank for a confirmed figure. */
function statusCell(r: FigureRecord): ArrayElement {
  return text([r.estimated ? "estimate" : "", statusWords(r.status) ?? ""].filter(Boolean).join(", "));
}

function series(
  b: CardBuilder,
  section: SectionKey,
  name: string,
  recs: readonly FigureRecord[],
  unitLabel: string,
  byYear: boolean,
  opts: CardOptions,
): void {
  let list = recs.filter((r) => !byYear || typeof r.year === "number");
  if (opts.edition !== undefined) {
    const eds = [...new Set(list.map((r) => r.edition))];
    try {
      const ed = matchEdition(opts.edition, eds);
      list = list.filter((r) => r.edition === ed);
    } catch {
      // not reported by that edition: all editions are listed
    }
  }
  if (!list.length) return;
  list = [...list].sort((a, c) => (a.year ?? 0) - (c.year ?? 0) || a.edition.localeCompare(c.edition));
  const rows: ArrayElement[][] = [
    byYear ? head("Year", unitLabel, "Edition", "Status") : head("Edition", "Year", unitLabel, "Status"),
  ];
  const srcs = new Set<string>();
  for (const r of list) {
    for (const s of r.sources) srcs.add(s);
    const year: ArrayElement = typeof r.year === "number" ? { type: "Double", basicValue: r.year } : text("");
    rows.push(byYear ? [year, recordCell(r), text(r.edition), statusCell(r)] : [text(r.edition), year, recordCell(r), statusCell(r)]);
  }
  const editions = [...new Set(list.map((r) => r.edition))].join(", ");
  b.add(section, name, { type: "Array", elements: rows, propertyMetadata: metadataOf([...srcs], editions) }, [...srcs]);
}

function supplySeries(b: CardBuilder, code: string, opts: CardOptions): void {
  series(b, "supply", "Mine production by year", productionRecordsOf(code, "production"), "t REO", true, opts);
  series(b, "supply", "Reserves by edition", productionRecordsOf(code, "reserves"), "t REO", false, opts);
}

// --- nested entities -----------------------------------------------------------

const HIDDEN = { excludeFrom: { cardView: true } };

/** Kept out of the card view (still readable as `=A2.Id`). */
function hidden(v: PropertyValue): PropertyValue {
  v.propertyMetadata = HIDDEN;
  return v;
}

/**
 * A related entity inside a card (an element's HTS lines, a country's export measures, the
 * instrument that suspends another, a line's parent): only what its compact view needs (its text
 * and icon) and its code in `Id`, so it is an input to every TRADE function and its full card is one
 * formula away (=TRADE.CARD(A2.[Suspended by])). Full nested cards made a column of cards several
 * times larger than Excel's payload limit allows (see ./size.ts).
 */
function nested(kind: string, id: string, name: string, extra?: Record<string, PropertyValue>): EntityValue {
  return {
    type: "Entity",
    text: name,
    properties: extra ? { Id: text(id), ...extra } : { Id: text(id) },
    layouts: { compact: { icon: ICON[kind] ?? "Generic" } },
  };
}

/**
 * Dates at which an instrument's status can change (issue, effective dates,
 * suspension windows, end, the data horizon): between two of them the status,
 * its description and the horizon flag are the same, so a nested instrument is
 * built once per stretch rather than once per date.
 */
function changePoints(ins: Instrument): number[] {
  const changePointCache = changePointCacheOf();
  let pts = changePointCache.get(ins.id);
  if (!pts) {
    const set = new Set<number>([ins.issued, timelineHorizon() + 1]);
    if (ins.effective !== null) set.add(ins.effective);
    for (const c of ins.clauses) set.add(c.effective);
    for (const w of ins.suspensions) {
      set.add(w.from);
      set.add(w.to + 1);
    }
    if (ins.end !== undefined) set.add(ins.end + 1);
    pts = [...set].sort((a, b) => a - b);
    changePointCache.set(ins.id, pts);
  }
  return pts;
}
const changePointCacheOf = perPack(() => new Map<string, number[]>());
const nestedInstrumentCacheOf = perPack(() => new Map<string, EntityValue>());

/** Number of change points on or before `date`. */
function stretchOf(points: readonly number[], date: number): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A legal instrument as a nested entity: its code and its status on the card's date (`=A2.[Suspended by].Status`). Shared: copy before changing. */
function instrumentEntity(ins: Instrument, opts: CardOptions): EntityValue {
  const key = `${ins.id}\u0000${stretchOf(changePoints(ins), opts.asOf)}`;
  const nestedInstrumentCache = nestedInstrumentCacheOf();
  const hit = nestedInstrumentCache.get(key);
  if (hit) return hit;
  const st = instrumentStatusAt(ins, opts.asOf, "as_written");
  // Its status on the card's date stays (=A4.[Suspended by].Status); the rest is on its own card.
  const v = nested("instrument", canonicalId({ kind: "instrument", id: ins.id, label: ins.short }), ins.short, { Status: text(st.kind.replace(/_/g, " ")) });
  if (nestedInstrumentCache.size > 5000) nestedInstrumentCache.clear();
  nestedInstrumentCache.set(key, v);
  return v;
}

/** An HTS line as a nested entity: its number and the start of its description as text, its code in Id. */
function htsEntity(l: HtsLine): EntityValue {
  return nested("hts", l.hts, `${l.hts} ${clip(l.description, 48)}`);
}

/** HTS lines whose description names the element (by name, or by symbol as in "other (e.g. Dy, Tb)"), plus the rare-earth metals heading. */
export function htsLinesOfElement(symbol: string, name: string): HtsLine[] {
  const nameRe = new RegExp(`\\b${name}`, "i");
  const symRe = new RegExp(`(^|[^A-Za-z])${symbol}([^a-z]|$)`);
  const out: HtsLine[] = [];
  for (const l of tariffData().lines.values()) {
    if (l.hts === "2805.30.00" || nameRe.test(l.description) || symRe.test(l.description)) out.push(l);
  }
  return out;
}

// --- kind-specific extras --------------------------------------------------------

function elementDated(b: CardBuilder, e: Entity, opts: CardOptions): void {
  const date = [[opts.asOf]];
  const controlled = cnControlled([[e.id]], date)[0][0];
  const explain = cnControlledExplain([[e.id]], date)[0][0];
  const rec = controlledElement(e.id);
  const past = iso(opts.asOf) > dataHorizon();
  const sub = [`on ${iso(opts.asOf)}`, past ? "UNCONFIRMED: after the data horizon" : rec ? statusWords(rec.confirmation) : undefined]
    .filter(Boolean)
    .join(" · ");
  const srcs = rec ? rec.sources : controlledSources();
  if (typeof controlled === "boolean")
    b.add("controls", "Controlled by China", { type: "Boolean", basicValue: controlled, propertyMetadata: metadataOf(srcs, sub) }, srcs);
  if (typeof explain === "string") b.add("controls", "China control detail", { type: "String", basicValue: explain, propertyMetadata: metadataOf(srcs, sub) }, srcs);
  if (rec) {
    b.add("controls", "Control code", { type: "String", basicValue: rec.controlCode, propertyMetadata: metadataOf(rec.sources, statusWords(rec.codeConfirmation)) }, rec.sources);
    const ins = { ...instrumentEntity(rec.instrument, opts), propertyMetadata: metadataOf(rec.instrument.sources, sub) };
    b.add("controls", "Control instrument", ins, rec.instrument.sources);
  }
}

function elementStatic(b: CardBuilder, e: Entity): void {
  const lines = htsLinesOfElement(e.id, e.label);
  if (lines.length) {
    const srcs2 = [...new Set(lines.flatMap((l) => l.sources))];
    b.add(
      "tariffs",
      "HTS lines",
      {
        type: "Array",
        elements: lines.map((l) => [htsEntity(l)]),
        propertyMetadata: metadataOf(srcs2, "derived: lines whose HTSUS description names the element, and heading 2805.30.00"),
      },
      srcs2,
    );
  }
}

/** Sources of China's control lists (for "not controlled": the lists the element is absent from). */
const controlledSources = perPack((): string[] => {
  const ids = new Set<string>();
  for (const i of allInstruments()) if (i.exportingCountry === "CN" && i.elements.length) for (const s of i.sources) ids.add(s);
  return [...ids];
});

function countryDated(b: CardBuilder, e: Entity, opts: CardOptions): void {
  const list = allInstruments().filter((i) => i.exportingCountry === e.id && i.restriction);
  if (list.length) {
    const srcs = [...new Set(list.flatMap((i) => i.sources))];
    b.add(
      "controls",
      "Export restrictions",
      { type: "Array", elements: list.map((i) => [instrumentEntity(i, opts)]), propertyMetadata: metadataOf(srcs, `status on ${iso(opts.asOf)}`) },
      srcs,
    );
  }
}

function productExtras(b: CardBuilder, e: Entity, opts: CardOptions): void {
  series(b, "prices", "Price by year", priceRecords(e.id), "USD/kg", true, opts);
}

/**
 * The US tariff stack for entry on the card's date from China (TARIFF_BREAKDOWN's
 * layers and total). Other origins are one formula away: the card is an input,
 * =TRADE.TARIFF_RATE(A2, "MY"); pricing every origin on every card would make a
 * column of cards several times dearer.
 */
function htsDated(b: CardBuilder, e: Entity, opts: CardOptions): void {
  const l = tariffData().lines.get(e.id);
  if (!l) return;
  let bd: unknown[][];
  try {
    bd = tariffBreakdown([[l.hts]], [[CARD_ORIGIN]], [[opts.asOf]], null);
  } catch (err) {
    b.add("tariffs", "US tariff from China", unavailable(err instanceof TradeError ? err.message : String(err)));
    return;
  }
  const layers = bd.slice(1, -1);
  const total = bd[bd.length - 1];
  const srcSet = new Set<string>(l.sources);
  for (const row of layers) for (const s of String(row[6] ?? "").split(", ")) if (s) srcSet.add(s);
  const srcs = [...srcSet];
  const past = opts.asOf > tariffData().horizon;
  const sub = `entry on ${iso(opts.asOf)}${past ? " · UNCONFIRMED: after the data horizon" : ""}`;
  if (typeof total[2] === "number")
    b.add("tariffs", "US tariff from China", { ...numberValue(total[2], "fraction"), propertyMetadata: metadataOf(srcs, sub) }, srcs);
  // Each layer's legal basis is one formula away (TRADE.TARIFF_BREAKDOWN or TARIFF_EXPLAIN of the card).
  const layerRows: ArrayElement[][] = [head("Layer", "Rate", "Status")];
  for (const row of layers) layerRows.push([text(String(row[0])), numberValue(Number(row[2]), "fraction"), text(String(row[5]))]);
  if (layerRows.length > 1) b.add("tariffs", "US tariff layers (China)", { type: "Array", elements: layerRows, propertyMetadata: metadataOf(srcs, sub) }, srcs);
}

function htsStatic(b: CardBuilder, e: Entity): void {
  const l = tariffData().lines.get(e.id);
  if (l?.parent) {
    const p = tariffData().lines.get(l.parent);
    if (p) {
      b.add("identity", "Parent line", { ...htsEntity(p), propertyMetadata: metadataOf(p.sources, statusWords(p.status)) }, p.sources);
    }
  }
}

function instrumentDated(b: CardBuilder, e: Entity, opts: CardOptions): void {
  const ins = getInstrument(e.id);
  if (!ins) return;
  const by = ins.suspensions[0] ? getInstrument(ins.suspensions[0].by) : undefined;
  if (by) {
    // REF's suspended_by field as the suspending instrument itself (its Id is the text REF returns).
    const v = { ...instrumentEntity(by, opts), propertyMetadata: metadataOf(ins.suspensions[0].sources, statusWords(ins.suspensions[0].confirmation)) };
    b.add("legal", labelOf("suspended_by"), v, ins.suspensions[0].sources);
  }
  const suspends = ins.suspends.map((id) => getInstrument(id)).filter((x): x is Instrument => !!x);
  if (suspends.length) {
    b.add(
      "legal",
      "Suspends",
      { type: "Array", elements: suspends.map((s) => [instrumentEntity(s, opts)]), propertyMetadata: metadataOf(ins.sources, `status on ${iso(opts.asOf)}`) },
      ins.sources,
    );
  }
}

/** The title: the REF "name" figure (with its sources) where the kind has one, else the entity's label. */
function nameValue(e: Entity): { value: PropertyValue; sources?: readonly string[] } {
  const kind = getEntityKind(e.kind);
  if (kind && fieldsOf(e).some((f) => f.field === "name")) {
    try {
      const f = kind.get(e, "name", {});
      if (typeof f.value === "string" && f.value !== "") return { value: { type: "String", basicValue: f.value, propertyMetadata: metadataOf(f.sources, undefined) }, sources: f.sources };
    } catch {
      // fall through to the label
    }
  }
  return { value: text(e.label) };
}

// ---------------------------------------------------------------------------

/** The part of a card that does not depend on its date, built once per entity and edition. */
interface Template {
  props: Readonly<Record<string, PropertyValue>>;
  sections: ReadonlyMap<SectionKey, readonly string[]>;
  sources: ReadonlySet<string>;
}

const templatesOf = perPack(() => new Map<string, Template>());
const TEMPLATE_CACHE_MAX = 5000;

function template(e: Entity, edition: string | undefined): Template {
  const key = `${e.kind}\u0000${e.id}\u0000${edition ?? ""}`;
  const templates = templatesOf();
  let t = templates.get(key);
  if (t) return t;
  const b = new CardBuilder();
  const opts: CardOptions = { asOf: 0, asOfBlank: false, edition };
  b.add(null, "Id", hidden(text(canonicalId(e))));
  const title = nameValue(e);
  b.add(null, "Name", title.value, title.sources);
  b.add("identity", "Kind", text(KIND_TEXT[e.kind] ?? getEntityKind(e.kind)?.label ?? e.kind));
  fieldProperties(b, e, opts, false);
  switch (e.kind) {
    case "element":
      elementStatic(b, e);
      break;
    case "country":
    case "aggregate":
      supplySeries(b, e.id, opts);
      break;
    case "product":
      productExtras(b, e, opts);
      break;
    case "hts":
      htsStatic(b, e);
      break;
  }
  t = { props: b.props, sections: b.sections, sources: b.sources };
  if (templates.size >= TEMPLATE_CACHE_MAX) templates.clear();
  templates.set(key, t);
  return t;
}

const sourcesCacheOf = perPack(() => new Map<string, PropertyValue>());

/**
 * The Sources property: the ids of every source the card cites, once ("S1, S2, T-SEC301-FR2024"),
 * each described by TRADE.SOURCE (title, publisher, date, link) and by the pane. A table of titles
 * and links on every card made a column of cards too large for Excel (see ./size.ts).
 */
function sourcesValue(ids: readonly string[]): PropertyValue {
  const key = ids.join("\u0001");
  const sourcesCache = sourcesCacheOf();
  let v = sourcesCache.get(key);
  if (!v) {
    v = { type: "String", basicValue: ids.join(", "), propertyMetadata: { sublabel: "TRADE.SOURCE(id): title, publisher, date, link" } };
    if (sourcesCache.size > 5000) sourcesCache.clear();
    sourcesCache.set(key, v);
  }
  return v;
}

const SECTION_ORDER: readonly SectionKey[] = ["identity", "supply", "prices", "controls", "tariffs", "legal", "trade", "other", "sources"];

/**
 * Builds the card of one entity on a date. Pure; the parts that do not depend on
 * the date are built once per entity and edition and shared between cards
 * (cards are read-only values: do not change one in place).
 */
export function buildCard(e: Entity, opts: CardOptions): EntityValue {
  const t = template(e, opts.edition);
  // Properties that depend on the date, in their own builder; merged in front of the static ones of each section.
  const d = new CardBuilder();
  d.add("identity", "As of", {
    type: "FormattedNumber",
    basicValue: opts.asOf,
    numberFormat: "yyyy-mm-dd",
    propertyMetadata: {
      sublabel: opts.asOfBlank ? "the calculation date: as_of was blank" : "the card's date: statuses, controls, tariffs",
    },
  });
  fieldProperties(d, e, opts, true);
  switch (e.kind) {
    case "element":
      elementDated(d, e, opts);
      break;
    case "country":
      countryDated(d, e, opts);
      break;
    case "hts":
      htsDated(d, e, opts);
      break;
    case "instrument":
      instrumentDated(d, e, opts);
      break;
  }
  const props: Record<string, PropertyValue> = Object.assign({}, t.props);
  for (const [name, v] of Object.entries(d.props)) if (!(name in props)) props[name] = v;
  const srcSet = new Set(t.sources);
  for (const s of d.sources) srcSet.add(s);
  const srcList = [...srcSet].sort();
  const tail: string[] = [];
  if (srcList.length) {
    props.Sources = sourcesValue(srcList);
    tail.push("Sources");
  }
  props["Data version"] = dataVersionValue();
  tail.push("Data version");

  const sections: CardSection[] = [];
  for (const k of SECTION_ORDER) {
    const stat = t.sections.get(k) ?? [];
    const dated = (d.sections.get(k) ?? []).filter((n) => !(n in t.props));
    // Identity: kind first, then the card's date; elsewhere the figures on the card's date lead their section.
    const names = k === "identity" ? [...stat.slice(0, 1), ...dated, ...stat.slice(1)] : k === "sources" ? [...stat, ...dated, ...tail] : [...dated, ...stat];
    if (!names.length) continue;
    let title = SECTION_TITLES[k];
    if (k === "controls" || k === "legal" || (k === "tariffs" && e.kind === "hts")) title += ` on ${iso(opts.asOf)}`;
    sections.push(k === "identity" ? { layout: "List", properties: names } : { layout: "List", title, collapsible: true, collapsed: k === "sources" || k === "other", properties: names });
  }
  return {
    type: "Entity",
    text: e.label,
    properties: props,
    layouts: {
      compact: { icon: ICON[e.kind] ?? "Generic" },
      card: { title: { property: "Name" }, subTitle: { property: "Kind" }, sections },
    },
    provider: provider(),
  };
}

const dataVersionValue = perPack((): PropertyValue => text(`${dataVersion()} (statuses confirmed up to ${dataHorizon()})`));
const provider = perPack(() => ({ description: `Rare Earth Trade Modeler data pack ${dataVersion()}` }));

// ---------------------------------------------------------------------------
// The edition argument

/** The editions of an entity's figures by year (its REF fields'), per entity and pack. */
const entityEditionsOf = perPack(() => new Map<string, readonly string[]>());

function entityEditions(e: Entity): readonly string[] {
  const key = `${e.kind}\u0000${e.id}`;
  const cache = entityEditionsOf();
  let eds = cache.get(key);
  if (!eds) {
    const set = new Set<string>();
    for (const def of fieldsOf(e)) for (const ed of def.editions ?? []) set.add(ed);
    eds = [...set].sort().reverse();
    cache.set(key, eds);
  }
  return eds;
}

/** Every edition of the pack's figures, the most used first. */
const packEditions = perPack((): readonly string[] => {
  const count = new Map<string, number>();
  for (const e of allEntities()) for (const ed of entityEditions(e)) count.set(ed, (count.get(ed) ?? 0) + 1);
  return [...count.keys()].sort((a, b) => count.get(b)! - count.get(a)! || b.localeCompare(a));
});

/** Whether `requested` names `edition` as matchEdition reads it ("MCS 2025", "mcs2025", "2025"). */
function names(requested: string, edition: string): boolean {
  try {
    return matchEdition(requested, [edition]) === edition;
  } catch {
    return false;
  }
}

function editionList(eds: readonly string[]): string {
  const shown = eds.slice(0, 4).map((x) => `"${x}"`);
  return shown.join(", ") + (eds.length > 4 ? ", ..." : "");
}

/** Answers of checkCardEdition, per pack: null = the edition is fine. */
const editionChecksOf = perPack(() => new Map<string, TradeError | null>());

/**
 * The edition argument of a card (as in TRADE.REF, where an edition a figure does not have is #N/A
 * naming the argument): it must name an edition of the entity's figures by year; an entity without
 * figures by edition (an instrument, an HTS line) accepts any edition of the data pack, which then
 * changes nothing. Otherwise #N/A naming the argument and the editions there are.
 */
export function checkCardEdition(e: Entity, edition: string): void {
  const key = `${e.kind}\u0000${e.id}\u0000${edition}`;
  const cache = editionChecksOf();
  let hit = cache.get(key);
  if (hit === undefined) {
    const own = entityEditions(e);
    const shown = clip(edition);
    if (own.length) {
      hit = own.some((x) => names(edition, x)) ? null : naError(`edition: "${shown}" is not an edition of the figures of ${e.label}; use ${editionList(own)}, or leave it blank for the newest`);
    } else {
      const all = packEditions();
      hit = all.some((x) => names(edition, x)) ? null : naError(`edition: "${shown}" is not an edition in the data pack (${e.label} has no figures by edition); use e.g. ${editionList(all)}, or leave it blank`);
    }
    if (cache.size > 5000) cache.clear();
    cache.set(key, hit);
  }
  if (hit) throw hit;
}

/** All entities a text may name, best first (the same resolution as TRADE.REF). */
export function candidatesFor(textIn: string): Entity[] {
  return resolveEntities(textIn);
}

/** The card for a code or name; unknown text → #N/A naming close matches (as TRADE.REF). */
export function cardFor(textIn: string, opts: CardOptions): EntityValue {
  const e = resolveEntities(textIn)[0];
  if (!e) throw unknownEntityError(textIn);
  if (opts.edition !== undefined) checkCardEdition(e, opts.edition);
  return buildCard(e, opts);
}

/** The name a host without data types shows instead of the card (the card's display text). */
export function cardText(textIn: string): string {
  const e = resolveEntities(textIn)[0];
  if (!e) throw unknownEntityError(textIn);
  return e.label;
}

export { naError };

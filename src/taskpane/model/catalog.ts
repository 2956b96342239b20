/**
 * The task pane's view of the reference data: search items for every entity
 * kind REF knows (core/ref/kinds), every dataset
 * (src/data/*.json envelopes), every REF field and every TRADE function; and
 * the figures of one entity with their provenance. Pure (no DOM, no Office,
 * no React) so the bench and unit tests can use it in Node.
 */
import { dataHorizon, dataVersion } from "../../core/data/pack";
import { type Entity, type EntityKind, type FieldDef, type Figure, entityKinds, fieldsOf, getEntityKind, resolveEntity } from "../../core/ref";
import { getSource, type Source } from "../../core/data/sources";
import { orgMark, type OrgMark } from "../../core/data/org";
import { todaySerial } from "../../core/dates";
import { importerTable, partnerData, tariffData } from "../../core/data/tariffs";
import { countryByIso2 } from "../../core/data/countries";
import { priceRecords } from "../../core/data/prices";
import { productionRecordsOf } from "../../core/data/production";
import { getInstrument } from "../../core/data/instruments";
import { chinaShareByStage as chinaShareByStageOf } from "./pictures";
import type { Cell, TableColumn, TableSpec } from "../../core/blocks";
import type { SearchItem } from "./search";
import type { DatasetDoc } from "./datasetDoc";

/** The organisation's mark on an entity's record in the active pack, if an overlay added or amended it. */
export function orgOfEntity(e: Entity): OrgMark | undefined {
  switch (e.kind) {
    case "instrument":
      return orgMark("instruments", e.id);
    case "element":
      return orgMark("elements", e.id);
    case "country":
      return orgMark("countries", e.id);
    case "hs":
      return orgMark("hs", e.id);
    case "hts":
      return orgMark("hts_us", e.id);
    case "product":
      return orgMark("prices", e.id);
    default:
      return undefined;
  }
}

/** A src/data/*.json envelope (see datasetDoc.ts). */
export type { DatasetDoc } from "./datasetDoc";

/** One entry of functions.json (the custom-functions metadata). */
export interface FunctionMeta {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters?: { name: string; description?: string; type?: string; dimensionality?: string; optional?: boolean; repeating?: boolean }[];
  result?: { type?: string; dimensionality?: string };
}

/** A worked example (src/functions/examples/*.json). */
export interface FunctionExample {
  formula: string;
  result?: unknown;
  why?: string;
}

export const KIND_ORDER = ["element", "country", "product", "hts", "hs", "partner", "stage", "instrument", "aggregate", "dataset", "template", "field", "function"];

/** Human names of the datasets (their file names are for formulas and code). */
export const DATASET_TITLES: Readonly<Record<string, string>> = {
  cn_items: "China's controlled items (Ann. 18, 57, 61 lists)",
  countries: "Countries and territories",
  elements: "Rare-earth elements",
  hs: "HS lines of the rare-earth chain",
  hts_us: "US tariff lines (HTSUS) and MFN rates",
  instruments: "Legal instruments (export controls, tariff measures, agreements)",
  partner_tariffs: "Import tariffs of China, Malaysia, Thailand, Cambodia, Vietnam",
  prices: "Prices (USD/kg)",
  production: "Mine production and reserves (USGS)",
  sources: "Sources",
  stage_shares: "Shares by supply-chain stage (mining, refining, magnets)",
  tariff_layers: "US tariff layers (Section 301, IEEPA, 122, 232)",
  us_imports: "US imports and net import reliance",
};

/** A dataset's human name, e.g. "US tariff lines (HTSUS) and MFN rates" for hts_us. */
export function datasetTitle(name: string): string {
  return DATASET_TITLES[name] ?? name.replace(/_/g, " ");
}

export function entityKey(e: Entity): string {
  return `${e.kind}:${e.id}`;
}

/** The entity text a REF formula should use: the bare id when it resolves back to this entity, else "kind:id". */
export function refEntityText(e: Entity): string {
  try {
    const r = resolveEntity(e.id);
    if (r && r.kind === e.kind && r.id === e.id) return e.id;
  } catch {
    /* fall through */
  }
  return `${e.kind}:${e.id}`;
}

export function findEntity(key: string): Entity | undefined {
  const colon = key.indexOf(":");
  const k = getEntityKind(key.slice(0, colon));
  if (!k) return undefined;
  const id = key.slice(colon + 1);
  return k.all().find((e) => e.id === id);
}

/** Unique fields of a kind (union over its entities, first description wins). */
export function fieldsOfKind(kind: string): FieldDef[] {
  const k = getEntityKind(kind);
  if (!k) return [];
  const seen = new Map<string, FieldDef>();
  for (const e of k.all()) for (const f of k.fields(e)) if (!seen.has(f.field)) seen.set(f.field, f);
  return [...seen.values()];
}

/** Words a modeller types for a kind that its data does not spell out. */
const KIND_KEYWORDS: Record<string, readonly string[]> = {
  partner: ["tariff", "duty", "import", "importer", "customs", "us goods", "from the us", "counter tariff", "countermeasure", "retaliation", "commitment", "agreement"],
  stage: ["stage", "share", "capacity", "supply chain", "concentration", "world share"],
  element: ["element", "rare earth", "metal"],
  country: ["country", "economy"],
  hs: ["hs code", "heading", "customs"],
  hts: ["tariff", "duty", "rate", "hts", "customs", "import"],
  instrument: ["law", "rule", "measure", "export control", "announcement", "regulation", "order"],
  product: ["price", "product", "oxide"],
  aggregate: ["total", "world"],
};

/** Text values of an entity's time-less fields (descriptions, titles, types, statuses) for search. */
function entityText(k: EntityKind, e: Entity): string[] {
  const out: string[] = [];
  for (const f of k.fields(e)) {
    if (f.time === "year" || f.field === "source" || f.field === "sources") continue;
    try {
      const v = k.get(e, f.field.toLowerCase(), {}).value;
      if (typeof v === "string" && v.length <= 400 && !/^https?:/.test(v)) out.push(v);
    } catch {
      /* no value for this entity */
    }
  }
  return out;
}

/** Short description shown under a result: the HS/HTS text, an instrument's title, a product's grade. */
function entityHint(e: Entity, text: readonly string[], kind: EntityKind): string | undefined {
  if (e.kind === "hs" || e.kind === "hts" || e.kind === "instrument") {
    const d = text[0];
    try {
      const field = e.kind === "instrument" ? "title" : "description";
      const v = kind.get(e, field, {}).value;
      // An HTS label already carries its own text: show the heading it belongs to instead.
      if (typeof v === "string") return e.kind === "hts" && e.label.includes(v) ? text.find((t) => !e.label.includes(t) && /[a-z]/.test(t) && t !== v) ?? undefined : v;
    } catch {
      /* fall back */
    }
    return d;
  }
  return e.id !== e.label ? e.id : undefined;
}

/** US HTS lines that have a tariff treatment of their own (an exemption row names them), listed first among their siblings. */
function specialLines(): Set<string> {
  const out = new Set<string>();
  for (const list of tariffData().exemptionsByLayer.values()) for (const x of list) for (const p of x.prefixes) if (p.length >= 8) out.add(p);
  return out;
}

/** Years a product has prices for and a country production figures for, so "terbium price 2025" matches the product. */
function figureYears(e: Entity): string[] {
  const recs: readonly { year?: number | null }[] =
    e.kind === "product" ? priceRecords(e.id) : e.kind === "country" ? productionRecordsOf(e.id, "production") : [];
  return [...new Set(recs.map((r) => r.year).filter((y): y is number => typeof y === "number"))].map(String);
}

/** Names an instrument is known by beyond its labels: the rule its threshold clause sets ("0.1% rule"). */
function instrumentNames(e: Entity): string[] {
  const ins = getInstrument(e.id);
  const out: string[] = [];
  for (const c of ins?.clauses ?? []) {
    if (!c.threshold) continue;
    const pct = `${Number((Number(c.threshold) * 100).toPrecision(12))}%`;
    out.push(pct, `${pct} rule`, c.title);
  }
  return out;
}

/** Results about the data (fields, datasets, functions, templates) weigh less than the data's own entities at equal words. */
const META_WEIGHT = 0.85;

export function searchItems(datasets: readonly DatasetDoc[], functions: readonly FunctionMeta[], templates: readonly { id: string; title: string; description: string }[] = []): SearchItem[] {
  const items: SearchItem[] = [];
  const kinds = entityKinds();
  const special = specialLines();
  for (const k of kinds) {
    const all = k.all();
    const labels = new Map(all.map((e) => [e.id, e.label]));
    all.forEach((e, i) => {
      const text = entityText(k, e);
      // HTS statistical lines inherit the words of their headings ("permanent magnets" for 8505.11.00.70).
      if (e.kind === "hts" || e.kind === "hs")
        for (let n = 4; n < e.id.length; n += 2) {
          const parent = labels.get(e.id.slice(0, n));
          if (parent) text.push(parent);
        }
      const fields = k.fields(e);
      items.push({
        key: `entity:${entityKey(e)}`,
        kind: k.kind,
        kindLabel: k.label,
        label: e.label,
        codes: [e.id],
        names: [...(e.aliases ?? []), ...(e.kind === "instrument" ? instrumentNames(e) : [])],
        hint: entityHint(e, text, k),
        text,
        keywords: [...(KIND_KEYWORDS[k.kind] ?? []), ...fields.map((f) => `${f.field} ${f.unit}`), ...figureYears(e)],
        // Lines with a tariff treatment of their own (e.g. NdFeB magnets, exempt from a layer) before their siblings.
        order: e.kind === "hts" && special.has(e.id) ? i - 10_000 : i,
      });
    });
  }
  items.push(...partnerItems(), ...stageItems(datasets));
  for (const d of datasets) {
    items.push({
      key: `dataset:${d.dataset}`,
      kind: "dataset",
      kindLabel: "Datasets",
      label: datasetTitle(d.dataset),
      codes: [d.dataset],
      names: [d.dataset.replace(/[_-]/g, " ")],
      hint: `${d.records.length} records · ${d.description.slice(0, 80)}${d.description.length > 80 ? "…" : ""}`,
      text: [d.description, d.unit ?? ""],
      keywords: ["dataset", "table", ...datasetColumns(d)],
    });
  }
  for (const k of kinds) {
    for (const f of fieldsOfKind(k.kind)) {
      items.push({
        key: `field:${k.kind}:${f.field}`,
        kind: "field",
        kindLabel: "Fields",
        label: f.field,
        codes: [f.field],
        names: [f.field.replace(/_/g, " ")],
        hint: `${k.label}: ${f.description}${f.unit ? ` (${f.unit})` : ""}`,
        text: [f.unit, ...(f.editions ?? [])],
        keywords: ["field", "ref"],
        weight: META_WEIGHT,
      });
    }
  }
  for (const fn of functions) {
    items.push({
      key: `function:${fn.id}`,
      kind: "function",
      kindLabel: "Functions",
      label: `TRADE.${fn.name}`,
      codes: [fn.id, `TRADE.${fn.id}`],
      names: [fn.name.replace(/_/g, " ")],
      hint: fn.description,
      keywords: ["function", "formula", ...(fn.parameters ?? []).map((p) => p.name)],
      weight: META_WEIGHT,
    });
  }
  for (const t of templates) {
    items.push({
      key: `template:${t.id}`,
      kind: "template",
      kindLabel: "Templates",
      label: t.title,
      codes: [t.id],
      hint: t.description,
      keywords: ["template", "model", "sheet"],
      weight: META_WEIGHT,
    });
  }
  return items;
}

/** The importers other than the US (partner_tariffs.json), as "partner:<ISO2>" results, and their lines as "partner:<ISO2>:<code>". */
function partnerItems(): SearchItem[] {
  const out: SearchItem[] = [];
  let order = 0;
  for (const imp of importerTable().values()) {
    if (imp.iso2 === "US") continue;
    const pd = partnerData(imp.iso2);
    if (!pd) continue;
    const layers = [...new Set([...pd.rowsByLayer.values()].flat().map((r) => r.layer))];
    const country = countryByIso2(imp.iso2);
    const names = [`${imp.name} tariff`, `${imp.name} tariffs`, `tariffs of ${imp.name}`, `${imp.name} import duty`, ...(country ? [country.iso3, ...country.aliases] : [])];
    out.push({
      key: `partner:${imp.iso2}`,
      kind: "partner",
      kindLabel: "Import tariffs of other importers",
      label: `${imp.name} import tariffs`,
      codes: [imp.iso2],
      names,
      hint: `Duty on goods entering ${imp.name}, from the US and other origins: ${layers.join(", ")}${pd.commitments.length ? "; the 2025 agreement's commitments" : ""}; duty base ${imp.valuation}`,
      text: [imp.nomenclature, imp.valuationBasis, imp.preferencesNote, ...layers],
      keywords: KIND_KEYWORDS.partner,
      order: order++,
    });
    // Its lines: the importer's name only in the text, so that "NdFeB magnet tariff China" (the US
    // tariff on goods from China) ranks the US line above China's own duty on magnets, and no code
    // bonus, so that "8505.11" lists the HS heading and the US lines first; "China tariff US goods"
    // still reaches the importer's own result above.
    for (const line of pd.lines.values()) {
      out.push({
        key: `partner:${imp.iso2}:${line.hts}`,
        kind: "partner",
        kindLabel: "Import tariffs of other importers",
        label: `${imp.iso2} ${line.hts} ${line.description}`,
        hint: `${imp.name}'s import duty on this line, from the US and other origins`,
        text: [`${imp.name} import duty`, ...layers],
        keywords: KIND_KEYWORDS.partner,
        order: order++,
      });
    }
  }
  return out;
}

/** The supply-chain stages (stage_shares.json) as "stage:<stage>" results: "processing", "separation", "magnet production" reach them. */
function stageItems(datasets: readonly DatasetDoc[]): SearchItem[] {
  const d = datasets.find((x) => x.dataset === "stage_shares");
  if (!d) return [];
  const words: Record<string, readonly string[]> = {
    mining: ["mining", "mine production", "extraction", "ore"],
    refining: ["processing", "separation", "refining", "refinery", "separation and refining", "chemical processing"],
    magnets: ["magnet production", "magnet manufacturing", "magnet making", "magnets", "permanent magnets"],
  };
  const { current } = chinaShareByStageOf(d);
  return ((d.stages as { stage: string; description: string }[]) ?? []).map((st, i) => {
    const cn = current.find((c) => c.stage === st.stage);
    return {
      key: `stage:${st.stage}`,
      kind: "stage",
      kindLabel: "Supply-chain stages",
      label: `${st.description}: world shares by country`,
      codes: [st.stage],
      names: [...(words[st.stage] ?? []), `${st.stage} share`, `${st.description} share`],
      hint: cn ? `China ${Math.round(cn.value * 100)}% (${cn.edition}, ${cn.year}); shares by country and edition, HHI` : "Shares by country and edition, HHI",
      text: [st.description, "share of world supply by country"],
      keywords: KIND_KEYWORDS.stage,
      order: i,
    };
  });
}

export interface FigureRow {
  field: FieldDef;
  figure?: Figure;
  /** Why there is no figure (the #N/A message). */
  missing?: string;
}

/** Every field of an entity with its current value and provenance. */
export function entityFigures(e: Entity): FigureRow[] {
  const k = getEntityKind(e.kind);
  if (!k) return [];
  return fieldsOf(e).map((field) => {
    try {
      // Date-dependent fields (an instrument's status) are shown as of today.
      return { field, figure: k.get(e, field.field.toLowerCase(), field.time === "date" ? { date: todaySerial() } : {}) };
    } catch (err) {
      return { field, missing: err instanceof Error ? err.message : String(err) };
    }
  });
}

export function isUnconfirmed(f: Figure | undefined): boolean {
  return !!f && f.status === "unconfirmed";
}

export function sourceOf(id: string): Source | undefined {
  return getSource(id);
}

export function formatValue(v: unknown, unit?: string): string {
  if (v === null || v === undefined || v === "") return "—";
  if (typeof v === "number" && unit === "date") return serialToIso(v);
  if (typeof v === "number") {
    const s = unit === "fraction" ? `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%` : v.toLocaleString("en-US", { maximumFractionDigits: 6 });
    return unit && unit !== "fraction" && unit !== "text" && unit !== "number" ? `${s} ${unit}` : s;
  }
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/** Excel 1900-system serial → ISO date (serials after 1900-02-28). */
export function serialToIso(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + Math.round(serial) * 86400000).toISOString().slice(0, 10);
}

/** Column order for a dataset's table: first-seen order of scalar/array keys. */
export function datasetColumns(d: DatasetDoc): string[] {
  const cols: string[] = [];
  const seen = new Set<string>();
  for (const r of d.records) {
    for (const [k, v] of Object.entries(r)) {
      if (seen.has(k)) continue;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) continue;
      seen.add(k);
      cols.push(k);
    }
  }
  // Provenance last.
  for (const k of ["status", "sources"]) {
    const i = cols.indexOf(k);
    if (i >= 0) cols.push(...cols.splice(i, 1));
  }
  return cols;
}

function cellOf(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join("; ");
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "string") return v;
  return JSON.stringify(v);
}

/** Distinct source ids cited by a dataset's records, in first-seen order. */
export function datasetSources(d: DatasetDoc): string[] {
  const ids = new Set<string>();
  for (const r of d.records) for (const s of (r.sources as string[] | undefined) ?? []) ids.add(s);
  return [...ids];
}

export function sourceLine(id: string): string {
  const s = getSource(id);
  if (!s) return `${id}: (not in the source registry)`;
  return `${id}: ${s.title}, ${s.publisher}${s.date ? `, ${s.date}` : ""}${s.url ? `, ${s.url}` : ""}${s.confidence !== "confirmed" ? ` [${s.confidence}]` : ""}`;
}

/** The whole dataset as an Excel table: every record a row, units in the headers, a source row per cited source. */
export function datasetTable(d: DatasetDoc, today = new Date().toISOString().slice(0, 10)): TableSpec {
  const keys = datasetColumns(d);
  const columns: TableColumn[] = keys.map((k) => ({
    header: k,
    unit: k === "value" && d.unit ? d.unit : undefined,
    numberFormat: k === "value" && d.unit && /^t\b/.test(d.unit) ? "#,##0" : null,
  }));
  const rows = d.records.map((r) => keys.map((k) => cellOf(r[k])));
  const sources = [
    `Sources (TRADE data pack ${dataVersion()}, horizon ${dataHorizon()}, inserted ${today}):`,
    ...datasetSources(d).map(sourceLine),
  ];
  if (keys.includes("status")) sources.push("Figures with status \"unconfirmed\" are not confirmed by a primary source; check before relying on them.");
  return { title: `${d.dataset}: ${d.description.split(/(?<=\.)\s/)[0]}`, name: `TRADE_${d.dataset}`, columns, rows, sources };
}

/** Figures used in charts. */
export { dataHorizon, dataVersion };

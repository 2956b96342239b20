/**
 * Checks a data pack: every dataset against its JSON Schema, then the generic and dataset integrity
 * rules (rules.ts). The same function runs in the build (scripts/check-data.cjs), in `npm run pack`
 * and in the add-in on every pack and overlay it is offered (in a worker, src/pack/worker.ts), so a
 * pack the build would reject is never used anywhere.
 *
 * Pure: no DOM, no Office.
 */
import cnItemsSchema from "../data/schema/cn_items.schema.json";
import countriesSchema from "../data/schema/countries.schema.json";
import elementsSchema from "../data/schema/elements.schema.json";
import hsSchema from "../data/schema/hs.schema.json";
import htsUsSchema from "../data/schema/hts_us.schema.json";
import instrumentsSchema from "../data/schema/instruments.schema.json";
import packSchema from "../data/schema/pack.schema.json";
import partnerTariffsSchema from "../data/schema/partner_tariffs.schema.json";
import pricesSchema from "../data/schema/prices.schema.json";
import productionSchema from "../data/schema/production.schema.json";
import sourcesSchema from "../data/schema/sources.schema.json";
import stageSharesSchema from "../data/schema/stage_shares.schema.json";
import tariffLayersSchema from "../data/schema/tariff_layers.schema.json";
import usImportsSchema from "../data/schema/us_imports.schema.json";
import { latestProblems, type Datasets } from "../core/pack/format";
import { DATASET_NAMES, FORMAT_VERSION, OVERLAY_FORMAT, PACK_FORMAT, RECORD_KEYS } from "./files";
import { DATASET_RULES, genericRules, recordLabel } from "./rules";
import { validateSchema, type SchemaError } from "./schema";

export interface Problem {
  /** "instruments.json", or "pack.json" / "latest.json" / "overlay" for the envelopes, or "rules:<name>" when a rule itself failed. */
  file: string;
  /** The record's id (or code, symbol, iso2), "#<index>" without one, "-" for the whole file. */
  record: string;
  /** "schema", "source-unknown", "ins-lifetime", ... */
  rule: string;
  message: string;
  /** "<file>: record <record> [<rule>] <message>" */
  text: string;
}

/** The JSON Schema of every dataset, by name (the files in src/data/schema). */
export const DATASET_SCHEMAS: Readonly<Record<string, object>> = {
  cn_items: cnItemsSchema,
  countries: countriesSchema,
  elements: elementsSchema,
  hs: hsSchema,
  hts_us: htsUsSchema,
  instruments: instrumentsSchema,
  partner_tariffs: partnerTariffsSchema,
  prices: pricesSchema,
  production: productionSchema,
  sources: sourcesSchema,
  stage_shares: stageSharesSchema,
  tariff_layers: tariffLayersSchema,
  us_imports: usImportsSchema,
};
export const PACK_HEADER_SCHEMA: object = packSchema;

function problem(file: string, record: unknown, rule: string, message: string): Problem {
  const rec = record === undefined || record === null ? "-" : String(record);
  return { file, record: rec, rule, message, text: `${file}: record ${rec} [${rule}] ${message}` };
}

/** Maps an instancePath ("/records/3/value") to the record's label. */
function recordFromPath(doc: unknown, instancePath: string): string {
  const m = /^\/(records|lines|importers|products)\/(\d+)/.exec(instancePath);
  if (!m) return "-";
  const list = (doc as Record<string, unknown[]> | null)?.[m[1]];
  const i = +m[2];
  return recordLabel(Array.isArray(list) ? list[i] : undefined, i);
}

/** ajv-style text for a schema error: "/records/3/value must be number (…)". */
export function schemaErrorText(e: SchemaError): string {
  const extra =
    typeof e.params.additionalProperty === "string"
      ? ` ("${e.params.additionalProperty}")`
      : Array.isArray(e.params.allowedValues)
        ? ` (${(e.params.allowedValues as unknown[]).join(", ")})`
        : "";
  return `${e.instancePath || "/"} ${e.message}${extra}`;
}

export interface CheckOptions {
  /** Schemas by dataset name (default DATASET_SCHEMAS); a dataset without one is a "schema-missing" problem. */
  schemas?: Readonly<Record<string, object>>;
  /** Run the dataset rules (default true); the generic rules always run. */
  datasetRules?: boolean;
  /** Records an organisation's overlay supplied ("instruments MOFCOM-61-2025"): the vendor-only rules skip them (see below). */
  orgRecords?: ReadonlySet<string>;
}

/**
 * Rules that describe how the vendor labels its own data and do not apply to an organisation's
 * records: "ins-horizon" (events after the vendor's data horizon must be marked unconfirmed) — an
 * organisation records an event after the horizon with its own source, and every answer that uses
 * it names it as organisation data.
 */
const VENDOR_ONLY_RULES = new Set(["ins-horizon"]);

/** Every problem of a set of datasets: schemas, generic rules, dataset rules. [] = the pack may be used. */
export function checkDatasets(datasets: Datasets, opts: CheckOptions = {}): Problem[] {
  const schemas = opts.schemas ?? DATASET_SCHEMAS;
  const out: Problem[] = [];
  const report = (file: string, record: string | number | null | undefined, rule: string, message: string) => {
    if (opts.orgRecords && VENDOR_ONLY_RULES.has(rule)) {
      const ds = file.replace(/\.json$/, "");
      if (opts.orgRecords.has(`${ds} ${record}`)) return;
    }
    out.push(problem(file, record, rule, message));
  };
  for (const [name, doc] of Object.entries(datasets)) {
    const schema = schemas[name];
    if (!schema) {
      report(`${name}.json`, "-", "schema-missing", `no schema for dataset "${name}"`);
      continue;
    }
    let errors: SchemaError[];
    try {
      errors = validateSchema(schema, doc);
    } catch (e) {
      report(`${name}.json`, "-", "schema-invalid", e instanceof Error ? e.message : String(e));
      continue;
    }
    for (const e of errors) report(`${name}.json`, recordFromPath(doc, e.instancePath), "schema", schemaErrorText(e));
  }
  genericRules(datasets, report);
  if (opts.datasetRules !== false) {
    for (const rule of DATASET_RULES) {
      try {
        rule.run(datasets, report);
      } catch (e) {
        report(`rules:${rule.name}`, "-", "rule-crash", `the ${rule.name} rules failed on this data: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return out;
}

/** Problems of a pack header (src/data/pack.json, or the header fields of a pack file). */
export function checkHeader(header: unknown, file = "pack.json"): Problem[] {
  const h = (header && typeof header === "object" ? header : {}) as Record<string, unknown>;
  const fields = { version: h.version, compiled: h.compiled, minAddinVersion: h.minAddinVersion, ...(h.description !== undefined ? { description: h.description } : {}) };
  return validateSchema(packSchema, fields).map((e) => problem(file, "-", "schema", schemaErrorText(e)));
}

/** A whole pack file: envelope, header, every dataset present (and only known ones), then checkDatasets. */
export function checkPackFile(pack: unknown, opts: CheckOptions = {}): Problem[] {
  const out: Problem[] = [];
  if (!pack || typeof pack !== "object" || Array.isArray(pack)) return [problem("pack", "-", "envelope", "a pack file holds one JSON object")];
  const p = pack as Record<string, unknown>;
  if (p.format !== PACK_FORMAT) out.push(problem("pack", "-", "envelope", `"format" is ${JSON.stringify(p.format)}; a pack says "${PACK_FORMAT}"`));
  if (p.formatVersion !== FORMAT_VERSION) out.push(problem("pack", "-", "envelope", `"formatVersion" ${JSON.stringify(p.formatVersion)} is not one this add-in reads (${FORMAT_VERSION})`));
  for (const k of Object.keys(p))
    if (!["format", "formatVersion", "version", "compiled", "minAddinVersion", "description", "datasets"].includes(k)) out.push(problem("pack", "-", "envelope", `unknown field "${k}"`));
  out.push(...checkHeader(p, "pack"));
  const ds = p.datasets;
  if (!ds || typeof ds !== "object" || Array.isArray(ds)) return [...out, problem("pack", "-", "envelope", `"datasets" must be an object of datasets by name`)];
  for (const n of DATASET_NAMES) if (!(n in ds)) out.push(problem("pack", "-", "dataset-missing", `the pack has no "${n}" dataset`));
  for (const n of Object.keys(ds)) if (!(DATASET_NAMES as readonly string[]).includes(n)) out.push(problem("pack", "-", "dataset-unknown", `"${n}" is not a dataset of this add-in`));
  if (out.length) return out;
  return checkDatasets(ds as Datasets, opts);
}

/** Problems of data/latest.json's content. */
export function checkLatest(latest: unknown): Problem[] {
  return latestProblems(latest).map((m) => problem("latest.json", "-", "envelope", m));
}

/**
 * Problems of an overlay file's envelope (its datasets are checked after they are merged onto a
 * pack, by checkDatasets). An overlay names its organisation, brings its own sources (new ids) and
 * every other record cites at least one of them, so every answer that uses it can name them.
 */
export function checkOverlayEnvelope(overlay: unknown, base: Datasets): Problem[] {
  const out: Problem[] = [];
  const bad = (record: string, rule: string, m: string) => out.push(problem("overlay", record, rule, m));
  if (!overlay || typeof overlay !== "object" || Array.isArray(overlay)) {
    bad("-", "envelope", "an overlay file holds one JSON object");
    return out;
  }
  const o = overlay as Record<string, unknown>;
  if (o.format !== OVERLAY_FORMAT) bad("-", "envelope", `"format" is ${JSON.stringify(o.format)}; an overlay says "${OVERLAY_FORMAT}"`);
  if (o.formatVersion !== FORMAT_VERSION) bad("-", "envelope", `"formatVersion" ${JSON.stringify(o.formatVersion)} is not one this add-in reads (${FORMAT_VERSION})`);
  if (typeof o.organisation !== "string" || !o.organisation.trim() || o.organisation.length > 200) bad("-", "envelope", `"organisation" must name the organisation (1–200 characters)`);
  if (typeof o.version !== "string" || !o.version.trim() || o.version.length > 64) bad("-", "envelope", `"version" must be the overlay's own version (1–64 characters)`);
  if (o.description !== undefined && (typeof o.description !== "string" || o.description.length > 4000)) bad("-", "envelope", `"description" must be text of at most 4,000 characters`);
  for (const k of Object.keys(o)) if (!["format", "formatVersion", "organisation", "version", "description", "datasets"].includes(k)) bad("-", "envelope", `unknown field "${k}"`);
  const ds = o.datasets;
  if (!ds || typeof ds !== "object" || Array.isArray(ds)) {
    bad("-", "envelope", `"datasets" must be an object of datasets by name`);
    return out;
  }
  const baseSources = new Set(((base.sources?.records ?? []) as { id: string }[]).map((s) => s.id));
  const orgSources = new Set<string>();
  const srcRecs = (ds as Record<string, Record<string, unknown>>).sources?.records;
  if (Array.isArray(srcRecs)) {
    for (const s of srcRecs as Record<string, unknown>[]) {
      const id = s && typeof s.id === "string" ? s.id : undefined;
      if (!id) continue;
      if (baseSources.has(id)) bad(id, "overlay-source", `source ${id} is a built-in source; an overlay adds sources under new ids and cannot change the built-in ones`);
      orgSources.add(id);
    }
  }
  let records = 0;
  for (const [name, lists] of Object.entries(ds as Record<string, unknown>)) {
    const keys = RECORD_KEYS[name];
    if (!keys) {
      bad("-", "dataset-unknown", `"${name}" is not a dataset of this add-in`);
      continue;
    }
    if (!lists || typeof lists !== "object" || Array.isArray(lists)) {
      bad("-", "envelope", `datasets.${name} must be an object of lists (${Object.keys(keys).join(", ")})`);
      continue;
    }
    for (const [list, items] of Object.entries(lists as Record<string, unknown>)) {
      if (!keys[list]) {
        bad("-", "envelope", `datasets.${name}.${list}: an overlay can add or amend ${Object.keys(keys).join(", ")} of ${name}, not "${list}"`);
        continue;
      }
      if (!Array.isArray(items)) {
        bad("-", "envelope", `datasets.${name}.${list} must be an array`);
        continue;
      }
      const seen = new Set<string>();
      items.forEach((rec, i) => {
        records++;
        const fields = keys[list];
        const key = fields.map((f) => (rec as Record<string, unknown> | null)?.[f]).join(" ");
        if (fields.some((f) => typeof (rec as Record<string, unknown> | null)?.[f] !== "string")) {
          bad(`${name} #${i}`, "overlay-key", `datasets.${name}.${list}[${i}] has no ${fields.join(" and ")} to match it by`);
          return;
        }
        if (seen.has(key)) bad(key, "overlay-key", `datasets.${name}.${list} lists ${key} twice`);
        seen.add(key);
        if (name === "sources" || list !== "records") return;
        const cited = (rec as { sources?: unknown }).sources;
        if (!Array.isArray(cited) || !cited.some((id) => orgSources.has(id as string))) {
          bad(key, "overlay-source", `${name} ${key} cites none of the overlay's own sources (${[...orgSources].join(", ") || "the overlay has none"}); organisation data always names its source`);
        }
      });
    }
  }
  if (records === 0) bad("-", "envelope", "the overlay adds or amends no record");
  return out;
}

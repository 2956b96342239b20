/**
 * Loader for the tariff datasets (src/data/hts_us.json, src/data/tariff_layers.json
 * and, for the other importers, src/data/partner_tariffs.json):
 * indexes built once on first use, dates converted to Excel serials once, rates
 * converted to integer micro-units (1e-6 of value; 2.1% = 21,000) so stacks add
 * exactly. The REF kind "hts" ("8505.11.00.70", "mfn_rate") is ../ref/kinds/hts.ts.
 * Pure: no DOM, no Office.
 */
import { serialFromIso, MAX_SERIAL } from "../dates";
import { dataset, perPack } from "./active";
import { orgMark, type OrgMark } from "./org";
import type { Status } from "./pack";
import type { HtsUsDoc, PartnerTariffsDoc, TariffLayersDoc } from "./schemas.generated";

export const MICRO = 1_000_000;
/** Percent (2.1) → micro-units of a fraction (21,000), exact for up to 4 decimals of a percent. */
export function microOfPct(pct: number): number {
  return Math.round(pct * 10_000);
}

export interface HtsLine {
  id: string;
  hts: string;
  level: number;
  parent?: string;
  description: string;
  mfnMicro: number;
  mfnText: string;
  status: Status;
  sources: readonly string[];
  note?: string;
  /** A line outside the built-in table, defined for one call by override rows (see tariff/stack.ts userLine). */
  user?: boolean;
  /** Set when the line comes from an organisation's overlay. */
  org?: OrgMark;
}

/** A dated event of the instrument a layer row implements (a court decision, an appeal), shown by explanations from its date. */
export interface LayerEvent {
  date: number;
  dateIso: string;
  event: string;
  note: string;
  status: string;
  sources: readonly string[];
}

/** A dated row of a layer (built-in or user override). */
export interface LayerRow {
  id: string;
  layer: string;
  key: string;
  basis: string;
  /** HTS prefixes as digits; "" = every line. */
  prefixes: readonly string[];
  /** null = every origin. */
  origins: ReadonlySet<string> | null;
  rateMicro: number | null;
  topupMicro?: number;
  from: number;
  to: number;
  fromIso: string | null;
  toIso: string | null;
  status: string;
  sources: readonly string[];
  note?: string;
  /** 1-based row of the overrides range, for user rows. */
  overrideRow?: number;
  /** A provisional or preferential rate applied instead of the MFN row (partner importers). */
  replacesMfn?: boolean;
  /** Local time of day the row took effect (the whole day takes its rate). */
  fromTime?: string;
  /** Id in instruments.json of the measure the row implements. */
  instrument?: string;
  events?: readonly LayerEvent[];
  /** Override rows: the importer the row is for; null = every importer. */
  importer?: string | null;
  /** Set when the row comes from an organisation's overlay. */
  org?: OrgMark;
}

export interface Exemption {
  id: string;
  key: string;
  basis: string;
  prefixes: readonly string[];
  origins: ReadonlySet<string> | null;
  from: number;
  to: number;
  fromIso: string;
  toIso: string | null;
  status: string;
  sources: readonly string[];
  org?: OrgMark;
}

export interface Exclusion {
  id: string;
  key: string;
  excludes: readonly string[];
  whenPositive: boolean;
  basis: string;
  from: number;
  to: number;
  status: string;
  sources: readonly string[];
  org?: OrgMark;
}

export interface TariffData {
  lines: ReadonlyMap<string, HtsLine>;
  /** 8-digit rate lines, for short codes. */
  rateLines: readonly HtsLine[];
  /** Built-in layer rows by layer key (lower-case name). */
  rowsByLayer: ReadonlyMap<string, readonly LayerRow[]>;
  /** Display names of the built-in layers, in stacking order (MFN first). */
  layerOrder: readonly string[];
  exemptionsByLayer: ReadonlyMap<string, readonly Exemption[]>;
  exclusions: readonly Exclusion[];
  horizon: number;
  horizonIso: string;
  horizonNote: string;
}

export const LAYER_ORDER = ["MFN", "Section 301", "IEEPA fentanyl", "IEEPA reciprocal", "Section 232", "Section 122"] as const;

type RawEvent = NonNullable<TariffLayersDoc["records"][number]["events"]>[number];

function eventsOf(raw: readonly RawEvent[] | undefined): LayerEvent[] | undefined {
  if (!raw || !raw.length) return undefined;
  return raw.map((e) => ({ date: serialOrThrow(e.date), dateIso: e.date, event: e.event, note: e.note, status: e.status, sources: e.sources }));
}

function serialOrThrow(iso: string): number {
  const s = serialFromIso(iso);
  if (s === null) throw new Error(`tariff_layers.json: bad date ${iso}`);
  return s;
}

const prefixDigits = (p: string): string => (p === "*" ? "" : p.replace(/\./g, ""));
const originSet = (o: readonly string[] | undefined): ReadonlySet<string> | null => (!o || o.includes("*") ? null : new Set(o));

/** The US tariff data of the active pack, indexed once per pack. */
export const tariffData = perPack((): TariffData => {
  const lines = new Map<string, HtsLine>();
  const rateLines: HtsLine[] = [];
  // The documents' shape is their schemas': the build, the tests and the add-in check every pack against them.
  for (const r of dataset<HtsUsDoc>("hts_us").records) {
    const line: HtsLine = {
      id: r.id,
      hts: r.hts,
      level: r.level,
      parent: r.parent,
      description: r.description,
      mfnMicro: microOfPct(r.mfn_pct),
      mfnText: r.mfn_text,
      status: r.status,
      sources: r.sources,
      note: r.note,
    };
    line.org = orgMark("hts_us", r.id);
    lines.set(line.id, line);
    if (line.level === 8) rateLines.push(line);
  }
  const doc = dataset<TariffLayersDoc>("tariff_layers");
  const rowsByLayer = new Map<string, LayerRow[]>();
  const exemptionsByLayer = new Map<string, Exemption[]>();
  const exclusions: Exclusion[] = [];
  for (const r of doc.records) {
    const key = r.layer.toLowerCase();
    const from = serialOrThrow(r.from);
    const to = r.to ? serialOrThrow(r.to) : MAX_SERIAL;
    if (r.kind === "layer" || r.kind === "exemption") {
      // The fields layer rows and exemptions share (an exemption is a layer row without a rate).
      const ex: Exemption = {
        id: r.id,
        key,
        basis: r.legal_basis,
        prefixes: (r.hts ?? ["*"]).map(prefixDigits),
        origins: originSet(r.origins),
        from,
        to,
        fromIso: r.from,
        toIso: r.to,
        status: r.status,
        sources: r.sources,
      };
      ex.org = orgMark("tariff_layers", r.id);
      if (r.kind === "layer") {
        const row: LayerRow = {
          ...ex,
          layer: r.layer,
          rateMicro: r.rate_pct === null || r.rate_pct === undefined ? null : microOfPct(r.rate_pct),
          topupMicro: r.topup_to_pct !== undefined ? microOfPct(r.topup_to_pct) : undefined,
          note: r.note,
        };
        if (r.instrument) row.instrument = r.instrument;
        const ev = eventsOf(r.events);
        if (ev) row.events = ev;
        if (!rowsByLayer.has(key)) rowsByLayer.set(key, []);
        rowsByLayer.get(key)!.push(row);
      } else {
        if (!exemptionsByLayer.has(key)) exemptionsByLayer.set(key, []);
        exemptionsByLayer.get(key)!.push(ex);
      }
    } else {
      exclusions.push({
        id: r.id,
        key,
        excludes: (r.excludes ?? []).map((x) => x.toLowerCase()),
        whenPositive: r.when !== "applies",
        basis: r.legal_basis,
        from,
        to,
        status: r.status,
        sources: r.sources,
        org: orgMark("tariff_layers", r.id),
      });
    }
  }
  return {
    lines,
    rateLines,
    rowsByLayer,
    layerOrder: LAYER_ORDER,
    exemptionsByLayer,
    exclusions,
    horizon: serialOrThrow(doc.horizon),
    horizonIso: doc.horizon,
    horizonNote: doc.horizon_note ?? "",
  };
});

// ---------------------------------------------------------------------------
// Partner importers (partner_tariffs.json)

export type Valuation = "CIF" | "FOB";

/** An importer: its customs valuation basis, data window and what is not modelled. */
export interface Importer {
  iso2: string;
  name: string;
  nomenclature: string;
  /** CIF: freight and insurance to the border are in the duty base; FOB: they are not. */
  valuation: Valuation;
  valuationBasis: string;
  valuationStatus: string;
  valuationSources: readonly string[];
  /** First entry date of the data (null: the US, whose table has no start). */
  dataFrom: number | null;
  dataFromIso: string | null;
  horizon: number;
  horizonIso: string;
  horizonNote: string;
  preferencesNote: string;
}

/** One partner importer's lines and layer rows, indexed for lookups. */
export interface PartnerData {
  importer: Importer;
  /** Lines by digits (8-digit national lines, or 6-digit headings standing for unread national lines). */
  lines: ReadonlyMap<string, HtsLine>;
  /** Lines by the digits of their HS 6-digit heading. */
  linesByHs6: ReadonlyMap<string, readonly HtsLine[]>;
  /** HS 6-digit headings (digits) whose national lines are all in `lines`. */
  completeHeadings: ReadonlySet<string>;
  /** Layer rows by lower-case layer name ("mfn", "provisional", "counter-tariff", ...). */
  rowsByLayer: ReadonlyMap<string, readonly LayerRow[]>;
  /** Display names of the layers that replace the MFN row (provisional, preference). */
  replacing: readonly string[];
  /** Display names of the additive layers, in data order. */
  additive: readonly string[];
  /** Commitments as signed (kind "commitment"), applied in the committed regime only. */
  commitments: readonly LayerRow[];
}


/** Every importer of the data (the US first), by ISO alpha-2. */
export function importerTable(): ReadonlyMap<string, Importer> {
  return loadPartners().importers;
}

/** The partner data of an importer other than the US; undefined for the US or an unknown code. */
export function partnerData(iso2: string): PartnerData | undefined {
  return loadPartners().partners.get(iso2);
}

const loadPartners = perPack(() => {
  // The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
  const doc = dataset<PartnerTariffsDoc>("partner_tariffs");
  const us = tariffData();
  const importers = new Map<string, Importer>();
  const partners = new Map<string, PartnerData>();
  for (const r of doc.importers) {
    const imp: Importer = {
      iso2: r.iso2,
      name: r.name,
      nomenclature: r.nomenclature,
      valuation: r.valuation,
      valuationBasis: r.valuation_basis,
      valuationStatus: r.valuation_status,
      valuationSources: r.valuation_sources,
      dataFrom: r.data_from ? serialOrThrow(r.data_from) : null,
      dataFromIso: r.data_from ?? null,
      horizon: r.horizon ? serialOrThrow(r.horizon) : us.horizon,
      horizonIso: r.horizon ?? us.horizonIso,
      horizonNote: r.horizon_note ?? us.horizonNote,
      preferencesNote: r.preferences_note,
    };
    importers.set(imp.iso2, imp);
    if (imp.iso2 === "US") continue;
    const lines = new Map<string, HtsLine>();
    const byHs6 = new Map<string, HtsLine[]>();
    for (const l of doc.lines) {
      if (l.importer !== imp.iso2) continue;
      const d = prefixDigits(l.code);
      const line: HtsLine = { id: d, hts: l.code, level: d.length, description: l.description, mfnMicro: 0, mfnText: "", status: l.status, sources: l.sources, note: l.note };
      line.org = orgMark("partner_tariffs", `${l.importer} ${l.code}`);
      lines.set(d, line);
      const h = d.slice(0, 6);
      if (!byHs6.has(h)) byHs6.set(h, []);
      byHs6.get(h)!.push(line);
    }
    const rowsByLayer = new Map<string, LayerRow[]>();
    const replacing: string[] = [];
    const additive: string[] = [];
    const commitments: LayerRow[] = [];
    for (const r of doc.records) {
      if (r.importer !== imp.iso2) continue;
      const key = r.layer.toLowerCase();
      const row: LayerRow = {
        id: r.id,
        layer: r.layer,
        key,
        basis: r.legal_basis,
        prefixes: (r.hts ?? ["*"]).map(prefixDigits),
        origins: originSet(r.origins),
        rateMicro: r.rate_pct === null || r.rate_pct === undefined ? null : microOfPct(r.rate_pct),
        from: serialOrThrow(r.from),
        to: r.to ? serialOrThrow(r.to) : MAX_SERIAL,
        fromIso: r.from,
        toIso: r.to,
        status: r.status,
        sources: r.sources,
        note: r.note,
      };
      row.org = orgMark("partner_tariffs", r.id);
      if (r.replaces_mfn) row.replacesMfn = true;
      if (r.from_time) row.fromTime = r.from_time;
      if (r.instrument) row.instrument = r.instrument;
      if (r.kind === "commitment") {
        commitments.push(row);
        continue;
      }
      if (!rowsByLayer.has(key)) rowsByLayer.set(key, []);
      rowsByLayer.get(key)!.push(row);
      if (key === "mfn") continue;
      const names = r.replaces_mfn ? replacing : additive;
      if (!names.includes(r.layer)) names.push(r.layer);
    }
    partners.set(imp.iso2, {
      importer: imp,
      lines,
      linesByHs6: byHs6,
      completeHeadings: new Set((doc.importers.find((i) => i.iso2 === imp.iso2)?.complete_headings ?? []).map(prefixDigits)),
      rowsByLayer,
      replacing,
      additive,
      commitments,
    });
  }
  return { importers, partners };
});

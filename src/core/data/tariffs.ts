/**
 * Loader for the tariff datasets (src/data/hts_us.json, src/data/tariff_layers.json):
 * indexes built once on first use, dates converted to Excel serials once, rates
 * converted to integer micro-units (1e-6 of value; 2.1% = 21,000) so stacks add
 * exactly. The REF kind "hts" ("8505.11.00.70", "mfn_rate") is ../ref/kinds/hts.ts.
 * Pure: no DOM, no Office.
 */
import htsDoc from "../../data/hts_us.json";
import layersDoc from "../../data/tariff_layers.json";
import { serialFromIso, MAX_SERIAL } from "../dates";
import type { Status } from "./pack";
import type { HtsUsDoc, TariffLayersDoc } from "./schemas.generated";

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


function serialOrThrow(iso: string): number {
  const s = serialFromIso(iso);
  if (s === null) throw new Error(`tariff_layers.json: bad date ${iso}`);
  return s;
}

const prefixDigits = (p: string): string => (p === "*" ? "" : p.replace(/\./g, ""));
const originSet = (o: readonly string[] | undefined): ReadonlySet<string> | null => (!o || o.includes("*") ? null : new Set(o));

let data: TariffData | null = null;

export function tariffData(): TariffData {
  if (data) return data;
  const lines = new Map<string, HtsLine>();
  const rateLines: HtsLine[] = [];
  // The JSON's shape is its schema's (scripts/check-data.cjs validates it at build and test time); JSON imports
  // widen literals to string, hence the one checked `as` per file to the type derived from the schema.
  for (const r of (htsDoc as HtsUsDoc).records) {
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
    lines.set(line.id, line);
    if (line.level === 8) rateLines.push(line);
  }
  const doc = layersDoc as TariffLayersDoc;
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
      if (r.kind === "layer") {
        const row: LayerRow = {
          ...ex,
          layer: r.layer,
          rateMicro: r.rate_pct === null || r.rate_pct === undefined ? null : microOfPct(r.rate_pct),
          topupMicro: r.topup_to_pct !== undefined ? microOfPct(r.topup_to_pct) : undefined,
          note: r.note,
        };
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
      });
    }
  }
  data = {
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
  return data;
}

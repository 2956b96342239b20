/**
 * The US tariff stack as the task pane shows it: TARIFF_BREAKDOWN's matrix
 * (header, one row per layer, total row; rates as fractions, dates as Excel
 * serials) turned into display rows, TARIFF_EXPLAIN's one line, and the
 * TRADE.TARIFF_RATE formula the pane inserts. Pure (no DOM, no Office, no
 * React): the core tariff engine does the work, this module only shapes it.
 */
import { isoFromSerial, serialFromIso, todaySerial } from "../../core/dates";
import { ERROR_TEXT, isTradeError } from "../../core/errors";
import { BREAKDOWN_HEADER, tariffBreakdown, tariffExplain } from "../../core/tariff";
import { tariffData } from "../../core/data/tariffs";
import { excelString } from "./blocks";

/** The origins offered as one click; any other country goes in the free-text field. */
export const TARIFF_ORIGINS: readonly { code: string; name: string }[] = [
  { code: "CN", name: "China" },
  { code: "MY", name: "Malaysia" },
  { code: "TH", name: "Thailand" },
  { code: "KH", name: "Cambodia" },
  { code: "VN", name: "Vietnam" },
  { code: "AU", name: "Australia" },
  { code: "JP", name: "Japan" },
];
export const DEFAULT_ORIGIN = "CN";

/** One layer of the stack, ready to render. */
export interface TariffLayerView {
  layer: string;
  basis: string;
  /** Fraction (0.25 = 25%). */
  rate: number;
  /** "25%". */
  ratePct: string;
  /** ISO dates; null = open-ended. */
  from: string | null;
  to: string | null;
  status: string;
  unconfirmed: boolean;
  sources: string[];
  /** Exempt or excluded (shown at 0%). */
  notApplied: boolean;
}

export interface TariffTotalView {
  rate: number;
  ratePct: string;
  basis: string;
  /** The entry date (ISO). */
  date: string;
  status: string;
  unconfirmed: boolean;
}

export interface TariffStackView {
  layers: TariffLayerView[];
  total: TariffTotalView;
}

/** A fraction as percent text with up to 4 decimals: 0.371 → "37.1%", 0 → "0%". */
export function percentText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(4))}%`;
}

function isoOrNull(v: unknown): string | null {
  if (v === "" || v === null || v === undefined) return null;
  if (typeof v === "number") return isoFromSerial(v);
  return String(v);
}

function isUnconfirmedStatus(s: string): boolean {
  return s === "unconfirmed" || s.startsWith("unconfirmed");
}

/**
 * TARIFF_BREAKDOWN's matrix → display rows and the total. Throws when the
 * matrix does not have the documented header or a total row.
 */
export function stackFromBreakdown(m: readonly (readonly unknown[])[]): TariffStackView {
  const head = m[0];
  if (!head || BREAKDOWN_HEADER.some((h, i) => head[i] !== h)) throw new Error(`not a TARIFF_BREAKDOWN matrix: header ${JSON.stringify(head)}`);
  const last = m[m.length - 1];
  if (m.length < 2 || last[0] !== "Total") throw new Error("not a TARIFF_BREAKDOWN matrix: no total row");
  const layers = m.slice(1, -1).map((r): TariffLayerView => {
    const layer = String(r[0]);
    const rate = Number(r[2]);
    const status = String(r[5]);
    return {
      layer,
      basis: String(r[1]),
      rate,
      ratePct: percentText(rate),
      from: isoOrNull(r[3]),
      to: isoOrNull(r[4]),
      status,
      unconfirmed: isUnconfirmedStatus(status),
      sources: String(r[6] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
      notApplied: /\((exempt|excluded)\)$/.test(layer),
    };
  });
  const totalRate = Number(last[2]);
  const totalStatus = String(last[5]);
  return {
    layers,
    total: {
      rate: totalRate,
      ratePct: percentText(totalRate),
      basis: String(last[1]),
      date: isoOrNull(last[3]) ?? "",
      status: totalStatus,
      unconfirmed: isUnconfirmedStatus(totalStatus),
    },
  };
}

/** Strict ISO calendar date ("2026-02-30" is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  try {
    const s = serialFromIso(text);
    return s !== null && s >= 1 && isoFromSerial(s) === text;
  } catch {
    return false; // serialFromIso throws on impossible days such as 2025-02-29
  }
}

export function todayIso(): string {
  return isoFromSerial(todaySerial());
}

/** The dotted HTS number of an "hts" entity id ("8505110070" → "8505.11.00.70"). */
export function htsOfEntityId(id: string): string | undefined {
  return tariffData().lines.get(id)?.hts;
}

/** =TRADE.TARIFF_RATE("8505.11.00.70","CN","2026-01-15"). */
export function tariffRateFormula(hts: string, origin: string, dateIso: string): string {
  return `=TRADE.TARIFF_RATE(${excelString(hts)},${excelString(origin)},${excelString(dateIso)})`;
}

export type TariffLookup = { ok: true; stack: TariffStackView; explanation: string; formula: string } | { ok: false; message: string; field?: "origin" | "date" };

function errorText(e: unknown): string {
  return isTradeError(e) ? `${ERROR_TEXT[e.kind]} ${e.message}` : e instanceof Error ? e.message : String(e);
}

/**
 * The stack for one HTS line, origin (ISO code or name) and entry date (ISO),
 * from the core engine; a message instead when an input is not usable.
 */
export function lookupTariffStack(hts: string, origin: string, dateIso: string): TariffLookup {
  const o = origin.trim();
  if (!o) return { ok: false, message: "Enter a country of origin: an ISO code such as DE or a name such as Germany.", field: "origin" };
  const d = dateIso.trim();
  if (!isIsoDate(d)) return { ok: false, message: `“${d}” is not a date; enter the entry date as YYYY-MM-DD.`, field: "date" };
  try {
    const stack = stackFromBreakdown(tariffBreakdown(hts, o, d, undefined) as unknown[][]);
    const ex = tariffExplain([[hts]], [[o]], [[d]], undefined) as unknown[][];
    const explanation = ex[0][0];
    if (isTradeError(explanation)) throw explanation;
    return { ok: true, stack, explanation: String(explanation), formula: tariffRateFormula(hts, o, d) };
  } catch (e) {
    const message = errorText(e);
    return { ok: false, message, field: /^#N\/A origin|^#VALUE! origin/.test(message) ? "origin" : undefined };
  }
}

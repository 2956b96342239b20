/**
 * The tariff stack as the task pane shows it: the core's typed Stack for an
 * HTS line, origin, entry date and importer (stackFor) turned into display
 * rows, the explanation, for importers other than the US the committed-regime
 * total next to the in-force one, and the TRADE.TARIFF_RATE formulas the pane
 * inserts. Pure (no DOM, no Office, no React): the core tariff engine does the
 * work, this module only shapes it.
 */
import { isoFromSerial, serialFromIso, todaySerial } from "../../core/dates";
import { ERROR_TEXT } from "../../core/errors";
import { MICRO, importerTable, tariffData } from "../../core/data/tariffs";
import { stackFor, type StackField } from "../../core/tariff/query";
import { basisText, rowStatus, type Regime, type Stack } from "../../core/tariff/stack";
import { excelString } from "../../core/blocks";

/** The origins offered as one click; any other country goes in the free-text field. */
export const TARIFF_ORIGINS: readonly { code: string; name: string }[] = [
  { code: "CN", name: "China" },
  { code: "MY", name: "Malaysia" },
  { code: "TH", name: "Thailand" },
  { code: "KH", name: "Cambodia" },
  { code: "VN", name: "Vietnam" },
  { code: "AU", name: "Australia" },
  { code: "JP", name: "Japan" },
  { code: "US", name: "United States" },
];
export const DEFAULT_ORIGIN = "CN";
export const DEFAULT_IMPORTER = "US";

/** The importers with tariff data, the US (default) first. */
export function tariffImporters(): { code: string; name: string; valuation: string }[] {
  return [...importerTable().values()].map((i) => ({ code: i.iso2, name: i.name, valuation: i.valuation }));
}

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
  /** Exempt, excluded or replaced (shown at 0%). */
  notApplied: boolean;
}

export interface TariffTotalView {
  rate: number;
  ratePct: string;
  /** How the code was resolved for a partner importer ("" when it is one of its lines). */
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

function isUnconfirmedStatus(s: string): boolean {
  return s === "unconfirmed" || s.startsWith("unconfirmed");
}

/** The core's Stack as display rows and the total (typed: nothing is parsed back from text or matrices). */
export function stackView(s: Stack): TariffStackView {
  const layers = s.rows.map((r): TariffLayerView => {
    const rate = r.rateMicro / MICRO;
    const replaced = r.layer.endsWith("(replaced)");
    return {
      layer: r.layer,
      basis: basisText(r),
      rate,
      ratePct: percentText(rate),
      from: r.from,
      to: r.to,
      status: rowStatus(r),
      unconfirmed: isUnconfirmedStatus(r.status) && !replaced && !r.org,
      sources: [...r.sources],
      notApplied: replaced || /\((exempt|excluded)\)$/.test(r.layer),
    };
  });
  const rate = s.totalMicro / MICRO;
  return {
    layers,
    total: { rate, ratePct: percentText(rate), basis: s.resolution ?? "", date: isoFromSerial(s.date), status: s.status, unconfirmed: isUnconfirmedStatus(s.status) },
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

/**
 * =TRADE.TARIFF_RATE("8505.11.00.70","CN","2026-01-15") for the US in force;
 * another importer or the committed regime goes in the optional last arguments:
 * =TRADE.TARIFF_RATE("8505.11","US","2026-01-15",,"CN","committed").
 */
export function tariffRateFormula(hts: string, origin: string, dateIso: string, importer: string = DEFAULT_IMPORTER, regime: Regime = "in force"): string {
  const base = `${excelString(hts)},${excelString(origin)},${excelString(dateIso)}`;
  if (importer === DEFAULT_IMPORTER && regime === "in force") return `=TRADE.TARIFF_RATE(${base})`;
  if (regime === "in force") return `=TRADE.TARIFF_RATE(${base},,${excelString(importer)})`;
  return `=TRADE.TARIFF_RATE(${base},,${excelString(importer)},${excelString(regime)})`;
}

/** The committed-regime total next to the in-force one (importers other than the US), or why it is not available. */
export type CommittedView = { ok: true; ratePct: string; deltaPct: string; status: string; formula: string } | { ok: false; message: string; formula: string };

export type TariffLookup =
  | { ok: true; stack: TariffStackView; explanation: string; formula: string; importer: string; committed?: CommittedView }
  | { ok: false; message: string; field?: StackField };

/**
 * The stack for one HTS line, origin (ISO code or name), entry date (ISO) and
 * importer (blank = the US) from the core engine; for another importer also
 * the committed-regime total and the difference. A message and the field the
 * core rejected instead when an input is not usable.
 */
export function lookupTariffStack(hts: string, origin: string, dateIso: string, importer: string = DEFAULT_IMPORTER): TariffLookup {
  const o = origin.trim();
  if (!o) return { ok: false, message: "Enter a country of origin: an ISO code such as DE or a name such as Germany.", field: "origin" };
  const d = dateIso.trim();
  if (!isIsoDate(d)) return { ok: false, message: `“${d}” is not a date; enter the entry date as YYYY-MM-DD.`, field: "date" };
  const a = stackFor({ hts, origin: o, date: d, importer });
  if (!a.ok) return { ok: false, message: `${ERROR_TEXT[a.kind]} ${a.message}`, field: a.field };
  const out: TariffLookup = { ok: true, stack: stackView(a.stack), explanation: a.explanation, formula: tariffRateFormula(hts, o, d, a.importer), importer: a.importer };
  if (a.importer !== DEFAULT_IMPORTER) {
    const formula = tariffRateFormula(hts, o, d, a.importer, "committed");
    const c = stackFor({ hts, origin: o, date: d, importer: a.importer, regime: "committed" });
    out.committed = c.ok
      ? { ok: true, ratePct: percentText(c.stack.totalMicro / MICRO), deltaPct: percentText((c.stack.totalMicro - a.stack.totalMicro) / MICRO), status: c.stack.status, formula }
      : { ok: false, message: `${ERROR_TEXT[c.kind]} ${c.message}`, formula };
  }
  return out;
}

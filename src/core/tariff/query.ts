/**
 * Typed tariff lookups for callers that are not worksheet cells (the task
 * pane): one request in, a Stack or a typed failure out, with the field that
 * failed named by the code that checked it rather than guessed from message
 * text. Pure.
 */
import { ErrorKind, isTradeError } from "../errors";
import { findCountry } from "../data/countries";
import { isoFromSerial, serialFromIso } from "../dates";
import { htsDigits } from "./hts";
import { DEFAULT_IMPORTER, Resolution, explainAny, importerOf, overridesFor, parseImporter, parseRegime, resolveCode, stackOf } from "./importer";
import { NO_OVERRIDES, Overrides, Regime, Stack } from "./stack";

export interface StackRequest {
  /** HTS/HS code as typed ("8505.11.00.70"). */
  hts: string;
  /** Country of origin: ISO code or name. */
  origin: string;
  /** Entry date, ISO "YYYY-MM-DD". */
  date: string;
  /** Importer: ISO code or name; blank = the US. */
  importer?: string;
  /** "in force" (default) or "committed". */
  regime?: string;
  overrides?: Overrides;
}

export type StackField = "hts" | "origin" | "date" | "importer" | "regime";

export type StackAnswer =
  | { ok: true; stack: Stack; explanation: string; importer: string; regime: Regime; originName: string }
  /** `field`: the input that was rejected; absent when the inputs are fine but the data cannot answer (#N/A). */
  | { ok: false; kind: ErrorKind; message: string; field?: StackField };

function fail(e: unknown, field?: StackField): StackAnswer {
  if (isTradeError(e)) return { ok: false, kind: e.kind, message: e.message, field };
  return { ok: false, kind: "VALUE", message: e instanceof Error ? e.message : String(e), field };
}

/** The stack for one request, or the field and message of the first input the core rejects. */
export function stackFor(q: StackRequest): StackAnswer {
  let importer: string;
  let regime: Regime;
  let digits: string;
  try {
    importer = parseImporter(q.importer ?? null);
  } catch (e) {
    return fail(e, "importer");
  }
  try {
    regime = parseRegime(q.regime ?? null);
  } catch (e) {
    return fail(e, "regime");
  }
  try {
    digits = htsDigits(q.hts, "hts");
  } catch (e) {
    return fail(e, "hts");
  }
  const o = q.origin.trim();
  const country = o ? findCountry(o) : undefined;
  if (!country) {
    return { ok: false, kind: o ? "NA" : "VALUE", field: "origin", message: o ? `origin: "${o.slice(0, 40)}" is not a known country; use an ISO code ("CN") or a name ("China")` : "origin is blank; give a country such as \"CN\"" };
  }
  const d = q.date.trim();
  const s = /^\d{4}-\d{2}-\d{2}$/.test(d) ? safeSerial(d) : null;
  if (s === null || isoFromSerial(s) !== d) return { ok: false, kind: "VALUE", field: "date", message: `date: "${d.slice(0, 40)}" is not a date; use YYYY-MM-DD` };
  const date = s;
  const io = overridesFor(q.overrides ?? NO_OVERRIDES, importer);
  let res: Resolution;
  try {
    res = resolveCode(importer, digits, io);
  } catch (e) {
    return fail(e, "hts"); // the code is not in the importer's table, or is ambiguous there
  }
  try {
    const stack = stackOf(importer, res, country.iso2, date, io, regime);
    const originName = `${country.name} (${country.iso2})`;
    return { ok: true, stack, explanation: explainAny(stack, originName), importer, regime, originName };
  } catch (e) {
    return fail(e); // the inputs are fine; the data cannot answer (a rate not sourced, a date before the data)
  }
}

function safeSerial(iso: string): number | null {
  try {
    return serialFromIso(iso);
  } catch {
    return null;
  }
}

/** Name and valuation basis of an importer, for display. */
export function importerSummary(iso2: string = DEFAULT_IMPORTER): { iso2: string; name: string; valuation: string; valuationBasis: string; valuationStatus: string } {
  const i = importerOf(iso2);
  return { iso2: i.iso2, name: i.name, valuation: i.valuation, valuationBasis: i.valuationBasis, valuationStatus: i.valuationStatus };
}

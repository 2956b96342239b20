/**
 * The Excel input layer (pure, no Office globals): turns what Excel passes to a
 * custom function into clean values, and refuses what cannot be used with a
 * TradeError that names the argument.
 *
 * What Excel passes (Microsoft's custom-functions docs and office-js issues #4702, #5262, #1951):
 *  - omitted optional arguments: null
 *  - empty cells: null on the web, 0 (numbers) or "" on desktop, depending on platform
 *  - ranges: 2-D arrays (rows of columns); a single cell to a matrix parameter: [[v]]
 *  - Excel error values (when allowErrorForDataTypeAny is set): an error object
 *    ({ code } or { type: "Error", basicValue: "#N/A" }) or, on some hosts, the text "#N/A"
 *  - dates: serial numbers in the 1900 system
 */
import { ErrorKind, TradeError, valueError } from "./errors";

/** A normalised cell: null means blank. */
export type Scalar = number | string | boolean | null;

const ERROR_BY_TEXT: Readonly<Record<string, ErrorKind>> = {
  "#VALUE!": "VALUE",
  "#N/A": "NA",
  "#NUM!": "NUM",
  "#DIV/0!": "DIV0",
  "#NULL!": "NULL",
  "#NAME?": "NAME",
  "#REF!": "REF",
};

/** CustomFunctions.ErrorCode member names, for error objects built by the runtime. */
const ERROR_BY_CODE_NAME: Readonly<Record<string, ErrorKind>> = {
  invalidValue: "VALUE",
  notAvailable: "NA",
  invalidNumber: "NUM",
  divisionByZero: "DIV0",
  nullReference: "NULL",
  invalidName: "NAME",
  invalidReference: "REF",
  // Excel.ErrorCellValue errorType names
  Value: "VALUE",
  NotAvailable: "NA",
  Num: "NUM",
  Div0: "DIV0",
  Null: "NULL",
  Name: "NAME",
  Ref: "REF",
};

/** Recognises an Excel error value handed to us as input; returns its kind or null. */
export function excelErrorKind(raw: unknown): ErrorKind | null {
  if (typeof raw === "string") {
    return raw.length > 1 && raw.charCodeAt(0) === 35 /* # */ ? (ERROR_BY_TEXT[raw.trim().toUpperCase()] ?? null) : null;
  }
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    for (const key of ["code", "basicValue", "errorType", "errorCode"]) {
      const v = o[key];
      if (typeof v === "string") {
        const k = ERROR_BY_TEXT[v.trim().toUpperCase()] ?? ERROR_BY_CODE_NAME[v];
        if (k) return k;
      }
    }
  }
  return null;
}

function describe(raw: unknown): string {
  if (typeof raw === "string") return `text "${raw.length > 40 ? raw.slice(0, 37) + "..." : raw}"`;
  if (typeof raw === "boolean") return raw ? "TRUE" : "FALSE";
  if (typeof raw === "number") return String(raw);
  if (Array.isArray(raw)) return "a range";
  return "a value of an unsupported type";
}

/** The error an Excel error input propagates as, naming the argument. */
function inputError(kind: ErrorKind, arg: string): TradeError {
  return new TradeError(kind, `${arg}: the input is an Excel error`);
}

/**
 * Normalises one raw cell: blanks (null, undefined, "", white space) → null;
 * finite numbers; trimmed text; booleans. Excel error inputs throw that error;
 * NaN/Infinity and other objects throw #VALUE!.
 */
export function normalise(raw: unknown, arg = "input"): Scalar {
  switch (typeof raw) {
    case "number":
      if (Number.isFinite(raw)) return raw;
      throw valueError(`${arg}: the number is not finite`);
    case "string": {
      const s = raw.trim();
      if (s === "") return null;
      const k = excelErrorKind(s);
      if (k) throw inputError(k, arg);
      return s;
    }
    case "boolean":
      return raw;
    case "undefined":
      return null;
    default:
      if (raw === null) return null;
      {
        const k = excelErrorKind(raw);
        if (k) throw inputError(k, arg);
      }
      throw valueError(`${arg}: expected a single value, got ${describe(raw)}`);
  }
}

/** True for what counts as a blank cell (null, undefined, empty or white-space text). */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "");
}

/** Blank, or the number 0 that desktop Excel passes for an empty cell: for arguments where 0 is never meaningful. */
export function isBlankOrZero(raw: unknown): boolean {
  return raw === 0 || isBlank(raw);
}

/**
 * An optional single-value argument that was not given: omitted (null/undefined), a blank cell,
 * or desktop Excel's 0 for an empty cell, either bare or as the 1×1 range [[v]] Excel may pass.
 * Only for arguments where 0 is never a meaningful value (codes, names, filters).
 */
export function isOmitted(raw: unknown): boolean {
  if (Array.isArray(raw)) {
    if (raw.length === 0) return true;
    if (raw.length !== 1) return false;
    const row = raw[0];
    if (!Array.isArray(row)) return isBlankOrZero(row); // a 1-D array of one value
    return row.length === 0 || (row.length === 1 && isBlankOrZero(row[0]));
  }
  return isBlankOrZero(raw);
}

const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses text as a number: "12.5", "-3e2", "0.1%" (→ 0.001), " 7 ".
 * Thousands separators and decimal commas are refused (ambiguous between locales).
 * Returns null when the text is not a number.
 */
export function parseNumberText(s: string): number | null {
  let t = s.trim();
  let scale = 1;
  if (t.endsWith("%")) {
    t = t.slice(0, -1).trim();
    scale = 100;
  }
  if (!NUMBER_RE.test(t)) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) return null;
  return scale === 1 ? n : percentToFraction(t);
}

/** "0.1" (percent) → 0.001 computed in decimal, so "0.1%" is exactly the double nearest 0.001. */
function percentToFraction(t: string): number {
  return Number(shiftDecimal(t, -2));
}

/** Moves the decimal point of a plain decimal string by `places` (negative: left). */
function shiftDecimal(t: string, places: number): string {
  const m = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(t);
  if (!m) return t;
  const exp = (m[4] ? parseInt(m[4], 10) : 0) + places;
  return `${m[1]}${m[2] || "0"}.${m[3] || "0"}e${exp}`;
}

export interface NumberOptions {
  /** Value to use when the cell is blank; if absent a blank is an error. */
  blank?: number;
  /** Refuse negative numbers with #NUM!. */
  nonNegative?: boolean;
}

/**
 * A number argument. Accepts numbers and numeric or percent text. Blank → opts.blank
 * or #VALUE! "is blank". Booleans and other text → #VALUE! naming the argument.
 */
export function toNumber(raw: unknown, arg: string, opts: NumberOptions = {}): number {
  let n: number;
  if (typeof raw === "number" && Number.isFinite(raw)) {
    n = raw;
  } else {
    const v = normalise(raw, arg);
    if (v === null) {
      if (opts.blank !== undefined) return opts.blank;
      throw valueError(`${arg} is blank; a number is required`);
    }
    if (typeof v === "number") n = v;
    else if (typeof v === "string") {
      const p = parseNumberText(v);
      if (p === null) throw valueError(`${arg}: expected a number, got ${describe(v)}`);
      n = p;
    } else throw valueError(`${arg}: expected a number, got ${describe(v)}`);
  }
  if (opts.nonNegative && n < 0) throw new TradeError("NUM", `${arg} is negative (${n}); it must be 0 or more`);
  return n;
}

/**
 * A text argument (codes, names, options). Numbers become their decimal text. Blank → opts.blank or #VALUE!.
 * With opts.zeroIsBlank the number 0 counts as blank (desktop Excel passes 0 for an empty cell, and 0 is
 * never a meaningful code or name).
 */
export function toText(raw: unknown, arg: string, opts: { blank?: string; zeroIsBlank?: boolean } = {}): string {
  if (typeof raw === "string") {
    const s = raw.trim();
    if (s !== "") {
      if (s.charCodeAt(0) === 35) normalise(s, arg); // throws for "#N/A" etc.
      return s;
    }
  }
  const v = raw === 0 && opts.zeroIsBlank ? null : normalise(raw, arg);
  if (v === null) {
    if (opts.blank !== undefined) return opts.blank;
    throw valueError(`${arg} is blank; text is required`);
  }
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean") throw valueError(`${arg}: expected text, got ${describe(v)}`);
  return v;
}

/** A boolean argument: TRUE/FALSE, 1/0, "true"/"false"/"yes"/"no". */
export function toBoolean(raw: unknown, arg: string, opts: { blank?: boolean } = {}): boolean {
  const v = normalise(raw, arg);
  if (v === null) {
    if (opts.blank !== undefined) return opts.blank;
    throw valueError(`${arg} is blank; TRUE or FALSE is required`);
  }
  if (typeof v === "boolean") return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === "string") {
    const s = v.toLowerCase();
    if (s === "true" || s === "yes") return true;
    if (s === "false" || s === "no") return false;
  }
  throw valueError(`${arg}: expected TRUE or FALSE, got ${describe(v)}`);
}

/**
 * One of a fixed set of options, matched case-insensitively, with "-" and
 * spaces read as "_". Blank → `blank` (the default option) when given.
 */
export function toOption<T extends string>(raw: unknown, arg: string, options: readonly T[], blank?: T): T {
  const v = normalise(raw, arg);
  if (v === null || (v === 0 && blank !== undefined)) {
    if (blank !== undefined) return blank;
    throw valueError(`${arg} is blank; use ${options.map((o) => `"${o}"`).join(", ")}`);
  }
  const key = String(v).toLowerCase().replace(/[\s-]+/g, "_");
  for (const o of options) if (o.toLowerCase() === key) return o;
  throw valueError(`${arg}: unknown option "${String(v)}"; use ${options.map((o) => `"${o}"`).join(", ")}`);
}

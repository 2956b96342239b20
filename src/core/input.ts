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
 *  - data types (when allowCustomDataForDataTypeAny is set): cell-value objects of the
 *    Excel JavaScript API, e.g. { type: "FormattedNumber", basicValue: 45992, numberFormat },
 *    { type: "String", basicValue }, { type: "Entity", text, properties }
 *    (https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts)
 *  - dates: serial numbers in the 1900 system
 */
import { ERROR_KIND_BY_NAME, ErrorKind, TradeError, listOptions, valueError } from "./errors";

/** A normalised cell: null means blank. */
export type Scalar = number | string | boolean | null;

/** Recognises an Excel error value handed to us as input; returns its kind or null. */
export function excelErrorKind(raw: unknown): ErrorKind | null {
  if (typeof raw === "string") {
    return raw.length > 1 && raw.charCodeAt(0) === 35 /* # */ ? (ERROR_KIND_BY_NAME.get(raw.trim().toUpperCase()) ?? null) : null;
  }
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    for (const key of ["code", "basicValue", "errorType", "errorCode"]) {
      const v = Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
      if (typeof v === "string") {
        const k = ERROR_KIND_BY_NAME.get(v.trim().toUpperCase()) ?? ERROR_KIND_BY_NAME.get(v);
        if (k) return k;
      }
    }
    if (o.type === "Error") return "VALUE"; // an error of a kind custom functions cannot return (#SPILL!, #CALC!...)
  }
  return null;
}

/** Cuts echoed input to about 40 characters, so a message's hint is never lost to Excel's 255-character limit. */
export function clip(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max - 3) + "..." : text;
}

/** How a raw input is shown in a message: text quoted (and cut), TRUE/FALSE, numbers as they are. */
export function describe(raw: unknown): string {
  if (typeof raw === "string") return `text "${clip(raw)}"`;
  if (typeof raw === "boolean") return raw ? "TRUE" : "FALSE";
  if (typeof raw === "number") return String(raw);
  if (Array.isArray(raw)) return "a range";
  if (raw !== null && typeof raw === "object" && typeof (raw as { type?: unknown }).type === "string") {
    return `a ${clip(String((raw as { type: string }).type), 20)} data type`;
  }
  return "a value of an unsupported type";
}

/** The error an Excel error input propagates as, naming the argument. */
function inputError(kind: ErrorKind, arg: string): TradeError {
  return new TradeError(kind, `${arg}: the input is an Excel error`);
}

/** Data types whose `basicValue` is the value itself (formatted numbers, text, booleans, an empty value). */
const BASIC_TYPES: ReadonlySet<string> = new Set(["Double", "FormattedNumber", "String", "Boolean", "Empty"]);

function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/**
 * The value of a data-type input: a formatted number, text or boolean through its
 * basicValue; an entity through the id it carries (properties.Id, as TRADE.CARD
 * makes them), else its text; a real error value throws that error; anything else
 * (an image, an array data type, an unknown object) is #VALUE!.
 */
function dataTypeValue(o: object, arg: string, depth: number): Scalar {
  if (o instanceof TradeError) throw o;
  const k = excelErrorKind(o);
  if (k) throw inputError(k, arg);
  const type = own(o, "type");
  if (typeof type === "string") {
    if (BASIC_TYPES.has(type)) return normaliseAt(own(o, "basicValue"), arg, depth + 1);
    if (type === "Entity" || type === "LinkedEntity") {
      const props = own(o, "properties");
      const id = props !== null && typeof props === "object" ? own(props, "Id") : undefined;
      if (id !== undefined && id !== null && depth < 3) {
        const v = normaliseAt(id, arg, depth + 1);
        if (v !== null) return v;
      }
      const text = own(o, "text");
      if (typeof text === "string") return normaliseAt(text, arg, depth + 1);
    }
  }
  throw valueError(`${arg}: expected a single value, got ${describe(o)}`);
}

/**
 * Normalises one raw cell: blanks (null, undefined, "", white space) → null;
 * finite numbers; trimmed text; booleans; data types through their value (see
 * dataTypeValue). Excel error inputs throw that error; NaN/Infinity and other
 * objects throw #VALUE!.
 */
export function normalise(raw: unknown, arg = "input"): Scalar {
  return normaliseAt(raw, arg, 0);
}

function normaliseAt(raw: unknown, arg: string, depth: number): Scalar {
  switch (typeof raw) {
    case "number":
      if (Number.isFinite(raw)) return raw;
      throw valueError(`${arg}: the number is not finite`);
    case "string": {
      const s = raw.trim();
      if (s === "") return null;
      if (s.charCodeAt(0) === 35) {
        const k = excelErrorKind(s);
        if (k) throw inputError(k, arg);
      }
      return s;
    }
    case "boolean":
      return raw;
    case "undefined":
      return null;
    default:
      if (raw === null) return null;
      if (typeof raw === "object" && !Array.isArray(raw) && depth < 4) return dataTypeValue(raw, arg, depth);
      throw valueError(`${arg}: expected a single value, got ${describe(raw)}`);
  }
}

/**
 * A cell as the rest of the core reads it: primitives as they are (so hot loops
 * keep their typeof tests), a data type through its value. Throws for error values.
 */
export function cellValue(raw: unknown, arg: string): unknown {
  return raw !== null && typeof raw === "object" ? normalise(raw, arg) : raw;
}

/**
 * A single-value argument that Excel may pass as a 1×1 range [[v]] (or a 1-D [v]):
 * the value; a larger range is #VALUE! naming the argument (`hint` says what to use instead).
 */
export function single(raw: unknown, arg: string, hint = ""): unknown {
  if (!Array.isArray(raw)) return raw;
  if (raw.length === 0) return null;
  const row = raw[0];
  if (!Array.isArray(row)) {
    if (raw.length === 1) return row;
  } else if (raw.length === 1) {
    if (row.length === 0) return null;
    if (row.length === 1) return row[0];
  }
  throw valueError(`${arg}: expected a single value, got a range${hint ? `; ${hint}` : ""}`);
}

/** Blank, or desktop Excel's 0 for an empty cell (for inputs where 0 is never meaningful). */
export function blankish(v: unknown): boolean {
  return v === null || v === undefined || v === 0 || (typeof v === "string" && v.trim() === "");
}

/** True for what counts as a blank cell (null, undefined, empty or white-space text). */
export function isBlank(raw: unknown): boolean {
  return raw === null || raw === undefined || (typeof raw === "string" && raw.trim() === "");
}

/** Blank, or the number 0 that desktop Excel passes for an empty cell: for arguments where 0 is never meaningful. */
export function isBlankOrZero(raw: unknown): boolean {
  return blankish(raw);
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

/** toNumber's default options (one object, not one per call: functions call it per element). */
const NO_NUMBER_OPTIONS: Readonly<NumberOptions> = {};

/**
 * A number argument. Accepts numbers and numeric or percent text. Blank → opts.blank
 * or #VALUE! "is blank". Booleans and other text → #VALUE! naming the argument.
 */
export function toNumber(raw: unknown, arg: string, opts: Readonly<NumberOptions> = NO_NUMBER_OPTIONS): number {
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
    throw valueError(`${arg} is blank; use ${listOptions(options)}`);
  }
  const key = String(v).toLowerCase().replace(/[\s-]+/g, "_");
  for (const o of options) if (o.toLowerCase() === key) return o;
  throw valueError(`${arg}: unknown option "${clip(String(v))}"; use ${listOptions(options)}${blank !== undefined ? ` (default "${blank}")` : ""}`);
}

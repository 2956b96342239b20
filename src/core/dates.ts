/**
 * Dates as Excel serial numbers in the 1900 date system.
 *
 * Excel counts 1900-01-01 as serial 1 and, for Lotus 1-2-3 compatibility, treats
 * 1900 as a leap year: serial 60 is the fictitious 1900-02-29, so from serial 61
 * (1900-03-01) on, serial = days since 1899-12-30. Internally every date is an
 * integer serial; the reference data's ISO dates are converted once at load.
 */
import { valueError } from "./errors";
import { clip, normalise } from "./input";

const MS_PER_DAY = 86_400_000;
/** Days from 1970-01-01 (Unix epoch) to serial 0 of the modern mapping (1899-12-30). */
const EPOCH_OFFSET = 25_569;
/** Serial of 9999-12-31, the last date Excel accepts. */
export const MAX_SERIAL = 2_958_465;

/** Serial for a calendar date (month 1–12). 1900-02-29 gives 60. Throws #VALUE! for dates that do not exist. */
export function serialFromYmd(y: number, m: number, d: number): number {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) {
    throw valueError(`invalid date ${y}-${m}-${d}`);
  }
  if (y === 1900 && m === 2 && d === 29) return 60;
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d || y < 1900 || y > 9999) {
    throw valueError(`invalid date ${pad4(y)}-${pad2(m)}-${pad2(d)}`);
  }
  const days = Math.round(ms / MS_PER_DAY) + EPOCH_OFFSET;
  // Before 1900-03-01 Excel's serials are one lower than the modern mapping.
  return days < 61 ? days - 1 : days;
}

/** Calendar date of a serial; serial 60 is [1900, 2, 29]. */
export function ymdFromSerial(serial: number): [number, number, number] {
  const s = Math.floor(serial);
  if (s < 1 || s > MAX_SERIAL) throw valueError(`date serial ${serial} is outside 1 (1900-01-01) to ${MAX_SERIAL} (9999-12-31)`);
  if (s === 60) return [1900, 2, 29];
  const days = s < 60 ? s + 1 : s;
  const dt = new Date((days - EPOCH_OFFSET) * MS_PER_DAY);
  return [dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate()];
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
function pad4(n: number): string {
  return String(n).padStart(4, "0");
}

/** "YYYY-MM-DD" for a serial. */
export function isoFromSerial(serial: number): string {
  const [y, m, d] = ymdFromSerial(serial);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Serial for an ISO date text "YYYY-MM-DD" (a time part is ignored); null when the text is not ISO. */
export function serialFromIso(text: string): number | null {
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  return serialFromYmd(parseInt(m[1], 10), parseInt(m[2], 10), parseInt(m[3], 10));
}

/** Serial of a JavaScript Date's local calendar day (the calculation date). */
export function serialFromLocalDate(dt: Date): number {
  return serialFromYmd(dt.getFullYear(), dt.getMonth() + 1, dt.getDate());
}

/**
 * A date argument: an Excel serial (a time of day is dropped), an ISO date text,
 * or blank (and the desktop's 0 for an empty cell) → `blank()`. Returns an integer
 * serial. A bad date names the argument and echoes what was typed
 * (`as_of: "2025-13-01" is not a date; ...`); `blankMeans` says what a blank gives.
 */
export function toDateSerial(raw: unknown, arg: string, blank: () => number, blankMeans = ""): number {
  if (typeof raw === "number" && raw >= 1 && raw < MAX_SERIAL + 1) return Math.floor(raw);
  const v = normalise(raw, arg);
  if (v === null || v === 0) return blank();
  const orBlank = blankMeans ? ` or leave it blank (${blankMeans})` : "";
  if (typeof v === "number") {
    if (v >= 1 && v < MAX_SERIAL + 1) return Math.floor(v);
    throw valueError(`${arg}: ${v} is not a date; use an Excel date (1 = 1900-01-01 to ${MAX_SERIAL} = 9999-12-31), ISO text "YYYY-MM-DD"${orBlank}`);
  }
  if (typeof v === "string") {
    let s: number | null = null;
    try {
      s = serialFromIso(v);
    } catch {
      s = null; // a date that does not exist ("2025-13-01", "2025-02-30"): said below with the text as typed
    }
    if (s !== null) return s;
    throw valueError(`${arg}: "${clip(v)}" is not a date; use an Excel date${orBlank ? "," : " or"} ISO text "YYYY-MM-DD"${orBlank}`);
  }
  throw valueError(`${arg}: expected a date, got ${v ? "TRUE" : "FALSE"}`);
}

/** What a blank `as_of` means, for messages. */
export const AS_OF_BLANK = "the calculation date";

/**
 * An `as_of` argument: an Excel date, ISO text, or blank (= the calculation date,
 * flagged so explanations can say so).
 */
export function toAsOf(raw: unknown, today: () => number, arg = "as_of"): { date: number; blank: boolean } {
  let blank = false;
  const date = toDateSerial(
    raw,
    arg,
    () => {
      blank = true;
      return today();
    },
    AS_OF_BLANK,
  );
  return { date, blank };
}

/** Today's serial from the machine's local clock (the calculation date for a blank as_of). */
export function todaySerial(): number {
  return serialFromLocalDate(new Date());
}

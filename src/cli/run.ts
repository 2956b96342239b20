/**
 * What every command of the screen shares while it runs: the errors file, the progress line, the
 * interrupt flag, and reading numbers and errors the way the functions do.
 */
import * as fs from "fs";
import { ERROR_TEXT, TradeError } from "../core/errors";
import { POW10 } from "../core/decimal";
import { csvLine } from "./csv";
import { RunError } from "./errors";

export interface RunResult {
  rowsRead: number;
  decided: number;
  notDecided: number;
  blankRows: number;
  interrupted: boolean;
  status: string;
  outputs: { path: string; rows: number; what: string }[];
  details: string[];
}

export interface Io {
  stderr: (text: string) => void;
  /** Standard error is a terminal: the progress line is rewritten in place. */
  tty: boolean;
  quiet: boolean;
}

/** Characters of error lines kept before they are written. */
const FLUSH_CHARS = 1 << 15;

/**
 * The errors file: CSV with the input file, line, column, value, error code and message of every
 * row that could not be read or decided. Written as the run goes (nothing waits for the end).
 */
export class ErrorLog {
  count = 0;
  private buf: string[] = [];
  /** Characters in buf. */
  private chars = 0;
  private readonly fd: number;

  constructor(readonly path: string) {
    try {
      this.fd = fs.openSync(path, "w");
    } catch (e) {
      throw new RunError(`the errors file ${path} cannot be written (${(e as Error).message})`);
    }
    this.buf.push(csvLine(["file", "line", "column", "value", "code", "message"], ","));
  }

  add(file: string, line: number, column: string, value: unknown, code: string, message: string): void {
    this.count++;
    const text = csvLine([file, String(line), column, shown(value), code, message], ",");
    this.buf.push(text);
    this.chars += text.length;
    // Written every 32K characters or so (a hundred lines): lines held for longer outlive the young
    // generation's collections and are copied to the old one, which only a full collection frees (with 4,096
    // lines held, a tariff run with 3% of rows in error spent 60% more time collecting).
    if (this.chars >= FLUSH_CHARS) this.flush();
  }

  flush(): void {
    if (!this.buf.length) return;
    fs.writeSync(this.fd, this.buf.join(""));
    this.buf = [];
    this.chars = 0;
  }

  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

/** A cell as the errors file shows it. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return v === true ? "TRUE" : v === false ? "FALSE" : String(v);
  if (v instanceof TradeError) return "(unreadable cell)";
  return String(v);
}

/** "#VALUE!" for a TradeError's kind. */
export function codeOf(e: TradeError): string {
  return ERROR_TEXT[e.kind];
}

const ARG_RE = new Map<string, RegExp>();

/**
 * The input column a function's message is about: of the argument names it mentions, the first
 * (messages start with the argument they are about: "origin: "Narnia" is not a known country").
 * `args` maps argument names to the input's column names; `fallback` when none is mentioned.
 */
export function columnOf(message: string, args: readonly (readonly [string, string])[], fallback: string): string {
  let best = -1;
  let col = fallback;
  for (const [arg, column] of args) {
    let re = ARG_RE.get(arg);
    if (!re) ARG_RE.set(arg, (re = new RegExp(`(^|[^A-Za-z0-9_])${arg}([^A-Za-z0-9_]|$)`)));
    const m = re.exec(message);
    if (m && (best < 0 || m.index < best)) {
      best = m.index;
      col = column;
    }
  }
  return col;
}

/**
 * Text the core's number reading takes as a plain decimal (its NUMBER_RE,
 * /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/), checked without a regular expression: this
 * runs for every numeric cell of a file.
 */
export function plainNumber(t: string): boolean {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  if (c === 43 || c === 45) c = t.charCodeAt(++i);
  let digits = 0;
  while (c >= 48 && c <= 57) {
    digits++;
    c = t.charCodeAt(++i);
  }
  if (c === 46) {
    c = t.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      digits++;
      c = t.charCodeAt(++i);
    }
  }
  if (digits === 0) return false;
  if (c === 101 || c === 69) {
    c = t.charCodeAt(++i);
    if (c === 43 || c === 45) c = t.charCodeAt(++i);
    let e = 0;
    while (c >= 48 && c <= 57) {
      e++;
      c = t.charCodeAt(++i);
    }
    if (e === 0) return false;
  }
  return i === n;
}
const DECIMAL_COMMA = /^[+-]?(?:\d+,\d*|,\d+)$/;

/**
 * A numeric field from the input: a number stays one; text that is a plain decimal number
 * becomes that number (what the core's input layer reads it as, without the round trip); blank
 * text is null; any other text is passed on as typed, so the function reads it ("12%") or names it
 * in its message. With `decimalComma`, "12,5" is 12.5.
 */
export function numberCell(raw: unknown, decimalComma: boolean): unknown {
  if (typeof raw !== "string") return raw;
  let t = raw;
  const n = t.length;
  if (n === 0) return null;
  if (t.charCodeAt(0) <= 32 || t.charCodeAt(n - 1) <= 32) {
    t = t.trim();
    if (t === "") return null;
  }
  const x = shortDecimal(t);
  if (x === x) return x;
  if (plainNumber(t)) return Number(t);
  if (decimalComma && DECIMAL_COMMA.test(t)) return Number(t.replace(",", "."));
  return raw;
}

/**
 * The value of plain decimal text ("1682.14", "-3", ".5") of at most 15 digits and no exponent, exactly
 * as Number(t) reads it, in one pass; NaN for any other text (the caller then reads it the general way).
 * The digits make an integer below 10^15 and the fraction a power of ten at most 10^15, both exact
 * doubles, so one correctly rounded division gives the double nearest the decimal, which is what
 * Number(t) gives.
 */
function shortDecimal(t: string): number {
  const n = t.length;
  let i = 0;
  let c = t.charCodeAt(0);
  const neg = c === 45;
  if (neg || c === 43) i = 1;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < n; i++) {
    c = t.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === 46 && frac < 0) frac = digits;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = frac > 0 && frac < digits ? m / POW10[digits - frac] : frac === 0 ? m / POW10[digits] : m;
  return neg ? -v : v;
}

/** Text that looks like a number with a decimal comma (for the summary's hint). */
export function looksDecimalComma(raw: unknown): boolean {
  return typeof raw === "string" && DECIMAL_COMMA.test(raw.trim());
}

/** The progress line on standard error: rows done, rate and ETA, from the first second on. */
export class Progress {
  private readonly t0 = Date.now();
  private last = 0;
  private shownOnce = false;
  private phaseText = "";

  constructor(
    private readonly io: Io,
    private readonly label: string,
    private readonly bytes: () => { done: number; total: number },
  ) {}

  phase(text: string): void {
    this.phaseText = text;
  }

  tick(rows: number): void {
    if (this.io.quiet) return;
    const now = Date.now();
    const elapsed = now - this.t0;
    if (elapsed < 1000 || now - this.last < (this.io.tty ? 500 : 10_000)) return;
    this.last = now;
    const rate = rows / (elapsed / 1000);
    const { done, total } = this.bytes();
    let eta = "";
    if (!this.phaseText && total > 0 && done > 0 && done < total) eta = `, ETA ${clock(((total - done) * elapsed) / done / 1000)}`;
    const pct = !this.phaseText && total > 0 ? ` (${Math.min(100, Math.floor((done / total) * 100))}% of the input)` : "";
    const line = `${this.label}: ${rows.toLocaleString("en-US")} rows${pct}, ${Math.round(rate).toLocaleString("en-US")} rows/s${eta}${this.phaseText ? `; ${this.phaseText}` : ""}`;
    this.shownOnce = true;
    if (this.io.tty) this.io.stderr(`\r${line.padEnd(100)}`);
    else this.io.stderr(`${line}\n`);
  }

  /** Ends the progress line (the summary follows on its own line). */
  end(): void {
    if (this.shownOnce && this.io.tty) this.io.stderr("\n");
  }

  seconds(): number {
    return (Date.now() - this.t0) / 1000;
  }
}

/** "1:02:03" or "2:03". */
export function clock(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h ? `${h}:${String(m).padStart(2, "0")}:${String(sec).padStart(2, "0")}` : `${m}:${String(sec).padStart(2, "0")}`;
}

/**
 * Lets the event loop run once. Reading and writing files here is synchronous inside async loops, which
 * resolve through microtasks only: without this, a signal (Ctrl+C) would wait for the end of the run.
 */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The end of a batch: the progress line updated, the event loop let run (see breathe), and whether
 * an interrupt has come meanwhile (the caller then stops, saying where).
 */
export async function batchDone(progress: Progress, rowsRead: number, interrupt: Interrupt): Promise<boolean> {
  progress.tick(rowsRead);
  await breathe();
  return interrupt.requested();
}

/** Interrupts (Ctrl+C): the run stops at the next batch and writes what it has, marked incomplete. */
export class Interrupt {
  private flag = false;
  signal: string | null = null;
  readonly requested = (): boolean => this.flag;
  set(signal: string): void {
    this.flag = true;
    this.signal = signal;
  }
}

/** A string that holds no reference to the text it was sliced from (kept keys must not pin 1 MiB chunks). */
export function own(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, "utf8").toString("utf8");
}

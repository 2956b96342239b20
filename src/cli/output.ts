/**
 * Outputs of the command-line screen: a table written row batch by row batch as CSV or XLSX, under
 * a header block that names the data version, the overlay, the dates, regime and scope and the
 * run's status.
 *
 * The status is known only at the end, so it is written last without holding the output:
 *  - CSV: the header block is comment lines ("# label: value"); the status line is written padded
 *    to a fixed width and overwritten in place at the end ("complete", "complete with errors",
 *    "INCOMPLETE: ..."); a run killed outright leaves "running", which says the same. Written to
 *    standard output (no seeking), the status is a last comment line instead. Bare output (no header
 *    block, for concatenation) has a status line only when the run did not complete.
 *  - XLSX: values only, in the templates' stored form and style (Calibri 11, the title, stamp and
 *    header fills of the template workbooks, bold headers, number formats, frozen rows below the
 *    column header, calcId of Excel 365 and no forced recalculation; text as inline strings). The
 *    status cell is the workbook's one shared string, whose table is written at the end. A sheet
 *    that reaches Excel's 1,048,576 rows continues on a new sheet with the column header again.
 */
import * as fs from "fs";
import { isoFromSerial } from "../core/dates";
import { CALC_ID, a1, xmlText } from "../templates/xlsxWriter";
import { POW10 } from "../core/decimal";
import { csvField, csvLine, needsQuotes } from "./csv";
import { RunError } from "./errors";
import { ZipFile, ZipStream } from "./zipStream";

export type ColumnKind = "text" | "int" | "money" | "ratio" | "rate" | "date" | "bool" | "explain" | "headroom";

export interface Column {
  header: string;
  kind: ColumnKind;
}

/**
 * Long texts that many rows repeat (the tariff screen's explanations: tens of thousands of distinct texts
 * over a million rows, in no order), kept once by the sink that writes them (Sink.texts) and written by
 * reference: a row's cell is a TextRef to the handle `add` gave. A CSV sink keeps each text's field bytes
 * (quoted if needed, UTF-8) next to its output buffer, and the handle says where they are, so a row copies
 * them without following a pointer per row to an object, its string and its bytes (each a cache miss
 * when the texts are many). Written exactly as the text itself would be.
 */
export interface TextTable {
  /** Keeps `text` and returns its handle. */
  add(text: string): number;
  /** Forgets every text kept: a handle from before must not be written after. */
  clear(): void;
}

/** A cell holding a text kept in the sink's TextTable. */
export class TextRef {
  constructor(readonly handle: number) {}
}

/**
 * A number with the text a CSV output writes for it, made once: `text` must be String(value) and
 * `value` finite (see numberText). A CSV writes the text, an XLSX the number, exactly as for `value`.
 */
export class NumberText {
  constructor(
    readonly value: number,
    readonly text: string,
  ) {}
}

/**
 * A text made of a part of its own and a part that many rows share (an explanation's product-specific
 * verdict, then the rule, status and scope its context gives): written exactly as its `text` would be.
 * The head is in pieces, texts and numbers (each number's text is String(n)). A CSV output makes the
 * tail's bytes once per distinct tail and copies them; in a quoted field it writes the head's numbers
 * without making their texts and copies the bytes of the texts rows repeat.
 */
export class JoinedText {
  constructor(
    readonly head: readonly (string | number)[],
    readonly tail: string,
  ) {}
  get text(): string {
    return this.head.join("") + this.tail;
  }
}

/** A number with its text (String(value)), or the number itself when it is not finite (written "#NUM!"). */
export function numberText(value: number): NumberText | number {
  return Number.isFinite(value) ? new NumberText(value, String(value)) : value;
}

/**
 * Number(t) when `t` is exactly String(Number(t)), known without writing the number, else NaN: `t` is
 * canonical decimal text (no sign but "-", no leading zeros, no trailing fraction zeros, no exponent) with
 * at most 15 significant digits (so no other text of at most as many digits reads as the same double, and
 * JavaScript's shortest round-trip digits are t's own), an integer part of at most 15 digits and, below 1,
 * at most 5 zeros after the point (JavaScript writes 1e-7 with an exponent); not "-0".
 *
 * In one pass over the characters (no regular expression: this runs for every money cell of a file, and a
 * match array per cell was most of what the tariff screen allocated). The digits without the leading zeros
 * are at most 15, so they make an integer below 10^15, and the fraction's length is at most 20, so
 * 10^length is an exact double too: one correctly rounded division gives the double nearest the decimal,
 * which is what Number(t) gives.
 */
export function canonicalNumber(t: string): number {
  const n = t.length;
  if (n === 0 || n > 32) return NaN;
  const neg = t.charCodeAt(0) === 45 ? 1 : 0;
  let i = neg;
  let c = t.charCodeAt(i);
  let m = 0;
  if (c === 48) i++;
  else if (c >= 49 && c <= 57) {
    m = c - 48;
    i++;
    while (i < n && (c = t.charCodeAt(i)) >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      i++;
    }
  } else return NaN;
  const intLen = i - neg;
  const zeroInt = intLen === 1 && t.charCodeAt(neg) === 48;
  if (i === n) {
    if (zeroInt) return neg ? NaN : 0;
    return intLen <= 15 ? (neg ? -m : m) : NaN;
  }
  if (t.charCodeAt(i) !== 46) return NaN;
  const from = ++i;
  while (i < n && (c = t.charCodeAt(i)) >= 48 && c <= 57) {
    m = m * 10 + (c - 48);
    i++;
  }
  if (i !== n || i === from || t.charCodeAt(n - 1) === 48) return NaN;
  const fracLen = n - from;
  if (zeroInt) {
    let z = 0;
    while (t.charCodeAt(from + z) === 48) z++;
    if (z > 5 || fracLen - z > 15) return NaN;
  } else if (intLen + fracLen > 15) return NaN;
  const v = m / POW10[fracLen];
  return neg ? -v : v;
}

/** An output cell: a value, an Excel error ("#N/A"), a date serial, a text repeated on many rows, or a number with its text. */
export type OutValue = number | string | boolean | null | { error: string } | { date: number } | TextRef | NumberText | JoinedText;

export interface OutputSpec {
  /** File path, or "-" for standard output (CSV only). */
  path: string;
  format: "csv" | "xlsx";
  /** CSV: the delimiter. */
  delimiter: string;
  /** No header block (CSV for concatenation): the column header and the rows only. */
  bare: boolean;
}

export interface Sink {
  readonly path: string;
  rows: number;
  write(rows: readonly (readonly OutValue[])[]): Promise<void>;
  /** Whether a number is written as its text (CSV), so that String(v) itself, a string, writes as v does. */
  readonly numbersAsText: boolean;
  /** The sink's table of repeated long texts (one per sink), for TextRef cells. */
  texts(): TextTable;
  /** Writes the status and closes the file. */
  finish(status: string): Promise<void>;
}

export type HeaderBlock = readonly (readonly [string, string])[];

/** The status written while the run goes on: a file left with it did not finish. */
export const RUNNING = "running (a file that still says so was not finished: the run stopped before its end)";
const STATUS_WIDTH = 240;

export function formatFromPath(p: string, given?: string): "csv" | "xlsx" {
  if (given) {
    const g = given.toLowerCase();
    if (g !== "csv" && g !== "xlsx") throw new RunError(`--format: "${given}" is not a format; use csv or xlsx`);
    return g;
  }
  return /\.xlsx$/i.test(p) ? "xlsx" : "csv";
}

export async function openSink(
  spec: OutputSpec,
  title: string,
  block: HeaderBlock,
  columns: readonly Column[],
  sheetName: string,
): Promise<Sink> {
  if (spec.format === "xlsx") {
    if (spec.path === "-") throw new RunError("XLSX cannot be written to standard output; give a file name (--out screen.xlsx)");
    return XlsxSink.open(spec, title, block, columns, sheetName);
  }
  return CsvSink.open(spec, title, block, columns);
}

/** A TextRef that reached a plain cell writer: only the sink whose table holds its text can write it (a bug). */
function unresolvedRef(): Error {
  return new Error("a TextRef is written by the sink whose table holds its text");
}

function csvCell(v: OutValue): string {
  if (v === null || v === undefined) return "";
  if (v instanceof TextRef) throw unresolvedRef();
  if (v instanceof NumberText || v instanceof JoinedText) return v.text;
  switch (typeof v) {
    case "string":
      return v;
    case "number":
      return Number.isFinite(v) ? String(v) : "#NUM!";
    case "boolean":
      return v ? "TRUE" : "FALSE";
  }
  if ("error" in v) return v.error;
  return isoFromSerial(v.date);
}

function openFile(p: string): number {
  try {
    return fs.openSync(p, "w");
  } catch (e) {
    throw new RunError(`${p} cannot be written (${(e as Error).message})`);
  }
}

/** Bytes written out at a time. */
const CSV_FLUSH = 1 << 20;
/** Long texts (explanations) whose CSV bytes are kept, so a text repeated on many rows is quoted and encoded once. */
const CSV_LONG = 64;
const CSV_ENCODED_MAX = 20_000;
/** Long texts looked up before deciding whether keeping them pays (see CsvSink.reuse). */
const REUSE_SAMPLE = 2_048;
/** Texts up to this length are copied byte by byte when plain ASCII (a call into the encoder costs more). */
const CSV_SHORT = 48;
/** The kept texts' first room (it doubles as they need). */
const KEPT_START = 1 << 20;
/** A kept text's handle is its offset × this + its length, so lengths stay below it (offsets below 2^33: exact doubles). */
const KEPT_MAX_LENGTH = 1 << 20;
/** Room for writeNumber: it writes at most 25 bytes ("-", "0." and 22 fraction digits: 5 zeros and 17 digits). */
const NUMBER_BYTES = 32;

const TWO48 = 2 ** 48;
const TWO53 = 2 ** 53;

/** Fraction digits writeNumber tries one at a time (money and its differences have few); past them, the 15-digit route. */
const FEW_DIGITS = 5;

/**
 * Writes String(v) (v finite) as ASCII at out[pos] without making the string; returns the position after
 * it, or -1 when it cannot tell (the caller then writes String(v)). An integer below 2^53 is its digits.
 * Otherwise: the fewest fraction digits d for which c = round(|v|·10^d) reads back as v (c / 10^d === |v|:
 * one correctly rounded division is exactly what reading the decimal c·10^-d gives). While |v|·10^d < 2^48,
 * 10^d·ulp(v) < 1/16, so (a) the product's rounding cannot move round() off the decimal of d digits that
 * reads back as v, (b) no two decimals of d or d+1 digits read back as v, and so (c) the first d found gives
 * the text with the fewest significant digits that reads back as v, and the only one: what
 * Number::toString writes (ECMA-262 6.1.6.1.20). Below 1e-6 toString writes an exponent: not done here.
 *
 * Up to FEW_DIGITS fraction digits are tried so; a value with more (a share rounded to 15 digits by
 * roundSum: trying each d up to 17 cost more than toString) takes the 15-digit route: with d putting
 * c's first digit 15th, c < 10^15 and c / 10^d === |v| make v the double nearest the decimal c·10^-d.
 * No other decimal of at most 15 significant digits reads back as v (such decimals are further apart
 * than an ulp of v), so that one, without its trailing zeros, is the shortest that does: what toString
 * writes. A value that is no such decimal (0.1 + 0.2, or a duty of 1738.0198500000001: a product one
 * ulp off the decimal) then takes writeLong, which finds its 16 or 17 digits.
 */
export function writeNumber(out: Uint8Array, pos: number, v: number): number {
  const a = v < 0 ? -v : v;
  let c = a;
  let d = 0;
  if (!Number.isInteger(a)) {
    if (!(a >= 1e-6)) return -1;
    for (;;) {
      const p = a * POW10[++d];
      if (d > FEW_DIGITS || !(p < TWO48)) {
        d = 14 - Math.floor(Math.log10(a));
        if (d < 0 || d > 22) return -1;
        const p15 = a * POW10[d];
        c = Math.round(p15);
        if (!(c < 1e15 && c / POW10[d] === a)) {
          // no decimal of at most 15 significant digits reads back as v, as long as d put the first digit 15th
          // (log10 can be off by one next to a power of ten; the product is within 1/16 of a·10^d)
          return p15 > 1e14 + 1 && p15 < 1e15 - 1 && d <= 20 ? writeLong(out, pos, v < 0, a, d) : -1;
        }
        // the trailing zeros: c < 2^50, so c / 10 is an integer exactly when 10 divides c
        for (let q = c / 10; Number.isInteger(q); q = c / 10) {
          c = q;
          d--;
        }
        break;
      }
      c = Math.round(p);
      // the division only where p is within 1/16 of c, as it is at the d sought (a cheap filter)
      if (Math.abs(p - c) < 0.125 && c / POW10[d] === a) break;
    }
  } else if (a >= TWO53) return -1;
  let n = 1;
  while (n < 16 && c >= POW10[n]) n++;
  const lo = c % 1e8;
  return writeDigits(out, pos, v < 0, (c - lo) / 1e8, lo, n, d);
}

/** Dekker's splitting constant, 2^27 + 1: x·SPLIT - (x·SPLIT - x) is x's upper 26 bits. */
const SPLIT = 134217729;
/** A double's bits, read through 32-bit words (the high word's index depends on the platform's byte order). */
const BITS = new Float64Array(1);
const WORDS = new Uint32Array(BITS.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * String(v) for a non-integer |v| = a in [1e-6, 1e15) that no decimal of at most 15 significant digits
 * reads back as (writeNumber has shown that, with d15 putting a's first digit 15th), written at out[pos];
 * or -1 when too close to call. Such a value's shortest digits are 16 or 17 (17 always suffice for a
 * double), at d = d15 + 1 or d15 + 2 fraction digits: for each d, the decimal sought is C·10^-d with C the
 * integer nearest a·10^d (any other of as many digits is further from a, and toString picks the nearest),
 * and it reads back as a exactly when |C - a·10^d| < ulp(a)·10^d / 2. C can pass 2^53, so a·10^d is taken
 * exactly as x + err (Dekker's product: x the rounded product, err its exact error) and C as
 * floor(x) + round(frac(x) + err); the distance and the bound are then known to within 2^-50 of numbers
 * at least 0.1, and anything within 10^-6 of a tie or of the bound is left to toString, as is a power of
 * two (the doubles below it are closer than those above, so the bound is not symmetric).
 */
function writeLong(out: Uint8Array, pos: number, neg: boolean, a: number, d15: number): number {
  BITS[0] = a;
  const high = WORDS[HIGH_WORD];
  const exponent = (high >>> 20) & 0x7ff;
  if ((high & 0xfffff) === 0 && WORDS[1 - HIGH_WORD] === 0) return -1;
  // half an ulp of a: 2^(exponent - 1075) / 2 (a is normal: a ≥ 1e-6)
  const halfUlp = 2 ** (exponent - 1076);
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  for (let d = d15 + 1; d <= d15 + 2; d++) {
    const P = POW10[d];
    t = SPLIT * P;
    const ph = t - (t - P);
    const pl = P - ph;
    const x = a * P;
    const err = ah * ph - x + ah * pl + al * ph + al * pl;
    const xi = Math.floor(x);
    const f = x - xi + err;
    const r = Math.round(f);
    const miss = Math.abs(f - r);
    const bound = halfUlp * P;
    if (Math.abs(miss - 0.5) < 1e-6 || Math.abs(miss - bound) < 1e-6) return -1;
    if (miss < bound) {
      // C = xi + r as hi·10^8 + lo: xi < 10^17 is a multiple of its ulp (at most 16, which divides 10^8), so
      // xi % 10^8 and (xi - xi % 10^8) / 10^8 are exact
      const xlo = xi % 1e8;
      let lo = xlo + r;
      let hi = (xi - xlo) / 1e8;
      if (lo >= 1e8) {
        lo -= 1e8;
        hi++;
      } else if (lo < 0) {
        lo += 1e8;
        hi--;
      }
      return writeDigits(out, pos, neg, hi, lo, hi >= 1e8 ? 17 : 16, d);
    }
  }
  return -1;
}

/**
 * The decimal (hi·10^8 + lo)·10^-d of n significant digits (hi < 10^9, lo < 10^8), "-" first when `neg`,
 * at out[pos]; returns the position after it.
 */
function writeDigits(out: Uint8Array, pos: number, neg: boolean, hi: number, lo: number, n: number, d: number): number {
  if (neg) out[pos++] = 45;
  // the digits right to left (zero-padded to d below 1), the point before the d-th; in int32 arithmetic
  const m = n > d ? n : d;
  const len = n > d ? n + (d > 0 ? 1 : 0) : d + 2;
  let i = pos + len - 1;
  let g = lo | 0;
  for (let k = 0; k < m; k++) {
    if (k === 8) g = hi | 0;
    if (k === d && d > 0) out[i--] = 46;
    const q = (g / 10) | 0;
    out[i--] = 48 + g - q * 10;
    g = q;
  }
  if (n <= d) {
    out[i--] = 46;
    out[i] = 48;
  }
  return pos + len;
}

class CsvSink implements Sink {
  rows = 0;
  readonly numbersAsText = true;
  /**
   * The output buffer, whose bytes not yet written are out[0, pos), and after it in the same memory the
   * TextTable's texts, store[out.length, out.length + keptBytes): a kept text is copied within `store`.
   */
  private store = Buffer.allocUnsafe(2 * CSV_FLUSH + KEPT_START);
  private out = this.store.subarray(0, 2 * CSV_FLUSH);
  private pos = 0;
  private keptBytes = 0;
  /** Kept texts too long for a handle's length (handle -1 - index): written as their field's text. */
  private keptLong: string[] = [];
  private table: TextTable | null = null;
  private statusAt = -1;
  private bare = false;
  private written = 0;
  private readonly encoded = new Map<string, Buffer>();
  /**
   * Whether looking long texts up in `encoded` pays: a BOM screen's explanations differ per product,
   * so after a sample with few repeats the lookups (hashing every long text) are dropped.
   */
  private reuse = true;
  private lookups = 0;
  private hits = 0;
  private readonly dates = new Map<number, string>();
  /** JoinedText tails: their field bytes (quotes doubled when `special`) and whether they need quotes. */
  private readonly tails = new Map<string, { special: boolean; bytes: Buffer }>();
  /** JoinedText head pieces' bytes in a quoted field (quotes doubled), but for short plain ASCII ones. */
  private readonly pieces = new Map<string, Buffer>();
  /** The delimiter's byte when it is ASCII, else -1 (written as text). */
  private readonly dByte: number;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly d: string,
  ) {
    const c = d.charCodeAt(0);
    this.dByte = d.length === 1 && c < 0x80 ? c : -1;
  }

  static async open(spec: OutputSpec, title: string, block: HeaderBlock, columns: readonly Column[]): Promise<CsvSink> {
    const fd = spec.path === "-" ? -1 : openFile(spec.path);
    const s = new CsvSink(spec.path, fd, spec.delimiter);
    s.bare = spec.bare;
    if (!spec.bare) {
      await s.raw(`# ${oneLine(title)}\n`);
      if (fd >= 0) {
        await s.flush();
        s.statusAt = s.written + Buffer.byteLength("# status: ");
        await s.raw(`# status: ${RUNNING.padEnd(STATUS_WIDTH)}\n`);
      } else await s.raw("# status: written at the end of the output\n");
      for (const [k, v] of block) await s.raw(`# ${k}: ${oneLine(v)}\n`);
    }
    await s.raw(
      csvLine(
        columns.map((c) => c.header),
        spec.delimiter,
      ),
    );
    await s.flush();
    return s;
  }

  /** Room for `n` more bytes (the buffer grows for a row longer than it). */
  private room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    this.resize(Math.max(2 * this.out.length, this.pos + n), this.store.length - this.out.length);
  }

  /** A new store with `outLength` bytes of output buffer and room for `keptRoom` bytes of kept texts. */
  private resize(outLength: number, keptRoom: number): void {
    const store = Buffer.allocUnsafe(outLength + keptRoom);
    this.store.copy(store, 0, 0, this.pos);
    this.store.copy(store, outLength, this.out.length, this.out.length + this.keptBytes);
    this.store = store;
    this.out = store.subarray(0, outLength);
  }

  texts(): TextTable {
    if (this.table === null)
      this.table = {
        add: (text: string): number => {
          const field = csvField(text, this.d);
          const n = Buffer.byteLength(field, "utf8");
          if (n >= KEPT_MAX_LENGTH) return -this.keptLong.push(field);
          const base = this.out.length;
          if (base + this.keptBytes + n > this.store.length)
            this.resize(base, Math.max(2 * (this.store.length - base), this.keptBytes + n));
          this.store.write(field, base + this.keptBytes, "utf8");
          const handle = this.keptBytes * KEPT_MAX_LENGTH + n;
          this.keptBytes += n;
          return handle;
        },
        clear: (): void => {
          this.keptBytes = 0;
          this.keptLong = [];
        },
      };
    return this.table;
  }

  /** A kept text's field: its bytes copied from the store (handle: offset × KEPT_MAX_LENGTH + length). */
  private kept(handle: number): void {
    if (handle < 0) {
      this.text(this.keptLong[-1 - handle]);
      return;
    }
    const n = handle % KEPT_MAX_LENGTH;
    this.room(n);
    const from = this.out.length + (handle - n) / KEPT_MAX_LENGTH;
    this.store.copyWithin(this.pos, from, from + n);
    this.pos += n;
  }

  /** Text as UTF-8 (texts are whole fields and line breaks, so no surrogate pair is ever cut). */
  private text(t: string): void {
    if (t.length === 0) return;
    this.room(3 * t.length);
    this.pos += this.out.write(t, this.pos);
  }

  private bytes(b: Buffer): void {
    this.room(b.length);
    this.out.set(b, this.pos);
    this.pos += b.length;
  }

  private async raw(text: string): Promise<void> {
    this.text(text);
    if (this.pos >= CSV_FLUSH) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pos === 0) return;
    const n = this.pos;
    this.pos = 0;
    if (this.fd >= 0) {
      let done = 0;
      while (done < n) done += fs.writeSync(this.fd, this.out, done, n - done);
    } else {
      // standard output may keep the bytes until it drains: give it its own copy
      const data = Buffer.from(this.out.subarray(0, n));
      if (!process.stdout.write(data)) await new Promise<void>((r) => process.stdout.once("drain", () => r()));
    }
    this.written += n;
  }

  /** A long text's field as CSV bytes (quoted when it needs to be), kept for the next rows that repeat it. */
  private longField(v: string): Buffer {
    let b = this.encoded.get(v);
    this.lookups++;
    if (b !== undefined) this.hits++;
    else if (this.lookups === REUSE_SAMPLE && this.hits * 4 < this.lookups) {
      // fewer than one long text in four repeated: stop keeping them (the bytes written are the same)
      this.reuse = false;
      this.encoded.clear();
    }
    if (b === undefined) {
      b = Buffer.from(csvField(v, this.d), "utf8");
      if (this.encoded.size >= CSV_ENCODED_MAX) this.encoded.clear();
      if (this.reuse) this.encoded.set(v, b);
    }
    return b;
  }

  /** A date cell's field (as csvCell and csvField make it, quoted if the delimiter is in it), kept per serial. */
  private dateField(serial: number): string {
    let t = this.dates.get(serial);
    if (t === undefined) {
      t = csvField(isoFromSerial(serial), this.d);
      if (this.dates.size >= 10_000) this.dates.clear();
      this.dates.set(serial, t);
    }
    return t;
  }

  async write(rows: readonly (readonly OutValue[])[]): Promise<void> {
    // Field by field into the 1 MiB buffer: no line string is built (with an explanation on every row a
    // batch would be tens of MB of text, built, copied to UTF-8 and collected), and numbers and short
    // ASCII texts are written as bytes directly, without a string per field.
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      for (let i = 0; i < r.length; i++) {
        if (i) this.delimiter();
        this.cell(r[i]);
      }
      this.room(1);
      this.out[this.pos++] = 10;
      if (this.pos >= CSV_FLUSH) await this.flush();
    }
    this.rows += rows.length;
  }

  private delimiter(): void {
    if (this.dByte >= 0) {
      this.room(1);
      this.out[this.pos++] = this.dByte;
    } else this.text(this.d);
  }

  /** One cell, as csvField(csvCell(v)) writes it. */
  private cell(v: OutValue): void {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) this.ascii("#NUM!");
      else this.number(v);
    } else if (typeof v === "string") {
      if (v.length > CSV_LONG && this.reuse) {
        // long texts (explanations) repeat: the same text is quoted and encoded once
        this.bytes(this.longField(v));
      } else this.field(v);
    } else if (v === null || v === undefined) return;
    else if (v instanceof NumberText) this.field(v.text);
    else if (v instanceof TextRef) this.kept(v.handle);
    else if (v instanceof JoinedText) this.joined(v);
    else if (typeof v === "object" && "date" in v) this.text(this.dateField(v.date));
    else this.field(csvCell(v));
  }

  /**
   * A text as csvField writes it. A short one is copied byte by byte while it is plain ASCII with nothing
   * to quote (the common case: ids, codes, statuses); any other goes through csvField and the encoder.
   */
  private field(s: string): void {
    const n = s.length;
    if (n > CSV_SHORT) {
      this.text(csvField(s, this.d));
      return;
    }
    this.room(n);
    const o = this.out;
    const dc = this.dByte;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === 34 || c === 10 || c === 13 || c === dc) {
        this.text(csvField(s, this.d));
        return;
      }
      o[p++] = c;
    }
    this.pos = p;
  }

  /** String(v) of a finite number, without making the string when writeNumber can tell it. */
  private number(v: number): void {
    this.room(NUMBER_BYTES);
    const p = writeNumber(this.out, this.pos, v);
    if (p >= 0) this.pos = p;
    else this.ascii(String(v));
  }

  /** ASCII text known to need no quotes ("#NUM!", a number's digits). */
  private ascii(s: string): void {
    const n = s.length;
    this.room(n);
    const o = this.out;
    let p = this.pos;
    for (let i = 0; i < n; i++) o[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /**
   * The text as csvField writes it: quoted when the head or the tail has a character that needs quotes,
   * each part's quotes doubled (quoting and doubling are character by character, so the parts and the
   * head's pieces can be done apart). The tail's bytes are made once per distinct tail.
   */
  private joined(v: JoinedText): void {
    let t = this.tails.get(v.tail);
    if (t === undefined) {
      const special = needsQuotes(v.tail, this.d);
      t = { special, bytes: Buffer.from(special ? v.tail.replace(/"/g, '""') : v.tail, "utf8") };
      if (this.tails.size >= 1000) this.tails.clear();
      this.tails.set(v.tail, t);
    }
    if (t.special) {
      // quoted whatever the head holds: its pieces as they are (a number's text has no quote)
      this.ascii('"');
      for (const x of v.head) {
        if (typeof x === "number") {
          if (Number.isFinite(x)) this.number(x);
          else this.ascii(String(x));
        } else this.quotedPiece(x);
      }
      this.bytes(t.bytes);
      this.ascii('"');
      return;
    }
    const head = v.head.join("");
    if (needsQuotes(head, this.d)) {
      this.ascii('"');
      this.text(head.indexOf('"') === -1 ? head : head.replace(/"/g, '""'));
      this.bytes(t.bytes);
      this.ascii('"');
    } else {
      this.text(head);
      this.bytes(t.bytes);
    }
  }

  /**
   * A text inside a quoted field, its quotes doubled: short plain ASCII (a ratio's percent) copied byte
   * by byte; any other (a verdict, the text after the percent) encoded once and its bytes kept.
   */
  private quotedPiece(s: string): void {
    const n = s.length;
    if (n <= CSV_SHORT) {
      this.room(n);
      const o = this.out;
      let p = this.pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80 || c === 34) break;
        o[p++] = c;
      }
      if (i === n) {
        this.pos = p;
        return;
      }
    }
    let b = this.pieces.get(s);
    if (b === undefined) {
      b = Buffer.from(s.replace(/"/g, '""'), "utf8");
      if (this.pieces.size >= 1000) this.pieces.clear();
      this.pieces.set(s, b);
    }
    this.bytes(b);
  }

  async finish(status: string): Promise<void> {
    if (this.fd < 0) {
      // the status is the last line, as for a bare file only when the run did not complete
      if (!this.bare || !status.startsWith("complete")) await this.raw(`# status: ${oneLine(status)}\n`);
      await this.flush();
      return;
    }
    await this.flush();
    if (this.statusAt >= 0) {
      const text = Buffer.from(oneLine(status).slice(0, STATUS_WIDTH).padEnd(STATUS_WIDTH), "utf8").subarray(0, STATUS_WIDTH);
      fs.writeSync(this.fd, text, 0, text.length, this.statusAt);
    } else if (!status.startsWith("complete")) {
      // bare output has no header block: an unfinished one ends with a line saying so
      const t = Buffer.from(`# status: ${oneLine(status)}\n`, "utf8");
      fs.writeSync(this.fd, t);
    }
    fs.closeSync(this.fd);
  }
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, " ");
}

// ---------------------------------------------------------------------------
// XLSX

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel's last row. */
export const MAX_ROWS = 1_048_576;

/** Fills of the template workbooks (scripts/build-templates.cjs). */
const FILL = { title: "FFDDEBF7", header: "FFD9E1F2", stamp: "FFFCE4D6" };

/** Number formats of the template workbooks, by column kind. */
const NUMFMT: Partial<Record<ColumnKind, string>> = {
  money: "#,##0.00",
  ratio: "0.000%",
  rate: "0.0%",
  date: "yyyy-mm-dd",
  headroom: "#,##0.00;[Red]-#,##0.00",
};

const WIDTH: Record<ColumnKind, number> = {
  text: 16,
  int: 9,
  money: 14,
  ratio: 10,
  rate: 10,
  date: 12,
  bool: 12,
  explain: 100,
  headroom: 14,
};

/** Cell style ids (cellXfs order in STYLES below). */
const XF = { title: 1, stamp: 2, label: 3, header: 4, money: 5, ratio: 6, rate: 7, date: 8, headroom: 9 } as const;

const STYLES =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
  `<numFmts count="5"><numFmt numFmtId="164" formatCode="${xmlText(NUMFMT.money!)}"/><numFmt numFmtId="165" formatCode="${xmlText(NUMFMT.ratio!)}"/><numFmt numFmtId="166" formatCode="${xmlText(NUMFMT.rate!)}"/><numFmt numFmtId="167" formatCode="${xmlText(NUMFMT.date!)}"/><numFmt numFmtId="168" formatCode="${xmlText(NUMFMT.headroom!)}"/></numFmts>` +
  '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><i/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  `<fills count="5"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="${FILL.title}"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="${FILL.stamp}"/><bgColor indexed="64"/></patternFill></fill><fill><patternFill patternType="solid"><fgColor rgb="${FILL.header}"/><bgColor indexed="64"/></patternFill></fill></fills>` +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="10">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="4" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  "</cellXfs>" +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
  "</styleSheet>";

function kindStyle(k: ColumnKind): number {
  switch (k) {
    case "money":
      return XF.money;
    case "ratio":
      return XF.ratio;
    case "rate":
      return XF.rate;
    case "date":
      return XF.date;
    case "headroom":
      return XF.headroom;
    default:
      return 0;
  }
}

function numText(n: number): string {
  return String(n);
}

/** One cell's XML (values only). `s`: the style id for numbers. */
function cellXml(ref: string, cell: OutValue, s: number): string {
  const v = cell instanceof JoinedText ? cell.text : cell instanceof NumberText ? cell.value : cell;
  if (v === null || v === undefined || v === "") return "";
  if (v instanceof TextRef) throw unresolvedRef();
  const st = s ? ` s="${s}"` : "";
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? `<c r="${ref}"${st}><v>${numText(v)}</v></c>` : `<c r="${ref}" t="e"><v>#NUM!</v></c>`;
    case "boolean":
      return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
    case "string":
      return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
  }
  if ("error" in v) return `<c r="${ref}" t="e"><v>${xmlText(v.error)}</v></c>`;
  return `<c r="${ref}" s="${XF.date}"><v>${v.date}</v></c>`;
}

class XlsxSink implements Sink {
  rows = 0;
  readonly numbersAsText = false;
  private sheet: ZipStream | null = null;
  private sheetRow = 0;
  private readonly sheets: string[] = [];
  private buf: string[] = [];
  private size = 0;
  private readonly styles: number[];
  private readonly refs: string[];
  /** The TextTable's texts, by handle. */
  private kept: string[] = [];
  private table: TextTable | null = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly zip: ZipFile,
    private readonly title: string,
    private readonly block: HeaderBlock,
    private readonly columns: readonly Column[],
    private readonly sheetName: string,
  ) {
    this.styles = columns.map((c) => kindStyle(c.kind));
    this.refs = columns.map((_, i) => a1(0, i).replace(/\d+$/, ""));
  }

  static async open(spec: OutputSpec, title: string, block: HeaderBlock, columns: readonly Column[], sheetName: string): Promise<XlsxSink> {
    const fd = openFile(spec.path);
    const s = new XlsxSink(spec.path, fd, new ZipFile(fd), title, spec.bare ? [] : block, columns, sheetName);
    await s.startSheet();
    return s;
  }

  private async startSheet(): Promise<void> {
    const n = this.sheets.length + 1;
    const name = n === 1 ? this.sheetName : `${this.sheetName} (${n})`.slice(0, 31);
    this.sheets.push(name);
    this.sheet = this.zip.stream(`xl/worksheets/sheet${n}.xml`);
    const head: string[] = [];
    let r = 0;
    const row = (cells: string) => {
      r++;
      head.push(`<row r="${r}">${cells}</row>`);
    };
    if (n === 1) {
      if (this.block.length) {
        row(`<c r="A${r + 1}" s="${XF.title}" t="inlineStr"><is><t xml:space="preserve">${xmlText(this.title)}</t></is></c>`);
        // the status: shared string 0, whose text is written at the end (xl/sharedStrings.xml)
        row(`<c r="A${r + 1}" s="${XF.label}" t="inlineStr"><is><t>status</t></is></c><c r="B${r + 1}" s="${XF.stamp}" t="s"><v>0</v></c>`);
        for (const [k, v] of this.block)
          row(
            `<c r="A${r + 1}" s="${XF.label}" t="inlineStr"><is><t xml:space="preserve">${xmlText(k)}</t></is></c><c r="B${r + 1}" s="${XF.stamp}" t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`,
          );
        r++; // a blank row before the table
      }
    } else {
      row(
        `<c r="A${r + 1}" s="${XF.stamp}" t="inlineStr"><is><t xml:space="preserve">${xmlText(`continued from sheet "${this.sheets[n - 2]}" (Excel's last row is ${MAX_ROWS.toLocaleString("en-US")})`)}</t></is></c>`,
      );
    }
    const hr = r + 1;
    row(
      this.columns
        .map(
          (c, i) =>
            `<c r="${this.refs[i]}${hr}" s="${XF.header}" t="inlineStr"><is><t xml:space="preserve">${xmlText(c.header)}</t></is></c>`,
        )
        .join(""),
    );
    const cols = this.columns
      .map(
        (c, i) =>
          `<col min="${i + 1}" max="${i + 1}" width="${i === 0 && n === 1 && this.block.length ? Math.max(WIDTH[c.kind], 18) : WIDTH[c.kind]}" customWidth="1"/>`,
      )
      .join("");
    await this.sheet.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">` +
        `<sheetViews><sheetView workbookViewId="0"${n === 1 ? ' tabSelected="1"' : ""}><pane ySplit="${hr}" topLeftCell="A${hr + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>${head.join("")}`,
    );
    this.sheetRow = hr;
  }

  private async endSheet(): Promise<void> {
    await this.flush();
    await this.sheet!.write("</sheetData></worksheet>");
    await this.sheet!.end();
    this.sheet = null;
  }

  private async flush(): Promise<void> {
    if (!this.buf.length) return;
    const t = this.buf.join("");
    this.buf = [];
    this.size = 0;
    await this.sheet!.write(t);
  }

  async write(rows: readonly (readonly OutValue[])[]): Promise<void> {
    for (const cells of rows) {
      if (this.sheetRow >= MAX_ROWS) {
        await this.endSheet();
        await this.startSheet();
      }
      const r = ++this.sheetRow;
      let x = `<row r="${r}">`;
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        x += cellXml(`${this.refs[i]}${r}`, c instanceof TextRef ? this.kept[c.handle] : c, this.styles[i]);
      }
      x += "</row>";
      this.buf.push(x);
      this.size += x.length;
      this.rows++;
      if (this.size >= 1 << 20) await this.flush();
    }
  }

  texts(): TextTable {
    if (this.table === null)
      this.table = {
        add: (text: string): number => this.kept.push(text) - 1,
        clear: (): void => {
          this.kept = [];
        },
      };
    return this.table;
  }

  async finish(status: string): Promise<void> {
    await this.endSheet();
    const zip = this.zip;
    zip.add(
      "xl/sharedStrings.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si><t xml:space="preserve">${xmlText(status)}</t></si></sst>`,
    );
    zip.add("xl/styles.xml", STYLES);
    const sheets = this.sheets.map((s, i) => `<sheet name="${xmlText(s)}" sheetId="${i + 1}" r:id="rIdS${i + 1}"/>`).join("");
    zip.add(
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheets}</sheets><calcPr calcId="${CALC_ID}"/></workbook>`,
    );
    zip.add(
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${this.sheets.map((_, i) => `<Relationship Id="rIdS${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("")}<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rIdStrings" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    );
    zip.add(
      "docProps/core.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xmlText(this.title)}</dc:title><dc:creator>Rare Earth Trade Modeler</dc:creator></cp:coreProperties>`,
    );
    zip.add(
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    );
    zip.add(
      "[Content_Types].xml",
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        this.sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join("") +
        "</Types>",
    );
    zip.finish();
    fs.closeSync(this.fd);
  }
}

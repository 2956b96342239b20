/**
 * `trade-screen bom`: China's 0.1% rule (MOFCOM Ann. 61/2025 cl. 1(1)) over a whole portfolio's
 * bills of materials, with the functions' own core.
 *
 * Per BOM line (streamed, as it is read): the checks and the reading of CN_CONTROLLED_VALUE for one
 * line, so a bad line gets the function's message (with the file's line number); whether it
 * counts toward the numerator, and why. Per product, once all its lines are read: its
 * China-origin Part 1 value exactly as CN_CONTROLLED_VALUE computes it over the product's lines
 * (the same compensated sum in the same order, rounded by the core's roundSum, and the rule's own
 * in-force gate), then CN_LICENSE_REQUIRED, CN_LICENSE_EXPLAIN, CN_HEADROOM and RAREEARTH_SHARE
 * (the ratio) called on columns of products, as a sheet would call them.
 *
 * Grouping: a product's lines may be anywhere in the file, so a product is decided only after the
 * whole input is read. Lines are not kept: a product in memory is a running sum, a line count, its
 * product value and type (about 150 bytes with its id and its index entry). Up to
 * --products-in-memory products (250,000 by default) are held; the lines of products first seen
 * after that are written to temporary partition files by a hash of the product id and each
 * partition is grouped afterwards the same way (again partitioned if it is itself too large).
 * Memory is therefore bounded whatever the size of the input; what grouping costs is one write and
 * one read of the spilled records (about 40 bytes per line) when a portfolio has more products than
 * the budget, and nothing otherwise.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  cnControlledValue,
  cnHeadroom,
  cnLicenseExplainParts,
  cnLicenseRequired,
  neumaierError,
  rareEarthShare,
  resolveItem,
  roundSum,
  ruleContext,
  theRule,
  toRegime,
  toScope,
  REGIMES,
  SCOPES,
} from "../core/china";
import type { ItemInfo, Regime, Scope } from "../core/china";
import { countryOf } from "../core/country";
import type { Country } from "../core/country";
import { isoFromSerial } from "../core/dates";
import { TradeError, asTradeError } from "../core/errors";
import { isBlank, toNumber } from "../core/input";
import { FieldDef, keepColumns, resolveColumns } from "./columns";
import { RunError } from "./errors";
import { Column, HeaderBlock, JoinedText, OutValue, OutputSpec, Sink, openSink } from "./output";
import { ErrorLog, Interrupt, Io, Progress, RunResult, batchDone, codeOf, columnOf, looksDecimalComma, numberCell, own } from "./run";
import { InputSpec, Row, Table, openTable } from "./table";

const PRODUCT_NAMES = ["product id", "product code", "product no", "product number", "part", "part no", "part number"];

export const LINE_FIELDS: readonly FieldDef[] = [
  { key: "product", aliases: PRODUCT_NAMES, required: true, what: "the product each BOM line belongs to" },
  {
    key: "line_value",
    aliases: ["line value", "line values", "value", "line amount", "amount"],
    required: true,
    what: "the value of the BOM line, in the product value's currency",
  },
  {
    key: "item",
    aliases: ["line item", "line items", "rare-earth item", "material"],
    required: true,
    what: 'the line\'s item: an Annex 1 Part 1 item ("Dy", "TbFe alloy"), another rare-earth item or "other"',
  },
  {
    key: "origin",
    aliases: ["line origin", "line origins", "country of origin", "coo", "origin country"],
    required: true,
    what: "the line's origin country",
  },
  { key: "product_value", aliases: ["product value"], what: "the product's value" },
  { key: "product_type", aliases: ["product type", "type"], what: 'the product type: "magnet", "target", "component" or "other"' },
];

export const PRODUCT_FIELDS: readonly FieldDef[] = [
  { key: "product", aliases: PRODUCT_NAMES, required: true, what: "the product id, as in the BOM lines" },
  { key: "product_value", aliases: ["product value", "value"], required: true, what: "the product's value" },
  { key: "product_type", aliases: ["product type", "type"], what: 'the product type: "magnet", "target", "component" or "other"' },
];

export interface Variant {
  /** as_of as given ("2026-12-01"), or null for the calculation date. */
  asOf: string | null;
  regime: Regime;
  scope: Scope;
  /** The rule (cl. 1(1)) is in force on the date under the regime: lines count. */
  inForce: boolean;
  date: number;
  label: string;
}

export interface BomOptions {
  lines: InputSpec;
  products?: InputSpec;
  map: ReadonlyMap<string, string>;
  keep: readonly string[];
  variants: readonly Variant[];
  out: OutputSpec;
  linesOut?: OutputSpec;
  decimalComma: boolean;
  productsInMemory: number;
  tempDir?: string;
  today: number;
  /** Write CN_LICENSE_EXPLAIN's text per product (off: --no-explain). */
  explain: boolean;
}

/** The screen's variants from --as-of, --regime and --scope (lists, or "all"); the first is the primary one. */
export function bomVariants(asOfs: readonly string[], regimes: readonly string[], scopes: readonly string[], today: number): Variant[] {
  const regs = expandAll(regimes, REGIMES).map((r) => optionOrRun(() => toRegime(r), "--regime"));
  const scs = expandAll(scopes, SCOPES).map((s) => optionOrRun(() => toScope(s), "--scope"));
  const dates = asOfs.length ? asOfs : [""];
  const out: Variant[] = [];
  for (const d of dates) {
    for (const regime of regs) {
      for (const scope of scs) {
        const asOf = d.trim() === "" ? null : d.trim();
        const ctx = optionOrRun(() => ruleContext(null, asOf, regime, scope, () => today), "--as-of");
        const label = `${isoFromSerial(ctx.date)}, ${regime}, ${scope}`;
        // one column per distinct combination ("2026-12-01" given twice, or as a date and as the calculation date)
        if (out.some((v) => v.label === label)) continue;
        out.push({ asOf, regime, scope, inForce: ctx.inForce, date: ctx.date, label });
      }
    }
  }
  return out;
}

function expandAll(list: readonly string[], all: readonly string[]): string[] {
  if (!list.length) return [all[0]];
  const out: string[] = [];
  for (const x of list) {
    if (x.trim().toLowerCase() === "all") out.push(...all);
    else out.push(x);
  }
  return [...new Set(out)];
}

function optionOrRun<T>(f: () => T, option: string): T {
  try {
    return f();
  } catch (e) {
    const m = asTradeError(e).message.replace(/^(as_of|regime|scope)\b/, option);
    throw new RunError(m.startsWith(option) ? m : `${option}: ${m}`);
  }
}

// ---------------------------------------------------------------------------
// One BOM line

/** A product's line: blank (the function skips it), read, or in error. */
const BLANK = 0;
const LINE = 1;
const ERROR = 2;

/**
 * Reads BOM lines as CN_CONTROLLED_VALUE reads them. The common line (a number, 0 or more, with an
 * item and an origin text already resolved) costs two Map lookups, as in the function's own hot loop
 * (a value of 0 too: with an item and an origin given the line is not blank, and the function reads
 * it as a line of value 0); anything else is checked by CN_CONTROLLED_VALUE itself on that one line,
 * so its message and its blank-line rule are the function's.
 */
export class LineReader {
  private readonly items = new Map<string, ItemInfo | null>();
  private readonly origins = new Map<string, Country | null>();
  /** A date on which the rule is in force under "in_force": the one-line check then validates every line. */
  private readonly checkDate: number;
  v = 0;
  it: ItemInfo | null = null;
  o: Country | null = null;
  error: TradeError | null = null;

  constructor() {
    this.checkDate = theRule().clause.effective;
  }

  item(text: string): ItemInfo | null {
    let r = this.items.get(text);
    if (r === undefined) {
      try {
        r = resolveItem(text.trim(), "line_items");
      } catch {
        r = null;
      }
      if (this.items.size >= 100_000) this.items.clear();
      this.items.set(own(text), r);
    }
    return r;
  }

  origin(text: string): Country | null {
    let r = this.origins.get(text);
    if (r === undefined) {
      try {
        const t = text.trim();
        r = t === "" || t.charCodeAt(0) === 35 ? null : countryOf(t, "line_origins");
      } catch {
        r = null;
      }
      if (this.origins.size >= 100_000) this.origins.clear();
      this.origins.set(own(text), r);
    }
    return r;
  }

  /** Reads one line (`line`: its line in the file, for messages). Sets v, it, o or error. */
  read(vRaw: unknown, itRaw: unknown, oRaw: unknown, line: number): number {
    if (typeof vRaw === "number" && vRaw >= 0 && vRaw < Infinity && typeof itRaw === "string" && typeof oRaw === "string") {
      const it = this.item(itRaw);
      const o = it ? this.origin(oRaw) : null;
      if (it && o) {
        this.v = vRaw;
        this.it = it;
        this.o = o;
        return LINE;
      }
    }
    let r: number | "";
    try {
      r = cnControlledValue([[vRaw]], [[itRaw]], [[oRaw]], this.checkDate, "in_force");
    } catch (e) {
      this.error = atLine(asTradeError(e), line);
      return ERROR;
    }
    if (r === "") return BLANK;
    this.v = vRaw === null || vRaw === undefined || isBlank(vRaw) ? 0 : toNumber(vRaw, "line_values");
    this.it = typeof itRaw === "string" ? this.item(itRaw) : null;
    this.o = typeof oRaw === "string" ? this.origin(oRaw) : null;
    return LINE;
  }
}

/** The one-line check's "line 1" → the line in the file. */
function atLine(e: TradeError, line: number): TradeError {
  const m = /line 1(?!\d)/.exec(e.message);
  if (!m) return e;
  return new TradeError(e.kind, e.message.slice(0, m.index) + `line ${line}` + e.message.slice(m.index + 6));
}

/** Part 1 item of China origin (counts while the rule is in force). */
function isChinaPart1(it: ItemInfo | null, o: Country | null): boolean {
  return !!(it && o && it.part1 && o.iso2 === "CN");
}

// ---------------------------------------------------------------------------
// Products: running sums, with hash partitions on disk past the memory budget

interface StoredError {
  code: string;
  message: string;
  line: number;
  file: number;
}

const HAS_ROW = 1;
const IN_ERROR = 2;
const HAS_PV = 4;
const HAS_TYPE = 8;
const HAS_PV_NUM = 16;

/** FNV-1a of a string, seeded per partitioning level. */
function hash(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function esc(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : s;
}
function unesc(s: string): string {
  return s.indexOf("\\") === -1 ? s : s.replace(/\\(.)/g, (_, c: string) => (c === "t" ? "\t" : c === "n" ? "\n" : c === "r" ? "\r" : c));
}
/** A product value or type cell in a partition file. */
function enc(v: unknown): string {
  if (v === null || v === undefined) return "_";
  if (typeof v === "number") return `n${v}`;
  if (typeof v === "boolean") return v ? "b1" : "b0";
  if (v instanceof TradeError) return `e${v.kind}\u001f${esc(v.message)}`;
  return `s${esc(String(v))}`;
}
function dec(s: string): unknown {
  switch (s.charAt(0)) {
    case "_":
      return null;
    case "n":
      return Number(s.slice(1));
    case "b":
      return s === "b1";
    case "e": {
      const i = s.indexOf("\u001f");
      return new TradeError(s.slice(1, i) as TradeError["kind"], unesc(s.slice(i + 1)));
    }
    default:
      return unesc(s.slice(1));
  }
}

/**
 * The partition files of one level. Records are encoded into a byte buffer per partition as they come
 * (not kept as strings until a flush: strings waiting that long survive young-generation collections and
 * make every full collection slower).
 */
class Partitions {
  private readonly fds: number[] = [];
  private readonly bufs: Buffer[] = [];
  private readonly used: number[] = [];
  readonly paths: string[] = [];
  readonly records: number[] = [];
  private static readonly SIZE = 1 << 18;

  constructor(
    dir: string,
    readonly count: number,
    readonly seed: number,
    tag: string,
  ) {
    for (let i = 0; i < count; i++) {
      const p = path.join(dir, `${tag}-${i}.txt`);
      this.paths.push(p);
      this.fds.push(fs.openSync(p, "w"));
      this.bufs.push(Buffer.allocUnsafe(Partitions.SIZE));
      this.used.push(0);
      this.records.push(0);
    }
  }

  write(key: string, record: string): void {
    const i = hash(key, this.seed) % this.count;
    this.records[i]++;
    // a UTF-16 unit is at most 3 bytes of UTF-8
    if (this.used[i] + record.length * 3 > Partitions.SIZE) {
      this.flush(i);
      if (record.length * 3 > Partitions.SIZE) {
        fs.writeSync(this.fds[i], record);
        return;
      }
    }
    this.used[i] += this.bufs[i].write(record, this.used[i]);
  }

  private flush(i: number): void {
    if (!this.used[i]) return;
    let done = 0;
    while (done < this.used[i]) done += fs.writeSync(this.fds[i], this.bufs[i], done, this.used[i] - done);
    this.used[i] = 0;
  }

  close(): void {
    for (let i = 0; i < this.count; i++) {
      this.flush(i);
      fs.closeSync(this.fds[i]);
    }
  }
}

/**
 * Every record of a partition file, in the order written, 64 KiB at a time (a read's records are alive
 * until all are replayed: with 1 MiB reads, ~25,000 of them outlived young collections and were promoted).
 */
async function* partitionRecords(file: string): AsyncGenerator<string[]> {
  const fd = fs.openSync(file, "r");
  const buf = Buffer.allocUnsafe(1 << 16);
  let tail = "";
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      const text = tail + buf.toString("utf8", 0, n);
      const last = text.lastIndexOf("\n");
      tail = text.slice(last + 1);
      const lines = text.slice(0, last).split("\n");
      yield lines;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (tail) yield [tail];
}

/** A product id's hash in KeyIndex (FNV-1a over its UTF-16 units, the high bits folded in). */
function keyHash(key: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h ^ (h >>> 15);
}

/** Int32s per KeyIndex entry: hash, slot + 1, length, then the id's first 10 UTF-16 units two to an int. */
const E = 8;
const INLINE = 10;

/**
 * Product ids → slots. Products come in random order, so every lookup is a cache miss; a Map's costs
 * three (its bucket, its entry, the stored key's text). Here an open-addressing table of E-int entries
 * holds, for an id of up to INLINE units, everything the lookup compares, so it costs one; a longer id is
 * also compared with its stored key.
 */
class KeyIndex {
  private table: Int32Array<ArrayBuffer> = new Int32Array(E * 1024);
  private mask = 1023;
  private size = 0;
  /** The units of the key last looked up, packed as in an entry, and where it goes if absent. */
  private readonly packed = new Int32Array(INLINE / 2);
  private hash = 0;
  private free = 0;

  /** The slot of `key` (`keys`: the stored keys by slot), or -1; then set() adds it. */
  get(key: string, keys: readonly string[]): number {
    const n = key.length;
    const w = this.packed;
    w.fill(0);
    for (let i = 0; i < n && i < INLINE; i++) {
      const c = key.charCodeAt(i);
      w[i >> 1] |= i & 1 ? c : c << 16;
    }
    const h = (this.hash = keyHash(key));
    const t = this.table;
    const mask = this.mask;
    for (let pos = h & mask; ; pos = (pos + 1) & mask) {
      const b = pos * E;
      const s = t[b + 1];
      if (s === 0) {
        this.free = b;
        return -1;
      }
      if (
        t[b] === h &&
        t[b + 2] === n &&
        t[b + 3] === w[0] &&
        t[b + 4] === w[1] &&
        t[b + 5] === w[2] &&
        t[b + 6] === w[3] &&
        t[b + 7] === w[4] &&
        (n <= INLINE || keys[s - 1] === key)
      )
        return s - 1;
    }
  }

  /** Reads the entries where hashes `hs` start, and the record (R numbers a slot) of each that holds its hash. */
  touch(hs: Int32Array, rec: Float64Array): number {
    const t = this.table;
    const mask = this.mask;
    let sum = 0;
    for (let k = 0; k < hs.length; k++) {
      const b = (hs[k] & mask) * E;
      if (t[b] === hs[k] && t[b + 1] > 0) sum += rec[(t[b + 1] - 1) * R];
    }
    return sum;
  }

  /** Adds the key get() just did not find, at `slot`. */
  set(slot: number, length: number): void {
    const t = this.table;
    const b = this.free;
    t[b] = this.hash;
    t[b + 1] = slot + 1;
    t[b + 2] = length;
    t.set(this.packed, b + 3);
    if (++this.size * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const old = this.table;
    const cap = (this.mask + 1) * 2;
    const t = new Int32Array(cap * E);
    const mask = cap - 1;
    for (let b = 0; b < old.length; b += E) {
      if (old[b + 1] === 0) continue;
      let pos = old[b] & mask;
      while (t[pos * E + 1] !== 0) pos = (pos + 1) & mask;
      // int by int: a subarray to copy from would be an object made per entry
      const n = pos * E;
      for (let k = 0; k < E; k++) t[n + k] = old[b + k];
    }
    this.table = t;
    this.mask = mask;
  }

  clear(): void {
    this.table = new Int32Array(E * 1024);
    this.mask = 1023;
    this.size = 0;
  }

  /** The table, leaving this one empty (for another index to adopt). */
  take(): Int32Array<ArrayBuffer> {
    const t = this.table;
    this.clear();
    return t;
  }

  /** Takes `table` (from take()), cleared, as this index's table. */
  adopt(table: Int32Array<ArrayBuffer>): void {
    table.fill(0);
    this.table = table;
    this.mask = table.length / E - 1;
    this.size = 0;
  }
}

/**
 * A product's numbers, side by side in one record of R doubles (products are met in random order, so
 * fields in separate arrays would each cost a cache miss per line; one record is one or two lines of cache).
 */
const R = 8;
/** CN_CONTROLLED_VALUE's running (Neumaier) sum and its compensation. */
const SUM = 0;
const COMP = 1;
/** BOM lines read. */
const LINES = 2;
/** The product value when it is a number (HAS_PV_NUM): kept here, not boxed in Products.pv (see pvOf). */
const PV_NUM = 3;
const FLAGS = 4;
/** The line of the product's first BOM line, and of its first product row (HAS_ROW). */
const FIRST = 5;
const ROW_LINE = 6;
/** The number of the raw product_type text last found equal to the product's type (0: none). */
const TYPE_TEXT = 7;

/** A decided level's arrays, reused by the next partition's products. */
interface Spare {
  rec: Float64Array<ArrayBuffer>;
  firstFile: Uint8Array<ArrayBuffer>;
  rowFile: Uint8Array<ArrayBuffer>;
  table: Int32Array<ArrayBuffer>;
}

class Products {
  readonly index = new KeyIndex();
  n = 0;
  keys: string[] = [];
  rec = new Float64Array(1024 * R);
  firstFile = new Uint8Array(1024);
  rowFile = new Uint8Array(1024);
  /** Product values that are not numbers (see pvOf). */
  pv: unknown[] = [];
  /** Product types; equal texts are one shared string (see typeName). */
  type: unknown[] = [];
  errors = new Map<number, StoredError>();
  spill: Partitions | null = null;

  constructor(
    private readonly max: number,
    private readonly depth: number,
    private readonly dir: () => string,
    private readonly estimate: () => number,
    spare?: Spare,
  ) {
    if (spare && spare.firstFile.length) {
      // a decided level's arrays, cleared: as new ones of their size
      spare.rec.fill(0);
      spare.firstFile.fill(0);
      spare.rowFile.fill(0);
      this.rec = spare.rec;
      this.firstFile = spare.firstFile;
      this.rowFile = spare.rowFile;
    }
    if (spare) this.index.adopt(spare.table);
  }

  private grow(): void {
    const cap = this.firstFile.length * 2;
    const g = <T extends Float64Array | Uint8Array>(a: T, n: number): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.rec = g(this.rec, cap * R);
    this.firstFile = g(this.firstFile, cap);
    this.rowFile = g(this.rowFile, cap);
  }

  lines(i: number): number {
    return this.rec[i * R + LINES];
  }
  flags(i: number): number {
    return this.rec[i * R + FLAGS];
  }
  first(i: number): number {
    return this.rec[i * R + FIRST];
  }
  rowLine(i: number): number {
    return this.rec[i * R + ROW_LINE];
  }
  /**
   * The product's value. A number stays in the record: boxed in an array, each product's would be
   * one more object for every full collection to mark, and one more cache miss to read.
   */
  pvOf(i: number): unknown {
    const b = i * R;
    return this.rec[b + FLAGS] & HAS_PV_NUM ? this.rec[b + PV_NUM] : this.pv[i];
  }
  /** CN_CONTROLLED_VALUE's compensated sum before its rounding. */
  total(i: number): number {
    return this.rec[i * R + SUM] + this.rec[i * R + COMP];
  }

  /** Numbers of the raw product_type texts met (see TYPE_TEXT); never reused, so a number kept from before a clear matches no later text. */
  private readonly typeTexts = new Map<string, number>();
  private typeTextCount = 0;

  /** The product types met, each text once: products share them rather than each keeping its own copy. */
  private readonly typeNames = new Map<string, string>();

  private typeName(t: string): string {
    let name = this.typeNames.get(t);
    if (name === undefined) {
      if (this.typeNames.size >= 10_000) this.typeNames.clear();
      this.typeNames.set((name = own(t)), name);
    }
    return name;
  }

  private typeTextOf(t: string): number {
    let n = this.typeTexts.get(t);
    if (n === undefined) {
      if (this.typeTexts.size >= 10_000) this.typeTexts.clear();
      this.typeTexts.set(own(t), (n = ++this.typeTextCount));
    }
    return n;
  }

  /** The last key looked up and its slot: a line carrying its product's fields asks twice, and grouped files ask in runs. */
  private lastKey = "";
  private lastSlot = -2;

  /**
   * Reads the index entries and records of the products already held for these keys (the texts among
   * them), and nothing else (an entry away from its hash's first place is left): a few hundred lines'
   * keys go through this in a loop of their own just before the lines are added, so that the cache
   * misses of different lines (products come in no order) are in flight together rather than one
   * after another.
   */
  touch(keys: readonly unknown[]): void {
    const n = keys.length;
    const hs = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const key = keys[k];
      if (typeof key === "string") hs[k] = keyHash(key);
    }
    this.touched += this.index.touch(hs, this.rec);
  }
  /** What touch read (kept, so that the reads are not dropped as unused). */
  private touched = 0;

  /** The product's slot, or -1 when the product goes to a partition file (past the budget). */
  private slot(key: string, line: number, file: number): number {
    if (key === this.lastKey && this.lastSlot !== -2) return this.lastSlot;
    this.lastKey = key;
    this.lastSlot = this.slotOf(key, line, file);
    return this.lastSlot;
  }

  private slotOf(key: string, line: number, file: number): number {
    let i = this.index.get(key, this.keys);
    if (i >= 0) return i;
    if (this.n >= this.max && this.depth < 4) {
      if (!this.spill) {
        const parts = Math.max(2, Math.min(128, Math.ceil(this.estimate() / this.max) + 1));
        this.spill = new Partitions(
          this.dir(),
          parts,
          0x9e3779b9 * (this.depth + 1),
          `d${this.depth}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        );
      }
      return -1;
    }
    i = this.n++;
    if (i >= this.firstFile.length) this.grow();
    const k = own(key);
    this.index.set(i, k.length);
    this.keys.push(k);
    this.rec[i * R + FIRST] = line;
    this.firstFile[i] = file;
    this.pv.push(null);
    this.type.push(null);
    return i;
  }

  /**
   * Frees the products once they are decided, handing back their arrays for the next partition (a
   * partition grown from small arrays again, one after another, left the freed ones fragmenting the
   * process's memory).
   */
  release(): Spare {
    const spare: Spare = { rec: this.rec, firstFile: this.firstFile, rowFile: this.rowFile, table: this.index.take() };
    this.keys = [];
    this.pv = [];
    this.type = [];
    this.rec = new Float64Array(0);
    this.firstFile = new Uint8Array(0);
    this.rowFile = new Uint8Array(0);
    this.errors.clear();
    return spare;
  }

  /** A read line; `counts`: China-origin Part 1 (counts while the rule is in force). */
  line(key: string, line: number, v: number, counts: boolean): void {
    const i = this.slot(key, line, 0);
    if (i < 0) {
      this.spill!.write(key, `L\t${esc(key)}\t${line}\t${v}\t${counts ? 1 : 0}\n`);
      return;
    }
    const rec = this.rec;
    const b = i * R;
    rec[b + LINES]++;
    if (counts) {
      // CN_CONTROLLED_VALUE's compensated (Neumaier) sum, line by line in the same order
      const sum = rec[b + SUM];
      const t = sum + v;
      rec[b + COMP] += neumaierError(sum, v, t);
      rec[b + SUM] = t;
    }
  }

  /** A read line that also carries its product's value and type (the one-file form): one record when spilled. */
  lineWithRow(
    key: string,
    line: number,
    v: number,
    counts: boolean,
    pv: unknown,
    type: unknown,
    log: (e: StoredError) => void,
    fileName: (f: number) => string,
  ): void {
    const i = this.slot(key, line, 0);
    if (i < 0) {
      this.spill!.write(key, `B\t${esc(key)}\t${line}\t${v}\t${counts ? 1 : 0}\t${enc(pv)}\t${enc(type)}\n`);
      return;
    }
    this.line(key, line, v, counts);
    this.row(key, line, 0, pv, type, log, fileName);
  }

  /** A line the function skips (blank value, item and origin): the product exists, nothing counts. */
  seen(key: string, line: number): void {
    const i = this.slot(key, line, 0);
    if (i < 0) this.spill!.write(key, `S\t${esc(key)}\t${line}\n`);
  }

  /** A product row (or a line carrying product fields): value and type, which must agree across rows. */
  row(
    key: string,
    line: number,
    file: number,
    pv: unknown,
    type: unknown,
    log: (e: StoredError) => void,
    fileName: (f: number) => string,
  ): void {
    const i = this.slot(key, line, file);
    if (i < 0) {
      this.spill!.write(key, `P\t${esc(key)}\t${line}\t${file}\t${enc(pv)}\t${enc(type)}\n`);
      return;
    }
    const rec = this.rec;
    const b = i * R;
    const f = rec[b + FLAGS];
    if (!(f & HAS_ROW)) {
      rec[b + FLAGS] = f | HAS_ROW;
      rec[b + ROW_LINE] = line;
      this.rowFile[i] = file;
    }
    if (!(pv === null || pv === undefined || (typeof pv === "string" && pv.trim() === ""))) {
      if (!(rec[b + FLAGS] & HAS_PV)) {
        if (typeof pv === "number") {
          rec[b + FLAGS] |= HAS_PV | HAS_PV_NUM;
          rec[b + PV_NUM] = pv;
        } else {
          rec[b + FLAGS] |= HAS_PV;
          this.pv[i] = typeof pv === "string" ? own(pv) : pv;
        }
      } else if (typeof pv === "number" && rec[b + FLAGS] & HAS_PV_NUM && pv === rec[b + PV_NUM]) {
        // the same number as the product's value (the common case): nothing to check
      } else if (pv !== this.pvOf(i) && !same(this.pvOf(i), pv)) {
        const first = `line ${this.rowLine(i)} of ${fileName(this.rowFile[i])}`;
        this.fail(
          i,
          {
            code: "#VALUE!",
            message: `product ${key}: product_value ${String(pv)} differs from ${String(this.pvOf(i))} given on ${first}; give one value per product`,
            line,
            file,
          },
          log,
        );
      }
    }
    if (!(type === null || type === undefined || type === "")) {
      // the common case: a text already found to be the product's type (nothing to trim or compare)
      const tt = typeof type === "string" ? this.typeTextOf(type) : 0;
      if (tt !== 0 && rec[b + TYPE_TEXT] === tt) return;
      const known = this.type[i];
      if (type === known) {
        rec[b + TYPE_TEXT] = tt;
        return;
      }
      const t = typeof type === "string" ? type.trim() : type;
      if (t === "") return;
      if (!(rec[b + FLAGS] & HAS_TYPE)) {
        rec[b + FLAGS] |= HAS_TYPE;
        rec[b + TYPE_TEXT] = tt;
        this.type[i] = typeof t === "string" ? this.typeName(t) : t;
      } else if (same(known, t)) rec[b + TYPE_TEXT] = tt;
      else {
        const first = `line ${this.rowLine(i)} of ${fileName(this.rowFile[i])}`;
        this.fail(
          i,
          {
            code: "#VALUE!",
            message: `product ${key}: product_type "${String(type)}" differs from "${String(known)}" given on ${first}; give one type per product`,
            line,
            file,
          },
          log,
        );
      }
    }
  }

  /** A row of the product that cannot be read or decided (already in the errors file): the product is not decided. */
  error(key: string, e: StoredError): void {
    const i = this.slot(key, e.line, e.file);
    if (i < 0) {
      this.spill!.write(key, `E\t${esc(key)}\t${e.line}\t${e.file}\t${e.code}\t${esc(e.message)}\n`);
      return;
    }
    this.rec[i * R + FLAGS] |= IN_ERROR;
    if (!this.errors.has(i)) this.errors.set(i, { ...e, message: own(e.message) });
  }

  private fail(i: number, e: StoredError, log: (e: StoredError) => void): void {
    log(e);
    this.rec[i * R + FLAGS] |= IN_ERROR;
    if (!this.errors.has(i)) this.errors.set(i, e);
  }

  /** Replays one partition file's records into this (a fresh Products of the next level). */
  replay(fields: string[], log: (e: StoredError) => void, fileName: (f: number) => string): void {
    const key = unesc(fields[1]);
    switch (fields[0]) {
      case "L":
        this.line(key, Number(fields[2]), Number(fields[3]), fields[4] === "1");
        break;
      case "B":
        this.lineWithRow(key, Number(fields[2]), Number(fields[3]), fields[4] === "1", dec(fields[5]), dec(fields[6]), log, fileName);
        break;
      case "S":
        this.seen(key, Number(fields[2]));
        break;
      case "P":
        this.row(key, Number(fields[2]), Number(fields[3]), dec(fields[4]), dec(fields[5]), log, fileName);
        break;
      case "E":
        this.error(key, { line: Number(fields[2]), file: Number(fields[3]), code: fields[4], message: unesc(fields[5]) });
        break;
    }
  }
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "string" && typeof b === "string") return a.trim() === b.trim();
  return false;
}

// ---------------------------------------------------------------------------
// The run

const BATCH = 8192;
/** Lines whose products are touched together, just before they are added (see Products.touch). */
const TOUCH = 256;
const DECIDE_BATCH = 4096;

export async function runBom(
  opts: BomOptions,
  io: Io,
  errors: ErrorLog,
  interrupt: Interrupt,
  header: (extra: HeaderBlock) => { title: string; block: HeaderBlock },
): Promise<RunResult> {
  const today = () => opts.today;
  const primary = opts.variants[0];
  const rule = theRule();
  const lineTable = await openTable(opts.lines);
  const productTable = opts.products ? await openTable(opts.products) : null;
  const tables: Table[] = productTable ? [lineTable, productTable] : [lineTable];
  const fileName = (f: number) => tables[f]?.name ?? "?";

  const lineFields = productTable
    ? LINE_FIELDS.slice(0, 4)
    : LINE_FIELDS.map((f) =>
        f.key === "product_value"
          ? { ...f, required: true, what: `${f.what} (or give the products in a second file: --products <file>)` }
          : f,
      );
  const lc = resolveColumns(lineTable.header, lineFields, opts.map, lineTable.name);
  const pc = productTable ? resolveColumns(productTable.header, PRODUCT_FIELDS, opts.map, productTable.name) : null;
  const keep = keepColumns(opts.keep, lineTable.header, lineTable.name);
  const colName = (t: Table, i: number) => (i >= 0 ? t.header[i] || `column ${i + 1}` : "");
  const lineArgs: [string, string][] = [
    ["line_values", colName(lineTable, lc.line_value)],
    ["line_items", colName(lineTable, lc.item)],
    ["line_origins", colName(lineTable, lc.origin)],
  ];
  const prodTable = productTable ?? lineTable;
  const pcols = pc ?? lc;
  const productArgs: [string, string][] = [
    ["cn_value", colName(prodTable, pcols.product_value)],
    ["product_value", colName(prodTable, pcols.product_value)],
    ["product_type", colName(prodTable, pcols.product_type ?? -1)],
  ];

  const extra = opts.variants.slice(1);
  const productColumns: Column[] = [
    { header: "product", kind: "text" },
    { header: "product_type", kind: "text" },
    { header: "product_value", kind: "money" },
    { header: "bom_lines", kind: "int" },
    { header: "cn_controlled_value", kind: "money" },
    { header: "ratio", kind: "ratio" },
    { header: "licence_required", kind: "bool" },
    { header: "headroom", kind: "headroom" },
    { header: "status", kind: "text" },
    ...(opts.explain ? [{ header: "explanation", kind: "explain" as const }] : []),
    ...extra.map((v) => ({ header: `licence_required (${v.label})`, kind: "bool" as const })),
  ];
  const { title, block } = header([
    ["inputs", productTable ? `BOM lines ${lineTable.file}; products ${productTable.file}` : `BOM lines and products ${lineTable.file}`],
    ["columns", describeColumns(lineTable, lc, productTable, pc)],
  ]);
  const sink = await openSink(opts.out, title, block, productColumns, "Products");
  let linesSink: Sink | null = null;
  if (opts.linesOut) {
    const lineColumns: Column[] = [
      { header: "line", kind: "int" },
      { header: "product", kind: "text" },
      { header: "line_value", kind: "money" },
      { header: "item", kind: "text" },
      { header: "origin", kind: "text" },
      { header: "item_read_as", kind: "text" },
      { header: "origin_read_as", kind: "text" },
      { header: "counts", kind: "bool" },
      { header: "why", kind: "explain" },
      ...extra.map((v) => ({ header: `counts (${v.label})`, kind: "bool" as const })),
      ...keep.map((k) => ({ header: k.name, kind: "text" as const })),
    ];
    linesSink = await openSink(opts.linesOut, title.replace("BOM screen", "BOM screen, per line"), block, lineColumns, "Lines");
  }

  let tmp: string | null = null;
  const tempDir = () => {
    if (!tmp) {
      try {
        tmp = fs.mkdtempSync(path.join(opts.tempDir ?? os.tmpdir(), "trade-screen-"));
      } catch (e) {
        throw new RunError(
          `the temporary folder cannot be created in ${opts.tempDir ?? os.tmpdir()} (${(e as Error).message}); give another with --temp-dir`,
        );
      }
    }
    return tmp;
  };
  const totalBytes = tables.reduce((n, t) => n + t.size, 0);
  const doneBytes = () => tables.reduce((n, t) => n + t.position(), 0);
  let rowsRead = 0;
  const progress = new Progress(io, "bom", () => ({ done: doneBytes(), total: totalBytes }));
  const products: Products = new Products(opts.productsInMemory, 0, tempDir, (): number => {
    const done = doneBytes();
    return done > 0 ? (products.n * totalBytes) / done - products.n : products.n;
  });
  const logStored = (e: StoredError) => errors.add(fileName(e.file), e.line, "", null, e.code, e.message);
  const reader = new LineReader();
  const whyCache: WhyCache = new Map();
  let decimalCommaHints = 0;
  let stoppedAt = "";
  let decided = 0;
  let notDecided = 0;
  const result: RunResult = {
    rowsRead: 0,
    decided: 0,
    notDecided: 0,
    blankRows: 0,
    interrupted: false,
    status: "",
    outputs: [],
    details: [],
  };

  try {
    // 1. Products file (if any), then the lines: one pass, nothing kept but each product's running sum.
    if (productTable && pc) {
      for await (const batch of productTable.batches(BATCH)) {
        for (const r of batch) {
          rowsRead++;
          const c = r.cells;
          const key = keyOf(c[pc.product]);
          if (r.error || key === null || key instanceof TradeError) {
            const msg = r.error ?? (key instanceof TradeError ? key.message : "product is blank; give the product id of every product row");
            errors.add(
              productTable.name,
              r.line,
              r.error ? "" : colName(productTable, pc.product),
              r.error ? "" : c[pc.product],
              "#VALUE!",
              msg,
            );
            if (typeof key === "string") products.error(key, { code: "#VALUE!", message: msg, line: r.line, file: 1 });
            continue;
          }
          products.row(
            key,
            r.line,
            1,
            numberCell(c[pc.product_value], opts.decimalComma),
            pc.product_type >= 0 ? c[pc.product_type] : null,
            logStored,
            fileName,
          );
        }
        if (await batchDone(progress, rowsRead, interrupt)) {
          stoppedAt = `while reading line ${batch[batch.length - 1].line} of ${productTable.name}`;
          break;
        }
      }
    }
    const combined = !productTable && (lc.product_value >= 0 || lc.product_type >= 0);
    if (!stoppedAt) {
      for await (const batch of lineTable.batches(BATCH)) {
        const outRows: OutValue[][] = [];
        // the product ids of the next TOUCH lines, read once: touched together, then used line by line
        let keys: (string | null | TradeError)[] = [];
        for (let at = 0; at < batch.length; at++) {
          const r = batch[at];
          if (at % TOUCH === 0) {
            keys = batch.slice(at, at + TOUCH).map((x) => keyOf(x.cells[lc.product]));
            products.touch(keys);
          }
          rowsRead++;
          const c = r.cells;
          const key = keys[at % TOUCH];
          if (r.error || key === null || key instanceof TradeError) {
            const msg = r.error ?? (key instanceof TradeError ? key.message : "product is blank; give the product id of every BOM line");
            errors.add(lineTable.name, r.line, r.error ? "" : colName(lineTable, lc.product), r.error ? "" : c[lc.product], "#VALUE!", msg);
            if (typeof key === "string") products.error(key, { code: "#VALUE!", message: msg, line: r.line, file: 0 });
            if (linesSink) outRows.push(lineRow(r, lc, keep, typeof key === "string" ? key : "", { error: "#VALUE!" }, msg, extra.length));
            continue;
          }
          // the one-file form: the product's value and type on the line
          let pvRaw: unknown = null;
          let tRaw: unknown = null;
          let withRow = false;
          if (combined) {
            pvRaw = lc.product_value >= 0 ? numberCell(c[lc.product_value], opts.decimalComma) : null;
            tRaw = lc.product_type >= 0 ? c[lc.product_type] : null;
            withRow = !(pvRaw === null && (tRaw === null || tRaw === undefined || (typeof tRaw === "string" && tRaw.trim() === "")));
          }
          const vRaw = numberCell(c[lc.line_value], opts.decimalComma);
          const kind = reader.read(vRaw, c[lc.item], c[lc.origin], r.line);
          if (kind === ERROR) {
            const e = reader.error!;
            const col = columnOf(e.message, lineArgs, colName(lineTable, lc.line_value));
            const ci = col === lineArgs[1][1] ? lc.item : col === lineArgs[2][1] ? lc.origin : lc.line_value;
            if (ci === lc.line_value && looksDecimalComma(c[ci])) decimalCommaHints++;
            errors.add(lineTable.name, r.line, col, c[ci], codeOf(e), e.message);
            products.error(key, { code: codeOf(e), message: e.message, line: r.line, file: 0 });
            if (linesSink) outRows.push(lineRow(r, lc, keep, key, { error: codeOf(e) }, e.message, extra.length));
          } else if (kind === BLANK) {
            products.seen(key, r.line);
            if (linesSink)
              outRows.push(
                lineRow(
                  r,
                  lc,
                  keep,
                  key,
                  null,
                  "Not counted: a blank line (no value, item or origin): CN_CONTROLLED_VALUE skips it",
                  extra.length,
                ),
              );
          } else {
            const cp1 = isChinaPart1(reader.it, reader.o);
            if (withRow) {
              products.lineWithRow(key, r.line, reader.v, cp1, pvRaw, tRaw, logStored, fileName);
              withRow = false;
            } else products.line(key, r.line, reader.v, cp1);
            if (linesSink) {
              const row = lineRow(
                r,
                lc,
                keep,
                key,
                cp1 && primary.inForce,
                why(whyCache, c[lc.item], reader, cp1, primary, rule),
                extra.length,
              );
              row[2] = reader.v;
              row[5] = reader.it ? reader.it.label : "";
              row[6] = reader.o ? reader.o.iso2 : "";
              for (let k = 0; k < extra.length; k++) row[9 + k] = cp1 && extra[k].inForce;
              outRows.push(row);
            }
          }
          if (withRow) products.row(key, r.line, 0, pvRaw, tRaw, logStored, fileName);
        }
        if (linesSink) await linesSink.write(outRows);
        if (await batchDone(progress, rowsRead, interrupt)) {
          stoppedAt = `while reading line ${batch[batch.length - 1].line} of ${lineTable.name}`;
          break;
        }
      }
    }
    result.blankRows = tables.reduce((n, t) => n + t.blankRows(), 0);

    // 2. Decide every product whose lines are all read: those in memory, then each partition.
    const decide = async (p: Products): Promise<void> => {
      const order = p.n;
      for (let s = 0; s < order; s += DECIDE_BATCH) {
        const rows = decideBatch(
          p,
          s,
          Math.min(order, s + DECIDE_BATCH),
          opts,
          today,
          errors,
          productArgs,
          prodTable,
          pcols,
          fileName,
          productTable !== null,
        );
        decided += rows.decided;
        notDecided += rows.notDecided;
        if (!opts.explain) for (const r of rows.out) r.splice(9, 1);
        await sink.write(rows.out);
        if (await batchDone(progress, rowsRead, interrupt))
          throw new Stop(`while deciding products: ${(decided + notDecided).toLocaleString("en-US")} written`);
      }
    };
    const grouped = async (p: Products, level: number): Promise<void> => {
      const spill = p.spill;
      await decide(p);
      if (!spill) return;
      spill.close();
      // free this level's products before the partitions are grouped
      let spare = p.release();
      for (let k = 0; k < spill.count; k++) {
        if (interrupt.requested())
          throw new Stop(
            `while deciding products: ${(decided + notDecided).toLocaleString("en-US")} written; partitions ${k + 1}–${spill.count} of level ${level + 1} not decided`,
          );
        progress.phase(`grouping spilled products: partition ${k + 1} of ${spill.count}`);
        const records = spill.records[k];
        const child = new Products(opts.productsInMemory, level + 1, tempDir, () => records, spare);
        for await (const lines of partitionRecords(spill.paths[k]))
          for (const l of lines) if (l) child.replay(l.split("\t"), logStored, fileName);
        fs.unlinkSync(spill.paths[k]);
        await grouped(child, level + 1);
        spare = child.release();
      }
    };
    if (!stoppedAt) {
      progress.phase("deciding products");
      if (products.spill)
        result.details.push(
          `${products.n.toLocaleString("en-US")} products grouped in memory; the others spilled to ${products.spill.count} temporary partitions (--products-in-memory ${opts.productsInMemory})`,
        );
      try {
        await grouped(products, 0);
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        stoppedAt = e.message;
      }
    } else if (products.spill) products.spill.close();
  } finally {
    for (const t of tables) await t.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }

  if (decimalCommaHints)
    result.details.push(
      `${decimalCommaHints} line value(s) look like decimal-comma numbers ("12,5"); if the file uses decimal commas, run with --decimal-comma`,
    );
  result.rowsRead = rowsRead;
  result.decided = decided;
  result.notDecided = notDecided;
  result.interrupted = stoppedAt !== "";
  const inError = errors.count;
  result.status = stoppedAt
    ? `INCOMPLETE: interrupted (${interrupt.signal ?? "stopped"}) ${stoppedAt}; ${stoppedAt.startsWith("while reading") ? "no product was decided: a product's lines can be anywhere in the input, so none is complete before all of it is read" : "the products not written were not decided"}`
    : `complete${inError ? " with errors" : ""}: ${rowsRead.toLocaleString("en-US")} rows read; ${decided.toLocaleString("en-US")} products decided, ${notDecided.toLocaleString("en-US")} not decided; ${inError.toLocaleString("en-US")} rows in the errors file`;
  await sink.finish(result.status);
  result.outputs.push({ path: sink.path, rows: sink.rows, what: "products" });
  if (linesSink) {
    await linesSink.finish(result.status);
    result.outputs.push({ path: linesSink.path, rows: linesSink.rows, what: "lines" });
  }
  progress.end();
  return result;
}

class Stop extends Error {}

function describeColumns(lt: Table, lc: Record<string, number>, pt: Table | null, pc: Record<string, number> | null): string {
  const d = (t: Table, c: Record<string, number>) =>
    Object.entries(c)
      .filter(([, i]) => i >= 0)
      .map(([k, i]) => `${k}="${t.header[i]}"`)
      .join(", ");
  return pt && pc ? `${lt.name}: ${d(lt, lc)}; ${pt.name}: ${d(pt, pc)}` : `${lt.name}: ${d(lt, lc)}`;
}

/** A product id cell: trimmed text (a number as its text), null when blank. */
function keyOf(v: unknown): string | null | TradeError {
  if (typeof v === "string") {
    const n = v.length;
    const t = n && (v.charCodeAt(0) <= 32 || v.charCodeAt(n - 1) <= 32) ? v.trim() : v;
    return t === "" ? null : t;
  }
  if (v === null || v === undefined) return null;
  if (v instanceof TradeError) return v;
  return String(v);
}

function lineRow(
  r: Row,
  lc: Record<string, number>,
  keep: readonly { index: number }[],
  key: string,
  counts: OutValue,
  why: string,
  extras: number,
): OutValue[] {
  const c = r.cells;
  const cell = (i: number): OutValue => {
    const v = i >= 0 ? c[i] : null;
    return v === undefined || v instanceof TradeError ? null : (v as OutValue);
  };
  const row: OutValue[] = [r.line, key, cell(lc.line_value), cell(lc.item), cell(lc.origin), "", "", counts, why];
  for (let k = 0; k < extras; k++) row.push(counts);
  for (const k of keep) row.push(cell(k.index));
  return row;
}

/** Why-texts by item text, then by origin, [value > 0, value 0]: built once per distinct reading. */
type WhyCache = Map<string, Map<Country | null, [string?, string?]>>;

/** Why a line counts toward the numerator or not, under the primary variant. */
function why(cache: WhyCache, itemRaw: unknown, r: LineReader, cp1: boolean, v: Variant, rule: ReturnType<typeof theRule>): string {
  const itemText = typeof itemRaw === "string" ? itemRaw : "";
  let byOrigin = cache.get(itemText);
  if (!byOrigin) {
    if (cache.size >= 10_000) cache.clear();
    cache.set(own(itemText), (byOrigin = new Map()));
  }
  let pair = byOrigin.get(r.o);
  if (!pair) byOrigin.set(r.o, (pair = []));
  const z = r.v === 0 ? 1 : 0;
  const hit = pair[z];
  if (hit !== undefined) return hit;
  const shownItem = itemText.trim();
  const zero = z ? " (its value is 0)" : "";
  let s: string;
  if (cp1) {
    s = v.inForce
      ? `Yes: China-origin Annex 1 Part 1 item (${r.it!.label})${zero}`
      : `No: ${rule.instrument.short} cl. ${rule.clause.id} is not in force on ${isoFromSerial(v.date)} under regime "${v.regime}"; it would count as a China-origin Annex 1 Part 1 item (${r.it!.label})${zero}`;
  } else {
    const reasons: string[] = [];
    if (!r.o) reasons.push("no origin");
    else if (r.o.iso2 !== "CN") reasons.push(`origin ${r.o.name} (${r.o.iso2}) is not China`);
    if (!r.it) reasons.push("no item");
    else if (!r.it.part1) {
      const read = r.it.label.replace(/ \(not on Annex 1 Part 1\)$/, "");
      reasons.push(
        r.it.label === "not a rare-earth item"
          ? `item ${shownItem} is not a rare-earth item`
          : `item ${shownItem}${read === shownItem ? "" : ` (${read})`} is not on Annex 1 Part 1`,
      );
    }
    s = `No: ${reasons.join("; ")}${zero}`;
  }
  pair[z] = s;
  return s;
}

/** Decides products [from, to) of `p`: output rows, and error entries for those not decided. */
function decideBatch(
  p: Products,
  from: number,
  to: number,
  opts: BomOptions,
  today: () => number,
  errors: ErrorLog,
  productArgs: readonly (readonly [string, string])[],
  prodTable: Table,
  pcols: Record<string, number>,
  fileName: (f: number) => string,
  twoFiles: boolean,
): { out: OutValue[][]; decided: number; notDecided: number } {
  const variants = opts.variants;
  const primary = variants[0];
  const out: OutValue[][] = [];
  let decided = 0;
  let notDecided = 0;
  const base = (i: number): OutValue[] => [p.keys[i], cellOut(p.type[i]), cellOut(p.pvOf(i)), p.lines(i), null, null, null, null, "", ""];
  const notDecidedRow = (i: number, code: string, message: string): OutValue[] => {
    const r = base(i);
    r[6] = { error: code };
    r[8] = code;
    r[9] = message;
    for (let k = 1; k < variants.length; k++) r.push({ error: code });
    notDecided++;
    return r;
  };
  // Decidable products, grouped by product type (each group one call per variant, as a column of products).
  const groups = new Map<string, number[]>();
  /** Each product's row in `out`, by i - from. */
  const rowOf = new Int32Array(to - from);
  for (let i = from; i < to; i++) {
    const f = p.flags(i);
    const key = p.keys[i];
    if (f & IN_ERROR) {
      const e = p.errors.get(i)!;
      const msg = `not decided: ${e.line === p.rowLine(i) && f & HAS_ROW ? "its product row" : `its line ${e.line} of ${fileName(e.file)}`} is in error (${e.code} ${e.message})`;
      errors.add(
        fileName(f & HAS_ROW ? p.rowFile[i] : p.firstFile[i]),
        f & HAS_ROW ? p.rowLine(i) : p.first(i),
        "product",
        key,
        e.code,
        `product ${key} ${msg}`,
      );
      rowOf[i - from] = out.push(notDecidedRow(i, e.code, msg)) - 1;
      continue;
    }
    if (!(f & HAS_ROW)) {
      const msg = `product ${key} has ${p.lines(i)} BOM line${p.lines(i) === 1 ? "" : "s"} (the first on line ${p.first(i)} of ${fileName(p.firstFile[i])}) but no product row; give its product_value${twoFiles ? ` in ${fileName(1)}` : " in the product_value column"}`;
      errors.add(fileName(p.firstFile[i]), p.first(i), "product", key, "#N/A", msg);
      rowOf[i - from] = out.push(notDecidedRow(i, "#N/A", msg)) - 1;
      continue;
    }
    if (p.lines(i) === 0) {
      // The functions' answer for a product with no BOM lines: CN_CONTROLLED_VALUE is blank, then CN_LICENSE_REQUIRED of a blank cn_value.
      const lic = cnLicenseRequired("", p.pvOf(i), p.type[i], primary.asOf, primary.regime, primary.scope, today)[0][0];
      const said = lic instanceof TradeError ? `${codeOf(lic)} "${lic.message}"` : 'a blank cell ("")';
      const code = lic instanceof TradeError ? codeOf(lic) : "#VALUE!";
      const msg = `product ${key} has a product row but no BOM lines: CN_CONTROLLED_VALUE of no lines is blank and CN_LICENSE_REQUIRED then gives ${said}`;
      errors.add(fileName(p.rowFile[i]), p.rowLine(i), "product", key, code, msg);
      rowOf[i - from] = out.push(notDecidedRow(i, code, msg)) - 1;
      continue;
    }
    const t = p.type[i];
    const tk = t === null || t === undefined ? "\u0000" : typeof t === "string" ? t : `\u0001${String(t)}`;
    let g = groups.get(tk);
    if (!g) groups.set(tk, (g = []));
    g.push(i);
    rowOf[i - from] = out.push(base(i)) - 1;
  }
  for (const idx of groups.values()) {
    const typeRaw = p.type[idx[0]];
    const n = idx.length;
    const pvCol: unknown[][] = new Array(n);
    const cn: (number | TradeError)[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      pvCol[k] = [p.pvOf(i)];
      try {
        cn[k] = roundSum(p.total(i));
      } catch (e) {
        cn[k] = asTradeError(e);
      }
    }
    const cnCol = (v: Variant): unknown[][] => cn.map((x) => [x instanceof TradeError ? x : v.inForce ? x : 0]);
    const primaryCn = cnCol(primary);
    const lic = cnLicenseRequired(primaryCn, pvCol, typeRaw, primary.asOf, primary.regime, primary.scope, today);
    // CN_LICENSE_EXPLAIN's text in its two parts: the rest (rule, status, scope) is the same for the whole
    // group, so the output encodes it once and each row only its own verdict and ratio
    const expl = opts.explain ? cnLicenseExplainParts(primaryCn, pvCol, typeRaw, primary.asOf, primary.regime, primary.scope, today) : null;
    const head = cnHeadroom(primaryCn, pvCol);
    const others = variants.slice(1).map((v) => cnLicenseRequired(cnCol(v), pvCol, typeRaw, v.asOf, v.regime, v.scope, today));
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      const row = out[rowOf[i - from]];
      const pv = p.pvOf(i);
      const l = lic[k][0];
      const failure = firstError(l, expl ? expl[k][0] : null, head[k][0], others, k);
      if (failure || l === "") {
        // A blank result: the functions read product_value 0 (or blank) next to cn_value 0 as an empty row.
        const e =
          failure ??
          new TradeError(
            "VALUE",
            `CN_LICENSE_REQUIRED gives an empty cell for cn_value ${String(primaryCn[k][0])} and product_value ${pv === null ? "blank" : String(pv)} (it reads product_value 0 as the empty cell Excel desktop passes); give the product's value, more than 0`,
          );
        const col = columnOf(e.message, productArgs, "product");
        const ci = col === productArgs[2][1] ? pcols.product_type : pcols.product_value;
        const value = col === "product" ? p.keys[i] : ci === pcols.product_type ? p.type[i] : pv;
        errors.add(fileName(p.rowFile[i]), p.rowLine(i), col, value, codeOf(e), e.message);
        row[6] = { error: codeOf(e) };
        row[8] = codeOf(e);
        row[9] = e.message;
        for (let q = 1; q < variants.length; q++) row.push({ error: codeOf(e) });
        notDecided++;
        continue;
      }
      const c = primaryCn[k][0] as number;
      let ratio: OutValue = null;
      try {
        const r = rareEarthShare([[c]], pv);
        ratio = typeof r === "number" ? r : null;
      } catch {
        ratio = null;
      }
      row[4] = c;
      row[5] = ratio;
      row[6] = l as boolean;
      row[7] = head[k][0] as number;
      row[8] = "decided";
      const ex = expl ? expl[k][0] : "";
      row[9] = typeof ex === "object" && !(ex instanceof TradeError) ? new JoinedText(ex.own, ex.rest) : "";
      for (const o of others) row.push(o[k][0] as boolean);
      decided++;
    }
  }
  void prodTable;
  return { out, decided, notDecided };
}

/** The first error among a product's results (its licence, explanation, headroom, then the other variants' licences). */
function firstError(l: unknown, ex: unknown, head: unknown, others: readonly unknown[][][], k: number): TradeError | undefined {
  if (l instanceof TradeError) return l;
  if (ex instanceof TradeError) return ex;
  if (head instanceof TradeError) return head;
  for (const o of others) {
    const x = o[k][0];
    if (x instanceof TradeError) return x;
  }
  return undefined;
}

function cellOut(v: unknown): OutValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof TradeError) return { error: codeOf(v) };
  return String(v);
}

/**
 * Share-ready copies and template insertion, the pure part (no Office): the
 * references in formula text, which cells depend on an add-in result (at any
 * depth, through spills, other sheets and names), unique sheet names and
 * base64. The Office calls live in src/office/.
 */
import { columnLetters } from "../core/a1";
import { callsAddin, NAMESPACE, STORED_PREFIX } from "./addinNames";
import { areaOf, bareFunctionName, isExcelFunction, K, parseFormula, qualifierName, rewriteFormula } from "./storedForm";

/** True when a formula calls a TRADE function, typed (`TRADE.X(`) or stored (`_xldudf_TRADE_X(`); text in quotes ignored. */
export function callsTrade(formula: unknown): boolean {
  return typeof formula === "string" && formula.startsWith("=") && callsAddin(formula);
}

// ---------- References in formula text ----------

/** A reference found in a formula: a rectangle on a sheet (a cell, a range, whole rows or columns, or a spill A1#), a defined name, or something the analysis cannot follow. */
export type FormulaRef =
  | { kind: "area"; sheet: string; qualified: boolean; r0: number; c0: number; r1: number; c1: number; spill: boolean; start: number; end: number }
  | { kind: "name"; name: string; sheet?: string }
  | { kind: "opaque"; why: string };
export type AreaRef = Extract<FormulaRef, { kind: "area" }>;

/** Rows and columns of Excel's grid (1,048,576 × 16,384). */
export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

/** Functions whose references are computed from text or offsets: the analysis cannot see what they read. */
const OPAQUE_FUNCTIONS = new Set(["INDIRECT", "OFFSET"]);
/** A call of one of our functions, typed (TRADE.X) or stored (_xldudf_TRADE_X). */
const TRADE_CALL = new RegExp(`^(?:${NAMESPACE}\\.[A-Za-z]|${STORED_PREFIX}${NAMESPACE}_[A-Za-z])`, "i");

/** Where the references and calls of a formula go as they are found. */
interface ScanSink {
  area(sheet: string | undefined, r0: number, c0: number, r1: number, c1: number, spill: boolean, start: number, end: number): void;
  name(name: string, sheet: string | undefined): void;
  opaque(why: string): void;
  /** A call of a function Excel does not have (another add-in's, VBA, XLL, or a name holding a LAMBDA). */
  call(name: string): void;
  /** A call of one of our functions. */
  trade(): void;
}

function scanFormula(formula: string, sink: ScanSink): void {
  const p = parseFormula(formula);
  const { t, callOpen, param } = p;
  let sheet: string | undefined;
  let sheetStart = -1;
  for (let i = 0; i < t.n; i++) {
    const k = t.k[i];
    if (k === K.Sheet) {
      sheet = qualifierName(formula.slice(t.s[i], t.e[i]));
      sheetStart = t.s[i];
      if (sheet.includes(":")) sink.opaque("3-D reference");
      continue;
    }
    if (k === K.Bracket) {
      sink.opaque("structured or external reference");
      sheet = undefined;
      continue;
    }
    if (k !== K.Word) {
      if (k !== K.Spill) sheet = undefined;
      continue;
    }
    const w = formula.slice(t.s[i], t.e[i]);
    const qualified = sheet;
    const start = qualified !== undefined ? sheetStart : t.s[i];
    sheet = undefined;
    if (param[i]) continue; // a name LET or LAMBDA declares
    if (callOpen[i] >= 0) {
      if (w.includes(":")) sink.opaque("a range ending in a function");
      else if (TRADE_CALL.test(w)) sink.trade();
      else if (OPAQUE_FUNCTIONS.has(bareFunctionName(w))) sink.opaque(`${bareFunctionName(w)} reference`);
      else if (!isExcelFunction(w)) sink.call(w);
      continue;
    }
    const spill = i + 1 < t.n && t.k[i + 1] === K.Spill;
    const a = areaOf(w);
    if (a) {
      sink.area(qualified, a[0], a[1], a[2], a[3], spill && a[0] === a[2] && a[1] === a[3], start, spill ? t.e[i + 1] : t.e[i]);
      continue;
    }
    if (/^(TRUE|FALSE)$/i.test(w)) continue;
    if (w.includes(":")) {
      sink.opaque("a range built from names");
      continue;
    }
    sink.name(w, qualified);
  }
}

/**
 * Every reference in a formula (with its "="), with the sheet each one is on
 * (`ownSheet` when unqualified). Strings are skipped; `'Sheet name'!A1#`,
 * `Sheet1!$A:$A`, `3:5`, names and functions are recognised, and the names
 * LET and LAMBDA declare are not names of the workbook; INDIRECT, OFFSET,
 * structured or external references ([...]) and 3-D references come back as
 * "opaque". Positions (start/end, qualifier included) let a caller rewrite
 * area references.
 */
export function formulaRefs(formula: string, ownSheet: string): FormulaRef[] {
  const refs: FormulaRef[] = [];
  scanFormula(formula, {
    area: (sheet, r0, c0, r1, c1, spill, start, end) => refs.push({ kind: "area", sheet: sheet ?? ownSheet, qualified: sheet !== undefined, r0, c0, r1, c1, spill, start, end }),
    name: (name, sheet) => refs.push(sheet !== undefined ? { kind: "name", name, sheet } : { kind: "name", name }),
    opaque: (why) => refs.push({ kind: "opaque", why }),
    call: () => undefined,
    trade: () => undefined,
  });
  return refs;
}

/** Spill references (A1#) in a formula on `sheet`, as upper-case A1 addresses without $ (unqualified or on that sheet). */
export function spillRefs(formula: string, sheet = ""): string[] {
  return formulaRefs(formula, sheet)
    .filter((r): r is AreaRef => r.kind === "area" && r.spill && r.sheet === sheet)
    .map((r) => `${columnLetters(r.c0)}${r.r0 + 1}`);
}

/**
 * Moves every reference to `sheet` in a formula `by` rows down, as inserting
 * rows above would: relative and absolute rows alike; whole columns unchanged.
 */
export function shiftRows(formula: string, sheet: string, by: number): string {
  return rewriteFormula(formula, { shift: { sheet, own: sheet, by } });
}

// ---------- Parsed sheets (compact, for sheets of 100,000 rows) ----------

/** One sheet as the analysis needs it: its formula cells and its spills (0-based rows and columns). */
export interface SheetFormulas {
  name: string;
  /** "r,c" → formula text (with "="), formula cells only. */
  formulas: Map<string, string>;
  /** "r,c" of a spilling formula → the size of its spill (rows × columns, anchor included). */
  spills: Map<string, { rows: number; cols: number }>;
}

/** A defined name: workbook-scoped (no `scope`) or scoped to a sheet. */
export interface DefinedName {
  name: string;
  scope?: string;
  /** Its formula with "=", e.g. "='BOM screen'!$A$13#". */
  formula: string;
  /** False when the name is hidden (NamedItem.visible); hidden names stay hidden in a copy. */
  visible?: boolean;
}

/** What a reference points at, in a parsed sheet's own table of targets. */
type Target = { kind: "sheet"; name: string } | { kind: "name"; name: string; sheet?: string } | { kind: "call"; name: string };

const F_TRADE = 1;
const F_OPAQUE = 2;
const F_REFS_SPILL = 4;
/** Words per reference: target, r0, c0, r1, c1 (r1 = -1: the spill of the cell r0,c0; r0 = -1: a name or a call). */
const STRIDE = 5;

/**
 * The formula cells of one sheet, parsed once, in typed arrays: tens of bytes
 * a formula instead of objects, so a 100,000 × 20 sheet fits a task pane.
 * Add formulas in row-major order (rows as they are read, chunk by chunk).
 */
export class ParsedSheet {
  count = 0;
  row = new Int32Array(1024);
  col = new Int32Array(1024);
  flags = new Uint8Array(1024);
  refStart = new Int32Array(1025);
  refs = new Int32Array(4096);
  private refLen = 0;
  readonly targets: Target[] = [];
  private targetIndex = new Map<string, number>();
  /** "r,c" of a spilling formula → its spill size. */
  spills = new Map<string, { rows: number; cols: number }>();
  maxRow = -1;
  maxCol = -1;

  private ownTarget = -1;
  private flagsNow = 0;
  private readonly sink: ScanSink = {
    area: (sheet, r0, c0, r1, c1, spill) => {
      if (spill) this.flagsNow |= F_REFS_SPILL;
      const t = sheet === undefined ? (this.ownTarget >= 0 ? this.ownTarget : (this.ownTarget = this.target({ kind: "sheet", name: this.name }))) : this.target({ kind: "sheet", name: sheet });
      this.push(t, r0, c0, spill ? -1 : r1, c1);
    },
    name: (name, sheet) => this.push(this.target({ kind: "name", name, sheet: sheet ?? this.name }), -1, 0, 0, 0),
    opaque: () => (this.flagsNow |= F_OPAQUE),
    call: (name) => this.push(this.target({ kind: "call", name }), -1, 0, 0, 0),
    trade: () => (this.flagsNow |= F_TRADE),
  };

  constructor(readonly name: string) {}

  private target(t: Target): number {
    const key = t.kind === "sheet" ? `s|${t.name.toLowerCase()}` : t.kind === "call" ? `c|${t.name.toLowerCase()}` : `n|${(t.sheet ?? "").toLowerCase()}|${t.name.toLowerCase()}`;
    let i = this.targetIndex.get(key);
    if (i === undefined) {
      i = this.targets.push(t) - 1;
      this.targetIndex.set(key, i);
    }
    return i;
  }

  private push(t: number, r0: number, c0: number, r1: number, c1: number): void {
    if (this.refLen + STRIDE > this.refs.length) {
      const next = new Int32Array(this.refs.length * 2);
      next.set(this.refs);
      this.refs = next;
    }
    const j = this.refLen;
    this.refs[j] = t;
    this.refs[j + 1] = r0;
    this.refs[j + 2] = c0;
    this.refs[j + 3] = r1;
    this.refs[j + 4] = c1;
    this.refLen = j + STRIDE;
  }

  /** Adds one formula cell (0-based absolute row and column). */
  add(r: number, c: number, formula: string): void {
    const n = this.count;
    if (n === this.row.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T): T => {
        const b = new (a.constructor as { new (n: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.col = grow(this.col);
      this.flags = grow(this.flags);
      const rs = new Int32Array(this.refStart.length * 2);
      rs.set(this.refStart);
      this.refStart = rs;
    }
    this.row[n] = r;
    this.col[n] = c;
    this.refStart[n] = this.refLen;
    this.flagsNow = 0;
    scanFormula(formula, this.sink);
    const flags = this.flagsNow;
    this.flags[n] = flags;
    this.count = n + 1;
    this.refStart[n + 1] = this.refLen;
    if (r > this.maxRow) this.maxRow = r;
    if (c > this.maxCol) this.maxCol = c;
  }

  /** The index of the formula at (r, c), or -1 (binary search: formulas are in row-major order). */
  indexOf(r: number, c: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const d = this.row[mid] - r || this.col[mid] - c;
      if (d === 0) return mid;
      if (d < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Records the spill of the formula at (r, c). */
  setSpill(r: number, c: number, rows: number, cols: number): void {
    this.spills.set(cellKey(r, c), { rows, cols });
    this.maxRow = Math.max(this.maxRow, r + rows - 1);
    this.maxCol = Math.max(this.maxCol, c + cols - 1);
  }

  /** True when a formula calls a TRADE function or a function Excel does not have (another add-in's, VBA, XLL, a name). */
  callsOutsideExcel(): boolean {
    if (this.targets.some((t) => t.kind === "call")) return true;
    for (let f = 0; f < this.count; f++) if (this.flags[f] & F_TRADE) return true;
    return false;
  }

  refsOf(f: number): Int32Array {
    return this.refs.subarray(this.refStart[f], this.refStart[f + 1]);
  }
}

/** A SheetFormulas (formulas by "r,c") parsed, in row-major order. */
export function parseSheet(s: SheetFormulas | ParsedSheet): ParsedSheet {
  if (s instanceof ParsedSheet) return s;
  const p = new ParsedSheet(s.name);
  const cells = [...s.formulas].map(([k, f]) => {
    const [r, c] = parseKey(k);
    return { r, c, f };
  });
  cells.sort((a, b) => a.r - b.r || a.c - b.c);
  for (const x of cells) p.add(x.r, x.c, x.f);
  for (const [k, sp] of s.spills) p.setSpill(...parseKey(k), sp.rows, sp.cols);
  return p;
}

// ---------- Which cells depend on an add-in result ----------

/** Why a formula cell of the shared sheet holds a value in the copy. */
export type FrozenWhy = "calls-addin" | "calls-name" | "calls-external" | "depends-on-addin" | "other-sheet" | "cannot-follow" | "reads-frozen-spill";

/** Reason codes of ShareAnalysis.why (0 = stays live). */
export const WHYS: readonly FrozenWhy[] = ["calls-addin", "calls-name", "calls-external", "depends-on-addin", "other-sheet", "cannot-follow", "reads-frozen-spill"];

export const WHY_TEXT: Record<FrozenWhy, string> = {
  "calls-addin": "calls an add-in function",
  "calls-name": "calls a function defined by a name (a LAMBDA): kept as its value like an add-in call, since it may call one and Excel 2021 and earlier cannot run it",
  "calls-external": "calls a function Excel does not have built in (another add-in's, a VBA or XLL function): without it the cell would show #NAME?",
  "depends-on-addin": "depends on the result of an add-in or name-defined function (through other cells, spills, sheets or names)",
  "other-sheet": "refers to another sheet, workbook or name the copy does not contain",
  "cannot-follow": "uses a reference the copy cannot follow (INDIRECT, OFFSET, a table or an external link)",
  "reads-frozen-spill": "reads the spill (#) of a cell that holds values in the copy",
};

export interface ShareAnalysis {
  /** "r,c" of formula cells of the shared sheet that become values, with the reason (built on first use). */
  readonly frozen: Map<string, FrozenWhy>;
  /** "r,c" of formula cells that stay formulas (they depend on no add-in result; built on first use). */
  readonly live: Set<string>;
  /** Names the live formulas use (all over the shared sheet only): re-created in the copy. */
  names: DefinedName[];
  /** Sheets referenced (directly or through names) that were not given: load them and analyse again. */
  missingSheets: string[];
  /** The shared sheet's formulas, parsed (row-major), and each one's reason code (0 = live, else WHYS[code - 1]). */
  sharedSheet: ParsedSheet;
  why: Uint8Array;
  frozenCount: number;
  liveCount: number;
}

/** A Fenwick tree over the rows of one column: marks rows, answers "any marked row in [r0, r1]?" in O(log n). */
class RowMarks {
  private tree: Int32Array;
  constructor(private size: number) {
    this.tree = new Int32Array(size + 1);
  }
  mark(r: number): void {
    for (let i = r + 1; i <= this.size; i += i & -i) this.tree[i]++;
  }
  private prefix(r: number): number {
    let sum = 0;
    for (let i = Math.min(r + 1, this.size); i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }
  any(r0: number, r1: number): boolean {
    if (r0 >= this.size || r1 < r0) return false;
    return this.prefix(r1) - (r0 > 0 ? this.prefix(r0 - 1) : 0) > 0;
  }
}

export const cellKey = (r: number, c: number): string => `${r},${c}`;
export function parseKey(k: string): [number, number] {
  const i = k.indexOf(",");
  return [Number(k.slice(0, i)), Number(k.slice(i + 1))];
}

class Analysis implements ShareAnalysis {
  names: DefinedName[] = [];
  missingSheets: string[] = [];
  frozenCount = 0;
  liveCount = 0;
  private frozenMap?: Map<string, FrozenWhy>;
  private liveSet?: Set<string>;
  constructor(
    public sharedSheet: ParsedSheet,
    public why: Uint8Array,
  ) {}
  get frozen(): Map<string, FrozenWhy> {
    if (!this.frozenMap) {
      this.frozenMap = new Map();
      for (let f = 0; f < this.sharedSheet.count; f++) if (this.why[f]) this.frozenMap.set(cellKey(this.sharedSheet.row[f], this.sharedSheet.col[f]), WHYS[this.why[f] - 1]);
    }
    return this.frozenMap;
  }
  get live(): Set<string> {
    if (!this.liveSet) {
      this.liveSet = new Set();
      for (let f = 0; f < this.sharedSheet.count; f++) if (!this.why[f]) this.liveSet.add(cellKey(this.sharedSheet.row[f], this.sharedSheet.col[f]));
    }
    return this.liveSet;
  }
}

/**
 * Which formula cells of the sheet `shared` depend on an add-in result at any
 * depth, following references through other sheets, spills (A1#, and ranges
 * over spilled cells) and defined names (names over spills included) until
 * nothing changes; and which of them can stay live in a copy that contains
 * only that sheet. An add-in result is what a TRADE function returns, and
 * also what a call of a function Excel does not have returns (another
 * add-in's namespace, VBA, XLL) or a call of a name (a LAMBDA, which may call
 * TRADE and which Excel 2021 and earlier cannot run): a recipient without
 * them would see #NAME?. References the analysis cannot follow (INDIRECT,
 * OFFSET, tables, external links) count as depending on one (values, to be
 * safe). `sheets` must contain `shared`; sheets it references that are not
 * given are listed in `missingSheets` (load them and call again; the rest of
 * the answer is empty then).
 */
export function analyseShare(input: readonly (SheetFormulas | ParsedSheet)[], names: readonly DefinedName[], shared: string): ShareAnalysis {
  const lower = (x: string) => x.toLowerCase();
  const sheets = input.map(parseSheet);
  const sheetIndex = new Map(sheets.map((s, i) => [lower(s.name), i]));
  const si0 = sheetIndex.get(lower(shared));
  if (si0 === undefined) throw new Error(`sheet ${shared} not given`);
  const sharedSheet = sheets[si0];

  // Defined names, parsed like a sheet of one formula each (row = the name's index).
  const byScope = new Map<string, number>();
  const byBook = new Map<string, number>();
  names.forEach((d, i) => {
    if (d.scope === undefined) {
      if (!byBook.has(lower(d.name))) byBook.set(lower(d.name), i);
    } else if (!byScope.has(`${lower(d.scope)}!${lower(d.name)}`)) byScope.set(`${lower(d.scope)}!${lower(d.name)}`, i);
  });
  const lookupName = (name: string, from: string): number => byScope.get(`${lower(from)}!${lower(name)}`) ?? byBook.get(lower(name)) ?? -1;
  const nameParsed = names.map((d) => {
    const p = new ParsedSheet(d.scope ?? "");
    p.add(0, 0, d.formula);
    return p;
  });

  // Targets of each parsed sheet (and name) → sheet index, name index, or the kind of call.
  const missing = new Set<string>();
  const T_SHEET = 0;
  const T_NAME = 1;
  const T_CALL_NAME = 2;
  const T_CALL_EXT = 3;
  const resolve = (p: ParsedSheet, scopeSheet: string) =>
    p.targets.map((t) => {
      if (t.kind === "sheet") {
        return [T_SHEET, sheetIndex.get(lower(t.name)) ?? -1] as const;
      }
      if (t.kind === "name") return [T_NAME, lookupName(t.name, t.sheet ?? scopeSheet)] as const;
      const n = lookupName(t.name, scopeSheet);
      return n >= 0 ? ([T_CALL_NAME, n] as const) : ([T_CALL_EXT, -1] as const);
    });
  const sheetTargets = sheets.map((s) => resolve(s, s.name));
  const nameTargets = nameParsed.map((p, i) => resolve(p, names[i].scope ?? ""));
  // Names reached from the loaded sheets may point at further sheets.
  const reached = new Uint8Array(names.length);
  const reach = (n: number) => {
    if (n < 0 || reached[n]) return;
    reached[n] = 1;
    for (const [k, i] of nameTargets[n]) if (k === T_NAME || k === T_CALL_NAME) reach(i);
  };
  for (const targets of sheetTargets) for (const [k, i] of targets) if (k === T_NAME || k === T_CALL_NAME) reach(i);
  sheets.forEach((s, si) =>
    s.targets.forEach((t, ti) => {
      if (t.kind === "sheet" && sheetTargets[si][ti][1] < 0 && t.name) missing.add(t.name);
    }),
  );
  names.forEach((_d, n) => {
    if (!reached[n]) return;
    nameParsed[n].targets.forEach((t, ti) => {
      if (t.kind === "sheet" && nameTargets[n][ti][1] < 0 && t.name) missing.add(t.name);
    });
  });
  if (missing.size) {
    const a = new Analysis(sharedSheet, new Uint8Array(sharedSheet.count));
    a.missingSheets = [...missing];
    return a;
  }

  // Tainted formulas (global index = base[si] + f) and marks of tainted cells (formula cells and their spilled blocks), per sheet and column.
  const base = new Int32Array(sheets.length + 1);
  sheets.forEach((s, si) => (base[si + 1] = base[si] + s.count));
  const tainted = new Uint8Array(base[sheets.length]);
  const colMarks: (RowMarks | undefined)[][] = sheets.map(() => []);
  const markedCols: number[][] = sheets.map(() => []);
  const spillKey = sheets.map((s) => {
    const m = new Map<number, { rows: number; cols: number }>();
    for (const [k, sp] of s.spills) {
      const [r, c] = parseKey(k);
      m.set(r * MAX_COLS + c, sp);
    }
    return m;
  });
  const markCell = (si: number, r: number, c: number) => {
    let m = colMarks[si][c];
    if (!m) {
      colMarks[si][c] = m = new RowMarks(sheets[si].maxRow + 1);
      markedCols[si].push(c);
    }
    m.mark(r);
  };
  const anyTainted = (si: number, r0: number, c0: number, r1: number, c1: number): boolean => {
    const cols = colMarks[si];
    if (c1 - c0 < 64) {
      for (let c = c0; c <= c1; c++) if (cols[c]?.any(r0, r1)) return true;
      return false;
    }
    for (const c of markedCols[si]) if (c >= c0 && c <= c1 && cols[c]!.any(r0, r1)) return true;
    return false;
  };
  const taintedNames = new Uint8Array(names.length);
  /** Is the reference at refs[j..j+5) of a formula tainted? */
  const refTainted = (refs: Int32Array, j: number, targets: readonly (readonly [number, number])[]): boolean => {
    const [kind, idx] = targets[refs[j]];
    if (kind === T_CALL_NAME || kind === T_CALL_EXT) return true;
    if (kind === T_NAME) return idx >= 0 && taintedNames[idx] === 1;
    if (idx < 0) return false;
    const r0 = refs[j + 1];
    const c0 = refs[j + 2];
    if (refs[j + 3] === -1) {
      const sp = spillKey[idx].get(r0 * MAX_COLS + c0);
      return anyTainted(idx, r0, c0, r0 + (sp ? sp.rows : 1) - 1, c0 + (sp ? sp.cols : 1) - 1);
    }
    return anyTainted(idx, r0, c0, refs[j + 3], refs[j + 4]);
  };

  // Direct readers of each formula (references of up to 256 cells, spills by their anchor), so chains settle in one pass.
  const readerStart = new Int32Array(tainted.length + 1);
  const forSmallRefs = (fn: (target: number, reader: number) => void) =>
    sheets.forEach((s, si) => {
      const targets = sheetTargets[si];
      const refs = s.refs;
      for (let f = 0; f < s.count; f++) {
        for (let j = s.refStart[f]; j < s.refStart[f + 1]; j += STRIDE) {
          const [kind, ti] = targets[refs[j]];
          if (kind !== T_SHEET || ti < 0) continue;
          const spill = refs[j + 3] === -1;
          const r0 = refs[j + 1];
          const c0 = refs[j + 2];
          const r1 = spill ? r0 : refs[j + 3];
          const c1 = spill ? c0 : refs[j + 4];
          if ((r1 - r0 + 1) * (c1 - c0 + 1) > 256) continue;
          const t = sheets[ti];
          for (let r = r0; r <= r1; r++)
            for (let c = c0; c <= c1; c++) {
              const g = t.indexOf(r, c);
              if (g >= 0) fn(base[ti] + g, base[si] + f);
            }
        }
      }
    });
  forSmallRefs((target) => readerStart[target + 1]++);
  for (let i = 0; i < tainted.length; i++) readerStart[i + 1] += readerStart[i];
  const readers = new Int32Array(readerStart[tainted.length]);
  const fill = readerStart.slice(0, tainted.length);
  forSmallRefs((target, reader) => (readers[fill[target]++] = reader));
  const sheetOf = (g: number) => {
    let si = 0;
    while (g >= base[si + 1]) si++;
    return si;
  };
  const taint = (g0: number) => {
    const stack = [g0];
    while (stack.length) {
      const g = stack.pop()!;
      if (tainted[g]) continue;
      tainted[g] = 1;
      const si = sheetOf(g);
      const s = sheets[si];
      const f = g - base[si];
      const r = s.row[f];
      const c = s.col[f];
      const sp = spillKey[si].get(r * MAX_COLS + c);
      for (let rr = r; rr < r + (sp ? sp.rows : 1); rr++) for (let cc = c; cc < c + (sp ? sp.cols : 1); cc++) markCell(si, rr, cc);
      for (let i = readerStart[g]; i < readerStart[g + 1]; i++) if (!tainted[readers[i]]) stack.push(readers[i]);
    }
  };

  // Row-major passes over every name and formula, repeated until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    names.forEach((_d, n) => {
      if (taintedNames[n]) return;
      const p = nameParsed[n];
      const refs = p.refsOf(0);
      let t = (p.flags[0] & (F_TRADE | F_OPAQUE)) !== 0;
      for (let j = 0; !t && j < refs.length; j += STRIDE) t = refTainted(refs, j, nameTargets[n]);
      if (t) {
        taintedNames[n] = 1;
        changed = true;
      }
    });
    sheets.forEach((s, si) => {
      const targets = sheetTargets[si];
      for (let f = 0; f < s.count; f++) {
        const g = base[si] + f;
        if (tainted[g]) continue;
        let t = (s.flags[f] & (F_TRADE | F_OPAQUE)) !== 0;
        const a = s.refStart[f];
        const b = s.refStart[f + 1];
        for (let j = a; !t && j < b; j += STRIDE) t = refTainted(s.refs, j, targets);
        if (t) {
          taint(g);
          changed = true;
        }
      }
    });
  }

  // Classify the shared sheet's formula cells.
  const code = (w: FrozenWhy) => WHYS.indexOf(w) + 1;
  const why = new Uint8Array(sharedSheet.count);
  const targets0 = sheetTargets[si0];
  const localName = (n: number): boolean => {
    if (n < 0) return false;
    const p = nameParsed[n];
    if (p.flags[0] & (F_TRADE | F_OPAQUE)) return false;
    const refs = p.refsOf(0);
    for (let j = 0; j < refs.length; j += STRIDE) {
      const [k, i] = nameTargets[n][refs[j]];
      if (k !== T_SHEET || i !== si0) return false;
    }
    return true;
  };
  for (let f = 0; f < sharedSheet.count; f++) {
    const refs = sharedSheet.refsOf(f);
    let callName = false;
    let callExt = false;
    let other = false;
    for (let j = 0; j < refs.length; j += STRIDE) {
      const [k, i] = targets0[refs[j]];
      if (k === T_CALL_NAME) callName = true;
      else if (k === T_CALL_EXT) callExt = true;
      else if (k === T_SHEET ? i !== si0 : !localName(i)) other = true;
    }
    const flags = sharedSheet.flags[f];
    if (flags & F_TRADE) why[f] = code("calls-addin");
    else if (callName) why[f] = code("calls-name");
    else if (callExt) why[f] = code("calls-external");
    else if (flags & F_OPAQUE) why[f] = code("cannot-follow");
    else if (tainted[base[si0] + f]) why[f] = code("depends-on-addin");
    else if (other) why[f] = code("other-sheet");
  }
  // A live formula that reads the spill (#) of a frozen cell would read constants (#REF!): freeze it too, until nothing changes.
  const spillAnchors = (f: number): number[] => {
    const out: number[] = [];
    const refs = sharedSheet.refsOf(f);
    const add = (rs: Int32Array, j: number, targets: readonly (readonly [number, number])[]) => {
      const [k, i] = targets[rs[j]];
      if (k === T_SHEET && i === si0 && rs[j + 3] === -1) {
        const g = sharedSheet.indexOf(rs[j + 1], rs[j + 2]);
        if (g >= 0) out.push(g);
      }
    };
    for (let j = 0; j < refs.length; j += STRIDE) {
      add(refs, j, targets0);
      const [k, n] = targets0[refs[j]];
      if (k === T_NAME && n >= 0) {
        const nr = nameParsed[n].refsOf(0);
        for (let jj = 0; jj < nr.length; jj += STRIDE) add(nr, jj, nameTargets[n]);
      }
    }
    return out;
  };
  const readsSpill: [number, number[]][] = [];
  for (let f = 0; f < sharedSheet.count; f++) {
    const refs = sharedSheet.refsOf(f);
    let maybe = (sharedSheet.flags[f] & F_REFS_SPILL) !== 0;
    for (let j = 0; !maybe && j < refs.length; j += STRIDE) maybe = targets0[refs[j]][0] === T_NAME;
    if (!maybe) continue;
    const anchors = spillAnchors(f);
    if (anchors.length) readsSpill.push([f, anchors]);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [f, anchors] of readsSpill) {
      if (!why[f] && anchors.some((g) => why[g] !== 0)) {
        why[f] = code("reads-frozen-spill");
        changed = true;
      }
    }
  }
  const a = new Analysis(sharedSheet, why);
  const keep = new Set<number>();
  for (let f = 0; f < sharedSheet.count; f++) {
    if (why[f]) {
      a.frozenCount++;
      continue;
    }
    a.liveCount++;
    const refs = sharedSheet.refsOf(f);
    for (let j = 0; j < refs.length; j += STRIDE) {
      const [k, n] = targets0[refs[j]];
      if (k === T_NAME && n >= 0) keep.add(n);
    }
  }
  a.names = [...keep].sort((x, y) => x - y).map((n) => names[n]);
  return a;
}

/**
 * A cell is a formula when Range.formulas gives text starting with "=" that is
 * not the cell's own value: a text constant typed as '=TRADE.X(1) reads back as
 * "=TRADE.X(1)" in both formulas and values, a formula as its result.
 */
export function isFormulaCell(formula: unknown, value: unknown): formula is string {
  return typeof formula === "string" && formula.startsWith("=") && formula.length > 1 && !(typeof value === "string" && value === formula);
}

/** Characters Excel does not allow in a sheet name. */
const BAD_SHEET_CHARS = /[\\/?*[\]:]/g;

/** A sheet name not in `existing` (case-insensitive), ≤ 31 characters: "Name", "Name (2)", "Name (3)"... */
export function uniqueSheetName(base: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  const clean = base.replace(BAD_SHEET_CHARS, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31) || "Sheet";
  if (!taken.has(clean.toLowerCase())) return clean;
  for (let i = 2; i < 10000; i++) {
    const suffix = ` (${i})`;
    const name = clean.slice(0, 31 - suffix.length).trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
  throw new Error("no free sheet name");
}

/** ArrayBuffer/bytes → base64 (browser and Node), in chunks so large files do not overflow the call stack. */
export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const g = globalThis as { btoa?: (s: string) => string; Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } };
  if (typeof g.btoa !== "function" && g.Buffer) return g.Buffer.from(u8).toString("base64");
  let bin = "";
  for (let i = 0; i < u8.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(u8.subarray(i, i + 0x8000)));
  return g.btoa!(bin);
}

/**
 * Share-ready copies and template insertion, the pure part (no Office): the
 * references in formula text, which cells depend on an add-in result (at any
 * depth, through spills, other sheets and names), unique sheet names and
 * base64. The Office calls live in src/office/.
 */
import { columnLetters } from "../core/a1";
import { callsAddin } from "./addinNames";

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

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d+)$/;
const COLS = /^\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})$/;
const ROWS = /^\$?(\d+):\$?(\d+)$/;
/** Functions whose references are computed from text or offsets: the analysis cannot see what they read. */
const OPAQUE_FUNCTIONS = new Set(["INDIRECT", "OFFSET"]);
const WORD = /^[A-Za-z0-9_.$:\\\u00C0-\uFFFF]+/;

function letters(col: string): number {
  let n = 0;
  for (const ch of col.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function cellOf(text: string): { r: number; c: number } | undefined {
  const m = CELL.exec(text);
  if (!m) return undefined;
  const r = Number(m[2]) - 1;
  const c = letters(m[1]);
  return r >= 0 && r < MAX_ROWS && c < MAX_COLS ? { r, c } : undefined;
}

/** Replaces string literals by same-length blanks so positions are kept and text cannot look like a reference. */
function maskStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, (m) => '"' + " ".repeat(m.length - 2) + '"');
}

/**
 * Every reference in a formula (with its "="), with the sheet each one is on
 * (`ownSheet` when unqualified). Strings are skipped; `'Sheet name'!A1#`,
 * `Sheet1!$A:$A`, `3:5`, names and functions are recognised; INDIRECT, OFFSET,
 * structured or external references ([...]) and 3-D references come back as
 * "opaque". Positions (start/end, qualifier included) let a caller rewrite
 * area references.
 */
export function formulaRefs(formula: string, ownSheet: string): FormulaRef[] {
  const s = maskStrings(formula);
  const out: FormulaRef[] = [];
  let i = s.startsWith("=") ? 1 : 0;
  let sheet: string | undefined;
  let sheetStart = -1;
  while (i < s.length) {
    const ch = s[i];
    if (ch === '"') {
      const j = s.indexOf('"', i + 1);
      i = j < 0 ? s.length : j + 1;
      sheet = undefined;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let name = "";
      while (j < s.length) {
        if (s[j] === "'" && s[j + 1] === "'") {
          name += "'";
          j += 2;
        } else if (s[j] === "'") break;
        else name += s[j++];
      }
      if (s[j + 1] === "!") {
        sheet = name;
        sheetStart = i;
        i = j + 2;
        if (name.includes(":")) out.push({ kind: "opaque", why: "3-D reference" });
        continue;
      }
      i = j + 1;
      continue;
    }
    if (ch === "[") {
      out.push({ kind: "opaque", why: "structured or external reference" });
      const j = s.indexOf("]", i);
      i = j < 0 ? s.length : j + 1;
      sheet = undefined;
      continue;
    }
    const prev = i > 0 ? s[i - 1] : "";
    const m = WORD.exec(s.slice(i));
    if (!m || /[A-Za-z0-9_.]/.test(prev)) {
      i += m ? m[0].length : 1;
      if (!m) sheet = undefined;
      continue;
    }
    const w = m[0];
    const start = sheet !== undefined ? sheetStart : i;
    let j = i + w.length;
    if (s[j] === "!") {
      sheet = w;
      sheetStart = i;
      if (w.includes(":")) out.push({ kind: "opaque", why: "3-D reference" });
      i = j + 1;
      continue;
    }
    const spill = s[j] === "#";
    if (spill) j++;
    let k = j;
    while (s[k] === " ") k++;
    const call = s[k] === "(";
    const target = sheet ?? ownSheet;
    const qualified = sheet !== undefined;
    sheet = undefined;
    i = j;
    if (call) {
      const fname = w.toUpperCase();
      if (fname.includes(":")) out.push({ kind: "opaque", why: "a range ending in a function" });
      else if (OPAQUE_FUNCTIONS.has(fname)) out.push({ kind: "opaque", why: `${fname} reference` });
      continue;
    }
    const [a, b] = w.split(":");
    const ca = cellOf(a);
    const cb = b === undefined ? ca : cellOf(b);
    if (ca && cb && w.split(":").length <= 2) {
      out.push({ kind: "area", sheet: target, qualified, r0: Math.min(ca.r, cb.r), c0: Math.min(ca.c, cb.c), r1: Math.max(ca.r, cb.r), c1: Math.max(ca.c, cb.c), spill, start, end: j });
      continue;
    }
    const cm = COLS.exec(w);
    if (cm) {
      const c0 = letters(cm[1]);
      const c1 = letters(cm[2]);
      out.push({ kind: "area", sheet: target, qualified, r0: 0, c0: Math.min(c0, c1), r1: MAX_ROWS - 1, c1: Math.max(c0, c1), spill: false, start, end: j });
      continue;
    }
    const rm = ROWS.exec(w);
    if (rm) {
      const r0 = Number(rm[1]) - 1;
      const r1 = Number(rm[2]) - 1;
      out.push({ kind: "area", sheet: target, qualified, r0: Math.min(r0, r1), c0: 0, r1: Math.max(r0, r1), c1: MAX_COLS - 1, spill: false, start, end: j });
      continue;
    }
    if (/^[0-9.]/.test(w) || /^(TRUE|FALSE)$/i.test(w)) continue;
    if (w.includes(":")) {
      out.push({ kind: "opaque", why: "a range built from names" });
      continue;
    }
    out.push(qualified ? { kind: "name", name: w, sheet: target } : { kind: "name", name: w });
  }
  return out;
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
  const refs = formulaRefs(formula, sheet).filter((r): r is AreaRef => r.kind === "area" && r.sheet.toLowerCase() === sheet.toLowerCase());
  let out = formula;
  for (const r of [...refs].sort((x, y) => y.start - x.start)) {
    const text = out.slice(r.start, r.end);
    const bang = text.lastIndexOf("!");
    const head = text.slice(0, bang + 1);
    const body = text.slice(bang + 1);
    if (COLS.test(body)) continue;
    const moved = ROWS.test(body)
      ? body.replace(/(\$?)(\d+)/g, (_m, d: string, n: string) => `${d}${Number(n) + by}`)
      : body.replace(/(\$?[A-Za-z]{1,3}\$?)(\d+)/g, (_m, col: string, n: string) => `${col}${Number(n) + by}`);
    out = out.slice(0, r.start) + head + moved + out.slice(r.end);
  }
  return out;
}

// ---------- Which cells depend on an add-in result ----------

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
}

/** Why a formula cell of the shared sheet holds a value in the copy. */
export type FrozenWhy = "calls-addin" | "depends-on-addin" | "other-sheet" | "cannot-follow" | "reads-frozen-spill";

export const WHY_TEXT: Record<FrozenWhy, string> = {
  "calls-addin": "calls an add-in function",
  "depends-on-addin": "depends on an add-in result",
  "other-sheet": "refers to another sheet, workbook or name the copy does not contain",
  "cannot-follow": "uses a reference the copy cannot follow (INDIRECT, OFFSET, a table or an external link)",
  "reads-frozen-spill": "reads the spill (#) of a cell that holds values in the copy",
};

export interface ShareAnalysis {
  /** "r,c" of formula cells of the shared sheet that become values, with the reason. */
  frozen: Map<string, FrozenWhy>;
  /** "r,c" of formula cells that stay formulas (they depend on no add-in result). */
  live: Set<string>;
  /** Names the live formulas use (all over the shared sheet only): re-created in the copy. */
  names: DefinedName[];
  /** Sheets referenced (directly or through names) that were not given: load them and analyse again. */
  missingSheets: string[];
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

/**
 * Which formula cells of the sheet `shared` depend on an add-in result at any
 * depth, following references through other sheets, spills (A1#, and ranges
 * over spilled cells) and defined names (names over spills included) until
 * nothing changes; and which of them can stay live in a copy that contains
 * only that sheet. References the analysis cannot follow (INDIRECT, OFFSET,
 * tables, external links) count as depending on an add-in result (values, to
 * be safe). `sheets` must contain `shared`; sheets it references that are not
 * given are listed in `missingSheets` (load them and call again).
 */
export function analyseShare(sheets: readonly SheetFormulas[], names: readonly DefinedName[], shared: string): ShareAnalysis {
  const lower = (x: string) => x.toLowerCase();
  const byName = new Map(sheets.map((s) => [lower(s.name), s]));
  const sharedSheet = byName.get(lower(shared));
  if (!sharedSheet) throw new Error(`sheet ${shared} not given`);
  const lookupName = (name: string, from: string): DefinedName | undefined => {
    const n = lower(name);
    return names.find((d) => lower(d.name) === n && d.scope !== undefined && lower(d.scope) === lower(from)) ?? names.find((d) => lower(d.name) === n && d.scope === undefined);
  };
  const nameKey = (d: DefinedName) => lower(`${d.scope ?? ""}!${d.name}`);

  // Parsed references of every formula cell and name.
  const refsOf = new Map<SheetFormulas, Map<string, FormulaRef[]>>();
  const calls = new Set<string>(); // "sheet|r,c" of formulas that call an add-in function
  const missing = new Set<string>();
  const need = (sheet: string) => {
    if (sheet && !byName.has(lower(sheet))) missing.add(sheet);
  };
  for (const s of sheets) {
    const m = new Map<string, FormulaRef[]>();
    for (const [k, f] of s.formulas) {
      const refs = formulaRefs(f, s.name);
      for (const r of refs) if (r.kind === "area") need(r.sheet);
      m.set(k, refs);
      if (callsAddin(f)) calls.add(`${lower(s.name)}|${k}`);
    }
    refsOf.set(s, m);
  }
  const nameRefs = new Map<string, FormulaRef[]>();
  for (const d of names) {
    const refs = formulaRefs(d.formula, d.scope ?? "");
    nameRefs.set(nameKey(d), refs);
  }
  // Names used by the loaded sheets' formulas may point at further sheets.
  const reached = new Set<string>();
  const reachName = (name: string, from: string) => {
    const d = lookupName(name, from);
    if (!d || reached.has(nameKey(d))) return;
    reached.add(nameKey(d));
    for (const r of nameRefs.get(nameKey(d))!) {
      if (r.kind === "area") need(r.sheet);
      if (r.kind === "name") reachName(r.name, r.sheet ?? d.scope ?? from);
    }
  };
  for (const [s, m] of refsOf) for (const refs of m.values()) for (const r of refs) if (r.kind === "name") reachName(r.name, r.sheet ?? s.name);

  // Marks of tainted cells (formula cells and their spilled blocks), per sheet and column.
  const marks = new Map<string, Map<number, RowMarks>>();
  const rowsOf = new Map<string, number>();
  for (const s of sheets) {
    let maxRow = 0;
    for (const k of s.formulas.keys()) maxRow = Math.max(maxRow, parseKey(k)[0]);
    for (const [k, sp] of s.spills) maxRow = Math.max(maxRow, parseKey(k)[0] + sp.rows - 1);
    rowsOf.set(lower(s.name), maxRow + 1);
    marks.set(lower(s.name), new Map());
  }
  const markCell = (sheet: string, r: number, c: number) => {
    const cols = marks.get(lower(sheet))!;
    let m = cols.get(c);
    if (!m) cols.set(c, (m = new RowMarks(rowsOf.get(lower(sheet))!)));
    m.mark(r);
  };
  const anyTainted = (sheet: string, r0: number, c0: number, r1: number, c1: number): boolean => {
    const cols = marks.get(lower(sheet));
    if (!cols) return false;
    for (const [c, m] of cols) if (c >= c0 && c <= c1 && m.any(r0, r1)) return true;
    return false;
  };
  const spillArea = (sheet: SheetFormulas | undefined, r: number, c: number) => {
    const sp = sheet?.spills.get(cellKey(r, c));
    return { r1: r + (sp ? sp.rows : 1) - 1, c1: c + (sp ? sp.cols : 1) - 1 };
  };
  const taintedNames = new Set<string>();
  const refTainted = (r: FormulaRef, from: string): boolean => {
    if (r.kind === "opaque") return true;
    if (r.kind === "name") {
      const d = lookupName(r.name, r.sheet ?? from);
      return !!d && taintedNames.has(nameKey(d));
    }
    if (r.spill) {
      const a = spillArea(byName.get(lower(r.sheet)), r.r0, r.c0);
      return anyTainted(r.sheet, r.r0, r.c0, a.r1, a.c1);
    }
    return anyTainted(r.sheet, r.r0, r.c0, r.r1, r.c1);
  };

  // Reverse index for small references (up to 256 cells, spills by their anchor): when a cell
  // becomes tainted its direct readers are tainted at once, so chains settle in one pass.
  const readers = new Map<string, [SheetFormulas, number, number][]>();
  for (const s of sheets) {
    for (const [k, refs] of refsOf.get(s)!) {
      const [r, c] = parseKey(k);
      for (const x of refs) {
        if (x.kind !== "area") continue;
        const cells = x.spill ? 1 : (x.r1 - x.r0 + 1) * (x.c1 - x.c0 + 1);
        if (cells > 256) continue;
        const target = lower(x.sheet);
        for (let rr = x.r0; rr <= (x.spill ? x.r0 : x.r1); rr++)
          for (let cc = x.c0; cc <= (x.spill ? x.c0 : x.c1); cc++) {
            const id = `${target}|${rr},${cc}`;
            let list = readers.get(id);
            if (!list) readers.set(id, (list = []));
            list.push([s, r, c]);
          }
      }
    }
  }
  const tainted = new Set<string>();
  const taint = (s0: SheetFormulas, r0: number, c0: number) => {
    const stack: [SheetFormulas, number, number][] = [[s0, r0, c0]];
    while (stack.length) {
      const [s, r, c] = stack.pop()!;
      const id = `${lower(s.name)}|${r},${c}`;
      if (tainted.has(id)) continue;
      tainted.add(id);
      const a = spillArea(s, r, c);
      for (let rr = r; rr <= a.r1; rr++)
        for (let cc = c; cc <= a.c1; cc++) {
          markCell(s.name, rr, cc);
          for (const next of readers.get(`${lower(s.name)}|${rr},${cc}`) ?? []) stack.push(next);
        }
    }
  };

  // Row-major passes over every formula and name, repeated until nothing changes.
  const ordered = sheets.map((s) => ({ s, cells: [...s.formulas.keys()].map(parseKey).sort((a, b) => a[0] - b[0] || a[1] - b[1]) }));
  for (let changed = true; changed; ) {
    changed = false;
    for (const d of names) {
      const k = nameKey(d);
      if (taintedNames.has(k)) continue;
      if (callsAddin(d.formula) || nameRefs.get(k)!.some((r) => refTainted(r, d.scope ?? ""))) {
        taintedNames.add(k);
        changed = true;
      }
    }
    for (const { s, cells } of ordered) {
      const refs = refsOf.get(s)!;
      for (const [r, c] of cells) {
        const id = `${lower(s.name)}|${r},${c}`;
        if (tainted.has(id)) continue;
        const k = cellKey(r, c);
        if (calls.has(id) || refs.get(k)!.some((x) => refTainted(x, s.name))) {
          taint(s, r, c);
          changed = true;
        }
      }
    }
  }

  // Classify the shared sheet's formula cells.
  const frozen = new Map<string, FrozenWhy>();
  const sharedRefs = refsOf.get(sharedSheet)!;
  const onShared = (r: FormulaRef) => r.kind === "area" && lower(r.sheet) === lower(shared);
  const localName = (d: DefinedName | undefined): boolean => !!d && !callsAddin(d.formula) && nameRefs.get(nameKey(d))!.every(onShared);
  for (const [k, f] of sharedSheet.formulas) {
    const refs = sharedRefs.get(k)!;
    const [r, c] = parseKey(k);
    let why: FrozenWhy | undefined;
    if (callsAddin(f)) why = "calls-addin";
    else if (refs.some((x) => x.kind === "opaque")) why = "cannot-follow";
    else if (tainted.has(`${lower(shared)}|${r},${c}`)) why = "depends-on-addin";
    else if (refs.some((x) => (x.kind === "area" ? !onShared(x) : x.kind === "name" && !localName(lookupName(x.name, x.sheet ?? shared))))) why = "other-sheet";
    if (why) frozen.set(k, why);
  }
  // A live formula that reads the spill (#) of a frozen cell would read constants (#REF!): freeze it too, until nothing changes.
  const spillReads = (k: string): string[] =>
    sharedRefs.get(k)!.flatMap((x) => {
      if (x.kind === "area" && x.spill) return [cellKey(x.r0, x.c0)];
      if (x.kind === "name") {
        const d = lookupName(x.name, x.sheet ?? shared);
        return d ? nameRefs.get(nameKey(d))!.flatMap((y) => (y.kind === "area" && y.spill ? [cellKey(y.r0, y.c0)] : [])) : [];
      }
      return [];
    });
  for (let changed = true; changed; ) {
    changed = false;
    for (const k of sharedSheet.formulas.keys()) {
      if (!frozen.has(k) && spillReads(k).some((a) => frozen.has(a))) {
        frozen.set(k, "reads-frozen-spill");
        changed = true;
      }
    }
  }
  const live = new Set<string>();
  const keep = new Map<string, DefinedName>();
  for (const k of sharedSheet.formulas.keys()) {
    if (frozen.has(k)) continue;
    live.add(k);
    for (const x of sharedRefs.get(k)!) {
      if (x.kind !== "name") continue;
      const d = lookupName(x.name, x.sheet ?? shared);
      if (d) keep.set(nameKey(d), d);
    }
  }
  return { frozen, live, names: [...keep.values()], missingSheets: [...missing] };
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

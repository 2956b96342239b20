/**
 * The share-ready copy as a NEW workbook, the pure part: from what the Office
 * module read of the user's sheet (values, formulas, number formats, looks,
 * spills, column widths and hidden columns, row heights and hidden rows,
 * merged cells, hyperlinks, conditional formats, list validations, notes) and
 * the dependency analysis (./share.ts), the workbook to write (./xlsxWriter.ts).
 *
 * What the copy contains:
 *  - sheet 1, named like the source: every constant as it was; every formula
 *    that calls an add-in function (TRADE, another add-in's namespace, a
 *    function Excel does not have, a name holding a LAMBDA) or depends on one
 *    at any depth (and anything the analysis cannot follow) as its value at
 *    copy time, spills included; every other formula stays a live formula, in
 *    Excel's stored form (./storedForm.ts: `_xlfn.` prefixes, ANCHORARRAY,
 *    SINGLE, `_xlpm.`), with its cached value, and the names it uses come
 *    along (hidden ones stay hidden). Row 1 is a stamp ("values at <date>,
 *    computed with data version <v>"), so everything else is one row lower
 *    than in the source (live formulas, names, conditional formats, merges and
 *    links are rewritten to match). Hidden rows and columns stay hidden.
 *  - sheet 2, "About this copy": the stamp, how many cells hold values and
 *    why (as ranges of the source sheet), how many formulas stay live, what
 *    is hidden, what happened to notes and comments, what was not carried
 *    over, and that the file calls no add-in function.
 * Nothing in the copy calls an add-in function: it reads the same with or
 * without the add-in.
 */
import { columnLetters } from "../core/a1";
import { analyseShare, formulaRefs, isFormulaCell, parseKey, parseSheet, WHY_TEXT, WHYS, type DefinedName, type FrozenWhy, type ParsedSheet, type ShareAnalysis, type SheetFormulas } from "./share";
import { KIND_EMPTY, SheetGrid } from "./shareGrid";
import { rewriteFormula, calledFunctions, isExcelFunction } from "./storedForm";
import type { XBook, XCell, XConditional, XfOf, XHyperlink, XName, XNote, XRow, XSheet, XStyle, XValidation, XValue } from "./xlsxWriter";
import { quoteSheet } from "./xlsxWriter";
import { callsAddin } from "./addinNames";
import { SHARE_CARDS_NOTE, shareCardsTable, type CardCell, type EntityValue } from "../core/cards";

/** What the Office module read of one sheet (rows and columns 0-based, absolute), as 2-D arrays (small sheets and tests; large ones use SheetGrid). */
export interface SheetSnapshot {
  name: string;
  row0: number;
  col0: number;
  /** Rows of the used range (the same shape for all four grids). */
  formulas: unknown[][];
  values: unknown[][];
  valueTypes: string[][];
  numberFormats?: unknown[][];
  /** "r,c" of a spilling formula → its spill size. */
  spills: Map<string, { rows: number; cols: number }>;
  /** "r,c" → the entity value (a TRADE.CARD card, a linked data type) shown there, read through valuesAsJson (src/office/cards.ts). */
  entities?: ReadonlyMap<string, EntityValue>;
}

export interface ConditionalSnapshot {
  /** A1 address(es) on the source sheet, e.g. "J13:J19" or "A1:A3, C1:C3". */
  address: string;
  /** Office's ConditionalFormatType: "CellValue", "Custom", or another type (not carried over). */
  type: string;
  /** For CellValue: Office's operator ("Between", "GreaterThan", ...). */
  operator?: string;
  /** Rule formulas as Office gives them ("=0", "TRUE", "=$B$2"...). */
  formula1?: string;
  formula2?: string;
  fontColor?: string | null;
  fillColor?: string | null;
  bold?: boolean | null;
}

/** A cell's hyperlink (Range.getCellProperties, ExcelApi 1.9). */
export interface LinkSnapshot {
  row: number;
  col: number;
  /** An external address (URL, mailto:, file). */
  address?: string;
  /** A place in the workbook ("Sheet1!A1", "'My sheet'!B2" or a name). */
  documentReference?: string;
  screenTip?: string;
}

/** What happens to notes and threaded comments: the choice the pane shows before the copy is made. */
export type NotesChoice = "keep" | "leave-out";

export interface FormatSnapshot {
  /** Column widths in points by absolute 0-based column. */
  columnWidths: Map<number, number>;
  /** Absolute 0-based columns that are hidden. */
  hiddenColumns?: number[];
  /** Absolute 0-based row → custom height in points and whether it is hidden (rows with neither are absent). */
  rows?: Map<number, { height?: number; hidden?: boolean }>;
  /** Merged areas of the source sheet, A1 without the sheet ("A1:C1"). */
  merges?: string[];
  hyperlinks?: LinkSnapshot[];
  conditional: ConditionalSnapshot[];
  /** List validations: address and Office's list source ("a,b,c" or "=$A$1:$A$4"). */
  validations: { address: string; source: string; prompt?: string }[];
  /** Notes to copy (their text; authors are never written). */
  notes: { row: number; col: number; text: string; author?: string }[];
  /** The choice made for notes ("keep" by default); threaded comments are always left out. */
  notesChoice?: NotesChoice;
  /** Notes the sheet has that were left out (by the choice). */
  notesLeftOut?: number;
  /** Threaded comments (conversations) the sheet has: never copied. */
  threadedComments?: number;
  freezeRows?: number;
}

export interface ShareContext {
  when: Date;
  dataVersion: string;
  addinVersion?: string;
}

export interface ShareSummary {
  source: string;
  /** Formula cells of the source that hold values in the copy, by reason (source A1 ranges). */
  frozen: { why: FrozenWhy; ranges: string[]; count: number }[];
  frozenCount: number;
  /** Spilled cells (beyond their anchors) written as values. */
  spilledValues: number;
  liveCount: number;
  /** Entity values (cards) replaced by their text, their key figures on the sheet "Cards". */
  cards?: number;
  names: string[];
  /** What the original hid that stays hidden in the copy. */
  hidden: { rows: number; columns: number; names: string[] };
  /** Notes copied (text only) and left out; threaded comments left out. */
  notes: { kept: number; leftOut: number; comments: number };
  /** What this sheet has that the copy does not carry (the About sheet adds NEVER_CARRIED, true of every copy). */
  notCarried: string[];
  stamp: string;
  fileName: string;
}

/** Rows of the copy below the stamp row. */
export const STAMP_ROWS = 1;

/**
 * What the copy never carries over, whatever the sheet holds: the parts of a
 * cell's look the writer (./xlsxWriter.ts) does not model, and the sheet's
 * settings beyond its cells. Ends the "Not carried over" list of every copy,
 * so a recipient knows what to expect; what the sheet itself has that is not
 * carried (charts, tables, PivotTables, shapes, protection...) is listed by
 * the Office module with counts, before this.
 */
export const NEVER_CARRIED: readonly string[] = [
  "formatting of part of a cell's text (each cell takes one font)",
  "text rotation, shrink to fit and diagonal borders",
  "pattern and gradient fills (each is copied as its main colour)",
  "cell style names (their fonts, fills and borders are copied as the cells' own)",
  "row and column grouping (outline), page layout and print settings",
];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function stampText(source: string, ctx: ShareContext): string {
  const w = ctx.when;
  const date = `${w.getFullYear()}-${pad(w.getMonth() + 1)}-${pad(w.getDate())} ${pad(w.getHours())}:${pad(w.getMinutes())}`;
  return `Share-ready copy of '${source}': values at ${date}, computed with data version ${ctx.dataVersion}. Cells that depended on add-in results hold those values; formulas that depend on no add-in result stay live (see "About this copy").`;
}

export function shareFileName(source: string, when: Date): string {
  const safe = source.replace(/[\\/:*?"<>|]+/g, " ").trim() || "Sheet";
  return `${safe} (values ${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}).xlsx`;
}

/** A value Office returned (with its valueType) → what the file stores. */
export function storedValue(v: unknown, t?: string): XValue {
  if (v === null || v === undefined || v === "") return null;
  if (t === "Error" || (typeof v === "string" && /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|BUSY!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!)/.test(v) && t === undefined)) {
    return { error: String(v) };
  }
  if (typeof v === "number") return Number.isFinite(v) ? v : { error: "#NUM!" };
  if (typeof v === "boolean") return v;
  if (typeof v === "object") return { error: "#VALUE!" }; // an array or entity Office could not flatten
  return String(v);
}

/** Cells covered by a spill, anchors excluded. */
function spilledCells(s: { spills: Map<string, { rows: number; cols: number }> }): Set<string> {
  const out = new Set<string>();
  for (const [k, sp] of s.spills) {
    const [r, c] = parseKey(k);
    for (let a = 0; a < sp.rows; a++) for (let b = 0; b < sp.cols; b++) if (a || b) out.add(`${r + a},${c + b}`);
  }
  return out;
}

/** Formula cells and spills of a snapshot, for the analysis. */
export function sheetFormulas(s: SheetSnapshot): SheetFormulas {
  const formulas = new Map<string, string>();
  const spilled = spilledCells(s);
  s.formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      const k = `${s.row0 + i},${s.col0 + j}`;
      if (!spilled.has(k) && isFormulaCell(f, s.values[i]?.[j])) formulas.set(k, f);
    }),
  );
  return { name: s.name, formulas, spills: s.spills };
}

/** A snapshot (2-D arrays) as a compact grid. */
export function gridFromSnapshot(s: SheetSnapshot): SheetGrid {
  const cols = s.formulas.reduce((n, r) => Math.max(n, r.length), 0);
  const g = new SheetGrid(s.name, s.row0, s.col0, s.formulas.length, cols);
  const spilled = spilledCells(s);
  // Spilled cells are values (their formula text is the anchor's); blank them out of the formulas grid.
  const formulas = spilled.size ? s.formulas.map((row, i) => row.map((f, j) => (spilled.has(`${s.row0 + i},${s.col0 + j}`) ? s.values[i]?.[j] : f))) : s.formulas;
  g.addChunk(s.row0, formulas, s.values, s.valueTypes, s.numberFormats);
  for (const [k, sp] of s.spills) g.parsed.setSpill(...parseKey(k), sp.rows, sp.cols);
  g.entities = s.entities;
  return g;
}

/** Row runs per column → A1 ranges ("A13:A19", "C4"), column by column. */
export function compressRanges(keys: Iterable<string>): string[] {
  const byCol = new Map<number, number[]>();
  for (const k of keys) {
    const [r, c] = parseKey(k);
    let rows = byCol.get(c);
    if (!rows) byCol.set(c, (rows = []));
    rows.push(r);
  }
  return runs(byCol);
}

function runs(byCol: Map<number, number[]>): string[] {
  const out: string[] = [];
  for (const c of [...byCol.keys()].sort((a, b) => a - b)) {
    const rows = byCol.get(c)!.sort((a, b) => a - b);
    let start = rows[0];
    let prev = rows[0];
    const emit = () => out.push(start === prev ? `${columnLetters(c)}${start + 1}` : `${columnLetters(c)}${start + 1}:${columnLetters(c)}${prev + 1}`);
    for (const r of rows.slice(1)) {
      if (r === prev + 1) prev = r;
      else {
        emit();
        start = prev = r;
      }
    }
    emit();
  }
  return out;
}

const CF_OPERATORS: Record<string, XConditional["operator"]> = {
  Between: "between",
  NotBetween: "notBetween",
  EqualTo: "equal",
  NotEqualTo: "notEqual",
  GreaterThan: "greaterThan",
  LessThan: "lessThan",
  GreaterThanOrEqual: "greaterThanOrEqual",
  LessThanOrEqual: "lessThanOrEqual",
};

/** A1 address(es) of the source sheet → the copy's (one row lower), space-separated as sqref wants. */
function shiftAddress(address: string, sheet: string): string {
  return address
    .split(/\s*,\s*/)
    .map((part) => rewriteFormula("=" + part.replace(/^.*!/, ""), { shift: { sheet, own: sheet, by: STAMP_ROWS } }).slice(1).replace(/\$/g, ""))
    .join(" ");
}

function color(c: string | null | undefined): string | undefined {
  if (!c) return undefined;
  const m = /^#?([0-9A-Fa-f]{6})$/.exec(c.trim());
  return m ? m[1].toUpperCase() : undefined;
}

/** A formula (with "=") calls something a recipient may not have: TRADE, another add-in, a function Excel lacks, or a name. */
function callsOutside(formula: string): boolean {
  return callsAddin(formula) || calledFunctions(formula).some((f) => !isExcelFunction(f));
}

/** The first line of a note Excel fills in with its author's name ("Ana Ruiz:"), which the copy leaves out with the author. */
export function noteText(text: string, author?: string): string {
  if (author && text.startsWith(`${author}:`)) return text.slice(author.length + 1).replace(/^\r?\n/, "");
  return text;
}

/**
 * Builds the copy. `shared` is the sheet to share (a grid as read in chunks,
 * or a snapshot); `others` the other sheets the analysis needed (their
 * formulas only matter); `analysis` may be passed when already computed;
 * `extraNotCarried`: what the reading found it could not carry over (listed
 * in the summary and on the About sheet, before NEVER_CARRIED).
 */
export function buildShareBook(
  shared: SheetSnapshot | SheetGrid,
  others: readonly (SheetSnapshot | ParsedSheet)[],
  names: readonly DefinedName[],
  formats: FormatSnapshot,
  ctx: ShareContext,
  analysis?: ShareAnalysis,
  extraNotCarried?: readonly string[],
): { book: XBook; summary: ShareSummary } {
  const grid = shared instanceof SheetGrid ? shared : gridFromSnapshot(shared);
  const a = analysis ?? analyseShare([grid.parsed, ...others.map((o) => ("formulas" in o && Array.isArray(o.formulas) ? parseSheet(sheetFormulas(o as SheetSnapshot)) : (o as ParsedSheet)))], names, grid.name);
  const src = grid.name;
  const stamp = stampText(src, ctx);
  const P = a.sharedSheet;
  const shift = { sheet: src, own: src, by: STAMP_ROWS };
  const stored = (f: string) => rewriteFormula(f, { stored: true, shift }).slice(1);
  const notCarried: string[] = [...(extraNotCarried ?? [])];

  // Frozen anchors' spilled cells (counted), and card cells (their text here, their figures on "Cards").
  let spilledValues = 0;
  for (let f = 0; f < P.count; f++) {
    if (!a.why[f]) continue;
    const sp = P.spills.get(`${P.row[f]},${P.col[f]}`);
    if (sp) spilledValues += sp.rows * sp.cols - 1;
  }
  const cardCells: CardCell[] = [];
  if (grid.entities)
    for (const [k, card] of grid.entities) {
      const [r, c] = parseKey(k);
      const f = P.indexOf(r, c);
      if (f >= 0 && a.why[f] === 0) continue; // a live formula stays a formula
      cardCells.push({ address: `${columnLetters(c)}${r + 1 + STAMP_ROWS}`, card });
    }
  cardCells.sort((x, y) => (x.address < y.address ? -1 : 1));
  const rowsInfo = formats.rows ?? new Map<number, { height?: number; hidden?: boolean }>();

  // The main sheet's rows, generated as the writer asks for them (a 100,000-row sheet never exists as cell objects).
  const stampStyle: XStyle = { font: { italic: true }, fill: "FCE4D6" };
  function* mainRows(xfOf?: XfOf): Generator<XRow> {
    yield { row: 0, cells: [{ row: 0, col: 0, value: stamp, style: stampStyle }] };
    // Style index per (number format, look) pair, asked of the writer once per pair.
    const xfCache = new Map<number, number>();
    const xf = (k: number): number | undefined => {
      if (!xfOf) return undefined;
      const nf = grid.numFmt[k];
      const st = grid.style ? grid.style[k] : 0;
      const key = nf * 4294967296 + st;
      let i = xfCache.get(key);
      if (i === undefined) xfCache.set(key, (i = xfOf(nf ? grid.numFmts[nf] : undefined, st ? grid.styles[st] : undefined)));
      return i;
    };
    let fp = 0;
    for (let i = 0; i < grid.rows; i++) {
      const R = grid.row0 + i;
      const row = R + STAMP_ROWS;
      const cells: XCell[] = [];
      for (let j = 0; j < grid.cols; j++) {
        const k = i * grid.cols + j;
        const C = grid.col0 + j;
        const nf = grid.numFmt[k];
        const st = grid.style ? grid.style[k] : 0;
        const numFmt = nf ? grid.numFmts[nf] : undefined;
        const style = st ? grid.styles[st] : undefined;
        if (grid.formulaAt[k] >= 0) {
          while (fp < P.count && (P.row[fp] < R || (P.row[fp] === R && P.col[fp] < C))) fp++;
          if (fp < P.count && P.row[fp] === R && P.col[fp] === C && a.why[fp] === 0) {
            const sp = P.spills.size ? P.spills.get(`${R},${C}`) : undefined;
            const arrayRef = sp && (sp.rows > 1 || sp.cols > 1) ? `${columnLetters(C)}${R + 1 + STAMP_ROWS}:${columnLetters(C + sp.cols - 1)}${R + sp.rows + STAMP_ROWS}` : undefined;
            cells.push({ row, col: C, value: grid.valueAt(k), formula: stored(grid.formula(k)!), arrayRef, numFmt, style, s: xf(k) });
            continue;
          }
        }
        const entity = grid.entities?.get(`${R},${C}`);
        if (entity) {
          cells.push({ row, col: C, value: entity.text ?? "", style, s: xfOf ? xfOf(undefined, style) : undefined });
          continue;
        }
        if (grid.kind[k] === KIND_EMPTY && !nf && !grid.styleShows[st]) continue;
        cells.push({ row, col: C, value: grid.valueAt(k), numFmt, style, s: xf(k) });
      }
      const rp = rowsInfo.get(R);
      if (cells.length || rp) yield { row, cells, height: rp?.height, hidden: rp?.hidden || undefined };
    }
  }

  // Conditional formats: cell-value and formula rules, in stored form; never one that calls an add-in or reads another sheet.
  const conditional: XConditional[] = [];
  for (const cf of formats.conditional) {
    const sqref = shiftAddress(cf.address, src);
    const typed = [cf.formula1, cf.formula2].filter((x): x is string => x !== undefined && x !== "").map((x) => (x.startsWith("=") ? x : "=" + x));
    if (typed.some(callsOutside)) {
      notCarried.push(`a conditional format on ${cf.address} whose rule calls an add-in function`);
      continue;
    }
    if (typed.some((x) => formulaRefs(x, src).some((r) => r.kind === "opaque" || r.kind === "name" || (r.kind === "area" && r.sheet.toLowerCase() !== src.toLowerCase())))) {
      notCarried.push(`a conditional format on ${cf.address} whose rule reads another sheet or a name`);
      continue;
    }
    const fs = typed.map(stored);
    const style = { fontColor: color(cf.fontColor), fillColor: color(cf.fillColor), bold: cf.bold ?? undefined };
    if (cf.type === "CellValue" && cf.operator && CF_OPERATORS[cf.operator] && fs.length) conditional.push({ sqref, type: "cellIs", operator: CF_OPERATORS[cf.operator], formulas: fs, ...style });
    else if (cf.type === "Custom" && fs.length) conditional.push({ sqref, type: "expression", formulas: [fs[0]], ...style });
    else notCarried.push(`a ${cf.type} conditional format on ${cf.address}`);
  }
  const validations: XValidation[] = [];
  for (const v of formats.validations) {
    if (v.source.startsWith("=")) {
      notCarried.push(`the list validation on ${v.address} (its list is a range)`);
      continue;
    }
    validations.push({ sqref: shiftAddress(v.address, src), list: v.source.split(",").map((x) => x.trim()), prompt: v.prompt });
  }
  const notes: XNote[] = formats.notes.map((n) => ({ row: n.row + STAMP_ROWS, col: n.col, text: noteText(n.text, n.author) }));
  const colWidths: (number | undefined)[] = [];
  for (const [c, pt] of formats.columnWidths) colWidths[c] = Math.max(0, Math.round((((pt * 4) / 3 - 5) / 7) * 100) / 100);
  const merges = (formats.merges ?? []).map((m) => shiftAddress(m, src).replace(/ /g, ""));
  // Hyperlinks: external addresses as they are; links to a place on this sheet one row lower; links to other sheets are not carried.
  const hyperlinks: XHyperlink[] = [];
  let otherLinks = 0;
  for (const h of formats.hyperlinks ?? []) {
    const ref = `${columnLetters(h.col)}${h.row + 1 + STAMP_ROWS}`;
    if (h.address) {
      hyperlinks.push({ ref, target: h.address, tooltip: h.screenTip });
      continue;
    }
    const doc = h.documentReference ?? "";
    const refs = formulaRefs("=" + doc, src);
    const onSheet = refs.length === 1 && refs[0].kind === "area" && refs[0].sheet.toLowerCase() === src.toLowerCase();
    if (onSheet) hyperlinks.push({ ref, location: `${quoteSheet(src)}!${shiftAddress(doc, src)}`, tooltip: h.screenTip });
    else otherLinks++;
  }
  if (otherLinks) notCarried.push(`${otherLinks} hyperlink${otherLinks === 1 ? "" : "s"} to other sheets or names (the copy has one sheet)`);

  // Summary and the About sheet.
  const byWhy = new Map<FrozenWhy, Map<number, number[]>>();
  const counts = new Map<FrozenWhy, number>();
  for (let f = 0; f < P.count; f++) {
    if (!a.why[f]) continue;
    const w = WHYS[a.why[f] - 1];
    let cols = byWhy.get(w);
    if (!cols) byWhy.set(w, (cols = new Map()));
    let rows = cols.get(P.col[f]);
    if (!rows) cols.set(P.col[f], (rows = []));
    rows.push(P.row[f]);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const frozen = WHYS.filter((w) => byWhy.has(w)).map((why) => ({ why, ranges: runs(byWhy.get(why)!), count: counts.get(why)! }));
  const frozenCount = a.frozenCount;
  const hiddenRows = [...rowsInfo.values()].filter((r) => r.hidden).length;
  const hiddenCols = (formats.hiddenColumns ?? []).length;
  const hiddenNames = a.names.filter((n) => n.visible === false).map((n) => n.name);
  const choice = formats.notesChoice ?? "keep";
  const summary: ShareSummary = {
    source: src,
    frozen,
    frozenCount,
    spilledValues,
    liveCount: a.liveCount,
    names: a.names.map((n) => n.name),
    hidden: { rows: hiddenRows, columns: hiddenCols, names: hiddenNames },
    notes: { kept: notes.length, leftOut: formats.notesLeftOut ?? 0, comments: formats.threadedComments ?? 0 },
    notCarried,
    stamp,
    fileName: shareFileName(src, ctx.when),
  };
  const about: XCell[] = [];
  let ar = 0;
  const line = (text: string, style: Partial<XCell> = {}) => about.push({ row: ar++, col: 0, value: text, ...style });
  line("About this share-ready copy", { bold: true });
  line(stamp, { italic: true });
  line(`Made by Rare Earth Trade Modeler${ctx.addinVersion ? ` ${ctx.addinVersion}` : ""} from the sheet '${src}' of the original workbook, which was not changed.`);
  line("This file calls no add-in function: it reads the same with or without the add-in.");
  line(
    `${frozenCount} formula cell${frozenCount === 1 ? "" : "s"} (and ${spilledValues} spilled cell${spilledValues === 1 ? "" : "s"}) hold their values at copy time: they called an add-in function (or a function Excel does not have, or one defined by a name) or depended on one (directly or through spills, other sheets or names). They do not change when you edit other cells.`,
  );
  line(
    a.liveCount
      ? `${a.liveCount} formula${a.liveCount === 1 ? "" : "s"} stay live: they depend on no add-in result and recalculate as usual${summary.names.length ? ` (names kept: ${summary.names.join(", ")})` : ""}.`
      : "No formula stays live: every formula depended on an add-in result.",
  );
  line("Everything is one row lower than in the original (row 1 holds the stamp).");
  if (hiddenRows || hiddenCols)
    line(
      `Hidden rows and columns stay hidden: ${hiddenRows} row${hiddenRows === 1 ? "" : "s"} and ${hiddenCols} column${hiddenCols === 1 ? "" : "s"} hidden in the original are hidden here too. Their contents are in this file, so anyone can unhide them.`,
    );
  if (hiddenNames.length) line(`Hidden names stay hidden: ${hiddenNames.join(", ")}.`);
  const { kept, leftOut, comments } = summary.notes;
  if (choice === "keep")
    line(
      `Notes: ${kept} copied, their text only (author names are left out).${comments ? ` ${comments} comment thread${comments === 1 ? " was" : "s were"} left out: conversations are never copied.` : " Comment threads are never copied."}`,
    );
  else line(`Notes and comments were left out, as chosen when the copy was made (${leftOut} note${leftOut === 1 ? "" : "s"}, ${comments} comment thread${comments === 1 ? "" : "s"}).`);
  if (cardCells.length) {
    summary.cards = cardCells.length;
    line(`${cardCells.length} card${cardCells.length === 1 ? "" : "s"} (Excel data types made by TRADE.CARD) show their text; their key figures are on the sheet 'Cards' as values, with editions and sources.`);
  }
  line(`Not carried over: ${[...notCarried, ...NEVER_CARRIED].join("; ")}.`);
  ar++;
  about.push({ row: ar, col: 0, value: "Why", bold: true }, { row: ar, col: 1, value: "Cells of the original sheet (values in this copy)", bold: true });
  ar++;
  const MAX_LINES = 500;
  let lines = 0;
  for (const f of frozen) {
    for (let i = 0; i < f.ranges.length && lines < MAX_LINES; i += 20, lines++) {
      about.push({ row: ar, col: 0, value: WHY_TEXT[f.why] }, { row: ar, col: 1, value: f.ranges.slice(i, i + 20).join(", ") });
      ar++;
    }
  }
  if (lines >= MAX_LINES) line("… and more (list cut at 500 lines).");

  const main: XSheet = {
    name: src,
    rows: mainRows,
    rowCount: 1 + grid.rows,
    get cells() {
      return [...mainRows()].flatMap((r) => r.cells);
    },
    colWidths,
    hiddenCols: formats.hiddenColumns,
    freezeRows: formats.freezeRows ? formats.freezeRows + STAMP_ROWS : undefined,
    merges,
    conditional,
    validations,
    notes,
    hyperlinks,
  };
  const xnames: XName[] = a.names.map((d) => ({
    name: d.name,
    formula: stored(d.formula),
    localSheet: d.scope && d.scope.toLowerCase() === src.toLowerCase() ? 0 : undefined,
    hidden: d.visible === false || undefined,
  }));
  const book: XBook = {
    sheets: [
      main,
      { name: src.toLowerCase() === "about this copy" ? "About this copy (2)" : "About this copy", cells: about, colWidths: [70, 90] },
      ...(cardCells.length ? [cardsSheet(cardCells, [src, "About this copy"])] : []),
    ],
    names: xnames,
    title: `Share-ready copy of ${src}`,
    description: stamp,
  };
  return { book, summary };
}

/** The "Cards" sheet: a note, then one row per key figure of each card (values, with the card's number formats). */
function cardsSheet(cardCells: readonly CardCell[], taken: readonly string[]): { name: string; cells: XCell[]; colWidths: number[] } {
  const { rows, numberFormats } = shareCardsTable(cardCells);
  const cells: XCell[] = [{ row: 0, col: 0, value: SHARE_CARDS_NOTE, italic: true }];
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      if (v === "") return;
      cells.push({ row: i + 2, col: j, value: v, bold: i === 0 || undefined, numFmt: j === 4 ? (numberFormats[i] ?? undefined) : undefined });
    }),
  );
  const name = taken.some((t) => t.toLowerCase() === "cards") ? "Cards (2)" : "Cards";
  return { name, cells, colWidths: [8, 30, 16, 28, 16, 36, 80] };
}

export { quoteSheet };

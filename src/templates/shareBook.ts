/**
 * The share-ready copy as a NEW workbook, the pure part: from what the Office
 * module read of the user's sheet (values, formulas, number formats, spills,
 * column widths, conditional formats, list validations, notes) and the
 * dependency analysis (./share.ts), the workbook to write (./xlsxWriter.ts).
 *
 * What the copy contains:
 *  - sheet 1, named like the source: every constant as it was; every formula
 *    that calls an add-in function or depends on an add-in result at any depth
 *    (and anything the analysis cannot follow) as its value at copy time,
 *    spills included; every other formula stays a live formula (with its
 *    cached value) and the names it uses come along. Row 1 is a stamp ("values
 *    at <date>, computed with data version <v>"), so everything else is one
 *    row lower than in the source (live formulas are rewritten to match).
 *  - sheet 2, "About this copy": the stamp, how many cells hold values and
 *    why (as ranges of the source sheet), how many formulas stay live, what
 *    was not carried over, and that the file calls no add-in function.
 * Nothing in the copy calls an add-in function: it reads the same with or
 * without the add-in.
 */
import { columnLetters } from "../core/a1";
import { callsAddin } from "./addinNames";
import { analyseShare, cellKey, isFormulaCell, parseKey, shiftRows, WHY_TEXT, type DefinedName, type FrozenWhy, type ShareAnalysis, type SheetFormulas } from "./share";
import type { XBook, XCell, XConditional, XNote, XValidation, XValue } from "./xlsxWriter";
import { quoteSheet } from "./xlsxWriter";
import { SHARE_CARDS_NOTE, shareCardsTable, type CardCell, type EntityValue } from "../core/cards";

/** What the Office module read of one sheet (rows and columns 0-based, absolute). */
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

export interface FormatSnapshot {
  /** Column widths in points by absolute 0-based column. */
  columnWidths: Map<number, number>;
  conditional: ConditionalSnapshot[];
  /** List validations: address and Office's list source ("a,b,c" or "=$A$1:$A$4"). */
  validations: { address: string; source: string; prompt?: string }[];
  notes: { row: number; col: number; text: string; author?: string }[];
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
  notCarried: string[];
  stamp: string;
  fileName: string;
}

/** Rows of the copy below the stamp row. */
export const STAMP_ROWS = 1;

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

/** Formula cells and spills of a snapshot, for the analysis. */
export function sheetFormulas(s: SheetSnapshot): SheetFormulas {
  const formulas = new Map<string, string>();
  const spilled = spilledCells(s);
  s.formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      const k = cellKey(s.row0 + i, s.col0 + j);
      if (!spilled.has(k) && isFormulaCell(f, s.values[i]?.[j])) formulas.set(k, f);
    }),
  );
  return { name: s.name, formulas, spills: s.spills };
}

/** Cells covered by a spill, anchors excluded. */
function spilledCells(s: SheetSnapshot): Set<string> {
  const out = new Set<string>();
  for (const [k, sp] of s.spills) {
    const [r, c] = parseKey(k);
    for (let a = 0; a < sp.rows; a++) for (let b = 0; b < sp.cols; b++) if (a || b) out.add(cellKey(r + a, c + b));
  }
  return out;
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

function shiftAddress(address: string, sheet: string): string {
  return address
    .split(/\s*,\s*/)
    .map((part) => shiftRows("=" + part.replace(/^.*!/, ""), sheet, STAMP_ROWS).slice(1).replace(/\$/g, ""))
    .join(" ");
}

function color(c: string | null | undefined): string | undefined {
  if (!c) return undefined;
  const m = /^#?([0-9A-Fa-f]{6})$/.exec(c.trim());
  return m ? m[1].toUpperCase() : undefined;
}

/**
 * Builds the copy. `others` are the other sheets the analysis needed (their
 * formulas only matter); `analysis` may be passed when already computed.
 */
export function buildShareBook(
  shared: SheetSnapshot,
  others: readonly SheetSnapshot[],
  names: readonly DefinedName[],
  formats: FormatSnapshot,
  ctx: ShareContext,
  analysis?: ShareAnalysis,
): { book: XBook; summary: ShareSummary } {
  const a = analysis ?? analyseShare([sheetFormulas(shared), ...others.map(sheetFormulas)], names, shared.name);
  const src = shared.name;
  const stamp = stampText(src, ctx);
  const cells: XCell[] = [{ row: 0, col: 0, value: stamp, italic: true, fill: "FCE4D6" }];
  const spilled = spilledCells(shared);
  const frozenSpillCells = new Set<string>();
  for (const [k] of a.frozen) {
    const sp = shared.spills.get(k);
    if (!sp) continue;
    const [r, c] = parseKey(k);
    for (let i = 0; i < sp.rows; i++) for (let j = 0; j < sp.cols; j++) if (i || j) frozenSpillCells.add(cellKey(r + i, c + j));
  }
  let spilledValues = 0;
  const cardCells: CardCell[] = [];
  shared.formulas.forEach((row, i) =>
    row.forEach((f, j) => {
      const r = shared.row0 + i;
      const c = shared.col0 + j;
      const k = cellKey(r, c);
      const v = shared.values[i]?.[j];
      const t = shared.valueTypes[i]?.[j];
      const numFmt = typeof shared.numberFormats?.[i]?.[j] === "string" ? (shared.numberFormats![i][j] as string) : undefined;
      const base = { row: r + STAMP_ROWS, col: c, numFmt: numFmt && numFmt !== "General" ? numFmt : undefined };
      if (a.live.has(k)) {
        const sp = shared.spills.get(k);
        const arrayRef = sp && (sp.rows > 1 || sp.cols > 1) ? `${columnLetters(c)}${r + 1 + STAMP_ROWS}:${columnLetters(c + sp.cols - 1)}${r + sp.rows + STAMP_ROWS}` : undefined;
        cells.push({ ...base, value: storedValue(v, t), formula: shiftRows(f as string, src, STAMP_ROWS).slice(1), arrayRef });
        return;
      }
      if (frozenSpillCells.has(k)) spilledValues++;
      const entity = shared.entities?.get(k);
      if (entity) {
        // A card: its display text here, its key figures on the "Cards" sheet.
        cardCells.push({ address: `${columnLetters(c)}${r + 1 + STAMP_ROWS}`, card: entity });
        cells.push({ ...base, numFmt: undefined, value: entity.text ?? "" });
        return;
      }
      const value = a.frozen.has(k) || spilled.has(k) ? storedValue(v, t) : storedValue(v, t);
      if (value === null && !base.numFmt) return;
      cells.push({ ...base, value });
    }),
  );

  // Conditional formats: cell-value and formula rules; never one that calls an add-in.
  const notCarried: string[] = [];
  const conditional: XConditional[] = [];
  for (const cf of formats.conditional) {
    const sqref = shiftAddress(cf.address, src);
    const fix = (x?: string) => (x === undefined || x === "" ? undefined : shiftRows(x.startsWith("=") ? x : "=" + x, src, STAMP_ROWS).slice(1));
    const fs = [fix(cf.formula1), fix(cf.formula2)].filter((x): x is string => x !== undefined);
    if (fs.some((x) => callsAddin("=" + x))) {
      notCarried.push(`a conditional format on ${cf.address} whose rule calls an add-in function`);
      continue;
    }
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
  const notes: XNote[] = formats.notes.map((n) => ({ row: n.row + STAMP_ROWS, col: n.col, text: n.text, author: n.author }));
  const colWidths: (number | undefined)[] = [];
  for (const [c, pt] of formats.columnWidths) colWidths[c] = Math.max(0, Math.round((((pt * 4) / 3 - 5) / 7) * 100) / 100);

  // Summary and the About sheet.
  const byWhy = new Map<FrozenWhy, string[]>();
  for (const [k, why] of a.frozen) {
    let list = byWhy.get(why);
    if (!list) byWhy.set(why, (list = []));
    list.push(k);
  }
  const frozen = [...byWhy].map(([why, keys]) => ({ why, ranges: compressRanges(keys), count: keys.length }));
  const frozenCount = a.frozen.size;
  const summary: ShareSummary = {
    source: src,
    frozen,
    frozenCount,
    spilledValues,
    liveCount: a.live.size,
    names: a.names.map((n) => n.name),
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
    `${frozenCount} formula cell${frozenCount === 1 ? "" : "s"} (and ${spilledValues} spilled cell${spilledValues === 1 ? "" : "s"}) hold their values at copy time: they called an add-in function or depended on an add-in result (directly or through spills, other sheets or names). They do not change when you edit other cells.`,
  );
  line(
    a.live.size
      ? `${a.live.size} formula${a.live.size === 1 ? "" : "s"} stay live: they depend on no add-in result and recalculate as usual${summary.names.length ? ` (names kept: ${summary.names.join(", ")})` : ""}.`
      : "No formula stays live: every formula depended on an add-in result.",
  );
  line("Everything is one row lower than in the original (row 1 holds the stamp).");
  if (cardCells.length) {
    summary.cards = cardCells.length;
    line(`${cardCells.length} card${cardCells.length === 1 ? "" : "s"} (Excel data types made by TRADE.CARD) show their text; their key figures are on the sheet 'Cards' as values, with editions and sources.`);
  }
  if (notCarried.length) line(`Not carried over: ${notCarried.join("; ")}.`);
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

  const book: XBook = {
    sheets: [
      { name: src, cells, colWidths, freezeRows: formats.freezeRows ? formats.freezeRows + STAMP_ROWS : undefined, conditional, validations, notes },
      { name: src.toLowerCase() === "about this copy" ? "About this copy (2)" : "About this copy", cells: about, colWidths: [70, 90] },
      ...(cardCells.length ? [cardsSheet(cardCells, [src, "About this copy"])] : []),
    ],
    names: a.names.map((d) => ({
      name: d.name,
      formula: shiftRows(d.formula, src, STAMP_ROWS).slice(1),
      localSheet: d.scope && d.scope.toLowerCase() === src.toLowerCase() ? 0 : undefined,
    })),
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

/**
 * What the task pane writes into a sheet, as plain data (no Office): a block of
 * cells plus optional table/format hints. Pure, so the layout is unit-testable
 * and the Office module (insert.ts) only has to copy it into a range.
 */
import { columnLetters } from "./a1";

export { columnLetters };

/** A formula cell; plain strings are always written as text. */
export interface FormulaCell {
  f: string;
}
export type Cell = string | number | boolean | null | FormulaCell;

export interface TableHint {
  /** Row (relative to the block) of the table's header row. */
  headerRow: number;
  /** Rows of the table including the header row. */
  rows: number;
  /** Preferred table name (made unique in the workbook by insert.ts). */
  name: string;
  /** Excel number format per column for the body rows (null = General). */
  numberFormats?: readonly (string | null)[];
}

export interface Block {
  /** Short noun for messages: "value", "formula", "table". */
  what: string;
  /** Row-major cells; null leaves a cell blank. Every row has the same length. */
  cells: Cell[][];
  table?: TableHint;
  /** Rows (relative) shown bold: titles. */
  boldRows?: readonly number[];
  /** Rows (relative) shown italic: sources and notes. */
  noteRows?: readonly number[];
}

export function isFormula(c: Cell): c is FormulaCell {
  return typeof c === "object" && c !== null && typeof (c as FormulaCell).f === "string";
}

/**
 * The cell as Range.formulas expects it. EVERY non-empty text gets the
 * apostrophe prefix: Excel's parser turns far more than digit strings into
 * numbers or dates ("2026-01", "2025-04-04", "1E5", "(100)", "3-5",
 * "Jan 2025"), so text stays text only when it says so. Real numbers and
 * booleans stay numeric/boolean; formulas ({f}) are written as formulas.
 */
export function toFormulaInput(c: Cell): string | number | boolean {
  if (c === null) return "";
  if (isFormula(c)) return c.f;
  if (typeof c !== "string") {
    if (typeof c === "number" && !Number.isFinite(c)) return "";
    return c;
  }
  if (c === "") return "";
  return `'${c}`;
}

/** Pads every row to the width of the widest one. */
export function rectangular(cells: Cell[][]): Cell[][] {
  const w = Math.max(1, ...cells.map((r) => r.length));
  return cells.map((r) => (r.length === w ? r : [...r, ...new Array<Cell>(w - r.length).fill(null)]));
}

/** A1 address for 0-based indexes (single cell when rows = cols = 1). */
export function a1(row: number, col: number, rows = 1, cols = 1): string {
  const tl = `${columnLetters(col)}${row + 1}`;
  return rows === 1 && cols === 1 ? tl : `${tl}:${columnLetters(col + cols - 1)}${row + rows}`;
}

/** Quotes a sheet name for an address when needed ('My sheet'!A1). */
export function sheetRef(sheet: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
}

/** An Excel string literal: "a""b". */
export function excelString(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export interface RefArgs {
  /** Entity text as REF accepts it, e.g. "Dy", "country:CN". */
  entity: string;
  field: string;
  /** Data year or ISO date. */
  yearOrDate?: number | string;
  edition?: string;
}

/** A live TRADE.REF formula: =TRADE.REF("Dy","price_usd_kg",2024,"MCS 2026"). */
export function refFormula(a: RefArgs): string {
  const args = [excelString(a.entity), excelString(a.field)];
  if (a.yearOrDate !== undefined || a.edition !== undefined) {
    args.push(a.yearOrDate === undefined ? "" : typeof a.yearOrDate === "number" ? String(a.yearOrDate) : excelString(a.yearOrDate));
  }
  if (a.edition !== undefined) args.push(excelString(a.edition));
  return `=TRADE.REF(${args.join(",")})`;
}

export function valueBlock(value: string | number | boolean): Block {
  return { what: "value", cells: [[value]] };
}

export function formulaBlock(formula: string): Block {
  return { what: "formula", cells: [[{ f: formula.startsWith("=") ? formula : `=${formula}` }]] };
}

export interface TableColumn {
  header: string;
  unit?: string;
  numberFormat?: string | null;
}

export interface TableSpec {
  title: string;
  name: string;
  columns: readonly TableColumn[];
  rows: readonly Cell[][];
  /** Source lines written under the table (outside it, so sorting/filtering keeps working). */
  sources: readonly string[];
}

/**
 * Layout of a dataset insert: a bold title row, the Excel table (header row with
 * units in brackets, then the records), and italic source rows below it.
 */
export function tableBlock(spec: TableSpec): Block {
  const width = spec.columns.length;
  const header = spec.columns.map((c) => (c.unit ? `${c.header} (${c.unit})` : c.header));
  const cells: Cell[][] = [[spec.title], header, ...spec.rows.map((r) => r.slice(0, width))];
  const firstSource = cells.length;
  for (const s of spec.sources) cells.push([s]);
  const noteRows = spec.sources.map((_, i) => firstSource + i);
  return {
    what: "table",
    cells: rectangular(cells).map((r) => r.slice(0, Math.max(width, 1))),
    table: {
      headerRow: 1,
      rows: 1 + spec.rows.length,
      name: spec.name,
      numberFormats: spec.columns.map((c) => c.numberFormat ?? null),
    },
    boldRows: [0],
    noteRows,
  };
}

/** A valid, unique Excel table name from a wish and the names already taken. */
export function uniqueTableName(wish: string, taken: Iterable<string>): string {
  let base = wish.replace(/[^A-Za-z0-9_.]/g, "_");
  if (!/^[A-Za-z_]/.test(base)) base = `T_${base}`;
  if (/^[A-Za-z]{1,3}\d+$/.test(base) || /^[rRcC]$/.test(base)) base = `${base}_`;
  base = base.slice(0, 240);
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!lower.has(`${base}_${i}`.toLowerCase())) return `${base}_${i}`;
}

/** A unique new sheet name (≤ 31 chars, no []:*?/\). */
export function uniqueSheetName(wish: string, taken: Iterable<string>): string {
  const base = wish.replace(/[[\]:*?/\\]/g, " ").slice(0, 31).trim() || "Sheet";
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const name = base.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** One cell of a grid insert: a figure's value and provenance (the pane reads them from the data pack). */
export interface GridFigure {
  value: string | number | boolean | null;
  sources?: readonly string[];
}

export interface GridSpec {
  /** Entities: the text REF accepts ("CN", "Dy") and a label for the row header. */
  entities: readonly { ref: string; label: string }[];
  /** Fields with their units. */
  fields: readonly { field: string; unit?: string }[];
  /** Years (or ISO dates) per field; empty = no year argument (the newest figure). */
  years: readonly (number | string)[];
  /** Edition for every figure (optional). */
  edition?: string;
  /** Live formulas (default) or the values as of now. */
  mode: "formulas" | "values";
  /** The figure for an entity × field × year (values mode, and the sources row). */
  figure(ref: string, field: string, year: number | string | undefined): GridFigure | undefined;
  /** "S2: title, publisher, date, url" for a source id. */
  sourceLine(id: string): string;
  /** Title of the block. */
  title: string;
}

/**
 * A BDH-style grid: a bold title row; a header row (entity, then one column per field × year,
 * units in brackets); one row per entity of TRADE.REF formulas or values; a "Sources" row with
 * the source ids of each column; and one italic line per cited source.
 */
export function gridBlock(g: GridSpec): Block {
  const years: (number | string | undefined)[] = g.years.length ? [...g.years] : [undefined];
  const cols: { field: string; unit?: string; year?: number | string }[] = [];
  for (const f of g.fields) for (const y of years) cols.push({ field: f.field, unit: f.unit, year: y });
  const header: Cell[] = ["Entity", ...cols.map((c) => `${c.field}${c.year !== undefined ? ` ${c.year}` : ""}${c.unit && c.unit !== "text" ? ` (${c.unit})` : ""}`)];
  const cited: string[] = [];
  const colSources: Set<string>[] = cols.map(() => new Set());
  const rows: Cell[][] = g.entities.map((e) => [
    e.ref,
    ...cols.map((c, i): Cell => {
      const fig = g.figure(e.ref, c.field, c.year);
      for (const s of fig?.sources ?? []) {
        colSources[i].add(s);
        if (!cited.includes(s)) cited.push(s);
      }
      if (g.mode === "values") return fig?.value ?? null;
      return { f: refFormula({ entity: e.ref, field: c.field, yearOrDate: c.year, edition: g.edition }) };
    }),
  ]);
  const sourcesRow: Cell[] = ["Sources", ...colSources.map((s) => [...s].join("; ") || null)];
  const cells: Cell[][] = [[g.title], header, ...rows, sourcesRow, ...cited.map((id) => [g.sourceLine(id)])];
  const noteRows = cited.map((_, i) => 3 + rows.length + i);
  return { what: "grid", cells: rectangular(cells), boldRows: [0, 1], noteRows: [2 + rows.length, ...noteRows] };
}

/** Where a selection-to-formulas insert goes: to the right of a column (or block), below a single row. */
export function nextToSelection(sel: { row: number; col: number; rows: number; cols: number }): { row: number; col: number; vertical: boolean } {
  const vertical = sel.rows >= sel.cols || sel.rows > 1;
  return vertical ? { row: sel.row, col: sel.col + sel.cols, vertical } : { row: sel.row + sel.rows, col: sel.col, vertical };
}

/**
 * Formulas that refer to the selected cells: =TRADE.REF(A2,"production_t"[,year]) for each
 * non-blank cell of the selection's first column (or first row when the selection is one row).
 * Blank cells give blank output cells.
 */
export function selectionFormulas(
  sel: { row: number; col: number; rows: number; cols: number; values: readonly (readonly unknown[])[] },
  field: string,
  year?: number | string,
  edition?: string,
): Block {
  const { vertical } = nextToSelection(sel);
  const refs: Cell[] = [];
  const n = vertical ? sel.rows : sel.cols;
  for (let i = 0; i < n; i++) {
    const v = vertical ? sel.values[i]?.[0] : sel.values[0]?.[i];
    const blank = v === null || v === undefined || v === "";
    const addr = vertical ? a1(sel.row + i, sel.col) : a1(sel.row, sel.col + i);
    if (blank) refs.push(null);
    else {
      const args = [addr, excelString(field)];
      if (year !== undefined || edition !== undefined) args.push(year === undefined ? "" : typeof year === "number" ? String(year) : excelString(year));
      if (edition !== undefined) args.push(excelString(edition));
      refs.push({ f: `=TRADE.REF(${args.join(",")})` });
    }
  }
  return { what: "formulas", cells: vertical ? refs.map((c) => [c]) : [refs] };
}

/**
 * The block as tab-separated text for the clipboard, so that pasting it into Excel writes the same
 * cells an insert would: formulas as formulas, text with the apostrophe that keeps it text (the
 * rule of toFormulaInput; Excel reads pasted text as it reads typed text), numbers as they are.
 * A field holding a tab, a line break or a leading quote is quoted, its quotes doubled (Excel's
 * paste splits fields on tabs and reads quoted fields whole).
 */
export function blockText(block: Block): string {
  const field = (c: Cell): string => {
    const v = toFormulaInput(c);
    const s = typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
    return /[\t\r\n]|^"/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return block.cells.map((row) => row.map(field).join("\t")).join("\r\n");
}

/** What a copy of the block is called on a button: "formula", "formulas", "value" or "cells". */
export function copyNoun(block: Block): string {
  const cells = block.cells.flat().filter((c) => c !== null && c !== "");
  if (cells.length === 1) return isFormula(cells[0]) ? "formula" : "value";
  return cells.every(isFormula) ? "formulas" : "cells";
}

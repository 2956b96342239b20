/**
 * What the task pane writes into a sheet, as plain data (no Office): a block of
 * cells plus optional table/format hints. Pure, so the layout is unit-testable
 * and the Office module (insert.ts) only has to copy it into a range.
 */
import { columnLetters } from "../../core/a1";

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

/**
 * Template workbooks as plain data (no Office, no ExcelJS): one worksheet per
 * template, its cells, sheet-scoped names, list validations, conditional
 * formats, and the charts the task pane adds after insertion.
 *
 * Why this shape (what survives `Workbook.insertWorksheetsFromBase64`, per
 * Microsoft's "Work with workbooks" article and office-js issues):
 *  - One self-contained sheet per template: no cross-sheet references, so the
 *    sheet can be renamed to a unique name after insertion without breaking a
 *    formula (cross-sheet table references become broken workbook links in
 *    Excel on the web, office-js #5911).
 *  - No Excel tables and no structured references (a name over a table column
 *    came back as #REF!, office-js #3583): plain absolute A1 ranges.
 *  - Sheet-scoped names only (workbook-scoped names collide with the user's own
 *    names and were reported corrupted after insertion, office-js #4772). The
 *    insert module re-checks them after insertion and re-creates any that did
 *    not survive.
 *  - No charts, comments, PivotTables or slicers in the file: Excel on the web
 *    rejects a source sheet that has them (UnsupportedFeature). Charts are
 *    described here and added with the Excel API (charts.add) after insertion.
 *  - Inline data-validation lists (no list ranges on other sheets) and simple
 *    conditional formats (cell value / text rules), which Excel on the web and
 *    desktop both support.
 *  - One formula per row (no dynamic-array spills in the file): a spilling
 *    formula written without Excel's dynamic-array metadata would be opened as a
 *    legacy implicit-intersection formula ("@").
 */
import { columnLetters } from "../core/a1";

export type CellValue = string | number | boolean | null;

export type Fill = "title" | "header" | "input" | "output" | "note" | "stamp";

export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  fill?: Fill;
  /** Excel number format, e.g. "0.000%", "#,##0", "yyyy-mm-dd". */
  numFmt?: string;
  wrap?: boolean;
}

export interface CellSpec {
  /** A constant (text is always text; the generator writes it as a string cell). */
  v?: CellValue;
  /** A formula, with its leading "=". */
  f?: string;
  /** An ISO date written as a date (serial) with a date format. */
  date?: string;
  style?: CellStyle;
}

/** A sheet-scoped defined name over an absolute range of the template's own sheet. */
export interface NameSpec {
  name: string;
  /** Absolute A1 reference without a sheet, e.g. "$C$5" or "$A$20:$A$40". */
  ref: string;
  comment: string;
}

export interface ListValidation {
  /** A1 range the list applies to. */
  ref: string;
  list: readonly string[];
  /**
   * A list formula (without "=") over cells of the same sheet, used instead of
   * `list` in the file, e.g. a list that depends on another input. `list`
   * still names every value it can offer (for the error message).
   */
  source?: string;
  prompt: string;
  /** false: other values are allowed after a warning (default true: stop). */
  strict?: boolean;
}

export type Tone = "bad" | "good" | "warn";

export interface ConditionalFormat {
  ref: string;
  /** Cell-value rule; text is compared case-insensitively by Excel, booleans as TRUE/FALSE. */
  op: "equal" | "greaterThan" | "lessThan";
  value: string | number | boolean;
  tone: Tone;
}

export interface ChartSpec {
  type: "ColumnClustered" | "BarClustered";
  /** A1 range with the header row and the category column first. */
  source: string;
  title: string;
  /** Top-left cell of the chart. */
  anchor: string;
  /** Bottom-right cell of the chart. */
  to: string;
}

/** An expected value of a computed cell, worked out by hand from the sample inputs and the reference tables. */
export interface Expectation {
  cell: string;
  value: number | string | boolean;
  /** Absolute tolerance for numbers (default 1e-9). */
  tolerance?: number;
  /** For text: the result must contain this (instead of equal). */
  contains?: boolean;
  why: string;
}

export interface TemplateSheet {
  id: string;
  title: string;
  /** Default sheet name (≤ 31 characters); made unique on insertion. */
  sheetName: string;
  description: string;
  /** TRADE function ids the template calls. */
  functions: readonly string[];
  columnWidths: readonly number[];
  cells: Record<string, CellSpec>;
  names: readonly NameSpec[];
  validations: readonly ListValidation[];
  conditional: readonly ConditionalFormat[];
  charts: readonly ChartSpec[];
  /** Rows frozen at the top (0 = none). */
  freezeRows: number;
  expectations: readonly Expectation[];
}

export interface BuildContext {
  /** Generation date, ISO "YYYY-MM-DD". */
  generated: string;
  /** Data pack version at generation time. */
  dataVersion: string;
  /** Add-in version. */
  addinVersion: string;
}

// ---------- A1 helpers (pure) ----------

export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B12" (also "$B$12") → { row: 11, col: 1 } (0-based). */
export function parseA1(ref: string): { row: number; col: number } {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`not an A1 cell reference: ${ref}`);
  return { row: Number(m[2]) - 1, col: colIndex(m[1]) };
}

/** 0-based → "B12". */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** 0-based → "$B$12". */
export function abs(row: number, col: number): string {
  return `$${columnLetters(col)}$${row + 1}`;
}

/** "A1:C3" → its corners (0-based, inclusive). */
export function parseRange(ref: string): { r0: number; c0: number; r1: number; c1: number } {
  const [a, b] = ref.split(":");
  const p = parseA1(a);
  const q = b ? parseA1(b) : p;
  return { r0: Math.min(p.row, q.row), c0: Math.min(p.col, q.col), r1: Math.max(p.row, q.row), c1: Math.max(p.col, q.col) };
}

/** Writes cells row by row. */
export class SheetBuilder {
  readonly cells: Record<string, CellSpec> = {};

  put(ref: string, v: CellValue, style?: CellStyle): this {
    this.cells[ref] = { v, style };
    return this;
  }

  formula(ref: string, f: string, style?: CellStyle): this {
    if (!f.startsWith("=")) throw new Error(`formula for ${ref} must start with "=": ${f}`);
    this.cells[ref] = { f, style };
    return this;
  }

  date(ref: string, iso: string, style?: CellStyle): this {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) throw new Error(`not an ISO date: ${iso}`);
    this.cells[ref] = { date: iso, style: { numFmt: "yyyy-mm-dd", ...style } };
    return this;
  }

  /** A row of constants (null = skip) starting at `ref`. */
  row(ref: string, values: readonly CellValue[], style?: CellStyle): this {
    const { row, col } = parseA1(ref);
    values.forEach((v, i) => {
      if (v !== null) this.put(a1(row, col + i), v, style);
    });
    return this;
  }
}

/** Excel date serial (1900 system) of an ISO date. */
export function isoToSerial(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

/** The stamp every template carries at the top. */
export function stampRows(b: SheetBuilder, title: string, ctx: BuildContext): void {
  b.put("A1", title, { bold: true, fill: "title" });
  b.put("A2", `Generated ${ctx.generated} by Rare Earth Trade Modeler ${ctx.addinVersion} with data version ${ctx.dataVersion}.`, { italic: true, fill: "stamp" });
  b.put("A3", "Live data version:", { italic: true });
  b.formula("B3", "=TRADE.DATA_VERSION()", { italic: true });
}

/**
 * Writes, at each chart's anchor, where the chart appears: the task pane draws
 * it after inserting the template; a downloaded file has none (the library
 * that writes the files cannot write charts), so the note says how to add it.
 */
export function chartNotes(b: SheetBuilder, charts: readonly ChartSpec[]): void {
  for (const c of charts) {
    b.put(c.anchor, `Chart “${c.title}” (from ${c.source}): drawn here when the template is inserted from the Rare Earth Trade Modeler pane. A downloaded file has no chart: select ${c.source} and use Insert › Chart.`, {
      italic: true,
      fill: "note",
    });
  }
}

/** Checks a template's internal consistency (used by the generator and tests). */
export function validateTemplate(t: TemplateSheet): string[] {
  const problems: string[] = [];
  if (t.sheetName.length > 31 || /[\\/?*[\]:]/.test(t.sheetName)) problems.push(`sheet name not allowed: ${t.sheetName}`);
  const names = new Set<string>();
  for (const n of t.names) {
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(n.name) || /^[A-Za-z]{1,3}\d+$/.test(n.name)) problems.push(`bad name ${n.name}`);
    if (names.has(n.name.toLowerCase())) problems.push(`duplicate name ${n.name}`);
    names.add(n.name.toLowerCase());
    try {
      for (const part of n.ref.split(":")) if (!/^\$[A-Z]+\$\d+$/.test(part)) throw new Error();
    } catch {
      problems.push(`name ${n.name} must be an absolute same-sheet reference: ${n.ref}`);
    }
  }
  for (const [ref, c] of Object.entries(t.cells)) {
    if (c.f && /!/.test(c.f.replace(/"[^"]*"/g, ""))) problems.push(`${ref}: cross-sheet reference in ${c.f}`);
    if (c.f && /\[[^\]]*\]/.test(c.f.replace(/"[^"]*"/g, ""))) problems.push(`${ref}: structured reference in ${c.f}`);
  }
  for (const e of t.expectations) if (!t.cells[e.cell]?.f) problems.push(`expectation on ${e.cell}, which is not a formula`);
  return problems;
}

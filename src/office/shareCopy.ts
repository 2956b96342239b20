/**
 * Share-ready copy of the active sheet as a NEW workbook. The user's workbook
 * is only read (no sheet is added, renamed or written), so a failure or a
 * Cancel at any point leaves it exactly as it was; the outcome says what
 * happened.
 *
 * 1. Check the used range against the size budget (CELL_BUDGET cells, and
 *    TEXT_BUDGET characters of text as it is read): above it the copy is
 *    refused with a message that says how big the sheet is and what to do,
 *    rather than running the task pane out of memory.
 * 2. Read the sheet in chunks sized by BYTES, not cells: Excel on the web
 *    refuses a response over 5 MB
 *    (https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/resource-limits-and-performance-optimization),
 *    and 20,000 cells of long text are well over that. The first chunk is
 *    small; each next one is sized from the bytes per row of the last
 *    (CHUNK_BYTES, at most CHUNK_CELLS cells); a chunk that still fails with
 *    ResponsePayloadSizeLimitExceeded is read again in halves. Each chunk is
 *    copied into typed arrays and its formulas parsed at once
 *    (src/templates/shareGrid.ts), then dropped; the pane gets progress
 *    between chunks, and a Cancel (AbortSignal) is honoured there.
 *    With each chunk: spills (Range.getSpillingToRangeOrNullObject, ExcelApi
 *    1.12), hidden rows and row heights (getRowProperties, 1.9; rowHidden
 *    before), looks (Range.format per column of the chunk, and where a column's
 *    cells differ, Range.getCellProperties, 1.9, up to LOOK_CELL_BUDGET cells),
 *    hyperlinks (getCellProperties), and cards (valuesAsJson, src/office/cards.ts).
 * 3. Defined names (visible or hidden) and every other sheet the formulas or
 *    names reference (formulas only), until the dependency analysis
 *    (src/templates/share.ts) needs no further sheet.
 * 4. The rest of the sheet's look: column widths and hidden columns, merged
 *    cells (1.13), conditional formats (1.6), list validations (1.8), frozen
 *    rows (1.7), notes (Worksheet.notes, 1.18) as the user chose, and how many
 *    threaded comments there are (1.10; never copied). Charts, tables,
 *    PivotTables, pictures and shapes and sheet protection are counted, since
 *    the copy holds cells only. What cannot be read or carried is listed as
 *    not carried over (with NEVER_CARRIED, shareBook.ts); it does not stop the copy.
 * 5. Build the workbook (src/templates/shareBook.ts) and write it
 *    (xlsxWriter.ts, streamed), yielding to the pane every few thousand rows.
 * 6. Open it with Excel.createWorkbook (ExcelApi 1.8,
 *    https://learn.microsoft.com/en-us/javascript/api/excel/excel#excel-excel-createworkbook-function(1))
 *    when it is small enough to pass in one call; otherwise, or without 1.8,
 *    hand the file to the pane to download.
 * Errors are returned, never thrown.
 */
import type { DefinedName, ShareAnalysis } from "../templates/share";
import { analyseShare, bytesToBase64, ParsedSheet } from "../templates/share";
import { buildShareBook, type ConditionalSnapshot, type FormatSnapshot, type LinkSnapshot, type NotesChoice, type ShareSummary } from "../templates/shareBook";
import { lookFromOffice, SheetGrid, type NormalFont, type OfficeLook } from "../templates/shareGrid";
import { writeXlsx } from "../templates/xlsxWriter";
import { isFormulaCell } from "../templates/share";
import { describeOfficeError, excelApi, supportsExcelApi } from "./capabilities";
import { readEntityCells } from "./cards";
import type { EntityValue } from "../core/cards";

export type ShareCopyOutcome =
  | { status: "opened"; summary: ShareSummary; bytes: number }
  | { status: "download"; summary: ShareSummary; file: Uint8Array; reason: string }
  | { status: "nothing"; source: string; message: string }
  | { status: "unsupported"; message: string }
  | { status: "too-large"; message: string }
  | { status: "cancelled"; message: string }
  | { status: "error"; message: string };

/** Reading needs the used range (ExcelApi 1.4, getUsedRangeOrNullObject). */
export const READ_API = "1.4";
export const SPILL_API = "1.12";
export const CREATE_API = "1.8";
/** getCellProperties, getRowProperties, getColumnProperties. */
export const PROPS_API = "1.9";
export const MERGE_API = "1.13";
export const NOTES_API = "1.18";
export const COMMENTS_API = "1.10";
/** Most cells per read request (a request this size takes Excel well under a second). */
export const CHUNK_CELLS = 20000;
/** Target size of one response, in characters of JSON: under a third of Excel on the web's 5 MB limit. */
export const CHUNK_BYTES = 1_500_000;
/** The first chunk, small, to measure the bytes per row. */
const PROBE_CELLS = 2000;
/** Largest base64 passed to Excel.createWorkbook in one call (under the 5 MB request limit of Excel on the web). */
export const CREATE_LIMIT = 4_500_000;
/**
 * The size budget: cells of the shared sheet's used range, and characters of
 * text read (values and formulas, all sheets). 3,000,000 cells is 150,000
 * rows × 20 columns; a 100,000 × 20 sheet takes about 300 MB in Node
 * (npm run bench), and a task pane's WebView gives a few times that at most.
 */
export const CELL_BUDGET = 3_000_000;
export const TEXT_BUDGET = 150_000_000;
/** Cells whose look is read one by one (columns whose cells differ); beyond it only the looks common to a column chunk are kept. */
export const LOOK_CELL_BUDGET = 1_000_000;
/** Approximate characters of JSON per cell of getCellProperties(format), to size those requests. */
const LOOK_BYTES_PER_CELL = 700;
/** Proxies (spill checks, per-row reads) queued per sync. */
const BATCH = 2000;

export interface ShareCopyOptions {
  dataVersion: string;
  addinVersion?: string;
  now?: Date;
  /** Most cells per read request (tests). */
  chunkCells?: number;
  /** Target characters of JSON per response (tests). */
  chunkBytes?: number;
  /** Size budget (tests). */
  budget?: { cells?: number; text?: number; lookCells?: number };
  /** Notes: copied as text without authors ("keep", the default) or left out. Threaded comments are never copied. */
  notes?: NotesChoice;
  /** Progress for the pane: a sentence and, where known, the fraction done. */
  onProgress?: (message: string, fraction?: number) => void;
  /** Cancel: checked between chunks and every few thousand rows written. */
  signal?: AbortSignal;
}

type Ctx = Excel.RequestContext;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

class Refused extends Error {}
class Cancelled extends Error {}

/** Excel's "too much data in one request or response" (Excel on the web's 5 MB limit). */
export function isPayloadError(e: unknown): boolean {
  const o = e as { code?: string; message?: string } | undefined;
  return !!o && (o.code === "ResponsePayloadSizeLimitExceeded" || o.code === "RequestPayloadSizeLimitExceeded" || /payload size/i.test(String(o.message ?? "")));
}

/** Characters of JSON a loaded 2-D array takes, roughly (strings, numbers, booleans and separators). */
function jsonChars(grid: unknown[][] | undefined): number {
  let n = 0;
  if (!grid) return 0;
  for (const row of grid) {
    n += 2;
    for (const v of row) n += typeof v === "string" ? v.length + 3 : typeof v === "number" ? 12 : 6;
  }
  return n;
}

const fmtCells = (n: number) => n.toLocaleString("en-US");

interface ReadState {
  opts: ShareCopyOptions;
  spillApi: boolean;
  propsApi: boolean;
  notCarried: string[];
  textChars: number;
  textBudget: number;
  lookCellsLeft: number;
  lookCellsSkipped: number;
  normal: NormalFont;
  rows: Map<number, { height?: number; hidden?: boolean }>;
  links: LinkSnapshot[];
  entities: Map<string, EntityValue>;
  retries: number;
  /** Reading progress: rows of this sheet and the fraction range it fills. */
  progress: (done: number) => void;
}

function check(state: ReadState): void {
  if (state.opts.signal?.aborted) throw new Cancelled();
}

/**
 * Reads one sheet's used range in byte-sized row chunks. The shared sheet
 * goes into a SheetGrid with its looks; another sheet only into a ParsedSheet
 * (its formulas and spills are all the analysis needs).
 */
async function readSheet(context: Ctx, ws: Excel.Worksheet, name: string, shared: boolean, state: ReadState, cellBudget: number): Promise<SheetGrid | ParsedSheet> {
  const used = ws.getUsedRangeOrNullObject(false);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  await context.sync();
  if (used.isNullObject) return shared ? new SheetGrid(name, 0, 0, 0, 0) : new ParsedSheet(name);
  const rows = used.rowCount;
  const cols = used.columnCount;
  if (rows * cols > cellBudget) {
    throw new Refused(
      `'${name}' uses ${fmtCells(rows)} rows × ${fmtCells(cols)} columns = ${fmtCells(rows * cols)} cells; a share-ready copy reads at most ${fmtCells(cellBudget)} cells of a sheet (for example ${fmtCells(Math.floor(cellBudget / 20))} rows × 20 columns), so the task pane does not run out of memory. Copy the part you want to share to a new sheet and make the copy of that sheet, or use File › Save a Copy and paste values over the TRADE cells.`,
    );
  }
  const grid = shared ? new SheetGrid(name, used.rowIndex, used.columnIndex, rows, cols) : undefined;
  const parsed = grid ? grid.parsed : new ParsedSheet(name);
  const maxCells = Math.max(1, state.opts.chunkCells ?? CHUNK_CELLS);
  const targetBytes = Math.max(1000, state.opts.chunkBytes ?? CHUNK_BYTES);
  let rowsPer = Math.max(1, Math.floor(Math.min(PROBE_CELLS, maxCells) / cols));
  for (let r = 0; r < rows; ) {
    check(state);
    const h = Math.min(rowsPer, rows - r);
    const top = used.rowIndex + r;
    const part = ws.getRangeByIndexes(top, used.columnIndex, h, cols);
    part.load("formulas,values,valueTypes");
    if (shared) part.load("numberFormat");
    if (state.spillApi) part.load("hasSpill");
    const rowProps = shared && state.propsApi ? part.getRowProperties({ rowIndex: true, rowHidden: true, format: { rowHeight: true, useStandardHeight: true } }) : undefined;
    if (shared && !state.propsApi) part.load("rowHidden");
    const links = shared && state.propsApi ? part.getCellProperties({ hyperlink: true }) : undefined;
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per chunk of rows, sized by bytes (the response limit)
      await context.sync();
    } catch (e) {
      if (!isPayloadError(e)) throw e;
      if (h === 1) throw new Error(`row ${top + 1} of '${name}' holds more than Excel can return in one request (about 5 MB); shorten its text or leave it out of the copy`);
      // Too big for one response: read this chunk again in halves.
      state.retries++;
      rowsPer = Math.max(1, Math.floor(h / 2));
      continue;
    }
    const formulas = part.formulas as unknown[][];
    const values = part.values as unknown[][];
    const types = part.valueTypes as unknown as string[][];
    const bytes = jsonChars(formulas) + jsonChars(values) + jsonChars(types) + (shared ? jsonChars(part.numberFormat as unknown[][]) : 0);
    state.textChars += bytes;
    if (state.textChars > state.textBudget) {
      throw new Refused(
        `'${name}' holds more text than a share-ready copy reads (${fmtCells(state.textBudget / 1e6)} million characters, with the sheets its formulas refer to), so the task pane does not run out of memory. Copy the part you want to share to a new sheet and make the copy of that sheet.`,
      );
    }
    const f0 = parsed.count;
    if (grid) grid.addChunk(top, formulas, values, types, part.numberFormat as unknown[][]);
    else
      for (let i = 0; i < h; i++) for (let j = 0; j < cols; j++) if (isFormulaCell(formulas[i][j], values[i]?.[j])) parsed.add(top + i, used.columnIndex + j, formulas[i][j] as string);
    // Spills of this chunk's formulas (Range.hasSpill is false when no cell of the chunk has one).
    if (state.spillApi && part.hasSpill !== false) {
      for (let i = f0; i < parsed.count; i += BATCH) {
        const batch = [];
        for (let f = i; f < Math.min(parsed.count, i + BATCH); f++) {
          const s = ws.getCell(parsed.row[f], parsed.col[f]).getSpillingToRangeOrNullObject();
          s.load("rowCount,columnCount");
          batch.push({ f, s });
        }
        // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per batch of BATCH spill checks
        await context.sync();
        for (const { f, s } of batch) if (!s.isNullObject && (s.rowCount > 1 || s.columnCount > 1)) parsed.setSpill(parsed.row[f], parsed.col[f], s.rowCount, s.columnCount);
      }
    }
    if (grid) {
      await readRows(context, ws, part, rowProps, top, h, state);
      for (const [i, row] of ((links?.value ?? []) as { hyperlink?: Excel.RangeHyperlink }[][]).entries())
        row.forEach((cell, j) => {
          const l = cell.hyperlink;
          if (l && (l.address || l.documentReference)) state.links.push({ row: top + i, col: used.columnIndex + j, address: l.address || undefined, documentReference: l.documentReference || undefined, screenTip: l.screenTip || undefined });
        });
      await readLooks(context, ws, grid, top, h, state);
      const cards = await readEntityCells(context, ws, { row0: top, col0: used.columnIndex, values, valueTypes: types }, supportsExcelApi);
      for (const [k, v] of cards) state.entities.set(k, v);
    }
    r += h;
    state.progress(r / rows);
    await yieldToUi();
    // Size the next chunk from this one's bytes per row.
    const perRow = Math.max(1, bytes / h);
    rowsPer = Math.max(1, Math.min(Math.floor(maxCells / cols), Math.floor(targetBytes / perRow)));
  }
  return grid ?? parsed;
}

/** Hidden rows and custom row heights of a chunk. */
async function readRows(context: Ctx, ws: Excel.Worksheet, part: Excel.Range, rowProps: OfficeExtension.ClientResult<Excel.RowProperties[]> | undefined, top: number, h: number, state: ReadState): Promise<void> {
  if (rowProps) {
    for (const p of rowProps.value) {
      const hidden = p.rowHidden === true;
      const height = p.format && p.format.useStandardHeight === false && typeof p.format.rowHeight === "number" ? p.format.rowHeight : undefined;
      if (hidden || height !== undefined) state.rows.set(p.rowIndex ?? top, { hidden: hidden || undefined, height });
    }
    return;
  }
  // Without ExcelApi 1.9: the chunk says whether all, none or some of its rows are hidden; then row by row.
  const all = part.rowHidden;
  if (all === false) return;
  if (all === true) {
    for (let i = 0; i < h; i++) state.rows.set(top + i, { hidden: true });
    return;
  }
  for (let i = 0; i < h; i += BATCH) {
    const batch = [];
    for (let j = i; j < Math.min(h, i + BATCH); j++) {
      const row = ws.getRangeByIndexes(top + j, 0, 1, 1);
      row.load("rowHidden");
      batch.push({ j, row });
    }
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per batch of BATCH rows (hidden rows without ExcelApi 1.9)
    await context.sync();
    for (const { j, row } of batch) if (row.rowHidden) state.rows.set(top + j, { hidden: true });
  }
}

/**
 * Looks of a chunk: per column, Range.format tells whether its cells look
 * alike (every property one value, no borders); such a column gets that look
 * at once. Columns whose cells differ are read cell by cell with
 * getCellProperties (ExcelApi 1.9), in requests sized by bytes, while the
 * LOOK_CELL_BUDGET lasts; past it they keep what their cells share.
 */
async function readLooks(context: Ctx, ws: Excel.Worksheet, grid: SheetGrid, top: number, h: number, state: ReadState): Promise<void> {
  const probes = [];
  for (let j = 0; j < grid.cols; j++) {
    const f = ws.getRangeByIndexes(top, grid.col0 + j, h, 1).format;
    f.load("horizontalAlignment,verticalAlignment,wrapText,indentLevel");
    f.font.load("name,size,color,bold,italic,underline,strikethrough");
    f.fill.load("color");
    f.borders.load("items/sideIndex,items/style");
    probes.push({ j, f });
  }
  await context.sync();
  const mixed: number[] = [];
  for (const { j, f } of probes) {
    const font = f.font;
    const look: OfficeLook = {
      font: { name: font.name, size: font.size, color: font.color, bold: font.bold, italic: font.italic, underline: font.underline, strikethrough: font.strikethrough },
      fill: f.fill.color,
      horizontalAlignment: f.horizontalAlignment,
      verticalAlignment: f.verticalAlignment,
      wrapText: f.wrapText,
      indentLevel: f.indentLevel,
    };
    const values = [...Object.values(look.font!), look.fill, look.horizontalAlignment, look.verticalAlignment, look.wrapText, look.indentLevel];
    // Edges and the lines between the column's cells; diagonals are not written, InsideVertical has no meaning for one column.
    const noBorders = f.borders.items.every((b) => !["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideHorizontal"].includes(String(b.sideIndex)) || b.style === "None");
    if (values.every((v) => v !== null && v !== undefined) && noBorders) grid.fillStyle(top, top + h - 1, grid.col0 + j, lookFromOffice(look, state.normal));
    else {
      mixed.push(j);
      // What the column's cells share, until (and unless) they are read one by one.
      grid.fillStyle(top, top + h - 1, grid.col0 + j, lookFromOffice(look, state.normal));
    }
  }
  if (!mixed.length) return;
  if (!state.propsApi || state.lookCellsLeft <= 0) {
    state.lookCellsSkipped += mixed.length * h;
    return;
  }
  const targetBytes = Math.max(1000, state.opts.chunkBytes ?? CHUNK_BYTES);
  const load = { format: { font: { name: true, size: true, color: true, bold: true, italic: true, underline: true, strikethrough: true }, fill: { color: true, pattern: true }, borders: { style: true, color: true, weight: true }, horizontalAlignment: true, verticalAlignment: true, wrapText: true, indentLevel: true } };
  // Requests of whole columns or parts of them, each about targetBytes of JSON.
  let rowsPer = Math.max(1, Math.floor(targetBytes / LOOK_BYTES_PER_CELL));
  const queue = mixed.map((j) => ({ j, r0: 0 }));
  while (queue.length && state.lookCellsLeft > 0) {
    check(state);
    const batch = [];
    let bytes = 0;
    let left = state.lookCellsLeft;
    while (queue.length && bytes < targetBytes && left > 0) {
      const q = queue[0];
      const n = Math.min(h - q.r0, rowsPer, Math.max(1, Math.floor((targetBytes - bytes) / LOOK_BYTES_PER_CELL)), left);
      left -= n;
      const props = ws.getRangeByIndexes(top + q.r0, grid.col0 + q.j, n, 1).getCellProperties(load);
      batch.push({ j: q.j, r0: q.r0, n, props });
      bytes += n * LOOK_BYTES_PER_CELL;
      q.r0 += n;
      if (q.r0 >= h) queue.shift();
    }
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per request of about CHUNK_BYTES of looks
      await context.sync();
    } catch (e) {
      if (!isPayloadError(e) || rowsPer === 1) throw e;
      // Put the parts back and ask for smaller ones.
      state.retries++;
      for (const b of batch.reverse()) {
        const q = queue.find((x) => x.j === b.j);
        if (q) q.r0 = Math.min(q.r0, b.r0);
        else queue.unshift({ j: b.j, r0: b.r0 });
      }
      queue.sort((a, b) => a.j - b.j);
      rowsPer = Math.max(1, Math.floor(rowsPer / 2));
      continue;
    }
    for (const b of batch) {
      b.props.value.forEach((row, i) => grid.setStyle(top + b.r0 + i, grid.col0 + b.j, lookFromOffice(row[0].format as OfficeLook, state.normal)));
      state.lookCellsLeft -= b.n;
    }
  }
  for (const q of queue) state.lookCellsSkipped += h - q.r0;
}

/** Workbook- and sheet-scoped names, visible or hidden (NamedItem.formula needs ExcelApi 1.7; without it names are unknown and formulas using them are frozen as "other-sheet"). */
async function readNames(context: Ctx): Promise<DefinedName[]> {
  if (!supportsExcelApi("1.7")) return [];
  const wb = context.workbook;
  const book = wb.names.load("items/name,items/formula,items/visible");
  const sheets = wb.worksheets.load("items/name");
  await context.sync();
  const scoped = sheets.items.map((ws) => ({ ws: ws.name, names: ws.names.load("items/name,items/formula,items/visible") }));
  await context.sync();
  const out: DefinedName[] = book.items.map((n) => ({ name: n.name, formula: String(n.formula), visible: n.visible !== false }));
  for (const s of scoped) for (const n of s.names.items) out.push({ name: n.name, scope: s.ws, formula: String(n.formula), visible: n.visible !== false });
  return out;
}

/** The Normal style's font: cells in it need no font of their own, and the copy uses it as its default. */
async function readNormalFont(context: Ctx): Promise<NormalFont> {
  const fallback = { name: "Calibri", size: 11, color: "#000000" };
  if (!supportsExcelApi("1.7")) return fallback;
  try {
    const font = context.workbook.styles.getItem("Normal").font;
    font.load("name,size,color");
    await context.sync();
    return { name: font.name || fallback.name, size: font.size || fallback.size, color: font.color || fallback.color };
  } catch {
    return fallback;
  }
}

/** Column widths and hidden columns, merged cells, conditional formats, list validations, notes and comments, frozen rows; what fails is listed, not fatal. */
async function readFormats(context: Ctx, ws: Excel.Worksheet, grid: SheetGrid, state: ReadState): Promise<FormatSnapshot> {
  const notesChoice = state.opts.notes ?? "keep";
  const notCarried = state.notCarried;
  const out: FormatSnapshot = { columnWidths: new Map(), hiddenColumns: [], rows: state.rows, merges: [], hyperlinks: state.links, conditional: [], validations: [], notes: [], notesChoice };
  const cols = grid.cols;
  const rows = grid.rows;
  if (!cols) return out;
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      notCarried.push(`${what} (${describeOfficeError(e)})`);
    }
  };
  const area = ws.getRangeByIndexes(grid.row0, grid.col0, rows, cols);
  await attempt("column widths and hidden columns", async () => {
    if (state.propsApi) {
      const props = area.getColumnProperties({ columnIndex: true, columnHidden: true, format: { columnWidth: true } });
      await context.sync();
      props.value.forEach((p, j) => {
        const c = p.columnIndex ?? grid.col0 + j;
        if (p.columnHidden) out.hiddenColumns!.push(c);
        const w = p.format?.columnWidth;
        if (typeof w === "number" && (w > 0 || !p.columnHidden)) out.columnWidths.set(c, w);
      });
      return;
    }
    const fmts = [];
    for (let c = 0; c < Math.min(cols, BATCH); c++) {
      const col = ws.getRangeByIndexes(grid.row0, grid.col0 + c, rows, 1);
      col.load("columnHidden");
      col.format.load("columnWidth");
      fmts.push({ c: grid.col0 + c, col });
    }
    await context.sync();
    for (const { c, col } of fmts) {
      if (col.columnHidden) out.hiddenColumns!.push(c);
      if (typeof col.format.columnWidth === "number" && col.format.columnWidth > 0) out.columnWidths.set(c, col.format.columnWidth);
    }
  });
  if (supportsExcelApi(MERGE_API)) {
    await attempt("merged cells", async () => {
      const merged = area.getMergedAreasOrNullObject();
      merged.load("address");
      await context.sync();
      // "Sheet1!A1:C1, Sheet1!E5:F6": the areas, without their sheet (a quoted sheet name may itself hold a comma).
      if (!merged.isNullObject) out.merges = (merged.address.match(/\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?(?=\s*(?:,|$))/g) ?? []).map((a) => a.replace(/\$/g, "").toUpperCase());
    });
  } else notCarried.push("merged cells (this Excel cannot list them: ExcelApi 1.13 is needed)");
  if (supportsExcelApi("1.6")) {
    await attempt("conditional formats", async () => {
      const cfs = area.conditionalFormats.load("items/type");
      await context.sync();
      const loaded = cfs.items.map((cf) => {
        const range = cf.getRange();
        range.load("address");
        const type = String(cf.type);
        if (type === "CellValue") {
          cf.cellValue.load("rule");
          cf.cellValue.format.font.load("color,bold");
          cf.cellValue.format.fill.load("color");
        } else if (type === "Custom") {
          cf.custom.rule.load("formula");
          cf.custom.format.font.load("color,bold");
          cf.custom.format.fill.load("color");
        }
        return { cf, type, range };
      });
      await context.sync();
      for (const { cf, type, range } of loaded) {
        const snapCf: ConditionalSnapshot = { address: range.address.replace(/^.*!/, ""), type };
        if (type === "CellValue") {
          const rule = cf.cellValue.rule as { formula1?: string; formula2?: string; operator?: string };
          Object.assign(snapCf, { operator: rule.operator, formula1: rule.formula1, formula2: rule.formula2, fontColor: cf.cellValue.format.font.color, bold: cf.cellValue.format.font.bold, fillColor: cf.cellValue.format.fill.color });
        } else if (type === "Custom") {
          Object.assign(snapCf, { formula1: cf.custom.rule.formula, fontColor: cf.custom.format.font.color, bold: cf.custom.format.font.bold, fillColor: cf.custom.format.fill.color });
        }
        out.conditional.push(snapCf);
      }
    });
  }
  if (supportsExcelApi("1.8")) {
    await attempt("data validations", async () => {
      const dvs = [];
      for (let c = 0; c < Math.min(cols, BATCH); c++) {
        const col = ws.getRangeByIndexes(grid.row0, grid.col0 + c, rows, 1);
        col.load("address");
        col.dataValidation.load("type,rule,prompt");
        dvs.push(col);
      }
      await context.sync();
      for (const col of dvs) {
        const type = String(col.dataValidation.type);
        if (type === "None") continue;
        if (type === "List") {
          const rule = col.dataValidation.rule as { list?: { source?: string } };
          const prompt = col.dataValidation.prompt as { message?: string } | undefined;
          out.validations.push({ address: col.address.replace(/^.*!/, ""), source: String(rule.list?.source ?? ""), prompt: prompt?.message || undefined });
        } else notCarried.push(`${type === "Inconsistent" ? "mixed" : type} data validation in ${col.address.replace(/^.*!/, "")}`);
      }
    });
  }
  // Notes (ExcelApi 1.18): their text, as chosen; threaded comments (1.10) are counted and never copied.
  if (supportsExcelApi(NOTES_API)) {
    await attempt("notes", async () => {
      const notes = (ws as unknown as { notes: Excel.NoteCollection }).notes.load("items/content,items/authorName");
      await context.sync();
      if (notesChoice !== "keep") {
        out.notesLeftOut = notes.items.length;
        return;
      }
      const locs = notes.items.map((n) => {
        const l = n.getLocation();
        l.load("rowIndex,columnIndex");
        return { n, l };
      });
      await context.sync();
      for (const { n, l } of locs) out.notes.push({ row: l.rowIndex, col: l.columnIndex, text: n.content, author: n.authorName });
    });
  } else if (notesChoice === "keep") notCarried.push("notes (this Excel cannot read them: ExcelApi 1.18 is needed)");
  if (supportsExcelApi(COMMENTS_API)) {
    await attempt("comment threads", async () => {
      const comments = ws.comments.load("items/id");
      await context.sync();
      out.threadedComments = comments.items.length;
    });
  }
  // What the sheet has beyond its cells that the copy does not carry: counted, so the list names it (charts 1.1, tables 1.1, PivotTables 1.8, shapes and pictures 1.9, protection 1.2).
  await attempt("a check for charts, tables, PivotTables and pictures", async () => {
    const charts = ws.charts.load("items/name");
    const tables = ws.tables.load("items/name");
    const pivots = supportsExcelApi("1.8") ? ws.pivotTables.load("items/name") : undefined;
    const shapes = supportsExcelApi(PROPS_API) ? ws.shapes.load("items/name") : undefined;
    ws.protection.load("protected");
    await context.sync();
    const count = (n: number, one: string, many: string, why: string) => {
      if (n) notCarried.push(`${n} ${n === 1 ? one : many} (${why})`);
    };
    count(charts.items.length, "chart", "charts", "a copy holds cells only");
    count(tables.items.length, "table", "tables", "their cells are copied as a plain range; formulas with table references hold their values");
    count(pivots?.items.length ?? 0, "PivotTable", "PivotTables", "its cells are copied as values");
    count(shapes?.items.length ?? 0, "picture or shape", "pictures and shapes", "a copy holds cells only");
    if (ws.protection.protected) notCarried.push("the sheet's protection (the copy is not protected)");
  });
  if (supportsExcelApi("1.7")) {
    await attempt("frozen rows", async () => {
      const loc = ws.freezePanes.getLocationOrNullObject();
      loc.load("rowCount,rowIndex");
      await context.sync();
      if (!loc.isNullObject && loc.rowIndex === 0) out.freezeRows = loc.rowCount;
    });
  }
  return out;
}

export async function makeShareReadyCopy(opts: ShareCopyOptions): Promise<ShareCopyOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", message: "Excel is not available: the pane runs in preview mode." };
  if (!supportsExcelApi(READ_API)) {
    return { status: "unsupported", message: "This version of Excel cannot read a sheet's used range from an add-in (ExcelApi 1.4 is needed). Copy the sheet by hand and use Paste Values on the TRADE cells instead." };
  }
  const progress = (message: string, fraction?: number) => opts.onProgress?.(message, fraction);
  const cellBudget = opts.budget?.cells ?? CELL_BUDGET;
  const state: ReadState = {
    opts,
    spillApi: supportsExcelApi(SPILL_API),
    propsApi: supportsExcelApi(PROPS_API),
    notCarried: [],
    textChars: 0,
    textBudget: opts.budget?.text ?? TEXT_BUDGET,
    lookCellsLeft: opts.budget?.lookCells ?? LOOK_CELL_BUDGET,
    lookCellsSkipped: 0,
    normal: { name: "Calibri", size: 11, color: "#000000" },
    rows: new Map(),
    links: [],
    entities: new Map(),
    retries: 0,
    progress: () => undefined,
  };
  let stage = "reading the sheet";
  try {
    const read = await X.run(async (context) => {
      const wb = context.workbook;
      const active = wb.worksheets.getActiveWorksheet();
      active.load("name");
      await context.sync();
      const source = active.name;
      state.normal = await readNormalFont(context);
      state.progress = (f) => progress(`Reading '${source}': ${Math.round(f * 100)}%…`, f * 0.6);
      progress(`Reading '${source}'…`, 0);
      const grid = (await readSheet(context, active, source, true, state, cellBudget)) as SheetGrid;
      grid.entities = state.entities.size ? state.entities : undefined;
      if (!grid.parsed.callsOutsideExcel()) return { source, nothing: true as const };
      stage = "reading the names and the sheets the formulas refer to";
      progress(`Finding what depends on add-in results in '${source}'…`, 0.6);
      const names = await readNames(context);
      const others: ParsedSheet[] = [];
      let analysis: ShareAnalysis | undefined;
      for (let round = 0; round < 100; round++) {
        check(state);
        analysis = analyseShare([grid.parsed, ...others], names, source);
        const missing = analysis.missingSheets;
        if (!missing.length) break;
        analysis = undefined;
        for (const name of missing) {
          const ws = wb.worksheets.getItemOrNullObject(name);
          // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per sheet the analysis asks for
          await context.sync();
          if (ws.isNullObject) others.push(new ParsedSheet(name));
          else {
            state.progress = (f) => progress(`Reading '${name}' (referenced by the formulas): ${Math.round(f * 100)}%…`, 0.6 + f * 0.1);
            others.push((await readSheet(context, ws, name, false, state, cellBudget)) as ParsedSheet);
          }
        }
      }
      stage = "reading the formats";
      progress(`Reading the formats of '${source}'…`, 0.72);
      const formats = await readFormats(context, active, grid, state);
      if (!state.spillApi) state.notCarried.push("spill ranges (this Excel lacks ExcelApi 1.12, so spills are copied as their first cell's value only)");
      if (!state.propsApi) state.notCarried.push("fonts, fills, borders and alignment that differ within a column, row heights and hyperlinks (this Excel lacks ExcelApi 1.9)");
      if (state.lookCellsSkipped) state.notCarried.push(`the look of ${fmtCells(state.lookCellsSkipped)} cells whose column has mixed fonts, fills or borders (over the ${fmtCells(opts.budget?.lookCells ?? LOOK_CELL_BUDGET)} cells read one by one; what their column shares is kept)`);
      return { source, grid, others, names, formats, analysis, nothing: false as const };
    });
    if (read.nothing) {
      return { status: "nothing", source: read.source, message: `'${read.source}' has no formulas calling TRADE functions (or functions of other add-ins): it can be shared as it is.` };
    }
    check(state);
    stage = "building the copy";
    progress("Building the copy…", 0.8);
    await yieldToUi();
    const when = opts.now ?? new Date();
    // What the reading could not carry goes to the summary and the About sheet alike.
    const { book, summary } = buildShareBook(read.grid, read.others, read.names, read.formats, { when, dataVersion: opts.dataVersion, addinVersion: opts.addinVersion }, read.analysis, state.notCarried);
    book.defaultFont = { name: state.normal.name, size: state.normal.size };
    stage = "writing the file";
    const file = await writeXlsx(book, {
      progressEvery: 2000,
      onProgress: async (done, total) => {
        if (opts.signal?.aborted) throw new Cancelled();
        progress(`Writing the copy: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows…`, 0.8 + 0.2 * (done / Math.max(1, total)));
        await yieldToUi();
      },
    });
    check(state);
    if (!supportsExcelApi(CREATE_API)) return { status: "download", summary, file, reason: "This version of Excel cannot open a new workbook from an add-in (ExcelApi 1.8 is needed), so the copy is downloaded as a file." };
    const base64 = bytesToBase64(file);
    if (base64.length > CREATE_LIMIT) return { status: "download", summary, file, reason: `The copy is ${(file.length / 1e6).toFixed(1)} MB, too large to open directly, so it is downloaded as a file.` };
    stage = "opening the copy as a new workbook";
    await X.createWorkbook(base64);
    return { status: "opened", summary, bytes: file.length };
  } catch (e) {
    if (e instanceof Cancelled) return { status: "cancelled", message: "Cancelled: no copy was made. Your workbook was only read, not changed." };
    if (e instanceof Refused) return { status: "too-large", message: `${e.message} Your workbook was not changed.` };
    return { status: "error", message: `Could not make a share-ready copy (failed while ${stage}: ${describeOfficeError(e)}). Your workbook was only read, not changed.` };
  }
}

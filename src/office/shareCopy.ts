/**
 * Share-ready copy of the active sheet as a NEW workbook. The user's workbook
 * is only read (no sheet is added, renamed or written), so a failure at any
 * point leaves it exactly as it was; the outcome says what happened.
 *
 * 1. Read the active sheet's used range in chunks of about CHUNK_CELLS cells
 *    (formulas, values, value types, number formats): Excel on the web limits
 *    a request or response to 5 MB
 *    (https://learn.microsoft.com/en-us/office/dev/add-ins/concepts/resource-limits-and-performance-optimization),
 *    and small syncs keep Excel responsive on 100,000-row sheets.
 * 2. Find the spills of its formula cells (Range.getSpillingToRangeOrNullObject,
 *    ExcelApi 1.12), the defined names (workbook and sheet scoped), and read
 *    every other sheet the formulas or names reference, until the dependency
 *    analysis (src/templates/share.ts) needs no further sheet.
 * 3. Read what the copy keeps of the sheet's look: column widths, conditional
 *    formats (ExcelApi 1.6), list validations (1.8), notes (1.18) or comments
 *    (1.10), frozen rows (1.7). A feature that cannot be read is listed as not
 *    carried over; it does not stop the copy.
 * 4. Build the workbook (src/templates/shareBook.ts, xlsxWriter.ts): values for
 *    everything that depends on an add-in result, live formulas for the rest,
 *    no add-in call at all.
 * 5. Open it as a new workbook with Excel.createWorkbook (ExcelApi 1.8,
 *    https://learn.microsoft.com/en-us/javascript/api/excel/excel#excel-excel-createworkbook-function(1))
 *    when it is small enough to pass in one call; otherwise, or without 1.8,
 *    hand the file to the pane to download.
 * Errors are returned, never thrown.
 */
import type { DefinedName, ShareAnalysis, SheetFormulas } from "../templates/share";
import { analyseShare } from "../templates/share";
import { buildShareBook, sheetFormulas, type ConditionalSnapshot, type FormatSnapshot, type SheetSnapshot, type ShareSummary } from "../templates/shareBook";
import { writeXlsx } from "../templates/xlsxWriter";
import { callsAddin } from "../templates/addinNames";
import { bytesToBase64 } from "../templates/share";
import { describeOfficeError, excelApi, supportsExcelApi } from "./capabilities";
import { readEntityCells } from "./cards";

export type ShareCopyOutcome =
  | { status: "opened"; summary: ShareSummary; bytes: number }
  | { status: "download"; summary: ShareSummary; file: Uint8Array; reason: string }
  | { status: "nothing"; source: string; message: string }
  | { status: "unsupported"; message: string }
  | { status: "error"; message: string };

/** Reading needs the used range (ExcelApi 1.4, getUsedRangeOrNullObject). */
export const READ_API = "1.4";
export const SPILL_API = "1.12";
export const CREATE_API = "1.8";
/** Cells per read request. */
export const CHUNK_CELLS = 20000;
/** Largest base64 passed to Excel.createWorkbook in one call (under the 5 MB request limit of Excel on the web). */
export const CREATE_LIMIT = 4_500_000;
/** Proxies (spill checks, columns) queued per sync. */
const BATCH = 2000;

export interface ShareCopyOptions {
  dataVersion: string;
  addinVersion?: string;
  now?: Date;
  /** Cells per read request (tests). */
  chunkCells?: number;
  /** Called while the file is written, so the pane can show progress. */
  onProgress?: (message: string) => void;
}

type Ctx = Excel.RequestContext;

const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Reads one sheet's used range in row chunks (and its spills). */
async function readSheet(context: Ctx, ws: Excel.Worksheet, name: string, chunkCells: number, withFormats: boolean, spillApi: boolean): Promise<SheetSnapshot> {
  const used = ws.getUsedRangeOrNullObject(false);
  used.load("rowIndex,columnIndex,rowCount,columnCount");
  await context.sync();
  const snap: SheetSnapshot = { name, row0: 0, col0: 0, formulas: [], values: [], valueTypes: [], numberFormats: withFormats ? [] : undefined, spills: new Map() };
  if (used.isNullObject) return snap;
  snap.row0 = used.rowIndex;
  snap.col0 = used.columnIndex;
  const rowsPer = Math.max(1, Math.floor(chunkCells / Math.max(1, used.columnCount)));
  // Rows of chunks that contain a spill (Range.hasSpill, ExcelApi 1.12: false when no cell has a spill border).
  const spillRows: [number, number][] = [];
  for (let r = 0; r < used.rowCount; r += rowsPer) {
    const h = Math.min(rowsPer, used.rowCount - r);
    const part = ws.getRangeByIndexes(used.rowIndex + r, used.columnIndex, h, used.columnCount);
    part.load("formulas,values,valueTypes");
    if (withFormats) part.load("numberFormat");
    if (spillApi) part.load("hasSpill");
    await context.sync();
    if (spillApi && part.hasSpill !== false) spillRows.push([used.rowIndex + r, used.rowIndex + r + h - 1]);
    snap.formulas.push(...(part.formulas as unknown[][]));
    snap.values.push(...(part.values as unknown[][]));
    snap.valueTypes.push(...(part.valueTypes as unknown as string[][]));
    if (withFormats) snap.numberFormats!.push(...(part.numberFormat as unknown[][]));
  }
  if (spillApi) {
    // Only formula cells in chunks that have a spill are asked for their spill, one by one.
    const anchors = [...sheetFormulas(snap).formulas.keys()].filter((k) => {
      const r = Number(k.slice(0, k.indexOf(",")));
      return spillRows.some(([a, b]) => r >= a && r <= b);
    });
    for (let i = 0; i < anchors.length; i += BATCH) {
      const batch = anchors.slice(i, i + BATCH).map((k) => {
        const [r, c] = k.split(",").map(Number);
        const s = ws.getCell(r, c).getSpillingToRangeOrNullObject();
        s.load("rowCount,columnCount");
        return { k, s };
      });
      await context.sync();
      for (const { k, s } of batch) if (!s.isNullObject && (s.rowCount > 1 || s.columnCount > 1)) snap.spills.set(k, { rows: s.rowCount, cols: s.columnCount });
    }
  }
  return snap;
}

/** Workbook- and sheet-scoped names (NamedItem.formula needs ExcelApi 1.7; without it names are unknown and formulas using them are frozen as "other-sheet"). */
async function readNames(context: Ctx): Promise<DefinedName[]> {
  if (!supportsExcelApi("1.7")) return [];
  const wb = context.workbook;
  const book = wb.names.load("items/name,items/formula");
  const sheets = wb.worksheets.load("items/name");
  await context.sync();
  const scoped = sheets.items.map((ws) => ({ ws: ws.name, names: ws.names.load("items/name,items/formula") }));
  await context.sync();
  const out: DefinedName[] = book.items.map((n) => ({ name: n.name, formula: String(n.formula) }));
  for (const s of scoped) for (const n of s.names.items) out.push({ name: n.name, scope: s.ws, formula: String(n.formula) });
  return out;
}

/** Column widths, conditional formats, list validations, notes and frozen rows of the shared sheet; what fails is listed, not fatal. */
async function readFormats(context: Ctx, ws: Excel.Worksheet, snap: SheetSnapshot, notCarried: string[]): Promise<FormatSnapshot> {
  const out: FormatSnapshot = { columnWidths: new Map(), conditional: [], validations: [], notes: [] };
  const cols = snap.formulas[0]?.length ?? 0;
  const rows = snap.formulas.length;
  if (!cols) return out;
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      notCarried.push(`${what} (${describeOfficeError(e)})`);
    }
  };
  await attempt("column widths", async () => {
    const fmts = [];
    for (let c = 0; c < Math.min(cols, BATCH); c++) {
      const f = ws.getRangeByIndexes(0, snap.col0 + c, 1, 1).format;
      f.load("columnWidth");
      fmts.push({ c: snap.col0 + c, f });
    }
    await context.sync();
    for (const { c, f } of fmts) if (typeof f.columnWidth === "number") out.columnWidths.set(c, f.columnWidth);
  });
  const area = ws.getRangeByIndexes(snap.row0, snap.col0, rows, cols);
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
        const col = ws.getRangeByIndexes(snap.row0, snap.col0 + c, rows, 1);
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
  if (supportsExcelApi("1.18")) {
    await attempt("notes", async () => {
      const notes = (ws as unknown as { notes: Excel.NoteCollection }).notes.load("items/content");
      await context.sync();
      const locs = notes.items.map((n) => {
        const l = n.getLocation();
        l.load("rowIndex,columnIndex");
        return { n, l };
      });
      await context.sync();
      for (const { n, l } of locs) out.notes.push({ row: l.rowIndex, col: l.columnIndex, text: n.content });
    });
  } else if (supportsExcelApi("1.10")) {
    await attempt("comments", async () => {
      const comments = ws.comments.load("items/content,items/authorName");
      await context.sync();
      const locs = comments.items.map((n) => {
        const l = n.getLocation();
        l.load("rowIndex,columnIndex");
        return { n, l };
      });
      await context.sync();
      for (const { n, l } of locs) out.notes.push({ row: l.rowIndex, col: l.columnIndex, text: n.content, author: n.authorName });
    });
  }
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
  const chunk = Math.max(1, opts.chunkCells ?? CHUNK_CELLS);
  const spillApi = supportsExcelApi(SPILL_API);
  const notCarried: string[] = [];
  let stage = "reading the sheet";
  try {
    const read = await X.run(async (context) => {
      const wb = context.workbook;
      const active = wb.worksheets.getActiveWorksheet();
      active.load("name");
      await context.sync();
      const source = active.name;
      opts.onProgress?.(`Reading '${source}'…`);
      const shared = await readSheet(context, active, source, chunk, true, spillApi);
      shared.entities = await readEntityCells(context, active, shared, supportsExcelApi);
      opts.onProgress?.(`Finding what depends on add-in results in '${source}'…`);
      const sharedFormulas = sheetFormulas(shared);
      if (![...sharedFormulas.formulas.values()].some((f) => callsAddin(f))) return { source, shared, nothing: true as const };
      stage = "reading the names and the sheets the formulas refer to";
      const names = await readNames(context);
      const others: SheetSnapshot[] = [];
      const otherFormulas: SheetFormulas[] = [];
      let analysis: ShareAnalysis | undefined;
      for (let round = 0; round < 100; round++) {
        analysis = analyseShare([sharedFormulas, ...otherFormulas], names, source);
        const missing = analysis.missingSheets;
        if (!missing.length) break;
        analysis = undefined;
        for (const name of missing) {
          const ws = wb.worksheets.getItemOrNullObject(name);
          await context.sync();
          if (ws.isNullObject) others.push({ name, row0: 0, col0: 0, formulas: [], values: [], valueTypes: [], spills: new Map() });
          else {
            opts.onProgress?.(`Reading '${name}' (referenced by the formulas)…`);
            others.push(await readSheet(context, ws, name, chunk, false, spillApi));
          }
          otherFormulas.push(sheetFormulas(others[others.length - 1]));
        }
      }
      stage = "reading the formats";
      opts.onProgress?.(`Reading the formats of '${source}'…`);
      const formats = await readFormats(context, active, shared, notCarried);
      if (!spillApi) notCarried.push("spill ranges (this Excel lacks ExcelApi 1.12, so spills are copied as their first cell's value only)");
      return { source, shared, others, names, formats, analysis, nothing: false as const };
    });
    if (read.nothing) {
      return { status: "nothing", source: read.source, message: `'${read.source}' has no formulas calling TRADE functions: it can be shared as it is.` };
    }
    stage = "building the copy";
    opts.onProgress?.("Building the copy…");
    const when = opts.now ?? new Date();
    const { book, summary } = buildShareBook(read.shared, read.others, read.names, read.formats, { when, dataVersion: opts.dataVersion, addinVersion: opts.addinVersion }, read.analysis);
    summary.notCarried.push(...notCarried);
    stage = "writing the file";
    const file = await writeXlsx(book, {
      onProgress: async (done, total) => {
        opts.onProgress?.(`Writing the copy: ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows…`);
        await yieldToUi();
      },
    });
    if (!supportsExcelApi(CREATE_API)) return { status: "download", summary, file, reason: "This version of Excel cannot open a new workbook from an add-in (ExcelApi 1.8 is needed), so the copy is downloaded as a file." };
    const base64 = bytesToBase64(file);
    if (base64.length > CREATE_LIMIT) return { status: "download", summary, file, reason: `The copy is ${(file.length / 1e6).toFixed(1)} MB, too large to open directly, so it is downloaded as a file.` };
    stage = "opening the copy as a new workbook";
    await X.createWorkbook(base64);
    return { status: "opened", summary, bytes: file.length };
  } catch (e) {
    return { status: "error", message: `Could not make a share-ready copy (failed while ${stage}: ${describeOfficeError(e)}). Your workbook was only read, not changed.` };
  }
}

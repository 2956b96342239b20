/**
 * Share-ready copy of the active sheet: a copy (Worksheet.copy, ExcelApi 1.10)
 * in which every formula that calls a TRADE function is replaced by its current
 * value, with a stamp row on top ("values as of <date>, data version <v>").
 * The original sheet is only read; every write goes to the copy. Errors are
 * returned, never thrown.
 *
 * Values are read from the ORIGINAL (already calculated) before copying, in
 * chunks of CHUNK_ROWS rows (Excel on the web limits a response to ~5 MB), so
 * the copy never captures a custom function that is still computing.
 * A TRADE formula that spills (dynamic array) is replaced by its whole spilled
 * block (Range.getSpillingToRangeOrNullObject, ExcelApi 1.12). Without 1.12 an
 * anchor whose value is an array is refused, and after the writes the copy is
 * read back: a cell that had a value in the original but is empty in the copy
 * (a spill cut to its anchor) makes the copy be deleted and the cells listed.
 *
 * A protected source is refused (its copy would be protected too). The copy
 * keeps Excel's own name until every write succeeded; only then is it
 * stamped and renamed "<name> (values)". If anything fails after the copy was
 * made, the half-made copy is deleted in a fresh Excel.run (or, if that fails,
 * renamed "… (incomplete)") and the message says so.
 *
 * Worksheet.copy clears Excel's undo history (UNDO_NOTE).
 */
import { planShareCopy, shareStamp, uniqueSheetName, valueAsInput } from "../templates/share";
import { describeOfficeError, excelApi, supportsExcelApi } from "./capabilities";

export type ShareCopyOutcome =
  | { status: "copied"; source: string; sheet: string; replaced: string[]; keptFormulas: number; stamp: string }
  | { status: "nothing"; source: string; message: string }
  | { status: "unsupported"; message: string }
  | { status: "error"; message: string };

export const COPY_API = "1.10";
export const SPILL_API = "1.12";
/** Rows read (and written) per request. */
export const CHUNK_ROWS = 5000;
export const UNDO_NOTE = "Excel clears its Undo history when it copies a sheet: earlier steps cannot be undone afterwards.";

export interface ShareCopyOptions {
  dataVersion: string;
  now?: Date;
  /** Rows per read request (tests). */
  chunkRows?: number;
}

type Scalar = string | number | boolean;
interface Write {
  row: number;
  col: number;
  vals: Scalar[][];
}

/** Merges single-cell writes that sit next to each other in a row into one block write per run. */
export function mergeRuns(cells: { row: number; col: number; v: Scalar }[]): Write[] {
  const sorted = [...cells].sort((a, b) => a.row - b.row || a.col - b.col);
  const out: Write[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && last.row === c.row && last.col + last.vals[0].length === c.col) last.vals[0].push(c.v);
    else out.push({ row: c.row, col: c.col, vals: [[c.v]] });
  }
  return out;
}

class Refusal extends Error {}

export async function makeShareReadyCopy(opts: ShareCopyOptions): Promise<ShareCopyOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", message: "Excel is not available: the pane runs in preview mode." };
  if (!supportsExcelApi(COPY_API)) {
    return { status: "unsupported", message: "This version of Excel cannot copy worksheets from an add-in (ExcelApi 1.10 is needed). Copy the sheet by hand and use Paste Values on the TRADE cells instead." };
  }
  const spillApi = supportsExcelApi(SPILL_API);
  const chunk = Math.max(1, opts.chunkRows ?? CHUNK_ROWS);
  const made: { copyId?: string; before?: string[]; source?: string } = {};
  try {
    return await X.run(async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets.load("items/name,items/id");
      const source = wb.worksheets.getActiveWorksheet();
      source.load("name,protection/protected");
      const used = source.getUsedRangeOrNullObject(false);
      used.load("rowIndex,columnIndex,rowCount,columnCount");
      await context.sync();
      made.source = source.name;
      if (source.protection.protected) {
        return { status: "error" as const, message: `'${source.name}' is protected: its copy would be protected too, so the TRADE formulas could not be replaced. Unprotect the sheet (Review > Unprotect Sheet) and try again.` };
      }
      if (used.isNullObject) return { status: "nothing" as const, source: source.name, message: `'${source.name}' is empty: nothing to share.` };

      // Read the original in row chunks.
      const row0 = used.rowIndex;
      const col0 = used.columnIndex;
      const formulas: unknown[][] = [];
      const values: unknown[][] = [];
      const types: string[][] = [];
      for (let r = 0; r < used.rowCount; r += chunk) {
        const part = source.getRangeByIndexes(row0 + r, col0, Math.min(chunk, used.rowCount - r), used.columnCount);
        part.load("formulas,values,valueTypes");
        await context.sync();
        formulas.push(...(part.formulas as unknown[][]));
        values.push(...(part.values as unknown[][]));
        types.push(...(part.valueTypes as unknown as string[][]));
      }
      const plan = planShareCopy(formulas, values, row0, col0);
      if (plan.cells.length === 0) {
        return { status: "nothing" as const, source: source.name, message: `'${source.name}' has no formulas calling TRADE functions: it can be shared as it is.` };
      }
      if (plan.busy.length) {
        return { status: "error" as const, message: `Some TRADE formulas are still calculating (${plan.busy.slice(0, 5).join(", ")}${plan.busy.length > 5 ? "…" : ""}). Wait for them to finish and try again.` };
      }
      const at = (r: number, c: number) => ({ v: values[r - row0]?.[c - col0], t: types[r - row0]?.[c - col0] });
      if (!spillApi) {
        const arrays = plan.cells.filter((c) => Array.isArray(at(c.row, c.col).v)).map((c) => c.address);
        if (arrays.length) {
          return { status: "error" as const, message: `This version of Excel cannot tell how far the results of ${arrays.slice(0, 5).join(", ")}${arrays.length > 5 ? "…" : ""} spill (ExcelApi 1.12 is needed), so no copy was made rather than cut them to one cell.` };
        }
      }

      // Spill extents of the replaced anchors (read-only on the original).
      const spills = spillApi
        ? plan.cells.map((c) => {
            const s = source.getCell(c.row, c.col).getSpillingToRangeOrNullObject();
            s.load("rowIndex,columnIndex,rowCount,columnCount");
            return s;
          })
        : [];
      await context.sync();

      // The copy keeps Excel's name until every write succeeded.
      made.before = sheets.items.map((s) => s.id);
      const copy = source.copy("After" as Excel.WorksheetPositionType, source);
      copy.load("id");
      const singles: { row: number; col: number; v: Scalar }[] = [];
      const blocks: Write[] = [];
      plan.cells.forEach((cell, i) => {
        const s = spills[i];
        if (s && !s.isNullObject && (s.rowCount > 1 || s.columnCount > 1)) {
          const block: Scalar[][] = [];
          for (let r = 0; r < s.rowCount; r++) {
            const row: Scalar[] = [];
            for (let c = 0; c < s.columnCount; c++) {
              const { v, t } = at(s.rowIndex + r, s.columnIndex + c);
              row.push(valueAsInput(v, t));
            }
            block.push(row);
          }
          blocks.push({ row: s.rowIndex, col: s.columnIndex, vals: block });
        } else {
          const { v, t } = at(cell.row, cell.col);
          singles.push({ row: cell.row, col: cell.col, v: valueAsInput(v, t) });
        }
      });
      await context.sync();
      made.copyId = copy.id;
      for (const w of [...blocks, ...mergeRuns(singles)]) {
        copy.getRangeByIndexes(w.row, w.col, w.vals.length, w.vals[0].length).formulas = w.vals as unknown as string[][];
      }
      await context.sync();

      if (!spillApi) {
        // Read the copy back: a value the original showed that is gone now is a spill cut to its anchor.
        const lost: string[] = [];
        for (let r = 0; r < used.rowCount; r += chunk) {
          const part = copy.getRangeByIndexes(row0 + r, col0, Math.min(chunk, used.rowCount - r), used.columnCount);
          part.load("values");
          await context.sync();
          (part.values as unknown[][]).forEach((rowVals, i) =>
            rowVals.forEach((v, j) => {
              const was = values[r + i]?.[j];
              if ((v === "" || v === null) && was !== "" && was !== null && was !== undefined) lost.push(`${columnName(col0 + j)}${row0 + r + i + 1}`);
            }),
          );
        }
        if (lost.length) {
          throw new Refusal(
            `Spilled TRADE results would have been cut to their first cell (${lost.slice(0, 5).join(", ")}${lost.length > 5 ? "…" : ""} lost their values) and this version of Excel cannot copy whole spills (ExcelApi 1.12 is needed). Copy the sheet by hand and use Paste Values instead.`,
          );
        }
      }

      const name = uniqueSheetName(`${source.name} (values)`, sheets.items.map((s) => s.name));
      const stamp = shareStamp(opts.now ?? new Date(), opts.dataVersion, source.name, plan.cells.length);
      copy.getRange("1:1").insert("Down" as Excel.InsertShiftDirection);
      const top = copy.getRange("A1");
      top.values = [[stamp]];
      top.format.font.italic = true;
      copy.name = name;
      copy.activate();
      await context.sync();
      made.copyId = undefined; // complete: keep it
      return { status: "copied" as const, source: source.name, sheet: name, replaced: plan.cells.map((c) => c.address), keptFormulas: plan.keptFormulas, stamp };
    });
  } catch (e) {
    const why = e instanceof Refusal ? e.message : `Could not make a share-ready copy: ${describeOfficeError(e)}`;
    if (made.before === undefined) return { status: "error", message: why };
    return { status: "error", message: `${why} ${await removeHalfMadeCopy(X, made.copyId, made.before, made.source ?? "")}` };
  }
}

function columnName(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Deletes the half-made copy in a fresh Excel.run (or renames it "… (incomplete)"); says what happened. */
async function removeHalfMadeCopy(X: typeof Excel, copyId: string | undefined, before: string[], source: string): Promise<string> {
  try {
    return await X.run(async (context) => {
      const all = context.workbook.worksheets.load("items/name,items/id");
      await context.sync();
      let id = copyId;
      if (!id) {
        // The copy's id never came back: the one new sheet named after the source is it.
        const fresh = all.items.filter((s) => !before.includes(s.id) && s.name.toLowerCase().startsWith(source.toLowerCase()));
        if (fresh.length !== 1) return "No half-made copy was left behind.";
        id = fresh[0].id;
      }
      const ws = all.items.find((s) => s.id === id);
      if (!ws) return "No half-made copy was left behind.";
      const name = ws.name;
      try {
        context.workbook.worksheets.getItem(id).delete();
        await context.sync();
        return `The unfinished copy '${name}' was deleted; '${source}' is unchanged.`;
      } catch {
        const incomplete = uniqueSheetName(`${source} (incomplete)`, all.items.map((s) => s.name));
        context.workbook.worksheets.getItem(id).name = incomplete;
        await context.sync();
        return `The unfinished copy could not be deleted and was renamed '${incomplete}': delete it, it may still contain live TRADE formulas.`;
      }
    });
  } catch (e) {
    return `An unfinished copy of '${source}' may remain (it could not be removed: ${describeOfficeError(e)}); delete it, it may still contain live TRADE formulas.`;
  }
}

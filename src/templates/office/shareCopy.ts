/**
 * Share-ready copy of the active sheet: a copy (Worksheet.copy, ExcelApi 1.10)
 * in which every formula that calls a TRADE function is replaced by its current
 * value, with a stamp row on top ("values as of <date>, data version <v>").
 * The original sheet is only read; every write goes to the copy. Errors are
 * returned, never thrown.
 *
 * Values are read from the ORIGINAL (already calculated) before copying, so the
 * copy never captures a custom function that is still computing. A TRADE
 * formula that spills (dynamic array) is replaced by its whole spilled block
 * (Range.getSpillingToRangeOrNullObject, ExcelApi 1.12; without it, anchors
 * whose value is an array are reported).
 */
import { planShareCopy, shareStamp, uniqueSheetName, valueAsInput } from "../share";
import { describeOfficeError, excelApi, supportsExcelApi } from "./host";

export type ShareCopyOutcome =
  | { status: "copied"; source: string; sheet: string; replaced: string[]; keptFormulas: number; stamp: string }
  | { status: "nothing"; source: string; message: string }
  | { status: "unsupported"; message: string }
  | { status: "error"; message: string };

export const COPY_API = "1.10";
export const SPILL_API = "1.12";

export interface ShareCopyOptions {
  dataVersion: string;
  now?: Date;
}

export async function makeShareReadyCopy(opts: ShareCopyOptions): Promise<ShareCopyOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", message: "Excel is not available: the pane runs in preview mode." };
  if (!supportsExcelApi(COPY_API)) {
    return { status: "unsupported", message: "This version of Excel cannot copy worksheets from an add-in (ExcelApi 1.10 is needed). Copy the sheet by hand and use Paste Values on the TRADE cells instead." };
  }
  const spillApi = supportsExcelApi(SPILL_API);
  try {
    return await X.run(async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets.load("items/name");
      const source = wb.worksheets.getActiveWorksheet();
      source.load("name");
      const used = source.getUsedRangeOrNullObject(false);
      used.load("rowIndex,columnIndex,formulas,values,valueTypes");
      await context.sync();
      if (used.isNullObject) return { status: "nothing" as const, source: source.name, message: `'${source.name}' is empty: nothing to share.` };

      const formulas = used.formulas as unknown[][];
      const values = used.values as unknown[][];
      const types = used.valueTypes as unknown as string[][];
      const row0 = used.rowIndex;
      const col0 = used.columnIndex;
      const plan = planShareCopy(formulas, values, row0, col0);
      if (plan.cells.length === 0) {
        return { status: "nothing" as const, source: source.name, message: `'${source.name}' has no formulas calling TRADE functions: it can be shared as it is.` };
      }
      if (plan.busy.length) {
        return { status: "error" as const, message: `Some TRADE formulas are still calculating (${plan.busy.slice(0, 5).join(", ")}${plan.busy.length > 5 ? "…" : ""}). Wait for them to finish and try again.` };
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

      const copy = source.copy("After" as Excel.WorksheetPositionType, source);
      const name = uniqueSheetName(`${source.name} (values)`, sheets.items.map((s) => s.name));
      copy.name = name;
      const at = (r: number, c: number) => ({ v: values[r - row0]?.[c - col0], t: types[r - row0]?.[c - col0] });
      plan.cells.forEach((cell, i) => {
        const s = spills[i];
        if (s && !s.isNullObject && (s.rowCount > 1 || s.columnCount > 1)) {
          const block: (string | number | boolean)[][] = [];
          for (let r = 0; r < s.rowCount; r++) {
            const row: (string | number | boolean)[] = [];
            for (let c = 0; c < s.columnCount; c++) {
              const { v, t } = at(s.rowIndex + r, s.columnIndex + c);
              row.push(valueAsInput(v, t));
            }
            block.push(row);
          }
          copy.getRangeByIndexes(s.rowIndex, s.columnIndex, s.rowCount, s.columnCount).formulas = block as unknown as string[][];
        } else {
          const { v, t } = at(cell.row, cell.col);
          copy.getRangeByIndexes(cell.row, cell.col, 1, 1).formulas = [[valueAsInput(v, t)]] as unknown as string[][];
        }
      });
      const stamp = shareStamp(opts.now ?? new Date(), opts.dataVersion, source.name, plan.cells.length);
      copy.getRange("1:1").insert("Down" as Excel.InsertShiftDirection);
      const top = copy.getRange("A1");
      top.values = [[stamp]];
      top.format.font.italic = true;
      copy.activate();
      await context.sync();
      return { status: "copied" as const, source: source.name, sheet: name, replaced: plan.cells.map((c) => c.address), keptFormulas: plan.keptFormulas, stamp };
    });
  } catch (e) {
    return { status: "error", message: `Could not make a share-ready copy: ${describeOfficeError(e)}` };
  }
}

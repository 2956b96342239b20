/**
 * Reads the user's selection for "selection to formulas": its sheet, position
 * and values. The write goes through insert.ts (never overwrite).
 * Range.getSelectedRange: https://learn.microsoft.com/javascript/api/excel/excel.workbook#excel-excel-workbook-getselectedrange-member(1)
 * (ExcelApi 1.1; throws for a multi-area selection, reported as an error).
 */
import { describeOfficeError } from "./capabilities";

export interface SelectionInfo {
  sheet: string;
  row: number;
  col: number;
  rows: number;
  cols: number;
  values: unknown[][];
}

/** Cells read at most: a whole-column selection is cut to its used part by Excel's own values, but we stop here. */
export const SELECTION_MAX_CELLS = 5000;

/** Reads the selection (one area) and its values; more than `maxCells` cells is refused with a message. */
export async function readSelection(maxCells = SELECTION_MAX_CELLS): Promise<SelectionInfo | { error: string }> {
  const X = (globalThis as { Excel?: typeof Excel }).Excel;
  if (!X || typeof X.run !== "function") return { error: "Excel is not available: the pane runs in preview mode." };
  try {
    return await X.run(async (context) => {
      const sel = context.workbook.getSelectedRange();
      sel.load("rowIndex,columnIndex,rowCount,columnCount");
      const ws = context.workbook.worksheets.getActiveWorksheet();
      ws.load("name");
      await context.sync();
      if (sel.rowCount * sel.columnCount > maxCells) return { error: `Select at most ${maxCells} cells (the selection has ${sel.rowCount * sel.columnCount}).` };
      sel.load("values");
      await context.sync();
      return { sheet: ws.name, row: sel.rowIndex, col: sel.columnIndex, rows: sel.rowCount, cols: sel.columnCount, values: sel.values as unknown[][] };
    });
  } catch (e) {
    return { error: describeOfficeError(e) };
  }
}

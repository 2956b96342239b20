/**
 * The task pane's only Excel writes. No React here; the UI calls these and
 * shows the outcome (errors included) in the pane.
 *
 * Rules:
 *  - Never overwrite: the whole target block is checked first (formulas and
 *    values, so a formula showing "" and a spilled cell both count as occupied).
 *    When occupied, nothing is written and the outcome names the occupied cells
 *    and offers the next free area (below the sheet's used range, same column)
 *    or a new sheet.
 *  - One user action per insert: all writes are queued and sent in a single
 *    context.sync(), so Excel sees one batch (where the host supports undo for
 *    add-in edits, that is one undo step).
 *  - Errors are returned as outcomes, never thrown and never swallowed.
 */
import { type Block, a1, sheetRef, toFormulaInput, uniqueSheetName, uniqueTableName } from "./blocks";
import { describeOfficeError } from "../../templates/office/host";

export interface Place {
  sheet: string;
  row: number;
  col: number;
  /** A1 address of the whole block (without the sheet). */
  address: string;
}

export type InsertTarget = "selection" | "new-sheet" | { sheet: string; row: number; col: number };

export type InsertOutcome =
  | { status: "inserted"; what: string; place: Place; tableName?: string }
  | { status: "occupied"; what: string; place: Place; occupied: string[]; occupiedCount: number; nextFree: Place }
  | { status: "error"; what: string; message: string };

/** Default name for a sheet created by the "new sheet" option. */
export const NEW_SHEET_NAME = "TRADE data";

type Excelish = typeof Excel;

function excelApi(): Excelish | undefined {
  const g = globalThis as { Excel?: Excelish };
  return g.Excel && typeof g.Excel.run === "function" ? g.Excel : undefined;
}

/** True when Excel's API is present (the pane runs inside Excel). */
export function canInsert(): boolean {
  return excelApi() !== undefined;
}

function isEmptyCell(formula: unknown, value: unknown): boolean {
  return (formula === "" || formula === null || formula === undefined) && (value === "" || value === null || value === undefined);
}

/** The A1 addresses (up to `max`) of the non-empty cells of a loaded block, and their count. */
export function occupiedCells(
  formulas: unknown[][],
  values: unknown[][],
  row0: number,
  col0: number,
  max = 5,
): { list: string[]; count: number } {
  const list: string[] = [];
  let count = 0;
  for (let r = 0; r < formulas.length; r++) {
    for (let c = 0; c < formulas[r].length; c++) {
      if (!isEmptyCell(formulas[r][c], values?.[r]?.[c])) {
        count++;
        if (list.length < max) list.push(a1(row0 + r, col0 + c));
      }
    }
  }
  return { list, count };
}

/** Inserts a block at the active cell, at an explicit place, or on a new sheet. */
export async function insertBlock(block: Block, target: InsertTarget = "selection"): Promise<InsertOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", what: block.what, message: "Excel is not available: the pane runs in preview mode. Open it in Excel to insert." };
  const rows = block.cells.length;
  const cols = block.cells[0]?.length ?? 0;
  if (rows === 0 || cols === 0) return { status: "error", what: block.what, message: "Nothing to insert (empty block)." };
  try {
    return await X.run(async (context) => {
      const wb = context.workbook;
      let ws: Excel.Worksheet;
      let row: number;
      let col: number;
      let newSheet = false;
      const tables = block.table ? wb.tables.load("items/name") : undefined;

      if (target === "new-sheet") {
        const sheets = wb.worksheets.load("items/name");
        await context.sync();
        const name = uniqueSheetName(NEW_SHEET_NAME, sheets.items.map((s) => s.name));
        ws = wb.worksheets.add(name);
        ws.load("name");
        row = 0;
        col = 0;
        newSheet = true;
      } else if (target === "selection") {
        const cell = wb.getActiveCell();
        cell.load("rowIndex,columnIndex");
        ws = wb.worksheets.getActiveWorksheet(); // the active cell is on the active sheet
        ws.load("name");
        await context.sync();
        row = cell.rowIndex;
        col = cell.columnIndex;
      } else {
        ws = wb.worksheets.getItem(target.sheet);
        ws.load("name");
        row = target.row;
        col = target.col;
      }

      const range = ws.getRangeByIndexes(row, col, rows, cols);
      if (!newSheet) {
        range.load("formulas,values");
        const used = ws.getUsedRangeOrNullObject(true);
        used.load("isNullObject,rowIndex,rowCount");
        await context.sync();
        const occ = occupiedCells(range.formulas as unknown[][], range.values as unknown[][], row, col);
        if (occ.count > 0) {
          const nextRow = used.isNullObject ? row + rows + 1 : Math.max(used.rowIndex + used.rowCount + 1, 0);
          const place = { sheet: ws.name, row, col, address: a1(row, col, rows, cols) };
          return {
            status: "occupied",
            what: block.what,
            place,
            occupied: occ.list,
            occupiedCount: occ.count,
            nextFree: { sheet: ws.name, row: nextRow, col, address: a1(nextRow, col, rows, cols) },
          };
        }
      } else {
        await context.sync();
      }

      // Everything below is queued and sent in one sync: one batch, one user action.
      range.formulas = block.cells.map((r) => r.map(toFormulaInput)) as unknown as string[][];
      for (const r of block.boldRows ?? []) ws.getRangeByIndexes(row + r, col, 1, cols).format.font.bold = true;
      for (const r of block.noteRows ?? []) ws.getRangeByIndexes(row + r, col, 1, cols).format.font.italic = true;
      let tableName: string | undefined;
      if (block.table) {
        const t = block.table;
        tableName = uniqueTableName(t.name, tables ? tables.items.map((x) => x.name) : []);
        const table = ws.tables.add(ws.getRangeByIndexes(row + t.headerRow, col, t.rows, cols), true);
        table.name = tableName;
        table.style = "TableStyleMedium2";
        const bodyRows = t.rows - 1;
        if (bodyRows > 0) {
          (t.numberFormats ?? []).forEach((fmt, c) => {
            if (fmt) ws.getRangeByIndexes(row + t.headerRow + 1, col + c, bodyRows, 1).numberFormat = new Array(bodyRows).fill([fmt]);
          });
        }
        ws.getRangeByIndexes(row + t.headerRow, col, t.rows, cols).format.autofitColumns();
      }
      if (newSheet) ws.activate();
      range.select();
      await context.sync();
      return {
        status: "inserted",
        what: block.what,
        place: { sheet: ws.name, row, col, address: a1(row, col, rows, cols) },
        tableName,
      };
    });
  } catch (e) {
    return { status: "error", what: block.what, message: describeOfficeError(e) };
  }
}

/** "Sheet1!B2:D9" for messages. */
export function placeText(p: Place): string {
  return `${sheetRef(p.sheet)}!${p.address}`;
}

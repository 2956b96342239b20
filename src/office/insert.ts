/**
 * The task pane's block inserts (values, tables, formulas at the selected cell;
 * whole template sheets are insertTemplate.ts, share copies shareCopy.ts). No
 * React here; the UI calls these and shows the outcome (errors included) in the pane.
 *
 * Rules:
 *  - Never overwrite: the whole target block is checked first. A cell counts as
 *    occupied when it has a formula or a value, when its valueType is anything
 *    but "Empty" (a formula or spill showing "" is "String"), or, with ExcelApi
 *    1.12, when it is part of another formula's spill (Range.hasSpill), so a
 *    spill of "" cells is never turned into #SPILL!. When occupied, nothing is
 *    written and the outcome names the occupied cells (and the spill's anchor),
 *    offering the next free area (below the used range, same column) or a new
 *    sheet.
 *  - Data first: the cells and the table go in the first write sync. Cosmetic
 *    steps (bold/italic, number formats, autofit, activate + select) go in a
 *    second sync; if that fails the data is in place and the outcome is
 *    "inserted" with a warning, never "could not insert". If the first sync
 *    fails, the target is read back: when the cells did land (only the table
 *    failed), the outcome is again "inserted" with a warning.
 *  - Undo: with ExcelApi 1.20 the run uses Excel.run({ mergeUndoGroup: true }),
 *    so the whole insert is one undo step. Without it every context.sync() that
 *    writes is its own undo record (the data, then its formatting).
 *  - One insert at a time is enforced by the caller (App.tsx, model/busy.ts).
 *  - Errors are returned as outcomes, never thrown and never swallowed.
 */
import { type Block, a1, sheetRef, toFormulaInput, uniqueSheetName, uniqueTableName } from "../core/blocks";
import { describeOfficeError, supportsExcelApi } from "./capabilities";

export interface Place {
  sheet: string;
  row: number;
  col: number;
  /** A1 address of the whole block (without the sheet). */
  address: string;
}

export type InsertTarget = "selection" | "new-sheet" | { sheet: string; row: number; col: number };

export type InsertOutcome =
  | { status: "inserted"; what: string; place: Place; tableName?: string; warnings?: string[] }
  | {
      status: "occupied";
      what: string;
      place: Place;
      occupied: string[];
      occupiedCount: number;
      nextFree: Place;
      /** Set when (part of) the target is another formula's spill: its anchor ("Sheet1!B2") when known. */
      spill?: { anchor?: string };
    }
  | { status: "error"; what: string; message: string };

/** Default name for a sheet created by the "new sheet" option. */
export const NEW_SHEET_NAME = "TRADE data";
/** Range.hasSpill / getSpillParentOrNullObject. */
export const SPILL_API = "1.12";
/** Excel.run({ mergeUndoGroup }). */
export const UNDO_GROUP_API = "1.20";
/** Up to this many target cells are checked one by one for spills (to name them). */
const SPILL_CELL_CHECK_MAX = 400;

type Excelish = typeof Excel;

function excelApi(): Excelish | undefined {
  const g = globalThis as { Excel?: Excelish };
  return g.Excel && typeof g.Excel.run === "function" ? g.Excel : undefined;
}

/** True when Excel's API is present (the pane runs inside Excel). */
export function canInsert(): boolean {
  return excelApi() !== undefined;
}

function isEmptyCell(formula: unknown, value: unknown, valueType?: unknown): boolean {
  if (valueType !== undefined && valueType !== null && valueType !== "Empty") return false;
  return (formula === "" || formula === null || formula === undefined) && (value === "" || value === null || value === undefined);
}

/**
 * The A1 addresses (up to `max`) of the occupied cells of a loaded block, and
 * their count. `valueTypes` (anything but "Empty" is occupied) and `spilled`
 * (true = part of a spill) are optional.
 */
export function occupiedCells(
  formulas: unknown[][],
  values: unknown[][],
  row0: number,
  col0: number,
  max = 5,
  valueTypes?: unknown[][],
  spilled?: (boolean | null | undefined)[][],
): { list: string[]; count: number } {
  const list: string[] = [];
  let count = 0;
  for (let r = 0; r < formulas.length; r++) {
    for (let c = 0; c < formulas[r].length; c++) {
      if (!isEmptyCell(formulas[r][c], values?.[r]?.[c], valueTypes?.[r]?.[c]) || spilled?.[r]?.[c] === true) {
        count++;
        if (list.length < max) list.push(a1(row0 + r, col0 + c));
      }
    }
  }
  return { list, count };
}

function errorCode(e: unknown): string | undefined {
  return e && typeof e === "object" ? (e as { code?: string }).code : undefined;
}

/** Inserts a block at the active cell, at an explicit place, or on a new sheet. */
export async function insertBlock(block: Block, target: InsertTarget = "selection"): Promise<InsertOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", what: block.what, message: "Excel is not available: the pane runs in preview mode. Open it in Excel to insert." };
  const rows = block.cells.length;
  const cols = block.cells[0]?.length ?? 0;
  if (rows === 0 || cols === 0) return { status: "error", what: block.what, message: "Nothing to insert (empty block)." };
  const spillApi = supportsExcelApi(SPILL_API);
  const state = { wrote: false };
  const body = (context: Excel.RequestContext) => insertInContext(context, block, target, rows, cols, spillApi, state);
  try {
    if (supportsExcelApi(UNDO_GROUP_API)) {
      try {
        return await X.run({ mergeUndoGroup: true }, body);
      } catch (e) {
        // An API in the group without undo support: nothing was written yet → run again ungrouped.
        if (errorCode(e) !== "UndoNotSupported" || state.wrote) throw e;
      }
    }
    return await X.run(body);
  } catch (e) {
    return { status: "error", what: block.what, message: describeOfficeError(e) };
  }
}

async function insertInContext(
  context: Excel.RequestContext,
  block: Block,
  target: InsertTarget,
  rows: number,
  cols: number,
  spillApi: boolean,
  state: { wrote: boolean },
): Promise<InsertOutcome> {
  const wb = context.workbook;
  let ws: Excel.Worksheet;
  let row: number;
  let col: number;
  let newSheet = false;
  // Table names share one namespace with defined names (workbook- and sheet-scoped).
  const tables = block.table ? wb.tables.load("items/name") : undefined;
  const names = block.table ? wb.names.load("items/name") : undefined;

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
    range.load("formulas,values,valueTypes");
    if (spillApi) range.load("hasSpill");
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("isNullObject,rowIndex,rowCount");
    await context.sync();
    // hasSpill: true = every cell, null = some cells, false = none are part of a spill.
    let spilled: (boolean | null)[][] | undefined;
    let spill: { anchor?: string } | undefined;
    let wholeBlockSpill = false;
    if (spillApi && range.hasSpill !== false) {
      spill = {};
      if (rows * cols <= SPILL_CELL_CHECK_MAX) {
        const cells: Excel.Range[][] = [];
        for (let r = 0; r < rows; r++) {
          cells.push([]);
          for (let c = 0; c < cols; c++) cells[r].push(ws.getRangeByIndexes(row + r, col + c, 1, 1).load("hasSpill"));
        }
        await context.sync();
        spilled = cells.map((r) => r.map((x) => x.hasSpill));
        const first = cells.flat().find((x) => x.hasSpill === true);
        if (first) {
          const parent = first.getSpillParentOrNullObject();
          parent.load("address");
          await context.sync();
          if (!parent.isNullObject) spill.anchor = parent.address;
        }
      } else {
        wholeBlockSpill = true;
      }
    }
    const occ = occupiedCells(range.formulas as unknown[][], range.values as unknown[][], row, col, 5, range.valueTypes as unknown as unknown[][], spilled);
    if (wholeBlockSpill && occ.count === 0) {
      occ.count = 1;
      occ.list.push(a1(row, col, rows, cols));
    }
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
        ...(spill ? { spill } : {}),
      };
    }
  } else {
    await context.sync();
  }
  const place: Place = { sheet: ws.name, row, col, address: a1(row, col, rows, cols) };
  const warnings: string[] = [];

  // 1. The data: cells and table.
  const input = block.cells.map((r) => r.map(toFormulaInput));
  range.formulas = input as unknown as string[][];
  let tableName: string | undefined;
  if (block.table) {
    const t = block.table;
    const taken = [...(tables ? tables.items.map((x) => x.name) : []), ...(names ? names.items.map((x) => x.name) : [])];
    tableName = uniqueTableName(t.name, taken);
    const table = ws.tables.add(ws.getRangeByIndexes(row + t.headerRow, col, t.rows, cols), true);
    table.name = tableName;
    table.style = "TableStyleMedium2";
  }
  state.wrote = true;
  try {
    await context.sync();
  } catch (e) {
    // Did the cells land (and only the table fail)? Read the target back.
    const msg = describeOfficeError(e);
    if (!block.table) throw e;
    const check = ws.getRangeByIndexes(row, col, rows, cols);
    check.load("formulas");
    try {
      await context.sync();
    } catch {
      throw e;
    }
    const got = check.formulas as unknown[][];
    const landed = input.every((r, i) => r.every((v, j) => v === "" || got[i]?.[j] !== ""));
    if (!landed) throw e;
    warnings.push(`the Excel table could not be created (${msg}); the data is in place as plain cells.`);
    tableName = undefined;
  }

  // 2. Cosmetics: a failure here leaves the data in place and is reported as a warning.
  try {
    for (const r of block.boldRows ?? []) ws.getRangeByIndexes(row + r, col, 1, cols).format.font.bold = true;
    for (const r of block.noteRows ?? []) ws.getRangeByIndexes(row + r, col, 1, cols).format.font.italic = true;
    if (block.table) {
      const t = block.table;
      const bodyRows = t.rows - 1;
      if (bodyRows > 0) {
        (t.numberFormats ?? []).forEach((fmt, c) => {
          if (fmt) ws.getRangeByIndexes(row + t.headerRow + 1, col + c, bodyRows, 1).numberFormat = new Array(bodyRows).fill([fmt]);
        });
      }
      ws.getRangeByIndexes(row + t.headerRow, col, t.rows, cols).format.autofitColumns();
    }
    if (newSheet) ws.activate();
    // select() works on the active sheet only: activate an explicit target's sheet first.
    else if (typeof target === "object") ws.activate();
    range.select();
    await context.sync();
  } catch (e) {
    warnings.push(`formatting or selecting the inserted cells failed (${describeOfficeError(e)}).`);
  }
  return { status: "inserted", what: block.what, place, tableName, ...(warnings.length ? { warnings } : {}) };
}

/** "Sheet1!B2:D9" for messages. */
export function placeText(p: Place): string {
  return `${sheetRef(p.sheet)}!${p.address}`;
}

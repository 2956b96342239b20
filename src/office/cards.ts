/**
 * Office side of entity cards: whether custom functions may return data types
 * on this host, and "Convert to cards" (TRADE.CARD formulas written next to the
 * selected cells, never over anything).
 *
 * Data types from custom functions need CustomFunctionsRuntime 1.4 (the
 * `allowCustomDataForDataTypeAny` metadata flag, which our functions.json sets)
 * and ExcelApi 1.16 (entity values): Excel on the web, Microsoft 365 on Windows
 * from Version 2208 and on Mac from 16.64; not perpetual Office 2021 or earlier,
 * nor iPad.
 *   https://learn.microsoft.com/javascript/api/requirement-sets/excel/custom-functions-requirement-sets
 *   https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts
 * A function can ask only where office.js is loaded: this add-in's manifest
 * requires the shared runtime (SharedRuntime 1.1), in which functions.js runs in
 * the task pane's page next to office.js, so `Office.context.requirements` is
 * there once Office has initialised. Before that (the first calculation of a
 * workbook may come first) and outside Office the answer is "unknown", and the
 * caller returns cards: a host that turns out not to support them shows
 * #VALUE! until the cell recalculates.
 */
import { insertBlock, type InsertOutcome, type InsertTarget } from "./insert";
import { readSelection as readSelectedCells, type SelectionInfo } from "./selection";
import { columnLetters } from "../core/a1";
import type { Block } from "../core/blocks";
import { isEntityValue, type EntityValue } from "../core/cards";

type Requirements = { isSetSupported(name: string, version?: string): boolean };

/** true / false when the host says; undefined when it cannot be asked yet. */
export function dataTypesSupport(): boolean | undefined {
  try {
    const req = (globalThis as { Office?: { context?: { requirements?: Requirements } } }).Office?.context?.requirements;
    if (!req || typeof req.isSetSupported !== "function") return undefined;
    return req.isSetSupported("CustomFunctionsRuntime", "1.4") && req.isSetSupported("ExcelApi", "1.16");
  } catch {
    return undefined;
  }
}

/** What TRADE.CARD returns on this host: cards unless the host says it has no data types in custom functions. */
export function cardsAllowed(): boolean {
  return dataTypesSupport() !== false;
}

// ---------------------------------------------------------------------------
// Convert to cards


/** The selected cells the pane converts: the selection as the pane's selection reader gives it, with its A1 address ("A2:A20", without the sheet). */
export type CardSelection = SelectionInfo & { address: string };

/** Larger selections are refused: one TRADE.CARD formula per cell is written, and the preview lists every cell. */
export const MAX_CONVERT_CELLS = 1000;

export type SelectionResult = { status: "ok"; selection: CardSelection } | { status: "error"; message: string };

/** Reads the selected range (one area) with its values, through the pane's one selection reader. Errors are returned, never thrown. */
export async function readSelection(): Promise<SelectionResult> {
  const got = await readSelectedCells(MAX_CONVERT_CELLS);
  if ("error" in got) return { status: "error", message: `${got.error} Select one block of at most ${MAX_CONVERT_CELLS} cells and try again.` };
  const first = `${columnLetters(got.col)}${got.row + 1}`;
  const last = `${columnLetters(got.col + got.cols - 1)}${got.row + got.rows}`;
  return { status: "ok", selection: { ...got, address: got.rows === 1 && got.cols === 1 ? first : `${first}:${last}` } };
}

/** Where the formulas go: the same shape, immediately to the right of the selection. */
export function cardsTarget(sel: CardSelection): { sheet: string; row: number; col: number } {
  return { sheet: sel.sheet, row: sel.row, col: sel.col + sel.cols };
}

/** The block of TRADE.CARD formulas (null leaves a cell empty: blank, unknown or undecided cells). */
export function cardsBlock(formulas: readonly (readonly (string | null)[])[]): Block {
  return { what: "TRADE.CARD formulas", cells: formulas.map((r) => r.map((f) => (f ? { f } : null))) };
}

/**
 * Writes the formulas next to the selection through the pane's never-overwrite
 * insert (the whole target block is checked first; when any cell there holds
 * anything, nothing is written and the outcome offers a free area or a new sheet).
 */
export function insertCardFormulas(
  sel: CardSelection,
  formulas: readonly (readonly (string | null)[])[],
  target: InsertTarget = cardsTarget(sel),
  insert: (b: Block, t?: InsertTarget) => Promise<InsertOutcome> = insertBlock,
): Promise<InsertOutcome> {
  return insert(cardsBlock(formulas), target);
}

// ---------------------------------------------------------------------------
// Cards in a share-ready copy

/** Cells whose valuesAsJson is read per request: a card is 5–30 KB of JSON, and Excel on the web caps a response at about 5 MB. */
export const ENTITY_BATCH = 100;
/** Range.valuesAsJson. */
export const VALUES_AS_JSON_API = "1.16";

/**
 * The entity values (cards, and Excel's own linked data types) among a read
 * sheet's cells, by "r,c" (absolute, 0-based). An entity cell reads as the
 * error "#VALUE!" through Range.values (its basicValue, the fallback for code
 * that does not know data types:
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-data-types-concepts#entity-values),
 * so only those cells are read again through valuesAsJson. Without ExcelApi
 * 1.16 the map is empty (and the copy keeps #VALUE!, as before).
 */
export async function readEntityCells(
  context: Excel.RequestContext,
  ws: Excel.Worksheet,
  snap: { row0: number; col0: number; values: unknown[][]; valueTypes: string[][] },
  supports: (version: string) => boolean,
): Promise<Map<string, EntityValue>> {
  const out = new Map<string, EntityValue>();
  if (!supports(VALUES_AS_JSON_API)) return out;
  const cand: [number, number][] = [];
  snap.valueTypes.forEach((row, i) =>
    row.forEach((t, j) => {
      if (t === "Error" && snap.values[i]?.[j] === "#VALUE!") cand.push([snap.row0 + i, snap.col0 + j]);
    }),
  );
  for (let i = 0; i < cand.length; i += ENTITY_BATCH) {
    const batch = cand.slice(i, i + ENTITY_BATCH).map(([r, c]) => {
      const cell = ws.getCell(r, c);
      // eslint-disable-next-line office-addins/no-navigational-load -- valuesAsJson is the cell's value, not a navigation property
      cell.load("valuesAsJson");
      return { r, c, cell };
    });
    // eslint-disable-next-line office-addins/no-context-sync-in-loop -- one sync per batch of ENTITY_BATCH cells (response size)
    await context.sync();
    for (const { r, c, cell } of batch) {
      const v = (cell.valuesAsJson as unknown[][] | undefined)?.[0]?.[0];
      if (isEntityValue(v)) out.set(`${r},${c}`, v);
    }
  }
  return out;
}

/**
 * The workbook's record of the data its TRADE results were computed with, kept in the add-in's
 * document settings (Office.context.document.settings, saved with the workbook; never a cell of
 * the user's), and a full recalculation of the workbook.
 *
 * Settings are per add-in and per document and are written to the file when it is saved; saveAsync
 * persists the in-memory settings so that they are saved with it:
 * https://learn.microsoft.com/office/dev/add-ins/develop/persisting-add-in-state-and-settings
 * Full recalculation: Application.calculate(Excel.CalculationType.full), ExcelApi 1.1:
 * https://learn.microsoft.com/javascript/api/excel/excel.application#excel-excel-application-calculate-member(1)
 */
import { nextStamp, parseStamp, type DataStamp } from "../pack/stamp";
import type { PackState } from "../core/data/active";
import { describeOfficeError, excelApi } from "./capabilities";

/** The settings key (one per add-in and document). */
export const STAMP_KEY = "TRADE.dataComputedWith";

type SettingsLike = {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  saveAsync(cb?: (r: { status: string; error?: { message?: string } }) => void): void;
};

function settings(): SettingsLike | undefined {
  const o = (globalThis as { Office?: { context?: { document?: { settings?: SettingsLike } } } }).Office;
  return o?.context?.document?.settings ?? undefined;
}

/** The stamp stored in the workbook, or null (none, or outside Excel). */
export function readWorkbookStamp(): DataStamp | null {
  try {
    return parseStamp(settings()?.get(STAMP_KEY));
  } catch {
    return null;
  }
}

function save(s: SettingsLike): Promise<void> {
  return new Promise((resolve, reject) =>
    s.saveAsync((r) => (r.status === "succeeded" || r.status === "Succeeded" ? resolve() : reject(new Error(r.error?.message ?? "saving the workbook's add-in settings failed")))),
  );
}

/**
 * Records that functions computed with `state` (see nextStamp: unchanged when already recorded;
 * the earlier data kept when other cells may still hold it). Returns the stamp now stored, or null
 * outside Excel. Never throws.
 */
export async function recordDataUse(state: PackState, fullRecalc = false): Promise<DataStamp | null> {
  const s = settings();
  if (!s) return null;
  try {
    const stored = parseStamp(s.get(STAMP_KEY));
    const next = nextStamp(stored, state, new Date(), fullRecalc);
    if (!next) return stored;
    s.set(STAMP_KEY, next);
    await save(s);
    return next;
  } catch {
    return readWorkbookStamp();
  }
}

/** Recalculates every formula of the workbook (Excel's full calculation). Resolves with an error message, or undefined. */
export async function recalculateWorkbook(): Promise<string | undefined> {
  const xl = excelApi();
  if (!xl) return "not running in Excel";
  try {
    await xl.run(async (ctx) => {
      ctx.workbook.application.calculate(xl.CalculationType.full);
      await ctx.sync();
    });
    return undefined;
  } catch (e) {
    return describeOfficeError(e);
  }
}

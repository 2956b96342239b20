/**
 * In Excel: the workbook's record of the data its TRADE results were computed with, kept in step
 * with the functions (once per pack), a full recalculation, and the recorded data read again for
 * "What changed". Loaded on demand (in Excel, or when a view needs it), not on the pane's first
 * paint.
 */
import { onPackUse, packState, packUsed, type PackState } from "../core/data/active";
import type { Datasets } from "../core/pack/format";
import { readWorkbookStamp, recalculateWorkbook, recordDataUse } from "../office/dataStamp";
import { readRecordedData } from "../pack/recorded";
import type { DataStamp } from "../pack/stamp";
import { packLoading, setWorkbookStamp } from "./pack";

/** Reads the workbook's record and, from now on, records the data functions compute with (also at once when they already did). */
export function trackWorkbookData(): void {
  setWorkbookStamp(readWorkbookStamp());
  const record = (st: PackState) => void recordDataUse(st).then(setWorkbookStamp);
  onPackUse(record);
  if (packUsed()) record(packState());
}

/** Recalculates the whole workbook; afterwards every cell holds results of the active data. Resolves with an error message, or undefined. */
export async function recalculate(): Promise<string | undefined> {
  const err = await recalculateWorkbook();
  if (!err) setWorkbookStamp(await recordDataUse(packState(), true));
  return err;
}

/** The datasets a workbook's record names, read from the host and checked; rejects saying why they cannot be read. */
export function readRecorded(stamp: DataStamp): Promise<Datasets> {
  const loading = packLoading();
  const deps = loading?.deps();
  if (!loading || !deps) return Promise.reject(new Error("this page cannot read the add-in's data files"));
  return readRecordedData(deps, stamp, loading.bundled());
}

/**
 * The pane's view of the active data pack: a React hook that re-renders on a pack change, the
 * published-data functions functions.js offers (src/core/shared.ts), and the workbook's record of
 * the data it was computed with (src/office/dataStamp.ts), kept in step with the functions.
 */
import { useEffect, useState } from "react";
import { onPackChange, onPackUse, packState, packUsed, type PackState } from "../core/data/active";
import type { DataStamp } from "../pack/stamp";
import { readRecordedData } from "../pack/recorded";
import type { Datasets } from "../core/pack/format";
import type { PackLoading, SharedCore } from "../core/shared";
import { readWorkbookStamp, recordDataUse } from "../office/dataStamp";

/** The active pack's state; the component re-renders when another pack becomes active or its notice changes. */
export function usePackState(): PackState {
  const [st, setSt] = useState<PackState>(packState);
  useEffect(() => {
    setSt(packState());
    return onPackChange(setSt);
  }, []);
  return st;
}

/** Reading the host's published data, when functions.js runs in this page (not on the pane's fallback core). */
export function packLoading(): PackLoading | undefined {
  return (globalThis as { __TRADE_CORE__?: SharedCore }).__TRADE_CORE__?.pack;
}

/** The datasets a workbook's record names, read from the host and checked; rejects saying why they cannot be read. */
export function readRecorded(stamp: DataStamp): Promise<Datasets> {
  const loading = packLoading();
  const deps = loading?.deps();
  if (!loading || !deps) return Promise.reject(new Error("this page cannot read the add-in's data files"));
  return readRecordedData(deps, stamp, loading.bundled());
}

let stamp: DataStamp | null = null;
const stampListeners = new Set<(s: DataStamp | null) => void>();
function setStamp(s: DataStamp | null): void {
  stamp = s;
  for (const l of [...stampListeners]) l(s);
}

/**
 * In Excel: reads the workbook's record and, from now on, records the data functions compute with
 * (once per pack; also at once when they already computed). Call once the host is known to be Excel.
 */
export function trackWorkbookData(): void {
  setStamp(readWorkbookStamp());
  const record = (st: PackState) => void recordDataUse(st).then(setStamp);
  onPackUse(record);
  if (packUsed()) record(packState());
}

/** After a full recalculation: every cell now holds results of the active data. */
export function markFullRecalc(): Promise<void> {
  return recordDataUse(packState(), true).then(setStamp);
}

/** The workbook's record of its data (null outside Excel or when none); re-renders when it changes. */
export function useWorkbookStamp(): DataStamp | null {
  const [s, set] = useState<DataStamp | null>(stamp);
  useEffect(() => {
    set(stamp);
    stampListeners.add(set);
    return () => {
      stampListeners.delete(set);
    };
  }, []);
  return s;
}

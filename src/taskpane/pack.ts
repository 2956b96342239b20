/**
 * The pane's view of the active data pack: a React hook that re-renders on a pack change, the
 * published-data functions functions.js offers (src/core/shared.ts), and the workbook's record of
 * the data it was computed with, as a small store the views read (kept up to date by
 * ./workbookData.ts, which loads on demand in Excel only).
 */
import { useEffect, useState } from "react";
import { onPackChange, packState, type PackState } from "../core/data/active";
import type { DataStamp } from "../pack/stamp";
import type { PackLoading, SharedCore } from "../core/shared";

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

let stamp: DataStamp | null = null;
const stampListeners = new Set<(s: DataStamp | null) => void>();

/** Sets the workbook's record as the views show it. */
export function setWorkbookStamp(s: DataStamp | null): void {
  stamp = s;
  for (const l of [...stampListeners]) l(s);
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

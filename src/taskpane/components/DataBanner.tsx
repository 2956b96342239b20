/**
 * Loaded on demand, only when there is something to say. Says at once, under the pane's header, what a user must know about the data: that the host's
 * data update could not be used (and why), or that this workbook was computed with other data than
 * the active one (with how many records changed, "What changed" and "Recalculate workbook").
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useEffect, useState } from "react";
import { activeDatasets, type PackState } from "../../core/data/active";
import { diffDatasets } from "../../pack/diff";
import type { Datasets } from "../../core/pack/format";
import { dataLabel, sameData, stampOf, type DataStamp } from "../../pack/stamp";
import { packLoading } from "../pack";
import { readRecorded } from "../workbookData";

/** Records changed between a workbook's data and the active data, once the recorded data is read (undefined meanwhile or when it cannot be). */
function useChangedCount(stamp: DataStamp | null, pack: PackState): number | undefined {
  const [n, setN] = useState<number | undefined>();
  const base = stamp && !sameData(stamp, stampOf(pack, new Date())) ? stamp : stamp?.earlier;
  const key = base ? `${base.sha256}|${base.overlay?.sha256 ?? ""}|${pack.sha256}|${pack.overlay?.sha256 ?? ""}` : "";
  useEffect(() => {
    setN(undefined);
    const loading = packLoading();
    if (!base || !loading) return;
    let live = true;
    readRecorded(base).then(
      (recorded) => live && setN(diffDatasets(recorded, activeDatasets() as Datasets).filter((c) => c.list !== "(dataset)").length),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]); // keyed by the data's hashes: `base` is a new object on every render
  return n;
}

export function DataBanner({ pack, stamp, inExcel, onOpen, onRecalc }: { pack: PackState; stamp: DataStamp | null; inExcel: boolean; onOpen(): void; onRecalc(): void }) {
  const changed = useChangedCount(inExcel ? stamp : null, pack);
  const current = stampOf(pack, new Date());
  const differs = inExcel && stamp && !sameData(stamp, current);
  const mixed = inExcel && stamp && !differs && stamp.earlier;
  const count = changed === undefined ? "" : `: ${changed} record${changed === 1 ? "" : "s"} changed`;
  return (
    <div data-testid="data-banner" role="status" aria-live="polite">
      {pack.notice ? (
        <MessageBar intent="warning" layout="multiline" style={{ marginBottom: 6 }} data-testid="data-notice">
          <MessageBarBody>
            <MessageBarTitle>{pack.origin === "cache" ? "Using the last good data update" : "Data update not used"}</MessageBarTitle>
            {pack.notice.charAt(0).toUpperCase() + pack.notice.slice(1)}. In use: data pack {pack.version}
            {pack.origin === "bundled" ? " (bundled with the add-in)" : ""}.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onOpen}>
              Data details
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {differs || mixed ? (
        <MessageBar intent="info" layout="multiline" style={{ marginBottom: 6 }} data-testid="workbook-data">
          <MessageBarBody>
            <MessageBarTitle>{differs ? "This workbook was computed with other data" : "Some results may come from earlier data"}</MessageBarTitle>
            {differs
              ? `Computed with ${dataLabel(stamp!)}; active ${dataLabel(current)}${count}.`
              : `Functions recalculated with ${dataLabel(current)}, but cells that did not recalculate may still hold results of ${dataLabel(stamp!.earlier!)}${count}.`}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onOpen}>
              What changed
            </Button>
            <Button size="small" appearance="primary" onClick={onRecalc}>
              Recalculate workbook
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
    </div>
  );
}

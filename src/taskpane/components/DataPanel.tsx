/**
 * The data view: the active data pack (version, where it came from, horizons, the organisation's
 * overlay, why an update was not used), "Check for data update", the data this workbook was
 * computed with, and "What changed" between that data (or the bundled pack) and the active data:
 * every record added, changed or removed, field by field, with its sources and status.
 */
import { Button, MessageBar, MessageBarBody, Spinner, Text } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import { BUNDLED_DATASETS, BUNDLED_HEADER, activeDatasets, orgRecord, type PackState } from "../../core/data/active";
import { packOriginText } from "../../core/data/ref";
import { diffDatasets, showValue, type RecordChange } from "../../pack/diff";
import type { Datasets } from "../../core/pack/format";
import { dataLabel, sameData, stampOf, type DataStamp } from "../../pack/stamp";
import { packLoading } from "../pack";
import { readRecorded } from "../workbookData";

const DATASET_NAMES: Record<string, string> = {
  cn_items: "China's controlled items",
  countries: "Countries",
  elements: "Elements",
  hs: "HS lines",
  hts_us: "US tariff lines (HTSUS)",
  instruments: "Legal instruments",
  partner_tariffs: "Partner importers' tariffs",
  prices: "Prices",
  production: "Production and reserves (USGS)",
  sources: "Sources",
  stage_shares: "Stage shares",
  tariff_layers: "US tariff layers",
  us_imports: "US imports",
};

function when(iso?: string): string {
  return iso ? iso.replace("T", " ").slice(0, 16) + " UTC" : "not yet";
}

function Horizons({ pack }: { pack: PackState }) {
  const partners = Object.entries(pack.horizons.partners);
  return (
    <>
      China's export controls {pack.horizons.china}; US tariffs {pack.horizons.us}
      {partners.length ? `; importers ${partners.map(([k, v]) => `${k} ${v}`).join(", ")}` : ""}
    </>
  );
}

function ChangeList({ changes, orgOf }: { changes: readonly RecordChange[]; orgOf(c: RecordChange): boolean }) {
  const groups = useMemo(() => {
    const m = new Map<string, RecordChange[]>();
    for (const c of changes) {
      if (!m.has(c.dataset)) m.set(c.dataset, []);
      m.get(c.dataset)!.push(c);
    }
    return [...m];
  }, [changes]);
  return (
    <div data-testid="what-changed-list">
      {groups.map(([ds, list]) => (
        <section key={ds} className="wc-group">
          <h4 className="detail-h3">
            {DATASET_NAMES[ds] ?? ds} <span className="when">({ds}, {list.length})</span>
          </h4>
          <ul className="wc-list">
            {list.map((c) => (
              <li key={`${c.list}:${c.key}`} data-change={`${c.change} ${c.dataset} ${c.list === "(dataset)" ? "(dataset)" : c.key}`}>
                <span className={`tag tag-${c.change}`}>{c.change}</span> <strong>{c.list === "(dataset)" ? "dataset fields" : c.key}</strong>
                {orgOf(c) ? <span className="tag tag-org">organisation data</span> : null}
                {c.fields.length ? (
                  <ul className="wc-fields">
                    {c.fields.map((f) => (
                      <li key={f.field} data-field={f.field}>
                        <code>{f.field}</code>: {showValue(f.old)} → {showValue(f.new)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {c.sources.length || c.status ? (
                  <span className="answer-note">
                    {c.sources.length ? `sources ${c.sources.join(", ")}` : ""}
                    {c.sources.length && c.status ? " · " : ""}
                    {c.status ? `status ${c.status}` : ""}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function DataPanel({ pack, stamp, inExcel, onBack, onRecalc }: { pack: PackState; stamp: DataStamp | null; inExcel: boolean; onBack(): void; onRecalc(): void }) {
  const loading = packLoading();
  const [check, setCheck] = useState<{ busy: boolean; text?: string }>({ busy: false });
  const current = stampOf(pack, new Date());
  // What to compare the active data with: the workbook's data when it differs, else the bundled pack.
  const base: { label: string; stamp?: DataStamp } =
    inExcel && stamp && !sameData(stamp, current)
      ? { label: `this workbook's data (${dataLabel(stamp)})`, stamp }
      : inExcel && stamp?.earlier
        ? { label: `the earlier data some cells may hold (${dataLabel(stamp.earlier)})`, stamp: stamp.earlier }
        : { label: `the bundled pack ${BUNDLED_HEADER.version}` };
  const [diff, setDiff] = useState<{ changes?: RecordChange[]; error?: string }>({});
  const key = `${base.stamp?.sha256 ?? "bundled"}|${base.stamp?.overlay?.sha256 ?? ""}|${pack.sha256}|${pack.overlay?.sha256 ?? ""}|${pack.origin}`;
  useEffect(() => {
    let live = true;
    setDiff({});
    const recorded: Promise<Datasets> = base.stamp
      ? loading
        ? readRecorded(base.stamp)
        : Promise.reject(new Error("the add-in's functions are not loaded in this page"))
      : Promise.resolve(BUNDLED_DATASETS as Datasets);
    recorded.then(
      (before) => live && setDiff({ changes: diffDatasets(before, activeDatasets() as Datasets) }),
      (e: unknown) => live && setDiff({ error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [key]); // keyed by the data's hashes

  const onCheck = () => {
    if (!loading || check.busy) return;
    const before = `${pack.version}|${pack.sha256}|${pack.overlay?.sha256 ?? ""}`;
    setCheck({ busy: true });
    loading.refresh(true).then(
      (st) => {
        const s = st as PackState;
        const after = `${s.version}|${s.sha256}|${s.overlay?.sha256 ?? ""}`;
        const text = s.notice
          ? `Checked: the host's data could not be used (see above). In use: ${dataLabel(stampOf(s, new Date()))}.`
          : after === before
            ? `Checked: ${dataLabel(stampOf(s, new Date()))} is the newest data the host publishes.`
            : `Updated to ${dataLabel(stampOf(s, new Date()))}. Recalculate the workbook to bring every result to it.`;
        setCheck({ busy: false, text });
      },
      (e: unknown) => setCheck({ busy: false, text: `The check failed: ${e instanceof Error ? e.message : String(e)}` }),
    );
  };

  const orgOf = (c: RecordChange) => !!orgRecord(c.dataset, c.key);
  const overlayRecords = pack.overlay ? [...pack.overlay.records.values()] : [];
  return (
    <section aria-labelledby="data-heading" data-testid="data-panel">
      <div className="sticky-back">
        <Button size="small" onClick={onBack}>
          ← Back
        </Button>
      </div>
      <h2 id="data-heading" tabIndex={-1} style={{ fontSize: 16, margin: "6px 0" }}>
        Data
      </h2>
      <table className="kv" data-testid="data-active">
        <tbody>
          <tr>
            <th scope="row">Data pack</th>
            <td data-testid="data-version">{pack.version}</td>
          </tr>
          <tr>
            <th scope="row">From</th>
            <td data-testid="data-origin">{packOriginText(pack)}</td>
          </tr>
          <tr>
            <th scope="row">Compiled</th>
            <td>{pack.compiled}</td>
          </tr>
          <tr>
            <th scope="row">Statuses confirmed to</th>
            <td data-testid="data-horizons">
              <Horizons pack={pack} />
            </td>
          </tr>
          <tr>
            <th scope="row">Organisation data</th>
            <td data-testid="data-overlay">
              {pack.overlay
                ? `${pack.overlay.organisation}, overlay ${pack.overlay.version} (${pack.overlay.file}, SHA-256 ${pack.overlay.sha256.slice(0, 12)}…): ${overlayRecords.length} record${overlayRecords.length === 1 ? "" : "s"}, ${overlayRecords.filter((r) => r.replaced).length} replacing built-in ones`
                : "none"}
            </td>
          </tr>
          <tr>
            <th scope="row">Host last asked</th>
            <td>{when(pack.checkedAt)}</td>
          </tr>
        </tbody>
      </table>
      {pack.notice ? (
        <MessageBar intent="warning" layout="multiline" style={{ margin: "6px 0" }}>
          <MessageBarBody>{pack.notice}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className="detail-actions">
        <Button size="small" onClick={onCheck} disabled={!loading || check.busy} data-testid="check-update">
          Check for data update
        </Button>
        {inExcel ? (
          <Button size="small" onClick={onRecalc} data-testid="recalc">
            Recalculate workbook
          </Button>
        ) : null}
      </div>
      <Text as="p" block size={200} role="status" aria-live="polite" data-testid="check-status">
        {check.busy ? <Spinner size="tiny" label="Asking the add-in's host…" /> : (check.text ?? (loading ? "" : "Checking needs the add-in's functions, which are not loaded in this page."))}
      </Text>
      {inExcel ? (
        <Text as="p" block size={200} data-testid="data-workbook">
          {stamp
            ? `This workbook was computed with ${dataLabel(stamp)} (since ${when(stamp.since)})${stamp.earlier ? `; some cells may still hold results of ${dataLabel(stamp.earlier)}` : ""}.`
            : "No TRADE function has calculated in this workbook with the add-in yet."}
        </Text>
      ) : null}
      <h3 className="detail-h3" id="what-changed">
        What changed
      </h3>
      <Text as="p" block size={200}>
        From {base.label} to the active data ({dataLabel(current)}).
      </Text>
      {diff.error ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>The earlier data could not be read: {diff.error}</MessageBarBody>
        </MessageBar>
      ) : !diff.changes ? (
        <Spinner size="tiny" label="Comparing…" />
      ) : diff.changes.length === 0 ? (
        <Text as="p" block size={200} data-testid="what-changed-none">
          No difference.
        </Text>
      ) : (
        <>
          <Text as="p" block size={200} data-testid="what-changed-count">
            {diff.changes.filter((c) => c.list !== "(dataset)").length} records: {diff.changes.filter((c) => c.change === "added").length} added,{" "}
            {diff.changes.filter((c) => c.change === "changed" && c.list !== "(dataset)").length} changed, {diff.changes.filter((c) => c.change === "removed").length} removed
            {diff.changes.some((c) => c.list === "(dataset)") ? "; and dataset fields" : ""}.
          </Text>
          <ChangeList changes={diff.changes} orgOf={orgOf} />
        </>
      )}
    </section>
  );
}

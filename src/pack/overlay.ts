/**
 * An organisation's overlay merged onto a pack: each overlay record replaces the pack's record with
 * the same key (RECORD_KEYS: id, iso2, symbol, code; importer + code for partner lines) or is added.
 * The result remembers every record the overlay supplied and the built-in record it replaced, so
 * that every answer using one can say "organisation data" with its source and name what it replaced.
 * The merged datasets are then checked like any pack (check.ts).
 *
 * Pure: no DOM, no Office.
 */
import type { Datasets, OrgRecord, OverlayFile, OverlayInfo } from "../core/pack/format";
import { RECORD_KEYS, recordKey } from "./files";

export type { OrgRecord, OverlayInfo };

/** The datasets with the overlay's records merged in (new objects; the inputs are not changed) and the overlay's record index. */
export function mergeOverlay(base: Datasets, overlay: OverlayFile, meta: { sha256: string; file: string }): { datasets: Datasets; info: OverlayInfo } {
  const datasets: Datasets = { ...base };
  const records = new Map<string, OrgRecord>();
  for (const [name, lists] of Object.entries(overlay.datasets)) {
    const doc = { ...(base[name] as Record<string, unknown>) };
    for (const [list, items] of Object.entries(lists)) {
      if (!RECORD_KEYS[name]?.[list] || !Array.isArray(items)) continue;
      const current = Array.isArray(doc[list]) ? [...(doc[list] as Record<string, unknown>[])] : [];
      const at = new Map<string, number>();
      current.forEach((r, i) => {
        const k = recordKey(name, list, r);
        if (k !== undefined && !at.has(k)) at.set(k, i);
      });
      for (const rec of items as Record<string, unknown>[]) {
        const key = recordKey(name, list, rec);
        if (key === undefined) continue;
        const i = at.get(key);
        const entry: OrgRecord = { dataset: name, list, key, record: rec };
        if (i !== undefined) {
          entry.replaced = current[i];
          current[i] = rec;
        } else {
          at.set(key, current.length);
          current.push(rec);
        }
        records.set(`${name} ${key}`, entry);
      }
      doc[list] = current;
    }
    datasets[name] = doc;
  }
  const sources = ((overlay.datasets.sources?.records ?? []) as Record<string, unknown>[]).slice();
  return {
    datasets,
    info: {
      organisation: overlay.organisation,
      version: overlay.version,
      description: overlay.description,
      sha256: meta.sha256,
      file: meta.file,
      sources,
      records,
    },
  };
}

/** "instruments MOFCOM-61-2025"-style keys of the overlay's records, for the checks that skip organisation records. */
export function orgRecordKeys(info: OverlayInfo | undefined): Set<string> {
  return new Set(info ? [...info.records.keys()] : []);
}

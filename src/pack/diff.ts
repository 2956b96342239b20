/**
 * What changed between two sets of datasets (a workbook's recorded data and the active data):
 * records added, changed and removed, per dataset and keyed list, and for a changed record every
 * field that differs (down to the leaf: "suspensions.0.to: 2026-11-10 → 2027-11-10"), with the
 * record's sources and status. Dataset-level fields (a horizon, a description) are reported as
 * changes of the dataset itself.
 *
 * Pure: no DOM, no Office.
 */
import type { Datasets } from "../core/pack/format";
import { RECORD_KEYS, recordKey } from "./files";
import { jsonEqual } from "./json";

export interface FieldChange {
  /** Dotted path inside the record ("to", "suspensions.0.to", "events"). */
  field: string;
  old: unknown;
  new: unknown;
}

export interface RecordChange {
  dataset: string;
  /** "records", "lines", "importers", "products", or "(dataset)" for the dataset's own fields. */
  list: string;
  key: string;
  change: "added" | "removed" | "changed";
  /** The fields that differ (changed records and dataset fields only). */
  fields: FieldChange[];
  /** The sources and status of the record as it is now (as it was, for a removed one). */
  sources: readonly string[];
  status?: string;
}

function leafDiff(a: unknown, b: unknown, path: string, out: FieldChange[]): void {
  if (jsonEqual(a, b)) return;
  const bothObjects = a && b && typeof a === "object" && typeof b === "object" && Array.isArray(a) === Array.isArray(b);
  // Arrays of the same length are compared element by element; otherwise the whole value is the change.
  if (bothObjects && (!Array.isArray(a) || (a as unknown[]).length === (b as unknown[]).length)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) leafDiff((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k, out);
    return;
  }
  out.push({ field: path, old: a, new: b });
}

function provenance(rec: Record<string, unknown>): { sources: string[]; status?: string } {
  const sources = Array.isArray(rec.sources) ? (rec.sources as unknown[]).filter((s): s is string => typeof s === "string") : [];
  const status = typeof rec.status === "string" ? rec.status : typeof rec.confidence === "string" ? rec.confidence : undefined;
  return { sources, status };
}

/** Every change from `before` to `after`, datasets in name order, records in key order. */
export function diffDatasets(before: Datasets, after: Datasets): RecordChange[] {
  const out: RecordChange[] = [];
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const name of names) {
    const a = (before[name] ?? {}) as Record<string, unknown>;
    const b = (after[name] ?? {}) as Record<string, unknown>;
    const lists = RECORD_KEYS[name] ?? { records: ["id"] };
    // The dataset's own fields.
    const own: FieldChange[] = [];
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (k in lists) continue;
      leafDiff(a[k], b[k], k, own);
    }
    if (own.length) out.push({ dataset: name, list: "(dataset)", key: name, change: "changed", fields: own, sources: [] });
    for (const list of Object.keys(lists)) {
      const index = (doc: Record<string, unknown>) => {
        const m = new Map<string, Record<string, unknown>>();
        for (const r of (Array.isArray(doc[list]) ? doc[list] : []) as Record<string, unknown>[]) {
          const k = recordKey(name, list, r);
          if (k !== undefined && !m.has(k)) m.set(k, r);
        }
        return m;
      };
      const ia = index(a);
      const ib = index(b);
      const keys = [...new Set([...ia.keys(), ...ib.keys()])].sort((x, y) => x.localeCompare(y));
      for (const key of keys) {
        const ra = ia.get(key);
        const rb = ib.get(key);
        if (ra && rb) {
          if (jsonEqual(ra, rb)) continue;
          const fields: FieldChange[] = [];
          leafDiff(ra, rb, "", fields);
          out.push({ dataset: name, list, key, change: "changed", fields, ...provenance(rb) });
        } else if (rb) out.push({ dataset: name, list, key, change: "added", fields: [], ...provenance(rb) });
        else if (ra) out.push({ dataset: name, list, key, change: "removed", fields: [], ...provenance(ra) });
      }
    }
  }
  return out;
}

/** A value for one line of text: strings as they are, others as compact JSON, cut to `max` characters. */
export function showValue(v: unknown, max = 120): string {
  if (v === undefined) return "(none)";
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > max ? s.slice(0, max - 1) + "…" : s;
}

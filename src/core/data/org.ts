/**
 * Organisation data: records an organisation's overlay added to or amended in the active pack
 * (src/pack/overlay.ts). Every answer that uses one says so, names the overlay's sources and,
 * where the record replaced a built-in one, what the built-in data said.
 *
 * Pure: no DOM, no Office.
 */
import { orgRecord, packState } from "./active";
import { getSource } from "./sources";

export interface OrgMark {
  organisation: string;
  /** The record's key ("MOFCOM-61-2025", "TH-MFN-850511"). */
  key: string;
  /** The overlay's own sources the record cites (ids). */
  sources: readonly string[];
  /** The built-in record it replaced; undefined when the overlay added it. */
  replaced?: Readonly<Record<string, unknown>>;
}

/** The mark of an organisation record of the active pack, or undefined for built-in data. */
export function orgMark(dataset: string, key: string): OrgMark | undefined {
  const r = orgRecord(dataset, key);
  const overlay = packState().overlay;
  if (!r || !overlay) return undefined;
  const own = new Set(overlay.sources.map((s) => String(s.id)));
  const cited = Array.isArray(r.record.sources) ? (r.record.sources as unknown[]).filter((s): s is string => typeof s === "string") : [];
  return { organisation: overlay.organisation, key, sources: cited.filter((s) => own.has(s)), replaced: r.replaced };
}

/** A built-in record in a few words: its rate, window and status where it has them ("rate 5%, 2025-01-01 to open, confirmed-2nd"). */
export function recordSummary(rec: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  if ("rate_pct" in rec) parts.push(rec.rate_pct === null ? "rate not sourced" : `rate ${String(rec.rate_pct)}%`);
  if (typeof rec.from === "string") parts.push(`${rec.from} to ${typeof rec.to === "string" ? rec.to : "open"}`);
  if (typeof rec.status === "string") parts.push(rec.status);
  return parts.join(", ");
}

/** The organisation's record and what it replaced: "organisation data (...), replacing the built-in record X (rate 5%, ...)". */
export function orgRowText(mark: OrgMark): string {
  if (!mark.replaced) return `${orgText(mark)}, not in the built-in data`;
  const summary = recordSummary(mark.replaced);
  return `${orgText(mark)}, replacing the built-in record ${mark.key}${summary ? ` (${summary})` : ""}`;
}

/** "organisation data (Contoso compliance desk; source ORG-1: Broker schedule 2026, Siam Customs Brokers, 2026-11-20)". */
export function orgText(mark: OrgMark): string {
  const src = mark.sources
    .map((id) => {
      const s = getSource(id);
      return s ? `${id}: ${[s.title, s.publisher, s.date].filter(Boolean).join(", ")}` : id;
    })
    .join("; ");
  return `organisation data (${mark.organisation}${src ? `; source ${src}` : ""})`;
}

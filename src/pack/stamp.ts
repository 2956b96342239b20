/**
 * What a workbook records about the data its TRADE results were computed with: the pack version
 * and SHA-256, the overlay's SHA-256 and where they came from. The Office side stores it in the
 * workbook's add-in settings (never in a cell) when functions compute; the pane compares it with
 * the active data and says when they differ.
 *
 * Pure: no DOM, no Office.
 */
import type { PackState } from "../core/data/active";

export interface DataStamp {
  version: string;
  /** SHA-256 of the pack file; null for a bundled pack outside a build. */
  sha256: string | null;
  /** The published file name ("pack-2026.12.15.json"), to read it again for "What changed". */
  file?: string;
  origin: string;
  overlay?: { sha256: string; file: string; organisation: string; version: string };
  /** When results were first computed with this data (ISO date-time). */
  since: string;
  /**
   * Set when some results may still come from earlier data: functions recalculated with this data
   * while other cells kept values computed with `earlier`, until the whole workbook is recalculated.
   */
  earlier?: Omit<DataStamp, "earlier">;
}

/** The stamp for the active pack. */
export function stampOf(state: PackState, now: Date): DataStamp {
  const s: DataStamp = { version: state.version, sha256: state.sha256, origin: state.origin, since: now.toISOString() };
  if (state.file) s.file = state.file;
  if (state.overlay) s.overlay = { sha256: state.overlay.sha256, file: state.overlay.file, organisation: state.overlay.organisation, version: state.overlay.version };
  return s;
}

/** The same data: same pack (by hash, else by version) and the same overlay (or none). */
export function sameData(a: Pick<DataStamp, "version" | "sha256" | "overlay">, b: Pick<DataStamp, "version" | "sha256" | "overlay">): boolean {
  const pack = a.sha256 && b.sha256 ? a.sha256 === b.sha256 : a.version === b.version;
  return pack && (a.overlay?.sha256 ?? null) === (b.overlay?.sha256 ?? null);
}

/**
 * The stamp to store after functions computed with `state`: unchanged (null) when the stored one
 * already names this data; else this data, remembering the earlier data some cells may still hold.
 * `fullRecalc`: the whole workbook was just recalculated, so no cell holds earlier data.
 */
export function nextStamp(stored: DataStamp | null, state: PackState, now: Date, fullRecalc = false): DataStamp | null {
  const current = stampOf(state, now);
  if (stored && sameData(stored, current)) {
    if (fullRecalc && stored.earlier) {
      const { earlier: _dropped, ...rest } = stored;
      void _dropped;
      return rest;
    }
    return null;
  }
  if (!stored || fullRecalc) return current;
  const { earlier, ...prev } = stored;
  return { ...current, earlier: earlier ?? prev };
}

/** Reads a stored stamp (settings give back what was stored, or anything else); null when it is not one. */
export function parseStamp(v: unknown): DataStamp | null {
  if (!v || typeof v !== "object") return null;
  const o = v as Record<string, unknown>;
  if (typeof o.version !== "string" || (o.sha256 !== null && typeof o.sha256 !== "string") || typeof o.since !== "string") return null;
  return o as unknown as DataStamp;
}

/** "2026.11.30" or "2026.12.15 + organisation overlay Contoso 2026-12-07.1". */
export function dataLabel(s: Pick<DataStamp, "version" | "overlay">): string {
  return s.overlay ? `${s.version} + organisation overlay ${s.overlay.organisation} ${s.overlay.version}` : s.version;
}

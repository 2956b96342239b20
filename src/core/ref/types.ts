/**
 * The shapes behind TRADE.REF / TRADE.FIELDS and the task pane's search: an
 * entity (anything REF can look up), its kind, its fields and one figure with
 * its provenance. Types only, plus the UnknownField sentinel, so the kinds in
 * ./kinds and the registry in ./registry.ts share them without importing each other.
 *
 * Pure: no DOM, no Office.
 */
import type { Status } from "../data/pack";

/** One value REF can return, with its provenance. */
export interface Figure {
  /** The value: a number, text, boolean; null = not available (REF gives #N/A with `note`). */
  value: number | string | boolean | null;
  /** Source ids (sources.json). */
  sources?: readonly string[];
  status?: Status;
  /** Edition / vintage, e.g. "MCS 2026". */
  edition?: string;
  /** Data year the figure is for. */
  year?: number;
  /** True when the source marks the figure as an estimate (e.g. USGS "e"). */
  estimated?: boolean;
  /** Free text: caveats, what NA means, what a qualifier means. */
  note?: string;
  /** ">" for a lower bound, "E" for USGS net exporter, "range"... (value is then text as the source prints it). */
  qualifier?: string;
  /** For date-dependent figures: the ISO date the answer applies to. */
  asOf?: string;
}

/** One field of an entity, for TRADE.FIELDS and the field browser. */
export interface FieldDef {
  field: string;
  description: string;
  /** Unit ("t REO", "USD/kg", "fraction", "text", "date", ...). */
  unit: string;
  /** What the optional year_or_date argument means for this field. */
  time?: "none" | "year" | "date";
  /** Editions that report this field (for the docs and the field browser). */
  editions?: readonly string[];
}

/** What REF passes to a field getter. */
export interface RefQuery {
  /** Data year (from a year argument, or the year of a date argument). */
  year?: number;
  /** Excel date serial (from a date argument, or undefined for a bare year). */
  date?: number;
  /** True when the argument was a bare year (so `date` is undefined). */
  yearOnly?: boolean;
  /** Requested edition, as the user typed it. */
  edition?: string;
}

export interface Entity {
  kind: string;
  /** Stable id within the kind (e.g. "CN", "Dy", "850511"). */
  id: string;
  /** Human label (e.g. "China", "Dysprosium"). */
  label: string;
  /** Alternative names for search (optional). */
  aliases?: readonly string[];
}

export interface EntityKind {
  /** Short name, e.g. "country"; also accepted as a prefix: "country:CN". */
  kind: string;
  /** Plural label for the task pane, e.g. "Countries". */
  label: string;
  /**
   * Finds an entity by text (already trimmed; compare case/space-insensitively).
   * Returns a match score: 3 = exact code in its canonical case, 2 = exact code or
   * name/alias in any case, 1 = weaker (e.g. prefix match of a numeric code).
   */
  find(text: string): { entity: Entity; score: number } | undefined;
  /** Every entity of the kind (for search and docs). */
  all(): readonly Entity[];
  /** The fields an entity of this kind has (only those with data for it). */
  fields(entity: Entity): readonly FieldDef[];
  /** The value of one field; throws a TradeError (#N/A) when there is no data. `field` is lower-case. */
  get(entity: Entity, field: string, query: RefQuery): Figure;
  /** Names and codes offered as "close matches" in messages (defaults to ids and labels). */
  names?(): readonly string[];
}

/** Sentinel thrown by a getter for a field it does not have (REF turns it into the close-match message). */
export class UnknownField extends Error {
  constructor(readonly field: string) {
    super(`unknown field ${field}`);
  }
}

/** Provenance attributes available on every figure field as "<field>.<attr>". */
export const FIGURE_ATTRS = ["source", "sources", "status", "edition", "year", "estimated", "note", "qualifier", "as_of"] as const;
export type FigureAttr = (typeof FIGURE_ATTRS)[number];

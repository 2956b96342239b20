/**
 * The data pack's identity (version, horizon) and the entity registry behind
 * TRADE.REF / TRADE.FIELDS and the task pane's search.
 *
 * An entity is anything REF can look up: a country, an element, a priced product,
 * an HS line, an instrument, an HTS line... Each *kind* of entity registers itself
 * here with `registerEntityKind` from its own module (countries.ts, elements.ts,
 * prices.ts, hs.ts in this folder; instruments and HTS lines from the China-rule
 * and tariff modules). Modules register at import time; `ensureBuiltinKinds()`
 * (see ./index.ts) imports the built-in ones.
 *
 * Lookups: every kind keeps its own Maps (built lazily on first use). The
 * registry asks each kind in turn (a handful of Map lookups per call) and ranks
 * the candidates; no table is scanned per call.
 *
 * Pure: no DOM, no Office.
 */
import { TradeError, naError, valueError } from "../errors";

/** Version of the reference data pack (date of the last data change, YYYY.MM.DD). */
export const DATA_VERSION = "2026.11.30";

/**
 * The data horizon: the last date up to which the pack's statuses are confirmed
 * from public sources. Public sources "become sparse after
 * about May 2026"; the last dated confirmed events are the 2026-05-14/15 Trump–Xi
 * summit reports and the USGS MCS 2026 v1.3 repost of 2026-05-27. After this date
 * every status is UNCONFIRMED (e.g. the end of the Ann. 70 suspension on 2026-11-10).
 */
export const DATA_HORIZON = "2026-05-31";

/** The date the pack was compiled from the reference documents. */
export const DATA_COMPILED = "2026-11-30";

/** Confirmation status of a figure, as labelled in the reference documents. */
export type Status = "confirmed" | "confirmed-2nd" | "unconfirmed" | "derived";

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

const kinds = new Map<string, EntityKind>();
const order: EntityKind[] = [];

/** Registers (or replaces) an entity kind. Call once at module load. */
export function registerEntityKind(k: EntityKind): void {
  const key = k.kind.toLowerCase();
  const old = kinds.get(key);
  if (old) order.splice(order.indexOf(old), 1);
  kinds.set(key, k);
  order.push(k);
  nameCache = null;
  fieldCache.clear();
}

export function entityKinds(): readonly EntityKind[] {
  return order;
}

export function getEntityKind(kind: string): EntityKind | undefined {
  return kinds.get(kind.toLowerCase());
}

/** Canonical form for case/space-insensitive matching: lower case, runs of white space/_/- → one space, trimmed. */
export function normKey(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\s_]+/g, " ")
    .trim();
}

/**
 * All candidate entities for a text, best first (score, then registration
 * order). "kind:text" restricts to one kind.
 */
export function resolveEntities(text: string): Entity[] {
  const t = text.trim();
  if (t === "") return [];
  const colon = t.indexOf(":");
  if (colon > 0) {
    const k = kinds.get(t.slice(0, colon).trim().toLowerCase());
    if (k) {
      const hit = k.find(t.slice(colon + 1).trim());
      return hit ? [hit.entity] : [];
    }
  }
  const hits: { entity: Entity; score: number; rank: number }[] = [];
  for (let i = 0; i < order.length; i++) {
    const hit = order[i].find(t);
    if (hit) hits.push({ ...hit, rank: i });
  }
  hits.sort((a, b) => b.score - a.score || a.rank - b.rank);
  return hits.map((h) => h.entity);
}

/** The best entity for a text, or undefined. */
export function resolveEntity(text: string): Entity | undefined {
  return resolveEntities(text)[0];
}

/** Every entity of every kind (for the task pane's search index). */
export function allEntities(): Entity[] {
  const out: Entity[] = [];
  for (const k of order) for (const e of k.all()) out.push(e);
  return out;
}

const fieldCache = new Map<string, readonly FieldDef[]>();

/** The fields of an entity (memoised per entity: the pack does not change at run time). */
export function fieldsOf(entity: Entity): readonly FieldDef[] {
  const key = `${entity.kind}\u0000${entity.id}`;
  let f = fieldCache.get(key);
  if (!f) {
    const k = kinds.get(entity.kind.toLowerCase());
    f = k ? k.fields(entity) : [];
    fieldCache.set(key, f);
  }
  return f;
}

/** Provenance attributes available on every figure field as "<field>.<attr>". */
export const FIGURE_ATTRS = ["source", "sources", "status", "edition", "year", "estimated", "note", "qualifier", "as_of"] as const;
export type FigureAttr = (typeof FIGURE_ATTRS)[number];

/** Reads a provenance attribute of a figure as a cell value. */
export function figureAttr(f: Figure, attr: FigureAttr, formatSource: (id: string) => string): number | string | boolean {
  switch (attr) {
    case "source":
      return (f.sources ?? []).map(formatSource).join("; ");
    case "sources":
      return (f.sources ?? []).join(", ");
    case "status":
      return f.status ?? "";
    case "edition":
      return f.edition ?? "";
    case "year":
      return f.year ?? "";
    case "estimated":
      return !!f.estimated;
    case "note":
      return f.note ?? "";
    case "qualifier":
      return f.qualifier ?? "";
    case "as_of":
      return f.asOf ?? "";
  }
}

// ---------------------------------------------------------------------------
// Close matches (messages for unknown entities and fields)

let nameCache: string[] | null = null;

function allNames(): string[] {
  if (nameCache) return nameCache;
  const set = new Set<string>();
  for (const k of order) {
    const names = k.names ? k.names() : k.all().flatMap((e) => [e.id, e.label]);
    for (const n of names) set.add(n);
  }
  nameCache = [...set];
  return nameCache;
}

/** Levenshtein distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Up to `n` candidates closest to `text` (case-insensitive edit distance, prefix matches first). */
export function closeMatches(text: string, candidates: readonly string[], n = 3): string[] {
  const t = normKey(text);
  const max = Math.max(2, Math.floor(t.length / 3));
  const scored: { c: string; d: number }[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const k = normKey(c);
    if (seen.has(k)) continue;
    let d = editDistance(t, k, max);
    if (d > max && t.length >= 3 && k.startsWith(t)) d = max; // a typed prefix of a long name
    if (d > max && commonPrefix(t, k) >= Math.max(4, Math.ceil(t.length * 0.6))) d = max; // "atomic_nr" → "atomic_number"
    if (d <= max) {
      seen.add(k);
      scored.push({ c, d });
    }
  }
  scored.sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c));
  return scored.slice(0, n).map((s) => s.c);
}

function didYouMean(matches: readonly string[]): string {
  return matches.length ? `; did you mean ${matches.map((m) => `"${m}"`).join(", ")}?` : "";
}

/** The #N/A for an unknown entity text, naming close matches. */
export function unknownEntityError(text: string): TradeError {
  const hint = didYouMean(closeMatches(text, allNames()));
  const kindsList = order.map((k) => k.kind).join(", ");
  return naError(`entity: "${text}" is not in the data pack (kinds: ${kindsList})${hint || "; TRADE.FIELDS lists an entity's fields"}`);
}

/** The #N/A for an unknown field of an entity, naming close matches. */
export function unknownFieldError(entity: Entity, field: string): TradeError {
  const names = fieldsOf(entity).map((f) => f.field);
  const m = closeMatches(field, names);
  const list = m.length ? didYouMean(m) : `; fields: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", ..." : ""}`;
  return naError(`field: "${field}" is not a field of ${entity.kind} ${entity.label}${list}`);
}

/**
 * Picks an edition among those available. `requested` may be "MCS 2025",
 * "mcs2025", "2025" (matches the edition whose name contains the number) or
 * undefined (→ undefined, the caller's default). Throws #N/A naming the options.
 */
export function matchEdition(requested: string | undefined, available: readonly string[], arg = "edition"): string | undefined {
  if (requested === undefined) return undefined;
  const key = normKey(requested).replace(/ /g, "");
  for (const e of available) if (normKey(e).replace(/ /g, "") === key) return e;
  if (/^\d{4}$/.test(key)) {
    const hits = available.filter((e) => new RegExp(`(^|\\D)${key}(\\D|$)`).test(e));
    if (hits.length === 1) return hits[0];
  }
  throw naError(`${arg}: "${requested}" is not an edition of this figure; use ${available.map((e) => `"${e}"`).join(", ") || "(none)"}`);
}

export { valueError };

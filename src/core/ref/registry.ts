/**
 * The entity registry behind TRADE.REF / TRADE.FIELDS and the task pane's
 * search, over the kinds listed in ./kinds/index.ts (that list is the only
 * place a kind is named; nothing registers itself on import).
 *
 * Lookups: every kind keeps its own Maps (built lazily on first use). The
 * registry asks each kind in turn (a handful of Map lookups per call) and ranks
 * the candidates; no table is scanned per call.
 *
 * Pure: no DOM, no Office.
 */
import { packState, perPack } from "../data/active";
import { TradeError, naError } from "../errors";
import { closeMatches, matchIndex } from "../data/pack";
import { clip } from "../input";
import { ENTITY_KINDS } from "./kinds";
import type { Entity, EntityKind, FieldDef, Figure, FigureAttr } from "./types";

const byName = new Map<string, EntityKind>(ENTITY_KINDS.map((k) => [k.kind.toLowerCase(), k]));

/** Every entity kind, in priority order (ties between equal scores go to the earlier kind). */
export function entityKinds(): readonly EntityKind[] {
  return ENTITY_KINDS;
}

export function getEntityKind(kind: string): EntityKind | undefined {
  return byName.get(kind.toLowerCase());
}

/**
 * All candidate entities for a text, best first (score, then kind order).
 * "kind:text" restricts to one kind.
 */
export function resolveEntities(text: string): Entity[] {
  const t = text.trim();
  if (t === "") return [];
  const colon = t.indexOf(":");
  if (colon > 0) {
    const k = byName.get(t.slice(0, colon).trim().toLowerCase());
    if (k) {
      const hit = k.find(t.slice(colon + 1).trim());
      return hit ? [hit.entity] : [];
    }
  }
  const hits: { entity: Entity; score: number; rank: number }[] = [];
  for (let i = 0; i < ENTITY_KINDS.length; i++) {
    const hit = ENTITY_KINDS[i].find(t);
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
  for (const k of ENTITY_KINDS) for (const e of k.all()) out.push(e);
  return out;
}

const fieldCacheOf = perPack(() => new Map<string, readonly FieldDef[]>());

/** The fields of an entity (memoised per entity and data pack). */
export function fieldsOf(entity: Entity): readonly FieldDef[] {
  const key = `${entity.kind}\u0000${entity.id}`;
  const fieldCache = fieldCacheOf();
  let f = fieldCache.get(key);
  if (!f) {
    const k = getEntityKind(entity.kind);
    f = k ? k.fields(entity) : [];
    fieldCache.set(key, f);
  }
  return f;
}

/** Reads a provenance attribute of a figure as a cell value. */
export function figureAttr(f: Figure, attr: FigureAttr, formatSource: (id: string) => string): number | string | boolean {
  switch (attr) {
    case "source":
      return (f.sources ?? []).map(formatSource).join("; ");
    case "sources":
      return (f.sources ?? []).join(", ");
    case "status": {
      // A figure that cites an organisation's source comes from its overlay: say so, with the status it gives.
      const org = orgSources();
      if (org.size && (f.sources ?? []).some((s) => org.has(s))) return `organisation data (${packState().overlay!.organisation})${f.status ? `; ${f.status}` : ""}`;
      return f.status ?? "";
    }
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

/** Ids of the sources the active pack's overlay brought. */
const orgSources = perPack(() => new Set((packState().overlay?.sources ?? []).map((s) => String(s.id))));

// ---------------------------------------------------------------------------
// Close matches (messages for unknown entities and fields)

/** Every entity name and code, prepared for close-match searches once per data pack. */
const allNames = perPack(() => {
  const set = new Set<string>();
  for (const k of ENTITY_KINDS) {
    const names = k.names ? k.names() : k.all().flatMap((e) => [e.id, e.label]);
    for (const n of names) set.add(n);
  }
  return matchIndex([...set]);
});

function didYouMean(matches: readonly string[]): string {
  return matches.length ? `; did you mean ${matches.map((m) => `"${m}"`).join(", ")}?` : "";
}

/**
 * Close-match searches for unknown entities allowed in one call of a worksheet function (REF, CARD,
 * FIELDS): a search costs about as much as a few hundred known lookups, so a column of unknown part
 * numbers must not pay it on every cell. Beyond the budget an unknown text's message has no
 * suggestion (and says why); answers already computed are reused from the per-pack cache.
 */
export const ENTITY_SUGGESTIONS_PER_CALL = 32;

/** What is left of a call's close-match budget (see ENTITY_SUGGESTIONS_PER_CALL). */
export interface SuggestionBudget {
  left: number;
}

export function suggestionBudget(): SuggestionBudget {
  return { left: ENTITY_SUGGESTIONS_PER_CALL };
}

/** Unknown entity texts already answered with their suggestion, bounded; per data pack. */
const unknownEntitiesOf = perPack(() => new Map<string, TradeError>());
const UNKNOWN_ENTITIES_MAX = 4096;

const KINDS_LIST = ENTITY_KINDS.map((k) => k.kind).join(", ");

function kindsList(): string {
  return KINDS_LIST;
}

/**
 * The #N/A for an unknown entity text (echoed, cut to 40 characters), naming close matches. With a
 * budget, the search runs only while the budget lasts; without one (a single value) it always runs.
 */
export function unknownEntityError(text: string, budget?: SuggestionBudget): TradeError {
  const cache = unknownEntitiesOf();
  const hit = cache.get(text);
  if (hit) return hit;
  const shown = clip(text);
  if (budget && budget.left <= 0) {
    return naError(
      `entity: "${shown}" is not in the data pack (kinds: ${kindsList()}); no close matches suggested beyond the first ${ENTITY_SUGGESTIONS_PER_CALL} unknown texts of one formula`,
    );
  }
  if (budget) budget.left--;
  const hint = didYouMean(closeMatches(text, allNames()));
  const e = naError(`entity: "${shown}" is not in the data pack (kinds: ${kindsList()})${hint || "; TRADE.FIELDS lists an entity's fields"}`);
  if (cache.size >= UNKNOWN_ENTITIES_MAX) cache.clear();
  cache.set(text, e);
  return e;
}

/** The #N/A for an unknown field of an entity, naming close matches. */
export function unknownFieldError(entity: Entity, field: string): TradeError {
  const names = fieldsOf(entity).map((f) => f.field);
  const m = closeMatches(field, names);
  const list = m.length ? didYouMean(m) : `; fields: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", ..." : ""}`;
  return naError(`field: "${field}" is not a field of ${entity.kind} ${entity.label}${list}`);
}

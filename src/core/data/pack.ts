/**
 * The data pack's identity (version, horizon), the status labels its records
 * carry, and the key matching every loader shares (case/space-insensitive keys,
 * edition choice, close matches for messages). The entity registry behind
 * TRADE.REF lives in ../ref.
 *
 * Pure: no DOM, no Office.
 */
import { naError, valueError } from "../errors";
import { packState } from "./active";

/** Version of the active data pack (date of its last data change, YYYY.MM.DD). */
export function dataVersion(): string {
  return packState().version;
}

/**
 * The data horizon of China's statuses in the active pack: the last date up to which they are
 * confirmed from public sources (instruments.json "horizon"). After it every status is
 * UNCONFIRMED (e.g. the end of the Ann. 70 suspension on 2026-11-10 in the 2026.11.30 pack).
 */
export function dataHorizon(): string {
  return packState().horizons.china;
}

/** The date the active pack was last compiled from its sources. */
export function dataCompiled(): string {
  return packState().compiled;
}

/** Confirmation status of a figure: confirmed (primary source), confirmed-2nd (secondary sources only), unconfirmed, or derived (computed from other figures of the pack). */
export type Status = "confirmed" | "confirmed-2nd" | "unconfirmed" | "derived";

/** The last normKey answer: resolving one text asks every entity kind, and each normalises it again. */
let lastKeyIn: string | undefined;
let lastKeyOut = "";

/** Canonical form for case/space-insensitive matching: lower case, runs of white space/_/- → one space, trimmed. */
export function normKey(text: string): string {
  if (text === lastKeyIn) return lastKeyOut;
  lastKeyOut = normKeyOf(text);
  lastKeyIn = text;
  return lastKeyOut;
}

function normKeyOf(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\s_]+/g, " ")
    .trim();
}

// ---------------------------------------------------------------------------
// Close matches (for messages naming what the user may have meant)

/** Two rows of the edit-distance table, reused between calls (grown on demand). */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Levenshtein distance, with an early exit once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (rowA.length <= b.length) {
    rowA = new Int32Array(b.length * 2 + 2);
    rowB = new Int32Array(b.length * 2 + 2);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      let v = prev[j - 1] + cost;
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * Candidates prepared for close-match searches: each name with its normKey, computed once
 * (normalising every candidate on every search was most of a search's cost). Duplicate keys are
 * kept once (the first name).
 */
export interface MatchIndex {
  readonly names: readonly string[];
  readonly keys: readonly string[];
}

export function matchIndex(candidates: readonly string[]): MatchIndex {
  const names: string[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    const k = normKey(c);
    if (seen.has(k)) continue;
    seen.add(k);
    names.push(c);
    keys.push(k);
  }
  return { names, keys };
}

/** Up to `n` candidates closest to `text` (case-insensitive edit distance, prefix matches first). */
export function closeMatches(text: string, candidates: readonly string[] | MatchIndex, n = 3): string[] {
  const idx = Array.isArray(candidates) ? matchIndex(candidates as readonly string[]) : (candidates as MatchIndex);
  const t = normKey(text);
  const max = Math.max(2, Math.floor(t.length / 3));
  const scored: { c: string; d: number }[] = [];
  const { names, keys } = idx;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    let d = editDistance(t, k, max);
    if (d > max && t.length >= 3 && k.startsWith(t)) d = max; // a typed prefix of a long name
    if (d > max && commonPrefix(t, k) >= Math.max(4, Math.ceil(t.length * 0.6))) d = max; // "atomic_nr" → "atomic_number"
    if (d <= max) scored.push({ c: names[i], d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.length - b.c.length || a.c.localeCompare(b.c));
  return scored.slice(0, n).map((s) => s.c);
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

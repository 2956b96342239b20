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

// ---------------------------------------------------------------------------
// Close matches (for messages naming what the user may have meant)

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

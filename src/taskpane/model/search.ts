/**
 * The task pane's search: one index over every kind of item (elements,
 * countries, HS/HTS lines, instruments, datasets, fields, functions,
 * templates), built once.
 *
 * Every word of the query must match the item (in any order), each against
 * the item's words: labels, codes and aliases (primary), descriptions, hints,
 * types, statuses (secondary), field names and kind keywords (weak). A word
 * matches a word of the index exactly, as a prefix, as the same stem
 * ("suspension" ~ "suspended"), or with one typo; codes and numbers and words
 * of four letters or fewer match only exactly or as a prefix, so "8505" never
 * brings 8501 lines and "HHI" or "USGS" never match by a typo.
 *
 * Speed: the index is an inverted word list (a sorted vocabulary with, per
 * word, the items that contain it and the best weight there), so a keystroke
 * costs one binary search per query word plus, for words of five letters or
 * more, one pass over the vocabulary for typos; per-word matches are cached,
 * so typing one more letter recomputes only the last word.
 *
 * Pure: no DOM, no Office, no React.
 */

export interface SearchItem {
  /** Unique key across the index, e.g. "entity:element:Dy". */
  key: string;
  /** Kind id, e.g. "element"; groups results. */
  kind: string;
  /** Group heading, e.g. "Elements". */
  kindLabel: string;
  label: string;
  /** Codes (exact or prefix match, dots and dashes ignored): symbols, ISO codes, HS codes, function ids. */
  codes?: readonly string[];
  /** Names and aliases. */
  names?: readonly string[];
  /** One line under the label. */
  hint?: string;
  /** Secondary text: descriptions, titles, types, statuses, units. */
  text?: readonly string[];
  /** Weak words: field names, kind keywords ("tariff" for HTS lines). */
  keywords?: readonly string[];
  /** Ties within a kind: lower first. */
  order?: number;
}

/** Weights of where a word was found. */
const W_LABEL = 1;
const W_NAME = 0.9;
const W_TEXT = 0.55;
const W_KEYWORD = 0.4;

/** Scores of how a query word matched an index word. */
const T_EXACT = 100;
const T_PREFIX = 70;
const T_STEM = 50;
const T_FUZZY = 30;

interface Entry {
  item: SearchItem;
  /** Normalised label and names, for whole-query bonuses. */
  names: string[];
  codes: string[];
}

export interface SearchIndex {
  entries: Entry[];
  kindOrder: Map<string, number>;
  /** Sorted vocabulary. */
  words: string[];
  /** Per word (same index as `words`): item index → best weight of the word in that item. */
  postings: Map<number, number>[];
  /** Code key → item indexes with that exact code. */
  codeMap: Map<string, number[]>;
  /** Normalised label/alias → item indexes. */
  nameMap: Map<string, number[]>;
  /** Per query word: item index → score (cache, cleared when it grows). */
  cache: Map<string, Map<number, number>>;
  /**
   * Per entry: its position in the tie-break order of hits with equal scores (kind order, then the
   * item's own order, then label by localeCompare), computed once with the index.
   */
  tieRank: Int32Array;
  /** Vocabulary indexes that loose (stem, typo) matching may consider: five letters or more, no digits. */
  looseWords: Int32Array;
}

export interface SearchHit {
  item: SearchItem;
  score: number;
}

export interface SearchGroup {
  kind: string;
  label: string;
  hits: SearchHit[];
  /** Hits beyond the per-group limit. */
  more: number;
}

/** Lower case, no diacritics, runs of spaces/underscores → one space. */
export function norm(s: string): string {
  return (/[^\x00-\x7f]/.test(s) ? s.normalize("NFKD") : s)
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
}

/** Code key: normalised, dots/spaces/dashes removed ("8505.11" = "850511"). */
export function codeKey(s: string): string {
  return norm(s).replace(/[.\s\-/]/g, "");
}

/**
 * Words that modellers type for what the data spells out, added to an item's
 * words wherever the phrase occurs (index side only, so queries stay literal).
 */
const SYNONYMS: readonly [RegExp, readonly string[]][] = [
  [/neodymium[\s-]+iron[\s-]+boron/, ["ndfeb", "neo"]],
  [/samarium[\s-]+cobalt/, ["smco"]],
  [/rare[\s-]+earths?/, ["ree", "rareearth"]],
  [/permanent magnet/, ["magnet"]],
  [/herfindahl/, ["hhi"]],
  [/\bhts\b|tariff schedule/, ["tariff", "duty"]],
  [/suspend/, ["suspension"]],
  [/announcement/, ["ann"]],
  [/ann\. /, ["announcement"]],
  [/united states\b/, ["usa"]],
];

/** Words of a text: letters/digits runs; dotted numbers ("8505.11.00") also as one code word. */
export function words(text: string, synonyms = true): string[] {
  const n = norm(text);
  const out: string[] = [];
  for (const raw of n.split(/[^a-z0-9.\u00c0-\uffff]+/)) {
    if (!raw) continue;
    const t = raw.replace(/^\.+|\.+$/g, "");
    if (!t) continue;
    if (/^[\d.]+$/.test(t)) {
      out.push(t.replace(/\./g, ""));
      continue;
    }
    for (const p of t.split(".")) if (p) out.push(p);
  }
  if (synonyms) for (const [re, extra] of SYNONYMS) if (re.test(n)) out.push(...extra);
  return out;
}

/** Query words: like index words, but code-like tokens ("8505.11", "MOFCOM-61-2025") stay whole. */
export function queryWords(q: string): string[] {
  const out: string[] = [];
  for (const raw of norm(q).split(/[\s,;()[\]"“”']+/)) {
    if (!raw) continue;
    if (/\d/.test(raw) && /^[a-z0-9.\-/]+$/.test(raw)) {
      // "8505.11.00.70" → "8505110070"; "61/2025" → "61", "2025"; "mofcom-61-2025" → its parts.
      if (/^[\d.]+$/.test(raw)) out.push(raw.replace(/\./g, ""));
      else for (const p of raw.split(/[\-/.]+/)) if (p) out.push(p);
      continue;
    }
    for (const p of raw.split(/[^a-z0-9\u00c0-\uffff]+/)) if (p) out.push(p);
  }
  return out;
}

export function buildIndex(items: readonly SearchItem[], kindOrder: readonly string[] = []): SearchIndex {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const vocab = new Map<string, Map<number, number>>();
  const codeMap = new Map<string, number[]>();
  const nameMap = new Map<string, number[]>();
  const add = (w: string, i: number, weight: number) => {
    let p = vocab.get(w);
    if (!p) vocab.set(w, (p = new Map()));
    if ((p.get(i) ?? 0) < weight) p.set(i, weight);
  };
  for (const item of items) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const i = entries.length;
    const names = [...new Set([item.label, ...(item.names ?? [])].map(norm).filter(Boolean))];
    const codes = [...new Set((item.codes ?? []).map(codeKey).filter(Boolean))];
    entries.push({ item, names, codes });
    for (const c of codes) {
      add(c, i, W_LABEL);
      const list = codeMap.get(c);
      if (list) list.push(i);
      else codeMap.set(c, [i]);
    }
    for (const n of names) {
      const list = nameMap.get(n);
      if (list) list.push(i);
      else nameMap.set(n, [i]);
    }
    // One text per weight (synonym rules run once per weight, not per string).
    for (const w of words([item.label, ...(item.codes ?? [])].join(" \u0001 "))) add(w, i, W_LABEL);
    if (item.names?.length) for (const w of words(item.names.join(" \u0001 "))) add(w, i, W_NAME);
    for (const w of words([...(item.text ?? []), item.hint ?? ""].join(" \u0001 "))) add(w, i, W_TEXT);
    for (const w of words([...(item.keywords ?? []), item.kindLabel].join(" \u0001 "), false)) add(w, i, W_KEYWORD);
  }
  const sorted = [...vocab.keys()].sort();
  // Precomputed once, so a keystroke neither runs localeCompare in its sort nor tests every word
  // of the vocabulary for digits.
  const kinds = new Map(kindOrder.map((k, i) => [k, i]));
  const tieRank = new Int32Array(entries.length);
  entries
    .map((_, i) => i)
    .sort((a, b) => compareTies(kinds, entries[a].item, entries[b].item))
    .forEach((i, r) => (tieRank[i] = r));
  const looseWords = Int32Array.from(sorted.flatMap((w, wi) => (isLoose(w) ? [wi] : [])));
  return {
    tieRank,
    looseWords,
    entries,
    kindOrder: kinds,
    words: sorted,
    postings: sorted.map((w) => vocab.get(w)!),
    codeMap,
    nameMap,
    cache: new Map(),
  };
}

/** True when a and b differ by at most one edit (insert, delete, substitute or swap of neighbours). */
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la || i === lb) return true;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function lowerBound(arr: readonly string[], x: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Order of hits with equal scores: kind order, then the item's own order, then label. */
function compareTies(order: ReadonlyMap<string, number>, a: SearchItem, b: SearchItem): number {
  return (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99) || (a.order ?? 0) - (b.order ?? 0) || a.label.localeCompare(b.label);
}

/** The k smallest items of `list` under `cmp`, in order (insertion into a short list for small k). */
function topK<T>(list: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (list.length <= k || k > 16) return list.sort(cmp).slice(0, k);
  const top: T[] = [];
  for (const x of list) {
    if (top.length === k) {
      if (cmp(x, top[k - 1]) >= 0) continue;
      top[k - 1] = x;
    } else top.push(x);
    for (let j = top.length - 1; j > 0 && cmp(top[j], top[j - 1]) < 0; j--) [top[j], top[j - 1]] = [top[j - 1], top[j]];
  }
  return top;
}

/** Whether a query word may match loosely (stem, typo): five letters or more, no digits. */
export function isLoose(t: string): boolean {
  return t.length >= 5 && !/\d/.test(t);
}

/** Item index → best score of one query word. */
function matchWord(index: SearchIndex, t: string): Map<number, number> {
  const cached = index.cache.get(t);
  if (cached) return cached;
  const out = new Map<number, number>();
  const put = (wi: number, tier: number) => {
    for (const [item, weight] of index.postings[wi]) {
      const s = tier * weight;
      if ((out.get(item) ?? 0) < s) out.set(item, s);
    }
  };
  const { words: vocab } = index;
  // Exact and prefix: a contiguous run of the sorted vocabulary.
  for (let wi = lowerBound(vocab, t); wi < vocab.length && vocab[wi].startsWith(t); wi++) {
    const w = vocab[wi];
    put(wi, w.length === t.length ? T_EXACT : T_PREFIX - Math.min(15, w.length - t.length));
  }
  if (isLoose(t)) {
    const stemMin = Math.max(5, t.length - 4);
    // A stem or one edit (of w or of its prefix) keeps one of the first two letters in place or
    // moves it by one; most words share none and are skipped without allocating.
    const t0 = t.charCodeAt(0);
    const t1 = t.charCodeAt(1);
    for (const wi of index.looseWords) {
      const w = vocab[wi];
      if (w.startsWith(t)) continue;
      const w0 = w.charCodeAt(0);
      const w1 = w.charCodeAt(1);
      if (t0 !== w0 && t1 !== w1 && t0 !== w1 && t1 !== w0) continue;
      const cp = commonPrefix(t, w);
      if (cp >= stemMin && cp >= w.length - 4) put(wi, T_STEM);
      else if (withinOneEdit(t, w) || (w.length > t.length && withinOneEdit(t, w.slice(0, t.length)))) put(wi, T_FUZZY);
    }
  }
  if (index.cache.size > 200) index.cache.clear();
  index.cache.set(t, out);
  return out;
}

/**
 * Ranked hits for a query, grouped by kind (groups ordered by their best hit,
 * then by the index's kind order). "kind:" prefixes restrict the search
 * ("country: bur"). `perGroup` limits each group (the rest is counted in
 * `more`); `expand` lifts the limit for some kinds.
 */
export function search(
  index: SearchIndex,
  query: string,
  opts: { perGroup?: number; limit?: number; expand?: ReadonlySet<string> } = {},
): SearchGroup[] {
  const perGroup = opts.perGroup ?? 6;
  const limit = opts.limit ?? 200;
  let q = norm(query);
  let onlyKind: string | undefined;
  const colon = q.indexOf(":");
  if (colon > 0) {
    const k = q.slice(0, colon).trim();
    if (index.entries.some((e) => e.item.kind === k)) {
      onlyKind = k;
      q = q.slice(colon + 1).trim();
    }
  }
  if (!q && !onlyKind) return [];
  const scores = new Map<number, number>();
  if (!q) {
    index.entries.forEach((e, i) => {
      if (e.item.kind === onlyKind) scores.set(i, 1);
    });
  } else {
    const tokens = [...new Set(queryWords(q))];
    if (tokens.length) {
      // Rarest word first, so the intersection shrinks quickly.
      const maps = tokens.map((t) => matchWord(index, t)).sort((a, b) => a.size - b.size);
      for (const [i, s] of maps[0]) {
        let total = s;
        for (let m = 1; m < maps.length && total > 0; m++) {
          const x = maps[m].get(i);
          total = x === undefined ? 0 : total + x;
        }
        if (total > 0) scores.set(i, total);
      }
    }
    // Whole-query bonuses: the exact code, then the exact name, then a name that starts with the query.
    const qc = codeKey(q);
    for (const i of index.codeMap.get(qc) ?? []) scores.set(i, (scores.get(i) ?? 0) + 1000);
    for (const i of index.nameMap.get(q) ?? []) scores.set(i, (scores.get(i) ?? 0) + 800);
    if (q.length >= 2) {
      const numeric = /\d/.test(qc);
      for (const [i, s] of scores) {
        const e = index.entries[i];
        if (e.names.some((n) => n.startsWith(q))) scores.set(i, s + 150);
        else if (numeric && e.codes.some((c) => c.startsWith(qc))) scores.set(i, s + 120);
      }
    }
    if (onlyKind) for (const i of [...scores.keys()]) if (index.entries[i].item.kind !== onlyKind) scores.delete(i);
  }
  const order = index.kindOrder;
  const rank = index.tieRank;
  type Ranked = { hit: SearchHit; tie: number };
  const cmp = (a: Ranked, b: Ranked) => b.hit.score - a.hit.score || a.tie - b.tie;
  const byKind = new Map<string, Ranked[]>();
  for (const [i, score] of scores) {
    const item = index.entries[i].item;
    const r = { hit: { item, score }, tie: rank[i] };
    const list = byKind.get(item.kind);
    if (list) list.push(r);
    else byKind.set(item.kind, [r]);
  }
  const capOf = (kind: string) => (opts.expand?.has(kind) ? 200 : perGroup);
  let kept = 0;
  for (const [kind, list] of byKind) kept += Math.min(capOf(kind), list.length);
  const groups = new Map<string, SearchGroup>();
  if (kept <= limit) {
    // The overall limit cannot bind: each group needs only its own best hits, in order (a
    // one-letter query scores most of the index; sorting all of it would cost more than the rest).
    for (const [kind, list] of byKind) {
      const top = topK(list, capOf(kind), cmp);
      groups.set(kind, { kind, label: list[0].hit.item.kindLabel, hits: top.map((r) => r.hit), more: list.length - top.length });
    }
  } else {
    const hits = [...byKind.values()].flat().sort(cmp).map((r) => r.hit);
    let n = 0;
    for (const h of hits) {
      let g = groups.get(h.item.kind);
      if (!g) {
        g = { kind: h.item.kind, label: h.item.kindLabel, hits: [], more: 0 };
        groups.set(h.item.kind, g);
      }
      if (g.hits.length < capOf(h.item.kind) && n < limit) {
        g.hits.push(h);
        n++;
      } else g.more++;
    }
  }
  return [...groups.values()].sort(
    (a, b) => (b.hits[0]?.score ?? 0) - (a.hits[0]?.score ?? 0) || (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99),
  );
}

/** The best hits over every group, in rank order (for "Top results"). */
export function topHits(groups: readonly SearchGroup[], n: number): SearchHit[] {
  return groups
    .flatMap((g) => g.hits)
    .sort((a, b) => b.score - a.score)
    .slice(0, n);
}

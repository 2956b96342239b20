/**
 * The task pane's search: one index over every kind of item (elements,
 * countries, HS/HTS lines, instruments, datasets, fields, functions,
 * templates), built once.
 *
 * Each word of the query is matched against the item's words: labels, codes
 * and aliases (primary), descriptions, hints, types, statuses (secondary),
 * field names and kind keywords (weak). A word matches a word of the index
 * exactly, as a prefix or as the same stem ("suspension" ~ "suspended").
 * Results that match every word come first; then those that match the most
 * words (each hit says which), so a four-word question always shows its best
 * partial answers. Spelling neighbours (one typo: "terbum" → Terbium) never mix
 * with exact hits: they form a separate "Did you mean" group, shown only when
 * the exact search finds nothing that matches every word. Codes and numbers and
 * words of four letters or fewer never match by a typo, so "8505" never brings
 * 8501 lines and "HHI" or "USGS" never match by a typo. A word that matches
 * nothing at all, not even by a typo, is "not in the data" and is named.
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
  /** Weight of every word match of this item (default 1): below 1 for results about the data rather than in it (fields, datasets, functions). */
  weight?: number;
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
  /**
   * Per word (same index as `words`): the items that contain it, ascending, with the best weight of
   * the word in each, as flat arrays: word w's are at postStart[w] … postStart[w + 1] - 1.
   */
  postStart: Int32Array;
  postItem: Int32Array;
  postWeight: Float64Array;
  /** Code key → item indexes with that exact code. */
  codeMap: Map<string, number[]>;
  /** Normalised label/alias → item indexes. */
  nameMap: Map<string, number[]>;
  /** Per query word: how it matches (cache, cleared when it grows). */
  cache: Map<string, WordMatch>;
  /**
   * Per entry: its position in the tie-break order of hits with equal scores (kind order, then the
   * item's own order, then label in English collation), computed once with the index.
   */
  tieRank: Int32Array;
  /** Vocabulary indexes that loose (stem, typo) matching may consider: five letters or more, no digits. */
  looseWords: Int32Array;
}

export interface SearchHit {
  item: SearchItem;
  score: number;
  /** A partial hit: the query words it matches (absent when it matches every word). */
  matched?: readonly string[];
}

export interface SearchGroup {
  kind: string;
  label: string;
  hits: SearchHit[];
  /** Hits beyond the per-group limit. */
  more: number;
}

/** The kind of the "Did you mean" group (spelling neighbours of the query words). */
export const DID_YOU_MEAN = "didyoumean";

export interface SearchResult {
  groups: SearchGroup[];
  /** The query words that match nothing in the data, not even by a typo. */
  unknown: string[];
  /** True when no result matches every (known) word: the groups hold the best partial matches. */
  partial: boolean;
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
  [/announcement/, ["ann", "annex"]],
  [/ann\. /, ["announcement", "annex"]],
  [/united states\b/, ["usa"]],
  [/counter[\s-]*tariff|countermeasure|retaliat/, ["counter", "countertariff", "retaliation"]],
  [/separation|refin/, ["processing", "separation", "refining"]],
  [/magnet (manufactur|making|production)/, ["magnet", "production", "manufacturing"]],
];

/** Query words that say nothing about what is searched for (never "in": it is India's code). */
const STOPWORDS = new Set(["the", "of", "on", "for", "and", "to", "a", "an", "by", "from", "with", "what", "is", "are", "how", "much", "which", "about"]);

/** "0.1%" → "0p1pct", "15 %" → "15pct": a percentage is one word, in the index and in queries. */
function percentWords(text: string): string {
  return text.replace(/(\d+)(?:\.(\d+))?\s*%/g, (_m, a: string, b: string | undefined) => (b ? `${a}p${b}pct` : `${a}pct`));
}

/** Words of a text: letters/digits runs; dotted numbers ("8505.11.00") also as one code word. */
export function words(text: string, synonyms = true): string[] {
  const n = percentWords(norm(text));
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
  for (const raw of percentWords(norm(q)).split(/[\s,;()[\]"“”']+/)) {
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

/** An item's normalised names and code keys (for whole-query bonuses and exact code hits). */
function entryOf(item: SearchItem): Entry {
  return {
    item,
    names: [...new Set([item.label, ...(item.names ?? [])].map(norm).filter(Boolean))],
    codes: [...new Set((item.codes ?? []).map(codeKey).filter(Boolean))],
  };
}

/**
 * Ties between hits of equal score are broken by label in English collation, whatever the
 * browser's language: the labels are English, and an index computed ahead of time (in another
 * runtime) must order them as one built here would.
 */
function tieRanks(entries: readonly Entry[], kinds: ReadonlyMap<string, number>): Int32Array {
  const collator = new Intl.Collator("en");
  const tieRank = new Int32Array(entries.length);
  entries
    .map((_, i) => i)
    .sort((a, b) => compareTies(kinds, entries[a].item, entries[b].item, collator))
    .forEach((i, r) => (tieRank[i] = r));
  return tieRank;
}

/** The index around entries and their postings: the lookups and the orders derived from them. */
function assemble(
  entries: Entry[],
  kindOrder: readonly string[],
  sorted: string[],
  post: { start: Int32Array; item: Int32Array; weight: Float64Array },
  ranks?: Int32Array,
): SearchIndex {
  const codeMap = new Map<string, number[]>();
  const nameMap = new Map<string, number[]>();
  entries.forEach((e, i) => {
    for (const c of e.codes) {
      const list = codeMap.get(c);
      if (list) list.push(i);
      else codeMap.set(c, [i]);
    }
    for (const n of e.names) {
      const list = nameMap.get(n);
      if (list) list.push(i);
      else nameMap.set(n, [i]);
    }
  });
  // Precomputed once, so a keystroke neither runs a collation in its sort nor tests every word
  // of the vocabulary for digits.
  const kinds = new Map(kindOrder.map((k, i) => [k, i]));
  const looseWords = Int32Array.from(sorted.flatMap((w, wi) => (isLoose(w) ? [wi] : [])));
  return {
    tieRank: ranks ?? tieRanks(entries, kinds),
    looseWords,
    entries,
    kindOrder: kinds,
    words: sorted,
    postStart: post.start,
    postItem: post.item,
    postWeight: post.weight,
    codeMap,
    nameMap,
    cache: new Map(),
  };
}

export function buildIndex(items: readonly SearchItem[], kindOrder: readonly string[] = []): SearchIndex {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const vocab = new Map<string, Map<number, number>>();
  const add = (w: string, i: number, weight: number) => {
    let p = vocab.get(w);
    if (!p) vocab.set(w, (p = new Map()));
    if ((p.get(i) ?? 0) < weight) p.set(i, weight);
  };
  for (const item of items) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const i = entries.length;
    const entry = entryOf(item);
    entries.push(entry);
    for (const c of entry.codes) add(c, i, W_LABEL);
    // One text per weight (synonym rules run once per weight, not per string).
    for (const w of words([item.label, ...(item.codes ?? [])].join(" \u0001 "))) add(w, i, W_LABEL);
    if (item.names?.length) for (const w of words(item.names.join(" \u0001 "))) add(w, i, W_NAME);
    for (const w of words([...(item.text ?? []), item.hint ?? ""].join(" \u0001 "))) add(w, i, W_TEXT);
    for (const w of words([...(item.keywords ?? []), item.kindLabel].join(" \u0001 "), false)) add(w, i, W_KEYWORD);
  }
  const sorted = [...vocab.keys()].sort();
  // Each word's items are in ascending order: items are added in order, and a later, higher weight
  // of the same item replaces the value in place.
  const start = new Int32Array(sorted.length + 1);
  let n = 0;
  sorted.forEach((w, wi) => {
    start[wi] = n;
    n += vocab.get(w)!.size;
  });
  start[sorted.length] = n;
  const item = new Int32Array(n);
  const weight = new Float64Array(n);
  let k = 0;
  for (const w of sorted)
    for (const [i, wt] of vocab.get(w)!) {
      item[k] = i;
      weight[k++] = wt;
    }
  return assemble(entries, kindOrder, sorted, { start, item, weight });
}

/**
 * An index as JSON, for an index computed ahead of time (the build computes the one of the data
 * the add-in ships with, so the pane can answer a query typed at once without building it first).
 * Items keep what results show and score with; their secondary text and keywords are only in the
 * postings. A word's postings are its items in ascending order, each as one number: the gap from
 * the previous item (less one) times the number of weights, plus the index of its weight in
 * `weights` (about a third of the size of plain [item, weight] pairs). tieRank is the
 * entries' tie-break order (English collation, as here).
 */
export interface SerializedIndex {
  format: typeof SERIALIZED_FORMAT;
  kindOrder: string[];
  items: SearchItem[];
  words: string[];
  weights: number[];
  postings: number[][];
  tieRank: number[];
}
export const SERIALIZED_FORMAT = "trade-search-index/1";

export function serializeIndex(index: SearchIndex): SerializedIndex {
  const kindOrder = [...index.kindOrder.entries()].sort((a, b) => a[1] - b[1]).map(([k]) => k);
  const weights = [...new Set(index.postWeight)].sort((a, b) => b - a);
  const code = new Map(weights.map((w, k) => [w, k]));
  return {
    format: SERIALIZED_FORMAT,
    kindOrder,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    items: index.entries.map(({ item: { text, keywords, ...kept } }) => kept),
    words: index.words,
    weights,
    postings: index.words.map((_, wi) => {
      const out: number[] = [];
      let prev = -1;
      for (let k = index.postStart[wi]; k < index.postStart[wi + 1]; k++) {
        const i = index.postItem[k];
        out.push((i - prev - 1) * weights.length + code.get(index.postWeight[k])!);
        prev = i;
      }
      return out;
    }),
    tieRank: Array.from(index.tieRank),
  };
}

/**
 * The index a SerializedIndex describes, or a reason why it cannot be one (not an index of this
 * format, or inconsistent: a pane must never search a half-read index).
 */
export function restoreIndex(s: unknown): SearchIndex | string {
  if (!s || typeof s !== "object") return "not an object";
  const x = s as Partial<SerializedIndex>;
  if (x.format !== SERIALIZED_FORMAT) return `format ${JSON.stringify(x.format)}, expected ${SERIALIZED_FORMAT}`;
  const { items, words: vocabulary, postings, kindOrder, weights, tieRank } = x;
  if (!Array.isArray(kindOrder) || !kindOrder.every((k) => typeof k === "string")) return "kindOrder is not a list of kinds";
  if (!Array.isArray(weights) || !weights.length || !weights.every((w) => typeof w === "number" && w > 0))
    return "weights is not a list of positive numbers";
  if (!Array.isArray(items) || !Array.isArray(vocabulary) || !Array.isArray(postings) || postings.length !== vocabulary.length)
    return "items, words and postings do not agree";
  const keys = new Set<string>();
  for (const it of items) {
    if (
      !it ||
      typeof it !== "object" ||
      typeof it.key !== "string" ||
      typeof it.kind !== "string" ||
      typeof it.label !== "string" ||
      typeof it.kindLabel !== "string"
    )
      return "an item lacks its key, kind or label";
    const strings = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    if (!strings(it.codes) || !strings(it.names)) return `item ${it.key}: codes and names must be lists of texts`;
    if (
      (it.hint !== undefined && typeof it.hint !== "string") ||
      (it.order !== undefined && !Number.isFinite(it.order)) ||
      (it.weight !== undefined && !(it.weight > 0))
    )
      return `item ${it.key}: hint, order or weight is malformed`;
    if (keys.has(it.key)) return `item ${it.key} appears twice`;
    keys.add(it.key);
  }
  // tieRank: a permutation of the entries.
  if (!Array.isArray(tieRank) || tieRank.length !== items.length) return "tieRank does not rank every item";
  const ranked = new Uint8Array(items.length);
  for (const r of tieRank) {
    if (!Number.isInteger(r) || r < 0 || r >= items.length || ranked[r]) return "tieRank is not an order of the items";
    ranked[r] = 1;
  }
  for (let w = 0; w < vocabulary.length; w++) {
    if (typeof vocabulary[w] !== "string" || (w > 0 && !(vocabulary[w - 1] < vocabulary[w]))) return "the vocabulary is not sorted";
  }
  const n = weights.length;
  const start = new Int32Array(vocabulary.length + 1);
  let total = 0;
  for (let w = 0; w < postings.length; w++) {
    const list = postings[w];
    if (!Array.isArray(list) || !list.length) return "a word has no postings";
    start[w] = total;
    total += list.length;
  }
  start[vocabulary.length] = total;
  const item = new Int32Array(total);
  const weight = new Float64Array(total);
  let k = 0;
  for (const list of postings) {
    let i = -1;
    for (const c of list) {
      if (!Number.isInteger(c) || c < 0) return "a posting is not a whole number";
      i += Math.floor(c / n) + 1;
      if (i >= items.length) return "a posting names no item";
      item[k] = i;
      weight[k++] = weights[c % n];
    }
  }
  return assemble(items.map(entryOf), kindOrder, vocabulary, { start, item, weight }, Int32Array.from(tieRank));
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
function compareTies(order: ReadonlyMap<string, number>, a: SearchItem, b: SearchItem, collator: Intl.Collator): number {
  return (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99) || (a.order ?? 0) - (b.order ?? 0) || collator.compare(a.label, b.label);
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

/**
 * Endings that inflect or derive an English word without changing what it names, as they are
 * left after the common prefix of two forms ("suspen|sion" ~ "suspen|ded", "refin|ing" ~
 * "refin|ery"). A different ending is another word: "german|ium" is not "german|y".
 */
const SUFFIX = /^(?:|e|s|es|ed|d|ded|led|ing|ings|sing|ling|ion|ions|sion|sions|tion|tions|ation|ations|er|ers|or|ors|ery|eries|y|ies|ied|al|ally|ly|ic|ics|ive|ment|ments|ise|ize|ised|ized|se|ce|ce?s|ity|ities)$/;
function isSuffix(rest: string): boolean {
  return SUFFIX.test(rest);
}

/** How one query word matches: item index → best score, by exact/prefix/stem (strict) and by one typo (fuzzy). */
interface WordMatch {
  strict: Map<number, number>;
  fuzzy: Map<number, number>;
}

function matchWord(index: SearchIndex, t: string): WordMatch {
  const cached = index.cache.get(t);
  if (cached) return cached;
  const strict = new Map<number, number>();
  const fuzzy = new Map<number, number>();
  const { postStart, postItem, postWeight } = index;
  const put = (wi: number, tier: number, out = strict) => {
    for (let k = postStart[wi], end = postStart[wi + 1]; k < end; k++) {
      const item = postItem[k];
      const s = tier * postWeight[k];
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
      if (cp >= stemMin && cp >= w.length - 4 && isSuffix(t.slice(cp)) && isSuffix(w.slice(cp))) put(wi, T_STEM);
      else if (withinOneEdit(t, w) || (w.length > t.length && withinOneEdit(t, w.slice(0, t.length)))) put(wi, T_FUZZY, fuzzy);
    }
  }
  // A word already matched strictly is no spelling neighbour of itself.
  for (const i of strict.keys()) fuzzy.delete(i);
  const m = { strict, fuzzy };
  if (index.cache.size > 200) index.cache.clear();
  index.cache.set(t, m);
  return m;
}

/** Rows of a code group shown for a code typed alone ("8505.11"): every line under it, up to this many. */
const CODE_GROUP_ROWS = 10;

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
  return searchAll(index, query, opts).groups;
}

/** The groups and what the query says about the data: words not in it, and whether the hits are partial. */
export function searchAll(
  index: SearchIndex,
  query: string,
  opts: { perGroup?: number; limit?: number; expand?: ReadonlySet<string> } = {},
): SearchResult {
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
  const none: SearchResult = { groups: [], unknown: [], partial: false };
  if (!q && !onlyKind) return none;
  const scores = new Map<number, number>();
  const matchedOf = new Map<number, string[]>();
  let unknown: string[] = [];
  let partial = false;
  let codeQuery = false;
  const fuzzyHits = new Map<number, number>();
  // The most query words a spelling neighbour matches (with its typo); when that is more than any
  // exact result matches, the "Did you mean" group comes first.
  let fuzzyWords = 0;
  let fuzzyFirst = false;
  if (!q) {
    index.entries.forEach((e, i) => {
      if (e.item.kind === onlyKind) scores.set(i, 1);
    });
  } else {
    let tokens = [...new Set(queryWords(q))];
    const meaningful = tokens.filter((t) => !STOPWORDS.has(t));
    if (meaningful.length) tokens = meaningful;
    const matches = tokens.map((t) => ({ t, m: matchWord(index, t) }));
    unknown = matches.filter((x) => x.m.strict.size === 0 && x.m.fuzzy.size === 0).map((x) => x.t);
    const strictWords = matches.filter((x) => x.m.strict.size > 0);
    // Each item's strict words: how many and which, and their summed score, each word weighted by
    // how rare it is in the index (a word few items have, "NdFeB", says more than one most have,
    // "tariff"); for a one-word query the weight is the same for every item.
    const count = new Map<number, number>();
    const n = index.entries.length;
    const known = tokens.length - unknown.length;
    let best = 0;
    if (strictWords.length === 1 && known === 1) {
      // One word (the common case while typing): every item it matches matches every word; no
      // counting, no second pass.
      const { m } = strictWords[0];
      for (const [i, s0] of m.strict) scores.set(i, s0 * (index.entries[i].item.weight ?? 1) + 10_000);
      best = m.strict.size > 0 ? 1 : 0;
    } else for (const { t, m } of strictWords) {
      const rarity = strictWords.length > 1 ? 1 + Math.log(n / (1 + m.strict.size)) : 1;
      for (const [i, s0] of m.strict) {
        const s = s0 * rarity * (index.entries[i].item.weight ?? 1);
        scores.set(i, (scores.get(i) ?? 0) + s);
        count.set(i, (count.get(i) ?? 0) + 1);
        if (strictWords.length > 1) {
          const list = matchedOf.get(i);
          if (list) list.push(t);
          else matchedOf.set(i, [t]);
        }
      }
    }
    for (const c of count.values()) if (c > best) best = c;
    // Results that match every known word of the query; when there is none, the best partial
    // matches: those with the most words, and one word fewer (never a one-word echo of a longer
    // question while others match two or more). Each partial hit keeps the words it matched.
    partial = best < known;
    const least = partial ? Math.max(1, best - 1, best >= 3 ? 2 : 1) : best;
    for (const [i, c] of count) {
      if (c < least) {
        scores.delete(i);
        matchedOf.delete(i);
        continue;
      }
      scores.set(i, scores.get(i)! + c * 10_000);
      if (!partial) matchedOf.delete(i);
    }
    // Spelling neighbours, in their own group, only when the exact search matches no result with every word.
    // Each neighbour is scored by every word: its typo match plus what the other words match
    // exactly ("terbum price" puts the priced Tb oxide first).
    if (partial || scores.size === 0) {
      const candidates = new Set<number>();
      for (const { m } of matches) for (const i of m.fuzzy.keys()) candidates.add(i);
      for (const i of candidates) {
        let total = 0;
        let words = 0;
        for (const { m } of matches) {
          const s = Math.max(m.strict.get(i) ?? 0, m.fuzzy.get(i) ?? 0);
          if (s > 0) words++;
          total += s;
        }
        fuzzyHits.set(i, total * (index.entries[i].item.weight ?? 1));
        if (words > fuzzyWords) fuzzyWords = words;
      }
    }
    fuzzyFirst = fuzzyWords > best;
    if (!partial) {
      // Whole-query bonuses: the exact code, then the exact name, then a name that starts with the query.
      const qc = codeKey(q);
      for (const i of index.codeMap.get(qc) ?? []) if (scores.has(i)) scores.set(i, scores.get(i)! + 1000);
      for (const i of index.nameMap.get(q) ?? []) if (scores.has(i)) scores.set(i, scores.get(i)! + 800);
      if (q.length >= 2) {
        const numeric = /\d/.test(qc);
        codeQuery = numeric && /^[\d.\s]+$/.test(q) && tokens.length === 1;
        for (const [i, s] of scores) {
          const e = index.entries[i];
          if (e.names.some((n) => n.startsWith(q))) scores.set(i, s + 150);
          else if (numeric && e.codes.some((c) => c.startsWith(qc))) scores.set(i, s + 120);
        }
      }
    }
    if (onlyKind) {
      for (const i of [...scores.keys()]) if (index.entries[i].item.kind !== onlyKind) scores.delete(i);
      for (const i of [...fuzzyHits.keys()]) if (index.entries[i].item.kind !== onlyKind) fuzzyHits.delete(i);
    }
  }
  const order = index.kindOrder;
  const rank = index.tieRank;
  type Ranked = { hit: SearchHit; tie: number };
  const cmp = (a: Ranked, b: Ranked) => b.hit.score - a.hit.score || a.tie - b.tie;
  const byKind = new Map<string, Ranked[]>();
  for (const [i, score] of scores) {
    const item = index.entries[i].item;
    const matched = matchedOf.get(i);
    const r = { hit: matched ? { item, score, matched } : { item, score }, tie: rank[i] };
    const list = byKind.get(item.kind);
    if (list) list.push(r);
    else byKind.set(item.kind, [r]);
  }
  // A code typed alone lists every line under it (up to CODE_GROUP_ROWS) instead of "+N more".
  const capOf = (kind: string) => (opts.expand?.has(kind) ? 200 : codeQuery ? Math.max(perGroup, CODE_GROUP_ROWS) : perGroup);
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
  const out = [...groups.values()].sort(
    (a, b) => (b.hits[0]?.score ?? 0) - (a.hits[0]?.score ?? 0) || (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99),
  );
  if (fuzzyHits.size) {
    const list = [...fuzzyHits].map(([i, score]) => ({ hit: { item: index.entries[i].item, score }, tie: rank[i] }));
    const cap = opts.expand?.has(DID_YOU_MEAN) ? 200 : perGroup;
    const top = topK(list, cap, cmp);
    const dym = { kind: DID_YOU_MEAN, label: "Did you mean", hits: top.map((r) => r.hit), more: list.length - top.length };
    if (fuzzyFirst) out.unshift(dym);
    else out.push(dym);
  }
  return { groups: out, unknown, partial: partial && scores.size > 0 };
}

/** The best hits over every group, in rank order (for "Top results"). */
export function topHits(groups: readonly SearchGroup[], n: number): SearchHit[] {
  return groups
    .flatMap((g) => g.hits)
    .sort((a, b) => b.score - a.score)
    .slice(0, n);
}

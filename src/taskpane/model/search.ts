/**
 * The task pane's search: one index over every kind of item (elements,
 * countries, HS/HTS lines, instruments, datasets, fields, functions), built
 * once; each keystroke scans it with cheap string tests (no allocation per
 * item beyond the hits). Codes match exactly (or as a prefix for numeric
 * codes, dots ignored); names match by prefix, word prefix, substring, then a
 * fuzzy subsequence and a one-typo test. Results are ranked and grouped by kind.
 * Pure: no DOM, no Office, no React.
 */

export interface SearchItem {
  /** Unique key across the index, e.g. "element:Dy". */
  key: string;
  /** Kind id, e.g. "element"; groups results. */
  kind: string;
  /** Group heading, e.g. "Elements". */
  kindLabel: string;
  label: string;
  /** Codes (exact match): symbols, ISO codes, HS codes, function ids. */
  codes?: readonly string[];
  /** Names and aliases (fuzzy match). */
  names?: readonly string[];
  /** One line under the label. */
  hint?: string;
  /** Ties within a kind: lower first. */
  order?: number;
}

interface Entry {
  item: SearchItem;
  codes: string[];
  names: string[];
  /** Word starts of every name, for word-prefix matching. */
  words: string[];
}

export interface SearchIndex {
  entries: Entry[];
  kindOrder: Map<string, number>;
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
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
}

/** Code key: normalised, dots/spaces/dashes removed ("8505.11" = "850511"). */
export function codeKey(s: string): string {
  return norm(s).replace(/[.\s-]/g, "");
}

export function buildIndex(items: readonly SearchItem[], kindOrder: readonly string[] = []): SearchIndex {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.key)) continue;
    seen.add(item.key);
    const names = [...new Set([item.label, ...(item.names ?? [])].map(norm).filter(Boolean))];
    const words = new Set<string>();
    for (const n of names) for (const w of n.split(/[\s,/()\-–.:;]+/)) if (w) words.add(w);
    entries.push({ item, codes: [...new Set((item.codes ?? []).map(codeKey).filter(Boolean))], names, words: [...words] });
  }
  return { entries, kindOrder: new Map(kindOrder.map((k, i) => [k, i])) };
}

/** True when the characters of q appear in s in order; returns the number of gaps (or -1). */
function subsequenceGaps(q: string, s: string): number {
  let j = 0;
  let gaps = 0;
  let prev = -2;
  for (let i = 0; i < s.length && j < q.length; i++) {
    if (s.charCodeAt(i) === q.charCodeAt(j)) {
      if (prev >= 0 && i !== prev + 1) gaps++;
      prev = i;
      j++;
    }
  }
  return j === q.length ? gaps : -1;
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

function scoreEntry(e: Entry, q: string, qc: string): number {
  let best = 0;
  if (qc) {
    for (const c of e.codes) {
      if (c === qc) return 1000;
      if (qc.length >= 2 && /^\d+$/.test(qc) && c.startsWith(qc)) best = Math.max(best, 650 - (c.length - qc.length));
      else if (qc.length >= 2 && c.startsWith(qc)) best = Math.max(best, 560 - (c.length - qc.length));
    }
  }
  for (const n of e.names) {
    if (n === q) return Math.max(best, 950);
    if (n.startsWith(q)) best = Math.max(best, 800 - Math.min(50, n.length - q.length));
    else if (best < 600) {
      const at = n.indexOf(q);
      if (at > 0) best = Math.max(best, (n.charCodeAt(at - 1) === 32 ? 600 : 400) - Math.min(50, at));
    }
  }
  if (best >= 400 || q.length < 2) return best;
  if (q.length >= 4) {
    for (const w of e.words) {
      if (withinOneEdit(q, w) || (w.length > q.length && withinOneEdit(q, w.slice(0, q.length)))) {
        best = Math.max(best, 300);
        break;
      }
    }
  }
  if (best < 200 && q.length >= 3) {
    for (const n of e.names) {
      if (n.length > 4 * q.length + 20) continue;
      const gaps = subsequenceGaps(q, n);
      if (gaps >= 0 && gaps <= 2) best = Math.max(best, 200 - gaps * 30 - Math.min(40, n.length - q.length));
    }
  }
  return best;
}

/**
 * Ranked hits for a query, grouped by kind (groups ordered by their best hit,
 * then by the index's kind order). "kind:" prefixes restrict the search
 * ("country: bur").
 */
export function search(index: SearchIndex, query: string, opts: { perGroup?: number; limit?: number } = {}): SearchGroup[] {
  const perGroup = opts.perGroup ?? 6;
  const limit = opts.limit ?? 200;
  let q = norm(query);
  let onlyKind: string | undefined;
  const colon = q.indexOf(":");
  if (colon > 0) {
    const k = q.slice(0, colon).trim();
    for (const e of index.entries) {
      if (e.item.kind === k) {
        onlyKind = k;
        q = q.slice(colon + 1).trim();
        break;
      }
    }
  }
  if (!q && !onlyKind) return [];
  const qc = codeKey(q);
  const hits: SearchHit[] = [];
  for (const e of index.entries) {
    if (onlyKind && e.item.kind !== onlyKind) continue;
    const score = q ? scoreEntry(e, q, qc) : 1;
    if (score > 0) hits.push({ item: e.item, score });
  }
  hits.sort((a, b) => b.score - a.score || (a.item.order ?? 0) - (b.item.order ?? 0) || a.item.label.localeCompare(b.item.label));
  const groups = new Map<string, SearchGroup>();
  let n = 0;
  for (const h of hits) {
    let g = groups.get(h.item.kind);
    if (!g) {
      g = { kind: h.item.kind, label: h.item.kindLabel, hits: [], more: 0 };
      groups.set(h.item.kind, g);
    }
    if (g.hits.length < perGroup && n < limit) {
      g.hits.push(h);
      n++;
    } else g.more++;
  }
  const order = index.kindOrder;
  return [...groups.values()].sort(
    (a, b) => b.hits[0].score - a.hits[0].score || (order.get(a.kind) ?? 99) - (order.get(b.kind) ?? 99),
  );
}

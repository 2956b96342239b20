/**
 * One search box over everything; ranked results grouped by kind. Arrow keys
 * move between the box and the results; Enter opens a result. Every keystroke
 * searches at once (no debounce: a search costs well under a frame) and only
 * the first hits of each group are rendered ("+N more" shows the rest).
 * An empty box shows starting points: recent items, key instruments, datasets.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useActions, useData } from "../context";
import { search, type SearchGroup, type SearchItem } from "../model/search";
import { formulaBlock, tableBlock, type Block } from "../model/blocks";
import { headline } from "../model/quick";
import { datasetTable } from "../model/catalog";
import { datasetByName } from "../context";

/** Starting points for an empty query: the instruments and lines most models start from. */
export const KEY_ITEMS = [
  "entity:instrument:MOFCOM-61-2025",
  "entity:instrument:MOFCOM-70-2025",
  "entity:instrument:MOFCOM-18-2025",
  "entity:instrument:US-EO-14257",
  "entity:element:Dy",
  "entity:element:Tb",
  "entity:country:CN",
  "entity:hts:8505110070",
];

/**
 * Rows shown per group before "+N more": four keeps a broad one- or two-letter query (ten kinds
 * match) to about 40 rows, several screens of a 320-px pane, and what a keystroke must rebuild.
 */
export const ROWS_PER_GROUP = 4;

const FIRST_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

export function SearchView({ initialQuery = "", onQuery, recent = [] }: { initialQuery?: string; onQuery?(q: string): void; recent?: readonly string[] }) {
  const data = useData();
  const { canInsert, insert, open, busy = false } = useActions();
  const off = !canInsert || busy;
  const [expand, setExpand] = useState<ReadonlySet<string>>(new Set());
  const boxRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef<HTMLSpanElement>(null);
  // What the list shows now (for clicks on its rows). The query and the results live in the DOM,
  // not in React state: see update() below.
  const shownRef = useRef<readonly SearchGroup[]>([]);

  // Starting points depend on the index and the recent list only: clearing the box shows them
  // without rebuilding anything.
  const starting = useMemo((): SearchGroup[] => {
    if (!data.index) return [];
    const byKey = new Map(data.index.entries.map((e) => [e.item.key, e.item]));
    const group = (kind: string, label: string, keys: readonly string[]): SearchGroup => ({
      kind,
      label,
      hits: keys.flatMap((k) => (byKey.has(k) ? [{ item: byKey.get(k)!, score: 0 }] : [])),
      more: 0,
    });
    return [
      group("recent", "Recent", recent.slice(0, 6)),
      group("key", "Key instruments and lines", KEY_ITEMS),
      group("datasets", "Datasets", data.index.entries.filter((e) => e.item.kind === "dataset").map((e) => e.item.key)),
    ].filter((g) => g.hits.length);
  }, [data.index, recent]);

  // A query's first letter is its broadest search (hundreds of hits to rank) and there are only 36
  // of them: once the index is ready they are searched ahead, one per task, off the keystroke path.
  const firstLetters = useMemo(() => new Map<string, SearchGroup[]>(), [data.index, expand]);
  useEffect(() => {
    const index = data.index;
    if (!index) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = (i: number) => {
      if (i >= FIRST_LETTERS.length) return;
      timer = setTimeout(() => {
        firstLetters.set(FIRST_LETTERS[i], search(index, FIRST_LETTERS[i], { expand, perGroup: ROWS_PER_GROUP }));
        next(i + 1);
      }, 0);
    };
    next(0);
    return () => clearTimeout(timer);
  }, [data.index, expand, firstLetters]);

  // A keystroke does not go through React: a native input listener searches and rewrites the status
  // line and the results list in place, in the same task as the key. Re-rendering this view on
  // every keystroke (controlled input, hooks, reconciliation, commit) cost more than the search and
  // the DOM writes together on a slow machine. React re-runs update() only when what it depends on
  // changes (index, starting points, "+N more", whether inserting is possible).
  const onQueryRef = useRef(onQuery);
  onQueryRef.current = onQuery;
  useLayoutEffect(() => {
    const box = boxRef.current;
    const list = listRef.current;
    const status = statusRef.current;
    if (!box || !list || !status) return;
    const index = data.index;
    const find = (query: string): SearchGroup[] => {
      if (!index) return [];
      const q = query.trim().toLowerCase();
      if (q === "") return starting;
      return (q.length === 1 && firstLetters.get(q)) || search(index, query, { expand, perGroup: ROWS_PER_GROUP });
    };
    const update = () => {
      const query = box.value;
      const groups = find(query);
      shownRef.current = groups;
      renderGroups(list, groups, canInsert, off);
      text(status, statusText(index !== null, query, groups));
      // The query the list now shows: tests and the bench wait for it instead of guessing.
      attr(list, "data-query", index ? query : undefined);
    };
    const onInput = () => {
      update();
      onQueryRef.current?.(box.value);
    };
    update();
    box.addEventListener("input", onInput);
    return () => box.removeEventListener("input", onInput);
  }, [data.index, starting, expand, canInsert, off, firstLetters]);

  const results = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>("button[data-result]") ?? []);
  const onBoxKey = (e: React.KeyboardEvent) => {
    if (e.key === "ArrowDown") {
      const first = results()[0];
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === "Enter") {
      const first = results()[0];
      if (first) {
        e.preventDefault();
        open(first.dataset.result!);
      }
    }
  };
  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp" && e.key !== "Home" && e.key !== "End") return;
    const all = results();
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    e.preventDefault();
    if (e.key === "ArrowDown") all[Math.min(all.length - 1, i + 1)].focus();
    else if (e.key === "ArrowUp") {
      if (i === 0) boxRef.current?.focus();
      else all[i - 1].focus();
    } else if (e.key === "Home") all[0].focus();
    else all[all.length - 1].focus();
  };
  // Clicks are handled once, on the list (rows, their insert buttons and "+N more").
  const onListClick = (e: React.MouseEvent) => {
    const button = (e.target as Element).closest?.("button");
    if (!button || !listRef.current?.contains(button)) return;
    const { quick, result, more } = button.dataset;
    if (quick) {
      if (off) return;
      const item = findItem(shownRef.current, quick);
      const b = item && quickBlock(item, data);
      if (b) insert(b);
    } else if (result) open(result);
    else if (more) setExpand((s) => new Set([...s, more]));
  };

  return (
    <section aria-label="Search reference data">
      {/* A plain input styled like Fluent's SearchBox, uncontrolled (see update() above). */}
      <label htmlFor="search-box" className="sb-label">
        Search elements, countries, HS/HTS codes, instruments, datasets, fields, functions
      </label>
      <input
        ref={boxRef}
        id="search-box"
        className="sb"
        type="search"
        defaultValue={initialQuery}
        onKeyDown={onBoxKey}
        placeholder="e.g. terbium price, NdFeB, 8505.11, announcement 61"
        aria-controls="search-results"
        aria-describedby="search-hint"
        autoComplete="off"
        spellCheck={false}
        data-testid="search-box"
      />
      <p id="search-hint" className="sb-hint">
        Every word must match, in any order. ↓ moves to the results.
      </p>
      <div role="status" aria-live="polite" aria-atomic="true" style={{ minHeight: 20, marginTop: 6 }} data-testid="search-status">
        <span className="sb-status" ref={statusRef} />
      </div>
      {/* Written by renderGroups(), never by React: rows are reused by position, so a keystroke
          rewrites text and attributes in place and only adds or removes the difference. */}
      <div id="search-results" ref={listRef} onKeyDown={onListKey} onClick={onListClick} data-testid="search-results" />
    </section>
  );
}

/** The status line under the box: what the list shows, or why it is empty. */
export function statusText(ready: boolean, query: string, groups: readonly SearchGroup[]): string {
  if (!ready) return "Preparing the search index…";
  if (query.trim() === "") return "Type to search, or start from one of these.";
  const total = groups.reduce((n, g) => n + g.hits.length + g.more, 0);
  if (total === 0) return `No match for “${query.trim()}”: every word must match; try fewer words.`;
  return `${total} result${total === 1 ? "" : "s"} in ${groups.length} group${groups.length === 1 ? "" : "s"}.`;
}

function findItem(groups: readonly SearchGroup[], key: string): SearchItem | undefined {
  for (const g of groups) for (const h of g.hits) if (h.item.key === key) return h.item;
  return undefined;
}

/** A new element with its class, appended to `parent` when given. */
function el<K extends keyof HTMLElementTagNameMap>(parent: Element | null, tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  parent?.appendChild(e);
  return e;
}

/** Sets an attribute only when it changes (or removes it for undefined): no needless mutations. */
function attr(e: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (e.hasAttribute(name)) e.removeAttribute(name);
  } else if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

/** Rewrites an element's text in place (its one text node's data) when it changes. */
function text(e: Element, value: string): void {
  const t = e.firstChild;
  if (t && t === e.lastChild && t.nodeType === Node.TEXT_NODE) {
    if ((t as Text).data !== value) (t as Text).data = value;
  } else e.textContent = value;
}

/** Shows or hides an element (the `hidden` attribute) when that changes. */
function show(e: Element, visible: boolean): void {
  if ((e as HTMLElement).hidden === visible) (e as HTMLElement).hidden = !visible;
}

/** What an insert button next to a result inserts, by the result's key. */
function insertWhat(key: string): string | undefined {
  if (key.startsWith("entity:")) return "its headline figure as a formula";
  if (key.startsWith("dataset:")) return "as a table";
  if (key.startsWith("function:")) return "its first example";
  return undefined;
}

/**
 * Writes the groups into `list` as section.rg > h2.rg-h + ul.rg-list > li.rr rows + button.rg-more.
 * Every row has the same elements (open button with label and hint, insert button). Sections and
 * rows are reused by position; those the results do not need stay in place, hidden and stripped of
 * their ids and data-result/data-group markers, for a later keystroke to fill again. A keystroke
 * then mostly rewrites text and attributes: removing and re-creating elements as the number of
 * groups and rows went up and down cost about a quarter of its time.
 */
function renderGroups(list: HTMLElement, groups: readonly SearchGroup[], canInsert: boolean, off: boolean): void {
  const sections = list.children;
  groups.forEach((g, gi) => {
    // New elements are filled before they are attached (one insertion, not a mutation per attribute).
    let sec = sections[gi] as HTMLElement | undefined;
    const newSec = !sec;
    if (!sec) {
      sec = el(null, "section", "rg");
      el(sec, "h2", "rg-h");
      el(sec, "ul", "rg-list");
      const more = el(sec, "button", "rg-more");
      more.type = "button";
    }
    show(sec, true);
    attr(sec, "aria-labelledby", `grp-${g.kind}`);
    attr(sec, "data-group", g.kind);
    const h = sec.children[0];
    attr(h, "id", `grp-${g.kind}`);
    text(h, g.label);
    const ul = sec.children[1];
    const rows = ul.children;
    g.hits.forEach(({ item }, ri) => {
      let li = rows[ri] as HTMLElement | undefined;
      const newRow = !li;
      if (!li) {
        li = el(null, "li", "rr");
        const b = el(li, "button", "rr-open");
        b.type = "button";
        el(b, "span", "rr-label");
        el(b, "span", "rr-hint");
        const ins = el(li, "button", "rr-ins");
        ins.type = "button";
        ins.setAttribute("data-insert", "1");
        ins.textContent = "+";
      }
      show(li, true);
      const open = li.children[0];
      attr(open, "data-result", item.key);
      text(open.children[0], item.label);
      text(open.children[1], item.hint ?? "");
      const ins = li.children[1];
      const what = insertWhat(item.key);
      show(ins, what !== undefined);
      if (what !== undefined) {
        attr(ins, "data-quick", item.key);
        attr(ins, "aria-disabled", off ? "true" : undefined);
        attr(ins, "aria-describedby", canInsert ? undefined : "preview-banner");
        attr(ins, "aria-label", `Insert ${item.label}: ${what}`);
        attr(ins, "title", canInsert ? `Insert ${what} at the selected cell` : "Open the add-in in Excel to insert");
      } else attr(ins, "data-quick", undefined);
      if (newRow) ul.appendChild(li);
    });
    for (let ri = g.hits.length; ri < rows.length; ri++) retireRow(rows[ri]);
    const more = sec.children[2];
    show(more, g.more > 0);
    if (g.more) {
      attr(more, "data-more", g.kind);
      attr(more, "data-testid", `more-${g.kind}`);
      attr(more, "aria-label", `Show ${g.more} more ${g.label}`);
      text(more, `+${g.more} more`);
    } else {
      attr(more, "data-more", undefined);
      attr(more, "data-testid", undefined);
    }
    if (newSec) list.appendChild(sec);
  });
  for (let gi = groups.length; gi < sections.length; gi++) {
    const sec = sections[gi];
    if ((sec as HTMLElement).hidden) continue;
    show(sec, false);
    attr(sec, "data-group", undefined);
    attr(sec, "aria-labelledby", undefined);
    attr(sec.children[0], "id", undefined);
    attr(sec.children[2], "data-more", undefined);
    attr(sec.children[2], "data-testid", undefined);
    const rows = sec.children[1].children;
    for (let ri = 0; ri < rows.length; ri++) retireRow(rows[ri]);
  }
}

/** Hides a row the results no longer need and drops its markers (a later keystroke reuses it). */
function retireRow(li: Element): void {
  if ((li as HTMLElement).hidden) return;
  show(li, false);
  attr(li.children[0], "data-result", undefined);
  attr(li.children[1], "data-quick", undefined);
}

/**
 * Insert from a result without opening it: an entity's headline figure as a live TRADE.REF
 * formula, a dataset as a table, a function's first worked example. The block is computed on click.
 */
function quickBlock(item: SearchItem, data: ReturnType<typeof useData>): Block | undefined {
  if (item.key.startsWith("entity:")) {
    const h = headline(item.key);
    return h ? formulaBlock(h.formula) : undefined;
  }
  if (item.key.startsWith("dataset:")) {
    const d = datasetByName(data, item.key.slice("dataset:".length));
    return d ? tableBlock(datasetTable(d)) : undefined;
  }
  const ex = data.examples[item.key.slice("function:".length).toUpperCase()]?.[0];
  return ex ? formulaBlock(ex.formula) : undefined;
}

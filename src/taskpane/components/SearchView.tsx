/**
 * One search box over everything; ranked results grouped by kind. Arrow keys
 * move between the box and the results; Enter opens a result. Every keystroke
 * searches at once (no debounce: a search costs well under a frame) and only
 * the first hits of each group are rendered ("+N more" shows the rest); the
 * rows below the window are written just after the next frame.
 * An empty box shows starting points: recent items, key instruments, datasets.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useActions, useData } from "../context";
import { DID_YOU_MEAN, searchAll, type SearchGroup, type SearchHit, type SearchItem, type SearchResult } from "../model/search";
import { formulaBlock, tableBlock, type Block } from "../../core/blocks";
import { headline } from "../model/quick";
import { datasetTable } from "../model/catalog";
import { datasetByName } from "../context";
import { firstScreenRows } from "../model/firstScreen";
import { SEARCH_HINT, SEARCH_LABEL, SEARCH_PLACEHOLDER } from "../shell";

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
 * match) to about 40 rows, several screens of a 320-px pane (a keystroke writes only those that
 * can be on screen at once; see firstScreenRows).
 */
export const ROWS_PER_GROUP = 4;

const FIRST_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The events a keystroke in the search box fires (see onEdit in SearchView). */
const EDIT_EVENTS = ["keydown", "keypress", "beforeinput", "textInput", "input", "keyup"] as const;

/** A key that only edits the text: a character without Ctrl, Alt or Meta, Backspace or Delete. */
function editsText(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.altKey || e.metaKey) return false;
  return e.key.length === 1 || e.key === "Backspace" || e.key === "Delete";
}

export function SearchView({ initialQuery = "", onQuery, recent = [] }: { initialQuery?: string; onQuery?(q: string): void; recent?: readonly string[] }) {
  const data = useData();
  const { canInsert, insert, copy, open, busy = false } = useActions();
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
  const firstLetters = useMemo(() => new Map<string, SearchResult>(), [data.index, expand]);
  useEffect(() => {
    const index = data.index;
    if (!index) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const next = (i: number) => {
      if (i >= FIRST_LETTERS.length) return;
      timer = setTimeout(() => {
        firstLetters.set(FIRST_LETTERS[i], searchAll(index, FIRST_LETTERS[i], { expand, perGroup: ROWS_PER_GROUP }));
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
    const find = (query: string): SearchResult => {
      if (!index) return { groups: [], unknown: [], partial: false };
      const q = query.trim().toLowerCase();
      if (q === "") return { groups: starting, unknown: [], partial: false };
      return (q.length === 1 && firstLetters.get(q)) || searchAll(index, query, { expand, perGroup: ROWS_PER_GROUP });
    };
    // A keystroke writes the rows that can be on screen and nothing below them: the rest of the list
    // (up to ten groups of four rows) is written in a task after the next frame has been painted,
    // unless another keystroke comes first. Until then the list is aria-busy.
    let frame: number | undefined;
    let task: ReturnType<typeof setTimeout> | undefined;
    const cancelRest = () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(task);
      frame = task = undefined;
    };
    const update = (firstScreen: boolean) => {
      cancelRest();
      const query = box.value;
      const result = find(query);
      const groups = result.groups;
      shownRef.current = groups;
      // Read before anything is written: layout is then up to date but for the box, which contains it.
      const budget = firstScreen ? firstScreenRows(groups.map((g) => g.hits.length), window.innerHeight, list.getBoundingClientRect().top) : Infinity;
      const whole = renderGroups(list, groups, canInsert, off, budget);
      text(status, statusText(index !== null, query, result));
      attr(list, "aria-busy", whole ? undefined : "true");
      // The query the list now shows: tests and the bench wait for it instead of guessing.
      attr(list, "data-query", index ? query : undefined);
      // Which index answered (the add-in's own, computed when it was built, or one built here).
      attr(list, "data-index", index ? data.indexFrom : undefined);
      if (!whole)
        frame = requestAnimationFrame(() => {
          frame = undefined;
          task = setTimeout(() => {
            task = undefined;
            renderGroups(list, groups, canInsert, off);
            attr(list, "aria-busy", undefined);
          }, 0);
        });
    };
    // The events of a key that edits the box reach no one but this view: React's root listeners
    // would otherwise walk the component tree for each of them (keydown, keypress, beforeinput,
    // textInput, input, keyup) on every keystroke, and nothing in the pane needs them. Other keys
    // (arrows, Enter, Escape, Tab, F6, shortcuts with Ctrl, Alt or Meta) propagate as usual.
    const onEdit = (e: Event) => {
      if (e.target !== box) return;
      if (e instanceof KeyboardEvent && !editsText(e)) return;
      e.stopPropagation();
      if (e.type === "input") {
        update(true);
        onQueryRef.current?.(box.value);
      }
    };
    update(false);
    for (const type of EDIT_EVENTS) document.addEventListener(type, onEdit, true);
    return () => {
      cancelRest();
      for (const type of EDIT_EVENTS) document.removeEventListener(type, onEdit, true);
    };
  }, [data.index, data.indexFrom, starting, expand, canInsert, off, firstLetters]);

  // Rows on the list now (not those hidden until the rest of the list is written).
  const results = () => Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>(":scope > section:not([hidden]) > ul > li:not([hidden]) > button[data-result]") ?? []);
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
      if (canInsert && off) return;
      const item = findItem(shownRef.current, quick);
      const b = item && quickBlock(item, data);
      if (b) (canInsert ? insert : copy)(b);
    } else if (result) open(result);
    else if (more) setExpand((s) => new Set([...s, more]));
  };

  return (
    <section aria-label="Search reference data">
      {/* A plain input styled like Fluent's SearchBox, uncontrolled (see update() above). */}
      <label htmlFor="search-box" className="sb-label">
        {SEARCH_LABEL}
      </label>
      <input
        ref={boxRef}
        id="search-box"
        className="sb"
        type="search"
        defaultValue={initialQuery}
        onKeyDown={onBoxKey}
        placeholder={SEARCH_PLACEHOLDER}
        aria-controls="search-results"
        aria-describedby="search-hint"
        autoComplete="off"
        spellCheck={false}
        data-testid="search-box"
      />
      <p id="search-hint" className="visually-hidden">
        {SEARCH_HINT}
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

/** What the data covers, for a query about something it does not. */
export const SCOPE_TEXT =
  "The data covers the 17 rare-earth elements and their priced products, 249 countries and territories, the HS/HTS lines of the rare-earth chain, China's export controls and the US and partner-country tariff measures.";

/** The status line under the box: what the list shows, or why it is empty, and any word that is not in the data. */
export function statusText(ready: boolean, query: string, result: SearchResult): string {
  if (!ready) return "Preparing the search index…";
  if (query.trim() === "") return "Type to search, or start from one of these.";
  const { groups, unknown, partial } = result;
  const quote = (ws: readonly string[]) => ws.map((w) => `“${w}”`).join(", ");
  const notIn = unknown.length ? `${quote(unknown)} ${unknown.length === 1 ? "is" : "are"} not in the data.` : "";
  const exact = groups.filter((g) => g.kind !== DID_YOU_MEAN);
  const total = exact.reduce((n, g) => n + g.hits.length + g.more, 0);
  const dym = groups.find((g) => g.kind === DID_YOU_MEAN);
  if (total === 0 && !dym) return notIn ? `${notIn} ${SCOPE_TEXT}` : `No match for “${query.trim()}”.`;
  const parts: string[] = [];
  if (notIn) parts.push(notIn);
  if (total) parts.push(`${total} result${total === 1 ? "" : "s"} in ${exact.length} group${exact.length === 1 ? "" : "s"}${partial ? ", none with every word: the closest first, each with the words it matches" : ""}.`);
  else parts.push("No exact match.");
  if (dym) parts.push(`Did you mean: ${dym.hits.length + dym.more} spelling neighbour${dym.hits.length + dym.more === 1 ? "" : "s"}.`);
  return parts.join(" ");
}

/** A row's hint: for a partial hit, the words it matches first; for a spelling neighbour, its kind. */
export function hintOf(hit: SearchHit, groupKind: string): string {
  const base = hit.item.hint ?? "";
  if (groupKind === DID_YOU_MEAN) return `${hit.item.kindLabel}${base ? ` · ${base}` : ""}`;
  if (hit.matched) return `Matches ${hit.matched.join(", ")}${base ? ` · ${base}` : ""}`;
  return base;
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

/** A new, empty text node appended to `parent` (its data is rewritten in place later). */
function textNode(parent: Element): Text {
  return parent.appendChild(document.createTextNode(""));
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

/** Sets or removes (undefined) an attribute. */
function setAttr(e: Element, name: string, value: string | undefined): void {
  if (value === undefined) e.removeAttribute(name);
  else e.setAttribute(name, value);
}

/** What an insert button next to a result inserts, by the result's key. */
function insertWhat(key: string): string | undefined {
  if (key.startsWith("entity:")) return "its headline figure as a formula";
  if (key.startsWith("partner:") && key.split(":").length === 3) return "its duty rate on goods from the US as a formula";
  if (key.startsWith("stage:")) return "China's share as a formula";
  if (key.startsWith("dataset:")) return "as a table";
  if (key.startsWith("function:")) return "its first example";
  return undefined;
}

/** A result row and what it shows now (`key` null: retired, kept hidden for reuse). */
interface RowView {
  li: HTMLLIElement;
  open: HTMLButtonElement;
  label: Text;
  hint: Text;
  ins: HTMLButtonElement;
  key: string | null;
  /** The hint it shows (a partial hit's matched words vary for the same item between queries). */
  hintText: string;
  /** What its insert button inserts (undefined: no insert button), and the state it was written in. */
  what: string | undefined;
  canInsert: boolean | undefined;
  off: boolean | undefined;
  hidden: boolean;
}

/** A group's section and what it shows now (`kind` null: retired). */
interface SectionView {
  sec: HTMLElement;
  heading: HTMLHeadingElement;
  ul: HTMLUListElement;
  more: HTMLButtonElement;
  kind: string | null;
  label: string;
  /** What "+N more" says: "" hidden and unmarked, "cut" hidden for now (see renderGroups), else kind, count and label. */
  moreSays: string;
  hidden: boolean;
  rows: RowView[];
}

/**
 * What each results list shows, kept beside the DOM so that a keystroke compares against plain
 * objects instead of reading attributes and text back from the DOM (each read crosses into the
 * browser and most allocate a string), and writes only what differs.
 */
const listViews = new WeakMap<HTMLElement, SectionView[]>();

function newSection(list: HTMLElement): SectionView {
  const sec = el(null, "section", "rg");
  const heading = el(sec, "h2", "rg-h");
  const ul = el(sec, "ul", "rg-list");
  const more = el(sec, "button", "rg-more");
  more.type = "button";
  list.appendChild(sec);
  more.hidden = true;
  return { sec, heading, ul, more, kind: null, label: "", moreSays: "", hidden: false, rows: [] };
}

function newRow(ul: HTMLUListElement): RowView {
  const li = el(null, "li", "rr");
  const open = el(li, "button", "rr-open");
  open.type = "button";
  const label = textNode(el(open, "span", "rr-label"));
  const hint = textNode(el(open, "span", "rr-hint"));
  const ins = el(li, "button", "rr-ins");
  ins.type = "button";
  ins.setAttribute("data-insert", "1");
  ins.textContent = "+";
  ul.appendChild(li);
  ins.hidden = true;
  return { li, open, label, hint, ins, key: null, hintText: "", what: undefined, canInsert: undefined, off: undefined, hidden: false };
}

/** Shows or hides a row's or section's element when that changes. */
function showView(v: { hidden: boolean }, e: HTMLElement, visible: boolean): void {
  if (v.hidden === visible) {
    v.hidden = !visible;
    e.hidden = !visible;
  }
}

function writeRow(r: RowView, hit: SearchHit, groupKind: string, canInsert: boolean, off: boolean): void {
  const item = hit.item;
  showView(r, r.li, true);
  const hint = hintOf(hit, groupKind);
  if (hint !== r.hintText) {
    r.hint.data = hint;
    r.hintText = hint;
  }
  if (r.key === item.key && r.canInsert === canInsert && r.off === off) return;
  const ins = r.ins;
  if (r.key !== item.key) {
    r.open.setAttribute("data-result", item.key);
    if (r.label.data !== item.label) r.label.data = item.label;
  }
  const what = insertWhat(item.key);
  if (what !== r.what) ins.hidden = what === undefined;
  if (what === undefined) {
    if (r.key !== null && r.what !== undefined) ins.removeAttribute("data-quick");
  } else {
    if (r.key !== item.key) ins.setAttribute("data-quick", item.key);
    // In Excel the button inserts; in preview (no workbook) it copies what it would insert.
    if (r.key !== item.key || r.canInsert !== canInsert) ins.setAttribute("aria-label", `${canInsert ? "Insert" : "Copy"} ${item.label}: ${what}`);
    // What depends only on the kind of result and on whether inserting is possible now.
    if (r.what !== what || r.canInsert !== canInsert || r.off !== off) {
      setAttr(ins, "aria-disabled", canInsert && off ? "true" : undefined);
      setAttr(ins, "aria-describedby", canInsert ? undefined : "preview-banner");
      ins.setAttribute("title", canInsert ? `Insert ${what} at the selected cell` : `Copy ${what}, to paste into Excel (inserting needs the add-in in Excel)`);
      if (r.canInsert !== canInsert) ins.textContent = canInsert ? "+" : "Copy";
      setAttr(ins, "data-copy", canInsert ? undefined : "1");
    }
  }
  r.key = item.key;
  r.what = what;
  r.canInsert = canInsert;
  r.off = off;
}

/** Hides a row the results no longer need and drops its markers (a later keystroke reuses it). */
function retireRow(r: RowView): void {
  showView(r, r.li, false);
  if (r.key === null) return;
  r.open.removeAttribute("data-result");
  r.ins.removeAttribute("data-quick");
  r.key = null;
}

/**
 * Writes the groups into `list` as section.rg > h2.rg-h + ul.rg-list > li.rr rows + button.rg-more.
 * Every row has the same elements (open button with label and hint, insert button). Sections and
 * rows are reused by position; those the results do not need stay in place, hidden and stripped of
 * their ids and data-result/data-group markers, for a later keystroke to fill again. A keystroke
 * then mostly rewrites text and attributes: removing and re-creating elements as the number of
 * groups and rows went up and down cost about a quarter of its time.
 *
 * With a `budget`, only the first `budget` rows are written and everything after them is hidden
 * (not yet stripped: the call without a budget that follows does that); returns whether the whole
 * list was written.
 */
function renderGroups(list: HTMLElement, groups: readonly SearchGroup[], canInsert: boolean, off: boolean, budget = Infinity): boolean {
  let views = listViews.get(list);
  if (!views) {
    // The list starts empty and only this function writes into it.
    list.textContent = "";
    views = [];
    listViews.set(list, views);
  }
  let left = budget;
  let gi = 0;
  let cut = false;
  for (; gi < groups.length && !cut; gi++) {
    const g = groups[gi];
    const s = views[gi] ?? (views[gi] = newSection(list));
    showView(s, s.sec, true);
    if (s.kind !== g.kind) {
      s.sec.setAttribute("aria-labelledby", `grp-${g.kind}`);
      s.sec.setAttribute("data-group", g.kind);
      s.heading.id = `grp-${g.kind}`;
      s.kind = g.kind;
    }
    if (s.label !== g.label) text(s.heading, (s.label = g.label));
    const n = Math.min(g.hits.length, left);
    for (let ri = 0; ri < n; ri++) writeRow(s.rows[ri] ?? (s.rows[ri] = newRow(s.ul)), g.hits[ri], g.kind, canInsert, off);
    left -= n;
    const more = s.more;
    if (n < g.hits.length) {
      // Out of budget inside this group: the rows after the cut may still show an earlier query.
      cut = true;
      for (let ri = n; ri < s.rows.length; ri++) showView(s.rows[ri], s.rows[ri].li, false);
      if (s.moreSays !== "cut") {
        more.hidden = true;
        s.moreSays = "cut";
      }
    } else {
      for (let ri = n; ri < s.rows.length; ri++) retireRow(s.rows[ri]);
      const says = g.more ? `${g.kind}|${g.more}|${g.label}` : "";
      if (s.moreSays !== says) {
        more.hidden = !g.more;
        if (g.more) {
          more.setAttribute("data-more", g.kind);
          more.setAttribute("data-testid", `more-${g.kind}`);
          more.setAttribute("aria-label", `Show ${g.more} more ${g.label}`);
          text(more, `+${g.more} more`);
        } else {
          more.removeAttribute("data-more");
          more.removeAttribute("data-testid");
        }
        s.moreSays = says;
      }
      if (left <= 0 && gi + 1 < groups.length) cut = true;
    }
  }
  if (cut) {
    for (; gi < views.length; gi++) showView(views[gi], views[gi].sec, false);
    return false;
  }
  for (; gi < views.length; gi++) {
    const s = views[gi];
    showView(s, s.sec, false);
    if (s.kind === null) continue;
    s.sec.removeAttribute("data-group");
    s.sec.removeAttribute("aria-labelledby");
    s.heading.removeAttribute("id");
    if (s.moreSays) {
      s.more.hidden = true;
      s.more.removeAttribute("data-more");
      s.more.removeAttribute("data-testid");
      s.moreSays = "";
    }
    s.kind = null;
    for (const r of s.rows) retireRow(r);
  }
  return true;
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
  if (item.key.startsWith("partner:")) {
    const [, iso2, code] = item.key.split(":");
    return code ? formulaBlock(`=TRADE.TARIFF_RATE("${code}","US",,,"${iso2}")`) : undefined;
  }
  if (item.key.startsWith("stage:")) return formulaBlock(`=TRADE.SUPPLY_SHARE("CN","${item.key.slice("stage:".length)}")`);
  const ex = data.examples[item.key.slice("function:".length).toUpperCase()]?.[0];
  return ex ? formulaBlock(ex.formula) : undefined;
}

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
import { searchAll, type SearchGroup, type SearchItem, type SearchResult } from "../model/search";
import { ROWS_PER_GROUP, attr, renderGroups, statusText, text } from "../resultsList";
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
      {/* hidden: the box's description (aria-describedby) reads it all the same; as the shell writes it */}
      <p id="search-hint" hidden>
        {SEARCH_HINT}
      </p>
      <div role="status" aria-live="polite" aria-atomic="true" className="sb-status-line" data-testid="search-status">
        <span className="sb-status" ref={statusRef} />
      </div>
      {/* Written by renderGroups(), never by React: rows are reused by position, so a keystroke
          rewrites text and attributes in place and only adds or removes the difference. */}
      <div id="search-results" ref={listRef} onKeyDown={onListKey} onClick={onListClick} data-testid="search-results" />
    </section>
  );
}

function findItem(groups: readonly SearchGroup[], key: string): SearchItem | undefined {
  for (const g of groups) for (const h of g.hits) if (h.item.key === key) return h.item;
  return undefined;
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

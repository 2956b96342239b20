/**
 * One search box over everything; ranked results grouped by kind. Arrow keys
 * move between the box and the results; Enter opens a result. Every keystroke
 * searches at once (no debounce: a search costs well under a frame) and only
 * the first hits of each group are rendered ("+N more" shows the rest).
 * An empty box shows starting points: recent items, key instruments, datasets.
 */
import { memo, useCallback, useMemo, useRef, useState } from "react";
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

export function SearchView({ initialQuery = "", onQuery, recent = [] }: { initialQuery?: string; onQuery?(q: string): void; recent?: readonly string[] }) {
  // The query lives here, so a keystroke re-renders this view only (not the whole pane);
  // the pane keeps a copy (onQuery) to restore it when coming back from a detail.
  const [query, setQueryState] = useState(initialQuery);
  const setQuery = (q: string) => {
    setQueryState(q);
    onQuery?.(q);
  };
  const data = useData();
  const { open } = useActions();
  const [expand, setExpand] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => (data.index ? search(data.index, query, { expand }) : []), [data.index, query, expand]);
  const listRef = useRef<HTMLDivElement>(null);
  const onMore = useCallback((kind: string) => setExpand((s) => new Set([...s, kind])), []);
  const total = groups.reduce((n, g) => n + g.hits.length + g.more, 0);
  const empty = query.trim() === "";

  const starting = useMemo((): SearchGroup[] => {
    if (!empty || !data.index) return [];
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
  }, [empty, data.index, recent]);

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
      if (i === 0) document.getElementById("search-box")?.focus();
      else all[i - 1].focus();
    } else if (e.key === "Home") all[0].focus();
    else all[all.length - 1].focus();
  };

  const shown = empty ? starting : groups;
  return (
    <section aria-label="Search reference data">
      {/* A plain input styled like Fluent's SearchBox: it re-renders on every keystroke, and Fluent's
          style hooks cost more per keystroke than the search itself. */}
      <label htmlFor="search-box" className="sb-label">
        Search elements, countries, HS/HTS codes, instruments, datasets, fields, functions
      </label>
      <input
        id="search-box"
        className="sb"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.currentTarget.value)}
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
        <span className="sb-status">
          {!data.index
            ? "Preparing the search index…"
            : empty
              ? "Type to search, or start from one of these."
              : total === 0
                ? `No match for “${query.trim()}”: every word must match; try fewer words.`
                : `${total} result${total === 1 ? "" : "s"} in ${groups.length} group${groups.length === 1 ? "" : "s"}.`}
        </span>
      </div>
      <div id="search-results" ref={listRef} onKeyDown={onListKey} data-testid="search-results">
        {/* Groups keyed by position, like the rows: a keystroke that changes which kinds match
            rewrites the headings and rows in place instead of unmounting and mounting sections. */}
        {shown.map((g, i) => (
          <ResultGroup
            key={i}
            group={g}
            onMore={onMore}
            open={open}
          />
        ))}
      </div>
    </section>
  );
}

const ResultGroup = memo(function ResultGroup({ group: g, onMore, open }: { group: SearchGroup; onMore(kind: string): void; open(key: string): void }) {
  return (
    <section aria-labelledby={`grp-${g.kind}`} className="rg" data-group={g.kind}>
      <h2 id={`grp-${g.kind}`} className="rg-h">
        {g.label}
      </h2>
      <ul className="rg-list">
        {/* Rows keyed by position: a keystroke rewrites the text of the rows in place instead of
            removing and creating DOM nodes (cheaper for layout and for Fluent's focus observer). */}
        {g.hits.map((h, i) => (
          <ResultRow key={i} item={h.item} open={open} />
        ))}
      </ul>
      {g.more ? (
        <button type="button" className="rg-more" onClick={() => onMore(g.kind)} data-testid={`more-${g.kind}`} aria-label={`Show ${g.more} more ${g.label}`}>
          +{g.more} more
        </button>
      ) : null}
    </section>
  );
});

// Plain elements styled by the pane's CSS (App.tsx), not Fluent buttons: a keystroke re-renders up
// to ~60 rows and must stay well within a frame even on a slow machine.
const ResultRow = memo(function ResultRow({ item, open }: { item: SearchItem; open(key: string): void }) {
  return (
    <li className="rr">
      <button type="button" className="rr-open" data-result={item.key} onClick={() => open(item.key)}>
        <span className="rr-label">{item.label}</span>
        {item.hint ? <span className="rr-hint">{item.hint}</span> : null}
      </button>
      {/^(entity|dataset|function):/.test(item.key) ? <QuickInsert item={item} /> : null}
    </li>
  );
});

/**
 * Insert from a result without opening it: an entity's headline figure as a live TRADE.REF
 * formula, a dataset as a table, a function's first worked example. The block is computed on click.
 */
function QuickInsert({ item }: { item: SearchItem }) {
  const data = useData();
  const { canInsert, insert, busy = false } = useActions();
  const block = (): Block | undefined => {
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
  };
  const what = item.key.startsWith("dataset:") ? "as a table" : item.key.startsWith("function:") ? "its first example" : "its headline figure as a formula";
  const off = !canInsert || busy;
  return (
    <button
      type="button"
      className="rr-ins"
      data-insert="1"
      data-quick={item.key}
      aria-disabled={off || undefined}
      aria-describedby={canInsert ? undefined : "preview-banner"}
      aria-label={`Insert ${item.label}: ${what}`}
      title={canInsert ? `Insert ${what} at the selected cell` : "Open the add-in in Excel to insert"}
      onClick={() => {
        if (off) return;
        const b = block();
        if (b) insert(b);
      }}
    >
      +
    </button>
  );
}

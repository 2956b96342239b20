/**
 * One search box over everything; ranked results grouped by kind. Arrow keys
 * move between the box and the results; Enter opens a result.
 */
import { Button, Field, SearchBox, Text, tokens } from "@fluentui/react-components";
import { useDeferredValue, useMemo, useRef } from "react";
import { useActions, useData } from "../context";
import { search } from "../model/search";

export function SearchView({ query, setQuery }: { query: string; setQuery(q: string): void }) {
  const data = useData();
  const { open } = useActions();
  const deferred = useDeferredValue(query);
  const groups = useMemo(() => search(data.index, deferred), [data.index, deferred]);
  const listRef = useRef<HTMLDivElement>(null);
  const total = groups.reduce((n, g) => n + g.hits.length + g.more, 0);

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

  return (
    <section aria-label="Search reference data">
      <Field label="Search elements, countries, HS/HTS codes, instruments, datasets, fields, functions" hint="Names are matched loosely, codes exactly. ↓ moves to the results.">
        <SearchBox
          id="search-box"
          value={query}
          onChange={(_, d) => setQuery(d.value)}
          onKeyDown={onBoxKey}
          placeholder="e.g. dysprosium, CN, 8505.11, production"
          aria-controls="search-results"
          autoComplete="off"
          data-testid="search-box"
        />
      </Field>
      <div role="status" aria-live="polite" aria-atomic="true" style={{ minHeight: 20, marginTop: 6 }} data-testid="search-status">
        <Text size={200}>
          {deferred.trim() === ""
            ? `${data.index.entries.length} items to search.`
            : total === 0
              ? `No match for “${deferred}”.`
              : `${total} result${total === 1 ? "" : "s"} in ${groups.length} group${groups.length === 1 ? "" : "s"}.`}
        </Text>
      </div>
      <div id="search-results" ref={listRef} onKeyDown={onListKey} data-testid="search-results">
        {groups.map((g) => (
          <section key={g.kind} aria-labelledby={`grp-${g.kind}`} style={{ marginTop: 10 }}>
            <h3 id={`grp-${g.kind}`} style={{ margin: "0 0 4px", fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold }}>
              {g.label}
              {g.more ? <Text size={200} weight="regular"> (+{g.more} more)</Text> : null}
            </h3>
            <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
              {g.hits.map((h) => (
                <li key={h.item.key}>
                  <Button
                    appearance="subtle"
                    data-result={h.item.key}
                    onClick={() => open(h.item.key)}
                    style={{ width: "100%", justifyContent: "flex-start", textAlign: "left", padding: "4px 6px", minHeight: 0, fontWeight: "normal" }}
                  >
                    <span style={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
                      <span style={{ fontWeight: tokens.fontWeightSemibold }}>{h.item.label}</span>
                      {h.item.hint ? (
                        <span style={{ fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, overflow: "hidden", textOverflow: "ellipsis" }}>{h.item.hint}</span>
                      ) : null}
                    </span>
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

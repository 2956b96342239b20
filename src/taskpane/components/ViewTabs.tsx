/**
 * The pane's view switcher: a WAI-ARIA tab list of plain buttons, styled like Fluent's small
 * TabList. Fluent's TabList brings Tabster, which handles every keydown and walks every node added
 * to or removed from the page; on the search view, where a keystroke rewrites the results list,
 * that was a large share of the keystroke's cost on a slow machine.
 * Keyboard: the selected tab is the one tab stop; arrow keys move between tabs, Home/End to the
 * ends, Enter or Space selects (selection does not follow focus, as in Fluent's TabList).
 * A hidden semibold copy of each label (::before) reserves its width, so selecting a tab does not
 * shift the others. The markup and its CSS are the static shell's (../shell.ts): one row at 320 px.
 */
import type { Tab as TabId } from "../context";
import { VIEW_TABS } from "../shell";

export { VIEW_TABS };

export function ViewTabs({ selected, onSelect, panelId }: { selected: TabId; onSelect(tab: TabId): void; panelId: string }) {
  const onKeyDown = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const tabs = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>("[role=tab]"));
    const i = tabs.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    const next =
      e.key === "ArrowRight" || e.key === "ArrowDown"
        ? (i + 1) % tabs.length
        : e.key === "ArrowLeft" || e.key === "ArrowUp"
          ? (i - 1 + tabs.length) % tabs.length
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? tabs.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    tabs[next].focus();
  };
  return (
    <div role="tablist" aria-label="Views" className="tabs" onKeyDown={onKeyDown}>
      {VIEW_TABS.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          className="tab"
          data-label={t.label}
          aria-selected={t.id === selected}
          aria-controls={panelId}
          tabIndex={t.id === selected ? 0 : -1}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

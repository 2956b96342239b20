/**
 * The static shell's search (shell-search.js, the first script the page's loader starts): a query
 * typed into the shell's box is answered from the search index the add-in was built with
 * (search-index.json, fetched by boot.js) as soon as that file has been read, without waiting for
 * functions.js and the pane, which take a few hundred milliseconds more to arrive, compile and
 * render. It writes the same status line and result rows as the pane's search view (resultsList.ts),
 * with inserting off as in the pane's first render, so the pane replaces the list with one that
 * looks the same.
 *
 * It answers only with the index of the data the pane starts with: this build's version and its
 * bundled data pack (the pane switches to a published update or an overlay later, after checking
 * it, and builds its own index then). Without that file, or with any other, it stays silent and the
 * pane answers when it starts, as it would without this script.
 *
 * What it leaves for the pane in window.__paneShell:
 *  - the index it restored when something was typed, with the file it came from, so the pane does
 *    not restore it again;
 *  - the last result row, insert button or "+N more" clicked (or Enter pressed in the box) before
 *    the pane started, which the pane then clicks in its own list (main.tsx), so no click is lost.
 *
 * No React, no core, no data pack: this bundle holds the search and the list writer only.
 */
import { acceptPrebuilt } from "./model/prebuilt";
import { searchAll } from "./model/search";
import { ROWS_PER_GROUP, attr, renderGroups, statusText, text } from "./resultsList";
import { PANE_SHELL_KEY, fetchedIndex, type PaneShell, type ShellClick } from "./shellState";

declare const __ADDIN_VERSION__: string | undefined;
declare const __BUNDLED_PACK_SHA256__: string | undefined;

/** The shell's own elements (none once the pane has replaced it). */
function shellParts(): { box: HTMLInputElement; list: HTMLElement; status: HTMLElement } | null {
  const shell = document.getElementById("pane-shell");
  const box = shell?.querySelector<HTMLInputElement>("#search-box");
  const list = shell?.querySelector<HTMLElement>("#search-results");
  const status = shell?.querySelector<HTMLElement>(".sb-status");
  return box && list && status ? { box, list, status } : null;
}

/** The data attributes a click in the list can carry, in the order a button is read. */
const CLICK_ATTRS = ["data-quick", "data-more", "data-result"] as const;

/**
 * Answers the shell's box from `indexed()`, the index restored on first use (null: the file is not
 * for this build's data, and the shell leaves every answer to the pane).
 */
function start(indexed: () => PaneShell | null): void {
  const parts = shellParts();
  if (!parts) return;
  const { box, list, status } = parts;
  const update = () => {
    const state = indexed();
    if (!state) return;
    const query = box.value;
    const empty = query.trim() === "";
    // An empty box: the pane's starting points (recent items among them) are the pane's to show.
    const result = empty ? { groups: [], unknown: [], partial: false } : searchAll(state.index, query, { perGroup: ROWS_PER_GROUP });
    renderGroups(list, result.groups, false, true);
    text(status, empty ? "" : statusText(true, query, result));
    attr(list, "data-query", query);
    attr(list, "data-index", "add-in");
  };
  // Clicks and Enter are noted only once the shell has answered (its rows are what they refer to).
  const remember = (click: ShellClick) => {
    const state = indexed();
    if (state) state.click = click;
  };
  box.addEventListener("input", update);
  box.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    const first = list.querySelector<HTMLElement>(":scope > section:not([hidden]) > ul > li:not([hidden]) > button[data-result]");
    if (!first) return;
    e.preventDefault();
    remember({ name: "data-result", value: first.getAttribute("data-result")! });
  });
  list.addEventListener("click", (e) => {
    const button = (e.target as Element).closest?.("button");
    if (!button || !list.contains(button)) return;
    for (const name of CLICK_ATTRS) {
      const value = button.getAttribute(name);
      if (value !== null) return remember({ name, value });
    }
  });
  if (box.value) update();
}

(function shellSearch() {
  const fetched = fetchedIndex();
  if (!fetched || typeof __ADDIN_VERSION__ !== "string" || typeof __BUNDLED_PACK_SHA256__ !== "string") return;
  const addin = __ADDIN_VERSION__;
  const bundled = { version: "bundled with the add-in", sha256: __BUNDLED_PACK_SHA256__, overlay: undefined };
  void fetched.promise.then((file) => {
    // The pane may have started meanwhile (it waits at most 250 ms for this file): then it is its to read.
    if (!shellParts()) return;
    // Restored only when something is typed before the pane starts: restoring takes a few
    // milliseconds of the page's thread, which would otherwise come before functions.js runs. The
    // pane then takes the restored index instead of restoring it again.
    let state: PaneShell | null | undefined;
    start(() => {
      if (state === undefined) {
        const index = acceptPrebuilt(file, bundled, addin);
        state = typeof index === "string" ? null : { file, index };
        if (state) (globalThis as unknown as Record<string, PaneShell>)[PANE_SHELL_KEY] = state;
      }
      return state;
    });
  });
})();

/**
 * What the page leaves for the pane before the pane starts: the search index file the loader
 * (boot.js) fetches, and what the static shell's search (shellSearch.ts) hands over: the index it
 * restored from that file (with the file, so the pane takes it only for the same file) and the last
 * click in its results list that the pane has not seen.
 *
 * Types and small readers only: both bundles import this, and neither pulls the other's code in.
 */
import type { SearchIndex } from "./model/search";

/** The global the shell's search leaves its state in. */
export const PANE_SHELL_KEY = "__paneShell";

/** A click in the shell's list: the button's data attribute that says what it does, and its value. */
export interface ShellClick {
  name: "data-result" | "data-quick" | "data-more";
  value: string;
}

export interface PaneShell {
  /** The parsed search-index.json the index was restored from. */
  file: unknown;
  index: SearchIndex;
  click?: ShellClick;
}

/** The shell's state, if its search ran. */
export function paneShell(): PaneShell | undefined {
  return (globalThis as unknown as Record<string, PaneShell | undefined>)[PANE_SHELL_KEY];
}

/** The loader's read of a JSON file it fetches (boot.js: window.__paneFetched[name]); value null when it could not be read. */
export interface FetchedFile {
  done: boolean;
  value: unknown;
  promise: Promise<unknown>;
}

/** The loader's read of search-index.json, if the page's loader fetches it. */
export function fetchedIndex(): FetchedFile | undefined {
  return (globalThis as unknown as { __paneFetched?: Record<string, FetchedFile | undefined> }).__paneFetched?.["search-index.json"];
}

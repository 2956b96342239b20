/**
 * What the static shell's search (shellSearch.ts) hands over to the pane when the pane starts:
 * the index it restored from search-index.json (with that file, so the pane takes it only for the
 * same file) and the last click in its results list that the pane has not seen.
 *
 * Types and a name only: both bundles import this, and neither pulls the other's code in.
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

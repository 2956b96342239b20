/**
 * What every view of the pane shares: the data (datasets, functions, worked
 * examples, the search index), whether inserting is possible, and the insert
 * and navigation actions. React-only state; no Office calls here.
 */
import { createContext, useContext } from "react";
import type { Block } from "../core/blocks";
import type { InsertTarget } from "../office/insert";
import type { SelectionInfo } from "../office/selection";
import type { DatasetDoc, FunctionExample, FunctionMeta } from "./model/catalog";
import type { SearchIndex } from "./model/search";
import type { PackState } from "../core/data/active";

export type Tab = "search" | "fields" | "pictures" | "templates" | "functions";

export interface PaneData {
  datasets: readonly DatasetDoc[];
  functions: readonly FunctionMeta[];
  /** Null while functions.json loads; a message when it failed. */
  functionsError?: string;
  examples: Readonly<Record<string, readonly FunctionExample[]>>;
  /** Null until built (just after the first paint), unless the add-in's own index for the active data was at hand. */
  index: SearchIndex | null;
  /** Where the index came from: computed with the add-in ("add-in") or built in the pane ("pane"). */
  indexFrom?: "add-in" | "pane";
  /** The active data pack (version, horizons, origin, overlay, notice). */
  pack: PackState;
}

export interface PaneActions {
  canInsert: boolean;
  /** True while an insert runs: insert buttons are disabledFocusable and clicks are ignored. */
  busy?: boolean;
  insert(block: Block): void;
  /** Copies the block as text to paste into Excel (preview mode, where there is no workbook to insert into). */
  copy(block: Block): void;
  /** Inserts at an explicit place (next to a selection); never overwrites. */
  insertAt?(block: Block, target: InsertTarget): void;
  /** Reads the workbook selection (selection → formulas). */
  readSelection?(): Promise<SelectionInfo | { error: string }>;
  /** Opens an item of the search index (entity:…, dataset:…, field:…, function:…) in the detail view. */
  open(key: string): void;
  /** Opens the field browser on a kind (and entity). */
  browseFields(kind: string, entityKey?: string): void;
  setTab(tab: Tab): void;
}

export const DataContext = createContext<PaneData | null>(null);
export const ActionsContext = createContext<PaneActions | null>(null);

export function useData(): PaneData {
  const d = useContext(DataContext);
  if (!d) throw new Error("DataContext missing");
  return d;
}
export function useActions(): PaneActions {
  const a = useContext(ActionsContext);
  if (!a) throw new Error("ActionsContext missing");
  return a;
}

export function datasetByName(data: PaneData, name: string): DatasetDoc | undefined {
  return data.datasets.find((d) => d.dataset === name);
}

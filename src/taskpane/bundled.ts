/**
 * Build-time data for the pane (webpack only): every src/data/*.json envelope
 * and every worked-example file src/functions/examples/*.json. The function
 * list itself comes from functions.json at run time (loadFunctions), since it
 * is a build output served next to taskpane.html.
 */
import { activeDatasets } from "../core/data/active";
import type { DatasetDoc, FunctionExample, FunctionMeta } from "./model/catalog";
import { byFunctionName, paneDatasets } from "./model/order";

interface Ctx {
  keys(): string[];
  (id: string): unknown;
}
// webpack's require.context (this module is only bundled, never run in Node).
declare const require: { context: (dir: string, deep: boolean, re: RegExp) => Ctx };

function load(ctx: Ctx | undefined): { key: string; value: unknown }[] {
  if (!ctx) return [];
  return ctx.keys().map((key) => ({ key, value: ctx(key) }));
}

/** The active data pack's documents (the core functions.js publishes: src/core/shared.ts, src/core/data/active.ts). */
function dataDocs(): { key: string; value: unknown }[] {
  return Object.entries(activeDatasets()).map(([key, value]) => ({ key, value }));
}
function examplesContext(): Ctx | undefined {
  return require.context("../functions/examples", false, /\.json$/);
}

/** The datasets of the active pack (the bundled one until the host's update is checked and activated). */
export function packDatasets(): DatasetDoc[] {
  return paneDatasets<DatasetDoc>(dataDocs().map((x) => x.value));
}

export function bundledExamples(): Record<string, FunctionExample[]> {
  const out: Record<string, FunctionExample[]> = {};
  for (const { value } of load(examplesContext())) {
    for (const [id, list] of Object.entries((value ?? {}) as Record<string, FunctionExample[]>)) {
      if (Array.isArray(list)) out[id.toUpperCase()] = [...(out[id.toUpperCase()] ?? []), ...list];
    }
  }
  return out;
}

/** functions.json from the pane's own origin. */
export async function loadFunctions(url = "functions.json"): Promise<FunctionMeta[]> {
  const res = await fetch(url, { cache: "no-cache" });
  if (!res.ok) throw new Error(`functions.json: HTTP ${res.status}`);
  const json = (await res.json()) as { functions?: FunctionMeta[] };
  return (json.functions ?? []).slice().sort(byFunctionName);
}

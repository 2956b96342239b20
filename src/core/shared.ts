/**
 * One copy of the core and the data pack for the whole shared runtime.
 *
 * taskpane.html loads functions.js (the custom functions) and taskpane.js (the
 * pane) into one page. functions.js already carries every core module and the
 * data pack; it publishes them here, on a global, and the pane's build
 * (webpack.config.js, layer "pane") imports core modules from that global
 * instead of bundling a second copy, so the data pack is parsed once and the
 * registry of entity kinds is the same object for both. When the global is
 * missing (functions.js did not load), the pane loads its own copy in a lazy
 * chunk (src/taskpane/coreFallback.ts) that calls publishCore() itself.
 *
 * Pure: touches no DOM; only sets one property on globalThis.
 */

interface Ctx {
  keys(): string[];
  (id: string): unknown;
}
// webpack's require.context (this module is only bundled, never run under Node).
declare const require: { context: (dir: string, deep: boolean, re: RegExp) => Ctx };

export interface SharedCore {
  /** Core modules by path under src without extension, e.g. "core/data/pack". */
  modules: Record<string, unknown>;
  /** The data pack's JSON documents by file name, e.g. "countries.json". */
  data: Record<string, unknown>;
}

export const SHARED_CORE_GLOBAL = "__TRADE_CORE__";

export function sharedCore(): SharedCore | undefined {
  return (globalThis as Record<string, unknown>)[SHARED_CORE_GLOBAL] as SharedCore | undefined;
}

/** Publishes every core module and data file once (a second call keeps the first copy). */
export function publishCore(): SharedCore {
  const existing = sharedCore();
  if (existing) return existing;
  const modules: Record<string, unknown> = {};
  const core = require.context("./", true, /^\.\/(?!shared\.ts$).*\.ts$/);
  for (const k of core.keys()) modules[`core/${k.replace(/^\.\//, "").replace(/\.ts$/, "")}`] = core(k);
  const data: Record<string, unknown> = {};
  const json = require.context("../data", false, /\.json$/);
  for (const k of json.keys()) data[k.replace(/^\.\//, "")] = json(k);
  const shared: SharedCore = { modules, data };
  (globalThis as Record<string, unknown>)[SHARED_CORE_GLOBAL] = shared;
  return shared;
}

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

import type { PackState } from "./data/active";
import type { BundledPack, LoaderDeps } from "./pack/load";

interface Ctx {
  keys(): string[];
  (id: string): unknown;
}
// webpack's require.context (this module is only bundled, never run under Node).
declare const require: { context: (dir: string, deep: boolean, re: RegExp) => Ctx };

export interface SharedCore {
  /** Core modules by path under src without extension, e.g. "core/data/pack". The active data pack is core/data/active. */
  modules: Record<string, unknown>;
  /**
   * Reading the data pack the host publishes (set by functions.js, src/functions/datapack.ts):
   * absent when the pane runs on its own fallback copy of the core.
   */
  pack?: PackLoading;
}

/** What functions.js offers the pane for the published data pack. */
export interface PackLoading {
  /** Asks the host again (the pane's "Check for data update"); resolves with the active pack's state. */
  refresh(fresh: boolean): Promise<PackState>;
  /** The platform functions.js reads the host's files with (fetch, SHA-256, the checker); undefined where there is none. */
  deps(): LoaderDeps | undefined;
  /** The pack bundled into functions.js. */
  bundled(): BundledPack;
}

export const SHARED_CORE_GLOBAL = "__TRADE_CORE__";

export function sharedCore(): SharedCore | undefined {
  return (globalThis as Record<string, unknown>)[SHARED_CORE_GLOBAL] as SharedCore | undefined;
}

/** Publishes every core module once (a second call keeps the first copy). */
export function publishCore(): SharedCore {
  const existing = sharedCore();
  if (existing) return existing;
  const modules: Record<string, unknown> = {};
  // Every core module but this one and the generated schema types (types only; their values are used nowhere).
  const core = require.context("./", true, /^\.\/(?!shared\.ts$)(?!.*\.generated\.ts$).*\.ts$/);
  for (const k of core.keys()) modules[`core/${k.replace(/^\.\//, "").replace(/\.ts$/, "")}`] = core(k);
  const shared: SharedCore = { modules };
  (globalThis as Record<string, unknown>)[SHARED_CORE_GLOBAL] = shared;
  return shared;
}

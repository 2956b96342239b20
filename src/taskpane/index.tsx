/**
 * Entry of the pane. The core and the data pack come from functions.js, loaded
 * just before in the same page (src/core/shared.ts); only when it is missing
 * does the pane load its own copy (a lazy chunk). The pane itself (main.tsx)
 * is in this file's chunk ("eager") but evaluated after that check, because
 * its core imports read the global.
 */
import { fetchedIndex, paneShell } from "./shellState";

const shared = (globalThis as { __TRADE_CORE__?: unknown }).__TRADE_CORE__;

/**
 * The search index the page's loader (boot.js) fetches with the scripts: the pane starts once it
 * has been read, so that a query typed into the static shell is answered in the pane's first frame
 * rather than in a second render. It is smaller than the scripts and fetched with them, so it is
 * normally read by now; a slow one is waited for at most `ms`, after which the pane starts without
 * it and takes it when it comes.
 */
function indexRead(ms: number): Promise<unknown> {
  const f = fetchedIndex();
  if (!f || f.done) return Promise.resolve();
  return Promise.race([f.promise, new Promise((r) => setTimeout(r, ms))]);
}

/**
 * When the shell's search has answered a query typed meanwhile (shellSearch.ts), the pane starts
 * a frame later: what the shell wrote is painted first, instead of after the pane's first render
 * (its modules and the render take tens of milliseconds on the page's thread).
 */
function shellFrame(): Promise<void> {
  if (!paneShell() || typeof requestAnimationFrame !== "function" || document.visibilityState === "hidden") return Promise.resolve();
  return new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
}

(shared ? indexRead(250).then(shellFrame) : import(/* webpackChunkName: "core" */ "./coreFallback"))
  .then(() => import(/* webpackMode: "eager" */ "./main"))
  .catch((e: unknown) => {
    const root = document.getElementById("root");
    if (root) root.textContent = `The add-in could not start: ${e instanceof Error ? e.message : String(e)}`;
  });
export {};

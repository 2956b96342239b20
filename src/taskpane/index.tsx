/**
 * Entry of the pane. The core and the data pack come from functions.js, loaded
 * just before in the same page (src/core/shared.ts); only when it is missing
 * does the pane load its own copy (a lazy chunk). The pane itself (main.tsx)
 * is in this file's chunk ("eager") but evaluated after that check, because
 * its core imports read the global.
 */
const shared = (globalThis as { __TRADE_CORE__?: unknown }).__TRADE_CORE__;
(shared ? Promise.resolve() : import(/* webpackChunkName: "core" */ "./coreFallback"))
  .then(() => import(/* webpackMode: "eager" */ "./main"))
  .catch((e: unknown) => {
    const root = document.getElementById("root");
    if (root) root.textContent = `The add-in could not start: ${e instanceof Error ? e.message : String(e)}`;
  });
export {};

import { createRoot } from "react-dom/client";
import { App } from "./App";
import { bundledExamples, loadFunctions } from "./bundled";
import { detectHost, type HostInfo } from "../office/host";

/**
 * Marks for the bench (scripts/bench/taskpane.mjs): "taskpane-rendered" when the search box has
 * been painted (the frame after the one that committed it: a rAF callback runs before that
 * frame's paint, so a task queued from it runs after the paint).
 */
function markPainted(selector: string, name: string, tries = 600): void {
  requestAnimationFrame(() => {
    if (document.querySelector(selector)) setTimeout(() => performance.mark(name), 0);
    else if (tries > 0) markPainted(selector, name, tries - 1);
  });
}

const container = document.getElementById("root");
if (container) {
  const root = createRoot(container);
  const examples = bundledExamples();
  const load = () => loadFunctions();
  const render = (host: HostInfo, pending = false) =>
    root.render(<App host={host} pending={pending} examples={examples} loadFunctions={load} />);
  // Paint at once, before Office.onReady: inserting stays off until the host is known.
  render({ mode: "preview" }, true);
  markPainted("#search-box", "taskpane-rendered");
  // A late Office.onReady (after the preview timeout) switches the pane to Excel mode.
  let tracking = false;
  const ready = (host: HostInfo) => {
    // In Excel, the workbook records which data its TRADE results were computed with.
    if (host.mode === "excel" && !tracking) {
      tracking = true;
      void import(/* webpackChunkName: "data" */ "./workbookData").then((m) => m.trackWorkbookData());
    }
    render(host);
  };
  detectHost(3000, ready).then(ready);
}

import { createRoot } from "react-dom/client";
import { App } from "./App";
import { bundledDatasets, bundledExamples, loadFunctions } from "./bundled";
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
  const datasets = bundledDatasets();
  const examples = bundledExamples();
  const load = () => loadFunctions();
  const render = (host: HostInfo, pending = false) =>
    root.render(<App host={host} pending={pending} datasets={datasets} examples={examples} loadFunctions={load} />);
  // Paint at once, before Office.onReady: inserting stays off until the host is known.
  render({ mode: "preview" }, true);
  markPainted("#search-box", "taskpane-rendered");
  // A late Office.onReady (after the preview timeout) switches the pane to Excel mode.
  detectHost(3000, (host) => render(host)).then((host) => render(host));
}

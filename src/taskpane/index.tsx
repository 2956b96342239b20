import { createRoot } from "react-dom/client";
import { App } from "./App";
import { bundledDatasets, bundledExamples, loadFunctions } from "./bundled";
import { detectHost, type HostInfo } from "../office/host";

const container = document.getElementById("root");
if (container) {
  const root = createRoot(container);
  const datasets = bundledDatasets();
  const examples = bundledExamples();
  const load = () => loadFunctions();
  const render = (host: HostInfo) => root.render(<App host={host} datasets={datasets} examples={examples} loadFunctions={load} />);
  // A late Office.onReady (after the preview timeout) switches the pane to Excel mode.
  detectHost(3000, render).then((host) => {
    render(host);
    // First render mark for the bench (after React commits).
    requestAnimationFrame(() => performance.mark("taskpane-rendered"));
  });
}

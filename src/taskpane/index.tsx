import { createRoot } from "react-dom/client";
import { App } from "./App";
import { bundledDatasets, bundledExamples, loadFunctions } from "./bundled";
import { detectHost } from "./host";
import "./model/register";

const container = document.getElementById("root");
if (container) {
  const root = createRoot(container);
  const datasets = bundledDatasets();
  const examples = bundledExamples();
  detectHost().then((host) => {
    root.render(<App host={host} datasets={datasets} examples={examples} loadFunctions={() => loadFunctions()} />);
    // First render mark for the bench (after React commits).
    requestAnimationFrame(() => performance.mark("taskpane-rendered"));
  });
}

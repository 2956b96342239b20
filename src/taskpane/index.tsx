import { createRoot } from "react-dom/client";
import { App } from "./App";
import { detectHost } from "./host";

const container = document.getElementById("root");
if (container) {
  const root = createRoot(container);
  detectHost().then((host) => root.render(<App host={host} />));
}

import { createRoot } from "react-dom/client";
import { flushSync } from "react-dom";
import { App } from "./App";
import { bundledExamples, loadFunctions } from "./bundled";
import { detectHost, type HostInfo } from "../office/host";
import { fetchedIndex, paneShell } from "./shellState";

/**
 * Marks for the bench (scripts/bench/taskpane.mjs): "taskpane-rendered" when React's search box
 * has been painted (the frame after the one that committed it: a rAF callback runs before that
 * frame's paint, so a task queued from it runs after the paint).
 */
function markPainted(selector: string, name: string, tries = 600): void {
  requestAnimationFrame(() => {
    if (document.querySelector(selector)) setTimeout(() => performance.mark(name), 0);
    else if (tries > 0) markPainted(selector, name, tries - 1);
  });
}

/** What the user did in the static shell's search box before the pane started (see shell.ts). */
interface ShellBox {
  value: string;
  focused: boolean;
  start: number | null;
  end: number | null;
  direction: "forward" | "backward" | "none" | null;
}
function readShellBox(): ShellBox | undefined {
  const box = document.querySelector<HTMLInputElement>("#pane-shell #search-box");
  if (!box) return undefined;
  return { value: box.value, focused: document.activeElement === box, start: box.selectionStart, end: box.selectionEnd, direction: box.selectionDirection };
}
/** Puts the caret and focus back on React's box, where they were in the shell's. */
function restoreShellBox(s: ShellBox | undefined): void {
  const box = document.getElementById("search-box") as HTMLInputElement | null;
  if (!s || !box || !s.focused) return;
  box.focus();
  if (s.start !== null && s.end !== null) box.setSelectionRange(s.start, s.end, s.direction ?? undefined);
}

/**
 * A click in the shell's results list (or Enter in its box) before the pane started: the shell's
 * search noted it (shellSearch.ts) and the pane now clicks the same button in its own list, which
 * shows the same rows. Called right after the first render: normally within the browser's
 * transient user activation of that click (about five seconds in Chromium), so a copy to the
 * clipboard still works; on a connection slow enough to miss it, the copy fails with the pane's own
 * "Could not copy" message rather than silently.
 */
function replayShellClick(): void {
  const shell = paneShell();
  const click = shell?.click;
  if (!shell || !click) return;
  shell.click = undefined;
  const list = document.getElementById("search-results");
  for (const b of Array.from(list?.querySelectorAll<HTMLButtonElement>(`button[${click.name}]`) ?? []))
    if (b.getAttribute(click.name) === click.value) return b.click();
}

const container = document.getElementById("root");
if (container) {
  const root = createRoot(container);
  const examples = bundledExamples();
  const load = () => loadFunctions();
  // Read the shell's box and replace the shell in one task (flushSync: React renders and commits
  // before the browser handles another key), so nothing typed in between is lost.
  const shell = readShellBox();
  const initialQuery = shell?.value ?? "";
  const prebuiltIndex = fetchedIndex();
  const render = (host: HostInfo, pending = false) =>
    root.render(
      <App
        host={host}
        pending={pending}
        examples={examples}
        loadFunctions={load}
        initialQuery={initialQuery}
        prebuiltIndex={prebuiltIndex}
      />,
    );
  // Paint at once, before Office.onReady: inserting stays off until the host is known.
  flushSync(() => render({ mode: "preview" }, true));
  restoreShellBox(shell);
  replayShellClick();
  markPainted("[data-testid=search-box]", "taskpane-rendered");
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

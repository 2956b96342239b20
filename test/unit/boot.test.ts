/**
 * The pane's loader (src/taskpane/boot.js) in a fake page: it starts the scripts named in its
 * data-load attribute, in order and ordered (async = false), after the first frame when the page is
 * visible, at once when it is hidden (no frames come then), and from a timer if no frame comes.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

const code = fs.readFileSync(path.join(__dirname, "..", "..", "src", "taskpane", "boot.js"), "utf8");

function page(visibility: "visible" | "hidden", dataLoad = "functions.js taskpane.js commands.js") {
  const appended: { src: string; async: boolean }[] = [];
  const frames: (() => void)[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const document = {
    visibilityState: visibility,
    currentScript: { getAttribute: (n: string) => (n === "data-load" ? dataLoad : null) },
    createElement: () => ({ src: "", async: true }),
    head: { appendChild: (e: { src: string; async: boolean }) => appended.push({ src: e.src, async: e.async }) },
  };
  const ctx = vm.createContext({
    document,
    requestAnimationFrame: (fn: () => void) => frames.push(fn),
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
  });
  vm.runInContext(code, ctx);
  return { appended, frames, timers };
}

const ordered = [
  { src: "functions.js", async: false },
  { src: "taskpane.js", async: false },
  { src: "commands.js", async: false },
];

test("visible page: nothing starts before the first frame; the frame's task starts all three, in order, once", () => {
  const p = page("visible");
  expect(p.appended).toEqual([]);
  expect(p.frames).toHaveLength(1);
  p.frames[0]();
  const afterFrame = p.timers.find((t) => t.ms === 0)!;
  expect(p.appended).toEqual([]);
  afterFrame.fn();
  expect(p.appended).toEqual(ordered);
  // The fallback timer finds them started and does nothing.
  p.timers.find((t) => t.ms > 0)!.fn();
  expect(p.appended).toEqual(ordered);
});

test("visible page with no frame: the fallback timer (at most 250 ms) starts them", () => {
  const p = page("visible");
  const fallback = p.timers.find((t) => t.ms > 0)!;
  expect(fallback.ms).toBeLessThanOrEqual(250);
  fallback.fn();
  expect(p.appended).toEqual(ordered);
});

test("hidden page (Excel running the functions with the pane closed): started at once, no frame awaited", () => {
  const p = page("hidden");
  expect(p.appended).toEqual(ordered);
  expect(p.frames).toEqual([]);
});

test("extra spaces in the list are ignored", () => {
  const p = page("hidden", " functions.js  taskpane.js ");
  expect(p.appended.map((a) => a.src)).toEqual(["functions.js", "taskpane.js"]);
});

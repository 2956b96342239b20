/**
 * The pane's loader (src/taskpane/boot.js) in a fake page: it preloads the scripts named in its
 * data-load attribute at once and starts them, in order and ordered (async = false), after the first frame when the page is
 * visible, at once when it is hidden (no frames come then), and from a timer if no frame comes.
 */
import * as fs from "fs";
import * as path from "path";
import * as vm from "vm";

const code = fs.readFileSync(path.join(__dirname, "..", "..", "src", "taskpane", "boot.js"), "utf8");

interface El {
  tag: string;
  src?: string;
  async?: boolean;
  rel?: string;
  as?: string;
  href?: string;
}

function page(visibility: "visible" | "hidden", dataLoad = "functions.js taskpane.js commands.js") {
  const appended: { src: string; async: boolean }[] = [];
  const preloaded: { href: string; rel: string; as: string }[] = [];
  const frames: (() => void)[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const document = {
    visibilityState: visibility,
    currentScript: { getAttribute: (n: string) => (n === "data-load" ? dataLoad : null) },
    createElement: (tag: string): El => (tag === "script" ? { tag, src: "", async: true } : { tag }),
    head: {
      appendChild: (e: El) =>
        e.tag === "script" ? appended.push({ src: e.src!, async: e.async! }) : preloaded.push({ href: e.href!, rel: e.rel!, as: e.as! }),
    },
  };
  const ctx = vm.createContext({
    document,
    requestAnimationFrame: (fn: () => void) => frames.push(fn),
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
  });
  vm.runInContext(code, ctx);
  return { appended, preloaded, frames, timers };
}

const ordered = [
  { src: "functions.js", async: false },
  { src: "taskpane.js", async: false },
  { src: "commands.js", async: false },
];

test("visible page: the three download at once, none runs before the first frame; the frame's task starts all three, in order, once", () => {
  const p = page("visible");
  expect(p.preloaded).toEqual(["functions.js", "taskpane.js", "commands.js"].map((href) => ({ href, rel: "preload", as: "script" })));
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

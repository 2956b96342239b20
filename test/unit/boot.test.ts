/**
 * The pane's loader (src/taskpane/boot.js) in a fake page: it preloads the scripts named in its
 * data-load attribute at once and starts them, in order and ordered (async = false), after the first frame when the page is
 * visible, at once when it is hidden (no frames come then), and from a timer if no frame comes. The
 * JSON files of its data-fetch attribute are fetched as the scripts start and left for the pane,
 * whatever answers.
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

interface Fetched {
  done: boolean;
  value: unknown;
  promise: Promise<unknown>;
}
type FetchFake = ((url: string, init: { cache?: string }) => Promise<{ ok: boolean; json(): Promise<unknown> }>) | undefined;

function page(
  visibility: "visible" | "hidden",
  dataLoad = "functions.js taskpane.js commands.js",
  opts: { dataFetch?: string; fetch?: FetchFake; noWindow?: boolean } = {},
) {
  const appended: { src: string; async: boolean }[] = [];
  const preloaded: { href: string; rel: string; as: string }[] = [];
  const frames: (() => void)[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const document = {
    visibilityState: visibility,
    currentScript: { getAttribute: (n: string) => (n === "data-load" ? dataLoad : n === "data-fetch" ? (opts.dataFetch ?? null) : null) },
    createElement: (tag: string): El => (tag === "script" ? { tag, src: "", async: true } : { tag }),
    head: {
      appendChild: (e: El) =>
        e.tag === "script" ? appended.push({ src: e.src!, async: e.async! }) : preloaded.push({ href: e.href!, rel: e.rel!, as: e.as! }),
    },
  };
  const window: { __paneFetched?: Record<string, Fetched> } = {};
  const ctx = vm.createContext({
    document,
    requestAnimationFrame: (fn: () => void) => frames.push(fn),
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    Promise,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.noWindow ? {} : { window }),
  });
  vm.runInContext(code, ctx);
  return { appended, preloaded, frames, timers, fetched: () => window.__paneFetched };
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

describe("data-fetch: the search index fetched with the scripts", () => {
  const answer = (status: number, body: unknown) =>
    Promise.resolve({
      ok: status >= 200 && status < 300,
      json: () => (body instanceof Error ? Promise.reject(body) : Promise.resolve(body)),
    });

  test("requested in the first frame (not before it), before the scripts start, revalidated; the value is left for the pane", async () => {
    const calls: { url: string; cache?: string }[] = [];
    const p = page("visible", undefined, { dataFetch: "search-index.json", fetch: (url, init) => (calls.push({ url, cache: init.cache }), answer(200, { format: "x" })) });
    // Reading a response is work on the page's thread: none can come before the shell's first frame.
    expect(calls).toEqual([]);
    p.frames[0]();
    expect(calls).toEqual([{ url: "search-index.json", cache: "no-cache" }]);
    expect(p.appended).toEqual([]);
    p.timers.find((t) => t.ms === 0)!.fn();
    expect(p.appended).toEqual(ordered);
    const e = p.fetched()!["search-index.json"];
    expect(e.done).toBe(false);
    await expect(e.promise).resolves.toEqual({ format: "x" });
    expect(e).toMatchObject({ done: true, value: { format: "x" } });
    // The fallback timer fetches nothing twice.
    p.timers.find((t) => t.ms > 0)!.fn();
    expect(calls).toHaveLength(1);
  });

  test("no frame comes: the fallback timer requests it with the scripts", () => {
    let called = 0;
    const p = page("visible", undefined, { dataFetch: "search-index.json", fetch: () => (called++, answer(200, {})) });
    p.timers.find((t) => t.ms > 0)!.fn();
    expect(called).toBe(1);
    expect(p.appended).toEqual(ordered);
  });

  test.each([
    ["a 404", () => answer(404, null)],
    ["a network failure", () => Promise.reject(new TypeError("Failed to fetch"))],
    ["a body that is not JSON", () => answer(200, new SyntaxError("Unexpected token"))],
  ])("%s leaves null, done, and the scripts start as ever", async (_what, f) => {
    const p = page("hidden", undefined, { dataFetch: "search-index.json", fetch: f as FetchFake });
    expect(p.appended).toEqual(ordered);
    const e = p.fetched()!["search-index.json"];
    await expect(e.promise).resolves.toBeNull();
    expect(e).toMatchObject({ done: true, value: null });
  });

  test("no fetch in the page, or no window: nothing is fetched and the scripts start as ever", () => {
    const noFetch = page("hidden", undefined, { dataFetch: "search-index.json" });
    expect(noFetch.fetched()).toEqual({});
    expect(noFetch.appended).toEqual(ordered);
    const noWindow = page("hidden", undefined, { dataFetch: "search-index.json", fetch: () => answer(200, {}), noWindow: true });
    expect(noWindow.appended).toEqual(ordered);
  });

  test("no data-fetch attribute: nothing is fetched", () => {
    let called = 0;
    const p = page("hidden", undefined, { fetch: () => (called++, answer(200, {})) });
    expect(called).toBe(0);
    expect(p.fetched()).toEqual({});
  });
});

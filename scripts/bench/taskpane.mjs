/**
 * Task pane bench: bundle size (gzip, excluding office.js, which comes from
 * Microsoft's CDN), search latency per keystroke over the whole index in Node,
 * and in headless Chromium (in-page timings, medians of 5 loads, the search box of every load): the search box
 * painted, results for a query typed at once painted (against a bare page typed alike; also with the
 * add-in's files on a slower link), and the keystroke
 * latency with the CPU throttled 4× (every keystroke of 16 typed queries, each
 * cleared first; to the results on screen, to the next frame and to the whole
 * list), against a bare input typed alike in the same browser.
 * Targets: ≤ 300 KB gzip, search box ≤ 400 ms, results ≤ 1 s, keystroke p95 ≤ 16 ms.
 */
import * as fs0 from "node:fs";
import { existsSync, readFileSync, createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { gzipSync } from "node:zlib";
import { join, resolve, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The floor for keystroke latency: an input and a listener that does almost nothing, same probe. */
const BARE_PAGE = "bench-bare-input.html";
/** The floor for loading: office.js loaded the same way as the pane's, one search box, one registered function. */
const BARE_LOAD_PAGE = "bench-bare-load.html";
const BARE_LOAD_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare load</title>
<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script></head><body>
<input id="search-box" type="search" aria-label="search">
<script>CustomFunctions.associate("BARE_FN", function () { return 1; });</script></body></html>`;
/** The slower link some loads are also measured on: the add-in's files from a host over the internet rather than this machine. */
const SLOW = { bytesPerSecond: 20e6 / 8, latencyMs: 40 };
/**
 * The floor for results typed at once: the bare load page whose box answers every keystroke with
 * one result row. Typing "at once" means typing as soon as Playwright finds the box, and Playwright
 * needs several round trips to the page's thread for that (its injected script, the selector, the
 * focus, each key), so even this page shows its first result well after its box is painted; the
 * pane's figure is taken against this one, typed alike.
 */
const BARE_TYPED_PAGE = "bench-bare-typed.html";
const BARE_TYPED_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare typed</title>
<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script></head><body>
<input id="search-box" type="search" aria-label="search"><div id="search-results"></div>
<script>
const box = document.getElementById("search-box"), list = document.getElementById("search-results");
box.addEventListener("input", () => { list.innerHTML = ""; const b = document.createElement("button"); b.setAttribute("data-result", "x"); b.textContent = box.value; list.appendChild(b); });
CustomFunctions.associate("BARE_FN", function () { return 1; });
</script></body></html>`;
const BARE_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare input</title></head><body>
<input id="search-box" type="search" aria-label="search"><div role="status" data-testid="search-status">Ready</div><div id="search-results"></div>
<script>
const box = document.getElementById("search-box"), list = document.getElementById("search-results");
box.addEventListener("input", () => { list.textContent = box.value.length + " characters"; list.setAttribute("data-query", box.value); });
</script></body></html>`;

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export default async function bench({ report, figure, distDir }) {
  const out = (name, value, unit, note = "") =>
    figure ? figure(name, value, unit, note) : console.log(`${name.padEnd(58)} ${String(value).padStart(9)} ${unit} ${note}`);
  const dist = distDir || resolve(root, process.env.DIST_DIR || "dist");

  // 1. Size
  const js = ["taskpane.js", "commands.js"].filter((f) => existsSync(join(dist, f)));
  const lazyJs = fs0.readdirSync(dist).filter((f) => /^pane\..*\.js$/.test(f));
  let gz = 0;
  for (const f of js) gz += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  out("task-pane JS loaded at start (taskpane.js + commands.js), gzip", (gz / 1024).toFixed(1), "KB", "target ≤ 300 KB; functions.js is shared with the custom functions and excluded");
  let lgz = 0;
  for (const f of lazyJs) lgz += gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  out("task-pane views loaded on demand (pane.*.js), gzip", (lgz / 1024).toFixed(1), "KB", `${lazyJs.length} chunks`);
  const fgz = existsSync(join(dist, "functions.js")) ? gzipSync(readFileSync(join(dist, "functions.js")), { level: 9 }).length : 0;
  out("functions.js (also loaded by taskpane.html), gzip", (fgz / 1024).toFixed(1), "KB", `${fgz} bytes; ${existsSync(join(dist, "functions.js")) ? statSync(join(dist, "functions.js")).size : 0} bytes raw; the bundled data pack is inside it`);
  const sgz = existsSync(join(dist, "search-index.json")) ? gzipSync(readFileSync(join(dist, "search-index.json")), { level: 9 }).length : 0;
  out("search-index.json (the bundled data's search index, fetched with the scripts), gzip", (sgz / 1024).toFixed(1), "KB", `${existsSync(join(dist, "search-index.json")) ? statSync(join(dist, "search-index.json")).size : 0} bytes raw`);
  const shgz = existsSync(join(dist, "shell-search.js")) ? gzipSync(readFileSync(join(dist, "shell-search.js")), { level: 9 }).length : 0;
  out("shell-search.js (the static shell's search, started before functions.js), gzip", (shgz / 1024).toFixed(1), "KB");
  const wgz = existsSync(join(dist, "pack-check.js")) ? gzipSync(readFileSync(join(dist, "pack-check.js")), { level: 9 }).length : 0;
  out("pack-check.js (the data checker's worker, loaded only for a published update), gzip", (wgz / 1024).toFixed(1), "KB");

  // 2. Search latency over the whole index (Node, same code as the pane).
  require(join(root, "scripts", "lib", "ts-require.cjs"));
  const { searchItems, KIND_ORDER } = require(join(root, "src", "taskpane", "model", "catalog.ts"));
  const { buildIndex, search } = require(join(root, "src", "taskpane", "model", "search.ts"));
  const fs = await import("node:fs");
  const datasets = fs
    .readdirSync(join(root, "src", "data"))
    .filter((f) => f.endsWith(".json") && f !== "sources.json")
    .map((f) => JSON.parse(fs.readFileSync(join(root, "src", "data", f), "utf8")))
    .filter((d) => Array.isArray(d.records));
  const functions = existsSync(join(dist, "functions.json")) ? JSON.parse(readFileSync(join(dist, "functions.json"), "utf8")).functions : [];
  const t0 = performance.now();
  const items = searchItems(datasets, functions);
  const index = buildIndex(items, KIND_ORDER);
  const buildMs = performance.now() - t0;
  out("search index: items / build time", `${items.length} / ${buildMs.toFixed(1)}`, "items / ms");
  // The pane's start with the build's index: JSON.parse of search-index.json and restoreIndex, against
  // building the index from the items as the pane does for other data (median of 15, after 5 warm-ups).
  if (existsSync(join(dist, "search-index.json"))) {
    const { restoreIndex } = require(join(root, "src", "taskpane", "model", "search.ts"));
    const text = readFileSync(join(dist, "search-index.json"), "utf8");
    const timed = (fn) => {
      const t = [];
      for (let i = 0; i < 20; i++) {
        const s = performance.now();
        fn();
        if (i >= 5) t.push(performance.now() - s);
      }
      return t.sort((a, b) => a - b)[7];
    };
    const restoreMs = timed(() => restoreIndex(JSON.parse(text)));
    const rebuildMs = timed(() => buildIndex(searchItems(datasets, functions), KIND_ORDER));
    out("search index read from search-index.json / built from the data", `${restoreMs.toFixed(1)} / ${rebuildMs.toFixed(1)}`, "ms", "median of 15 in Node, after 5 warm-ups");
    if (report) report("search index read from search-index.json vs built from the data", restoreMs, rebuildMs);
  }
  const words = ["dysprosium", "china", "8505.11", "production", "neodymium oxide", "ann. 61", "hhi", "burma", "terbium price", "reserves", "malaysia", "2846.90", "section 301", "neodymium magnet tariff", "suspension", "ndfeb"];
  const lat = [];
  // Each pass starts with an empty per-word cache, as for a user typing these words for the first time.
  for (let rep = 0; rep < 5; rep++, index.cache.clear())
    for (const w of words)
      for (let i = 1; i <= w.length; i++) {
        const q = w.slice(0, i);
        const s = performance.now();
        search(index, q);
        lat.push(performance.now() - s);
      }
  lat.sort((a, b) => a - b);
  out("search per keystroke: median", pct(lat, 0.5).toFixed(3), "ms", `${lat.length} keystrokes, 16 words typed 5 times, word cache emptied each time`);
  out("search per keystroke: p95", pct(lat, 0.95).toFixed(3), "ms", "target ≤ 16 ms");
  if (report) report("search per keystroke p95 vs 16 ms budget", pct(lat, 0.95), 16);

  // 3. In headless Chromium: first paint of the search box, results for a query typed at once,
  //    and per-keystroke latency with the CPU throttled 4× (Chromium DevTools Protocol).
  if (!existsSync(join(dist, "taskpane.html"))) {
    out("first render", "n/a", "", "no taskpane.html in " + dist);
    return;
  }
  const { chromium } = require("playwright-core");
  const officeDir = dirname(require.resolve("@microsoft/office-js/dist/office.js"));
  const types = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".png": "image/png" };
  // Optional: an earlier build to load alternately with this one (e.g. BENCH_BEFORE_DIST=/tmp/old/dist),
  // so that "before" and "after" are measured in the same browser at the same time.
  const before = process.env.BENCH_BEFORE_DIST ? resolve(process.env.BENCH_BEFORE_DIST) : null;
  const server = createServer((req, res) => {
    if (req.url === "/" + BARE_PAGE) return res.writeHead(200, { "Content-Type": "text/html" }).end(BARE_HTML);
    if (req.url === "/" + BARE_LOAD_PAGE) return res.writeHead(200, { "Content-Type": "text/html" }).end(BARE_LOAD_HTML);
    if (req.url === "/" + BARE_TYPED_PAGE) return res.writeHead(200, { "Content-Type": "text/html" }).end(BARE_TYPED_HTML);
    const pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    // /before/... serves another build (BENCH_BEFORE_DIST) for a same-run comparison.
    const dir = before && pathname.startsWith("/before/") ? before : dist;
    const file = join(dir, dir === before ? pathname.slice("/before".length) : pathname);
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) return res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": types[extname(file)] || "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/taskpane.html`;
  const { findBrowser, BROWSER_ARGS } = require(join(root, "scripts", "lib", "browser.cjs"));
  const found = findBrowser();
  if (found.error) {
    out("task pane in a browser", "skipped", "", found.error);
    server.close();
    return;
  }
  const browser = await chromium.launch({ executablePath: found.executablePath, args: BROWSER_ARGS });
  // In-page probes (installed before any script of the page runs).
  // Load, for the pane and for a bare page alike: the search box in the DOM and painted (the frame
  // after it), the first results for a query typed at once painted, and the first custom-function
  // result: office.js's CustomFunctions object is caught as office.js creates it, and the first
  // function registered under one of the probed ids is called at once (as Excel's first
  // calculation would), with its result awaited if it is a promise.
  const probeLoad = () => {
    const w = window;
    const b = (w.__bench = { box: null, boxPainted: null, firstResult: null, firstResultPainted: null, fnCalled: null, fnResult: null, fnValue: null, cls: 0 });
    // Cumulative layout shift: every shift not caused by the user's input (typing counts as input).
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) b.cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
    const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
    const mo = new MutationObserver(() => {
      if (b.box === null && document.getElementById("search-box")) {
        b.box = performance.now();
        afterPaint(() => (b.boxPainted = performance.now()));
      }
      if (b.firstResult === null && document.querySelector("[data-result]") && document.getElementById("search-box")?.value) {
        b.firstResult = performance.now();
        afterPaint(() => (b.firstResultPainted = performance.now()));
        mo.disconnect();
      }
    });
    mo.observe(document, { subtree: true, childList: true, characterData: true });
    let cf;
    Object.defineProperty(w, "CustomFunctions", {
      configurable: true,
      enumerable: true,
      get: () => cf,
      set: (v) => {
        cf = v;
        // office.js fills the object right after creating it; its association exists once that script ends.
        queueMicrotask(() => {
          const assoc = v && v._association;
          if (!assoc) return;
          assoc.onchange(() => {
            if (b.fnCalled !== null) return;
            const m = assoc.mappings;
            const id = ["CN_LICENSE_REQUIRED", "BARE_FN"].find((k) => typeof m[k] === "function");
            if (!id) return;
            b.fnCalled = performance.now();
            Promise.resolve(m[id]([[0.5]], [[100]], [["magnet"]], [["2026-12-01"]], null, null)).then((r) => {
              b.fnResult = performance.now();
              b.fnValue = JSON.stringify(r);
            });
          });
        });
      },
    });
  };
  // Keystrokes: the time from the key event to the moment the results list shows the typed query
  // (the pane sets data-query on the list once it has written the rows that can be on screen, so
  // every keystroke counts, also those that leave the results as they were), to the frame after it
  // (painted), and to the moment the whole list is written (the rows below the window follow after
  // that frame; the list is aria-busy until then, and a keystroke that comes first supersedes it).
  // Only those two attributes are observed: observing every mutation of the list would make the
  // page create a record per DOM write and slow down what is measured. Each keystroke also notes
  // whether it changed the results on screen, worked out after the time is taken.
  const probeKeys = () => {
    const w = window;
    w.__bench = { keys: [] };
    let pending = null;
    let whole = null;
    let shown = "";
    document.addEventListener("keydown", (e) => (pending = e.timeStamp), true);
    const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
    new MutationObserver(() => {
      const now = performance.now();
      const list = document.getElementById("search-results");
      if (!list || list.getAttribute("data-query") !== document.getElementById("search-box")?.value) return;
      if (pending !== null) {
        const t0 = pending;
        pending = null;
        const rows = list.querySelectorAll(":scope > section:not([hidden]) > ul > li:not([hidden]) > [data-result]");
        const keys = Array.from(rows, (e) => e.getAttribute("data-result")).join("\n");
        const entry = [now - t0, null, keys !== shown, null];
        shown = keys;
        w.__bench.keys.push(entry);
        afterPaint(() => (entry[1] = performance.now() - t0));
        whole = [entry, t0];
      }
      if (whole !== null && !list.hasAttribute("aria-busy")) {
        whole[0][3] = now - whole[1];
        whole = null;
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-query", "aria-busy"] });
  };
  const routeOffice = (ctx) =>
    ctx.route("**/*", (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === "127.0.0.1") return route.continue();
      if (u.hostname === "appsforoffice.microsoft.com") {
        const f = join(officeDir, u.pathname.replace(/^\/lib\/1(\.1)?\/hosted\//, ""));
        if (f.startsWith(officeDir) && existsSync(f)) return route.fulfill({ path: f, contentType: "text/javascript" });
      }
      return route.abort();
    });
  try {
    // One load of a page: the probe's figures (ms from navigation start).
    // A published update for the third variant: the bundled pack under a newer version (so the
    // add-in fetches it, checks its hash and runs the checker in its worker before answering).
    const { buildPack, latestFor } = require(join(root, "scripts", "lib", "pack.cjs"));
    const { serializePack } = require(join(root, "src", "pack", "files.ts"));
    const base = buildPack(undefined, { check: false });
    const upHeader = { ...base.header, version: "2099.01.01" };
    const upText = serializePack(upHeader, base.datasets);
    const up = { header: upHeader, file: "pack-2099.01.01.json", sha256: require("node:crypto").createHash("sha256").update(upText).digest("hex") };
    const routeUpdate = (ctx) =>
      ctx.route("**/data/*.json", (route) => {
        const name = new URL(route.request().url()).pathname.replace(/^.*\/data\//, "");
        if (name === "latest.json") return route.fulfill({ body: latestFor(up), contentType: "application/json" });
        if (name === up.file) return route.fulfill({ body: upText, contentType: "application/json" });
        return route.fulfill({ status: 404, body: "" });
      });
    const load = async (path, { typeQuery, update = false, slow = false }) => {
      const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
      await routeOffice(ctx);
      if (update) await routeUpdate(ctx);
      const page = await ctx.newPage();
      await page.addInitScript(probeLoad);
      if (slow) {
        // The add-in's own files over a slower link than this machine's loopback: Chromium's network
        // emulation (office.js is answered by the route above and is not slowed, for both pages alike).
        const cdp = await ctx.newCDPSession(page);
        await cdp.send("Network.enable");
        await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: SLOW.latencyMs, downloadThroughput: SLOW.bytesPerSecond, uploadThroughput: SLOW.bytesPerSecond });
      }
      await page.goto(url.replace("taskpane.html", path), { waitUntil: "commit" });
      // Type as soon as the search box accepts input, like a user who starts typing at once.
      await page.waitForSelector("#search-box", { timeout: 20000 });
      if (typeQuery) {
        await page.type("#search-box", "dysprosium");
        await page.waitForFunction(() => window.__bench.firstResultPainted !== null, null, { timeout: 20000 });
      }
      await page.waitForFunction(() => window.__bench.boxPainted !== null && window.__bench.fnResult !== null, null, { timeout: 30000 });
      // Layout shift is taken until the pane has settled: its index built, the host known, a second more.
      if (!typeQuery && path.endsWith("taskpane.html")) {
        await page.waitForFunction(() => !/Preparing/.test(document.querySelector("[data-testid=search-status]")?.textContent ?? "Preparing"), null, { timeout: 20000 });
        await page.waitForTimeout(4000);
      }
      const m = await page.evaluate(() => window.__bench);
      await ctx.close();
      return m;
    };
    const pane = [];
    const bareLoads = [];
    const bareTyped = [];
    const untyped = [];
    const updated = [];
    const beforeTyped = [];
    const beforeUntyped = [];
    const paneSlow = [];
    const bareSlow = [];
    const beforeSlow = [];
    // Alternate the pages so that all see the same machine. The first function result is taken on
    // loads without typing (typing competes with it for the page's thread).
    for (let i = 0; i < 5; i++) {
      pane.push(await load("taskpane.html", { typeQuery: true }));
      bareLoads.push(await load(BARE_LOAD_PAGE, { typeQuery: false }));
      bareTyped.push(await load(BARE_TYPED_PAGE, { typeQuery: true }));
      untyped.push(await load("taskpane.html", { typeQuery: false }));
      updated.push(await load("taskpane.html", { typeQuery: false, update: true }));
      if (before) {
        beforeTyped.push(await load("before/taskpane.html", { typeQuery: true }));
        beforeUntyped.push(await load("before/taskpane.html", { typeQuery: false }));
      }
      paneSlow.push(await load("taskpane.html", { typeQuery: true, slow: true }));
      bareSlow.push(await load(BARE_TYPED_PAGE, { typeQuery: true, slow: true }));
      if (before) beforeSlow.push(await load("before/taskpane.html", { typeQuery: true, slow: true }));
    }
    if (!/true|false/.test(pane[0].fnValue)) out("first function result", "unexpected", "", `CN_LICENSE_REQUIRED gave ${pane[0].fnValue}`);
    const med = (a) => {
      const s = [...a].sort((x, y) => x - y);
      const m = Math.floor(s.length / 2);
      return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
    };
    const range = (a) => `min ${Math.min(...a).toFixed(0)}, max ${Math.max(...a).toFixed(0)}`;
    const col = (runs, k) => runs.map((r) => r[k]);
    const figureVs = (name, ours, floor, note) => {
      out(name, `${med(ours).toFixed(0)} / ${med(floor).toFixed(0)}`, "ms", `ours / bare page, medians (ours ${range(ours)}; bare ${range(floor)})${note ? "; " + note : ""}`);
      if (report) report(`${name} vs the bare page`, med(ours), med(floor), note || "");
    };
    // The search box is painted before anything is typed or any data is read, so every load of a
    // page measures it: 15 of the pane (typed, untyped, update) and 10 of the bare page (both kinds).
    const paneLoads = [...pane, ...untyped, ...updated];
    const bareAll = [...bareLoads, ...bareTyped];
    figureVs(
      "search box painted (navigation start → frame after it)",
      col(paneLoads, "boxPainted"),
      col(bareAll, "boxPainted"),
      "every load of each page (15 and 10); bare page: office.js and one search box; target ≤ 1.2×",
    );
    figureVs("first function result (navigation start → CN_LICENSE_REQUIRED answered)", col(untyped, "fnResult"), col(bareLoads, "fnResult"), "bare page: office.js and one registered function that returns 1; the host names the bundled pack");
    figureVs("first function result, the host publishes an update", col(updated, "fnResult"), col(bareLoads, "fnResult"), "latest.json, the 0.3 MB pack fetched, hashed and checked in the worker before the first answer");
    figureVs(
      "results for a query typed at once painted",
      col(pane, "firstResultPainted"),
      col(bareTyped, "firstResultPainted"),
      "bare page: the same, one result row written per keystroke, typed alike; target ≤ 3×",
    );
    figureVs(
      "results for a query typed at once, against the bare search box painted",
      col(pane, "firstResultPainted"),
      col(bareLoads, "boxPainted"),
      "the figure earlier benches printed; the next line shows how much of it typing through Playwright takes on its own",
    );
    figureVs(
      "bare page: results typed at once, against its search box painted",
      col(bareTyped, "firstResultPainted"),
      col(bareLoads, "boxPainted"),
      "the test harness's floor for the line above (no work of ours in it)",
    );
    const slowNote = `${(SLOW.bytesPerSecond * 8) / 1e6} Mbit/s, ${SLOW.latencyMs} ms per request (Chromium's network emulation)`;
    figureVs("on a slower link: search box painted", col(paneSlow, "boxPainted"), col(bareSlow, "boxPainted"), slowNote);
    figureVs("on a slower link: results for a query typed at once painted", col(paneSlow, "firstResultPainted"), col(bareSlow, "firstResultPainted"), `${slowNote}; bare page typed alike`);
    out("search box in the DOM (accepts typing), median of 5", med(col(pane, "box")).toFixed(0), "ms", range(col(pane, "box")));
    // A score, not a time: the bare page shifts nothing, so it is printed beside ours rather than as a ratio.
    const worst = (a) => Math.max(...a);
    out("layout shift while loading (CLS, no input), worst of 5", worst(col(untyped, "cls")).toFixed(3), "", `median ${med(col(untyped, "cls")).toFixed(3)}; bare page ${worst(col(bareLoads, "cls")).toFixed(3)}; target ≤ 0.05; until the index is built and the host known (preview after 3 s), plus 1 s`);
    if (before) out("before: layout shift while loading (CLS), worst of 5", worst(col(beforeUntyped, "cls")).toFixed(3), "", `median ${med(col(beforeUntyped, "cls")).toFixed(3)}`);
    if (before) {
      out(`before: ${before}`, "", "", "loaded alternately with this build, same browser");
      figureVs("before: search box painted", col([...beforeTyped, ...beforeUntyped], "boxPainted"), col(bareAll, "boxPainted"), "every load (10)");
      figureVs("before: first function result", col(beforeUntyped, "fnResult"), col(bareLoads, "fnResult"), "");
      figureVs("before: results for a query typed at once painted", col(beforeTyped, "firstResultPainted"), col(bareTyped, "firstResultPainted"), "");
      figureVs("before, on a slower link: results for a query typed at once painted", col(beforeSlow, "firstResultPainted"), col(bareSlow, "firstResultPainted"), "");
      if (report) {
        report("after vs before: search box painted", med(col(paneLoads, "boxPainted")), med(col([...beforeTyped, ...beforeUntyped], "boxPainted")));
        report("after vs before: first function result", med(col(untyped, "fnResult")), med(col(beforeUntyped, "fnResult")));
        report("after vs before: results for a query typed at once painted", med(col(pane, "firstResultPainted")), med(col(beforeTyped, "firstResultPainted")));
        report("after vs before, on a slower link: results for a query typed at once painted", med(col(paneSlow, "firstResultPainted")), med(col(beforeSlow, "firstResultPainted")));
      }
      const bfgz = existsSync(join(before, "functions.js")) ? gzipSync(readFileSync(join(before, "functions.js")), { level: 9 }).length : 0;
      out("before: functions.js, gzip", (bfgz / 1024).toFixed(1), "KB", `${bfgz} bytes`);
    }

    // Keystroke latency, CPU throttled 4×: the pane, and as a floor a bare page in the same browser
    // (a search input whose listener writes one line and sets data-query on a list), typed alike.
    const typeWords = async (path) => {
      const ctx = await browser.newContext({ viewport: { width: 360, height: 800 } });
      await routeOffice(ctx);
      const page = await ctx.newPage();
      await page.addInitScript(probeKeys);
      await page.goto(url.replace("taskpane.html", path));
      await page.waitForSelector("[data-testid=search-status]", { timeout: 20000 });
      await page.waitForFunction(() => !/Preparing/.test(document.querySelector("[data-testid=search-status]").textContent), null, { timeout: 20000 });
      const cdp = await ctx.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      for (const w of words) {
        await page.fill("#search-box", "");
        await page.waitForTimeout(50);
        await page.type("#search-box", w, { delay: 60 });
        await page.waitForTimeout(100);
      }
      const keys = await page.evaluate(() => window.__bench.keys);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
      await ctx.close();
      return keys;
    };
    // Three loads of each page, alternately, their keystrokes pooled: a p95 over one load's ~160 keystrokes
    // moved by a third between runs (1.13–1.79× in one day's runs); each load is a fresh page, as a user's first typing.
    const keys = [];
    const bareKeys = [];
    for (let i = 0; i < 3; i++) {
      keys.push(...(await typeWords("taskpane.html")));
      bareKeys.push(...(await typeWords(BARE_PAGE)));
    }
    const bare = bareKeys.map((k) => k[0]).sort((a, b) => a - b);
    const sorted = (a) => a.filter((x) => x !== null).sort((x, y) => x - y);
    const dom = sorted(keys.map((k) => k[0]));
    const paint = sorted(keys.map((k) => k[1]));
    const rewrote = sorted(keys.filter((k) => k[2]).map((k) => k[0]));
    const wholeList = sorted(keys.map((k) => k[3]));
    out("keystroke → results on screen in the DOM, CPU 4× throttled: median", pct(dom, 0.5).toFixed(1), "ms", `${dom.length} keystrokes (3 loads)`);
    out("keystroke → results on screen in the DOM, CPU 4× throttled: p95", pct(dom, 0.95).toFixed(1), "ms", `max ${dom[dom.length - 1].toFixed(1)}; target ≤ 16 ms`);
    out("  of which keystrokes that changed the results shown: median / p95", `${pct(rewrote, 0.5).toFixed(1)} / ${pct(rewrote, 0.95).toFixed(1)}`, "ms", `${rewrote.length} keystrokes, max ${rewrote[rewrote.length - 1].toFixed(1)}`);
    out("  bare input in the same browser (floor): median / p95", `${pct(bare, 0.5).toFixed(1)} / ${pct(bare, 0.95).toFixed(1)}`, "ms", `${bare.length} keystrokes`);
    out("keystroke → next frame painted, CPU 4× throttled: median / p95", `${pct(paint, 0.5).toFixed(1)} / ${pct(paint, 0.95).toFixed(1)}`, "ms", "includes waiting for the frame (up to 16.7 ms at 60 Hz)");
    out("keystroke → whole list written (rows below the window too): median / p95", `${pct(wholeList, 0.5).toFixed(1)} / ${pct(wholeList, 0.95).toFixed(1)}`, "ms", `${wholeList.length} keystrokes; ${keys.length - wholeList.length} superseded by the next key first`);
    if (report) {
      report("keystroke latency p95 (4× CPU) vs 16 ms budget", pct(dom, 0.95), 16);
      report("keystroke latency p95 (4× CPU) vs a bare input's", pct(dom, 0.95), pct(bare, 0.95));
    }
  } finally {
    await browser.close();
    server.close();
  }
}

/**
 * The search index computed with the add-in (search-index.json, fetched by boot.js with the
 * scripts) in real headless Chromium: a query typed into the static shell before the scripts run
 * is answered in the pane's first render from it; without it (404, a damaged or a foreign file) the
 * pane builds its own index and answers the same, saying nothing but where the index came from.
 * The shell's own search (shell-search.js) answers a query typed before the pane has started, with
 * the rows the pane then writes in the same places, and hands over any click on them.
 */
import type { Browser, Page } from "playwright-core";
import { launch, openPage, seriousAxeViolations, serve, typeQuery, type PageWatch, type Server } from "./util";

let server: Server;
let browser: Browser;
beforeAll(async () => {
  server = await serve();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const rows = (page: Page) =>
  page.locator("#search-results [data-result]:visible").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.result!));

/** The pane with search-index.json answered by `answer` (undefined: served as built). */
async function open(answer?: { status: number; body: string }): Promise<PageWatch> {
  const w = await openPage(browser, { width: 360, height: 700 });
  if (answer) await w.page.route(/\/search-index\.json$/, (r) => r.fulfill({ ...answer, contentType: "application/json" }));
  await w.page.goto(server.url + "taskpane.html");
  await w.page.getByTestId("search-box").waitFor();
  return w;
}

test("a query typed into the shell before the scripts run is answered in the pane's first render, from the add-in's index", async () => {
  const w = await openPage(browser, { width: 360, height: 700 });
  const page = w.page;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/functions\.js$/, async (r) => {
    await held;
    await r.continue();
  });
  let indexRequests = 0;
  page.on("request", (r) => {
    if (/\/search-index\.json$/.test(r.url())) indexRequests++;
  });
  // Records, in the page, what the results list shows when React has just replaced the shell (the
  // observer runs after the task that did it, before any other task: timers, input, fetches).
  await page.addInitScript(() => {
    const w = window as unknown as { __first?: { query: string | null; from: string | null; rows: string[] } };
    let seenShell = false;
    new MutationObserver((_, mo) => {
      const list = document.getElementById("search-results");
      if (document.getElementById("pane-shell")) seenShell = true;
      if (!seenShell || document.getElementById("pane-shell") || !list) return;
      w.__first = {
        query: list.getAttribute("data-query"),
        from: list.getAttribute("data-index"),
        rows: Array.from(list.querySelectorAll("[data-result]"), (e) => (e as HTMLElement).dataset.result!),
      };
      mo.disconnect();
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  await page.goto(server.url + "taskpane.html", { waitUntil: "commit" });
  const shellBox = page.locator("#pane-shell #search-box");
  await shellBox.waitFor();
  await shellBox.click();
  await page.keyboard.type("dysprosium");
  release();
  await page.waitForFunction(() => (window as unknown as { __first?: unknown }).__first !== undefined, null, { timeout: 20000 });
  const first = await page.evaluate(() => (window as unknown as { __first: { query: string; from: string; rows: string[] } }).__first);
  // The first list React writes already answers the whole query, with the add-in's index.
  expect(first.query).toBe("dysprosium");
  expect(first.from).toBe("add-in");
  expect(first.rows[0]).toBe("entity:element:Dy");
  expect(indexRequests).toBe(1);
  expect(w.consoleErrors).toEqual([]);
  expect(w.externalRequests).toEqual([]);
  await page.context().close();
});

describe("without a usable index file the pane builds its own and answers the same", () => {
  let expected: string[];
  beforeAll(async () => {
    const w = await open();
    await typeQuery(w.page, "NdFeB magnet tariff China");
    expect(await w.page.locator("#search-results").getAttribute("data-index")).toBe("add-in");
    expected = await rows(w.page);
    expect(expected[0]).toBe("entity:hts:8505110070");
    await w.page.context().close();
  });
  const cases: [string, { status: number; body: string }][] = [
    ["no file (404)", { status: 404, body: "not found" }],
    ["a file that is not JSON", { status: 200, body: "<html>maintenance</html>" }],
    [
      "a damaged index",
      {
        status: 200,
        body: JSON.stringify({
          format: "trade-search-index/1",
          addinVersion: require("../../package.json").version,
          pack: { version: "x", sha256: "0".repeat(64) },
          items: [],
          words: ["a"],
          weights: [1],
          postings: [[]],
          tieRank: [],
        }),
      },
    ],
    [
      "an index of another add-in version",
      { status: 200, body: JSON.stringify({ format: "trade-search-index/1", addinVersion: "0.0.1" }) },
    ],
  ];
  test.each(cases)("%s", async (_what, answer) => {
    const w = await open(answer);
    await typeQuery(w.page, "NdFeB magnet tariff China");
    expect(await w.page.locator("#search-results").getAttribute("data-index")).toBe("pane");
    expect(await rows(w.page)).toEqual(expected);
    // A 404 is the browser's own console line for the failed request; nothing else is said.
    expect(w.consoleErrors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e))).toEqual([]);
    await w.page.context().close();
  });
});

test("an index file that comes late does not hold the pane back (it starts after 250 ms) and is taken when it comes", async () => {
  const w = await openPage(browser, { width: 360, height: 700 });
  const page = w.page;
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route(/\/search-index\.json$/, async (r) => {
    await held;
    await r.continue();
  });
  await page.goto(server.url + "taskpane.html");
  // React's box replaces the shell's while the index file is still held.
  await page.waitForFunction(() => !document.getElementById("pane-shell") && !!document.querySelector("[data-testid=search-box]"), null, {
    timeout: 20000,
  });
  await typeQuery(page, "dysprosium");
  expect(await rows(page)).toContain("entity:element:Dy");
  release();
  await page.waitForFunction(() => document.getElementById("search-results")?.getAttribute("data-index") === "add-in", null, {
    timeout: 20000,
  });
  expect((await rows(page))[0]).toBe("entity:element:Dy");
  expect(w.consoleErrors).toEqual([]);
  await page.context().close();
});

/**
 * The pane with functions.js held back until `release()` (the pane's own script runs after it, so
 * neither has run): what shows meanwhile is the static shell and its search. `answer` replaces
 * search-index.json. Records layout shifts not caused by input.
 */
async function heldPane(answer?: { status: number; body: string }): Promise<PageWatch & { release(): void }> {
  const w = await openPage(browser, { width: 360, height: 700 });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await w.page.route(/\/functions\.js$/, async (r) => {
    await held;
    await r.continue();
  });
  if (answer) await w.page.route(/\/search-index\.json$/, (r) => r.fulfill({ ...answer, contentType: "application/json" }));
  await w.page.addInitScript(() => {
    const g = window as unknown as { __shifts: number[] };
    g.__shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
        if (!e.hadRecentInput) g.__shifts.push(e.value);
    }).observe({ type: "layout-shift", buffered: true });
  });
  await w.page.goto(server.url + "taskpane.html", { waitUntil: "commit" });
  await w.page.locator("#pane-shell #search-box").click();
  return { ...w, release };
}

/** Each visible result row of the list: its key and where it is on the page. */
const placedRows = (page: Page) =>
  page.locator("#search-results [data-result]:visible").evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { key: (e as HTMLElement).dataset.result!, at: [r.x, r.y, r.width, r.height].map(Math.round) };
    }),
  );

describe("the shell's search, before the pane has started", () => {
  test("answers a query typed into the shell from the add-in's index; the pane then writes the same rows in the same places, with no shift", async () => {
    const w = await heldPane();
    const page = w.page;
    await page.keyboard.type("dysprosium");
    await page.waitForFunction(() => document.querySelector("#pane-shell #search-results")?.getAttribute("data-query") === "dysprosium");
    expect(await page.locator("#pane-shell").count()).toBe(1);
    const list = page.locator("#pane-shell #search-results");
    expect(await list.getAttribute("data-index")).toBe("add-in");
    const shellRows = await placedRows(page);
    expect(shellRows[0].key).toBe("entity:element:Dy");
    const shellStatus = await page.locator("#pane-shell .sb-status").textContent();
    expect(shellStatus).toMatch(/^\d+ results? in \d+ groups?\./);
    expect(await seriousAxeViolations(page, "shell search results")).toEqual([]);
    // Keys pressed before the pane starts are searched too.
    const box = page.locator("#pane-shell #search-box");
    for (let i = 0; i < 3; i++) await box.press("Backspace");
    await page.waitForFunction(() => document.querySelector("#pane-shell #search-results")?.getAttribute("data-query") === "dyspros");
    await box.pressSequentially("ium");
    await page.waitForFunction(() => document.querySelector("#pane-shell #search-results")?.getAttribute("data-query") === "dysprosium");
    expect(await placedRows(page)).toEqual(shellRows);

    w.release();
    await page.getByTestId("search-box").waitFor();
    await page.waitForFunction(() => !document.getElementById("pane-shell"));
    expect(await page.getByTestId("search-box").inputValue()).toBe("dysprosium");
    expect(await placedRows(page)).toEqual(shellRows);
    expect(await page.getByTestId("search-status").textContent()).toBe(shellStatus);
    expect(await page.locator("#search-results").getAttribute("data-index")).toBe("add-in");
    expect(await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
    await page.context().close();
  });

  test("a result clicked in the shell is opened when the pane starts; Enter in the shell's box opens the first", async () => {
    const w = await heldPane();
    await w.page.keyboard.type("terbium");
    const row = w.page.locator('#pane-shell [data-result="entity:element:Tb"]');
    await row.click();
    w.release();
    await w.page.locator("#detail-heading").waitFor();
    expect(await w.page.locator("#detail-heading").textContent()).toContain("Terbium");
    expect(w.consoleErrors).toEqual([]);
    await w.page.context().close();

    const e = await heldPane();
    await e.page.keyboard.type("dysprosium");
    await e.page.waitForFunction(() => document.querySelector("#pane-shell #search-results")?.getAttribute("data-query") === "dysprosium");
    await e.page.keyboard.press("Enter");
    e.release();
    await e.page.locator("#detail-heading").waitFor();
    expect(await e.page.locator("#detail-heading").textContent()).toContain("Dysprosium");
    await e.page.context().close();
  });

  test("with an index file of another add-in version the shell stays silent and the pane answers with its own", async () => {
    const w = await heldPane({ status: 200, body: JSON.stringify({ format: "trade-search-index/1", addinVersion: "0.0.1" }) });
    await w.page.keyboard.type("dysprosium");
    // Long enough for the file to have been read and refused.
    await w.page.waitForFunction(
      () =>
        (window as unknown as { __paneFetched?: Record<string, { done: boolean }> }).__paneFetched?.["search-index.json"]?.done === true,
    );
    await w.page.waitForTimeout(100);
    expect(await w.page.locator("#pane-shell #search-results [data-result]").count()).toBe(0);
    expect(await w.page.locator("#pane-shell .sb-status").textContent()).toBe("");
    w.release();
    await w.page.waitForFunction(
      () =>
        document.getElementById("search-results")?.getAttribute("data-query") === "dysprosium" && !document.getElementById("pane-shell"),
    );
    expect(await w.page.locator("#search-results").getAttribute("data-index")).toBe("pane");
    expect((await rows(w.page))[0]).toBe("entity:element:Dy");
    await w.page.context().close();
  });
});

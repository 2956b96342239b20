/**
 * The pane's own copy of the core: when functions.js does not load (it
 * normally publishes the core and data pack for the pane, src/core/shared.ts),
 * the pane loads pane.core.js itself and still searches and shows details.
 */
import { launch, openPage, serve, type Server } from "./util";
import type { Browser } from "playwright-core";

jest.setTimeout(90000);
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

test("without functions.js the pane falls back to its own core chunk", async () => {
  const w = await openPage(browser, { width: 360, height: 800 });
  const page = w.page;
  const loaded: string[] = [];
  page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
  await page.route("**/functions.js", (route) => route.abort());
  await page.goto(server.url + "taskpane.html");
  await page.getByTestId("search-box").fill("dysprosium");
  await page.locator('[data-result="entity:element:Dy"]').click();
  await page.getByTestId("answer").waitFor();
  expect(loaded.some((p) => p.endsWith("/pane.core.js"))).toBe(true);
  expect(w.consoleErrors.filter((e) => !/functions\.js|ERR_FAILED/.test(e))).toEqual([]);
});

test("with functions.js the pane loads no second copy of the core", async () => {
  const w = await openPage(browser, { width: 360, height: 800 });
  const page = w.page;
  const loaded: string[] = [];
  page.on("request", (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto(server.url + "taskpane.html");
  await page.getByTestId("search-box").fill("dysprosium");
  await page.locator('[data-result="entity:element:Dy"]').click();
  await page.getByTestId("answer").waitFor();
  expect(loaded.some((p) => p.endsWith("/pane.core.js"))).toBe(false);
  expect(await page.evaluate(() => typeof (globalThis as { __TRADE_CORE__?: unknown }).__TRADE_CORE__)).toBe("object");
});

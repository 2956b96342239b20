/**
 * FLDS/BDH inserts end to end: the pane in headless Chromium with a fake
 * office.js (test/e2e/fake-office.ts) that reports Excel and keeps an in-page
 * grid. A grid insert from the field browser and a selection-to-formulas
 * insert land as TRADE.REF formulas, and neither overwrites a filled cell.
 */
import * as path from "path";
import type { Page } from "playwright-core";
import { FAKE_OFFICE_JS } from "./fake-office";
import { launch, openPage, serve, type PageWatch, type Server } from "./util";
import type { Browser } from "playwright-core";

jest.setTimeout(90000);
let server: Server;
let browser: Browser;
let w: PageWatch;
let page: Page;
const ART = path.join(__dirname, "..", "..", "test-artifacts");

type Grid = { cells: Record<string, unknown>; active: { row: number; col: number }; selection: { row: number; col: number; rows: number; cols: number } };
const cells = () => page.evaluate(() => (window as unknown as { __grid: Grid }).__grid.cells);
const setGrid = (fn: string) => page.evaluate(`(function(G){${fn}})(window.__grid)`);

beforeAll(async () => {
  server = await serve();
  browser = await launch();
  w = await openPage(browser, { width: 360, height: 900 });
  page = w.page;
  await page.route("https://appsforoffice.microsoft.com/**", (route) => route.fulfill({ body: FAKE_OFFICE_JS, contentType: "text/javascript" }));
  await page.goto(server.url + "taskpane.html");
  await page.getByTestId("excel-ready").waitFor({ timeout: 20000 });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openFields() {
  await page.getByRole("tab", { name: "Fields" }).click();
  await page.getByTestId("field-browser").waitFor();
}
afterEach(async () => {
  await page.screenshot({ path: path.join(ART, `taskpane-inserts-${expect.getState().currentTestName?.slice(0, 20).replace(/\W+/g, "-")}.png`), fullPage: true });
});

test("grid insert: 2 elements × 2 fields → title, headers with units, TRADE.REF formulas, a sources row; an occupied target is refused", async () => {
  await openFields();
  await page.getByTestId("fb-kind").selectOption("element");
  // The list starts on the first element (Cerium); choose Dy and Tb, then drop Cerium's chip.
  await page.locator("[data-testid=fb-entity] input[data-entity='element:Dy']").check();
  await page.locator("[data-testid=fb-entity] input[data-entity='element:Tb']").check();
  await page.getByRole("button", { name: "Remove Cerium" }).click();
  expect(await page.getByTestId("fb-chips").locator(".chip-label").allTextContents()).toEqual(["Dysprosium", "Terbium"]);
  await page.locator("[data-testid=fb-fields] input[data-field=atomic_number]").check();
  await page.locator("[data-testid=fb-fields] input[data-field=class_usgs]").check();
  // A filled cell inside the target block (B2 is the active cell; D4 is inside the 4-column block).
  await setGrid('G.active = { row: 1, col: 1 }; G.cells["3,3"] = "mine";');
  await page.locator("[data-quick=grid]").click();
  await page.getByText(/D4/).first().waitFor();
  let c = await cells();
  expect(Object.keys(c)).toEqual(["3,3"]); // nothing written
  expect(c["3,3"]).toBe("mine");
  await setGrid('delete G.cells["3,3"];');
  await page.locator("[data-quick=grid]").click();
  await page.waitForFunction(() => Object.keys((window as unknown as { __grid: Grid }).__grid.cells).length > 4);
  c = await cells();
  expect(String(c["1,1"])).toMatch(/^'TRADE\.REF atomic_number, class_usgs: Dysprosium, Terbium/); // title (text)
  expect(c["2,1"]).toBe("'Entity");
  expect(c["2,2"]).toBe("'atomic_number (number)");
  expect(c["3,1"]).toBe("'Dy");
  expect(c["3,2"]).toBe('=TRADE.REF("Dy","atomic_number")');
  expect(c["4,3"]).toBe('=TRADE.REF("Tb","class_usgs")');
  expect(c["5,1"]).toBe("'Sources");
  expect(String(c["6,1"])).toMatch(/^'S\d+: /); // the first cited source, in full
  await page.screenshot({ path: path.join(ART, "taskpane-grid-insert.png"), fullPage: true });
});

test("selection to formulas: Malaysia, Dy, 8505.11.00.70 selected → =TRADE.REF(A10,…) next to them, never overwriting", async () => {
  await openFields();
  await page.getByTestId("fb-kind").selectOption("country");
  await page.locator("[data-testid=fb-fields] input[data-field=production_t]").check();
  await setGrid('G.cells["9,0"] = "Malaysia"; G.cells["10,0"] = "Dy"; G.cells["11,0"] = "\'8505.11.00.70"; G.cells["10,1"] = 5; G.selection = { row: 9, col: 0, rows: 3, cols: 1 };');
  await page.getByTestId("fb-selection").click();
  await page.getByText(/B11/).first().waitFor();
  let c = await cells();
  expect(c["9,1"]).toBeUndefined();
  await setGrid('delete G.cells["10,1"];');
  await page.getByTestId("fb-selection").click();
  await page.waitForFunction(() => (window as unknown as { __grid: Grid }).__grid.cells["11,1"] !== undefined);
  c = await cells();
  expect(c["9,1"]).toBe('=TRADE.REF(A10,"production_t")');
  expect(c["10,1"]).toBe('=TRADE.REF(A11,"production_t")');
  expect(c["11,1"]).toBe('=TRADE.REF(A12,"production_t")');
});

test("insert from a search result without opening it", async () => {
  await page.getByRole("tab", { name: "Search" }).click();
  await setGrid("G.cells = {}; G.active = { row: 20, col: 4 };");
  await page.getByTestId("search-box").fill("malaysia");
  await page.locator('[data-quick="entity:country:MY"]').click();
  await page.waitForFunction(() => (window as unknown as { __grid: Grid }).__grid.cells["20,4"] !== undefined);
  expect((await cells())["20,4"]).toMatch(/^=TRADE\.REF\("MY","production_t",\d{4},"MCS \d{4}"\)$/);
});

test("no console errors", () => {
  expect(w.consoleErrors).toEqual([]);
});

/**
 * The task pane in real headless Chromium (Debian chromium + playwright-core),
 * served from the built DIST_DIR on 127.0.0.1, outside Excel (preview mode).
 * Screenshots of each main view go to test-artifacts/.
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { closePane, openPane, seriousAxeViolations, type PageWatch, type PaneSession, type Server } from "./util";

jest.setTimeout(90000);
const ART = path.join(__dirname, "..", "..", "test-artifacts");
let pane: PaneSession;
let server: Server;
let w: PageWatch;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(ART, { recursive: true });
  pane = await openPane({ width: 340, height: 900 });
  ({ server, watch: w, page } = pane);
});
afterAll(() => closePane(pane));

async function axe(label: string) {
  expect(await seriousAxeViolations(page, label)).toEqual([]);
}

const shot = (name: string) => page.screenshot({ path: path.join(ART, `taskpane-${name}.png`), fullPage: true });

test("preview banner, search for dysprosium, detail with figures and clickable sources", async () => {
  await page.getByTestId("preview-banner").waitFor();
  await page.getByTestId("search-box").fill("dysprosium");
  const hit = page.locator('[data-result="entity:element:Dy"]');
  await hit.waitFor();
  await expect(page.getByTestId("search-status").textContent()).resolves.toMatch(/result/);
  await shot("search");
  await axe("search");
  await hit.click();
  const detail = page.getByTestId("detail");
  await detail.getByRole("heading", { name: "Dysprosium", level: 2 }).waitFor();
  expect(await page.getByTestId("figures").locator("tbody tr").count()).toBeGreaterThan(2);
  const links = page.getByTestId("source-list").locator("a[href^='http']");
  expect(await links.count()).toBeGreaterThan(0);
  // every figure names its source(s)
  // every figure points to its numbered source(s) in the one source list below
  const figures = await page.getByTestId("figures").locator("tbody tr").all();
  for (const f of figures.slice(0, 5)) expect(await f.textContent()).toMatch(/\[\d+(, \d+)*\]|no data|give a date/i);
  await shot("detail-dysprosium");
  await axe("detail");
});

test("keyboard only: search box → first result → detail → an insert button (disabled in preview, still focusable)", async () => {
  await page.goto(server.url + "taskpane.html");
  await page.getByTestId("search-box").waitFor();
  await page.keyboard.press("Tab"); // first tab stop
  // Walk with Tab until the search box has focus.
  for (let i = 0; i < 12; i++) {
    if (await page.evaluate(() => document.activeElement?.id === "search-box")) break;
    await page.keyboard.press("Tab");
  }
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("search-box");
  await page.keyboard.type("dysprosium");
  await page.locator('[data-result="entity:element:Dy"]').waitFor();
  await page.keyboard.press("ArrowDown");
  expect(await page.evaluate(() => (document.activeElement as HTMLElement)?.dataset.result)).toBe("entity:element:Dy");
  await page.keyboard.press("Enter");
  await page.getByTestId("detail").waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("detail-heading");
  let reached = "";
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    const info = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.dataset.insert ? `${el.textContent}|${el.getAttribute("aria-disabled")}|${el.getAttribute("aria-describedby")}` : "";
    });
    if (info) {
      reached = info;
      break;
    }
  }
  // Preview mode: the first insert control reached copies instead (enabled, no workbook needed).
  expect(reached).toMatch(/^Copy (value|formula)\|null\|null$/);
  // Escape hatch back to results keeps focus on the result that was opened.
  await page.getByRole("button", { name: "Back to search results" }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => (document.activeElement as HTMLElement)?.dataset.result === "entity:element:Dy");
});

test("a dataset detail offers insert as table", async () => {
  await page.getByTestId("search-box").fill("production");
  const hit = page.locator('[data-result="dataset:production"]');
  await hit.waitFor();
  await hit.click();
  await page.getByRole("button", { name: /^Copy table: dataset production as a table/ }).waitFor();
  await shot("dataset-production");
});

test("pictures: the timeline and the charts render, with text alternatives and a data table toggle", async () => {
  await page.getByRole("tab", { name: "Charts" }).click();
  const tl = page.getByTestId("timeline-svg");
  await tl.waitFor();
  expect(await tl.locator("[data-lane]").count()).toBeGreaterThan(5);
  expect(await tl.getAttribute("role")).toBe("group");
  await page.getByTestId("timeline-legend").waitFor();
  // A bar opens its instrument from the keyboard.
  await tl.locator("[data-lane='MOFCOM-61-2025']").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("detail").getByRole("heading", { name: "Ann. 61/2025", level: 2 }).waitFor();
  await page.getByRole("tab", { name: "Charts" }).click();
  await tl.waitFor();
  expect(await page.locator("#timeline-summary").textContent()).toMatch(/data horizon is 2026-05-31/);
  const prod = page.getByTestId("production-svg");
  await prod.waitFor();
  expect(await prod.locator("rect").count()).toBeGreaterThan(5);
  expect(await page.locator("#production-summary").textContent()).toMatch(/China 270,000/);
  await page.getByTestId("stages-svg").waitFor();
  expect(await page.locator("#stages-summary").textContent()).toMatch(/9\d(\.\d)?%/);
  await page.getByRole("button", { name: "Show data table" }).nth(1).click();
  await page.locator("#production-table table").waitFor();
  await shot("pictures");
  await page.getByTestId("picture-timeline").screenshot({ path: path.join(ART, "taskpane-timeline.png") });
  await axe("pictures");
});

test("field browser and function help render; every function has an insert-example button where examples exist", async () => {
  await page.getByRole("tab", { name: "Fields" }).click();
  await page.getByTestId("fb-fields").locator("label").first().waitFor();
  await shot("fields");
  await axe("fields");
  await page.getByRole("tab", { name: "Help" }).click();
  await page.locator("[data-summary]").first().waitFor({ timeout: 10000 });
  expect(await page.locator("[data-function='HHI']").count()).toBe(1);
  await page.locator("[data-summary='HHI'] > summary").click();
  expect(await page.getByRole("button", { name: /^Copy formula: example =TRADE.HHI/ }).count()).toBeGreaterThan(0);
  await shot("functions");
  await axe("functions");
});

test("layout holds at 320 px: no horizontal page scroll", async () => {
  await page.setViewportSize({ width: 320, height: 800 });
  await page.getByRole("tab", { name: "Search" }).click();
  const back = page.getByRole("button", { name: "Back to search results" });
  if (await back.count()) await back.click();
  await page.getByTestId("search-box").fill("dy");
  await page.locator("[data-result]").first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot("search-320");
});

test("no console errors and no request left localhost", () => {
  expect(w.consoleErrors).toEqual([]);
  // util.ts aborts every non-local request and records it. Outside Office, office.js itself
  // tries to open its telemetry proxy frame; that attempt is blocked (never leaves the machine).
  // Anything else (the pane's own code) would fail here.
  const notOfficeTelemetry = w.externalRequests.filter((u) => !u.startsWith("https://telemetryservice.firstpartyapps.oaspapps.com/"));
  expect(notOfficeTelemetry).toEqual([]);
});

/**
 * Search that finds what modellers type, Escape/back with focus, and the field
 * browser at 320 px, in headless Chromium (preview mode). Screenshots of the
 * main views at 320, 360 and 500 px go to test-artifacts/.
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { closePane, openPane, seriousAxeViolations, typeQuery, type PaneSession } from "./util";
import { GROUP_HEAD_MIN_PX, ROW_MIN_PX } from "../../src/taskpane/model/firstScreen";

jest.setTimeout(120000);
const ART = path.join(__dirname, "..", "..", "test-artifacts");
let pane: PaneSession;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(ART, { recursive: true });
  pane = await openPane({ width: 360, height: 900 });
  page = pane.page;
  await page.waitForFunction(() => !/Preparing/.test(document.querySelector("[data-testid=search-status]")?.textContent ?? "Preparing"));
});
afterAll(() => closePane(pane));

const results = () => page.locator("[data-result]").evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.result));
async function query(q: string) {
  await typeQuery(page, q);
  return results();
}

test.each([
  ["neodymium magnet tariff", "entity:hts:8505110070"],
  ["announcement 61", "entity:instrument:MOFCOM-61-2025"],
  ["terbium price", "entity:product:TB_OXIDE"],
  ["8505.11.00.70", "entity:hts:8505110070"],
  ["HHI", "function:HHI"],
])("“%s” finds %s first", async (q, key) => {
  const r = await query(q);
  expect(r[0]).toBe(key);
});

test("suspension and NdFeB find the suspending instruments and the sintered NdFeB line", async () => {
  expect(await query("suspension")).toContain("entity:instrument:MOFCOM-70-2025");
  expect(await query("NdFeB")).toContain("entity:hts:8505110070");
});

test("8505 never brings 8501 motors; HHI never the Philippines; USGS never 'uses'", async () => {
  expect((await query("8505")).filter((k) => /^entity:(hts|hs):/.test(k!)).every((k) => /:8505/.test(k!))).toBe(true);
  const hhi = await query("HHI");
  expect(hhi).not.toContain("entity:country:PH");
  expect(hhi).not.toContain("entity:country:HK");
  expect(await query("usgs")).not.toContain("entity:country:US");
});

test("+N more expands a group; an empty box shows starting points", async () => {
  await query("country:");
  const before = await page.locator("[data-group=country] [data-result]").count();
  await page.getByTestId("more-country").click();
  expect(await page.locator("[data-group=country] [data-result]").count()).toBeGreaterThan(before);
  await page.getByTestId("search-box").fill("");
  await page.locator("[data-group=key] [data-result='entity:instrument:MOFCOM-61-2025']").waitFor();
  await page.locator("[data-group=datasets] [data-result]").first().waitFor();
});

test("every keystroke leaves exactly the current results: rows and groups it does not need are hidden, unmarked and not duplicated", async () => {
  const state = () =>
    page.evaluate(() => {
      const list = document.getElementById("search-results")!;
      const shown = Array.from(list.querySelectorAll<HTMLElement>(".rr")).filter((e) => e.offsetParent !== null);
      const ids = Array.from(document.querySelectorAll("[id]")).map((e) => e.id);
      return {
        marked: list.querySelectorAll("[data-result]").length,
        shown: shown.length,
        shownMarked: shown.filter((e) => e.querySelector("[data-result]")).length,
        groups: Array.from(list.querySelectorAll<HTMLElement>("[data-group]")).filter((e) => e.offsetParent !== null).length,
        marked_groups: list.querySelectorAll("[data-group]").length,
        duplicateIds: ids.filter((x, i) => ids.indexOf(x) !== i),
      };
    });
  // Broad, narrow, broad again, nothing, empty: the list shrinks and grows through reused rows.
  for (const q of ["c", "dy", "n", "zzzz", "", "8505"]) {
    const keys = await query(q);
    const s = await state();
    expect(s.marked).toBe(keys.length);
    expect(s.shown).toBe(s.marked);
    expect(s.shownMarked).toBe(s.marked);
    expect(s.groups).toBe(s.marked_groups);
    expect(s.duplicateIds).toEqual([]);
    if (q === "zzzz") expect(s.marked).toBe(0);
  }
  expect(new Set(await results()).size).toBe((await results()).length);
});

test("a keystroke writes at once the rows that can be on screen, in order, with nothing stale; the rest follows after the frame", async () => {
  // From a whole list of another broad query, so that every row and group holds something stale.
  expect((await query("n")).length).toBeGreaterThan(30);
  // In one task: the input event, then what the list shows before any frame or timer has run.
  const first = await page.evaluate(() => {
    const box = document.getElementById("search-box") as HTMLInputElement;
    box.value = "c";
    box.dispatchEvent(new Event("input", { bubbles: true }));
    const list = document.getElementById("search-results")!;
    const rows = Array.from(list.querySelectorAll<HTMLElement>(":scope > section:not([hidden]) > ul > li:not([hidden])"));
    const shown = {
      busy: list.getAttribute("aria-busy"),
      query: list.getAttribute("data-query"),
      keys: rows.map((li) => li.querySelector<HTMLElement>("[data-result]")?.dataset.result),
      bottom: rows[rows.length - 1].getBoundingClientRect().bottom,
      windowHeight: window.innerHeight,
    };
    // End moves to the last row written, not to a row hidden until the rest is written.
    rows[0].querySelector("button")!.focus();
    rows[0].dispatchEvent(new KeyboardEvent("keydown", { key: "End", bubbles: true }));
    return { ...shown, endFocus: (document.activeElement as HTMLElement | null)?.dataset.result };
  });
  const all = await query("c");
  expect(first.query).toBe("c");
  // A one-letter query has ten groups of four rows: more than a 900-px window holds.
  expect(first.busy).toBe("true");
  expect(all.length).toBeGreaterThan(first.keys.length);
  // What was written at once is the start of the whole list, and reaches past the window's bottom.
  expect(first.keys).toEqual(all.slice(0, first.keys.length));
  expect(first.bottom).toBeGreaterThanOrEqual(first.windowHeight);
  expect(first.endFocus).toBe(first.keys[first.keys.length - 1]);
  // Rows and headings are no shorter than the first-screen estimate assumes.
  const heights = await page.evaluate(() => ({
    rows: Array.from(document.querySelectorAll<HTMLElement>("#search-results > section:not([hidden]) > ul > li:not([hidden])"), (li) => li.getBoundingClientRect().height),
    // From the end of the group above (or the list's top) to the group's first row; groups that
    // show only "+N more" (the overall limit reached) have no row and are left out.
    heads: Array.from(document.querySelectorAll<HTMLElement>("#search-results > section:not([hidden])")).flatMap((sec) => {
      const first = sec.querySelector(":scope > ul > li:not([hidden])");
      if (!first) return [];
      const prev = sec.previousElementSibling?.getBoundingClientRect().bottom ?? sec.getBoundingClientRect().top;
      return [first.getBoundingClientRect().top - prev];
    }),
  }));
  expect(Math.min(...heights.rows)).toBeGreaterThanOrEqual(ROW_MIN_PX);
  expect(Math.min(...heights.heads)).toBeGreaterThanOrEqual(GROUP_HEAD_MIN_PX);
});

test("view tabs: one tab stop, arrow keys move between tabs, Enter selects", async () => {
  const tabs = page.getByRole("tab");
  expect(await tabs.count()).toBe(5);
  // The hidden copy of each label that reserves its semibold width is not part of the name.
  expect(await page.getByRole("tab", { name: "Charts", exact: true }).count()).toBe(1);
  expect(await tabs.evaluateAll((els) => els.filter((e) => (e as HTMLElement).tabIndex === 0).map((e) => e.textContent))).toEqual(["Search"]);
  await page.getByRole("tab", { name: "Search" }).focus();
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Fields");
  await page.keyboard.press("End");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Help");
  await page.keyboard.press("ArrowRight");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Search");
  await page.keyboard.press("ArrowLeft");
  // Focus moved; the selection did not.
  expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Search");
  await page.keyboard.press("Enter");
  expect(await page.getByRole("tab", { selected: true }).textContent()).toBe("Help");
  expect(await page.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-functions");
  await page.getByRole("tab", { name: "Search" }).click();
  await page.getByTestId("search-box").waitFor();
});

test("detail answers first; Escape goes back with focus on the result; the back control stays visible while scrolling; few tab stops", async () => {
  await query("dysprosium");
  await page.locator('[data-result="entity:element:Dy"]').click();
  await page.getByTestId("answer").waitFor();
  expect(await page.getByTestId("answer").textContent()).toMatch(/China export control today\s*Controlled/);
  // Tab stops inside the detail (Fluent's focus sentinels excluded).
  const stops = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>("[data-testid=detail] a[href], [data-testid=detail] button, [data-testid=detail] input, [data-testid=detail] select, [data-testid=detail] [tabindex]"))
      .filter((e) => e.tabIndex >= 0 && !e.hasAttribute("data-tabster-dummy") && !(e as HTMLButtonElement).disabled).length,
  );
  expect(stops).toBeLessThanOrEqual(30);
  // A long field name may wrap after its underscores, and still reads as written.
  const name = page.locator("tr[data-field=us_net_import_reliance] th");
  expect(await name.textContent()).toBe("us_net_import_reliance");
  expect(await name.locator("wbr").count()).toBe(3);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const top = await page.getByTestId("back").evaluate((e) => e.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(-1);
  expect(top).toBeLessThan(60);
  await page.keyboard.press("Escape");
  await page.waitForFunction(() => (document.activeElement as HTMLElement)?.dataset.result === "entity:element:Dy");
});

test("field browser at 320 px: no horizontal scroll, opens on elements, finds fields by keyword across kinds", async () => {
  await page.setViewportSize({ width: 320, height: 900 });
  await page.getByRole("tab", { name: "Fields" }).click();
  await page.getByTestId("field-browser").waitFor();
  expect(await page.getByTestId("fb-kind").inputValue()).toBe("element");
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const widest = await page.evaluate(() => Math.max(...Array.from(document.querySelectorAll("[data-testid=field-browser] *")).map((e) => e.getBoundingClientRect().right)));
  expect(widest).toBeLessThanOrEqual(320);
  await page.getByTestId("fb-search").fill("reserves");
  expect(await page.getByTestId("fb-matches").textContent()).toMatch(/reserves_t/);
  expect(await seriousAxeViolations(page, "fields-320")).toEqual([]);
});

test("screenshots at 320, 360 and 500 px: search, detail, fields", async () => {
  for (const width of [320, 360, 500]) {
    await page.setViewportSize({ width, height: 900 });
    await page.getByRole("tab", { name: "Search" }).click();
    if (await page.getByTestId("back").count()) await page.getByTestId("back").click();
    await query("neodymium magnet tariff");
    await page.screenshot({ path: path.join(ART, `pane-${width}-search.png`), fullPage: true });
    expect(await seriousAxeViolations(page, `search-${width}`)).toEqual([]);
    for (const key of ["entity:element:Dy", "entity:country:MY", "entity:instrument:MOFCOM-61-2025"]) {
      await page.getByTestId("search-box").fill(key === "entity:element:Dy" ? "dysprosium" : key === "entity:country:MY" ? "malaysia" : "announcement 61");
      await page.locator(`[data-result="${key}"]`).click();
      await page.getByTestId("detail").waitFor();
      await page.screenshot({ path: path.join(ART, `pane-${width}-${key.split(":").pop()}.png`), fullPage: true });
      expect(await seriousAxeViolations(page, `detail-${key}-${width}`)).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
      await page.getByTestId("back").click();
    }
    await page.getByRole("tab", { name: "Fields" }).click();
    await page.getByTestId("field-browser").waitFor();
    await page.screenshot({ path: path.join(ART, `pane-${width}-fields.png`), fullPage: true });
  }
});

test("no console errors", () => {
  expect(pane.watch.consoleErrors).toEqual([]);
});

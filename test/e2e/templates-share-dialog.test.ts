/**
 * The share-ready copy's card in real headless Chromium (preview mode, served
 * from DIST_DIR): the notes and comments choice is shown before any copy is
 * made (notes as text without authors by default, or left out; comment threads
 * never), with what happens to hidden rows, columns and names and the size
 * budget; the button is disabled in preview with its reason. No serious or
 * critical axe violation, no horizontal scroll at 320 px.
 *
 *   DIST_DIR=/tmp/dist-x npx jest --selectProjects e2e --testPathPatterns templates-share-dialog
 */
import * as fs from "fs";
import * as path from "path";
import type { Page } from "playwright-core";
import { closePane, openPane, seriousAxeViolations, type PaneSession } from "./util";

jest.setTimeout(90000);
const ART = path.join(__dirname, "..", "..", "test-artifacts");
let pane: PaneSession;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(ART, { recursive: true });
  pane = await openPane({ width: 320, height: 900 });
  page = pane.page;
});
afterAll(() => closePane(pane));

test("the notes choice and the hidden-content note are shown before the copy; the button says why it is disabled in preview", async () => {
  await page.getByRole("tab", { name: "Templates" }).click();
  const choice = page.getByRole("radiogroup", { name: "Notes and comments in the copy" });
  await choice.waitFor();
  const radios = choice.getByRole("radio");
  expect(await radios.count()).toBe(2);
  expect(await choice.getByRole("radio", { name: "Copy notes as text, without author names" }).isChecked()).toBe(true);
  expect(await choice.getByRole("radio", { name: "Leave out notes" }).isChecked()).toBe(false);
  const note = page.getByTestId("share-hidden-note");
  expect(await note.textContent()).toMatch(/Comment threads \(conversations\) are never copied\. Hidden rows, columns and names stay hidden in the copy; their contents are in the file, so anyone can unhide them\. Sheets of up to 3,000,000 cells \(for example 150,000 rows × 20 columns\)\./);
  const button = page.getByTestId("share-copy");
  expect(await button.getAttribute("aria-disabled")).toBe("true");
  expect((await button.getAttribute("aria-describedby"))!.split(" ")).toEqual(["templates-preview-reason", "share-hidden-note"]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.getByTestId("share-notes-choice").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ART, "taskpane-share-choice.png"), fullPage: true });
  expect(await seriousAxeViolations(page, "share choice")).toEqual([]);
});

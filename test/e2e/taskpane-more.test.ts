/**
 * More of the task pane in real headless Chromium (preview mode, served from
 * DIST_DIR on 127.0.0.1): the US tariff stack of an HTS line and the Templates
 * tab. Same rules as taskpane.test.ts: no serious/critical axe violations, no
 * console errors, no request leaving localhost; screenshots in test-artifacts/.
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
  pane = await openPane({ width: 320, height: 900 });
  ({ server, watch: w, page } = pane);
});
afterAll(() => closePane(pane));

async function axe(label: string) {
  expect(await seriousAxeViolations(page, label)).toEqual([]);
}

const noHorizontalScroll = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("HTS 8505.11.00.70: the US tariff stack from CN entered 2026-01-15 totals 37.1%", async () => {
  await page.getByTestId("search-box").fill("8505.11.00.70");
  const hit = page.locator('[data-result="entity:hts:8505110070"]');
  await hit.waitFor();
  await hit.click();
  const stack = page.getByTestId("tariff-stack");
  await stack.getByRole("heading", { name: "US tariff stack", level: 3 }).waitFor();
  // defaults: origin CN, entry date today
  expect(await page.getByTestId("tariff-origin").inputValue()).toBe("CN");
  expect(await page.getByTestId("tariff-date").inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await page.getByLabel("Entry date", { exact: true }).fill("2026-01-15");
  await page.getByTestId("tariff-total-rate").filter({ hasText: "37.1%" }).waitFor();
  const layers = await stack.locator("tbody[data-layer]").evaluateAll((els) => els.map((e) => e.getAttribute("data-layer")));
  expect(layers).toEqual(["MFN", "Section 301", "IEEPA fentanyl", "IEEPA reciprocal (exempt)", "Section 232"]);
  const s301 = stack.locator('tbody[data-layer="Section 301"] tr').first();
  expect((await s301.locator("td").allTextContents()).map((t) => t.trim())).toEqual(["25%", "2026-01-01", "open"]);
  // sources are clickable links that open a new window
  const links = stack.locator('tbody[data-layer="Section 301"] a[href^="http"]');
  expect(await links.count()).toBeGreaterThan(0);
  expect(await links.first().getAttribute("target")).toBe("_blank");
  expect(await page.getByTestId("tariff-explain").textContent()).toMatch(/from China \(CN\) entered 2026-01-15: 37\.1% = MFN 2\.1% \+ Section 301 25% \+ IEEPA fentanyl 10%/);
  expect(await page.getByTestId("tariff-formula").textContent()).toBe('=TRADE.TARIFF_RATE("8505.11.00.70","CN","2026-01-15")');
  // preview mode: the insert button copies the formula instead (there is no workbook to insert into)
  const ins = stack.getByRole("button", { name: /^Copy formula: formula =TRADE\.TARIFF_RATE/ });
  expect(await ins.getAttribute("aria-disabled")).toBeNull();
  expect(await ins.textContent()).toBe("Copy formula");
  expect(await noHorizontalScroll()).toBeLessThanOrEqual(0);
  await stack.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(ART, "taskpane-hts-stack.png"), fullPage: true });
  await stack.screenshot({ path: path.join(ART, "taskpane-hts-stack-section.png") });
  await axe("hts stack");

  // Japan on 2026-03-15: IEEPA over, Section 122 exempt → MFN only
  await page.getByTestId("tariff-origin").selectOption("JP");
  await page.getByLabel("Entry date", { exact: true }).fill("2026-03-15");
  await page.getByTestId("tariff-total-rate").filter({ hasText: /^2\.1%$/ }).waitFor();

  // another country in the free-text field; an unknown one says so
  await page.getByTestId("tariff-origin").selectOption("other");
  await page.getByLabel("Other country").fill("Atlantis");
  // Said twice: at the field (an alert) and in the headline, which shows no rate for it.
  await page.getByRole("alert").filter({ hasText: /"Atlantis" is not a known country/ }).waitFor();
  expect(await page.getByTestId("tariff-headline").textContent()).toMatch(/#N\/A origin: "Atlantis" is not a known country/);
  const insAny = stack.locator("button[data-insert]");
  expect(await insAny.count()).toBe(1);
  expect(await insAny.getAttribute("aria-disabled")).toBe("true");
  expect(await insAny.getAttribute("aria-label")).toMatch(/enter a valid origin and date first/);
  await page.getByLabel("Other country").fill("Germany");
  await page.getByTestId("tariff-explain").filter({ hasText: "from Germany (DE)" }).waitFor();
  // past the tariff data's horizon the total is visibly unconfirmed
  await page.getByLabel("Entry date", { exact: true }).fill("2027-01-01");
  await page.getByTestId("tariff-total").locator('[data-status="unconfirmed"]').waitFor();
  expect(await page.getByTestId("tariff-explain").textContent()).toMatch(/after the tariff data horizon/);
  await stack.screenshot({ path: path.join(ART, "taskpane-hts-stack-unconfirmed.png") });
  await axe("hts stack, other origin, unconfirmed");
});

test("importers: China's stack for a US magnet on 2025-04-12, the committed rate next to it, and Malaysia's missing MFN", async () => {
  const stack = page.getByTestId("tariff-stack");
  await page.getByTestId("tariff-origin").selectOption("CN");
  await page.getByTestId("tariff-importer").selectOption("CN");
  await stack.getByRole("heading", { name: "China tariff stack", level: 3 }).waitFor();
  // a partner importer switches the origin to the US (the goods the 2025-10-26 deals are about)
  expect(await page.getByTestId("tariff-origin").inputValue()).toBe("US");
  await page.getByLabel("Entry date", { exact: true }).fill("2025-04-12");
  // China MFN 7% on permanent magnets + 125% additional duty on US goods
  await page.getByTestId("tariff-total-rate").filter({ hasText: /^132%$/ }).waitFor();
  const layers = await stack.locator("tbody[data-layer]").evaluateAll((els) => els.map((e) => e.getAttribute("data-layer")));
  expect(layers).toEqual(["MFN", "Counter-tariff"]);
  expect(await page.getByTestId("tariff-committed-rate").textContent()).toBe("132%");
  expect(await page.getByTestId("tariff-formula").textContent()).toBe('=TRADE.TARIFF_RATE("8505.11.00.70","US","2025-04-12",,"CN")');
  expect(await stack.getByRole("button", { name: /in force, the committed rate and the difference/ }).count()).toBe(1);
  expect(await noHorizontalScroll()).toBeLessThanOrEqual(0);
  await axe("china stack");
  await page.getByTestId("tariff-importer").selectOption("MY");
  await page.getByTestId("tariff-error").filter({ hasText: /MY MFN for 8505\.11\.00\.70 on 2025-04-12 is not in the data: add an overrides row/ }).waitFor();
  await stack.screenshot({ path: path.join(ART, "taskpane-hts-stack-importer.png") });
  await page.getByTestId("tariff-importer").selectOption("US");
  await stack.getByRole("heading", { name: "US tariff stack", level: 3 }).waitFor();
});

test("Templates: four templates with download links to real .xlsx files; insert disabled in preview with the reason", async () => {
  await page.getByRole("tab", { name: "Templates" }).click();
  const panel = page.getByTestId("templates-panel");
  await panel.waitFor();
  for (const t of [/^BOM exposure screen/, /^Tariff scenario$/, /^Supply concentration$/, /^US–ASEAN deal scenario$/]) await panel.getByText(t).first().waitFor();
  for (const id of ["bom-screen", "tariff-scenario", "supply-concentration", "us-asean-deal"]) await panel.getByTestId(`template-${id}`).waitFor();
  const downloads = panel.getByRole("link", { name: /^Download .* as an Excel file/ });
  expect(await downloads.count()).toBe(4);
  const hrefs = await downloads.evaluateAll((els) => els.map((a) => (a as HTMLAnchorElement).href));
  for (const href of hrefs) {
    expect(href).toMatch(/\/templates\/[a-z-]+\.xlsx$/);
    expect(new URL(href).origin).toBe(new URL(server.url).origin);
    const got = await page.evaluate(async (u) => {
      const r = await fetch(u);
      const b = new Uint8Array(await r.arrayBuffer());
      return { status: r.status, type: r.headers.get("content-type"), head: String.fromCharCode(b[0], b[1]), size: b.length };
    }, href);
    expect(got.status).toBe(200);
    expect(got.head).toBe("PK");
    expect(got.size).toBeGreaterThan(1000);
    expect(got.type).toMatch(/spreadsheetml/);
  }
  // clicking Download fetches the file and reports it in the pane
  await panel.getByRole("link", { name: /^Download Tariff scenario/ }).click();
  await page.getByTestId("templates-notice").filter({ hasText: /Download started: tariff-scenario\.xlsx/ }).waitFor();

  const reason = page.getByTestId("templates-preview-reason");
  expect(await reason.textContent()).toMatch(/open the pane in Excel to insert templates/);
  const inserts = panel.getByRole("button", { name: /^Insert .* as a new sheet$/ });
  expect(await inserts.count()).toBe(4);
  for (const b of await inserts.all()) {
    expect(await b.getAttribute("aria-disabled")).toBe("true");
    expect(await b.getAttribute("aria-describedby")).toBe("templates-preview-reason");
  }
  expect(await page.getByTestId("share-copy").getAttribute("aria-disabled")).toBe("true");
  expect(await noHorizontalScroll()).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(ART, "taskpane-templates.png"), fullPage: true });
  await axe("templates");
});

test("no console errors and no request left localhost", () => {
  expect(w.consoleErrors).toEqual([]);
  // office.js's own telemetry frame attempt is blocked by util.ts (never leaves the machine).
  const notOfficeTelemetry = w.externalRequests.filter((u) => !u.startsWith("https://telemetryservice.firstpartyapps.oaspapps.com/"));
  expect(notOfficeTelemetry).toEqual([]);
});

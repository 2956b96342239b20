/**
 * Data that stays current, end to end in Chromium: the built add-in served from dist/, with the
 * host's data/latest.json and pack files answered per test (page.route), the page under its own
 * Content-Security-Policy and the checker running in its worker (dist/pack-check.js).
 *
 *  - an update (hand-made pack 2026.12.15: Ann. 70's suspension of Ann. 61 to 2027-11-10, China's
 *    horizon to 2026-12-05) is used: the pane shows it and CN_LICENSE_REQUIRED answers FALSE on
 *    2026-12-01 (TRUE with the bundled pack);
 *  - a tampered pack, one that fails its schema, an older one, a 404 and a timeout each leave the
 *    bundled pack in use with a message naming the reason, and the function answers from it;
 *  - an organisation's overlay shows as organisation data in the explanation and the pane;
 *  - in Excel (a fake office.js), a workbook computed with the bundled pack says so at once, "What
 *    changed" lists exactly the hand-made difference, and Recalculate records the new data.
 */
import type { Browser, Page, Route } from "playwright-core";
import { FAKE_OFFICE_JS } from "./fake-office";
import { launch, openPage, serve, typeQuery, type PageWatch, type Server } from "./util";
import { extendedSuspensionPack, makePack, overlayText, sha256 } from "../pack-fixtures";

jest.setTimeout(120000);
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

type Files = Record<string, { status?: number; body?: string; hang?: boolean }>;
const update = extendedSuspensionPack();
const latestOf = (p: { header: { version: string; minAddinVersion: string }; file: string; sha256: string }, overlay?: { file: string; sha256: string }) =>
  JSON.stringify({ version: p.header.version, file: p.file, sha256: p.sha256, minAddinVersion: p.header.minAddinVersion, ...(overlay ? { overlay } : {}) });

/**
 * Opens the pane with the host's data/ answered from `files` (anything else there: 404), optionally
 * inside the fake Excel with its document settings seeded. Returns the page and what it logged.
 */
async function openWith(files: Files | null, opts: { excel?: boolean; settings?: Record<string, unknown> } = {}): Promise<{ page: Page; w: PageWatch }> {
  const w = await openPage(browser, { width: 360, height: 900 });
  const page = w.page;
  if (files) {
    await page.route("**/data/**", async (route: Route) => {
      const name = new URL(route.request().url()).pathname.replace(/^.*\/data\//, "");
      const f = files[name];
      if (f?.hang) return; // never answered: the add-in's own timeout decides
      if (!f) return route.fulfill({ status: 404, body: "not found" });
      return route.fulfill({ status: f.status ?? 200, body: f.body ?? "", contentType: "application/json" });
    });
  }
  if (opts.excel) {
    await page.addInitScript((s) => ((window as unknown as { __seedSettings: unknown }).__seedSettings = s), opts.settings ?? {});
    await page.route("https://appsforoffice.microsoft.com/**", (route) => route.fulfill({ body: FAKE_OFFICE_JS, contentType: "text/javascript" }));
  }
  await page.goto(server.url + "taskpane.html");
  await page.getByTestId("search-box").waitFor({ timeout: 20000 });
  return { page, w };
}

/** Calls a registered custom function in the page, as Excel would, and awaits its (possibly promised) result. */
async function callFn(page: Page, id: string, args: unknown[]): Promise<unknown> {
  return page.evaluate(
    async ({ id, args }) => {
      const w = window as unknown as { __functions?: Record<string, (...a: unknown[]) => unknown>; CustomFunctions: { _association?: { mappings: Record<string, (...a: unknown[]) => unknown> } } };
      const f = w.__functions?.[id] ?? w.CustomFunctions._association?.mappings[id];
      if (!f) throw new Error(`${id} is not registered`);
      const r = await f(...args);
      return JSON.parse(JSON.stringify(r));
    },
    { id, args },
  );
}
const licenceArgs = [[[0.5]], [[100]], [["magnet"]], [["2026-12-01"]], null, null];

async function versionLine(page: Page): Promise<string> {
  return (await page.getByTestId("version").textContent()) ?? "";
}

test("the host names the bundled pack: it is used, no notice", async () => {
  const { page, w } = await openWith(null);
  await page.waitForFunction(() => /bundled, as the host publishes/.test(document.querySelector("[data-testid=version]")?.textContent ?? ""), null, { timeout: 20000 });
  expect(await versionLine(page)).toMatch(/data pack 2026\.12\.07 \(bundled, as the host publishes\) · confirmed to 2026-05-31/);
  expect(await page.getByTestId("data-notice").count()).toBe(0);
  expect(await callFn(page, "CN_LICENSE_REQUIRED", licenceArgs)).toEqual([[true]]);
  // The search answers with the index computed with the add-in: it is for this very pack.
  await typeQuery(page, "dysprosium");
  expect(await page.locator("#search-results").getAttribute("data-index")).toBe("add-in");
  expect(w.consoleErrors).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  await page.context().close();
});

test("an update is checked (in the worker) and used: new version and horizon in the pane, the changed answer from the function", async () => {
  const { page, w } = await openWith({ "latest.json": { body: latestOf(update) }, [update.file]: { body: update.text } });
  // A function called while the update is read waits for it, then answers from it.
  expect(await callFn(page, "CN_LICENSE_REQUIRED", licenceArgs)).toEqual([[false]]);
  await page.waitForFunction(() => /2026\.12\.15/.test(document.querySelector("[data-testid=version]")?.textContent ?? ""), null, { timeout: 20000 });
  expect(await versionLine(page)).toMatch(/data pack 2026\.12\.15 \(update pack-2026\.12\.15\.json\) · confirmed to 2026-12-05/);
  expect(String(await callFn(page, "DATA_VERSION", []))).toBe(
    "2026.12.15 (update pack-2026.12.15.json; horizon China 2026-12-05, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)",
  );
  // The pane answers from the same pack: Ann. 61 on 2026-12-01 is suspended (in force with the bundled pack),
  // with an index built from it (the add-in's own index is for the bundled pack only).
  await typeQuery(page, "MOFCOM-61-2025");
  expect(await page.locator("#search-results").getAttribute("data-index")).toBe("pane");
  await page.locator('[data-result="entity:instrument:MOFCOM-61-2025"]').click();
  await page.getByTestId("status-date").fill("2026-12-01");
  await page.waitForFunction(() => document.querySelector("[data-testid=status-on-date]")?.textContent === "suspended", null, { timeout: 10000 });
  // The data view says where it came from.
  await page.getByTestId("open-data").click();
  await page.getByTestId("data-panel").waitFor();
  expect(await page.getByTestId("data-origin").textContent()).toBe("update pack-2026.12.15.json");
  expect(await page.getByTestId("data-horizons").textContent()).toMatch(/^China's export controls 2026-12-05; US tariffs 2026-07-23/);
  // What changed from the bundled pack (no workbook here): exactly the two hand-made changes.
  await page.getByTestId("what-changed-list").waitFor({ timeout: 20000 });
  expect(await page.locator("[data-change]").evaluateAll((els) => els.map((e) => e.getAttribute("data-change")))).toEqual([
    "changed instruments (dataset)",
    "changed instruments MOFCOM-61-2025",
  ]);
  expect(await page.locator("[data-field]").evaluateAll((els) => els.map((e) => e.textContent))).toEqual(["horizon: 2026-05-31 → 2026-12-05", "suspensions.0.to: 2026-11-10 → 2027-11-10"]);
  expect(w.consoleErrors).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  expect(w.externalRequests).toEqual([]);
  await page.context().close();
});

describe("a bad update leaves the bundled pack in use, with the reason", () => {
  const schemaBad = makePack((d) => (d.countries.records[0].iso2 = "C1"), { version: "2026.12.10" });
  const older = makePack(() => {}, { version: "2026.10.01" });
  const cases: [string, Files, RegExp][] = [
    ["a tampered pack (hash mismatch)", { "latest.json": { body: latestOf(update) }, [update.file]: { body: update.text.replace("2027-11-10", "2028-11-10") } }, /does not match the SHA-256/],
    ["a pack that fails its schema", { "latest.json": { body: latestOf(schemaBad) }, [schemaBad.file]: { body: schemaBad.text } }, /pack-2026\.12\.10\.json failed its checks .*countries\.json: record C1 \[schema\]/],
    ["an older pack", { "latest.json": { body: latestOf(older) }, [older.file]: { body: older.text } }, /the published pack 2026\.10\.01 is older than the bundled pack 2026\.12\.07/],
    ["no latest.json (404)", {}, /data\/latest\.json: HTTP 404/],
    ["latest.json does not answer", { "latest.json": { hang: true } }, /data\/latest\.json did not answer within 5 s/],
  ];
  test.each(cases)("%s", async (_label, files, why) => {
    const { page, w } = await openWith(files);
    // The function waits for the outcome, then answers from the bundled pack.
    expect(await callFn(page, "CN_LICENSE_REQUIRED", licenceArgs)).toEqual([[true]]);
    const notice = page.getByTestId("data-notice");
    await notice.waitFor({ timeout: 20000 });
    expect(await notice.textContent()).toMatch(why);
    expect(await notice.textContent()).toMatch(/Data update not used.*In use: data pack 2026\.12\.07 \(bundled with the add-in\)/);
    expect(String(await callFn(page, "DATA_VERSION", []))).toMatch(why);
    expect(await versionLine(page)).toMatch(/data pack 2026\.12\.07 \(bundled\)/);
    expect(w.cspViolations).toEqual([]);
    // office.js opens its own telemetry frame after a few seconds (the timeout case waits that long);
    // it is the one frame the page's policy allows, and the test blocks it like any other request.
    expect(w.externalRequests.filter((u) => !u.startsWith("https://telemetryservice.firstpartyapps.oaspapps.com/"))).toEqual([]);
    await page.context().close();
  });
});

test("an organisation's overlay: organisation data in the explanation, the header, the detail view and the data view", async () => {
  const bundledText = makePack().text;
  const text = overlayText();
  const ov = { file: "overlay-contoso.json", sha256: sha256(text) };
  const { page, w } = await openWith({
    "latest.json": { body: latestOf({ header: { version: "2026.12.07", minAddinVersion: "0.1.0" }, file: "pack-2026.12.07.json", sha256: sha256(bundledText) }, ov) },
    "overlay-contoso.json": { body: text },
  });
  expect(String(await callFn(page, "TARIFF_EXPLAIN", [[["8505.11"]], [["CN"]], [["2026-01-15"]], null, [["TH"]], null]))).toMatch(
    /MFN 5% \[organisation data\].*Organisation data: MFN: organisation data \(Contoso compliance desk; source ORG-1: Broker notice 2026-12/,
  );
  expect(String(await callFn(page, "CN_LICENSE_EXPLAIN", licenceArgs))).toMatch(/organisation data \(Contoso compliance desk; .*\): suspended by Ann\. 70\/2025 until 2027-11-10;.*built-in record \(past its data horizon 2026-05-31: unconfirmed\), as written: in force/);
  await page.waitForFunction(() => /Contoso compliance desk/.test(document.querySelector("[data-testid=version]")?.textContent ?? ""), null, { timeout: 20000 });
  // The same pack with an overlay is other data: the pane builds its own index.
  await typeQuery(page, "MOFCOM-61-2025");
  expect(await page.locator("#search-results").getAttribute("data-index")).toBe("pane");
  await page.locator('[data-result="entity:instrument:MOFCOM-61-2025"]').click();
  expect(await page.getByTestId("org-note").textContent()).toMatch(/organisation data.*Contoso compliance desk; source ORG-1.*replacing the built-in record MOFCOM-61-2025/);
  await page.getByTestId("open-data").click();
  expect(await page.getByTestId("data-overlay").textContent()).toMatch(/^Contoso compliance desk, overlay 2026-12-07\.1 \(overlay-contoso\.json, SHA-256 [0-9a-f]{12}…\): 3 records, 1 replacing built-in ones$/);
  await page.getByTestId("what-changed-list").waitFor({ timeout: 20000 });
  expect(await page.locator("[data-change]").evaluateAll((els) => els.map((e) => e.getAttribute("data-change")))).toEqual([
    "changed instruments MOFCOM-61-2025",
    "added partner_tariffs org-th-mfn-850511",
    "added sources ORG-1",
  ]);
  expect(await page.locator("[data-change] .tag-org").count()).toBe(3);
  expect(w.cspViolations).toEqual([]);
  await page.context().close();
});

test("in Excel: a workbook computed with other data says so at once; What changed; Recalculate records the active data", async () => {
  const bundledSha = sha256(makePack().text);
  const stamp = { version: "2026.12.07", sha256: bundledSha, origin: "bundled", since: "2026-11-30T09:00:00.000Z" };
  const { page, w } = await openWith({ "latest.json": { body: latestOf(update) }, [update.file]: { body: update.text } }, { excel: true, settings: { "TRADE.dataComputedWith": stamp } });
  await page.getByTestId("excel-ready").waitFor({ timeout: 20000 });
  const banner = page.getByTestId("workbook-data");
  await banner.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => /records? changed/.test(document.querySelector("[data-testid=workbook-data]")?.textContent ?? ""), null, { timeout: 20000 });
  expect(await banner.textContent()).toMatch(/This workbook was computed with other dataComputed with 2026\.12\.07; active 2026\.12\.15: 1 record changed\./);
  await banner.getByRole("button", { name: "What changed" }).click();
  await page.getByTestId("what-changed-list").waitFor({ timeout: 20000 });
  expect(await page.getByTestId("data-workbook").textContent()).toMatch(/^This workbook was computed with 2026\.12\.07 \(since 2026-11-30 09:00 UTC\)\.$/);
  expect(await page.locator("[data-field]").evaluateAll((els) => els.map((e) => e.textContent))).toEqual(["horizon: 2026-05-31 → 2026-12-05", "suspensions.0.to: 2026-11-10 → 2027-11-10"]);

  // A function computes with the active data: the workbook records it and keeps the earlier data.
  expect(await callFn(page, "CN_LICENSE_REQUIRED", licenceArgs)).toEqual([[false]]);
  await page.waitForFunction(() => (window as unknown as { __settings: Record<string, { version: string }> }).__settings["TRADE.dataComputedWith"].version === "2026.12.15");
  const mid = await page.evaluate(() => (window as unknown as { __settings: Record<string, unknown> }).__settings["TRADE.dataComputedWith"]);
  expect(mid).toMatchObject({ version: "2026.12.15", file: "pack-2026.12.15.json", origin: "update", earlier: { version: "2026.12.07" } });
  await page.getByTestId("workbook-data").waitFor();
  expect(await page.getByTestId("workbook-data").textContent()).toMatch(/Some results may come from earlier data/);

  // Recalculate: a full calculation, then no earlier data.
  await page.getByTestId("recalc").click();
  // The status says "Recalculating the workbook…" until the calculation is done: wait for its last word.
  await page.waitForFunction(() => !/Recalculating/.test(document.querySelector("[data-testid=recalc-status]")?.textContent ?? "Recalculating"));
  expect(await page.getByTestId("recalc-status").textContent()).toBe("Recalculated the workbook with data pack 2026.12.15.");
  expect(await page.evaluate(() => (window as unknown as { __grid: { calculations: number; calculationType: string } }).__grid)).toMatchObject({ calculations: 1, calculationType: "Full" });
  await page.waitForFunction(() => !(window as unknown as { __settings: Record<string, { earlier?: unknown }> }).__settings["TRADE.dataComputedWith"].earlier);
  await page.waitForFunction(() => !document.querySelector("[data-testid=workbook-data]"));
  expect(w.consoleErrors).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  await page.context().close();
});

test("Check for data update: the pane asks the host again and switches to the new pack", async () => {
  const bundledText = makePack().text;
  const files: Files = { "latest.json": { body: latestOf({ header: { version: "2026.12.07", minAddinVersion: "0.1.0" }, file: "pack-2026.12.07.json", sha256: sha256(bundledText) }) } };
  const { page, w } = await openWith(files);
  await page.waitForFunction(() => /bundled, as the host publishes/.test(document.querySelector("[data-testid=version]")?.textContent ?? ""), null, { timeout: 20000 });
  await page.getByTestId("open-data").click();
  await page.getByTestId("check-update").click();
  await page.waitForFunction(() => /is the newest data the host publishes/.test(document.querySelector("[data-testid=check-status]")?.textContent ?? ""), null, { timeout: 20000 });
  // The host publishes an update meanwhile.
  files["latest.json"] = { body: latestOf(update) };
  files[update.file] = { body: update.text };
  await page.getByTestId("check-update").click();
  await page.waitForFunction(() => /^Updated to 2026\.12\.15\./.test(document.querySelector("[data-testid=check-status]")?.textContent ?? ""), null, { timeout: 20000 });
  expect(await page.getByTestId("data-version").textContent()).toBe("2026.12.15");
  expect(await callFn(page, "CN_LICENSE_REQUIRED", licenceArgs)).toEqual([[false]]);
  expect(w.cspViolations).toEqual([]);
  await page.context().close();
});

/**
 * The task pane under its own Content-Security-Policy (the production one, from taskpane.html):
 * office.js is requested from its CDN URL and answered locally by routing (util.ts), so the page
 * needs no test exception. Every view is opened and no violation may occur; a control page shows
 * that a violation would be seen.
 */
import * as fs from "fs";
import * as path from "path";
import { closePane, distDir, openPane, type PaneSession } from "./util";

jest.setTimeout(90000);

function cspOf(html: string): string {
  const m = /<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error("no Content-Security-Policy meta tag");
  return m[1].replace(/\s+/g, " ").trim();
}
const directives = (csp: string) =>
  new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );

describe("Content-Security-Policy", () => {
  const built = cspOf(fs.readFileSync(path.join(distDir(), "taskpane.html"), "utf8"));
  const source = cspOf(fs.readFileSync(path.join(__dirname, "..", "..", "src", "taskpane", "taskpane.html"), "utf8"));

  test("the built page carries the source policy unchanged (the dev server's wss allowance is development-only)", () => {
    expect(built).toBe(source);
    expect(built).not.toMatch(/wss:|localhost/);
  });

  test("the policy allows only this origin, office.js's CDN (both its names) and office.js's telemetry frame; no eval, no inline script", () => {
    const d = directives(built);
    expect(d.get("default-src")).toEqual(["'none'"]);
    expect(d.get("script-src")).toEqual([
      "'self'",
      "https://appsforoffice.microsoft.com",
      "https://officeapis.public.onecdn.static.microsoft",
    ]);
    expect(d.get("connect-src")).toEqual(["'self'"]);
    expect(d.get("frame-src")).toEqual(["https://telemetryservice.firstpartyapps.oaspapps.com"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(built).not.toContain("unsafe-eval");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
  });

  describe("the pane in Chromium under that policy", () => {
    let pane: PaneSession;
    beforeAll(async () => {
      pane = await openPane({ width: 360, height: 900 });
    });
    afterAll(() => closePane(pane));

    test("every view renders with no CSP violation", async () => {
      const { page, watch } = pane;
      await page.getByTestId("search-box").fill("dysprosium");
      await page.locator("[data-result]").first().waitFor();
      await page.locator("[data-result]").first().click();
      await page.getByTestId("source-list").first().waitFor({ timeout: 10000 });
      for (const tab of ["Charts", "Fields", "Help", "Templates", "Search"]) {
        await page.getByRole("tab", { name: tab }).click();
        await page.waitForTimeout(300);
      }
      expect(await page.evaluate(() => typeof (globalThis as { Office?: unknown }).Office)).toBe("object");
      expect(watch.cspViolations).toEqual([]);
    });
  });

  test("control: an inline script and a fetch to another origin are blocked and reported", async () => {
    const s = await openPane({ width: 360, height: 600 });
    try {
      await s.page.evaluate(() => {
        const el = document.createElement("script");
        el.textContent = "window.__inlineRan = true";
        document.head.appendChild(el);
        fetch("https://elsewhere.example.net/data.json").catch(() => undefined);
      });
      await s.page.waitForTimeout(500);
      expect(await s.page.evaluate(() => (globalThis as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
      expect(s.watch.cspViolations).toEqual(
        expect.arrayContaining([expect.stringMatching(/^script-src-elem inline/), "connect-src https://elsewhere.example.net/data.json"]),
      );
    } finally {
      await closePane(s);
    }
  });
});

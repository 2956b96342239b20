/**
 * The task pane shell in real headless Chromium (Debian chromium + playwright-core),
 * loaded from the built dist/ on a local server, outside Excel (preview mode).
 */
import * as fs from "fs";
import * as path from "path";
import type { Browser } from "playwright-core";
import { distDir, launch, openPage, pageScripts, serve, type Server } from "./util";

const pkg = require("../../package.json") as { version: string };
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

test("taskpane.html loads office.js, then its loader, which preloads and starts the shell's search and the three bundles in that order", () => {
  const html = fs.readFileSync(path.join(distDir(), "taskpane.html"), "utf8");
  expect(html).toMatch(/<script[^>]*\bsrc="?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
  const { scripts, started, preloaded } = pageScripts(html);
  expect(scripts).toEqual(["office.js", "boot.js"]);
  expect(started).toEqual(["shell-search.js", "functions.js", "taskpane.js", "commands.js"]);
  // And fetches the search index computed with the add-in at the same time.
  expect(html).toMatch(/<script[^>]*\bsrc="?boot\.js"?[^>]*\bdata-fetch="?search-index\.json"?[\s>]/);
  expect(fs.existsSync(path.join(distDir(), "search-index.json"))).toBe(true);
  // boot.js preloads them when it runs; a preload in the HTML would compete with office.js and hold back the first frame.
  expect(preloaded).toEqual([]);
  expect(fs.existsSync(path.join(distDir(), "boot.js"))).toBe(true);
});

test("renders in a plain browser in preview mode, shows the version, no console errors, nothing leaves localhost", async () => {
  const { page, consoleErrors, externalRequests } = await openPage(browser);
  await page.goto(server.url + "taskpane.html");
  await page.getByText("Preview", { exact: false }).first().waitFor({ timeout: 15000 });
  const body = await page.textContent("body");
  expect(body).toContain("Rare Earth Trade Modeler");
  expect(body).toContain(pkg.version);
  expect(body).toMatch(/open the add-in in Excel to insert/i);
  fs.mkdirSync(path.join(__dirname, "..", "..", "test-artifacts"), { recursive: true });
  await page.screenshot({ path: path.join(__dirname, "..", "..", "test-artifacts", "shell-preview.png"), fullPage: true });
  expect(consoleErrors).toEqual([]);
  expect(externalRequests).toEqual([]);
});

/**
 * E2E helpers: a tiny static server over a built dist folder on 127.0.0.1, and
 * Debian's Chromium driven by playwright-core. office.js is routed from the
 * @microsoft/office-js package, so no request leaves localhost; any other
 * non-local request is recorded (tests assert there are none) and aborted.
 * The page runs under its own Content-Security-Policy (the production one from
 * taskpane.html: office.js keeps its CDN URL and is answered by routing, so the
 * policy needs no test exception); every violation is recorded.
 */
import * as fs from "fs";
import * as http from "http";
import * as path from "path";
import type { AddressInfo } from "net";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";

const browsers = require("../../scripts/lib/browser.cjs") as {
  findBrowser(): { name: string; executablePath: string; from: string } | { error: string };
  BROWSER_ARGS: string[];
};
export const CHROMIUM_ARGS = browsers.BROWSER_ARGS;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".xml": "application/xml",
  ".map": "application/json",
  ".css": "text/css",
  ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export function distDir(): string {
  return path.resolve(__dirname, "..", "..", process.env.DIST_DIR || "dist");
}

/**
 * How taskpane.html loads its scripts: the <script src> elements in order (office.js, then the
 * loader boot.js), the scripts the loader starts (its data-load list, in order) and the scripts the
 * page preloads. File names only (no folder or host).
 */
export function pageScripts(html: string): { scripts: string[]; started: string[]; preloaded: string[] } {
  const base = (u: string) => u.replace(/^.*\//, "");
  const scripts = [...html.matchAll(/<script[^>]*\bsrc="?([^"\s>]+)/g)].map((m) => base(m[1]));
  const boot = /<script[^>]*\bsrc="?[^"\s>]*boot\.js"?[^>]*\bdata-load="([^"]*)"/.exec(html);
  const started = boot ? boot[1].split(" ").filter(Boolean).map(base) : [];
  const preloaded = [...html.matchAll(/<link[^>]*\brel="?preload"?[^>]*\bhref="?([^"\s>]+)/g)].map((m) => base(m[1]));
  return { scripts, started, preloaded };
}

/** Types a query into the pane's search box and waits until the whole list shows it (the list carries the query it shows and is aria-busy until written whole). */
export async function typeQuery(page: Page, q: string): Promise<void> {
  await page.getByTestId("search-box").fill(q);
  await page.waitForFunction((q) => {
    const list = document.getElementById("search-results");
    return list?.getAttribute("data-query") === q && !list.hasAttribute("aria-busy");
  }, q);
}

export interface Server {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` on 127.0.0.1 at a free port. */
export function serve(root = distDir()): Promise<Server> {
  const server = http.createServer((req, res) => {
    const u = new URL(req.url || "/", "http://127.0.0.1");
    const file = path.normalize(path.join(root, decodeURIComponent(u.pathname)));
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((r) => server.close(() => r())) });
    }),
  );
}

export function officeJsDir(): string {
  return path.dirname(require.resolve("@microsoft/office-js/dist/office.js"));
}

/** The machine's Chromium, Chrome or Edge (scripts/lib/browser.cjs); a plain message when there is none. */
export function browserPath(): string {
  const found = browsers.findBrowser();
  if ("error" in found) throw new Error(`e2e: ${found.error}`);
  return found.executablePath;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: browserPath(), args: CHROMIUM_ARGS, headless: true });
}

export interface PageWatch {
  page: Page;
  consoleErrors: string[];
  /** Requests to anything other than the local server (office.js CDN requests are served locally and not counted). */
  externalRequests: string[];
  /** Content-Security-Policy violations ("directive blocked-uri"), also added to consoleErrors. */
  cspViolations: string[];
}

/**
 * Opens a page that records console errors and external requests. Requests for
 * office.js (and the files it loads) on Microsoft's CDN are answered from the
 * @microsoft/office-js package.
 */
export async function openPage(
  browser: Browser,
  opts: { width?: number; height?: number; ignoreHTTPSErrors?: boolean } = {},
): Promise<PageWatch> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 360, height: opts.height ?? 800 },
    // The dev server's certificate is signed by a development CA that the test browser does not trust.
    ignoreHTTPSErrors: opts.ignoreHTTPSErrors ?? false,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  const cspViolations: string[] = [];
  // securitypolicyviolation fires for every blocked load, inline script/style and eval, in the page and its frames.
  await context.exposeBinding("__reportCspViolation", (_source, v: string) => {
    cspViolations.push(v);
    consoleErrors.push(`CSP violation: ${v}`);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (globalThis as unknown as { __reportCspViolation(v: string): void }).__reportCspViolation(
        `${e.effectiveDirective} ${e.blockedURI || "(inline)"}`,
      );
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  const officeDir = officeJsDir();
  await context.route("**/*", async (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.hostname === "localhost") return route.continue();
    // office.js's CDN under both its names: appsforoffice.microsoft.com/lib/1/hosted/… and the newer
    // officeapis.public.onecdn.static.microsoft/1/… (in case office.js or a redirect ever asks for it).
    if (u.hostname === "appsforoffice.microsoft.com" || u.hostname === "officeapis.public.onecdn.static.microsoft") {
      const rel = u.pathname.replace(/^\/(lib\/)?1(\.1)?\/(hosted\/)?/, "");
      const file = path.join(officeDir, rel);
      if (file.startsWith(officeDir) && fs.existsSync(file)) {
        return route.fulfill({ path: file, contentType: TYPES[path.extname(file)] || "text/javascript" });
      }
    }
    externalRequests.push(u.toString());
    return route.abort();
  });
  return { page, consoleErrors, externalRequests, cspViolations };
}

/**
 * The axe-core serious/critical violations on the page, as "label: rule" strings (expect it to equal []).
 * Fluent's tabster focus sentinels (<i data-tabster-dummy aria-hidden tabindex=0>) are excluded: a known,
 * by-design aria-hidden-focus false positive (microsoft/fluentui#27517, microsoft/tabster#288).
 */
export async function seriousAxeViolations(page: Page, label: string): Promise<string[]> {
  const res = await new AxeBuilder({ page })
    .exclude("[data-tabster-dummy]")
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const bad = res.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  if (bad.length) console.log(label, JSON.stringify(bad.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target) })), null, 1));
  return bad.map((v) => `${label}: ${v.id}`);
}

/** A served dist/ and one Chromium page on taskpane.html, ready once the search box is there. */
export interface PaneSession {
  server: Server;
  browser: Browser;
  watch: PageWatch;
  page: Page;
}

export async function openPane(viewport: { width: number; height: number }): Promise<PaneSession> {
  const server = await serve();
  const browser = await launch();
  const watch = await openPage(browser, viewport);
  await watch.page.goto(server.url + "taskpane.html");
  await watch.page.getByTestId("search-box").waitFor({ timeout: 20000 });
  return { server, browser, watch, page: watch.page };
}

export async function closePane(s: PaneSession | undefined): Promise<void> {
  await s?.browser.close();
  await s?.server.close();
}

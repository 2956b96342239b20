/**
 * The README's command to run the add-in: the development server, started exactly as `npm start`
 * does on Linux and as `npm run preview` does everywhere (`node scripts/start.mjs preview`, which runs
 * `webpack serve --mode development`: HTTPS with the office-addin-dev-certs certificate, or its
 * untrusted fallback where the CA cannot be installed). It must compile with no error or warning,
 * serve what the manifest and the page need over HTTPS (checked against the development CA), serve
 * the same functions, metadata and templates as the production build in dist/, run the pane in
 * Chromium (one search), and stop, with its port closed, when the test stops it.
 *
 * The port is a free one passed the way npm passes package.json's config (npm_package_config_dev_server_port),
 * so a developer's own `npm start` on 3000 does not collide with the test.
 */
import { spawn, spawnSync, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as https from "https";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import type { Browser } from "playwright-core";
import { distDir, launch, openPage, pageScripts } from "./util";

const root = path.resolve(__dirname, "..", "..");
const CERT_DIR = path.join(os.homedir(), ".office-addin-dev-certs"); // office-addin-dev-certs' default folder
const READY_TIMEOUT = 240_000;
jest.setTimeout(READY_TIMEOUT + 120_000);

let child: ChildProcess | undefined;
let output = "";
let port = 0;
let browser: Browser | undefined;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "localhost", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Ends the server and everything it started: the process group on POSIX, the process tree on Windows. */
function stopServer(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) return resolve();
    c.once("exit", () => resolve());
    if (process.platform === "win32") spawnSync("taskkill", ["/pid", String(c.pid), "/T", "/F"], { stdio: "ignore" });
    else {
      try {
        process.kill(-c.pid!, "SIGTERM");
      } catch {
        c.kill("SIGTERM");
      }
    }
  });
}

function portOpen(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: "localhost", port: p });
    sock.once("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.once("error", () => resolve(false));
  });
}

interface Got {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET over HTTPS, trusting only the development CA (so the certificate chain and host name are checked). */
function get(urlPath: string): Promise<Got> {
  const ca = fs.readFileSync(path.join(CERT_DIR, "ca.crt"));
  return new Promise((resolve, reject) => {
    const req = https.get({ host: "localhost", port, path: urlPath, ca, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${urlPath}: timed out`)));
    req.on("error", reject);
  });
}

/** Resolves once webpack reports a finished compilation (or rejects if the server exits or takes too long). */
function compiled(): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev server: no compilation within ${READY_TIMEOUT / 1000} s:\n${output.slice(-3000)}`)), READY_TIMEOUT);
    const check = () => {
      if (/webpack [\d.]+ compiled/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child!.stdout!.on("data", check);
    child!.stderr!.on("data", check);
    child!.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
}

beforeAll(async () => {
  port = await freePort();
  child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs"), "preview"], {
    cwd: root,
    env: { ...process.env, npm_package_config_dev_server_port: String(port), BROWSER: "none" },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group on POSIX, so stopping it also stops the webpack process it starts.
    detached: process.platform !== "win32",
  });
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  await compiled();
});

afterAll(async () => {
  await browser?.close();
  if (child) await stopServer(child);
});

test("compiles with no error or warning, on HTTPS with the development certificate", async () => {
  expect(output).toMatch(/webpack [\d.]+ compiled successfully/);
  const problems = output.split(/\r?\n/).filter((l) => /^<[ew]>|ERROR in|WARNING in|compiled with \d+ (error|warning)/.test(l.trim()));
  expect(problems).toEqual([]);
  // The CA is either installed or, where it cannot be (no sudo), the server says it uses the untrusted copy.
  expect(fs.existsSync(path.join(CERT_DIR, "localhost.crt"))).toBe(true);
});

test("serves the pane, the functions, their metadata and every URL the development manifest names", async () => {
  const page = await get("/taskpane.html");
  expect(page.status).toBe(200);
  const html = page.body.toString("utf8");
  // office.js, then the loader, which starts the shell's search and the three bundles in this order (see src/taskpane/boot.js).
  expect(pageScripts(html)).toEqual({
    scripts: ["office.js", "boot.js"],
    started: ["shell-search.js", "functions.js", "taskpane.js", "commands.js"],
    preloaded: [],
  });
  for (const u of ["/boot.js", "/shell-search.js", "/taskpane.js", "/commands.js", "/search-index.json"]) expect([u, (await get(u)).status]).toEqual([u, 200]);
  // The loader fetches the search index of the bundled data with the scripts.
  expect(html).toMatch(/<script[^>]*\bsrc="?boot\.js"?[^>]*\bdata-fetch="?search-index\.json"?[\s>]/);
  // The development page lets the live-reload client reach its socket on this port, and nothing else new.
  expect(html).toContain(`connect-src 'self' wss://localhost:${port};`);
  // No cross-origin reads are offered.
  expect(page.headers["access-control-allow-origin"]).toBeUndefined();

  const manifest = fs.readFileSync(path.join(root, "manifest.dev.xml"), "utf8");
  const urls = [...new Set([...manifest.matchAll(/https:\/\/localhost:3000(\/[^"<\s]*)/g)].map((m) => m[1]))];
  expect(urls).toEqual(expect.arrayContaining(["/taskpane.html", "/functions.js", "/functions.json", "/assets/icon-32.png"]));
  for (const u of urls) {
    const r = await get(u);
    expect([u, r.status]).toEqual([u, 200]);
    expect(r.headers["access-control-allow-origin"]).toBeUndefined();
    if (u.endsWith(".png")) expect(r.body.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  }
});

test("functions.js and functions.json are the production build's functions; functions.js runs outside a page", async () => {
  const devMeta = JSON.parse((await get("/functions.json")).body.toString("utf8")) as { functions: { id: string; parameters: unknown[] }[] };
  const prodMeta = JSON.parse(fs.readFileSync(path.join(distDir(), "functions.json"), "utf8")) as typeof devMeta;
  const shape = (m: typeof devMeta) => m.functions.map((f) => [f.id, f.parameters]).sort();
  expect(shape(devMeta)).toEqual(shape(prodMeta));

  // The served bundle registers every function in a bare context (no window, no document): the
  // JavaScript-only runtime's situation, and the templates plugin's.
  const code = (await get("/functions.js")).body.toString("utf8");
  expect(code).not.toMatch(/webpack-dev-server|Automatic publicPath/);
  const ids: string[] = [];
  const shim = {
    associate: (id: string) => ids.push(id),
    Error: class {
      constructor(
        public code: string,
        public message?: string,
      ) {}
    },
    ErrorCode: {},
  };
  vm.runInContext(code, vm.createContext({ CustomFunctions: shim }), { filename: "functions.js" });
  expect(ids.sort()).toEqual(devMeta.functions.map((f) => f.id).sort());
});

test("serves the data pack files and the checker's worker, by their hash", async () => {
  const latest = JSON.parse((await get("/data/latest.json")).body.toString("utf8")) as { version: string; file: string; sha256: string };
  const prod = JSON.parse(fs.readFileSync(path.join(distDir(), "data", "latest.json"), "utf8")) as typeof latest;
  expect(latest).toEqual(prod);
  const pack = await get(`/data/${latest.file}`);
  expect(pack.status).toBe(200);
  expect(require("crypto").createHash("sha256").update(pack.body).digest("hex")).toBe(latest.sha256);
  expect((await get("/pack-check.js")).status).toBe(200);
});

test("serves the same templates as the production build", async () => {
  const index = JSON.parse((await get("/templates/index.json")).body.toString("utf8")) as { templates: { file: string }[] };
  const prod = JSON.parse(fs.readFileSync(path.join(distDir(), "templates", "index.json"), "utf8")) as typeof index;
  expect(index.templates.map((t) => t.file).sort()).toEqual(prod.templates.map((t) => t.file).sort());
  for (const t of index.templates) {
    const r = await get(`/templates/${t.file}`);
    expect(r.status).toBe(200);
    expect(r.body.subarray(0, 2).toString("latin1")).toBe("PK"); // an .xlsx is a zip
  }
});

test("the pane runs from the dev server in Chromium: search answers, no console error", async () => {
  browser = await launch();
  const w = await openPage(browser, { width: 360, height: 800, ignoreHTTPSErrors: true });
  await w.page.goto(`https://localhost:${port}/taskpane.html`);
  await w.page.getByTestId("search-box").fill("dysprosium");
  await w.page.locator('[data-result="entity:element:Dy"]').waitFor({ timeout: 30000 });
  // The development build computes its search index as the production one does, and the pane uses it.
  expect(await w.page.locator("#search-results").getAttribute("data-index")).toBe("add-in");
  expect(w.consoleErrors).toEqual([]);
  expect(w.cspViolations).toEqual([]);
  expect(w.externalRequests).toEqual([]);
});

test("stopping it ends the server and frees its port", async () => {
  await browser?.close();
  browser = undefined;
  await stopServer(child!);
  child = undefined;
  expect(await portOpen(port)).toBe(false);
});

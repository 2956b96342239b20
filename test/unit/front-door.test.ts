/**
 * The front door's build and manifest tools (scripts/lib/manifest.cjs, scripts/manifest.mjs,
 * scripts/validate-manifest.mjs, webpack.config.js): no placeholder URL ships, a production build
 * without its hosting URL stops with a clear message, the development manifest has its own identity,
 * <Version> follows package.json, and the XSD check never skips silently.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { spawnSync } from "child_process";

const root = path.resolve(__dirname, "..", "..");
const m = require("../../scripts/lib/manifest.cjs") as {
  DEV_URL: string;
  TEST_URL: string;
  PROD_ID: string;
  DEV_ID: string;
  NAME: string;
  DEV_NAME: string;
  officeVersion(v: string): string;
  checkHostingUrl(u: unknown, o?: { allowTest?: boolean }): string;
  productionManifest(xml: string, o: { url: string; version: string }): string;
  developmentManifest(xml: string, o: { version: string }): string;
};
const source = fs.readFileSync(path.join(root, "manifest.xml"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string; config: Record<string, unknown> };
const node = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", env: { ...process.env, CI: "", ADDIN_PROD_URL: "", ...env } });

describe("officeVersion: package.json semver as Office's four-part version", () => {
  test.each([
    ["0.1.0", "0.1.0.0"],
    ["1.4.2", "1.4.2.0"],
    ["2.0.0-beta.3", "2.0.0.0"],
    ["10.20.30+build.7", "10.20.30.0"],
  ])("%s → %s", (v, want) => expect(m.officeVersion(v)).toBe(want));
  test("a part above 65535 or a non-semver is refused", () => {
    expect(() => m.officeVersion("70000.0.0")).toThrow(/65535/);
    expect(() => m.officeVersion("one")).toThrow(/not x\.y\.z/);
  });
});

describe("checkHostingUrl", () => {
  test("https URLs pass, with a trailing slash added", () => {
    expect(m.checkHostingUrl("https://addins.contoso.com/rare-earth")).toBe("https://addins.contoso.com/rare-earth/");
    expect(m.checkHostingUrl("https://addins.contoso.com/")).toBe("https://addins.contoso.com/");
  });
  test.each([
    [undefined, /needs the hosting URL/],
    ["", /needs the hosting URL/],
    ["not a url", /not a URL/],
    ["http://addins.contoso.com/", /must use https/],
    ["https://rare-earth-trade-modeler.example.org/", /placeholder/],
    ["https://example.com/", /placeholder/],
    ["https://addins.test/", /placeholder/],
    ["https://addins.contoso.com/?v=1", /query or fragment/],
  ])("%j is refused", (u, msg) => expect(() => m.checkHostingUrl(u)).toThrow(msg));
  test("the test URL only where a test build is allowed", () => {
    expect(() => m.checkHostingUrl(m.TEST_URL)).toThrow(/placeholder/);
    expect(m.checkHostingUrl(m.TEST_URL, { allowTest: true })).toBe(m.TEST_URL);
  });
  test("package.json carries no hosting URL (no placeholder to ship by default)", () => {
    expect(JSON.stringify(pkg.config)).not.toMatch(/https?:/);
  });
});

describe("manifests", () => {
  const prod = m.productionManifest(source, { url: "https://addins.contoso.com/rare-earth/", version: "3.2.1" });
  const dev = m.developmentManifest(source, { version: "3.2.1" });

  test("production: every localhost URL rewritten, production identity, version stamped", () => {
    expect(prod).not.toContain("localhost");
    expect(prod).toContain('<SourceLocation DefaultValue="https://addins.contoso.com/rare-earth/taskpane.html"/>');
    expect(prod).toContain("<AppDomain>https://addins.contoso.com</AppDomain>");
    expect(prod).toContain(`<Id>${m.PROD_ID}</Id>`);
    expect(prod).toContain(`<DisplayName DefaultValue="${m.NAME}"/>`);
    expect(prod).toContain("<Version>3.2.1.0</Version>");
    expect(prod.match(/<Version>/g)).toHaveLength(1);
  });

  test("development: its own Id and (dev) names, localhost URLs, same version", () => {
    expect(m.DEV_ID).not.toBe(m.PROD_ID);
    expect(dev).toContain(`<Id>${m.DEV_ID}</Id>`);
    expect(dev).not.toContain(m.PROD_ID);
    expect(dev).toContain(`<DisplayName DefaultValue="${m.DEV_NAME}"/>`);
    expect(dev).toContain('<bt:String id="Group.Label" DefaultValue="Rare Earth Trade (dev)"/>');
    expect(dev).toContain(`${m.DEV_URL}taskpane.html`);
    expect(dev).toContain("<Version>3.2.1.0</Version>");
  });

  test("the checked-in manifest.dev.xml and <Version>s are what `npm run manifest` writes", () => {
    const r = node(["scripts/manifest.mjs", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(source).toContain(`<Version>${m.officeVersion(pkg.version)}</Version>`);
  });
});

describe("validate-manifest: the XSD part never skips silently", () => {
  test("missing schemas: says the XSD check did not run, and fails", () => {
    const r = node(["scripts/validate-manifest.mjs", "manifest.xml"], { MANIFEST_SCHEMA_DIR: path.join(os.tmpdir(), "no-such-schemas") });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/XSD check DID NOT RUN/);
  });

  test("a manifest that breaks the schema fails, naming the element", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rem-manifest-"));
    const bad = path.join(dir, "manifest.xml");
    fs.writeFileSync(bad, source.replace("<Runtimes>", "<Runtimez>").replace("</Runtimes>", "</Runtimez>"));
    const r = node(["scripts/validate-manifest.mjs", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/XSD check failed[\s\S]*Runtimez/);
  });

  test("manifest.dev.xml passes the XSD and the development identity checks", () => {
    const r = node(["scripts/validate-manifest.mjs", "manifest.dev.xml"]);
    expect(r.stdout).toMatch(/manifest\.dev\.xml: XSD ok/);
    expect(r.stdout).toMatch(/manifest\.dev\.xml: structure ok/);
    expect(r.status).toBe(0);
  });
});

test("a production build without the hosting URL stops before compiling, saying what to pass", () => {
  const cli = path.join(root, "node_modules", "webpack-cli", "bin", "cli.js");
  const r = node([cli, "--mode", "production"], { DIST_DIR: path.join(os.tmpdir(), "rem-never-built") });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/A production build needs the hosting URL/);
  expect(r.stderr).toMatch(/--env url=https:\/\//);
  expect(fs.existsSync(path.join(os.tmpdir(), "rem-never-built", "manifest.xml"))).toBe(false);
}, 60000);

const browsers = require("../../scripts/lib/browser.cjs") as {
  findBrowser(o?: { platform?: string; env?: Record<string, string | undefined>; home?: string; exists?: (p: string) => boolean }):
    | { name: string; executablePath: string; from: string }
    | { error: string };
};

describe("findBrowser: the e2e tests and the bench use the browser each platform has", () => {
  const only = (...paths: string[]) => (p: string) => paths.includes(p);
  test("Linux: Debian's chromium first, then Chrome, then Edge", () => {
    expect(browsers.findBrowser({ platform: "linux", env: {}, exists: only("/usr/bin/chromium", "/usr/bin/google-chrome") })).toMatchObject({
      name: "Chromium",
      executablePath: "/usr/bin/chromium",
    });
    expect(browsers.findBrowser({ platform: "linux", env: {}, exists: only("/opt/google/chrome/chrome") })).toMatchObject({ name: "Google Chrome" });
    expect(browsers.findBrowser({ platform: "linux", env: {}, exists: only("/opt/microsoft/msedge/msedge") })).toMatchObject({ name: "Microsoft Edge" });
  });
  test("macOS: the app bundles in /Applications or ~/Applications", () => {
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(browsers.findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: only(chrome) })).toMatchObject({ executablePath: chrome });
    const edge = "/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge";
    expect(browsers.findBrowser({ platform: "darwin", env: {}, home: "/Users/ana", exists: only(edge) })).toMatchObject({ name: "Microsoft Edge" });
  });
  test("Windows: Chrome where installed, else the Edge every Windows 10/11 has", () => {
    const env = { ProgramFiles: "C:\\Program Files", "ProgramFiles(x86)": "C:\\Program Files (x86)", LOCALAPPDATA: "C:\\Users\\ana\\AppData\\Local" };
    const edge = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";
    const chrome = "C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
    expect(browsers.findBrowser({ platform: "win32", env, exists: only(edge, chrome) })).toMatchObject({ executablePath: chrome });
    expect(browsers.findBrowser({ platform: "win32", env, exists: only(edge) })).toMatchObject({ name: "Microsoft Edge", executablePath: edge });
  });
  test("CHROMIUM_PATH wins, and a wrong one is named", () => {
    expect(browsers.findBrowser({ platform: "linux", env: { CHROMIUM_PATH: "/opt/x/chrome" }, exists: only("/opt/x/chrome", "/usr/bin/chromium") })).toMatchObject({
      executablePath: "/opt/x/chrome",
      from: "CHROMIUM_PATH",
    });
    const r = browsers.findBrowser({ platform: "linux", env: { CHROMIUM_PATH: "/nope" }, exists: only("/usr/bin/chromium") });
    expect(r).toEqual({ error: expect.stringMatching(/CHROMIUM_PATH is set to \/nope, which does not exist/) });
  });
  test("none found: one message saying what was looked for and what to install", () => {
    const r = browsers.findBrowser({ platform: "win32", env: {}, exists: () => false }) as { error: string };
    expect(r.error).toMatch(/no Chromium, Google Chrome or Microsoft Edge found/);
    expect(r.error).toMatch(/msedge\.exe/);
    expect(r.error).toMatch(/set CHROMIUM_PATH/);
    expect((browsers.findBrowser({ platform: "linux", env: {}, exists: () => false }) as { error: string }).error).toMatch(/apt-get install chromium/);
  });
});

const { checkWorkbookUrl } = require("../../scripts/lib/workbook-url.cjs") as {
  checkWorkbookUrl(u: unknown, env?: Record<string, string>): { url: string } | { error: string };
};

describe("start:web accepts only a plain https workbook URL (the Windows opener runs it through cmd.exe)", () => {
  const env = { PATH: "/usr/bin", OS: "Windows_NT" };
  test.each([
    "https://contoso-my.sharepoint.com/:x:/g/personal/ana_contoso_com/EXyz123AbC?e=Q1w2E3",
    "https://contoso.sharepoint.com/:x:/r/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%7B1F2E3D4C-0000-1111-2222-333344445555%7D&file=BOM%20screen.xlsx&action=default",
    "https://onedrive.live.com/edit.aspx?resid=ABC123%21456&cid=abc",
    "https://contoso.sharepoint.com/%4F%53%4F%53",
  ])("accepted: %s", (u) => expect(checkWorkbookUrl(u, env)).toEqual({ url: u }));
  test.each([
    [undefined, /no workbook URL/],
    ["", /no workbook URL/],
    ["http://contoso.sharepoint.com/x.xlsx", /must start with https:\/\//],
    ["file:///C:/Users/ana/Book.xlsx", /must start with https:\/\//],
    ["https://contoso.sharepoint.com/x.xlsx|calc.exe", /"\|"/],
    ["https://contoso.sharepoint.com/x.xlsx\" & calc", /"""|white space/],
    ["https://contoso.sharepoint.com/x.xlsx>out.txt", /">"/],
    ["https://contoso.sharepoint.com/x.xlsx^&calc", /"\^"/],
    ["https://contoso.sharepoint.com/my book.xlsx", /white space/],
    ["https://contoso.sharepoint.com/x.xlsx?a=(1)", /"\("/],
    ["https://contoso.sharepoint.com/x.xlsx?e=%PATH%", /not percent-encoding/],
    ["https://onedrive.live.com/edit.aspx?resid=ABC123!456", /"!" at position 49.*%XX/],
  ])("refused: %j", (u, why) => expect(checkWorkbookUrl(u, env)).toEqual({ error: expect.stringMatching(why) }));
  test("a %NAME% span that names an environment variable is refused, even between percent-encodings", () => {
    expect(checkWorkbookUrl("https://x.sharepoint.com/a%20OS%20b", { OS: "x" })).toEqual({ url: "https://x.sharepoint.com/a%20OS%20b" });
    expect(checkWorkbookUrl("https://x.sharepoint.com/a%20b%20c", { "20B": "x" })).toEqual({ error: expect.stringMatching(/"%20b%" names an environment variable/) });
  });
  test("npm run start:web with a refused URL says why and exits 1 before starting anything", () => {
    const r = node(["scripts/start.mjs", "web", "https://contoso.sharepoint.com/x.xlsx&calc|more"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing the workbook URL: it contains "\|"/);
    expect(r.stdout).not.toMatch(/sideloaded/);
  });
});

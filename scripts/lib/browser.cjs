/**
 * Finds a Chromium-based browser for the end-to-end tests and the task-pane benchmark, on every
 * platform, without downloading one (playwright-core drives a browser the machine already has).
 *
 * Order: CHROMIUM_PATH if set (must exist), else the first of these that exists:
 *   Linux   Debian/Ubuntu Chromium (/usr/bin/chromium, chromium-browser, the snap), Google Chrome, Microsoft Edge
 *   macOS   Chromium, Google Chrome, Microsoft Edge in /Applications (or ~/Applications)
 *   Windows Google Chrome (per-user, then machine-wide), Chromium, Microsoft Edge (installed with Windows 10/11)
 * The Chrome and Edge paths are the stable-channel locations playwright-core itself uses for its
 * `channel: "chrome"` / `"msedge"` options (playwright-core's registry); listing them here lets us say
 * which browser was used, and what was looked for when none is found.
 */
const fs = require("fs");
const path = require("path");
const os = require("os");

/** Flags for a headless, offline browser: no first-run, sync, component updates or background requests. */
const BROWSER_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
];

/** Candidate executables for a platform: [{ name, path }] in order of preference. */
function candidates(platform = process.platform, env = process.env, home = os.homedir()) {
  if (platform === "win32") {
    const pf = env["ProgramFiles"] || "C:\\Program Files";
    const pf86 = env["ProgramFiles(x86)"] || "C:\\Program Files (x86)";
    const local = env.LOCALAPPDATA || path.win32.join(home, "AppData", "Local");
    const j = path.win32.join;
    return [
      { name: "Google Chrome", path: j(local, "Google", "Chrome", "Application", "chrome.exe") },
      { name: "Google Chrome", path: j(pf, "Google", "Chrome", "Application", "chrome.exe") },
      { name: "Google Chrome", path: j(pf86, "Google", "Chrome", "Application", "chrome.exe") },
      { name: "Chromium", path: j(local, "Chromium", "Application", "chrome.exe") },
      { name: "Microsoft Edge", path: j(pf86, "Microsoft", "Edge", "Application", "msedge.exe") },
      { name: "Microsoft Edge", path: j(pf, "Microsoft", "Edge", "Application", "msedge.exe") },
    ];
  }
  if (platform === "darwin") {
    const apps = ["/Applications", path.posix.join(home, "Applications")];
    const out = [];
    for (const [name, app] of [
      ["Chromium", "Chromium.app/Contents/MacOS/Chromium"],
      ["Google Chrome", "Google Chrome.app/Contents/MacOS/Google Chrome"],
      ["Microsoft Edge", "Microsoft Edge.app/Contents/MacOS/Microsoft Edge"],
    ]) {
      for (const dir of apps) out.push({ name, path: path.posix.join(dir, app) });
    }
    return out;
  }
  return [
    { name: "Chromium", path: "/usr/bin/chromium" },
    { name: "Chromium", path: "/usr/bin/chromium-browser" },
    { name: "Chromium", path: "/snap/bin/chromium" },
    { name: "Google Chrome", path: "/usr/bin/google-chrome" },
    { name: "Google Chrome", path: "/usr/bin/google-chrome-stable" },
    { name: "Google Chrome", path: "/opt/google/chrome/chrome" },
    { name: "Microsoft Edge", path: "/usr/bin/microsoft-edge" },
    { name: "Microsoft Edge", path: "/opt/microsoft/msedge/msedge" },
  ];
}

/** How to get a browser, per platform, for the message when none is found. */
function installHint(platform = process.platform) {
  if (platform === "win32") return "install Google Chrome, or set CHROMIUM_PATH to chrome.exe or msedge.exe (Edge comes with Windows 10 and 11)";
  if (platform === "darwin") return "install Google Chrome or Chromium into /Applications, or set CHROMIUM_PATH to the browser's executable";
  return "install Debian's chromium package (sudo apt-get install chromium) or Google Chrome, or set CHROMIUM_PATH";
}

/**
 * The browser to use: { name, executablePath, from: "CHROMIUM_PATH" | "found" }, or
 * { error } with a message naming what was looked for. Never throws.
 * opts: { platform, env, home, exists } (for tests).
 */
function findBrowser(opts = {}) {
  const platform = opts.platform || process.platform;
  const env = opts.env || process.env;
  const exists = opts.exists || ((p) => fs.existsSync(p));
  if (env.CHROMIUM_PATH) {
    if (exists(env.CHROMIUM_PATH)) return { name: path.basename(env.CHROMIUM_PATH), executablePath: env.CHROMIUM_PATH, from: "CHROMIUM_PATH" };
    return { error: `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist; unset it or point it at a Chromium, Chrome or Edge executable` };
  }
  const list = candidates(platform, env, opts.home || os.homedir());
  for (const c of list) if (exists(c.path)) return { name: c.name, executablePath: c.path, from: "found" };
  return {
    error: `no Chromium, Google Chrome or Microsoft Edge found (looked for ${list.map((c) => c.path).join(", ")}); ${installHint(platform)}`,
  };
}

module.exports = { findBrowser, candidates, installHint, BROWSER_ARGS };

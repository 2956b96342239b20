/**
 * npm test: every check, in order, with the build in between.
 *   typecheck → lint → import cycles (madge) → data check → unit tests → production build → manifest
 *   validation (offline XSD + structure) → docs up to date → bundle tests
 *   (dist/functions.js in a vm) → e2e (headless Chromium)
 * Ends with one line "tests: N passed, N failed" (jest tests plus the checks).
 * The build is a TEST BUILD (`npm run build:test`, hosting URL https://test-build.invalid/, a
 * domain that never resolves): not deployable; deploying needs `npm run build` with the real URL.
 * Runs on Windows, macOS and Linux: npm is spawned through npm.cmd on Windows, jest through node.
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { findBrowser } = createRequire(import.meta.url)("./lib/browser.cjs");
const JEST = join(root, "node_modules", "jest", "bin", "jest.js");
const WIN = process.platform === "win32";
const tmp = mkdtempSync(join(tmpdir(), "rem-test-"));

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args) {
  const t0 = Date.now();
  const shown = cmd === process.execPath ? "node" : cmd;
  console.log(`\n=== ${label}: ${[shown, ...args.map((a) => (a.startsWith(root) ? relative(root, a) : a))].join(" ")}`);
  // npm is npm.cmd on Windows, which Node runs only through a shell; the arguments are fixed words.
  const npm = cmd === "npm";
  const r = spawnSync(npm && WIN ? "npm.cmd" : cmd, args, { cwd: root, stdio: "inherit", shell: npm && WIN });
  const ok = r.status === 0;
  console.log(`=== ${label}: ${ok ? "ok" : "FAILED"} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(label, cmd, args) {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    failures.push(label);
  }
}

function jest(project) {
  const out = join(tmp, `${project}.json`);
  const ok = run(`jest ${project}`, process.execPath, [JEST, "--selectProjects", project, "--json", `--outputFile=${out}`]);
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, "utf8"));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numFailedTests || r.numRuntimeErrorTestSuites || !ok) failures.push(`jest ${project}`);
    if (r.numRuntimeErrorTestSuites) failed += r.numRuntimeErrorTestSuites;
  } else {
    failed++;
    failures.push(`jest ${project} (no results)`);
  }
}

check("typecheck", "npm", ["run", "--silent", "typecheck"]);
check("lint", "npm", ["run", "--silent", "lint"]);
// Import cycles in src fail the run (madge's own cycle finder; run through node so it also works on Windows).
check("import cycles", process.execPath, [join(root, "node_modules", "madge", "bin", "cli.js"), "--circular", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "src"]);
if (existsSync(join(root, "scripts", "check-data.cjs"))) check("data pack", "node", ["scripts/check-data.cjs"]);
jest("unit");
const built = run("build (test build, not deployable)", "npm", ["run", "--silent", "build:test"]);
if (built) passed++;
else {
  failed++;
  failures.push("build");
}
check("manifest", "node", ["scripts/validate-manifest.mjs"]);
if (built) {
  check("docs up to date", "node", ["scripts/gen-docs.mjs", "--check"]);
  jest("bundle");
  // The end-to-end tests (the pane, the dev server) need a browser; without one they are one failure
  // with a message saying what to install, not a stack trace per test.
  const found = findBrowser();
  if (found.error) {
    console.log(`\n=== jest e2e: not run: ${found.error}`);
    failed++;
    failures.push("jest e2e (no browser)");
  } else {
    console.log(`\n=== e2e browser: ${found.name} at ${found.executablePath}${found.from === "CHROMIUM_PATH" ? " (CHROMIUM_PATH)" : ""}`);
    jest("e2e");
  }
}
if (failures.length) console.log(`\nfailed: ${failures.join(", ")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

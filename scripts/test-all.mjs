/**
 * npm test: every check, in order, with the build in between.
 *   typecheck → lint → import cycles (madge) → data check → unit tests → production build → manifest
 *   validation (offline XSD + structure) → docs up to date → bundle tests
 *   (dist/functions.js in a vm) → e2e (headless Chromium)
 * Ends with one line "tests: N passed, N failed" (jest tests plus the checks).
 * Office tools' telemetry is switched off first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (n) => join(root, "node_modules", ".bin", n);
const tmp = mkdtempSync(join(tmpdir(), "rem-test-"));
const env = { ...process.env, OFFICE_ADDIN_USAGE_DATA_OPT_OUT: "true" };

let passed = 0;
let failed = 0;
const failures = [];

function run(label, cmd, args) {
  const t0 = Date.now();
  console.log(`\n=== ${label}: ${[cmd.replace(root + "/", ""), ...args].join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
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
  const ok = run(`jest ${project}`, bin("jest"), ["--selectProjects", project, "--json", `--outputFile=${out}`]);
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

spawnSync(bin("office-addin-usage-data"), ["off"], { cwd: root, stdio: "ignore", env });
check("typecheck", "npm", ["run", "--silent", "typecheck"]);
check("lint", "npm", ["run", "--silent", "lint"]);
// Import cycles in src fail the run (madge's own cycle finder; run through node so it also works on Windows).
check("import cycles", process.execPath, [join(root, "node_modules", "madge", "bin", "cli.js"), "--circular", "--extensions", "ts,tsx", "--ts-config", "tsconfig.json", "src"]);
if (existsSync(join(root, "scripts", "check-data.cjs"))) check("data pack", "node", ["scripts/check-data.cjs"]);
jest("unit");
const built = run("build", "npm", ["run", "--silent", "build"]);
if (built) passed++;
else {
  failed++;
  failures.push("build");
}
check("manifest", "node", ["scripts/validate-manifest.mjs"]);
if (built) {
  check("docs up to date", "node", ["scripts/gen-docs.mjs", "--check"]);
  jest("bundle");
  jest("e2e");
}
if (failures.length) console.log(`\nfailed: ${failures.join(", ")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

/**
 * npm run bench: speed and size, each printed as a ratio against a baseline
 * measured in the same run (no absolute thresholds). Runs the foundation's
 * benchmarks, then every scripts/bench/<area>.mjs, which export
 *   default async function bench({ loadBundle, time, report, distDir, core })
 * Ratios are of medians; where both sides carry their best run, the best-run ratio is printed too.
 * Figures vary with the machine; compare ratios, not milliseconds.
 */
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const distDir = resolve(root, process.env.DIST_DIR || "dist");
require("./lib/ts-require.cjs");
const { loadBundle: load } = require("./lib/bundle.cjs");

let bundle;
/** The built bundle, evaluated in this realm (see scripts/lib/bundle.cjs on why not a vm context). */
const loadBundle = () => (bundle ??= load(distDir, { realm: "main" }));
/** Pure core modules by path relative to src/core, e.g. core("broadcast"). */
const core = (name) => require(join(root, "src", "core", name + ".ts"));

/**
 * Median wall time in ms over `iterations` runs after `warmup` runs. One GC
 * before the warm-up only: a full GC before every run flushes compiled code and
 * inline caches and would make sub-millisecond runs look several times slower.
 */
function time(label, fn, { iterations = 15, warmup = 3 } = {}) {
  globalThis.gc?.();
  for (let i = 0; i < warmup; i++) fn();
  const ms = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  // The median, as a Number that also carries the best run (GC pauses land on some runs and not
  // others; the best-run ratio shows the cost without them).
  return Object.assign(new Number(ms[Math.floor(ms.length / 2)]), { min: ms[0] });
}

const rows = [];
function report(name, ms, baselineMs, note = "") {
  const ratio = baselineMs > 0 ? ms / baselineMs : NaN;
  rows.push({ name, ms: +ms, baselineMs: +baselineMs, ratio, note });
  const best = ms.min !== undefined && baselineMs.min !== undefined ? `  (best runs ${(ms.min / baselineMs.min).toFixed(2)}×)` : "";
  console.log(
    `${name.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms  baseline ${baselineMs.toFixed(3).padStart(8)} ms  ratio ${ratio.toFixed(2).padStart(7)}×${best}${note ? "  " + note : ""}`,
  );
}
/** A figure that is not a ratio (size, latency): printed as is. */
function figure(name, value, unit, note = "") {
  rows.push({ name, value, unit, note });
  console.log(`${name.padEnd(58)} ${String(value).padStart(9)} ${unit}${note ? "  " + note : ""}`);
}

const ctx = { loadBundle, time, report, figure, distDir, core, root };

async function foundation() {
  console.log("\n# foundation: input layer and HHI over 100,000-element ranges");
  const { mapElements } = core("broadcast");
  const { toNumber } = core("input");
  const { hhi } = core("concentration");
  globalThis.CustomFunctions = { Error: class { constructor(c, m) { this.code = c; this.message = m; } } };
  const { toExcelMatrix } = require(join(root, "src", "functions", "adapter.ts"));
  const N = 100_000;
  const a = new Float64Array(N);
  const b = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    a[i] = (i % 997) * 0.37;
    b[i] = 1000 + (i % 101);
  }
  const colA = Array.from(a, (x) => [x]);
  const colB = Array.from(b, (x) => [x]);
  const out = new Float64Array(N);
  const bare = time("bare", () => {
    for (let i = 0; i < N; i++) out[i] = a[i] / b[i];
  });
  const specs = [{ name: "a", required: true }, { name: "b", required: true, zeroIsBlank: true }];
  const layer = time("layer", () => toExcelMatrix(mapElements([colA, colB], specs, (v) => toNumber(v[0], "a") / toNumber(v[1], "b"))));
  report("input layer: normalise + broadcast + map, 100k×2 → 100k", layer, bare, "vs bare Float64Array loop a[i]/b[i]");
  const outRows = new Array(N);
  const bareRows = time("bare rows", () => {
    for (let i = 0; i < N; i++) outRows[i] = [colA[i][0] / colB[i][0]];
  });
  report("input layer, same, vs a bare loop over Excel's 2-D arrays", layer, bareRows, "baseline builds the same [[x]] rows");
  const bareSq = time("bare hhi", () => {
    let s = 0, q = 0;
    for (let i = 0; i < N; i++) { s += a[i]; q += a[i] * a[i]; }
    return (q / (s * s)) * 10000;
  });
  const viaCore = time("hhi", () => hhi(colA));
  report("HHI core over 100k values", viaCore, bareSq, "vs bare Float64Array sum of squares");
  const viaBundle = time("hhi bundle", () => loadBundle().call("HHI", colA));
  report("TRADE.HHI through dist/functions.js, 100k values", viaBundle, bareSq, "vs the same bare loop");
}

// `node scripts/bench.mjs taskpane tariff` runs only those areas (and skips the foundation);
// `npm run bench -- taskpane` does the same after the build.
const only = process.argv.slice(2).filter((a) => !a.startsWith("-"));
if (!only.length || only.includes("foundation")) await foundation();
const dir = join(root, "scripts", "bench");
let files = [];
try {
  files = readdirSync(dir)
    .filter((f) => f.endsWith(".mjs") && (!only.length || only.includes(f.replace(/\.mjs$/, ""))))
    .sort();
} catch {
  files = [];
}
for (const f of files) {
  console.log(`\n# ${f.replace(/\.mjs$/, "")}`);
  try {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    await mod.default(ctx);
  } catch (e) {
    console.log(`bench ${f} failed: ${e && e.stack ? e.stack : e}`);
    process.exitCode = 1;
  }
}

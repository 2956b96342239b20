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

/**
 * Times two functions in alternation (A, B, A, B...) so that both see the same machine: load from
 * other processes and garbage collection land on both alike. Returns [A, B], each a median that
 * also carries its best run, as time() does. `reps` runs each function that many times per sample
 * (for sub-millisecond work, where one run is too short to time reliably); times are per run.
 */
function timePair(fnA, fnB, { iterations = 21, warmup = 3, reps = 1 } = {}) {
  globalThis.gc?.();
  for (let i = 0; i < warmup; i++) {
    fnA();
    fnB();
  }
  const a = [];
  const b = [];
  for (let i = 0; i < iterations; i++) {
    for (const [fn, ms] of i % 2 ? [[fnB, b], [fnA, a]] : [[fnA, a], [fnB, b]]) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < reps; r++) fn();
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6 / reps);
    }
  }
  const med = (ms) => {
    ms.sort((x, y) => x - y);
    return Object.assign(new Number(ms[Math.floor(ms.length / 2)]), { min: ms[0] });
  };
  return [med(a), med(b)];
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

const ctx = { loadBundle, time, timePair, report, figure, distDir, core, root };

async function foundation() {
  console.log("\n# foundation: input layer and HHI over 100,000-cell ranges, against bare loops over the same 2-D arrays");
  const { mapElements } = core("broadcast");
  const { toNumber } = core("input");
  const { hhi } = core("concentration");
  globalThis.CustomFunctions = { Error: class { constructor(c, m) { this.code = c; this.message = m; } } };
  const { toExcelMatrix } = require(join(root, "src", "functions", "adapter.ts"));
  const N = 100_000;
  // Two columns as Excel passes them: 100,000 one-cell rows each.
  const colA = new Array(N);
  const colB = new Array(N);
  for (let i = 0; i < N; i++) {
    colA[i] = [(i % 997) * 0.37];
    colB[i] = [1000 + (i % 101)];
  }
  const specs = [{ name: "a", required: true }, { name: "b", required: true, zeroIsBlank: true }];
  const layer = () => toExcelMatrix(mapElements([colA, colB], specs, (v) => toNumber(v[0], "a") / toNumber(v[1], "b")));
  const bareRows = () => {
    const out = new Array(N);
    for (let i = 0; i < N; i++) out[i] = [colA[i][0] / colB[i][0]];
    return out;
  };
  const [msLayer, msBareRows] = timePair(layer, bareRows);
  report(
    "input layer: broadcast + blank rule + toNumber + result, 100k×2",
    msLayer,
    msBareRows,
    "vs a bare loop over the same two 100k×1 arrays building the same [[a/b]] rows (target ≤ 3×)",
  );
  const bareSq = () => {
    let s = 0;
    let q = 0;
    for (let i = 0; i < N; i++) {
      const x = colA[i][0];
      s += x;
      q += x * x;
    }
    return (q / (s * s)) * 10000;
  };
  const [msCore, msSq] = timePair(() => hhi(colA), bareSq, { iterations: 31, reps: 10 });
  report("HHI core over a 100,000×1 range", msCore, msSq, "vs a bare loop over the same 2-D array: sum and sum of squares (target ≤ 3×)");
  const b = loadBundle();
  const [msBundle, msSq2] = timePair(() => b.call("HHI", colA), bareSq, { iterations: 31, reps: 10 });
  report("TRADE.HHI through dist/functions.js, 100,000 cells", msBundle, msSq2, "vs the same bare loop (target ≤ 3×)");
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

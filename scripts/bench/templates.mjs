/**
 * Bench: the BOM exposure screen scaled to 10,000 BOM lines and 1,000 products,
 * evaluated by HyperFormula (a full build + calculation of the sheet) with the
 * TRADE functions from the built bundle, against the same screen written with
 * native formulas only (SUMIFS / IF / MATCH over the same data). Reported as a
 * ratio in one run; HyperFormula is used under its "gpl-v3" key (dev only).
 *
 * Second: the share-ready copy of a 100,000-row sheet (100,000 constants, 100,000
 * TRADE formulas and 100,000 native formulas reading the constants): dependency
 * analysis, building the copy and writing the compressed .xlsx with our own
 * writer, against ExcelJS writing the same 300,000 values (no analysis).
 *
 * Third: the share-ready copy of a 100,000 × 20 sheet (8 constant columns of
 * numbers, codes, dates, booleans and 60-character text; 6 TRADE formulas; 6
 * native formulas), the pure part of the pipeline as the pane runs it: chunks
 * of 1,000 rows as Office returns them copied into the compact grid, the
 * analysis, the book and the streamed .xlsx. Run in a child process so its peak
 * memory (the kernel's maximum resident set) is its own: time and peak memory
 * are printed as figures. BENCH_BEFORE_SRC=<a checkout of an earlier commit>
 * runs the same sheet through that checkout's pipeline too (2-D arrays, XCell
 * objects, one string per part) and prints the ratio, for before/after in one
 * run, e.g. `git archive HEAD~1 src scripts package.json | tar -x -C /tmp/before`.
 *
 * Contract: export default async function bench({ loadBundle, time, report, figure }).
 */
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
require(join(root, "scripts", "lib", "ts-require.cjs"));

const PRODUCTS = 1000;
const LINES_PER_PRODUCT = 10;

/** Deterministic synthetic BOM: every product a magnet, target, component or other; items and origins cycle. */
function synthetic() {
  const types = ["magnet", "magnet", "target", "component", "other"];
  const items = ["Nd oxide", "DyFe alloy", "other", "Tb oxide", "Dy metal", "other", "Nd oxide", "Gd metal", "other", "TbFe alloy"];
  const origins = ["CN", "MY", "CN", "JP", "CN", "AU", "CN", "US", "VN", "CN"];
  const products = [];
  const lines = [];
  for (let p = 0; p < PRODUCTS; p++) {
    const id = `P${p + 1}`;
    products.push({ id, description: `Product ${p + 1}`, type: types[p % types.length], value: 1000 + (p % 97) * 10 });
    for (let l = 0; l < LINES_PER_PRODUCT; l++) {
      const k = (p * 7 + l) % items.length;
      // China-origin Part 1 lines of 0.2 to 1.9: around the 0.1% threshold of 1,000–1,960 products.
      lines.push({ product: id, component: `C${l}`, item: items[k], origin: origins[(p + l) % origins.length], value: l === 1 ? 0.2 + (p % 18) * 0.1 : 5 + l });
    }
  }
  return { products, lines };
}

function toSheet(t, isoToSerial, parseA1) {
  const grid = [];
  for (const [ref, c] of Object.entries(t.cells)) {
    const { row, col } = parseA1(ref);
    const v = c.f ?? (c.date ? isoToSerial(c.date) : c.v);
    if (v === null || v === undefined) continue;
    (grid[row] ??= [])[col] = v;
  }
  for (let i = 0; i < grid.length; i++) grid[i] = Array.from({ length: (grid[i] ?? []).length }, (_, j) => (grid[i]?.[j] === undefined ? null : grid[i][j]));
  return grid;
}

/** Median (and best) wall time in ms of an async function. */
async function timeAsync(fn, iterations) {
  const ms = [];
  for (let i = 0; i < iterations; i++) {
    globalThis.gc?.();
    const t0 = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return Object.assign(new Number(ms[Math.floor(ms.length / 2)]), { min: ms[0] });
}

/** The share-copy pipeline (pure part) on a 100,000-row sheet, against ExcelJS writing the same values. */
export async function shareCopyBench({ report, figure }) {
  const { analyseShare } = require(join(root, "src", "templates", "share.ts"));
  const { buildShareBook } = require(join(root, "src", "templates", "shareBook.ts"));
  const { SheetGrid } = require(join(root, "src", "templates", "shareGrid.ts"));
  const { writeXlsx } = require(join(root, "src", "templates", "xlsxWriter.ts"));
  const ExcelJS = require("exceljs");
  const N = 100000;
  const formulas = [];
  const values = [];
  const types = [];
  const numberFormats = [];
  for (let i = 0; i < N; i++) {
    formulas.push([i, `=TRADE.REF(A${i + 1},"x")`, `=A${i + 1}*3`]);
    values.push([i, i * 2, i * 3]);
    types.push(["Double", "Double", "Double"]);
    numberFormats.push(["General", "0.00", "General"]);
  }
  let bytes = 0;
  const ours = await timeAsync(async () => {
    const grid = new SheetGrid("Big", 0, 0, N, 3);
    grid.addChunk(0, formulas, values, types, numberFormats);
    const a = analyseShare([grid.parsed], [], "Big");
    const { book } = buildShareBook(grid, [], [], { columnWidths: new Map(), conditional: [], validations: [], notes: [] }, { when: new Date(), dataVersion: "bench" }, a);
    bytes = (await writeXlsx(book)).length;
  }, 3);
  const exceljs = await timeAsync(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Big");
    for (let i = 0; i < N; i++) ws.addRow(values[i]);
    await wb.xlsx.writeBuffer();
  }, 2);
  report("share copy 100k rows × 3: analysis + copy + xlsx", ours, exceljs, "vs ExcelJS writing the same 300k values (no analysis)");
  if (figure) figure("share copy 100k rows × 3: file size", Math.round(bytes / 1024), "KiB", "deflate-raw via CompressionStream");
}

// ---------- 100,000 × 20 in a child process (time and peak memory) ----------

const WIDE_ROWS = 100000;
const WIDE_COLS = 20;
const WIDE_CHUNK = 1000; // rows per chunk: 20,000 cells, the pane's largest read

/** One row of the wide sheet as Office returns it: formulas, values, value types, number formats. */
function wideRow(i) {
  const r = i + 1;
  const text = `Product ${i} neodymium magnet assembly, lot ${i % 977}`.padEnd(60, ".");
  const f = [i, i * 1.5, "8505.11.00." + String(i % 100).padStart(2, "0"), ["CN", "MY", "JP", "AU"][i % 4], 45000 + (i % 365), text, i % 7 === 0, (i % 1000) / 1000,
    `=TRADE.REF(A${r},"x")`, `=TRADE.TARIFF_RATE(C${r},D${r})`, `=TRADE.DUTY(B${r},C${r},D${r})`, '=TRADE.CN_CONTROLLED("Dy")', `=TRADE.HHI(H${r})`, `=I${r}*2`,
    `=A${r}*3`, `=SUM(A${r}:B${r})`, `=IF(D${r}="CN",1,0)`, `=LEN(F${r})`, `=ROUND(H${r},2)`, `=XLOOKUP(D${r},{"CN","MY"},{1,2},0)`];
  const v = [i, i * 1.5, f[2], f[3], f[4], text, i % 7 === 0, (i % 1000) / 1000, i * 2, 0.371, i * 0.5, true, 10000, i * 4, i * 3, i * 2.5, i % 4 === 0 ? 1 : 0, 60, Math.round(((i % 1000) / 1000) * 100) / 100, i % 4 === 0 ? 1 : 0];
  const t = v.map((x) => (typeof x === "number" ? "Double" : typeof x === "boolean" ? "Boolean" : "String"));
  const nf = ["General", "0.00", "@", "General", "yyyy-mm-dd", "General", "General", "0.0%", "General", "0.0%", "#,##0.00", "General", "0", "General", "General", "General", "General", "General", "0.00", "General"];
  return { f, v, t, nf };
}

/** The child: builds the copy of the wide sheet with the pipeline under `srcRoot` (this checkout or an earlier one) and prints JSON. */
async function wideChild(srcRoot) {
  const req = createRequire(join(srcRoot, "package.json"));
  req(join(srcRoot, "scripts", "lib", "ts-require.cjs"));
  const { analyseShare } = req(join(srcRoot, "src", "templates", "share.ts"));
  const shareBook = req(join(srcRoot, "src", "templates", "shareBook.ts"));
  const { writeXlsx } = req(join(srcRoot, "src", "templates", "xlsxWriter.ts"));
  const gridModule = join(srcRoot, "src", "templates", "shareGrid.ts");
  const compact = existsSync(gridModule);
  globalThis.gc?.();
  const rssStart = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const formats = { columnWidths: new Map(), conditional: [], validations: [], notes: [] };
  const ctx = { when: new Date(), dataVersion: "bench" };
  let bytes;
  if (compact) {
    const { SheetGrid } = req(gridModule);
    const grid = new SheetGrid("Big", 0, 0, WIDE_ROWS, WIDE_COLS);
    for (let i = 0; i < WIDE_ROWS; i += WIDE_CHUNK) {
      const chunk = { f: [], v: [], t: [], nf: [] };
      for (let k = i; k < Math.min(WIDE_ROWS, i + WIDE_CHUNK); k++) {
        const x = wideRow(k);
        chunk.f.push(x.f);
        chunk.v.push(x.v);
        chunk.t.push(x.t);
        chunk.nf.push(x.nf);
      }
      grid.addChunk(i, chunk.f, chunk.v, chunk.t, chunk.nf);
    }
    const a = analyseShare([grid.parsed], [], "Big");
    const { book } = shareBook.buildShareBook(grid, [], [], formats, ctx, a);
    bytes = (await writeXlsx(book)).length;
  } else {
    // An earlier pipeline: the chunks kept as Office returned them, concatenated into one snapshot.
    const snap = { name: "Big", row0: 0, col0: 0, formulas: [], values: [], valueTypes: [], numberFormats: [], spills: new Map() };
    for (let k = 0; k < WIDE_ROWS; k++) {
      const x = wideRow(k);
      snap.formulas.push(x.f);
      snap.values.push(x.v);
      snap.valueTypes.push(x.t);
      snap.numberFormats.push(x.nf);
    }
    const a = analyseShare([shareBook.sheetFormulas(snap)], [], "Big");
    const { book } = shareBook.buildShareBook(snap, [], [], formats, ctx, a);
    bytes = (await writeXlsx(book)).length;
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, bytes, peakMB: peak / 1e6, aboveStartMB: (peak - rssStart) / 1e6 }) + "\n");
}

/** Runs the wide copy in a child process (peak memory of its own) with the pipeline under `srcRoot`. */
function runWide(srcRoot) {
  // An earlier checkout resolves its packages through this one's node_modules.
  if (!existsSync(join(srcRoot, "node_modules"))) symlinkSync(join(root, "node_modules"), join(srcRoot, "node_modules"), "dir");
  const out = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url)], { env: { ...process.env, SHARE_BENCH_CHILD: srcRoot }, encoding: "utf8", maxBuffer: 1 << 20 });
  const line = (out.stdout || "").trim().split("\n").pop();
  if (out.status !== 0 || !line?.startsWith("{")) throw new Error(`share copy child failed (${out.status}): ${out.stderr}`);
  return JSON.parse(line);
}

export async function wideShareCopyBench({ report, figure }) {
  const now = runWide(root);
  figure("share copy 100k × 20: time (chunks → grid, analysis, book, xlsx)", Math.round(now.ms), "ms", `wall; ${Math.round(now.cpuMs)} ms of CPU; 2,000,000 cells, 500,000 TRADE calls, 700,000 native formulas`);
  figure("share copy 100k × 20: peak memory (max RSS of the process)", Math.round(now.peakMB), "MB", `${Math.round(now.aboveStartMB)} MB above the process at start`);
  figure("share copy 100k × 20: file size", Math.round(now.bytes / 1024), "KiB");
  const before = process.env.BENCH_BEFORE_SRC;
  if (before) {
    const then = runWide(resolve(before));
    figure("share copy 100k × 20, earlier checkout: time", Math.round(then.ms), "ms", `wall; ${Math.round(then.cpuMs)} ms of CPU; ${before}`);
    figure("share copy 100k × 20, earlier checkout: peak memory", Math.round(then.peakMB), "MB", `${Math.round(then.aboveStartMB)} MB above the process at start`);
    report("share copy 100k × 20: this checkout vs the earlier one", new Number(now.ms), new Number(then.ms), `peak memory ${Math.round(now.peakMB)} MB vs ${Math.round(then.peakMB)} MB`);
  }
}

if (process.env.SHARE_BENCH_CHILD) await wideChild(process.env.SHARE_BENCH_CHILD);

export default async function bench({ loadBundle, time, report, figure }) {
  await shareCopyBench({ report, figure });
  await wideShareCopyBench({ report, figure });
  const { HyperFormula } = require("hyperformula");
  const { tradePlugin, HF_CONFIG } = require(join(root, "test", "hyperformula-adapter.ts"));
  const { bomScreen, BOM_LAYOUT } = require(join(root, "src", "templates", "bomScreen.ts"));
  const { isoToSerial, parseA1 } = require(join(root, "src", "templates", "model.ts"));

  const bundle = loadBundle();
  const { plugin, translations } = tradePlugin(bundle);
  HyperFormula.registerFunctionPlugin(plugin, translations);

  const ctx = { generated: "2026-11-30", dataVersion: "bench", addinVersion: "bench" };
  const data = synthetic();
  const variants = {};
  for (const native of [false, true]) {
    const t = bomScreen(ctx, { ...data, spareProducts: 0, spareLines: 0, native, bare: true });
    variants[native ? "native" : "trade"] = { sheet: toSheet(t, isoToSerial, parseA1), names: t.names };
  }

  const evaluate = (v) => {
    const hf = HyperFormula.buildEmpty(HF_CONFIG);
    const name = hf.addSheet("BOM screen");
    const id = hf.getSheetId(name);
    hf.suspendEvaluation();
    for (const n of v.names) hf.addNamedExpression(n.name, `='BOM screen'!${n.ref}`, id);
    hf.setSheetContent(id, v.sheet);
    hf.resumeEvaluation();
    return { hf, id };
  };

  // Each timed run builds and fully calculates the sheet; the last run's verdicts are kept for a sanity check.
  const last = {};
  const run = (key) => () => {
    const { hf, id } = evaluate(variants[key]);
    last[key] = hf.getRangeValues({ start: { sheet: id, row: BOM_LAYOUT.firstProduct - 1, col: 9 }, end: { sheet: id, row: BOM_LAYOUT.firstProduct - 2 + PRODUCTS, col: 9 } }).map((r) => r[0]);
    hf.destroy();
  };
  // HyperFormula's SUMIFS (shared by both variants) dominates: ~15-20 s per evaluation on a shared core, so two runs each
  // (the median of two is the slower; the best-run ratio is printed too), which keeps this area near two minutes.
  const opts = { iterations: 2, warmup: 0 };
  const trade = time("bom trade", run("trade"), opts);
  const native = time("bom native", run("native"), opts);
  const same = last.trade.length === PRODUCTS && last.trade.every((x, i) => x === last.native[i]);
  const licences = last.trade.filter((x) => x === true).length;
  console.log(`BOM screen: ${PRODUCTS} products, ${PRODUCTS * LINES_PER_PRODUCT} lines; ${licences} licences required; TRADE and native verdicts ${same ? "agree" : "DIFFER"}`);
  if (!same) process.exitCode = 1;
  report("BOM screen 10k lines × 1k products, HyperFormula: TRADE formulas", trade, native, "vs the same screen with native SUMIFS/IF/MATCH only");
  HyperFormula.unregisterFunctionPlugin(plugin);
}

/**
 * Benchmark: the command-line screen (scripts/trade-screen.cjs) over files past Excel's last row,
 * each run in its own process as a user runs it, timed from the parent (wall time, Node's start
 * included) with the peak memory (maxRSS) the run reports in its --summary file.
 *
 *  1. bom: 1,000,000 BOM lines (one file with the product's value and type on every line, about
 *     8 lines per product, each product's lines spread at random through the file) against `copy`
 *     of the same file (the same reader and writer, no decision): the ratio is the cost of the
 *     decisions. Also with --lines (every line written back with counts?/why, so the output is as
 *     large as copy's).
 *  2. tariff: 1,000,000 customs rows (10 HTS lines, 7 origins, US and partner importers, two years
 *     of entry dates) against `copy` of the same file; with TARIFF_EXPLAIN's text on every row (the
 *     output is then about ten times the input; two runs of each) and with --no-explain (three runs
 *     of each, against copy runs of their own); a bare read and write of that output's bytes (no
 *     parsing, no decision), the floor the output's size sets by itself; and both commands writing
 *     to the null device, which leaves the disk out.
 *  3. memory: bom at 1M and 4M lines (4× the products: 125,000 vs 500,000), the 4M run holding as
 *     many products in memory as the 1M run (--products-in-memory 125000; the rest spill to
 *     partition files): peak RSS of each, which should be the same; and at 8M lines (1,000,000
 *     products, the same 125,000 in memory), against the 4M run: both spill, so any growth with
 *     the input shows there apart from the fixed cost of spilling.
 *
 * Inputs are generated in a temporary folder and deleted afterwards. Pairs run alternately
 * (A, B, B, A...), so both sides see the same load from other processes; the whole area takes
 * about four minutes on a laptop.
 * Contract: scripts/bench.mjs passes { report, figure, root }.
 */
import { spawnSync } from "node:child_process";
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
  fsyncSync,
} from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";
import { mulberry32 as rng } from "../lib/rng.cjs";

const ITEMS = [
  "Nd oxide",
  "DyFe alloy",
  "other",
  "Tb oxide",
  "NdFeB magnet",
  "Dy",
  "Sm metal",
  "other",
  "Pr",
  "TbFe alloy",
  "Gd metal",
  "other",
];
const ORIGINS = ["CN", "MY", "China", "JP", "AU", "VN", "CN", "US"];
const TYPES = ["magnet", "target", "component", "other", "magnet", ""];

/** Writes text in 4 MiB pieces (the generator never holds a whole file). */
function writer(file) {
  const fd = openSync(file, "w");
  let parts = [];
  let size = 0;
  return {
    line(s) {
      parts.push(s);
      size += s.length;
      if (size > 1 << 22) this.flush();
    },
    flush() {
      writeSync(fd, parts.join(""));
      parts = [];
      size = 0;
    },
    close() {
      this.flush();
      closeSync(fd);
    },
  };
}

/**
 * BOM lines, one file with product value and type on every line: `lines` lines for lines/8
 * products, each product's lines at random places in the file (the order a product's lines are
 * listed in is kept, so its controlled value is well defined).
 */
function generateBom(file, lines, seed) {
  const rnd = rng(seed);
  const products = Math.round(lines / 8);
  const w = writer(file);
  w.line("product,line_value,item,origin,product_value,product_type\n");
  const pv = new Float64Array(products);
  const ty = new Uint8Array(products);
  for (let p = 0; p < products; p++) {
    pv[p] = Math.round((200 + rnd() * 5000) * 100) / 100;
    ty[p] = Math.floor(rnd() * TYPES.length);
  }
  for (let i = 0; i < lines; i++) {
    const p = Math.floor(rnd() * products);
    const item = ITEMS[Math.floor(rnd() * ITEMS.length)];
    // small values for rare-earth items (around the 0.1% threshold), larger for "other"
    const v = item === "other" ? Math.round(rnd() * 20000) / 100 : Math.round(rnd() * 300) / 100;
    w.line(`P${String(p).padStart(7, "0")},${v},${item},${ORIGINS[Math.floor(rnd() * ORIGINS.length)]},${pv[p]},${TYPES[ty[p]]}\n`);
  }
  w.close();
}

const HTS = [
  "8505.11.00.70",
  "8505.11.00.50",
  "8505.19.30",
  "2846.90.20",
  "2846.90.80",
  "2805.30.00.20",
  "2846.10",
  "8501.32.20",
  "3606.90.30",
  "7202.99.80",
];
// Partner importers with rates in the data (Malaysia, Thailand and Vietnam have none: every row would be #N/A).
const PARTNER = {
  CN: ["8505.11.10", "8505.19.00", "2846.90.12"],
  KH: ["8505.11", "2846.90"],
};
const T_ORIGINS = ["CN", "MY", "TH", "KH", "VN", "AU", "JP"];

function iso(serial) {
  return new Date((serial - 25569) * 86400000).toISOString().slice(0, 10);
}

/** Customs rows: mostly US entries, a fifth for the partner importers (from US origin). */
function generateTariff(file, rows, seed) {
  const rnd = rng(seed);
  const w = writer(file);
  w.line("entry,hts,origin,value,date,importer,freight,insurance\n");
  const partners = Object.keys(PARTNER);
  for (let i = 0; i < rows; i++) {
    const d = iso(45658 + Math.floor(rnd() * 730));
    const value = Math.round(rnd() * 1e7) / 100;
    const freight = Math.round(value * 0.05 * 100) / 100;
    const ins = Math.round(value * 0.01 * 100) / 100;
    if (rnd() < 0.8) {
      w.line(
        `E${i},${HTS[Math.floor(rnd() * HTS.length)]},${T_ORIGINS[Math.floor(rnd() * T_ORIGINS.length)]},${value},${d},,${freight},${ins}\n`,
      );
    } else {
      const m = partners[Math.floor(rnd() * partners.length)];
      const list = PARTNER[m];
      w.line(`E${i},${list[Math.floor(rnd() * list.length)]},US,${value},${d},${m},${freight},${ins}\n`);
    }
  }
  w.close();
}

/** Wall ms of a Node process copying a file's bytes 1 MiB at a time (Node's start included, as for the command's runs). */
function bareReadWrite(from, to) {
  const script =
    'const fs=require("fs");const [a,b]=process.argv.slice(-2);const i=fs.openSync(a,"r"),o=fs.openSync(b,"w");' +
    "const buf=Buffer.allocUnsafe(1<<20);let n;while((n=fs.readSync(i,buf,0,buf.length,null))>0)fs.writeSync(o,buf,0,n);fs.closeSync(o);fs.closeSync(i);";
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-e", script, from, to], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`bare read and write failed: ${r.stderr}`);
  if (statSync(to).size !== statSync(from).size) throw new Error("bare read and write: sizes differ");
  return ms;
}

export default async function bench({ report, figure, root }) {
  const dir = mkdtempSync(join(tmpdir(), "screen-bench-"));
  const cli = join(root, "scripts", "trade-screen.cjs");
  // Every timed run starts with the files written before it on disk (fsync'd, untimed): otherwise a run pays
  // for the write-back of the runs before it (a 600 MB output held in the page cache slowed the next run
  // two-fold, and by how much depended on the order of the runs).
  const settle = () => {
    for (const f of readdirSync(dir)) {
      const fd = openSync(join(dir, f), "r+");
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  };
  /** One run of the command: wall ms (Node's start included) and the run's own summary. */
  const run = (args, tag) => {
    const summary = join(dir, `${tag}.summary.json`);
    settle();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args, "--quiet", "--summary", summary], { cwd: dir, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0 && r.status !== 1) throw new Error(`trade-screen ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
    const s = JSON.parse(readFileSync(summary, "utf8"));
    return { ms, rss: s.peakRssMB, s };
  };
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = Math.floor(s.length / 2);
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  };
  /** A and B alternately, `n` times each; medians (carrying the best run, as scripts/bench.mjs's time()). */
  const pair = (a, b, n = 3) => {
    const ra = [];
    const rb = [];
    for (let i = 0; i < n; i++) {
      for (const [f, out] of i % 2
        ? [
            [b, rb],
            [a, ra],
          ]
        : [
            [a, ra],
            [b, rb],
          ])
        out.push(f());
    }
    const m = (rs) =>
      Object.assign(new Number(median(rs.map((r) => r.ms))), {
        min: Math.min(...rs.map((r) => r.ms)),
        rss: Math.max(...rs.map((r) => r.rss)),
        s: rs[0].s,
      });
    return [m(ra), m(rb)];
  };
  try {
    const mb = (f) => `${(statSync(f).size / 1024 / 1024).toFixed(0)} MB`;
    const bom1 = join(dir, "bom-1m.csv");
    const bom4 = join(dir, "bom-4m.csv");
    const tar1 = join(dir, "tariff-1m.csv");
    let t0 = Date.now();
    generateBom(bom1, 1_000_000, 11);
    generateTariff(tar1, 1_000_000, 7);
    console.log(
      `(generated ${mb(bom1)} of BOM lines and ${mb(tar1)} of customs rows in ${((Date.now() - t0) / 1000).toFixed(1)} s; the first run also fills the transpile cache)`,
    );
    // warm the transpile cache (node_modules/.cache/trade-screen) so no timed run includes it
    writeFileSync(join(dir, "tiny.csv"), "product,line_value,item,origin,product_value\nP1,1,Dy,CN,100\n");
    writeFileSync(join(dir, "tiny-t.csv"), "hts,origin,value\n8505.11.00.70,CN,100\n");
    run(["bom", "tiny.csv", "--out", "tiny.out.csv"], "warm");
    run(["tariff", "tiny-t.csv", "--out", "tiny-t.out.csv"], "warm2");
    run(["copy", "tiny.csv", "--out", "tiny.copy.csv"], "warm3");

    const AS_OF = "2026-12-01";
    // Pairs of 2 for the headline BOM figure, single runs elsewhere: the whole area stays under ~3 minutes.
    const [bom, copyB] = pair(
      () => run(["bom", bom1, "--as-of", AS_OF, "--out", "bom.csv"], "bom"),
      () => run(["copy", bom1, "--out", "copy-bom.csv"], "copyb"),
      2,
    );
    report(
      "trade-screen bom, 1,000,000 BOM lines (125,000 products)",
      bom,
      copyB,
      `vs copy of the same file (read + write, no decision; target ≤ 2×); peak RSS ${bom.rss} MB vs ${copyB.rss} MB`,
    );
    const [bomLines, copyB2] = pair(
      () => run(["bom", bom1, "--as-of", AS_OF, "--lines", "bom-lines.csv", "--out", "bom2.csv"], "boml"),
      () => run(["copy", bom1, "--out", "copy-bom2.csv"], "copyb2"),
      1,
    );
    report(
      "trade-screen bom --lines, 1,000,000 lines (every line written back)",
      bomLines,
      copyB2,
      `vs copy of the same file (one run each; target ≤ 2×); peak RSS ${bomLines.rss} MB vs ${copyB2.rss} MB`,
    );

    // Two runs of each, alternately: one run's time moved by a third between runs (the disk's write-back).
    const [tariff, copyT] = pair(
      () => run(["tariff", tar1, "--out", "tariff.csv"], "tariff"),
      () => run(["copy", tar1, "--out", "copy-tariff.csv"], "copyt"),
      2,
    );
    report(
      "trade-screen tariff, 1,000,000 customs rows",
      tariff,
      copyT,
      `vs copy of the same file (medians of two runs each; target ≤ 2×); peak RSS ${tariff.rss} MB vs ${copyT.rss} MB; output ${mb(join(dir, "tariff.csv"))} (TARIFF_EXPLAIN's text on every row) vs ${mb(join(dir, "copy-tariff.csv"))}`,
    );
    // What the output's size costs by itself: a process that reads the output file tariff wrote and writes
    // its bytes to another file, 1 MiB at a time, with no parsing and no decision (the explanation makes the
    // output about ten times the input, so this floor, not the copy run's, bounds the run from below).
    settle();
    const bare = bareReadWrite(join(dir, "tariff.csv"), join(dir, "tariff-bare.csv"));
    report(
      "bare read and write of the tariff output's bytes (no parsing, no decision)",
      Object.assign(new Number(bare), { min: bare }),
      copyT,
      `vs the copy run above: the part of the tariff ratio the output's size (${mb(join(dir, "tariff.csv"))}) sets by itself`,
    );
    report(
      "trade-screen tariff, against a bare read and write of its own output",
      tariff,
      Object.assign(new Number(bare), { min: bare }),
      "the cost of reading, deciding and formatting beyond moving the output's bytes",
    );
    rmSync(join(dir, "tariff.csv"), { force: true });
    rmSync(join(dir, "tariff-bare.csv"), { force: true });
    // The same two commands writing to the null device: no disk, so the ratio is the processor's part alone
    // (the runs above move by a third or more with the disk's write-back of the 606 MB output).
    const [tariffNull, copyNull] = pair(
      () => run(["tariff", tar1, "--out", devNull, "--errors", join(dir, "tariff-null.errors.csv")], "tariffnull"),
      () => run(["copy", tar1, "--out", devNull, "--errors", join(dir, "copy-null.errors.csv")], "copynull"),
      2,
    );
    report(
      "trade-screen tariff to the null device, 1,000,000 customs rows",
      tariffNull,
      copyNull,
      "vs copy of the same file to the null device (medians of two runs each): reading, deciding and formatting, without the disk",
    );
    const [tariffN, copyN] = pair(
      () => run(["tariff", tar1, "--no-explain", "--out", "tariff-n.csv"], "tariffn"),
      () => run(["copy", tar1, "--out", "copy-tariff.csv"], "copyn"),
      3,
    );
    report(
      "trade-screen tariff --no-explain, 1,000,000 customs rows",
      tariffN,
      copyN,
      `vs copy of the same file (medians of three runs each, alternately; target ≤ 2×); peak RSS ${tariffN.rss} MB; output ${mb(join(dir, "tariff-n.csv"))} vs ${mb(join(dir, "copy-tariff.csv"))}`,
    );
    rmSync(tar1, { force: true });

    // Memory flat with input size: 4× the lines and 4× the products, with as many products held in memory
    // as the 1M run holds (125,000, all of its products); the others are spilled to partition files.
    t0 = Date.now();
    generateBom(bom4, 4_000_000, 13);
    console.log(`(generated ${mb(bom4)} of BOM lines in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const b4 = run(["bom", bom4, "--as-of", AS_OF, "--products-in-memory", "125000", "--out", "bom4.csv"], "bom4");
    figure("bom peak RSS, 1M lines (125,000 products, all in memory)", bom.rss, "MB", `copy of the same file: ${copyB.rss} MB`);
    figure(
      "bom peak RSS, 4M lines (500,000 products; 125,000 in memory)",
      b4.rss,
      "MB",
      `ratio to 1M ${(b4.rss / bom.rss).toFixed(2)}× (flat: 1.0×); ${(b4.ms / 1000).toFixed(1)} s, ${Math.round(4_000_000 / (b4.ms / 1000)).toLocaleString("en-US")} lines/s (1M: ${Math.round(1_000_000 / (bom / 1000)).toLocaleString("en-US")} lines/s)`,
    );
    rmSync(bom4, { force: true });
    rmSync(join(dir, "bom4.csv"), { force: true });
    // And 8M lines (1,000,000 products, the same 125,000 in memory): both runs spill, so this pair
    // shows whether memory grows with the input once grouping goes through partition files.
    t0 = Date.now();
    const bom8 = join(dir, "bom8-in.csv");
    generateBom(bom8, 8_000_000, 17);
    console.log(`(generated ${mb(bom8)} of BOM lines in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    const b8 = run(["bom", bom8, "--as-of", AS_OF, "--products-in-memory", "125000", "--out", "bom8.csv"], "bom8");
    figure(
      "bom peak RSS, 8M lines (1,000,000 products; 125,000 in memory)",
      b8.rss,
      "MB",
      `ratio to 4M ${(b8.rss / b4.rss).toFixed(2)}× (flat: 1.0×); ${(b8.ms / 1000).toFixed(1)} s, ${Math.round(8_000_000 / (b8.ms / 1000)).toLocaleString("en-US")} lines/s`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

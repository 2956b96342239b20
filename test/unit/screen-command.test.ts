/**
 * The installed command itself (scripts/trade-screen.cjs, the `bin` entry and `npm run screen`),
 * run as a separate process: the package wiring, exit codes, the progress line and summary on
 * stderr, and Ctrl+C (SIGINT) stopping a running screen cleanly with its output marked incomplete.
 */
import { execFileSync, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fixture, readCsvOut, tempDir } from "../fixtures/screen/run";

// Each test runs whole screens (files, ExcelJS, child processes): more than jest's 5 s default under a loaded CI.
jest.setTimeout(30_000);

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "scripts", "trade-screen.cjs");

function run(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
}

describe("trade-screen as a command", () => {
  test("package.json: the bin entry and npm run screen point at the launcher, which runs under plain node", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.bin).toEqual({ "trade-screen": "scripts/trade-screen.cjs" });
    expect(pkg.scripts.screen).toBe("node scripts/trade-screen.cjs");
    expect(fs.readFileSync(CLI, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true);
    const help = run(["--help"], ROOT);
    expect(help.status).toBe(0);
    expect(help.stderr).toMatch(/^trade-screen: China's 0\.1% rule and the tariff stacks/);
  });

  test("exit codes: 0 all decided, 1 some rows in error, 2 could not run", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "ok.csv"),
      "product,line_value,item,origin,product_value,product_type\nP1,0.4,DyFe alloy,CN,50,magnet\n",
    );
    const ok = run(["bom", "ok.csv", "--as-of", "2026-12-01"], dir);
    expect([ok.status, ok.stderr]).toEqual([
      0,
      expect.stringMatching(/1 rows read .*1 products decided, 0 not decided; 0 entries in .*ok\.bom\.errors\.csv/),
    ]);
    expect(readCsvOut(path.join(dir, "ok.bom.csv")).rows[0].licence_required).toBe("TRUE");
    expect(fs.readFileSync(path.join(dir, "ok.bom.errors.csv"), "utf8")).toBe("file,line,column,value,code,message\n");
    expect(run(["tariff", fixture("tariff-entries.csv"), "--out", "t.csv"], dir).status).toBe(1);
    const missing = run(["tariff", "missing.csv"], dir);
    expect([missing.status, missing.stderr]).toEqual([2, expect.stringMatching(/^trade-screen: .*missing\.csv: no such file\n$/)]);
  });

  // Windows has no SIGINT to send to another process (Ctrl+C there is a console event) and no named
  // pipes in the file system: the signal part runs on POSIX only. The exit codes above run everywhere.
  (process.platform === "win32" ? test.skip : test)(
    "Ctrl+C (SIGINT) stops a run cleanly: progress on stderr, outputs so far marked INCOMPLETE, exit code 130",
    async () => {
      // The input is a named pipe this test writes to, so the run is held open for as long as the test
      // needs (no large file, no race with a fast machine): the command reads a header and two lines,
      // waits for more, gets SIGINT, then two more lines and the end of the input.
      const dir = tempDir();
      const fifo = path.join(dir, "lines.csv");
      execFileSync("mkfifo", [fifo]);
      // Opened for reading and writing, so opening never blocks whether or not the command has opened it yet.
      const pipe = await fs.promises.open(fifo, "r+");
      const child = spawn(process.execPath, [CLI, "bom", "lines.csv", "--as-of", "2026-12-01", "--lines", "l.csv", "--out", "p.csv"], {
        cwd: dir,
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const exited = new Promise<number | null>((r) => child.on("close", (c) => r(c)));
      const until = async (what: string, ok: () => boolean) => {
        const t0 = Date.now();
        while (!ok()) {
          if (Date.now() - t0 > 30_000) throw new Error(`timed out waiting for ${what}; stderr: ${stderr}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const text = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), "utf8") : "");
      try {
        await pipe.write(
          "product,line_value,item,origin,product_value,product_type\nP1,0.4,DyFe alloy,CN,50,magnet\nP2,1,other,MY,80,magnet\n",
        );
        // the output exists once the header is read; the signal handlers were installed before that
        await until("the output to be opened", () => /# status: running/.test(text("p.csv")));
        // past the first second, so the next batch prints the progress line
        await new Promise((r) => setTimeout(r, 1500));
        child.kill("SIGINT");
        await until("the command to take the signal", () => /SIGINT: stopping after the current batch/.test(stderr));
        await pipe.write("P3,0.04,DyFe alloy,CN,50,magnet\nP1,2,Nd oxide,CN,50,magnet\n");
      } finally {
        await pipe.close(); // the end of the input
      }
      expect(await exited).toBe(130);
      expect(stderr).toMatch(/^bom: 4 rows, [\d,]+ rows\/s/m);
      const p = readCsvOut(path.join(dir, "p.csv"));
      expect(p.block.get("status")).toBe(
        "INCOMPLETE: interrupted (SIGINT) while reading line 5 of lines.csv; no product was decided: a product's lines can be anywhere in the input, so none is complete before all of it is read",
      );
      expect(p.rows).toHaveLength(0);
      const l = readCsvOut(path.join(dir, "l.csv"));
      expect(l.block.get("status")).toMatch(/^INCOMPLETE: interrupted \(SIGINT\)/);
      // the four lines read before the stop, each with its verdict: DyFe alloy of China origin counts, the others do not
      expect(l.rows.map((r) => [r.line, r.product, r.counts])).toEqual([
        ["2", "P1", "TRUE"],
        ["3", "P2", "FALSE"],
        ["4", "P3", "TRUE"],
        ["5", "P1", "FALSE"],
      ]);
      expect(stderr).toMatch(/INCOMPLETE: interrupted \(SIGINT\)/);
    },
    60_000,
  );

  test("--out - writes to standard output: the header block, the rows and a last status line; with --bare only the column header and the rows", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "t.csv"), "hts,origin,value,date\n8505.11.00.70,CN,1000,2025-06-01\n");
    const full = run(["tariff", "t.csv", "--out", "-", "--no-explain", "--quiet"], dir);
    expect(full.status).toBe(0);
    const lines = full.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^# Rare Earth Trade Modeler: tariff screen/);
    expect(lines[1]).toBe("# status: written at the end of the output");
    expect(lines[lines.length - 1]).toMatch(/^# status: complete: 1 rows read; 1 decided, 0 in error/);
    // bare, for concatenation: nothing but the table when the run completes
    const bare = run(["tariff", "t.csv", "--out", "-", "--no-explain", "--bare", "--quiet"], dir);
    expect(bare.status).toBe(0);
    const rows = bare.stdout.trimEnd().split("\n");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toBe("line,hts,origin,importer,date,value,rate,duty,landed_cost,status,errors");
    expect(rows[1]).toMatch(/^2,8505\.11\.00\.70,CN,US,2025-06-01,1000,/);
    // a delimiter that dates contain ("-"): each date is quoted once, as any field holding the delimiter
    const dash = run(["tariff", "t.csv", "--out", "-", "--no-explain", "--bare", "--quiet", "--out-delimiter", "-"], dir);
    expect(dash.stdout.split("\n")[1]).toMatch(/^2-8505\.11\.00\.70-CN-US-"2025-06-01"-1000-/);
  });
});

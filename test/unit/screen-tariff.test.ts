/**
 * `trade-screen tariff` end to end (in-process) on a hand-worked file
 * (test/fixtures/screen/tariff-entries.csv):
 *   E1/E7  8505.11.00.70 from China entered 2026-01-15: MFN 2.1% + Section 301 25% + IEEPA fentanyl
 *          10% = 37.1% (the README's worked example); value 1,000 → duty 371; the US values FOB-type,
 *          so landed cost = 1,000 + 371 + freight 50 + insurance 5 = 1,426
 *   E2     8505.11.10 from the US into China on 2025-04-12: China's MFN 7% + the 125% additional duty
 *          = 132%; DUTY = 2,000 × 1.32 = 2,640; China values CIF, so landed cost =
 *          (2,000 + 100 + 10) × 2.32 = 4,895.2
 *   E3     9999.99.99 is not in the table → #N/A;  E4 origin "Narnia" → #N/A
 *   E5     value "abc" → #VALUE! (the rate is still given);  E6 date 2026-13-01 → #VALUE!
 * With tariff-overrides.csv (a hypothetical Section 232 of 25% on 8505.11 from 2026-01-01), E1's rate
 * is 37.1% + 25% = 62.1% and its duty 621; E2 (2025) is before the row's window and unchanged.
 */
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { byKey, fixture, readCsvOut, screen, tempDir } from "../fixtures/screen/run";
import { duty, landedCost, tariffBreakdown, tariffExplain, tariffRate } from "../../src/core/tariff";
import { TradeError } from "../../src/core/errors";
import { codeOf, numberCell } from "../../src/cli/run";

// Each test runs whole screens (files, ExcelJS, child processes): more than jest's 5 s default under a loaded CI.
jest.setTimeout(30_000);

const ENTRIES = fixture("tariff-entries.csv");

describe("tariff: hand-worked rows", () => {
  test("rates, duties and landed costs; bad rows in the errors file; exit code 1", async () => {
    const dir = tempDir();
    const r = await screen(["tariff", ENTRIES, "--keep", "entry", "--out", "t.csv", "--quiet"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/7 rows read .*; 3 decided, 4 in error/);
    const t = byKey(readCsvOut(path.join(dir, "t.csv")), "entry");
    expect(t.get("E1")).toMatchObject({ line: "2", rate: "0.371", duty: "371", landed_cost: "1426", importer: "US", date: "2026-01-15" });
    expect(t.get("E1")!.explanation).toMatch(
      /^US duty on 8505\.11\.00\.70 .* from China \(CN\) entered 2026-01-15: 37\.1% = MFN 2\.1% \+ Section 301 25% \+ IEEPA fentanyl 10%/,
    );
    expect(t.get("E7")!.explanation).toBe(t.get("E1")!.explanation);
    expect(t.get("E2")).toMatchObject({ rate: "1.32", duty: "2640", landed_cost: "4895.2", importer: "CN" });
    expect([t.get("E3")!.rate, t.get("E3")!.status]).toEqual(["#N/A", "#N/A"]);
    expect([t.get("E4")!.rate, t.get("E4")!.status]).toEqual(["#N/A", "#N/A"]);
    expect([t.get("E5")!.rate, t.get("E5")!.duty, t.get("E5")!.status]).toEqual(["0.371", "#VALUE!", "#VALUE!"]);
    expect(t.get("E6")!.rate).toBe("#VALUE!");
    const errors = readCsvOut(path.join(dir, "t.errors.csv")).rows;
    expect(errors.map((e) => [e.line, e.column, e.value, e.code])).toEqual([
      ["4", "hts", "9999.99.99", "#N/A"],
      ["5", "origin", "Narnia", "#N/A"],
      ["6", "value", "abc", "#VALUE!"],
      ["7", "date", "2026-13-01", "#VALUE!"],
    ]);
    expect(errors[1].message).toBe(
      'origin: "Narnia" is not a known country; use an ISO code ("CN", "MYS") or a name ("China", "Malaysia")',
    );
    expect(errors[2].message).toBe('value: expected a number, got text "abc"');
    expect(errors[3].message).toMatch(/^as_of: "2026-13-01" is not a date/);
  });

  test("an overrides table in the functions' 6-column form", async () => {
    const dir = tempDir();
    const r = await screen(
      ["tariff", ENTRIES, "--overrides", fixture("tariff-overrides.csv"), "--keep", "entry", "--out", "t.csv", "--quiet"],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "t.csv"));
    const t = byKey(out, "entry");
    expect(t.get("E1")).toMatchObject({ rate: "0.621", duty: "621", status: "includes overrides" });
    expect(t.get("E2")).toMatchObject({ rate: "1.32" });
    expect(out.block.get("overrides")).toMatch(/tariff-overrides\.csv \(1 row in the 6-column form\)/);
    // a malformed overrides table stops the run with the function's message and the file's line
    fs.writeFileSync(path.join(dir, "bad.csv"), "hts prefix,origin,layer,rate,from,to\n8505.11,*,Section 232,lots,2026-01-01,\n");
    const bad = await screen(["tariff", ENTRIES, "--overrides", "bad.csv", "--out", "x.csv", "--quiet"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /--overrides bad\.csv: overrides row 2 \(line 2 of bad\.csv\), column 4 \(rate\): expected a number, got text "lots"/,
    );
  });

  test("an overrides table in the 7-column form: a row for one importer fills the MFN the data lacks, for that importer only", async () => {
    // Cambodia's applied MFN on 2846.90 is not in the data, so an entry into Cambodia before its 0% preference
    // for US goods (Sub-Decree 139, from 2025-08-08) has no rate, and the message says which overrides row to add.
    // With that row (5% from 2025-01-01, importer KH): K1's rate is 5%, its duty 1,000 × 5% = 50, and Cambodia
    // values CIF, so its landed cost is (1,000 + 50 + 5) × 1.05 = 1,107.75. K3 (2026) stays at the preference's 0%
    // (landed cost 1,055), and M1, the same line into Malaysia, whose MFN the data lacks too, is left as it is
    // without the file: still in error, naming Malaysia.
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "entries.csv"),
      [
        "entry,hts,origin,value,date,importer,freight,insurance",
        "K1,2846.90,US,1000,2025-01-09,KH,50,5",
        "K3,2846.90,US,1000,2026-01-09,KH,50,5",
        "M1,2846.90,US,1000,2025-01-09,MY,50,5",
      ].join("\n") + "\n",
    );
    fs.writeFileSync(path.join(dir, "kh.csv"), "hts prefix,origin,layer,rate,from,to,importer\n2846.90,*,MFN,5%,2025-01-01,,KH\n");
    const without = await screen(["tariff", "entries.csv", "--keep", "entry", "--out", "t0.csv", "--quiet"], { cwd: dir });
    const t0 = byKey(readCsvOut(path.join(dir, "t0.csv")), "entry");
    expect(without.code).toBe(1);
    expect(t0.get("K1")).toMatchObject({ rate: "#N/A", duty: "#N/A" });
    expect(t0.get("K1")!.errors).toContain('add an overrides row ("2846.90", origin, "MFN", rate, from, to, "KH")');

    const r = await screen(["tariff", "entries.csv", "--overrides", "kh.csv", "--keep", "entry", "--out", "t.csv", "--quiet"], { cwd: dir });
    const out = readCsvOut(path.join(dir, "t.csv"));
    const t = byKey(out, "entry");
    expect(out.block.get("overrides")).toMatch(/kh\.csv \(1 row in the 7-column form\)/);
    expect(t.get("K1")).toMatchObject({ rate: "0.05", duty: "50", landed_cost: "1107.75", status: "includes overrides", errors: "" });
    expect(t.get("K1")!.explanation).toMatch(/^Cambodia \(KH\) duty on 2846\.90 .* entered 2025-01-09, in force: 5% = MFN 5% \[override\]/);
    expect(t.get("K3")).toMatchObject({ rate: "0", duty: "0", landed_cost: "1055" });
    const m1 = t.get("M1")!;
    expect(m1).toEqual(t0.get("M1"));
    expect(m1.errors).toContain("MY MFN for 2846.90 on 2025-01-09 is not in the data");
    expect(r.code).toBe(1);
    expect(readCsvOut(path.join(dir, "t.errors.csv")).rows.map((e) => [e.line, e.column])).toEqual([["4", "importer"]]);
    // the same answers as the functions given the same overrides matrix
    const matrix = [
      ["hts prefix", "origin", "layer", "rate", "from", "to", "importer"],
      ["2846.90", "*", "MFN", "5%", "2025-01-01", "", "KH"],
    ];
    const asOf = [["2025-01-09"]];
    expect(tariffRate([["2846.90"]], [["US"]], asOf, matrix, [["KH"]])[0][0]).toBeCloseTo(0.05, 15);
    expect(duty([[1000]], [["2846.90"]], [["US"]], asOf, matrix, [["KH"]])[0][0]).toBeCloseTo(50, 12);

    // an importer the data has no tariffs for stops the run with the function's message
    fs.writeFileSync(path.join(dir, "bad7.csv"), "hts prefix,origin,layer,rate,from,to,importer\n2846.90,*,MFN,5%,2025-01-01,,Narnia\n");
    const bad = await screen(["tariff", "entries.csv", "--overrides", "bad7.csv", "--out", "x.csv", "--quiet"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--overrides bad7\.csv: overrides row 2 \(line 2 of bad7\.csv\), column 7 \(importer\): .*give an importer with tariff data/);
  });

  test("defaults for rows without a date, importer or regime; bad defaults stop the run", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "e.csv"), "HTS Code;COO;Customs value\n8505.11.00.70;CN;1000\n");
    const r = await screen(["tariff", "e.csv", "--as-of", "2026-01-15", "--out", "e.out.csv", "--quiet"], { cwd: dir });
    expect(r.code).toBe(0);
    const row = readCsvOut(path.join(dir, "e.out.csv")).rows[0];
    expect([row.rate, row.duty, row.date]).toEqual(["0.371", "371", "2026-01-15"]);
    const bad = await screen(["tariff", "e.csv", "--importer", "Atlantis", "--out", "e.out.csv", "--quiet"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--importer: "Atlantis" is not a known country; importers: US, /);
  });

  test("XLSX out: rates, money and dates typed and formatted, read back by ExcelJS", async () => {
    const ExcelJS = require("exceljs");
    const dir = tempDir();
    const r = await screen(["tariff", ENTRIES, "--keep", "entry", "--out", "t.xlsx", "--quiet"], { cwd: dir });
    expect(r.code).toBe(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, "t.xlsx"));
    const ws = wb.getWorksheet("Tariffs");
    let h = 0;
    ws.eachRow((row: { getCell(i: number): { value: unknown } }, n: number) => {
      if (row.getCell(1).value === "line") h = n;
    });
    const head = ws.getRow(h);
    const col = (name: string) => {
      for (let i = 1; i <= head.cellCount; i++) if (head.getCell(i).value === name) return i;
      throw new Error(name);
    };
    const e1 = ws.getRow(h + 1);
    expect(e1.getCell(col("rate")).value).toBe(0.371);
    expect(e1.getCell(col("rate")).numFmt).toBe("0.0%");
    expect(e1.getCell(col("duty")).value).toBe(371);
    expect(e1.getCell(col("duty")).numFmt).toBe("#,##0.00");
    const d = e1.getCell(col("date"));
    expect(d.numFmt).toBe("yyyy-mm-dd");
    expect((d.value as Date).toISOString().slice(0, 10)).toBe("2026-01-15");
    expect(ws.getRow(h + 3).getCell(col("rate")).value).toEqual({ error: "#N/A" });
    expect(ws.getCell("B2").value).toMatch(/^complete with errors: 7 rows read/);
  });

  test("XLSX input: numbers and dates keep their types (an HTS code typed as a number is named as the number)", async () => {
    const ExcelJS = require("exceljs");
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Entries");
    ws.addRow(["hts", "origin", "value", "date"]);
    ws.addRow(["8505.11.00.70", "CN", 1000, new Date(Date.UTC(2026, 0, 15))]);
    ws.addRow([45751, "CN", 1000, new Date(Date.UTC(2026, 0, 15))]);
    await wb.xlsx.writeFile(path.join(dir, "e.xlsx"));
    const r = await screen(["tariff", "e.xlsx", "--out", "e.csv", "--quiet"], { cwd: dir });
    expect(r.code).toBe(1);
    const rows = readCsvOut(path.join(dir, "e.csv")).rows;
    expect([rows[0].rate, rows[0].duty, rows[0].date]).toEqual(["0.371", "371", "2026-01-15"]);
    expect(rows[1].explanation).toMatch(
      /hts: 45751 is a number that is not a line of the US tariff table .*as an Excel date it is 2025-04-04/,
    );
  });
});

describe("tariff: each row's messages are the ones the functions give for that row", () => {
  test("two rows whose rate fails alike on different dates: each message names its own row's date", async () => {
    // Cambodia has no sourced MFN rate for 8505.11, so TARIFF_RATE says "#N/A KH MFN for 8505.11 on <date> is
    // not in the data"; both dates lie between the same two rate changes, where the core reuses a rate
    // within one call: the screen must still name each row's own date.
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "kh.csv"),
      "hts,origin,value,date,importer\n8505.11,US,100,2025-05-15,KH\n8505.11,US,200,2025-06-16,KH\n8505.11,US,300,2025-05-15,KH\n",
    );
    const r = await screen(["tariff", "kh.csv", "--out", "kh.out.csv", "--quiet"], { cwd: dir });
    expect(r.code).toBe(1);
    const rows = readCsvOut(path.join(dir, "kh.out.csv")).rows;
    expect(rows.map((x) => [x.rate, x.duty, x.landed_cost])).toEqual([
      ["#N/A", "#N/A", "#N/A"],
      ["#N/A", "#N/A", "#N/A"],
      ["#N/A", "#N/A", "#N/A"],
    ]);
    const dates = ["2025-05-15", "2025-06-16", "2025-05-15"];
    rows.forEach((x, i) => {
      // one message (rate, duty and landed cost fail for the same reason), naming the row's date
      expect(x.errors).toMatch(new RegExp(`^#N/A KH MFN for 8505\\.11 on ${dates[i]} is not in the data`));
      expect(x.errors).not.toContain(" | ");
    });
    const errors = readCsvOut(path.join(dir, "kh.out.errors.csv")).rows;
    expect(errors.map((e) => [e.line, /on (\d{4}-\d\d-\d\d)/.exec(e.message)![1]])).toEqual([
      ["2", "2025-05-15"],
      ["3", "2025-06-16"],
      ["4", "2025-05-15"],
    ]);
    // filed under the importer column: the data lack that importer's rate (the message's hint mentions
    // "origin" as a column of the overrides row to add, which is not what the error is about)
    expect(errors.map((e) => [e.column, e.value])).toEqual([
      ["importer", "KH"],
      ["importer", "KH"],
      ["importer", "KH"],
    ]);
  });
});

describe("tariff: every row is what the functions give for it (generated rows)", () => {
  test("a few hundred rows mixing valid and invalid values, freight, insurance, dates and importers", async () => {
    // The screen computes each distinct stack's total once and DUTY's and LANDED_COST's elements from it
    // (dutyElement, landedCostElement), and the status through tariffBreakdownStatus: each row must still be
    // exactly TARIFF_RATE, DUTY, LANDED_COST, TARIFF_EXPLAIN and TARIFF_BREAKDOWN on that row's inputs.
    const AS_OF = "2026-01-15";
    // mostly valid cells (so that many rows are decided), each field sometimes blank or invalid
    const pick = (valid: readonly string[], invalid: readonly string[]) =>
      fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 6 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
    const row = fc.record({
      hts: pick(["8505.11.00.70", "8505.11.10", "8505.19.00", "2846.90.20", "2846.90", "8505.11"], ["9999.99.99", "abc", "", "0"]),
      origin: pick(["CN", "MY", "KH", "US", "JP", "China"], ["Narnia", ""]),
      value: pick(["1000", "12.5", "0", "1e3", "0.1%", " 7 ", "123456.78", "12.50", "+3", "0.000001"], ["", "-5", "abc", "2,5", "-0"]),
      date: pick(["2025-04-12", "2025-05-15", "2026-01-15", "2026-06-30", "", "45000"], ["2026-13-01", "someday"]),
      importer: pick(["", "", "", "US", "CN", "KH"], ["TH", "Narnia", "0"]),
      freight: pick(["", "50", "0", "3.25", "3.250", "050"], ["-1", "x"]),
      insurance: pick(["", "5", "0.5"], ["-2", "y"]),
    });
    const blankStack = { hts: "", origin: "", date: "", importer: "", freight: "", insurance: "" };
    const rows = [
      ...fc.sample(row, { seed: 20261207, numRuns: 400 }),
      // hts and origin blank: a value alone (DUTY's and LANDED_COST's error), a 0 value or freight alone (blank)
      { ...blankStack, value: "100" },
      { ...blankStack, value: "0" },
      { ...blankStack, value: "", freight: "5" },
      { ...blankStack, hts: "0", value: "abc" },
    ].filter((r) => Object.values(r).some((v) => v.trim() !== ""));
    const dir = tempDir();
    const csvText = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    fs.writeFileSync(
      path.join(dir, "gen.csv"),
      "entry,hts,origin,value,date,importer,freight,insurance\n" +
        rows.map((r, i) => [`G${i}`, r.hts, r.origin, r.value, r.date, r.importer, r.freight, r.insurance].map(csvText).join(",") + "\n").join(""),
    );
    await screen(["tariff", "gen.csv", "--as-of", AS_OF, "--keep", "entry", "--out", "gen.out.csv", "--quiet"], { cwd: dir });
    const out = byKey(readCsvOut(path.join(dir, "gen.out.csv")), "entry");
    const text = (v: unknown) => (v instanceof TradeError ? codeOf(v) : v === "" || v === null ? "" : String(v));
    let errorsSeen = 0;
    let decidedSeen = 0;
    rows.forEach((r, i) => {
      const got = out.get(`G${i}`)!;
      // the cells as the screen reads them: numbers through numberCell, blanks through the defaults
      const h = r.hts;
      const o = r.origin;
      const d = r.date.trim() === "" ? AS_OF : numberCell(r.date, false);
      const v = numberCell(r.value, false);
      const f = numberCell(r.freight, false);
      const ins = numberCell(r.insurance, false);
      const m = r.importer.trim() === "" ? null : r.importer;
      const rt = tariffRate(h, o, d, null, m)[0][0];
      const du = duty(v, h, o, d, null, m)[0][0];
      const lc = landedCost(v, h, o, d, f, ins, null, m)[0][0];
      const ex = tariffExplain(h, o, d, null, m)[0][0];
      let st: unknown = "";
      if (typeof ex === "string" && ex !== "") {
        try {
          const bd = tariffBreakdown(h, o, d, null, m);
          st = String(bd[bd.length - 1][5]);
        } catch (e) {
          st = e;
        }
      } else if (ex instanceof TradeError) st = ex;
      expect([got.rate, got.duty, got.landed_cost]).toEqual([text(rt), text(du), text(lc)]);
      // value, freight and insurance as read: a number as JavaScript writes it (text typed that way is kept
      // as typed, "12.50" is 12.5), anything else as typed
      const asRead = (raw: string) => {
        const x = numberCell(raw, false);
        return typeof x === "number" ? String(x) : x === null ? "" : String(x);
      };
      expect([got.value, got.freight, got.insurance]).toEqual([asRead(r.value), asRead(r.freight), asRead(r.insurance)]);
      const found: TradeError[] = [];
      for (const x of [rt, du, lc, ex, st]) if (x instanceof TradeError && !found.some((e) => e.message === x.message)) found.push(x);
      if (found.length) {
        errorsSeen++;
        expect(got.status).toBe(codeOf(found[0]));
        expect(got.errors).toBe(found.map((e) => `${codeOf(e)} ${e.message}`).join(" | "));
        expect(got.explanation).toBe(ex instanceof TradeError ? `${codeOf(ex)} ${ex.message}` : String(ex));
      } else if (rt === "") {
        expect(got.status).toBe("#VALUE!");
      } else {
        decidedSeen++;
        expect([got.status, got.explanation, got.errors]).toEqual([st, ex, ""]);
      }
    });
    // the sample mixes both kinds of rows
    expect(errorsSeen).toBeGreaterThan(50);
    expect(decidedSeen).toBeGreaterThan(20);
  });
});

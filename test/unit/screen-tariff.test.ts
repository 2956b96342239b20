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
import { byKey, fixture, readCsvOut, screen, tempDir } from "../fixtures/screen/run";

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
  });
});

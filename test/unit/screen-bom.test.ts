/**
 * `trade-screen bom` end to end (in-process) on hand-worked files: verdicts, ratios, China-origin
 * values and headroom worked out by hand below, bad rows in the errors file with their line,
 * column and message, header mapping, a UTF-8 BOM, semicolons, quoted fields and decimal commas,
 * a malformed row, the side-by-side columns, spilling to partitions, an interrupted run, XLSX in
 * and out, and the exit codes.
 *
 * Hand-worked (test/fixtures/screen/bom-lines.csv and bom-products.csv, as of 2026-12-01,
 * as_written: Ann. 70's suspension of Ann. 61 ended 2026-11-10, so the 0.1% rule is in force;
 * scope strict: magnets and targets in scope, components not):
 *   A1  pv 50,   magnet:    DyFe alloy CN 0.4 counts; Nd oxide CN (not Part 1) and other MY do not
 *                           → cn 0.4, ratio 0.4/50 = 0.008 ≥ 0.001 → licence; headroom 0.05 − 0.4 = −0.35
 *   A2  pv 50,   magnet:    DyFe alloy CN 0.04 → 0.0008 < 0.001 → no licence; headroom 0.05 − 0.04 = 0.01
 *   A3  pv 1130, magnet:    Tb oxide CN 1.13 (Nd oxide JP does not count) → 1.13/1130 = 0.001 exactly
 *                           → licence ("0.1% or more"); headroom 0
 *   A4  pv 80,   target:    Dy metal MY does not count (origin); Tb metal "China" 0.09 counts
 *                           → 0.09/80 = 0.001125 → licence; headroom 0.08 − 0.09 = −0.01
 *   A5  pv 400,  component: DyFe alloy CN 2 counts → 0.005, but a component is out of scope under
 *                           strict → no licence (broad: licence); headroom 0.4 − 2 = −1.6
 *   A6  pv 20,   other:     La oxide is not Part 1 → cn 0 → no licence; headroom 0.02
 *   A7  pv 300,  no type:   Dy oxide CN 0.1 + Dy oxide "PRC" 0.2 = 0.3 in decimal (0.30000000000000004
 *                           in binary) → 0.3/300 = 0.001 exactly → licence (threshold alone); headroom 0
 *   B1  a product row and no BOM lines → #VALUE! (CN_LICENSE_REQUIRED of a blank cn_value)
 *   B2  a BOM line (line 14) and no product row → #N/A
 *   B3  line 15 has −2 → #NUM! "line_values: line 15 is negative (-2)"
 *   B4  line 16 item "Unobtainium" → #N/A
 *   B5  product value 0 → #VALUE! (no ratio without a product value)
 *   B6  product type "magnett" → #VALUE! naming the options
 *   B7  Dy CN 5 against pv 1 → #NUM! (China-origin content above the product's value)
 */
import * as fs from "fs";
import * as path from "path";
import { byKey, fixture, readCsvOut, screen, tempDir } from "../fixtures/screen/run";
import { Interrupt } from "../../src/cli/run";
import { cnControlledValue, cnLicenseRequired } from "../../src/core/china";
import { TradeError } from "../../src/core/errors";
import fc from "fast-check";

// Each test runs whole screens (files, ExcelJS, child processes): more than jest's 5 s default under a loaded CI.
jest.setTimeout(30_000);

const LINES = fixture("bom-lines.csv");
const PRODUCTS = fixture("bom-products.csv");

describe("bom: hand-worked products", () => {
  let dir: string;
  let run: { code: number; stderr: string };
  beforeAll(async () => {
    dir = tempDir();
    run = await screen(["bom", LINES, "--products", PRODUCTS, "--as-of", "2026-12-01", "--out", "p.csv", "--lines", "l.csv", "--quiet"], {
      cwd: dir,
    });
  });

  test("exit code 1 (some rows in error) and a summary on stderr", () => {
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/32 rows read .*; 7 products decided, 7 not decided; \d+ entries in .*p\.errors\.csv/);
    expect(run.stderr).toMatch(/rows\/s, peak memory \d+ MB/);
  });

  test("verdicts, China-origin values, ratios and headroom as worked out by hand", () => {
    const p = byKey(readCsvOut(path.join(dir, "p.csv")), "product");
    const expected: [string, string, string, string, number][] = [
      // product, cn_controlled_value, ratio, licence_required, headroom
      ["A1", "0.4", "0.008", "TRUE", -0.35],
      ["A2", "0.04", "0.0008", "FALSE", 0.01],
      ["A3", "1.13", "0.001", "TRUE", 0],
      ["A4", "0.09", "0.001125", "TRUE", -0.01],
      ["A5", "2", "0.005", "FALSE", -1.6],
      ["A6", "0", "0", "FALSE", 0.02],
      ["A7", "0.3", "0.001", "TRUE", 0],
    ];
    for (const [id, cn, ratio, lic, head] of expected) {
      const r = p.get(id)!;
      expect([id, r.cn_controlled_value, r.ratio, r.licence_required, r.status]).toEqual([id, cn, ratio, lic, "decided"]);
      expect(Number(r.headroom)).toBeCloseTo(head, 12);
    }
    expect(p.get("A1")!.bom_lines).toBe("3");
    expect(p.get("A3")!.explanation).toMatch(/^Licence required\. .*exactly at the threshold in decimal/);
    expect(p.get("A5")!.explanation).toMatch(/^No licence required \(the product is not an Annex 1 Part 2 item under scope "strict"\)/);
    expect(p.get("A7")!.explanation).toMatch(/product_type not given: the product was assumed to be in scope/);
  });

  test("products that cannot be decided are in the output and in the errors file, with the functions' messages", () => {
    const p = byKey(readCsvOut(path.join(dir, "p.csv")), "product");
    const status = (id: string) => [p.get(id)!.status, p.get(id)!.licence_required];
    expect(status("B1")).toEqual(["#VALUE!", "#VALUE!"]);
    expect(p.get("B1")!.explanation).toMatch(
      /no BOM lines.*CN_LICENSE_REQUIRED then gives #VALUE! "cn_value is blank; a number is required"/,
    );
    expect(status("B2")).toEqual(["#N/A", "#N/A"]);
    expect(p.get("B2")!.explanation).toBe(
      "product B2 has 1 BOM line (the first on line 14 of bom-lines.csv) but no product row; give its product_value in bom-products.csv",
    );
    expect(status("B3")).toEqual(["#NUM!", "#NUM!"]);
    expect(status("B4")).toEqual(["#N/A", "#N/A"]);
    expect(status("B5")).toEqual(["#VALUE!", "#VALUE!"]);
    expect(p.get("B5")!.explanation).toMatch(/^product_value is 0 or an empty cell/);
    expect(status("B6")).toEqual(["#VALUE!", "#VALUE!"]);
    expect(p.get("B6")!.explanation).toMatch(/^product_type: unknown option "magnett"; use "magnet", "target", "component" or "other"/);
    expect(status("B7")).toEqual(["#NUM!", "#NUM!"]);
    expect(p.get("B7")!.explanation).toBe(
      "cn_value (5) is more than product_value (1); China-origin content cannot exceed the product's value",
    );

    const errors = readCsvOut(path.join(dir, "p.errors.csv")).rows;
    const at = (file: string, line: string) => errors.filter((e) => e.file === file && e.line === line);
    expect(at("bom-lines.csv", "15")[0]).toEqual({
      file: "bom-lines.csv",
      line: "15",
      column: "line_value",
      value: "-2",
      code: "#NUM!",
      message: "line_values: line 15 is negative (-2)",
    });
    expect(at("bom-lines.csv", "16")[0]).toMatchObject({ column: "item", value: "Unobtainium", code: "#N/A" });
    expect(at("bom-lines.csv", "16")[0].message).toMatch(/^line_items \(line 16\): unknown item "Unobtainium"; use an Annex 1 Part 1 item/);
    expect(at("bom-lines.csv", "14")[0]).toMatchObject({ column: "product", value: "B2", code: "#N/A" });
    expect(at("bom-products.csv", "9")[0]).toMatchObject({ column: "product", value: "B1", code: "#VALUE!" });
    expect(at("bom-products.csv", "12")[0]).toMatchObject({ column: "product_value", value: "0", code: "#VALUE!" });
    expect(at("bom-products.csv", "13")[0]).toMatchObject({ column: "product_type", value: "magnett", code: "#VALUE!" });
    expect(at("bom-products.csv", "14")[0]).toMatchObject({ column: "product_value", value: "1", code: "#NUM!" });
    // every product not decided is named in the errors file
    for (const id of ["B1", "B2", "B3", "B4", "B5", "B6", "B7"])
      expect(
        errors.some(
          (e) =>
            e.value === id ||
            e.message.includes(`product ${id} `) ||
            (id === "B5" && e.line === "12") ||
            (id === "B6" && e.line === "13") ||
            (id === "B7" && e.line === "14"),
        ),
      ).toBe(true);
  });

  test("per line: counts toward the numerator? why", () => {
    const l = byKey(readCsvOut(path.join(dir, "l.csv")), "line");
    expect([l.get("5")!.counts, l.get("5")!.why]).toEqual(["TRUE", "Yes: China-origin Annex 1 Part 1 item (Dysprosium-iron alloy)"]);
    expect([l.get("2")!.counts, l.get("2")!.why]).toEqual(["FALSE", "No: item Nd oxide (Neodymium oxide) is not on Annex 1 Part 1"]);
    expect([l.get("6")!.counts, l.get("6")!.why]).toEqual(["FALSE", "No: origin Malaysia (MY) is not China"]);
    expect([l.get("7")!.origin_read_as, l.get("13")!.origin_read_as]).toEqual(["CN", "CN"]);
    expect([l.get("15")!.counts, l.get("15")!.why]).toEqual(["#NUM!", "line_values: line 15 is negative (-2)"]);
    expect(l.size).toBe(19);
  });

  test("the header block names the data version, overlay, date, regime and scope, and says complete", () => {
    const b = readCsvOut(path.join(dir, "p.csv")).block;
    expect(b.get("status")).toMatch(/^complete with errors: 32 rows read; 7 products decided, 7 not decided/);
    expect(b.get("data version")).toMatch(/^\d{4}\.\d{2}\.\d{2} \(bundled; horizon China/);
    expect(b.get("data pack")).toMatch(/SHA-256 [0-9a-f]{64}$/);
    expect(b.get("overlay")).toBe("none");
    expect(b.get("as of")).toBe("2026-12-01");
    expect(b.get("regime")).toBe("as_written");
    expect(b.get("scope")).toBe("strict");
  });
});

describe("bom: options and inputs", () => {
  test("dates, regimes and scopes side by side are extra columns", async () => {
    const dir = tempDir();
    const r = await screen(
      [
        "bom",
        LINES,
        "--products",
        PRODUCTS,
        "--as-of",
        "2026-12-01,2026-03-01",
        "--regime",
        "as_written,in_force",
        "--scope",
        "strict,broad",
        "--out",
        "p.csv",
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "p.csv"));
    const extra = out.header.filter((h) => h.startsWith("licence_required ("));
    expect(extra).toHaveLength(7);
    const p = byKey(out, "product");
    // 2026-03-01 as_written: Ann. 61 suspended by Ann. 70 → no licence for anyone; in_force ignores the suspension
    for (const id of ["A1", "A3", "A4", "A7"]) {
      expect(p.get(id)!["licence_required (2026-03-01, as_written, strict)"]).toBe("FALSE");
      expect(p.get(id)!["licence_required (2026-03-01, in_force, strict)"]).toBe("TRUE");
    }
    // the component needs a licence only under the broad reading
    expect(p.get("A5")!["licence_required (2026-12-01, as_written, broad)"]).toBe("TRUE");
    expect(p.get("A5")!.licence_required).toBe("FALSE");
    expect(out.block.get("side by side")).toContain("licence_required (2026-03-01, in_force, broad)");
    // a combination given twice is one column
    const twice = await screen(
      ["bom", LINES, "--products", PRODUCTS, "--as-of", "2026-12-01,2026-12-01", "--scope", "strict,strict", "--out", "t.csv", "--quiet"],
      { cwd: dir },
    );
    expect(twice.code).toBe(1);
    const t = readCsvOut(path.join(dir, "t.csv"));
    expect([t.header.filter((h) => h.startsWith("licence_required (")), t.block.get("side by side")]).toEqual([[], "none"]);
  });

  test("one file with both, UTF-8 BOM, semicolons, quoted fields, other header names, decimal commas, malformed rows", async () => {
    const dir = tempDir();
    const args = [
      "bom",
      fixture("bom-combined-semicolon.csv"),
      "--map",
      "product=Part No,line_value=Line Value,item=Material,origin=COO",
      "--map",
      "product_value=Product Value,product_type=Kind",
      "--decimal-comma",
      "--as-of",
      "2026-12-01",
      "--out",
      "c.csv",
      "--quiet",
    ];
    const r = await screen(args, { cwd: dir });
    expect(r.code).toBe(1);
    const p = byKey(readCsvOut(path.join(dir, "c.csv")), "product");
    // C1: DyFe CN "0,4" = 0.4 of 50 → 0.8%; C2: Tb oxide "China" 1,13 of 1130 → exactly 0.1%
    expect([p.get("C1")!.cn_controlled_value, p.get("C1")!.licence_required, p.get("C1")!.bom_lines]).toEqual(["0.4", "TRUE", "2"]);
    expect([p.get("C2")!.cn_controlled_value, p.get("C2")!.ratio, p.get("C2")!.licence_required]).toEqual(["1.13", "0.001", "TRUE"]);
    const errors = readCsvOut(path.join(dir, "c.errors.csv")).rows;
    // line 6 (after the note on two lines, lines 3–4): text after a closing quote; line 7: one field too many
    expect(errors.find((e) => e.line === "6")!.message).toMatch(/^line 6 cannot be read as CSV: field 2 has text after its closing quote/);
    expect(errors.find((e) => e.line === "7")!.message).toMatch(/^line 7 has 8 fields but the header \(line 1\) has 7/);
    expect([p.get("C3")!.status, p.get("C4")!.status]).toEqual(["#VALUE!", "#VALUE!"]);
    // without --decimal-comma, "0,4" is text the function refuses, and the summary says why
    const r2 = await screen(
      args.filter((a) => a !== "--decimal-comma"),
      { cwd: dir },
    );
    expect(r2.stderr).toMatch(/look like decimal-comma numbers .*--decimal-comma/);
    const e2 = readCsvOut(path.join(dir, "c.errors.csv")).rows.find((e) => e.line === "2")!;
    expect(e2).toMatchObject({
      column: "Line Value",
      value: "0,4",
      code: "#VALUE!",
      message: 'line_values (line 2): expected a number, got text "0,4"',
    });
  });

  test("usage problems stop the run with exit code 2 and a message, no trace", async () => {
    const dir = tempDir();
    const cases: [string[], RegExp][] = [
      [["bom", "nope.csv", "--products", PRODUCTS], /nope\.csv: no such file/],
      [["bom", LINES], /bom-lines\.csv has no column for product_value .*--products <file>/],
      [
        ["bom", LINES, "--products", PRODUCTS, "--regime", "sometimes"],
        /--regime: unknown option "sometimes"; use "as_written", "in_force" or "suspended"/,
      ],
      [["bom", LINES, "--products", PRODUCTS, "--as-of", "2026-13-01"], /--as-of: "2026-13-01" is not a date/],
      [["bom", LINES, "--products", PRODUCTS, "--map", "product=Part"], /has no column "Part"/],
      [["bom", LINES, "--products", PRODUCTS, "--frobnicate", "1"], /unknown option --frobnicate/],
      [["bom", LINES, "--products", PRODUCTS, "--pack", fixture("bom-lines.csv")], /the data cannot be used: .*not valid JSON/],
      [["frob", LINES], /unknown command "frob"/],
    ];
    for (const [args, msg] of cases) {
      const r = await screen([...args, "--quiet"], { cwd: dir });
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 2]);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  test("an interrupted run (Ctrl+C) writes what it has, marked incomplete, exit code 130", async () => {
    const dir = tempDir();
    const stop = new Interrupt();
    stop.set("SIGINT");
    const r = await screen(["bom", LINES, "--products", PRODUCTS, "--out", "p.csv", "--lines", "l.csv", "--quiet"], {
      cwd: dir,
      interrupt: stop,
    });
    expect(r.code).toBe(130);
    const out = readCsvOut(path.join(dir, "p.csv"));
    expect(out.block.get("status")).toMatch(
      /^INCOMPLETE: interrupted \(SIGINT\) while reading line 14 of bom-products\.csv; no product was decided/,
    );
    expect(out.rows).toHaveLength(0);
    // bare output has no header block: it ends with a status line instead
    const r2 = await screen(["bom", LINES, "--products", PRODUCTS, "--out", "b.csv", "--bare", "--quiet"], { cwd: dir, interrupt: stop });
    expect(r2.code).toBe(130);
    expect(fs.readFileSync(path.join(dir, "b.csv"), "utf8")).toMatch(
      /^product,product_type,.*\n# status: INCOMPLETE: interrupted \(SIGINT\)/s,
    );
  });

  test("a product's lines spread through the file, and spilled to partitions past the memory budget: the same answers", async () => {
    // 400 products, 3,000 lines in random order; a budget of 30 products in memory spills most of them
    // (partitions of partitions too); every product's row must be the one computed all in memory.
    const dir = tempDir();
    const items = ["Dy", "Nd oxide", "other", "Tb oxide", "DyFe alloy"];
    const origins = ["CN", "MY", "China", "JP"];
    let seed = 5;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const lines = ["product,line_value,item,origin,product_value,product_type"];
    for (let i = 0; i < 3000; i++) {
      const p = Math.floor(rnd() * 400);
      lines.push(
        `Q${p},${(Math.floor(rnd() * 300) / 100).toFixed(2)},${items[Math.floor(rnd() * items.length)]},${origins[Math.floor(rnd() * origins.length)]},${1000 + p},${p % 3 ? "magnet" : ""}`,
      );
    }
    fs.writeFileSync(path.join(dir, "big.csv"), lines.join("\n") + "\n");
    const a = await screen(["bom", "big.csv", "--as-of", "2026-12-01", "--out", "mem.csv", "--quiet"], { cwd: dir });
    const b = await screen(
      ["bom", "big.csv", "--as-of", "2026-12-01", "--out", "spill.csv", "--products-in-memory", "30", "--temp-dir", dir, "--quiet"],
      { cwd: dir },
    );
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stderr).toMatch(/30 products grouped in memory; the others spilled to \d+ temporary partitions/);
    const ra = readCsvOut(path.join(dir, "mem.csv")).rows;
    const rb = readCsvOut(path.join(dir, "spill.csv")).rows;
    expect(ra.length).toBeGreaterThan(350);
    const sort = (rows: Record<string, string>[]) => [...rows].sort((x, y) => (x.product < y.product ? -1 : 1));
    expect(sort(rb)).toEqual(sort(ra));
    // the partitions are deleted
    expect(fs.readdirSync(dir).filter((f) => f.startsWith("trade-screen-"))).toEqual([]);
  });
});

describe("bom: XLSX in and out, read back by ExcelJS", () => {
  test("lines and products sheets of one workbook in; a styled workbook with the header block out", async () => {
    const ExcelJS = require("exceljs");
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const lines = wb.addWorksheet("Lines");
    lines.addRow(["Part No", "Line value", "Item", "Origin"]);
    lines.addRow(["X1", 0.4, "DyFe alloy", "CN"]);
    lines.addRow(["X1", 6, "Nd oxide", "CN"]);
    lines.addRow([1002, 0.04, "DyFe alloy", "CN"]); // a product id typed as a number
    lines.addRow(["X3", { formula: "1+1" }, "Dy", "CN"]); // a formula saved without its value
    const products = wb.addWorksheet("Products");
    products.addRow(["Part No", "Value", "Type"]);
    products.addRow(["X1", 50, "magnet"]);
    products.addRow(["1002", 50, "magnet"]);
    products.addRow(["X3", 50, "magnet"]);
    await wb.xlsx.writeFile(path.join(dir, "book.xlsx"));
    const r = await screen(
      [
        "bom",
        "book.xlsx",
        "--sheet",
        "Lines",
        "--products",
        "book.xlsx",
        "--products-sheet",
        "Products",
        "--map",
        "product=Part No",
        "--as-of",
        "2026-12-01",
        "--out",
        "out.xlsx",
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path.join(dir, "out.xlsx"));
    const ws = back.getWorksheet("Products");
    expect(ws.getCell("A1").value).toMatch(/^Rare Earth Trade Modeler: BOM screen/);
    expect(ws.getCell("A1").font.bold).toBe(true);
    expect(ws.getCell("A2").value).toBe("status");
    expect(ws.getCell("B2").value).toMatch(/^complete with errors: /);
    // find the column header row: frozen just below it
    let headerRow = 0;
    ws.eachRow((row: { getCell(i: number): { value: unknown } }, n: number) => {
      if (row.getCell(1).value === "product") headerRow = n;
    });
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: headerRow });
    const head = ws.getRow(headerRow);
    expect(head.getCell(1).fill.fgColor.argb).toBe("FFD9E1F2");
    const rows = new Map<string, Record<string, unknown>>();
    for (let n = headerRow + 1; n <= ws.rowCount; n++) {
      const row = ws.getRow(n);
      const o: Record<string, unknown> = {};
      for (let i = 1; i <= head.cellCount; i++) o[String(head.getCell(i).value)] = row.getCell(i).value;
      rows.set(String(o.product), o);
    }
    // X1: 0.4 / 50 = 0.8% → licence; 1002: 0.04 / 50 = 0.08% → none
    expect(rows.get("X1")).toMatchObject({ cn_controlled_value: 0.4, ratio: 0.008, licence_required: true, status: "decided" });
    expect(rows.get("1002")).toMatchObject({ cn_controlled_value: 0.04, licence_required: false });
    expect(rows.get("X3")!.licence_required).toEqual({ error: "#VALUE!" });
    expect(String(rows.get("X3")!.explanation)).toMatch(/formula saved without its value/);
    expect(ws.getCell(`F${headerRow + 1}`).numFmt).toBe("0.000%");
    const xml = fs.readFileSync(path.join(dir, "out.xlsx"));
    const JSZip = require("jszip");
    const zip = await JSZip.loadAsync(xml);
    const book = await zip.file("xl/workbook.xml").async("string");
    expect(book).toMatch(/<calcPr calcId="191029"\/>/);
    expect(book).not.toMatch(/fullCalcOnLoad/);
  });
});

describe("bom: agreement with the core on random BOMs (property)", () => {
  test("every product's China-origin value, verdict and error are CN_CONTROLLED_VALUE's and CN_LICENSE_REQUIRED's over its lines", async () => {
    const dir = tempDir();
    const value = fc.oneof(
      fc.integer({ min: 0, max: 400 }).map((n) => (n / 100).toString()),
      fc.constantFrom("0", "", "0.10", "0.2", "-1", "abc", "1e-2", "12%", " 0.3 "),
    );
    const item = fc.constantFrom("Dy", "dysprosium oxide", "Nd oxide", "other", "TbFe alloy", "", "Unobtainium", "Sm metal", "Dy alloy");
    const origin = fc.constantFrom("CN", "China", "PRC", "HK", "MY", "", "Narnia", "cn ");
    const line = fc.record({ p: fc.integer({ min: 0, max: 11 }), v: value, it: item, o: origin });
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 60 }),
        fc.constantFrom("2026-12-01", "2026-03-01"),
        fc.constantFrom("as_written", "in_force"),
        async (ls, asOf, regime) => {
          const csv = [
            "product,line_value,item,origin,product_value,product_type",
            ...ls.map((l) => `P${l.p},${l.v},${l.it},${l.o},${l.p === 11 ? 0.5 : 100 + l.p},magnet`),
          ].join("\n");
          fs.writeFileSync(path.join(dir, "r.csv"), csv);
          const r = await screen(["bom", "r.csv", "--as-of", asOf, "--regime", regime, "--out", "r.out.csv", "--quiet"], { cwd: dir });
          expect([0, 1]).toContain(r.code);
          const out = byKey(readCsvOut(path.join(dir, "r.out.csv")), "product");
          for (let p = 0; p <= 11; p++) {
            const mine = ls.map((l, i) => ({ ...l, line: i + 2 })).filter((l) => l.p === p);
            if (!mine.length) continue;
            const row = out.get(`P${p}`)!;
            // what a sheet gives: CN_CONTROLLED_VALUE over the product's lines (numbers typed as text are read by the function)
            const num = (v: string) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v) ? Number(v) : v);
            let cn: unknown;
            try {
              cn = cnControlledValue(
                mine.map((l) => [num(l.v)]),
                mine.map((l) => [l.it]),
                mine.map((l) => [l.o]),
                asOf,
                regime,
              );
            } catch (e) {
              cn = e;
            }
            if (cn instanceof TradeError) {
              // the function's message names the line within the product's range; the screen names the file's line
              const k = Number(/line (\d+)/.exec(cn.message)![1]);
              expect(row.explanation).toContain(cn.message.replace(/line \d+/, `line ${mine[k - 1].line}`));
              continue;
            }
            if (cn === "") {
              expect(row.status).toBe("#VALUE!");
              continue;
            }
            const pv = p === 11 ? 0.5 : 100 + p;
            const lic = cnLicenseRequired([[cn]], [[pv]], "magnet", asOf, regime, "strict")[0][0];
            if (lic instanceof TradeError) {
              expect([row.status, row.explanation]).toEqual(["#NUM!", lic.message]);
              continue;
            }
            expect([p, Number(row.cn_controlled_value), row.licence_required]).toEqual([p, cn, lic ? "TRUE" : "FALSE"]);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});

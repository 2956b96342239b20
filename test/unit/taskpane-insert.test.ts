/**
 * The task pane's Excel writes against office-addin-mock (the fake in test/fake-excel.ts):
 * what is written where, the no-overwrite rule, a new sheet, error paths.
 */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum; the
// package's full entry pulls in ESM-only dependencies that jest (CommonJS) cannot load.
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { FakeExcel } from "../fake-excel";
import { a1, columnLetters, formulaBlock, refFormula, tableBlock, toFormulaInput, uniqueSheetName, uniqueTableName, valueBlock } from "../../src/core/blocks";
import { canInsert, insertBlock, placeText } from "../../src/office/insert";

let fake: FakeExcel;
const g = globalThis as any;

beforeEach(() => {
  fake = new FakeExcel(["Sheet1"]);
  g.Excel = fake.root;
});
afterAll(() => {
  delete g.Excel;
});

const production = () =>
  tableBlock({
    title: "World mine production, MCS 2026",
    name: "TRADE_production",
    columns: [
      { header: "Country" },
      { header: "ISO" },
      { header: "Production 2024", unit: "t REO", numberFormat: "#,##0" },
    ],
    rows: [
      ["China", "CN", 270000],
      ["United States", "US", 45500],
    ],
    sources: ["Source: S2 U.S. Geological Survey, Mineral Commodity Summaries 2026"],
  });

describe("blocks (pure)", () => {
  test("A1 addresses: column letters by hand (Z=25, AA=26, AZ=51, BA=52)", () => {
    expect(columnLetters(0)).toBe("A");
    expect(columnLetters(25)).toBe("Z");
    expect(columnLetters(26)).toBe("AA");
    expect(columnLetters(51)).toBe("AZ");
    expect(columnLetters(52)).toBe("BA");
    expect(a1(1, 1)).toBe("B2");
    expect(a1(1, 1, 3, 2)).toBe("B2:C4");
  });
  test("REF formula quoting", () => {
    expect(refFormula({ entity: "Dy", field: "name" })).toBe('=TRADE.REF("Dy","name")');
    expect(refFormula({ entity: "CN", field: "production_t", yearOrDate: 2024, edition: "MCS 2026" })).toBe('=TRADE.REF("CN","production_t",2024,"MCS 2026")');
    expect(refFormula({ entity: "CN", field: "x", edition: "MCS 2025" })).toBe('=TRADE.REF("CN","x",,"MCS 2025")');
    expect(refFormula({ entity: 'say "hi"', field: "f" })).toBe('=TRADE.REF("say ""hi""","f")');
  });
  test("every text is written with the text prefix (Excel parses far more than digits); numbers stay numbers", () => {
    expect(toFormulaInput("0280")).toBe("'0280");
    expect(toFormulaInput("8505.11")).toBe("'8505.11");
    expect(toFormulaInput("=1+1")).toBe("'=1+1");
    expect(toFormulaInput("-5%")).toBe("'-5%");
    for (const t of ["2026-01", "2025-04-04", "1E5", "(100)", "3-5", "Jan 2025", "China", "'quoted"]) expect(toFormulaInput(t)).toBe(`'${t}`);
    expect(toFormulaInput(270000)).toBe(270000);
    expect(toFormulaInput(-0.5)).toBe(-0.5);
    expect(toFormulaInput(true)).toBe(true);
    expect(toFormulaInput("")).toBe("");
    expect(toFormulaInput({ f: "=1+1" })).toBe("=1+1");
    expect(toFormulaInput(null)).toBe("");
    expect(toFormulaInput(NaN)).toBe("");
  });
  test("unique table and sheet names", () => {
    expect(uniqueTableName("TRADE production", ["TRADE_production"])).toBe("TRADE_production_2");
    expect(uniqueTableName("2026 data", [])).toBe("T_2026_data");
    expect(uniqueSheetName("TRADE data", ["trade data", "TRADE data (2)"])).toBe("TRADE data (3)");
    expect(uniqueSheetName("x".repeat(40), []).length).toBe(31);
  });
  test("table layout: title, header with units, rows, source row", () => {
    const b = production();
    expect(b.cells).toHaveLength(1 + 1 + 2 + 1);
    expect(b.cells[1]).toEqual(["Country", "ISO", "Production 2024 (t REO)"]);
    expect(b.cells[0]).toEqual(["World mine production, MCS 2026", null, null]);
    expect(b.table).toMatchObject({ headerRow: 1, rows: 3 });
    expect(b.noteRows).toEqual([4]);
  });
});

describe("insertBlock against office-addin-mock", () => {
  test("canInsert follows the Excel global", () => {
    expect(canInsert()).toBe(true);
    delete g.Excel;
    expect(canInsert()).toBe(false);
  });

  test("preview mode: an error outcome, nothing thrown", async () => {
    delete g.Excel;
    const out = await insertBlock(valueBlock(1));
    expect(out.status).toBe("error");
    expect(out.status === "error" && out.message).toMatch(/preview/);
  });

  test("a value goes into the active cell (C5) and is selected", async () => {
    fake.active = { sheet: "Sheet1", row: 4, col: 2 };
    const out = await insertBlock(valueBlock(270000));
    expect(out).toMatchObject({ status: "inserted", place: { sheet: "Sheet1", address: "C5" } });
    expect(fake.get("Sheet1", "C5")).toBe(270000);
    expect(fake.writes.filter((w) => w.op === "formulas")).toEqual([{ op: "formulas", sheet: "Sheet1", address: "C5", data: [[270000]] }]);
    expect(fake.selected).toEqual({ sheet: "Sheet1", address: "C5" });
  });

  test("a TRADE.REF formula is written as a formula", async () => {
    fake.active = { sheet: "Sheet1", row: 0, col: 0 };
    const out = await insertBlock(formulaBlock(refFormula({ entity: "Dy", field: "name" })));
    expect(out.status).toBe("inserted");
    expect(fake.get("Sheet1", "A1")).toBe('=TRADE.REF("Dy","name")');
  });

  test("a code that looks numeric is written as text", async () => {
    await insertBlock(valueBlock("0280"));
    expect(fake.raw("Sheet1", "A1")).toBe("'0280");
  });

  test("date-, exponent- and range-like text is written with the text prefix; numbers are written as numbers", async () => {
    const out = await insertBlock({ what: "table", cells: [["2026-01", "2025-04-04", "1E5", "(100)", "3-5", "Jan 2025", 1e5, 0.25]] });
    expect(out.status).toBe("inserted");
    expect(fake.writes.find((w) => w.op === "formulas")!.data).toEqual([["'2026-01", "'2025-04-04", "'1E5", "'(100)", "'3-5", "'Jan 2025", 100000, 0.25]]);
    expect(fake.get("Sheet1", "A1")).toBe("2026-01");
    expect(fake.get("Sheet1", "G1")).toBe(100000);
  });

  test("a dataset: table on the header+body rows, title bold, source italic, number formats, one write batch", async () => {
    fake.active = { sheet: "Sheet1", row: 1, col: 1 }; // B2
    const syncsBefore = fake.syncCount;
    const out = await insertBlock(production());
    expect(out).toMatchObject({ status: "inserted", place: { address: "B2:D6" }, tableName: "TRADE_production" });
    // B2 title, B3:D3 header, B4:D5 rows, B6 source
    expect(fake.get("Sheet1", "B2")).toBe("World mine production, MCS 2026");
    expect(fake.get("Sheet1", "D3")).toBe("Production 2024 (t REO)");
    expect(fake.get("Sheet1", "B4")).toBe("China");
    expect(fake.get("Sheet1", "C4")).toBe("CN");
    expect(fake.get("Sheet1", "D4")).toBe(270000);
    expect(fake.get("Sheet1", "D5")).toBe(45500);
    expect(String(fake.get("Sheet1", "B6"))).toMatch(/^Source: S2/);
    expect(fake.sheet("Sheet1").tables).toEqual([{ name: "TRADE_production", sheet: "Sheet1", address: "B3:D5", style: "TableStyleMedium2" }]);
    expect(fake.writes).toContainEqual({ op: "bold", sheet: "Sheet1", address: "B2:D2" });
    expect(fake.writes).toContainEqual({ op: "italic", sheet: "Sheet1", address: "B6:D6" });
    expect(fake.writes).toContainEqual({ op: "numberFormat", sheet: "Sheet1", address: "D4:D5", data: [["#,##0"], ["#,##0"]] });
    // read (position) + read (occupancy) + data (cells + table) + cosmetics
    expect(fake.syncCount - syncsBefore).toBe(4);
    // The data sync comes first: cells, then the table; formatting after.
    const ops = fake.writes.map((w) => w.op);
    expect(ops.indexOf("formulas")).toBeLessThan(ops.indexOf("table"));
    expect(ops.indexOf("table")).toBeLessThan(ops.indexOf("bold"));
    expect(out.status === "inserted" && out.warnings).toBeUndefined();
    const writeOps = fake.writes.filter((w) => w.op === "formulas");
    expect(writeOps).toHaveLength(1);
  });

  test("a second table gets a unique name", async () => {
    await insertBlock(production());
    fake.active = { sheet: "Sheet1", row: 20, col: 0 };
    const out = await insertBlock(production());
    expect(out).toMatchObject({ status: "inserted", tableName: "TRADE_production_2" });
  });

  test("never overwrite: occupied target → nothing written, occupied cells named, next free area below the used range", async () => {
    fake.set("Sheet1", 3, 2, "keep me"); // C4
    fake.set("Sheet1", 9, 0, 5); // A10 (used range rows 4..10)
    fake.active = { sheet: "Sheet1", row: 1, col: 1 }; // B2: block B2:D6 overlaps C4
    const out = await insertBlock(production());
    expect(out.status).toBe("occupied");
    if (out.status !== "occupied") return;
    expect(out.occupied).toEqual(["C4"]);
    expect(out.occupiedCount).toBe(1);
    expect(out.place.address).toBe("B2:D6");
    // used range ends at row 10 (index 9) → one blank row → starts at row 12 (index 11)
    expect(out.nextFree).toEqual({ sheet: "Sheet1", row: 11, col: 1, address: "B12:D16" });
    expect(fake.writes.filter((w) => w.op === "formulas")).toEqual([]);
    expect(fake.get("Sheet1", "C4")).toBe("keep me");
    // accept the offer
    const again = await insertBlock(production(), { sheet: out.nextFree.sheet, row: out.nextFree.row, col: out.nextFree.col });
    expect(again).toMatchObject({ status: "inserted", place: { address: "B12:D16" } });
    expect(fake.get("Sheet1", "B13")).toBe("Country");
    expect(fake.get("Sheet1", "C4")).toBe("keep me");
  });

  test("a formula that shows an empty string counts as occupied", async () => {
    fake.set("Sheet1", 0, 0, '=IF(1,"","")');
    const out = await insertBlock(valueBlock(1));
    expect(out.status).toBe("occupied");
    expect(fake.get("Sheet1", "A1")).toBe('=IF(1,"","")');
  });

  test("an explicit place is re-checked (the sheet may have changed since the offer)", async () => {
    fake.set("Sheet1", 11, 1, "new");
    const out = await insertBlock(valueBlock(1), { sheet: "Sheet1", row: 11, col: 1 });
    expect(out.status).toBe("occupied");
  });

  test("new sheet: unique name, written at A1, activated", async () => {
    fake = new FakeExcel(["Sheet1", "TRADE data"]);
    g.Excel = fake.root;
    const out = await insertBlock(production(), "new-sheet");
    expect(out).toMatchObject({ status: "inserted", place: { sheet: "TRADE data (2)", address: "A1:C5" } });
    expect(fake.get("TRADE data (2)", "A2")).toBe("Country");
    expect(fake.activated).toBe("TRADE data (2)");
    expect(fake.sheet("TRADE data (2)").tables[0].address).toBe("A2:C4");
    expect(placeText(out.status === "inserted" ? out.place : (undefined as never))).toBe("'TRADE data (2)'!A1:C5");
  });

  test("error path: an Office error (cell-edit mode) becomes an error outcome with its code", async () => {
    fake.failNextSync = Object.assign(new Error("The operation is not allowed while a cell is being edited."), { code: "InvalidOperationInCellEditMode" });
    const out = await insertBlock(valueBlock(1));
    expect(out).toEqual({ status: "error", what: "value", message: "The operation is not allowed while a cell is being edited. (InvalidOperationInCellEditMode)" });
    expect(fake.writes).toEqual([]);
  });

  test("error path: a sheet deleted since the offer", async () => {
    const out = await insertBlock(valueBlock(1), { sheet: "Gone", row: 0, col: 0 });
    expect(out.status).toBe("error");
    expect(out.status === "error" && out.message).toMatch(/ItemNotFound/);
  });

  test("error path: empty block", async () => {
    const out = await insertBlock({ what: "value", cells: [] });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/empty/) });
  });
});

describe("insertBlock: spills, two-step writes, undo grouping (review fixes)", () => {
  afterEach(() => {
    delete g.Office;
  });

  test("a spill of \"\" cells counts as occupied (ExcelApi 1.12: hasSpill, anchor named); nothing is written into it", async () => {
    fake.apis.add("1.12");
    fake.installOffice();
    fake.spill("Sheet1", 0, 0, 4, 1, "=TRADE.TARIFF_RATE(B1:B4,\"CN\")", ""); // A1:A4, all showing ""
    fake.active = { sheet: "Sheet1", row: 2, col: 0 }; // A3, inside the spill
    const out = await insertBlock(valueBlock(1));
    expect(out).toMatchObject({ status: "occupied", occupied: ["A3"], occupiedCount: 1, spill: { anchor: "Sheet1!A1" } });
    expect(out.status === "occupied" && out.nextFree.address).toBe("A6");
    expect(fake.writes).toEqual([]);
  });

  test("a spill of \"\" cells without ExcelApi 1.12: valueTypes (\"String\", not \"Empty\") still mark it occupied", async () => {
    fake.apis.delete("1.12");
    fake.installOffice(); // up to ExcelApi 1.10
    fake.spill("Sheet1", 0, 1, 3, 2, "=TRADE.X()", ""); // B1:C3
    fake.active = { sheet: "Sheet1", row: 1, col: 0 }; // A2: a 1×3 block A2:C2 reaches into the spill
    const out = await insertBlock({ what: "row", cells: [["x", "y", "z"]] });
    expect(out).toMatchObject({ status: "occupied", occupied: ["B2", "C2"], occupiedCount: 2 });
    expect(out.status === "occupied" && out.spill).toBeUndefined();
    expect(fake.writes).toEqual([]);
  });

  test("next to a spill (not in it) the insert goes ahead", async () => {
    fake.apis.add("1.12");
    fake.installOffice();
    fake.spill("Sheet1", 0, 0, 3, 1, "=TRADE.X()", "");
    fake.active = { sheet: "Sheet1", row: 0, col: 1 }; // B1
    const out = await insertBlock(valueBlock(7));
    expect(out).toMatchObject({ status: "inserted", place: { address: "B1" } });
    expect(fake.get("Sheet1", "B1")).toBe(7);
  });

  test("a table name taken by a defined name is avoided", async () => {
    fake.workbookNames = [{ name: "TRADE_production", formula: "=Sheet1!$A$1" }];
    const out = await insertBlock(production());
    expect(out).toMatchObject({ status: "inserted", tableName: "TRADE_production_2" });
    expect(fake.sheet("Sheet1").tables.map((t) => t.name)).toEqual(["TRADE_production_2"]);
  });

  test("the table fails after the cells landed (e.g. merged cells): inserted with a warning, not an error", async () => {
    fake.failOps.set("table", Object.assign(new Error("Can't create a table over merged cells."), { code: "InvalidOperation" }));
    const out = await insertBlock(production());
    expect(out.status).toBe("inserted");
    if (out.status !== "inserted") return;
    expect(out.tableName).toBeUndefined();
    expect(out.warnings?.[0]).toMatch(/table could not be created.*merged/);
    expect(fake.get("Sheet1", "A2")).toBe("Country");
    expect(fake.sheet("Sheet1").tables).toEqual([]);
  });

  test("the cells themselves fail: an error, nothing claimed", async () => {
    fake.failOps.set("formulas", Object.assign(new Error("Protected sheet."), { code: "AccessDenied" }));
    const out = await insertBlock(production());
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/AccessDenied/) });
  });

  test("a cosmetic step fails (select): the data is in place, the outcome is inserted with a warning", async () => {
    fake.failOps.set("select", Object.assign(new Error("Select failed."), { code: "GeneralException" }));
    const out = await insertBlock(production());
    expect(out).toMatchObject({ status: "inserted", tableName: "TRADE_production", warnings: [expect.stringMatching(/formatting or selecting.*Select failed/)] });
    expect(fake.sheet("Sheet1").tables).toHaveLength(1);
    expect(fake.get("Sheet1", "A1")).toBe("World mine production, MCS 2026");
  });

  test("an explicit place on another sheet: that sheet is activated before select (select works on the active sheet only)", async () => {
    fake = new FakeExcel(["Sheet1", "Data"]);
    g.Excel = fake.root;
    const out = await insertBlock(valueBlock(3), { sheet: "Data", row: 4, col: 1 });
    expect(out).toMatchObject({ status: "inserted", place: { sheet: "Data", address: "B5" } });
    expect(out.status === "inserted" && out.warnings).toBeUndefined();
    expect(fake.activated).toBe("Data");
    expect(fake.selected).toEqual({ sheet: "Data", address: "B5" });
  });

  test("undo: ExcelApi 1.20 → Excel.run({ mergeUndoGroup: true }); older hosts → plain Excel.run", async () => {
    fake.installOffice();
    await insertBlock(valueBlock(1));
    expect(fake.runOptions).toEqual([undefined]);
    fake.apis.add("1.20");
    fake.active = { sheet: "Sheet1", row: 5, col: 0 };
    await insertBlock(valueBlock(2));
    expect(fake.runOptions[1]).toEqual({ mergeUndoGroup: true });
  });
});

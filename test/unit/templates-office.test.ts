/**
 * The template Office modules against a fake Excel built on office-addin-mock
 * (templates-fake-excel.ts): insertion as new, uniquely named sheets without
 * touching existing ones, name repair, charts, and the re-entry of unbound
 * add-in formulas in the typed form. (The share-ready copy, a new workbook, is
 * tested in templates-share-office.test.ts.)
 */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum; the
// package root pulls in an ES module jest cannot load, so map it to the enum file.
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import type { TemplateEntry } from "../../src/templates/index";
import { insertTemplate, UNSUPPORTED_MESSAGE } from "../../src/office/insertTemplate";
import { FakeExcel, key } from "./templates-fake-excel";

const ENTRY: TemplateEntry = {
  id: "bom-screen",
  title: "BOM exposure screen",
  description: "",
  sheetName: "BOM screen",
  file: "bom-screen.xlsx",
  names: [
    { name: "AsOf", ref: "$B$6", comment: "as-of" },
    { name: "Regime", ref: "$B$7", comment: "regime" },
  ],
  charts: [{ type: "ColumnClustered", source: "B11:C27", title: "Production", anchor: "L5", to: "T27" }],
  functions: [],
};

function fakeWithTemplate(existing: string[]): FakeExcel {
  const x = new FakeExcel(existing);
  x.templateSheet = {
    name: "BOM screen",
    cells: [[key("A1"), { v: "BOM exposure screen" }], [key("B6"), { v: 46357 }]],
    names: [
      { name: "AsOf", formula: "='BOM screen'!$B$6" },
      { name: "Regime", formula: "='BOM screen'!$B$7" },
    ],
  };
  x.install();
  return x;
}

afterEach(() => {
  delete (globalThis as any).Office;
  delete (globalThis as any).Excel;
});

describe("insertTemplate", () => {
  test("inserts the template as a new sheet after the active one, with its names and chart; existing sheets untouched", async () => {
    const x = fakeWithTemplate(["Sheet1", "Data"]);
    x.byName("Sheet1").cells.set(key("A1"), { v: "mine" });
    const before = ["Sheet1", "Data"].map((n) => x.snapshot(n));
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", sheet: "BOM screen", repairedNames: [], charts: 1 });
    expect(["Sheet1", "Data"].map((n) => x.snapshot(n))).toEqual(before);
    const ins = x.log.find((l) => l.op === "insertWorksheets")!;
    expect(ins.detail).toMatchObject({ sheetNamesToInsert: ["BOM screen"], positionType: "After", relativeTo: "Sheet1" });
    const newSheet = x.byName("BOM screen");
    // Every write went to the new sheet.
    expect(x.log.every((l) => l.sheetId === newSheet.id)).toBe(true);
    expect(newSheet.charts).toEqual([{ type: "ColumnClustered", source: "B11:C27", title: "Production", anchor: "L5", to: "T27" }]);
    expect(x.activeId).toBe(newSheet.id);
  });

  test("a clashing name becomes 'BOM screen (2)' (checked case-insensitively) and the existing sheet keeps its content", async () => {
    const x = fakeWithTemplate(["bom SCREEN", "Sheet1"]);
    x.byName("bom SCREEN").cells.set(key("B6"), { v: "do not touch" });
    const before = x.snapshot("bom SCREEN");
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", sheet: "BOM screen (2)" });
    expect(x.snapshot("bom SCREEN")).toBe(before);
    expect(x.sheets.map((s) => s.name)).toEqual(["bom SCREEN", "Sheet1", "BOM screen (2)"]);
    // The names of the new sheet follow it (sheet-scoped).
    expect(x.byName("BOM screen (2)").names.get("asof")!.formula).toBe("='BOM screen (2)'!$B$6");
  });

  test("when Excel renames the inserted sheet itself, it is renamed to the next free name, never over an existing one", async () => {
    const x = fakeWithTemplate(["BOM screen", "BOM screen (2)"]);
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", sheet: "BOM screen (3)" });
    expect(x.sheets.filter((s) => /^BOM screen/.test(s.name)).length).toBe(3);
  });

  test("names that come back broken (#REF!) are re-created on the new sheet", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.insertBehaviour = "names-broken";
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", repairedNames: ["AsOf", "Regime"] });
    expect(x.byName("BOM screen").names.get("asof")!.formula).toBe("='BOM screen'!B6");
  });

  test("without ExcelApi 1.13 the pane gets a clear message and nothing is written", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.apis.delete("1.13");
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toEqual({ status: "unsupported", template: "bom-screen", message: UNSUPPORTED_MESSAGE });
    expect(out.status === "unsupported" && out.message).toMatch(/ExcelApi 1\.13/);
    expect(x.log).toEqual([]);
    expect(x.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });

  test("Excel on the web's UnsupportedFeature is reported as unsupported, with the reason", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.insertBehaviour = "unsupported-feature";
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out.status).toBe("unsupported");
    expect(out.status === "unsupported" && out.message).toMatch(/UnsupportedFeature/);
    expect(x.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });

  test("outside Excel: an error outcome, not an exception", async () => {
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out.status).toBe("error");
  });
});

describe("review fixes: insertTemplate", () => {
  test("TRADE formula cells of the inserted sheet are re-entered (only those), on the new sheet, in the same run", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.templateSheet!.cells.push([key("B3"), { f: "=TRADE.DATA_VERSION()", v: "v" }], [key("C9"), { f: "=SUM(C1:C8)", v: 0 }], [key("D9"), { f: '=IF(A1="","",TRADE.REF("Dy","name"))', v: "" }]);
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out.status).toBe("inserted");
    const s = x.byName("BOM screen");
    const rewrites = x.log.filter((l) => l.op === "formulas");
    expect(rewrites.map((l) => (l.detail as any).vals)).toEqual([[["=TRADE.DATA_VERSION()"]], [['=IF(A1="","",TRADE.REF("Dy","name"))']]]);
    expect(rewrites.every((l) => l.sheetId === s.id)).toBe(true);
    expect(x.runs).toBe(1);
    expect(s.cells.get(key("C9"))!.f).toBe("=SUM(C1:C8)");
  });

  test("a cell Excel left unbound (still reading _xldudf_TRADE_…) is re-entered in the typed form =TRADE.X(…), which Range.formulas takes", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.templateSheet!.cells.push([key("C5"), { f: '=_xldudf_TRADE_REF("CN","name")', v: "#NAME?", t: "Error" }], [key("C6"), { f: '="_xldudf_TRADE_REF("', v: "_xldudf_TRADE_REF(" }]);
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out.status).toBe("inserted");
    const rewrites = x.log.filter((l) => l.op === "formulas").map((l) => (l.detail as any).vals);
    expect(rewrites).toEqual([[['=TRADE.REF("CN","name")']]]);
  });

  test("a chart that fails after the sheet was inserted: 'inserted' with the warning listed (no error, so no retry duplicate)", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.failOps.set("addChart", Object.assign(new Error("Chart failed."), { code: "GeneralException" }));
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", sheet: "BOM screen", charts: 0, warnings: [expect.stringMatching(/chart “Production” failed: Chart failed/)] });
    expect(x.sheets.map((s) => s.name)).toEqual(["Sheet1", "BOM screen"]);
  });

  test("a failing name repair: inserted with a warning (the sheet stays, charts still added)", async () => {
    const x = fakeWithTemplate(["Sheet1"]);
    x.insertBehaviour = "names-broken";
    x.failOps.set("addName", Object.assign(new Error("Name failed."), { code: "GeneralException" }));
    const out = await insertTemplate(ENTRY, "BASE64:BOM screen");
    expect(out).toMatchObject({ status: "inserted", sheet: "BOM screen", repairedNames: [], charts: 1, warnings: [expect.stringMatching(/Repairing.*Name failed/)] });
  });
});

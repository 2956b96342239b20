/**
 * The template Office modules against a fake Excel built on office-addin-mock
 * (test/fake-excel.ts): insertion as new, uniquely named sheets without
 * touching existing ones, name repair and charts; share-ready copies that turn
 * exactly the TRADE formulas into values, stamp the copy and leave the original
 * unchanged.
 */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum; the
// package root pulls in an ES module jest cannot load, so map it to the enum file.
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import type { TemplateEntry } from "../../src/templates/index";
import { insertTemplate, UNSUPPORTED_MESSAGE } from "../../src/office/insertTemplate";
import { makeShareReadyCopy } from "../../src/office/shareCopy";
import { FakeExcel, key } from "../fake-excel";

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

describe("makeShareReadyCopy", () => {
  const NOW = new Date(2026, 10, 30, 14, 5);

  function bomSheet(x: FakeExcel) {
    const s = x.byName("BOM screen");
    s.cells.set(key("A1"), { v: "BOM exposure screen" });
    s.cells.set(key("B3"), { f: "=TRADE.DATA_VERSION()", v: "2026.11.30 (data horizon …)" });
    s.cells.set(key("D13"), { v: 50 });
    s.cells.set(key("H13"), { f: "=IF($A13=\"\",\"\",SUMIFS(LineCN,LineProduct,$A13))", v: 0.4 });
    s.cells.set(key("I13"), { f: "=H13/D13", v: 0.008 });
    s.cells.set(key("J13"), { f: "=trade.cn_license_required(H13,D13,C13,AsOf,Regime,Scope)", v: true });
    s.cells.set(key("L13"), { f: '=TRADE.CN_LICENSE_EXPLAIN(H13,D13,"magnet")', v: "Licence required. Ratio: …" });
    s.cells.set(key("M13"), { f: '="TRADE.X(" & A1', v: "TRADE.X(BOM exposure screen" });
    s.cells.set(key("N13"), { f: "=TRADE.REF(\"XX\",\"name\")", v: "#N/A", t: "Error" });
    s.cells.set(key("O13"), { f: "=TRADE.REF(\"CN\",\"code\")", v: "0280" });
    // A spilling TRADE formula (3 rows) and a formula reading its spill.
    s.cells.set(key("A30"), { f: "=TRADE.TARIFF_RATE(B30:B32,\"CN\")", v: 0.121 });
    s.cells.set(key("A31"), { v: 0.05 });
    s.cells.set(key("A32"), { v: 0.271 });
    s.spills.set(key("A30"), { rows: 3, cols: 1 });
    s.cells.set(key("C30"), { f: "=SUM(A30#)", v: 0.442 });
    s.cells.set(key("C31"), { f: "=SUM(A30:A32)", v: 0.442 });
    s.names.set("asof", { name: "AsOf", formula: "='BOM screen'!$B$6" });
    return s;
  }

  test("copies the active sheet; exactly the TRADE formulas (and spill readers) become values; stamped; original unchanged", async () => {
    const x = new FakeExcel(["Sheet1", "BOM screen"]);
    x.install();
    const src = bomSheet(x);
    x.activeId = src.id;
    const before = x.snapshot("BOM screen");
    const sheet1 = x.snapshot("Sheet1");
    const out = await makeShareReadyCopy({ dataVersion: "2026.11.30", now: NOW });
    expect(out.status).toBe("copied");
    if (out.status !== "copied") return;
    expect(out.sheet).toBe("BOM screen (values)");
    expect(out.replaced.sort()).toEqual(["A30", "B3", "C30", "J13", "L13", "N13", "O13"].sort());
    expect(out.keptFormulas).toBe(4); // H13, I13, M13 (text only), C31
    expect(out.stamp).toBe(
      "Share-ready copy of 'BOM screen': values as of 2026-11-30 14:05, data version 2026.11.30. 7 TRADE formulas replaced by their values (no add-in needed to read them).",
    );
    // Original and other sheets untouched.
    expect(x.snapshot("BOM screen")).toBe(before);
    expect(x.snapshot("Sheet1")).toBe(sheet1);
    const copy = x.byName("BOM screen (values)");
    expect(x.log.filter((l) => l.op !== "copy").every((l) => l.sheetId === copy.id)).toBe(true);
    // One stamp row inserted on top: every cell moved down one row.
    const at = (a1: string) => {
      const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
      return copy.cells.get(key(`${m[1]}${Number(m[2]) + 1}`));
    };
    expect(copy.cells.get(key("A1"))!.v).toBe(out.stamp);
    // Texts are written with the text prefix ('), so Excel keeps them as typed.
    expect(at("B3")).toEqual({ v: "2026.11.30 (data horizon …)", quoted: true });
    expect(at("J13")).toEqual({ v: true });
    expect(at("L13")).toEqual({ v: "Licence required. Ratio: …", quoted: true });
    expect(at("N13")).toEqual({ v: "#N/A", t: "Error" }); // errors stay errors
    expect(at("O13")).toEqual({ v: "0280", quoted: true }); // text that looks like a number stays text (written as '0280)
    expect([at("A30"), at("A31"), at("A32")]).toEqual([{ v: 0.121 }, { v: 0.05 }, { v: 0.271 }]);
    expect(at("C30")).toEqual({ v: 0.442 });
    // Formulas without TRADE stay formulas.
    expect(at("H13")!.f).toBe(src.cells.get(key("H13"))!.f);
    expect(at("I13")!.f).toBe("=H13/D13");
    expect(at("M13")!.f).toBe('="TRADE.X(" & A1');
    expect(at("C31")!.f).toBe("=SUM(A30:A32)");
    // Sheet-scoped names travel with the copy.
    expect(copy.names.get("asof")).toBeDefined();
    expect(x.activeId).toBe(copy.id);
  });

  test("a second copy gets the next free name", async () => {
    const x = new FakeExcel(["BOM screen", "BOM screen (values)"]);
    x.install();
    const src = bomSheet(x);
    x.activeId = src.id;
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "copied", sheet: "BOM screen (values) (2)" });
  });

  test("a sheet without TRADE formulas: nothing is copied", async () => {
    const x = new FakeExcel(["Plain"]);
    x.install();
    x.byName("Plain").cells.set(key("A1"), { f: "=1+1", v: 2 });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("nothing");
    expect(x.sheets.length).toBe(1);
    expect(x.log).toEqual([]);
  });

  test("TRADE cells still calculating: no copy, a message naming them", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.byName("S").cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: "#BUSY!", t: "Error" });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("error");
    expect(out.status === "error" && out.message).toMatch(/B2/);
    expect(x.sheets.length).toBe(1);
  });

  test("without ExcelApi 1.10: a clear message, nothing written", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.apis.delete("1.10");
    x.byName("S").cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: 5000 });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("unsupported");
    expect(x.log).toEqual([]);
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

describe("review fixes: makeShareReadyCopy", () => {
  const NOW = new Date(2026, 10, 30, 14, 5);

  test("a protected sheet is refused before anything is copied", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    const s = x.byName("S");
    s.protected = true;
    s.cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: 5000 });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/protected/) });
    expect(x.sheets.map((q) => q.name)).toEqual(["S"]);
    expect(x.log).toEqual([]);
  });

  test("a write failing after the copy: the half-made copy (with live TRADE formulas) is deleted in a fresh run and the message says so; never renamed", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.byName("S").cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: 5000 });
    const before = x.snapshot("S");
    x.failOps.set("formulas", Object.assign(new Error("Write failed."), { code: "GeneralException" }));
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/Write failed.*unfinished copy 'S \(2\)' was deleted/) });
    expect(x.sheets.map((q) => q.name)).toEqual(["S"]);
    expect(x.log.some((l) => l.op === "rename")).toBe(false);
    expect(x.log.some((l) => l.op === "delete")).toBe(true);
    expect(x.runs).toBe(2);
    expect(x.snapshot("S")).toBe(before);
  });

  test("deleting fails too: the copy is renamed '… (incomplete)' and the message says so", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.byName("S").cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: 5000 });
    x.failOps.set("formulas", new Error("Write failed."));
    x.failOps.set("delete", new Error("Delete failed."));
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/renamed 'S \(incomplete\)'/) });
    expect(x.sheets.map((q) => q.name)).toEqual(["S", "S (incomplete)"]);
  });

  test("without ExcelApi 1.12 a spill would be cut to its anchor: detected on the copy, copy deleted, cells listed", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.apis.delete("1.12");
    const s = x.byName("S");
    s.cells.set(key("A1"), { f: "=TRADE.TARIFF_RATE(B1:B3,\"CN\")", v: 0.1 });
    s.cells.set(key("A2"), { v: 0.2 });
    s.cells.set(key("A3"), { v: 0.3 });
    s.spills.set(key("A1"), { rows: 3, cols: 1 });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/cut to their first cell \(A2, A3 lost.*ExcelApi 1\.12.*deleted/) });
    expect(x.sheets.map((q) => q.name)).toEqual(["S"]);
  });

  test("without ExcelApi 1.12 an anchor whose value is an array is refused before copying", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.apis.delete("1.12");
    x.byName("S").cells.set(key("C4"), { f: "=TRADE.X()", v: [[1], [2]] as any });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "error", message: expect.stringMatching(/C4.*ExcelApi 1\.12/) });
    expect(x.log).toEqual([]);
  });

  test("without ExcelApi 1.12 and no spills: the copy is made", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    x.apis.delete("1.12");
    x.byName("S").cells.set(key("B2"), { f: "=TRADE.HHI(A1:A3)", v: 5000 });
    x.byName("S").cells.set(key("B3"), { v: "2026-01" });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toMatchObject({ status: "copied", sheet: "S (values)" });
  });

  test("reads the original in row chunks and writes adjacent replacements as one block", async () => {
    const x = new FakeExcel(["S"]);
    x.install();
    const s = x.byName("S");
    for (let r = 1; r <= 7; r++) for (const c of ["B", "C", "D"]) s.cells.set(key(`${c}${r}`), { f: `=TRADE.REF("X","${c}${r}")`, v: `${c}${r}` });
    s.cells.set(key("F7"), { f: "=TRADE.REF(\"Y\",\"z\")", v: 1 });
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, chunkRows: 3 });
    expect(out.status).toBe("copied");
    const reads = x.reads.filter((r) => r.sheetId === s.id);
    expect(reads.map((r) => [r.r, r.h])).toEqual([[0, 3], [3, 3], [6, 1]]);
    const writes = x.log.filter((l) => l.op === "formulas").map((l) => l.detail as any);
    expect(writes).toHaveLength(8); // one per row B:D (7), plus F7
    expect(writes[0]).toMatchObject({ r: 0, c: 1, h: 1, w: 3, vals: [["'B1", "'C1", "'D1"]] });
  });
});

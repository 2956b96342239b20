/**
 * The share-ready copy end to end against the one fake Excel (test/fake-excel.ts,
 * office-addin-mock) in read-only mode, where any write throws: the user's workbook is only
 * read; the copy is a new workbook handed to Excel.createWorkbook (or to the
 * pane to download), read back here with ExcelJS and JSZip as a recipient's
 * Excel would read it. Dependency cases: spill readers two deep, cross-sheet,
 * names over spills, errors, text that looks like a formula; failures that
 * leave the workbook untouched. Large sheets, payload failures, the size budget
 * and Cancel are in templates-share-large.test.ts; looks, hidden rows, columns
 * and names, notes and comments in templates-share-look.test.ts.
 */
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { HyperFormula } from "hyperformula";
import { makeShareReadyCopy, type ShareCopyOutcome } from "../../src/office/shareCopy";
import { fromStoredForm } from "../../src/templates/storedForm";
import { FakeExcel, key } from "../fake-excel";

const NOW = new Date(2026, 10, 30, 14, 5);

afterEach(() => {
  delete (globalThis as any).Office;
  delete (globalThis as any).Excel;
});

function fileOf(x: FakeExcel, out: ShareCopyOutcome): Uint8Array {
  if (out.status === "download") return out.file;
  if (out.status === "opened") {
    expect(x.created).toHaveLength(1);
    return Uint8Array.from(Buffer.from(x.created[0], "base64"));
  }
  throw new Error(`no file: ${JSON.stringify(out)}`);
}

async function readBack(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as any);
  const zip = await JSZip.loadAsync(bytes);
  const xml: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) if (!zip.files[name].dir) xml[name] = await zip.file(name)!.async("string");
  return { wb, xml };
}

/** Every <f> of every sheet part. */
function allFormulas(xml: Record<string, string>): string[] {
  return Object.entries(xml)
    .filter(([n]) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .flatMap(([, s]) => [...s.matchAll(/<f[^>]*>([^<]*)<\/f>/g)].map((m) => m[1]));
}

/** The one fake, read-only, reporting the requirement sets of a current host (notes 1.18, threaded comments 1.10 apart; no valuesAsJson). */
function readOnlyFake(names: string[]): FakeExcel {
  const x = new FakeExcel(names);
  x.apis = new Set(["1.1", "1.4", "1.6", "1.7", "1.8", "1.9", "1.10", "1.12", "1.13", "1.18"]);
  x.notesAsComments = false;
  x.readOnly = true;
  return x;
}

/** Nothing was written, renamed, added, activated or selected in the user's workbook. */
function expectUntouched(x: FakeExcel, before: string): void {
  expect(x.snapshot()).toBe(before);
  expect(x.writes).toEqual([]);
  expect(x.log).toEqual([]);
}

function bomFake(): FakeExcel {
  const x = readOnlyFake(["BOM screen", "Other"]);
  const S = "BOM screen";
  x.cell(S, "A1", { v: "BOM exposure screen" });
  // Text that looks like a formula (typed with an apostrophe): formulas and values both read the text.
  x.cell(S, "A2", { v: '=TRADE.REF("CN","name")' });
  x.cell(S, "B3", { v: 50, nf: "#,##0.00" });
  // An add-in spill (3 rows), a SORT of it (spill reader), and a SUM of the SORT (two deep).
  x.cell(S, "A5", { f: '=TRADE.TARIFF_RATE(B5:B7,"CN")', v: 0.121, nf: "0.0%" });
  x.cell(S, "A6", { v: 0.05, nf: "0.0%" });
  x.cell(S, "A7", { v: 0.271, nf: "0.0%" });
  x.sheet(S).spills.set(key("A5"), { rows: 3, cols: 1 });
  x.cell(S, "B5", { v: "8505.11.00.70" });
  x.cell(S, "B6", { v: "8505.19.30" });
  x.cell(S, "B7", { v: "8505.19.20" });
  x.cell(S, "C5", { f: "=SORT(A5#)", v: 0.05 });
  x.cell(S, "C6", { v: 0.121 });
  x.cell(S, "C7", { v: 0.271 });
  x.sheet(S).spills.set(key("C5"), { rows: 3, cols: 1 });
  x.cell(S, "D5", { f: "=SUM(C5#)", v: 0.442 });
  // Live native formulas.
  x.cell(S, "E5", { f: "=SUM(B3,1)", v: 51 });
  x.cell(S, "E6", { f: "=E5*2", v: 102 });
  // An add-in error and a formula catching it.
  x.cell(S, "F5", { f: '=TRADE.REF("XX","name")', v: "#N/A", t: "Error" });
  x.cell(S, "F6", { f: '=IFERROR(F5,"none")', v: "none" });
  // Cross-sheet: a plain value from another sheet, and a value that comes back from an add-in spill through another sheet.
  x.cell(S, "G5", { f: "=Other!A1", v: 7 });
  x.cell(S, "G6", { f: "=SUM(Other!B1)", v: 0.442 });
  x.cell("Other", "A1", { f: "=1+6", v: 7 });
  x.cell("Other", "B1", { f: "=SUM('BOM screen'!A5#)", v: 0.442 });
  // Names: over an add-in spill, over a live cell, over a live spill.
  x.workbookNames.push({ name: "Codes", formula: "='BOM screen'!$A$5#" }, { name: "Rate", formula: "='BOM screen'!$B$3" }, { name: "LiveSeq", formula: "='BOM screen'!$I$5#" });
  x.cell(S, "H5", { f: "=COUNT(Codes)", v: 3 });
  x.cell(S, "H6", { f: "=Rate*2", v: 100 });
  x.cell(S, "H7", { f: "=SUM(LiveSeq)", v: 6 });
  x.cell(S, "I5", { f: "=SEQUENCE(3)", v: 1 });
  x.cell(S, "I6", { v: 2 });
  x.cell(S, "I7", { v: 3 });
  x.sheet(S).spills.set(key("I5"), { rows: 3, cols: 1 });
  x.cell(S, "J5", { f: '="TRADE.X(" & A1', v: "TRADE.X(BOM exposure screen" });
  // Look: a column width, a conditional format, a list validation and a note.
  x.sheet(S).colWidths.set(0, 60);
  x.sheet(S).conditional.push({ address: "D5", type: "CellValue", rule: { operator: "GreaterThan", formula1: "=0.4" }, fill: { color: "#FFC7CE" }, font: { color: "#9C0006" } });
  x.sheet(S).validations.set(1, { type: "List", source: "CN,MY,JP", prompt: "Origin" });
  x.sheet(S).notes.push({ r: 2, c: 1, text: "Customs value in USD" });
  x.sheet(S).threads.push({ r: 4, c: 0, text: "Why 12.1%?", author: "Ana Ruiz" });
  x.active = { sheet: S, row: 0, col: 0 };
  x.install();
  return x;
}

describe("share-ready copy: a new workbook, nothing written to the user's", () => {
  test("dependency cases: spill readers two deep, cross-sheet, names over spills, errors, text that looks like a formula", async () => {
    const x = bomFake();
    const before = x.snapshot();
    const out = await makeShareReadyCopy({ dataVersion: "2026.11.30", addinVersion: "0.1.0", now: NOW });
    expect(out.status).toBe("opened");
    expectUntouched(x, before);
    if (out.status !== "opened") return;
    expect(out.summary).toMatchObject({ source: "BOM screen", frozenCount: 8, spilledValues: 4, liveCount: 6 });
    expect(out.summary.names.sort()).toEqual(["LiveSeq", "Rate"]);
    const reasons = Object.fromEntries(out.summary.frozen.map((f) => [f.why, f.ranges]));
    expect(reasons).toEqual({
      "calls-addin": ["A5", "F5"],
      "depends-on-addin": ["C5", "D5", "F6", "G6", "H5"],
      "other-sheet": ["G5"],
    });

    const { wb, xml } = await readBack(fileOf(x, out));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["BOM screen", "About this copy"]);
    const ws = wb.getWorksheet("BOM screen")!;
    expect(String(ws.getCell("A1").value)).toContain("values at 2026-11-30 14:05, computed with data version 2026.11.30");
    // No add-in call anywhere, no #REF!.
    const formulas = allFormulas(xml);
    expect(formulas.filter((f) => /TRADE\.|_xldudf_/i.test(f.replace(/&quot;(?:(?!&quot;).)*&quot;/g, "")))).toEqual([]);
    expect(Object.values(xml).some((s) => s.includes("#REF!"))).toBe(false);
    // Every source cell's value is in the copy one row lower; frozen cells are values, live ones formulas.
    const frozen = ["A5", "A6", "A7", "C5", "C6", "C7", "D5", "F5", "F6", "G5", "G6", "H5"];
    // Live formulas one row lower, in Excel's stored form (SEQUENCE is stored as _xlfn.SEQUENCE).
    const live: Record<string, string> = { E5: "SUM(B4,1)", E6: "E6*2", H6: "Rate*2", H7: "SUM(LiveSeq)", I5: "_xlfn.SEQUENCE(3)", J5: '"TRADE.X(" & A2' };
    for (const [k, cell] of x.sheet("BOM screen").cells) {
      const [r, c] = k.split(",").map(Number);
      const copy = ws.getCell(r + 2, c + 1);
      const a1 = `${String.fromCharCode(65 + c)}${r + 1}`;
      const v: any = copy.value;
      const got = v && typeof v === "object" && "formula" in v ? v.result : v;
      if (cell.t === "Error") expect(got).toEqual({ error: cell.v });
      else expect([a1, got]).toEqual([a1, cell.v]);
      if (live[a1]) expect([a1, v.formula]).toEqual([a1, live[a1]]);
      if (frozen.includes(a1)) expect(typeof v === "object" && v !== null && "formula" in v).toBe(false);
    }
    // The live spill keeps its array extent; names come along, one row lower.
    expect(xml["xl/worksheets/sheet1.xml"]).toContain('<f t="array" ref="I6:I8">_xlfn.SEQUENCE(3)</f>');
    expect(xml["xl/workbook.xml"]).toContain("<definedName name=\"Rate\">'BOM screen'!$B$4</definedName>");
    // A name over a spill, stored as Excel writes it: ANCHORARRAY for the #.
    expect(xml["xl/workbook.xml"]).toContain("<definedName name=\"LiveSeq\">_xlfn.ANCHORARRAY('BOM screen'!$I$6)</definedName>");
    expect(xml["xl/workbook.xml"]).not.toContain("Codes");
    // Text that looked like a formula stays text.
    expect(ws.getCell("A3").value).toBe('=TRADE.REF("CN","name")');
    // Number formats, column width, conditional format, validation, note.
    expect(ws.getCell("A6").numFmt).toBe("0.0%");
    expect(ws.getCell("B4").numFmt).toBe("#,##0.00");
    expect(ws.getColumn(1).width).toBeCloseTo((60 * 4) / 3 / 7 - 5 / 7, 1);
    expect(xml["xl/worksheets/sheet1.xml"]).toMatch(/<conditionalFormatting sqref="D6"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>0.4<\/formula>/);
    expect(xml["xl/styles.xml"]).toContain('<bgColor rgb="FFFFC7CE"/>');
    expect(xml["xl/worksheets/sheet1.xml"]).toMatch(/<dataValidation type="list"[^>]*sqref="B2:B8"><formula1>"CN,MY,JP"<\/formula1>/);
    expect((ws.getCell("B4") as any).note).toBe("Customs value in USD");
    // The comment thread is left out (conversations are never copied), and the About sheet and summary say so.
    expect((ws.getCell("A6") as any).note).toBeUndefined();
    expect(out.summary.notes).toEqual({ kept: 1, leftOut: 0, comments: 1 });
    // The About sheet says what holds values and why, and what stays live.
    const about = wb.getWorksheet("About this copy")!;
    const text: string[] = [];
    about.eachRow((row) => row.eachCell((c) => text.push(String(c.value))));
    const all = text.join("\n");
    expect(all).toContain("calls no add-in function");
    expect(all).toContain("8 formula cells (and 4 spilled cells) hold their values");
    expect(all).toContain("6 formulas stay live");
    expect(all).toContain("G5"); // other-sheet reason listed
    // The file does not force a recalculation on open.
    expect(xml["xl/workbook.xml"]).toContain('<calcPr calcId="191029"/>');

    // The live formulas still compute their cached values in the copy (a formula engine, HyperFormula,
    // evaluates the copy's sheet with its names; spill references (#) are outside HyperFormula's syntax).
    const grid: unknown[][] = [];
    const liveCells: [string, unknown][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v: any = cell.value;
        const raw = v && typeof v === "object" && "formula" in v ? fromStoredForm("=" + v.formula) : v && typeof v === "object" && "error" in v ? v.error : v;
        (grid[r - 1] ??= [])[c - 1] = raw;
        if (v && typeof v === "object" && "formula" in v && !/ANCHORARRAY|LiveSeq|SEQUENCE/.test(v.formula)) liveCells.push([cell.address, v.result]);
      }),
    );
    for (let i = 0; i < grid.length; i++) grid[i] = Array.from({ length: (grid[i] ?? []).length }, (_, j) => grid[i]?.[j] ?? null);
    const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
    const sheetId = hf.getSheetId(hf.addSheet("BOM screen"))!;
    hf.addNamedExpression("Rate", "='BOM screen'!$B$4");
    hf.setSheetContent(sheetId, grid as any);
    expect(liveCells.map(([a]) => a).sort()).toEqual(["E6", "E7", "H7", "J6"]);
    for (const [a, cached] of liveCells) expect([a, hf.getCellValue(hf.simpleCellAddressFromString(a, sheetId)!)]).toEqual([a, cached]);
    hf.destroy();
  });

  test("without ExcelApi 1.8 the copy is handed to the pane to download (same content)", async () => {
    const x = bomFake();
    x.apis.delete("1.8");
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("download");
    if (out.status !== "download") return;
    expect(out.reason).toMatch(/ExcelApi 1\.8/);
    expect(out.summary.fileName).toBe("BOM screen (values 2026-11-30).xlsx");
    expect(x.created).toEqual([]);
    const { wb } = await readBack(out.file);
    expect(wb.worksheets.length).toBe(2);
  });

  test("a read failing half-way: an error that says where, the workbook untouched, no workbook created", async () => {
    const x = bomFake();
    const before = x.snapshot();
    // The first read of cell contents fails (not a payload failure: those are retried, see templates-share-large.test.ts).
    x.failOps.set("read", Object.assign(new Error("An internal error has occurred."), { code: "GeneralException" }));
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("error");
    expect(out.status === "error" && out.message).toMatch(/reading the sheet.*internal error.*GeneralException.*only read, not changed/);
    expect(x.reads).toHaveLength(1);
    expect(x.created).toEqual([]);
    expectUntouched(x, before);
  });

  test("a sheet without add-in formulas: nothing to do", async () => {
    const x = readOnlyFake(["Plain"]);
    x.cell("Plain", "A1", { f: "=1+1", v: 2 });
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("nothing");
    expect(x.created).toEqual([]);
  });

  test("LAMBDA names, other add-ins' namespaces and live formulas in stored form, read back by ExcelJS", async () => {
    const x = readOnlyFake(["Deps"]);
    const S = "Deps";
    x.cell(S, "A2", { v: "Dy" });
    x.cell(S, "A3", { v: "Tb" });
    x.cell(S, "B2", { f: "=MyFn(A2)", v: 270000 }); // a LAMBDA name that calls TRADE
    x.cell(S, "B3", { f: "=OTHERADDIN.PRICE(A3)", v: 1250 }); // another add-in
    x.cell(S, "B4", { f: "=B2+B3", v: 271250 }); // reads both
    x.cell(S, "C2", { f: "=SORT(D2:D4)", v: 1 });
    x.cell(S, "C3", { v: 2 });
    x.cell(S, "C4", { v: 3 });
    x.sheet(S).spills.set(key("C2"), { rows: 3, cols: 1 });
    x.cell(S, "D2", { v: 3 });
    x.cell(S, "D3", { v: 1 });
    x.cell(S, "D4", { v: 2 });
    x.cell(S, "E2", { f: "=SUM(C2#)", v: 6 });
    x.cell(S, "E3", { f: '=XLOOKUP("Tb",A2:A3,D2:D3)', v: 1 });
    x.cell(S, "E4", { f: "=LET(n,COUNTA(A2:A3),n*10)", v: 20 });
    x.workbookNames.push({ name: "MyFn", formula: '=LAMBDA(x, TRADE.REF(x, "production_t"))' });
    x.active = { sheet: S, row: 0, col: 0 };
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    expect(Object.fromEntries(out.summary.frozen.map((f) => [f.why, f.ranges]))).toEqual({ "calls-name": ["B2"], "calls-external": ["B3"], "depends-on-addin": ["B4"] });
    expect(out.summary.names).toEqual([]);
    const { wb, xml } = await readBack(fileOf(x, out));
    const ws = wb.getWorksheet(S)!;
    // Frozen cells are their values; nothing in the file calls MyFn or another add-in.
    expect([ws.getCell("B3").value, ws.getCell("B4").value, ws.getCell("B5").value]).toEqual([270000, 1250, 271250]);
    expect(allFormulas(xml).filter((f) => /MyFn|OTHERADDIN|TRADE/i.test(f))).toEqual([]);
    expect(xml["xl/workbook.xml"]).not.toContain("MyFn");
    // Live formulas, one row lower, in Excel's stored form.
    const f = (a: string) => (ws.getCell(a).value as any).formula;
    expect([f("C3"), f("E3"), f("E4"), f("E5")]).toEqual(["_xlfn._xlws.SORT(D3:D5)", "SUM(_xlfn.ANCHORARRAY(C3))", '_xlfn.XLOOKUP("Tb",A3:A4,D3:D4)', "_xlfn.LET(_xlpm.n,COUNTA(A3:A4),_xlpm.n*10)"]);
    const about: string[] = [];
    wb.getWorksheet("About this copy")!.eachRow((row) => row.eachCell((c) => about.push(String(c.value))));
    expect(about.join("\n")).toMatch(/calls a function defined by a name \(a LAMBDA\)[^\n]*\nB2/);
    expect(about.join("\n")).toMatch(/calls a function Excel does not have built in[^\n]*\nB3/);
  });
});

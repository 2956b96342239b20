/**
 * Live formulas of a share copy in Excel's STORED form (src/templates/storedForm.ts):
 * functions added after Excel 2007 carry `_xlfn.` (FILTER and SORT `_xlfn._xlws.`),
 * LET/LAMBDA names `_xlpm.`, `A1#` is `_xlfn.ANCHORARRAY(A1)` and `@X` is
 * `_xlfn.SINGLE(X)` ([MS-XLSX] 2.2.2; Microsoft's "_xlfn. prefix" support article).
 * Expected texts are written by hand from those rules; the round trip writes a
 * copy with our writer, reads it back with ExcelJS and evaluates the formulas
 * (turned back into typed form) in HyperFormula against values worked out by hand.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import fc from "fast-check";
import { HyperFormula } from "hyperformula";
import { calledFunctions, EXCEL_FUNCTIONS, FUTURE_FUNCTIONS, fromStoredForm, isExcelFunction, lex, K, rewriteFormula, toStoredForm } from "../../src/templates/storedForm";
import { buildShareBook, type SheetSnapshot } from "../../src/templates/shareBook";
import { writeXlsx } from "../../src/templates/xlsxWriter";

describe("toStoredForm: the form Excel writes in a file", () => {
  test.each([
    ["=XLOOKUP(A1,B1:B9,C1:C9)", "=_xlfn.XLOOKUP(A1,B1:B9,C1:C9)"],
    ["=FILTER(A1:A9,B1:B9>0)", "=_xlfn._xlws.FILTER(A1:A9,B1:B9>0)"],
    ["=SORT(UNIQUE(A1:A9))", "=_xlfn._xlws.SORT(_xlfn.UNIQUE(A1:A9))"],
    ["=IFS(A1>1,\"big\",TRUE,\"small\")", '=_xlfn.IFS(A1>1,"big",TRUE,"small")'],
    ['=TEXTJOIN(", ",TRUE,A1:A3)', '=_xlfn.TEXTJOIN(", ",TRUE,A1:A3)'],
    ["=STDEV.S(A1:A9)+CONCAT(B1,B2)", "=_xlfn.STDEV.S(A1:A9)+_xlfn.CONCAT(B1,B2)"],
    ["=SUM(A1#)", "=SUM(_xlfn.ANCHORARRAY(A1))"],
    ["='BOM screen'!$A$5#", "=_xlfn.ANCHORARRAY('BOM screen'!$A$5)"],
    ["=@A1:A9", "=_xlfn.SINGLE(A1:A9)"],
    ["=-@INDEX(A1:A9,2)+1", "=-_xlfn.SINGLE(INDEX(A1:A9,2))+1"],
    ["=LET(x,A1*2,y,x+1,x*y)", "=_xlfn.LET(_xlpm.x,A1*2,_xlpm.y,_xlpm.x+1,_xlpm.x*_xlpm.y)"],
    ["=LET(f,LAMBDA(v,v*2),f(A1))", "=_xlfn.LET(_xlpm.f,_xlfn.LAMBDA(_xlpm.v,_xlpm.v*2),_xlpm.f(A1))"],
    ["=MAP(A1:A3,LAMBDA(v,v+1))", "=_xlfn.MAP(A1:A3,_xlfn.LAMBDA(_xlpm.v,_xlpm.v+1))"],
    // Already stored, legacy functions and the four dotted functions of the 2007 format: unchanged.
    ["=_xlfn.XLOOKUP(A1,B:B,C:C)", "=_xlfn.XLOOKUP(A1,B:B,C:C)"],
    ["=SUMIFS(A:A,B:B,\"CN\")+NETWORKDAYS.INTL(A1,A2)+ISO.CEILING(A3)+ECMA.CEILING(A4,1)+WORKDAY.INTL(A1,3)", '=SUMIFS(A:A,B:B,"CN")+NETWORKDAYS.INTL(A1,A2)+ISO.CEILING(A3)+ECMA.CEILING(A4,1)+WORKDAY.INTL(A1,3)'],
    // Text, structured references and array constants are never touched.
    ['="XLOOKUP(" & A1 & "#"', '="XLOOKUP(" & A1 & "#"'],
    ["=SUM(Table1[@Price])", "=SUM(Table1[@Price])"],
    ['=TEXTJOIN(",",TRUE,{"SORT(","a"})', '=_xlfn.TEXTJOIN(",",TRUE,{"SORT(","a"})'],
    // A name called x outside LET is a workbook name, not a parameter.
    ["=x+LET(x,1,x)", "=x+_xlfn.LET(_xlpm.x,1,_xlpm.x)"],
  ])("%s → %s", (typed, stored) => {
    expect(toStoredForm(typed)).toBe(stored);
    expect(fromStoredForm(stored)).toBe(typed.replace("=_xlfn.XLOOKUP", "=XLOOKUP"));
  });

  test("every function on Microsoft's list of future functions gets its prefix; FILTER and SORT the _xlws. one", () => {
    for (const fn of FUTURE_FUNCTIONS) expect([fn, toStoredForm(`=${fn}(A1)`)]).toEqual([fn, `=_xlfn.${fn}(A1)`]);
    for (const fn of ["FILTER", "SORT"]) expect(toStoredForm(`=${fn.toLowerCase()}(A1:A3)`)).toBe(`=_xlfn._xlws.${fn}(A1:A3)`);
    for (const fn of ["SUM", "VLOOKUP", "IFERROR", "SUMIFS", "COUNTIFS", "AVERAGEIFS", "TRANSPOSE", "INDEX"]) expect(toStoredForm(`=${fn}(A1)`)).toBe(`=${fn}(A1)`);
  });

  test("typed → stored → typed is the identity on formulas built from functions, references, spills, @ and LET", () => {
    const fn = fc.constantFrom("SUM", "XLOOKUP", "IFS", "TEXTJOIN", "FILTER", "SORT", "UNIQUE", "ROUND", "STDEV.S", "MAXIFS", "XMATCH", "SEQUENCE");
    const ref = fc.constantFrom("A1", "$B$2", "C3:D9", "'My sheet'!A1", "Other!$C$4", "E:E", "2:3", "A1#", "'BOM screen'!B2#");
    const leaf = fc.oneof(ref, fc.constantFrom('"SORT(A1#)"', "1.5", "TRUE", "Rate"));
    const expr = fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.tuple(fn, fc.array(tie("e"), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(",")})`),
        tie("e").map((x) => `@${x.startsWith("@") ? "A1" : x}`),
        tie("e").map((x) => `LET(n,${x},n+1)`),
      ),
    })).e;
    fc.assert(
      fc.property(expr, (e) => {
        const typed = "=" + e.replace(/@(@)+/g, "@");
        const stored = toStoredForm(typed);
        // Nothing newer than 2007 is left unprefixed outside text.
        for (const called of calledFunctions(stored)) expect(isExcelFunction(called)).toBe(true);
        expect(stored.replace(/"(?:[^"]|"")*"/g, "")).not.toMatch(/#/);
        expect(fromStoredForm(stored)).toBe(typed);
      }),
      { numRuns: 300 },
    );
  });

  test("moving rows for the stamp and the stored form in one pass; references to other sheets stay", () => {
    expect(rewriteFormula("=XLOOKUP(A2,B:B,C2:C9)+SUM(A2#)+Other!A1", { stored: true, shift: { sheet: "S", own: "S", by: 1 } })).toBe(
      "=_xlfn.XLOOKUP(A3,B:B,C3:C10)+SUM(_xlfn.ANCHORARRAY(A3))+Other!A1",
    );
    expect(rewriteFormula("=LET(A1x,1,A1x)+'S'!$B$2", { shift: { sheet: "S", own: "T", by: 1 } })).toBe("=LET(A1x,1,A1x)+'S'!$B$3");
  });

  test("the lexer: spill after a reference, error literals, qualifiers and brackets", () => {
    const kinds = (f: string) => lex(f).map((t) => [t.k, f.slice(t.s, t.e)]);
    expect(kinds("=A1#+#N/A")).toEqual([
      [K.Word, "A1"],
      [K.Spill, "#"],
      [K.Op, "+"],
      [K.Err, "#N/A"],
    ]);
    expect(kinds("='It''s'!A1:B2")).toEqual([
      [K.Sheet, "'It''s'!"],
      [K.Word, "A1:B2"],
    ]);
    expect(kinds("=Table1[[#This Row],[Value]]")).toEqual([
      [K.Word, "Table1"],
      [K.Bracket, "[[#This Row],[Value]]"],
    ]);
  });

  test("which functions are Excel's: built-in names of every version, not add-ins' or names", () => {
    for (const f of ["SUM", "xlookup", "_xlfn.SOMETHING_NEWER", "STDEV.S", "NETWORKDAYS.INTL", "TEXTSPLIT", "GROUPBY"]) expect([f, isExcelFunction(f)]).toEqual([f, true]);
    for (const f of ["TRADE.REF", "OTHERADDIN.PRICE", "MyFn", "_xldudf_CONTOSO_ADD", "GET.CELL"]) expect([f, isExcelFunction(f)]).toEqual([f, false]);
    expect(EXCEL_FUNCTIONS.size).toBeGreaterThan(480);
    expect(calledFunctions("=LET(f,LAMBDA(v,v*2),f(3))+MyFn(A1)+OTHER.PRICE(2)")).toEqual(["LET", "LAMBDA", "MyFn", "OTHER.PRICE"]);
  });
});

describe("a copy's live formulas, read back by ExcelJS and evaluated by HyperFormula", () => {
  // Sheet S: inputs in A2:C6, live formulas using post-2007 functions in E2:E7, a spill G2# and a reader of it.
  function snapshot(): SheetSnapshot {
    const rows: unknown[][] = [
      ["code", "origin", "value", "", "", "", "", ""],
      ["8505.11", "CN", 40, "", '=XLOOKUP("MY",B2:B6,C2:C6)', "", "=SORT(C2:C6)", "=SUM(G2#)"],
      ["8505.19", "MY", 25, "", '=IFS(C2>30,"big",C2<=30,"small")', "", 10, ""],
      ["2846.90", "JP", 10, "", '=TEXTJOIN("|",1,B2:B4)', "", 25, ""],
      ["8505.11", "CN", 55, "", '=MAXIFS(C2:C6,B2:B6,"CN")', "", 40, ""],
      ["2805.30", "AU", 70, "", "=STDEV.S(C3:C4)*0", "", 55, ""],
      ["", "", "", "", '=COUNTIFS(B2:B6,"CN")', "", 70, ""],
    ];
    const values: unknown[][] = rows.map((r) => [...r]);
    const set = (a1: string, v: unknown) => {
      const c = a1.charCodeAt(0) - 65;
      const r = Number(a1.slice(1)) - 1;
      values[r][c] = v;
    };
    // Hand-worked results.
    set("E2", 25); // the value of the first MY row
    set("E3", "big"); // 40 > 30
    set("E4", "CN|MY|JP");
    set("E5", 55); // max of CN values 40, 55
    set("E6", 0);
    set("E7", 2);
    set("G2", 10); // SORT(40,25,10,55,70) = 10,25,40,55,70
    set("H2", 200); // 10+25+40+55+70
    const types = values.map((r) => r.map((v) => (v === "" ? "Empty" : typeof v === "number" ? "Double" : "String")));
    return { name: "S", row0: 0, col0: 0, formulas: rows, values, valueTypes: types, spills: new Map([["1,6", { rows: 5, cols: 1 }]]) };
  }

  test("prefixes in the file, the values Excel would compute", async () => {
    const { book, summary } = buildShareBook(snapshot(), [], [], { columnWidths: new Map(), conditional: [], validations: [], notes: [] }, { when: new Date(2026, 0, 2), dataVersion: "v" });
    expect(summary.frozenCount).toBe(0);
    const bytes = await writeXlsx(book);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as any);
    const ws = wb.getWorksheet("S")!;
    const formulaOf = (a: string) => (ws.getCell(a).value as any).formula as string;
    // One row lower (row 1 is the stamp), in stored form.
    expect(formulaOf("E3")).toBe('_xlfn.XLOOKUP("MY",B3:B7,C3:C7)');
    expect(formulaOf("E4")).toBe('_xlfn.IFS(C3>30,"big",C3<=30,"small")');
    expect(formulaOf("E5")).toBe('_xlfn.TEXTJOIN("|",1,B3:B5)');
    expect(formulaOf("E6")).toBe('_xlfn.MAXIFS(C3:C7,B3:B7,"CN")');
    expect(formulaOf("E7")).toBe("_xlfn.STDEV.S(C4:C5)*0");
    expect(formulaOf("E8")).toBe('COUNTIFS(B3:B7,"CN")');
    expect(formulaOf("G3")).toBe("_xlfn._xlws.SORT(C3:C7)");
    expect(formulaOf("H3")).toBe("SUM(_xlfn.ANCHORARRAY(G3))");
    const zip = await JSZip.loadAsync(bytes);
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(sheet).toContain('<c r="G3" cm="1"><f t="array" ref="G3:G7">_xlfn._xlws.SORT(C3:C7)</f><v>10</v></c>');

    // Evaluate what the file holds (typed form again: HyperFormula reads formulas as a user types them).
    const grid: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row, r) =>
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        const v: any = cell.value;
        const raw = v && typeof v === "object" && "formula" in v ? fromStoredForm("=" + v.formula) : v;
        // Spilled cells hold cached values in the file; HyperFormula spills the anchor itself.
        if (r >= 4 && c === 7) return;
        (grid[r - 1] ??= [])[c - 1] = raw;
      }),
    );
    for (let i = 0; i < grid.length; i++) grid[i] = Array.from({ length: (grid[i] ?? []).length }, (_, j) => grid[i]?.[j] ?? null);
    // Spill references are outside HyperFormula's syntax: H3 reads the SORT result as a range of the same size.
    grid[2][7] = "=SUM(G3:G7)";
    const hf = HyperFormula.buildEmpty({ licenseKey: "gpl-v3" });
    const id = hf.getSheetId(hf.addSheet("S"))!;
    hf.setSheetContent(id, grid as any);
    const at = (a: string) => hf.getCellValue(hf.simpleCellAddressFromString(a, id)!);
    expect([at("E3"), at("E4"), at("E5"), at("E6"), at("E7"), at("E8")]).toEqual([25, "big", "CN|MY|JP", 55, 0, 2]);
    expect([3, 4, 5, 6, 7].map((r) => at(`G${r}`))).toEqual([10, 25, 40, 55, 70]);
    expect(at("H3")).toBe(200);
    hf.destroy();
  });
});

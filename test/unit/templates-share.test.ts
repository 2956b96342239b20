/**
 * The share copy's dependency analysis (pure): which formula cells of a sheet
 * depend on an add-in result at any depth (through spills, other sheets and
 * names), which can stay live in a one-sheet copy, and the reference parser it
 * stands on. Expectations are worked out by hand from the formulas.
 */
import { analyseShare, formulaRefs, isFormulaCell, shiftRows, spillRefs, type DefinedName, type SheetFormulas } from "../../src/templates/share";

function sheet(name: string, cells: Record<string, string>, spills: Record<string, [number, number]> = {}): SheetFormulas {
  const k = (a1: string) => {
    const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
    let c = 0;
    for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
    return `${Number(m[2]) - 1},${c - 1}`;
  };
  return {
    name,
    formulas: new Map(Object.entries(cells).map(([a, f]) => [k(a), f])),
    spills: new Map(Object.entries(spills).map(([a, [rows, cols]]) => [k(a), { rows, cols }])),
  };
}
const A = (a1: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return `${Number(m[2]) - 1},${c - 1}`;
};

describe("formulaRefs", () => {
  test("cells, ranges, spills, whole rows and columns, qualified and quoted sheets, names; strings ignored", () => {
    const refs = formulaRefs(`=SUM('BOM screen'!A1#)+Sheet2!$B$2:C3+A:B+3:5+Rate+"X1"&LOG10(D4)+'It''s'!E5`, "Own");
    const brief = refs.map((r) => (r.kind === "area" ? `${r.sheet}:${r.r0},${r.c0}-${r.r1},${r.c1}${r.spill ? "#" : ""}` : r.kind === "name" ? `name ${r.name}` : `opaque ${r.why}`));
    expect(brief).toEqual(["BOM screen:0,0-0,0#", "Sheet2:1,1-2,2", "Own:0,0-1048575,1", "Own:2,0-4,16383", "name Rate", "Own:3,3-3,3", "It's:4,4-4,4"]);
  });

  test("INDIRECT, OFFSET, tables and external links are opaque; TRUE and numbers are not references", () => {
    expect(formulaRefs('=INDIRECT("A1")', "S").map((r) => r.kind)).toEqual(["opaque"]);
    expect(formulaRefs("=OFFSET(A1,1,0)", "S").map((r) => r.kind)).toEqual(["opaque", "area"]);
    expect(formulaRefs("=SUM(Table1[Value])", "S").some((r) => r.kind === "opaque")).toBe(true);
    expect(formulaRefs("=[1]Sheet1!A1", "S").some((r) => r.kind === "opaque")).toBe(true);
    expect(formulaRefs("=IF(TRUE,1.5,2E3)", "S")).toEqual([]);
  });

  test("spillRefs and shiftRows", () => {
    expect(spillRefs("=SUM(A30#)+$B$2#", "S")).toEqual(["A30", "B2"]);
    expect(spillRefs('="A1#"', "S")).toEqual([]);
    expect(shiftRows("=SUM($A$1:B2)+C3#+D:D+4:5+Other!A1+'S'!E6", "S", 1)).toBe("=SUM($A$2:B3)+C4#+D:D+5:6+Other!A1+'S'!E7");
  });

  test("isFormulaCell: text that looks like a formula is text", () => {
    expect(isFormulaCell("=TRADE.REF(1)", "=TRADE.REF(1)")).toBe(false);
    expect(isFormulaCell("=TRADE.REF(1)", 5)).toBe(true);
    expect(isFormulaCell("=", "=")).toBe(false);
    expect(isFormulaCell(3, 3)).toBe(false);
  });
});

describe("analyseShare", () => {
  test("spill readers two deep: =SORT(A1#) then =SUM(B1#) both depend on the add-in spill", () => {
    const s = sheet("S", { A1: "=TRADE.TARIFF_RATE(D1:D3,\"CN\")", B1: "=SORT(A1#)", C1: "=SUM(B1#)", E1: "=SUM(D1:D3)", F1: "=A2*2" }, { A1: [3, 1], B1: [3, 1] });
    const a = analyseShare([s], [], "S");
    expect(Object.fromEntries(a.frozen)).toEqual({ [A("A1")]: "calls-addin", [A("B1")]: "depends-on-addin", [A("C1")]: "depends-on-addin", [A("F1")]: "depends-on-addin" });
    expect([...a.live]).toEqual([A("E1")]);
  });

  test("cross-sheet: a formula on another sheet reading the shared sheet's add-in spill, and the shared sheet reading it back", () => {
    const bom = sheet("BOM screen", { A1: "=TRADE.CN_CONTROLLED_VALUE(B1:B9,C1:C9,D1:D9)", H1: "=SUM(Other!A1)", H2: "=Other!B1" }, { A1: [9, 1] });
    const other = sheet("Other", { A1: "=SUM('BOM screen'!A1#)", B1: "=1+1" });
    const first = analyseShare([bom], [], "BOM screen");
    expect(first.missingSheets).toEqual(["Other"]);
    const a = analyseShare([bom, other], [], "BOM screen");
    expect(a.missingSheets).toEqual([]);
    expect(a.frozen.get(A("H1"))).toBe("depends-on-addin");
    // Depends on no add-in result, but the copy has no sheet Other: a value, and the reason says so.
    expect(a.frozen.get(A("H2"))).toBe("other-sheet");
  });

  test("names over spills and names over names; a name over live cells stays and is kept", () => {
    const s = sheet("S", { A1: "=TRADE.REF(B1:B3,\"name\")", C1: "=COUNTA(Codes)", C2: "=COUNTA(Alias)", C3: "=Rate*2", D1: "=SEQUENCE(3)", D5: "=SUM(Seq)" }, { A1: [3, 1], D1: [3, 1] });
    const names: DefinedName[] = [
      { name: "Codes", formula: "=S!$A$1#" },
      { name: "Alias", scope: "S", formula: "=Codes" },
      { name: "Rate", formula: "=S!$F$1" },
      { name: "Seq", formula: "=S!$D$1#" },
      { name: "Unused", formula: "=S!$Z$1" },
    ];
    const a = analyseShare([s], names, "S");
    expect(a.frozen.get(A("C1"))).toBe("depends-on-addin");
    expect(a.frozen.get(A("C2"))).toBe("depends-on-addin");
    expect(a.live.has(A("C3")) && a.live.has(A("D1")) && a.live.has(A("D5"))).toBe(true);
    expect(a.names.map((n) => n.name).sort()).toEqual(["Rate", "Seq"]);
  });

  test("a range over spilled cells (not only A1#) depends on the anchor; a range next to it does not", () => {
    const s = sheet("S", { A1: "=TRADE.HHI(B1:B5)", A10: "=TRADE.REF(C1:C3,\"x\")", E1: "=SUM(A11:A12)", E2: "=SUM(A13:A20)", E3: "=MAX(B1:B5)" }, { A10: [3, 1] });
    const a = analyseShare([s], [], "S");
    expect(a.frozen.get(A("E1"))).toBe("depends-on-addin");
    expect(a.live.has(A("E2")) && a.live.has(A("E3"))).toBe(true);
  });

  test("errors and chains: a long chain down a column settles, an upward chain too", () => {
    const cells: Record<string, string> = { A1: "=TRADE.REF(\"XX\",\"name\")" };
    for (let r = 2; r <= 2000; r++) cells[`A${r}`] = `=IFERROR(A${r - 1},0)+1`;
    cells.B2000 = "=TRADE.HHI(C1:C3)";
    for (let r = 1; r < 2000; r++) cells[`B${r}`] = `=B${r + 1}`;
    const a = analyseShare([sheet("S", cells)], [], "S");
    expect(a.live.size).toBe(0);
    expect(a.frozen.size).toBe(4000);
  });

  test("INDIRECT is frozen (cannot be followed); a live formula reading the spill of a frozen cell is frozen too", () => {
    const s = sheet("S", { A1: '=INDIRECT("B1")', B1: "=Other!A1:A3", C1: "=SUM(B1#)", D1: "=SUM(B1:B3)" }, { B1: [3, 1] });
    const a = analyseShare([s, sheet("Other", {})], [], "S");
    expect(a.frozen.get(A("A1"))).toBe("cannot-follow");
    expect(a.frozen.get(A("B1"))).toBe("other-sheet");
    expect(a.frozen.get(A("C1"))).toBe("reads-frozen-spill");
    expect(a.live.has(A("D1"))).toBe(true);
  });
});

describe("add-in dependencies beyond TRADE: names that are functions, other add-ins, functions Excel lacks", () => {
  test("a LAMBDA name called as a function is frozen, and so is everything that reads it", () => {
    const s = sheet("S", { B2: "=MyFn(A2)", C2: "=B2*2", D2: "=SUM(C2:C3)", E2: "=A2*2" });
    const names: DefinedName[] = [{ name: "MyFn", formula: '=LAMBDA(x, TRADE.REF(x, "production_t"))' }];
    const a = analyseShare([s], names, "S");
    expect(Object.fromEntries(a.frozen)).toEqual({ [A("B2")]: "calls-name", [A("C2")]: "depends-on-addin", [A("D2")]: "depends-on-addin" });
    expect([...a.live]).toEqual([A("E2")]);
    // A LAMBDA name that calls no add-in is still a function Excel 2021 and earlier cannot run: frozen too.
    const plain = analyseShare([sheet("S", { B2: "=Double(A2)" })], [{ name: "Double", formula: "=LAMBDA(v, v*2)" }], "S");
    expect(plain.frozen.get(A("B2"))).toBe("calls-name");
  });

  test("a call into another add-in's namespace, a stored _xldudf_ call and a function Excel does not have are frozen with their readers", () => {
    const s = sheet("S", { B1: "=OTHERADDIN.PRICE(A1)", B2: "=_xldudf_CONTOSO_ADD(1,2)", B3: "=MyVbaUdf(A3)", C1: "=B1+B2+B3", C2: "=STDEV.S(A1:A3)+NETWORKDAYS.INTL(A1,A2)" });
    const a = analyseShare([s], [], "S");
    expect(Object.fromEntries(a.frozen)).toEqual({ [A("B1")]: "calls-external", [A("B2")]: "calls-external", [A("B3")]: "calls-external", [A("C1")]: "depends-on-addin" });
    expect([...a.live]).toEqual([A("C2")]);
  });

  test("a name whose formula calls another add-in taints the cells that use it; LET names are not workbook names", () => {
    const s = sheet("S", { B1: "=Price*2", B2: "=LET(x, A2, y, x*2, x+y)", B3: "=LET(Price, 3, Price*2)" });
    const a = analyseShare([s], [{ name: "Price", formula: "=OTHERADDIN.QUOTE(\"Dy\")" }], "S");
    expect(a.frozen.get(A("B1"))).toBe("depends-on-addin");
    // x and y are LET's own names: B2 reads only A2 and stays live; B3's Price is LET's, not the workbook's.
    expect(a.live.has(A("B2")) && a.live.has(A("B3"))).toBe(true);
    expect(a.names).toEqual([]);
  });

  test("names kept for live formulas carry whether they are hidden", () => {
    const s = sheet("S", { B1: "=Rate*2" });
    const a = analyseShare([s], [{ name: "Rate", formula: "=S!$A$1", visible: false }], "S");
    expect(a.names).toEqual([{ name: "Rate", formula: "=S!$A$1", visible: false }]);
  });
});

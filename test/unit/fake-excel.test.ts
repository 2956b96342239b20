/**
 * The one fake Excel (test/fake-excel.ts) keeps the Office rules the Office
 * modules' tests rely on: load + sync before a read, batches run in order and
 * stop at the first failure, *OrNullObject answers after a sync, spills.
 */
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { FakeExcel, NOT_LOADED, key } from "../fake-excel";

const run = (x: FakeExcel, body: (ctx: any) => Promise<unknown>) => x.root.run(body);

test("a property read before load() + sync() gives office-addin-mock's marker", async () => {
  const x = new FakeExcel(["S"]).set("S", 0, 0, 5);
  await run(x, async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("S").getRange("A1");
    expect(r.values).toBe(NOT_LOADED);
    r.load("values");
    expect(r.values).toBe(NOT_LOADED);
    await ctx.sync();
    expect(r.values).toEqual([[5]]);
    expect(r.address).toBe(NOT_LOADED); // only what was loaded
  });
});

test("a batch runs in call order and stops at the first failure; earlier ops stay done", async () => {
  const x = new FakeExcel(["S"]);
  x.failOps.set("values", Object.assign(new Error("boom"), { code: "GeneralException" }));
  await expect(
    run(x, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("S");
      ws.getRange("A1").formulas = [["=1+1"]];
      ws.getRange("A2").values = [[2]];
      ws.getRange("A3").formulas = [[3]];
      await ctx.sync();
    }),
  ).rejects.toThrow("boom");
  expect([x.get("S", "A1"), x.get("S", "A2"), x.get("S", "A3")]).toEqual(["=1+1", undefined, undefined]);
  expect(x.writes.map((w) => [w.op, w.address])).toEqual([["formulas", "A1"]]);
  expect(x.log.map((l) => [l.op, l.sheetId])).toEqual([["formulas", x.byName("S").id]]);
});

test("text is kept with its prefix; writing \"\" clears a cell", async () => {
  const x = new FakeExcel(["S"]).set("S", 1, 0, "old");
  await run(x, async (ctx) => {
    ctx.workbook.worksheets.getItem("S").getRange("A1:A2").formulas = [["'0280"], [""]];
    await ctx.sync();
  });
  expect([x.raw("S", "A1"), x.get("S", "A1"), x.get("S", "A2")]).toEqual(["'0280", "0280", undefined]);
});

test("used range and spills: a \"\" spill is occupied (String), hasSpill true/false/null, the anchor's parent named", async () => {
  const x = new FakeExcel(["S"]).spill("S", 0, 0, 3, 1, "=TRADE.X()", "");
  await run(x, async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("S");
    const used = ws.getUsedRangeOrNullObject(true);
    used.load("rowIndex,rowCount");
    const inside = ws.getRangeByIndexes(1, 0, 2, 1);
    const mixed = ws.getRangeByIndexes(2, 0, 2, 1);
    const outside = ws.getRangeByIndexes(0, 1, 1, 1);
    for (const r of [inside, mixed, outside]) r.load("hasSpill,valueTypes");
    const parent = ws.getRangeByIndexes(2, 0, 1, 1).getSpillParentOrNullObject();
    parent.load("address");
    await ctx.sync();
    expect([used.isNullObject, used.rowIndex, used.rowCount]).toEqual([false, 0, 3]);
    expect([inside.hasSpill, mixed.hasSpill, outside.hasSpill]).toEqual([true, null, false]);
    expect(inside.valueTypes).toEqual([["String"], ["String"]]);
    expect([parent.isNullObject, parent.address]).toEqual([false, "S!A1"]);
  });
  // Writing into the spill without its anchor is refused (Excel would show #SPILL!); over the anchor it removes the spill.
  await expect(
    run(x, async (ctx) => {
      ctx.workbook.worksheets.getItem("S").getRange("A2").values = [[1]];
      await ctx.sync();
    }),
  ).rejects.toThrow(/spill/);
  await run(x, async (ctx) => {
    ctx.workbook.worksheets.getItem("S").getRange("A1").values = [[9]];
    await ctx.sync();
  });
  expect([x.get("S", "A1"), x.get("S", "A2"), x.byName("S").spills.size]).toEqual([9, undefined, 0]);
  expect(key("B12")).toBe("11,1");
});

test("read-only mode: every write throws at the call and nothing is queued; reads still work", async () => {
  const x = new FakeExcel(["S", "T"]).set("S", 0, 0, 5);
  x.readOnly = true;
  const before = x.snapshot();
  await run(x, async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("S");
    const r = ws.getRange("A1");
    expect(() => (r.values = [[1]])).toThrow(/read-only: values/);
    expect(() => (r.formulas = [["=1"]])).toThrow(/read-only: formulas/);
    expect(() => (r.numberFormat = [["0"]])).toThrow(/read-only/);
    expect(() => (r.format.font.bold = true)).toThrow(/read-only: bold/);
    expect(() => r.format.autofitColumns()).toThrow(/read-only/);
    expect(() => r.select()).toThrow(/read-only/);
    expect(() => ws.activate()).toThrow(/read-only/);
    expect(() => ws.delete()).toThrow(/read-only/);
    expect(() => (ws.name = "X")).toThrow(/read-only/);
    expect(() => ws.copy("End")).toThrow(/read-only/);
    expect(() => ws.names.add("N", r)).toThrow(/read-only/);
    expect(() => ws.tables.add(r, true)).toThrow(/read-only/);
    expect(() => ws.charts.add("Line", r, "Auto")).toThrow(/read-only/);
    expect(() => ws.getRange("2:2").insert("Down")).toThrow(/read-only/);
    expect(() => ctx.workbook.worksheets.add("New")).toThrow(/read-only/);
    expect(() => ctx.workbook.insertWorksheetsFromBase64("BASE64:x", {})).toThrow(/read-only/);
    r.load("values");
    await ctx.sync();
    expect(r.values).toEqual([[5]]);
  });
  expect(x.snapshot()).toBe(before);
  expect([x.writes, x.log]).toEqual([[], []]);
  expect(x.sheet("S").name).toBe("S");
});

test("the workbook snapshot sees every change: cells, spills, names, looks, sheets", () => {
  const x = new FakeExcel(["S"]);
  const seen = new Set<string>([x.snapshot()]);
  const change = (f: () => void) => {
    f();
    const s = x.snapshot();
    expect(seen.has(s)).toBe(false);
    seen.add(s);
  };
  change(() => x.set("S", 0, 0, 1));
  change(() => x.cell("S", "A1", { v: 1, nf: "0.0%" }));
  change(() => x.sheet("S").spills.set(key("B1"), { rows: 2, cols: 1 }));
  change(() => x.workbookNames.push({ name: "N", formula: "=S!$A$1" }));
  change(() => x.sheet("S").names.set("m", { name: "M", formula: "=S!$A$1" }));
  change(() => x.sheet("S").colWidths.set(0, 60));
  change(() => x.sheet("S").conditional.push({ address: "A1", type: "Custom", rule: { formula: "=A1>0" } }));
  change(() => x.sheet("S").validations.set(0, { type: "List", source: "a,b" }));
  change(() => x.sheet("S").notes.push({ r: 0, c: 0, text: "n" }));
  change(() => (x.sheet("S").freezeRows = 1));
  change(() => x.addSheet("T"));
});

test("collections give their items only after load() + sync(); names carry their formulas", async () => {
  const x = new FakeExcel(["S", "T"]);
  x.workbookNames.push({ name: "Rate", formula: "=S!$B$3" });
  x.sheet("T").names.set("local", { name: "Local", formula: "=T!$A$1" });
  await run(x, async (ctx) => {
    const book = ctx.workbook.names.load("items/name,items/formula");
    const sheets = ctx.workbook.worksheets.load("items/name");
    expect(() => book.items).toThrow(/before load\(\) and sync\(\)/);
    expect(() => sheets.items).toThrow(/before load\(\) and sync\(\)/);
    await ctx.sync();
    expect(book.items).toEqual([{ name: "Rate", formula: "=S!$B$3" }]);
    expect(sheets.items.map((s: any) => s.name)).toEqual(["S", "T"]);
    const local = sheets.items[1].names.load("items/name,items/formula");
    expect(() => local.items).toThrow();
    await ctx.sync();
    expect(local.items.map((n: any) => [n.name, n.formula])).toEqual([["Local", "=T!$A$1"]]);
    const found = ctx.workbook.worksheets.getItemOrNullObject("t"); // names are case-insensitive
    const none = ctx.workbook.worksheets.getItemOrNullObject("Nope");
    found.load("name");
    await ctx.sync();
    expect([found.isNullObject, found.name]).toEqual([false, "T"]);
    expect(none.isNullObject).toBe(true);
  });
});

test("a sheet's look: number formats, column widths, validations, conditional formats, comments, frozen rows (read after load + sync)", async () => {
  const x = new FakeExcel(["S"]);
  x.cell("S", "A1", { v: 0.5, nf: "0.0%" }).cell("S", "B1", { v: "CN" });
  const s = x.sheet("S");
  s.colWidths.set(0, 60);
  s.validations.set(1, { type: "List", source: "CN,MY", prompt: "Origin" });
  s.validations.set(2, { type: "WholeNumber" });
  s.conditional.push({ address: "A1", type: "CellValue", rule: { operator: "GreaterThan", formula1: "=0.4" }, fill: { color: "#FFC7CE" } });
  s.notes.push({ r: 0, c: 1, text: "origin code" });
  s.freezeRows = 1;
  await run(x, async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("S");
    const a = ws.getRange("A1:A2");
    const b = ws.getRange("B1:B2");
    const bc = ws.getRange("B1:C2");
    const ab = ws.getRange("A1:B1");
    a.load("numberFormat");
    a.format.load("columnWidth");
    ab.format.load("columnWidth");
    b.dataValidation.load("type,rule,prompt");
    bc.dataValidation.load("type");
    expect(a.format.columnWidth).toBe(NOT_LOADED);
    expect(b.dataValidation.rule).toBe(NOT_LOADED);
    const cfs = a.conditionalFormats.load("items/type");
    const comments = ws.comments.load("items/content");
    const frozen = ws.freezePanes.getLocationOrNullObject();
    frozen.load("rowCount,rowIndex");
    await ctx.sync();
    expect(a.numberFormat).toEqual([["0.0%"], ["General"]]);
    expect(a.format.columnWidth).toBe(60);
    expect(ab.format.columnWidth).toBeNull(); // 60 and the default 48
    expect(b.dataValidation.type).toBe("List");
    expect(b.dataValidation.rule).toEqual({ list: { source: "CN,MY", inCellDropDown: true } });
    expect(b.dataValidation.prompt).toMatchObject({ message: "Origin" });
    expect(bc.dataValidation.type).toBe("Inconsistent");
    expect(frozen.isNullObject).toBe(false);
    expect([frozen.rowIndex, frozen.rowCount]).toEqual([0, 1]);
    const cf = cfs.items[0];
    expect(cf.type).toBe("CellValue");
    const range = cf.getRange();
    range.load("address");
    expect(cf.cellValue.rule).toBe(NOT_LOADED);
    cf.cellValue.load("rule");
    cf.cellValue.format.fill.load("color");
    const loc = comments.items[0].getLocation();
    loc.load("rowIndex,columnIndex");
    await ctx.sync();
    expect(range.address).toBe("S!A1");
    expect(cf.cellValue.rule).toMatchObject({ operator: "GreaterThan", formula1: "=0.4" });
    expect(cf.cellValue.format.fill.color).toBe("#FFC7CE");
    expect([comments.items[0].content, loc.rowIndex, loc.columnIndex]).toEqual(["origin code", 0, 1]);
  });
});

test("reads of cell contents are logged (to check chunking); the \"read\" failure rejects that sync; createWorkbook records its base64", async () => {
  const x = new FakeExcel(["S"]).set("S", 0, 0, 1);
  x.install();
  try {
    await run(x, async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem("S");
      ws.getRangeByIndexes(0, 0, 2, 3).load("formulas,values");
      ws.getRangeByIndexes(0, 0, 2, 3).load("address"); // not a read of cell contents
      await ctx.sync();
      expect(x.reads).toEqual([{ sheetId: x.sheet("S").id, r: 0, c: 0, h: 2, w: 3 }]);
      x.failOps.set("read", new Error("payload too large"));
      ws.getRange("A1").load("values");
      await expect(ctx.sync()).rejects.toThrow("payload too large");
    });
    await (globalThis as any).Excel.createWorkbook("UEsD");
    expect(x.created).toEqual(["UEsD"]);
  } finally {
    x.uninstall();
  }
});

test("getSelectedRange: the selection on the active sheet (the active cell when none is set); spill checks are counted", async () => {
  const x = new FakeExcel(["S", "Data"]).set("Data", 9, 0, "Malaysia");
  x.active = { sheet: "Data", row: 4, col: 2 };
  await run(x, async (ctx) => {
    const one = ctx.workbook.getSelectedRange();
    one.load("address");
    await ctx.sync();
    expect(one.address).toBe("Data!C5");
    x.selection = { row: 9, col: 0, rows: 2, cols: 1 };
    const sel = ctx.workbook.getSelectedRange();
    sel.load("rowIndex,columnIndex,rowCount,columnCount,values");
    sel.getSpillingToRangeOrNullObject();
    await ctx.sync();
    expect([sel.rowIndex, sel.columnIndex, sel.rowCount, sel.columnCount, sel.values]).toEqual([9, 0, 2, 1, [["Malaysia"], [""]]]);
  });
  expect(x.spillChecks).toBe(1);
});

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

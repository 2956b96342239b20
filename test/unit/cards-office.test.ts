/**
 * The Office side of cards against the one fake Excel (test/fake-excel.ts,
 * built on office-addin-mock): whether TRADE.CARD may
 * return data types on this host, reading the selection, and writing
 * =TRADE.CARD formulas next to it through the never-overwrite insert.
 */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum (see taskpane-insert.test.ts).
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { FakeExcel } from "../fake-excel";
import { cardsAllowed, cardsBlock, cardsTarget, dataTypesSupport, insertCardFormulas, readSelection, MAX_CONVERT_CELLS } from "../../src/office/cards";
import { resolveCells } from "../../src/core/cards";

const g = globalThis as any;
afterEach(() => {
  delete g.Excel;
  delete g.Office;
});

describe("data types in custom functions: what the host says", () => {
  const office = (sets: Record<string, string>) => ({
    context: { requirements: { isSetSupported: (name: string, v: string) => sets[name] !== undefined && Number(sets[name]) >= Number(v) } },
  });
  test("CustomFunctionsRuntime 1.4 and ExcelApi 1.16: cards", () => {
    g.Office = office({ CustomFunctionsRuntime: "1.5", ExcelApi: "1.17" });
    expect(dataTypesSupport()).toBe(true);
    expect(cardsAllowed()).toBe(true);
  });
  test("an older host (CustomFunctionsRuntime 1.3, e.g. Office 2021 perpetual): names as text", () => {
    g.Office = office({ CustomFunctionsRuntime: "1.3", ExcelApi: "1.14" });
    expect(dataTypesSupport()).toBe(false);
    expect(cardsAllowed()).toBe(false);
  });
  test("ExcelApi 1.16 without the data-types runtime: names as text", () => {
    g.Office = office({ CustomFunctionsRuntime: "1.3", ExcelApi: "1.16" });
    expect(cardsAllowed()).toBe(false);
  });
  test("Office not there or not initialised yet: unknown, so cards", () => {
    expect(dataTypesSupport()).toBeUndefined();
    g.Office = {};
    expect(dataTypesSupport()).toBeUndefined();
    g.Office = { context: { get requirements() { throw new Error("Office.context is not initialised"); } } };
    expect(dataTypesSupport()).toBeUndefined();
    expect(cardsAllowed()).toBe(true);
  });
});

/** A fake workbook whose Sheet1 has `values` selected at (row, col). */
function selectionFake(row: number, col: number, values: string[][]): FakeExcel {
  const fake = new FakeExcel(["Sheet1"]);
  values.forEach((line, i) => line.forEach((v, j) => fake.set("Sheet1", row + i, col + j, v)));
  fake.active = { sheet: "Sheet1", row, col };
  fake.selection = { row, col, rows: values.length, cols: values[0].length };
  g.Excel = fake.root;
  return fake;
}

describe("reading the selection", () => {
  test("address, position and values of the selected block", async () => {
    selectionFake(1, 0, [["Dy"], ["er"], ["China"]]);
    const r = await readSelection();
    expect(r).toEqual({
      status: "ok",
      selection: { sheet: "Sheet1", row: 1, col: 0, rows: 3, cols: 1, address: "A2:A4", values: [["Dy"], ["er"], ["China"]] },
    });
  });
  test("too many cells: refused with a message", async () => {
    const values = Array.from({ length: MAX_CONVERT_CELLS + 1 }, () => ["Dy"]);
    const fake = selectionFake(0, 0, values);
    const r = await readSelection();
    expect(r.status).toBe("error");
    expect(fake.reads).toEqual([]); // refused before the values are read
  });
  test("outside Excel: an error outcome, not an exception", async () => {
    expect((await readSelection()).status).toBe("error");
  });
});

describe("writing the formulas next to the selection, never over anything", () => {
  const sel = { sheet: "Sheet1", row: 1, col: 0, rows: 3, cols: 1, address: "A2:A4", values: [["Dy"], ["unobtainium"], ["China"]] };
  const formulas = () =>
    resolveCells(sel.values).map((line) => line.map((res) => (res.status === "resolved" ? res.formula : null)));

  test("the target is the same shape, immediately right of the selection", () => {
    expect(cardsTarget(sel)).toEqual({ sheet: "Sheet1", row: 1, col: 1 });
    expect(cardsBlock([['=TRADE.CARD("Dy")'], [null]]).cells).toEqual([[{ f: '=TRADE.CARD("Dy")' }], [null]]);
  });
  test("free cells: formulas for resolved cells, unknown cells left empty", async () => {
    const fake = new FakeExcel(["Sheet1"]);
    g.Excel = fake.root;
    fake.set("Sheet1", 1, 0, "Dy").set("Sheet1", 2, 0, "unobtainium").set("Sheet1", 3, 0, "China");
    const out = await insertCardFormulas(sel, formulas());
    expect(out.status).toBe("inserted");
    expect(fake.raw("Sheet1", "B2")).toBe('=TRADE.CARD("Dy")');
    expect(fake.raw("Sheet1", "B3") ?? "").toBe("");
    expect(fake.raw("Sheet1", "B4")).toBe('=TRADE.CARD("CN")');
    expect(fake.raw("Sheet1", "A2")).toBe("Dy"); // the source cells are untouched
  });
  test("a taken cell in the target: nothing is written, the outcome names it", async () => {
    const fake = new FakeExcel(["Sheet1"]);
    g.Excel = fake.root;
    fake.set("Sheet1", 1, 0, "Dy").set("Sheet1", 3, 1, "keep me");
    const out = await insertCardFormulas(sel, formulas());
    expect(out.status).toBe("occupied");
    if (out.status === "occupied") expect(out.occupied).toEqual(["B4"]);
    expect(fake.raw("Sheet1", "B2") ?? "").toBe("");
    expect(fake.raw("Sheet1", "B4")).toBe("keep me");
  });
});

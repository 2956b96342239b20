/**
 * Cards in a share-ready copy: a card cell (an entity value Excel reads as
 * "#VALUE!" through Range.values) becomes its display text, and its key figures
 * go to a "Cards" sheet as values with their number formats, editions and
 * sources; the About sheet says so. The Office read (valuesAsJson, only for
 * cells that read "#VALUE!") against the one fake Excel (test/fake-excel.ts, built on office-addin-mock).
 */
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { FakeExcel } from "../fake-excel";
import { buildShareBook, type SheetSnapshot } from "../../src/templates/shareBook";
import { readEntityCells, ENTITY_BATCH } from "../../src/office/cards";
import { cardFor, type EntityValue } from "../../src/core/cards";
import "../../src/core/data/instruments";
import "../../src/core/data/tariffs";

const D = 46082; // 2026-03-01
const cn = cardFor("CN", { asOf: D, asOfBlank: false });
const dy = cardFor("Dy", { asOf: D, asOfBlank: false });

/** Sheet1: A1 "Country", A2 =TRADE.CARD("CN") (a card), B2 =A2.[Mine production] (a number), A3 =TRADE.CARD("Dy"). */
function snapshot(entities: Map<string, EntityValue> | undefined): SheetSnapshot {
  return {
    name: "Sheet1",
    row0: 0,
    col0: 0,
    formulas: [["Country", ""], ['=TRADE.CARD("CN")', "=A2.[Mine production]"], ['=TRADE.CARD("Dy")', ""]],
    values: [["Country", ""], ["#VALUE!", 270000], ["#VALUE!", ""]],
    valueTypes: [["String", "Empty"], ["Error", "Double"], ["Error", "Empty"]],
    spills: new Map(),
    entities,
  };
}
const formats = { columnWidths: new Map(), conditional: [], validations: [], notes: [] };
const ctx = { when: new Date(2026, 10, 30, 14, 5), dataVersion: "2026.11.30" };

describe("the copy of a sheet with cards", () => {
  const { book, summary } = buildShareBook(snapshot(new Map([["1,0", cn], ["2,0", dy]])), [], [], formats, ctx);
  const main = book.sheets[0];
  const at = (sheet: { cells: { row: number; col: number; value: unknown }[] }, row: number, col: number) => sheet.cells.find((c) => c.row === row && c.col === col)?.value;

  test("card cells hold the card's text (one row lower: row 1 is the stamp); other add-in results their values", () => {
    expect(at(main, 2, 0)).toBe("China");
    expect(at(main, 3, 0)).toBe("Dysprosium");
    expect(at(main, 2, 1)).toBe(270000);
    expect(main.cells.some((c) => "formula" in c && /TRADE/.test(String((c as { formula?: string }).formula ?? "")))).toBe(false);
  });
  test("a Cards sheet lists the key figures as values with their formats; the About sheet and the summary say so", () => {
    const cards = book.sheets.find((s) => s.name === "Cards")!;
    expect(cards).toBeDefined();
    expect(String(at(cards, 0, 0))).toMatch(/replaced by their text/);
    const header = cards.cells.filter((c) => c.row === 2).map((c) => c.value);
    expect(header).toEqual(["Cell", "Card", "Id", "Figure", "Value", "Edition, date, status", "Sources"]);
    const prodRow = cards.cells.find((c) => c.col === 3 && c.value === "Mine production")!.row;
    const rowCells = cards.cells.filter((c) => c.row === prodRow);
    expect(rowCells.map((c) => c.value).slice(0, 5)).toEqual(["A3", "China", "CN", "Mine production", 270000]);
    expect(rowCells.find((c) => c.col === 4)!.numFmt).toBe('#,##0 "t REO"');
    expect(cards.cells.some((c) => c.value === "Atomic number")).toBe(true);
    const about = book.sheets.find((s) => s.name === "About this copy")!;
    expect(about.cells.some((c) => /2 cards .*sheet 'Cards'/.test(String(c.value)))).toBe(true);
    expect(summary.cards).toBe(2);
  });
  test("without entity values read (older Excel) nothing changes: no Cards sheet", () => {
    const plain = buildShareBook(snapshot(undefined), [], [], formats, ctx);
    expect(plain.book.sheets.map((s) => s.name)).toEqual(["Sheet1", "About this copy"]);
    expect(plain.summary.cards).toBeUndefined();
  });
});

describe("reading the entity values of a sheet", () => {
  /** Sheet1 with `cells` ("r,c" → the cell's valuesAsJson); each reads "#VALUE!" through Range.values. */
  function fake(cells: Record<string, unknown>) {
    const x = new FakeExcel(["Sheet1"]);
    for (const [k, json] of Object.entries(cells)) x.sheet("Sheet1").cells.set(k, { v: "#VALUE!", t: "Error", json });
    const read = (snap: Parameters<typeof readEntityCells>[2], supports: (v: string) => boolean) =>
      x.root.run((context: any) => readEntityCells(context, context.workbook.worksheets.getItem("Sheet1"), snap, supports)) as ReturnType<typeof readEntityCells>;
    const loads = () => x.reads.map((r) => `${r.r},${r.c}`);
    return { x, read, loads };
  }
  test("only cells that read #VALUE! are read again; entities are kept, real #VALUE! errors are not", async () => {
    const f = fake({ "1,0": cn, "2,0": { type: "Error", errorType: "Value", basicValue: "#VALUE!" } });
    f.x.set("Sheet1", 0, 0, "Country").set("Sheet1", 1, 1, 270000).set("Sheet1", 2, 1, "#N/A");
    const snap = { row0: 0, col0: 0, values: [["Country", ""], ["#VALUE!", 270000], ["#VALUE!", "#N/A"]], valueTypes: [["String", "Empty"], ["Error", "Double"], ["Error", "Error"]] };
    const got = await f.read(snap, () => true);
    expect(f.loads().sort()).toEqual(["1,0", "2,0"]);
    expect([...got.keys()]).toEqual(["1,0"]);
    expect(got.get("1,0")!.text).toBe("China");
    expect(f.x.writes).toEqual([]);
  });
  test("without ExcelApi 1.16 nothing is read", async () => {
    const f = fake({ "0,0": cn });
    const got = await f.read({ row0: 0, col0: 0, values: [["#VALUE!"]], valueTypes: [["Error"]] }, (v) => v !== "1.16");
    expect(got.size).toBe(0);
    expect(f.loads()).toEqual([]);
  });
  test(`cells are read in batches of ${ENTITY_BATCH} per sync`, async () => {
    const f = fake({});
    const n = ENTITY_BATCH * 2 + 1;
    for (let i = 0; i < n; i++) f.x.set("Sheet1", i, 0, "#VALUE!");
    const snap = { row0: 0, col0: 0, values: Array.from({ length: n }, () => ["#VALUE!"]), valueTypes: Array.from({ length: n }, () => ["Error"]) };
    await f.read(snap, () => true);
    expect(f.x.syncCount).toBe(3);
    expect(f.loads()).toHaveLength(n);
  });
});

/** Grid (BDH-style) and selection-to-formulas blocks: pure layout, checked cell by cell. */
import { gridBlock, nextToSelection, selectionFormulas } from "../../src/core/blocks";

describe("gridBlock", () => {
  const figures: Record<string, { value: number; sources: string[] }> = {
    "CN|production_t|2024": { value: 270000, sources: ["S2"] },
    "MY|production_t|2024": { value: 130, sources: ["S2", "S9"] },
  };
  const spec = {
    entities: [
      { ref: "CN", label: "China" },
      { ref: "MY", label: "Malaysia" },
    ],
    fields: [{ field: "production_t", unit: "t REO" }],
    years: [2024],
    title: "T",
    figure: (ref: string, field: string, year: number | string | undefined) => figures[`${ref}|${field}|${year}`],
    sourceLine: (id: string) => `${id}: line`,
  };
  test("formulas: title, header with unit and year, one TRADE.REF per cell, sources row and lines", () => {
    const b = gridBlock({ ...spec, mode: "formulas" });
    expect(b.cells[0][0]).toBe("T");
    expect(b.cells[1]).toEqual(["Entity", "production_t 2024 (t REO)"]);
    expect(b.cells[2]).toEqual(["CN", { f: '=TRADE.REF("CN","production_t",2024)' }]);
    expect(b.cells[3]).toEqual(["MY", { f: '=TRADE.REF("MY","production_t",2024)' }]);
    expect(b.cells[4]).toEqual(["Sources", "S2; S9"]);
    expect(b.cells.slice(5).map((r) => r[0])).toEqual(["S2: line", "S9: line"]);
    expect(b.boldRows).toEqual([0, 1]);
  });
  test("values: the figures themselves; a missing figure is a blank cell", () => {
    const b = gridBlock({ ...spec, years: [2024, 2023], mode: "values" });
    expect(b.cells[1]).toEqual(["Entity", "production_t 2024 (t REO)", "production_t 2023 (t REO)"]);
    expect(b.cells[2]).toEqual(["CN", 270000, null]);
  });
});

describe("selection to formulas", () => {
  test("a column of Malaysia, Dy, 8505.11.00.70 (A10:A12) → formulas in B10:B12 referring to each cell; blanks stay blank", () => {
    const sel = { row: 9, col: 0, rows: 4, cols: 1, values: [["Malaysia"], ["Dy"], [""], ["8505.11.00.70"]] };
    expect(nextToSelection(sel)).toEqual({ row: 9, col: 1, vertical: true });
    const b = selectionFormulas(sel, "production_t", 2024);
    expect(b.cells).toEqual([[{ f: '=TRADE.REF(A10,"production_t",2024)' }], [{ f: '=TRADE.REF(A11,"production_t",2024)' }], [null], [{ f: '=TRADE.REF(A13,"production_t",2024)' }]]);
  });
  test("a single row (C2:E2) → the row below", () => {
    const sel = { row: 1, col: 2, rows: 1, cols: 3, values: [["CN", "MY", "AU"]] };
    expect(nextToSelection(sel)).toEqual({ row: 2, col: 2, vertical: false });
    expect(selectionFormulas(sel, "reserves_t").cells).toEqual([[{ f: '=TRADE.REF(C2,"reserves_t")' }, { f: '=TRADE.REF(D2,"reserves_t")' }, { f: '=TRADE.REF(E2,"reserves_t")' }]]);
  });
});

/** office/selection.ts against the one fake Excel (test/fake-excel.ts): position, size and values of the selection; errors as messages. */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum (see taskpane-insert.test.ts).
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { readSelection, SELECTION_MAX_CELLS } from "../../src/office/selection";
import { FakeExcel } from "../fake-excel";

let fake: FakeExcel | undefined;

function install(sel: { row: number; col: number; rows: number; cols: number }): FakeExcel {
  fake = new FakeExcel(["Sheet1", "Data"]);
  fake.active = { sheet: "Data", row: sel.row, col: sel.col };
  fake.selection = sel;
  fake.install();
  return fake;
}

afterEach(() => {
  fake?.uninstall();
  fake = undefined;
});

test("reads A10:A12 on sheet Data with its values", async () => {
  const x = install({ row: 9, col: 0, rows: 3, cols: 1 });
  x.set("Data", 9, 0, "Malaysia").set("Data", 10, 0, "Dy").set("Data", 11, 0, "'8505.11.00.70");
  await expect(readSelection()).resolves.toEqual({ sheet: "Data", row: 9, col: 0, rows: 3, cols: 1, values: [["Malaysia"], ["Dy"], ["8505.11.00.70"]] });
  expect(x.writes).toEqual([]);
});

test("a selection larger than the limit is refused with a message", async () => {
  const x = install({ row: 0, col: 0, rows: SELECTION_MAX_CELLS + 1, cols: 1 });
  const r = await readSelection();
  expect(r).toEqual({ error: expect.stringMatching(/at most 5000 cells/) });
  expect(x.reads).toEqual([]); // the values were never read
});

test("outside Excel: an error message, no exception", async () => {
  await expect(readSelection()).resolves.toEqual({ error: expect.stringMatching(/preview/) });
});

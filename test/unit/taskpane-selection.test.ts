/** office/selection.ts against office-addin-mock: position, size and values of the selection; errors as messages. */
// office-addin-mock imports office-addin-manifest only for its OfficeApp enum (see taskpane-insert.test.ts).
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import { OfficeMockObject } from "office-addin-mock";
import { readSelection, SELECTION_MAX_CELLS } from "../../src/office/selection";

function install(sel: { rowIndex: number; columnIndex: number; rowCount: number; columnCount: number; values: unknown[][] }) {
  const mock = new OfficeMockObject({
    context: {
      workbook: {
        getSelectedRange: () => selRange,
        worksheets: { getActiveWorksheet: () => ws },
      },
      sync: async () => undefined,
    },
    run: async (cb: (ctx: unknown) => Promise<unknown>) => cb((mock as unknown as { context: unknown }).context),
  });
  const selRange = new OfficeMockObject(sel);
  const ws = new OfficeMockObject({ name: "Data" });
  (globalThis as { Excel?: unknown }).Excel = mock;
  // office-addin-mock needs sync to resolve loads: let the mock's own sync do it.
  const ctx = (mock as unknown as { context: { sync(): Promise<void> } }).context;
  ctx.sync = async () => {
    await (selRange as unknown as { sync(): Promise<void> }).sync();
    await (ws as unknown as { sync(): Promise<void> }).sync();
  };
}

afterEach(() => {
  delete (globalThis as { Excel?: unknown }).Excel;
});

test("reads A10:A12 on sheet Data with its values", async () => {
  install({ rowIndex: 9, columnIndex: 0, rowCount: 3, columnCount: 1, values: [["Malaysia"], ["Dy"], ["8505.11.00.70"]] });
  await expect(readSelection()).resolves.toEqual({ sheet: "Data", row: 9, col: 0, rows: 3, cols: 1, values: [["Malaysia"], ["Dy"], ["8505.11.00.70"]] });
});

test("a selection larger than the limit is refused with a message", async () => {
  install({ rowIndex: 0, columnIndex: 0, rowCount: SELECTION_MAX_CELLS + 1, columnCount: 1, values: [] });
  const r = await readSelection();
  expect(r).toEqual({ error: expect.stringMatching(/at most 5000 cells/) });
});

test("outside Excel: an error message, no exception", async () => {
  await expect(readSelection()).resolves.toEqual({ error: expect.stringMatching(/preview/) });
});

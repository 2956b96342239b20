/**
 * The one input layer, through the built bundle: the cases issue 11 names.
 * Expectations are independent of the code: dates from the calendar, statuses
 * from the instruments' own dates, rates from the tariff data's documented sums.
 */
import { isExcelError, loadBundle, ShimError } from "../harness";

const b = loadBundle();
const card = (id: string, text: string) => ({ type: "Entity", text, properties: { Id: { type: "String", basicValue: id }, Name: { type: "String", basicValue: text } } });
/** 2026-01-15 as Excel shows a date-formatted cell to a custom function that allows data types. */
const DATE_2026_01_15 = { type: "FormattedNumber", basicValue: 46037, numberFormat: "yyyy-mm-dd" };

function err(v: unknown): ShimError {
  if (!isExcelError(v)) throw new Error(`expected an Excel error, got ${JSON.stringify(v)}`);
  return v;
}

describe("Excel data types are inputs", () => {
  test("CN_CONTROLLED(<entity Dysprosium>) reads the card's id: Dy is controlled from 2025-04-04 (Ann. 18/2025)", () => {
    expect(b.call("CN_CONTROLLED", [[card("Dy", "Dysprosium")]], 46037, null)).toEqual([[true]]);
    expect(b.call("CN_CONTROLLED", [[card("Dy", "Dysprosium")]], 45658, null)).toEqual([[false]]); // 2025-01-01
    // an entity without an Id property: its text
    expect(b.call("CN_CONTROLLED", [[{ type: "Entity", text: "Dysprosium", properties: {} }]], 46037, null)).toEqual([[true]]);
  });
  test("a formatted date is a date", () => {
    const plain = b.call("TARIFF_RATE", "8505.11.00.70", "CN", 46037, null);
    expect(b.call("TARIFF_RATE", "8505.11.00.70", "CN", [[DATE_2026_01_15]], null)).toEqual(plain);
    expect(b.call("CN_CONTROLLED", "Dy", [[DATE_2026_01_15]], null)).toEqual([[true]]);
  });
  test("a formatted number is its number; an entity card for a country and an HTS line", () => {
    const plain = b.call("DUTY", 1000, "8505.11.00.70", "CN", 46037, null) as unknown[][];
    const viaTypes = b.call(
      "DUTY",
      [[{ type: "FormattedNumber", basicValue: 1000, numberFormat: "$#,##0" }]],
      [[card("8505.11.00.70", "Sintered NdFeB magnets")]],
      [[card("CN", "China")]],
      46037,
      null,
    );
    expect(viaTypes).toEqual(plain);
    expect(typeof plain[0][0]).toBe("number");
  });
  test("a real error value is still an error, with its own code", () => {
    const e = err((b.call("CN_CONTROLLED", [[{ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" }]], null, null) as unknown[][])[0][0]);
    expect(e.code).toBe("#N/A");
  });
});

describe("dates name their argument and echo what was typed", () => {
  test('as_of "2025-13-01" is not a date (tariff, China rule, controls)', () => {
    for (const [id, args] of [
      ["TARIFF_RATE", ["8505.11.00.70", "CN", "2025-13-01", null]],
      ["CN_LICENSE_REQUIRED", [0.4, 50, null, "2025-13-01", null, null]],
      ["CN_CONTROLLED", ["Dy", "2025-13-01", null]],
    ] as const) {
      const e = err((b.call(id, ...args) as unknown[][])[0][0]);
      expect([id, e.code, e.message]).toEqual([id, "#VALUE!", expect.stringMatching(/^as_of: "2025-13-01" is not a date; /)]);
    }
  });
});

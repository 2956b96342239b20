/**
 * The one input layer's shared pieces: clip, single, blankish, the date messages,
 * the one country resolver, the declarations and the broadcaster reading them.
 */
import { TradeError, capture, isTradeError } from "../../src/core/errors";
import { blankish, cellValue, clip, single } from "../../src/core/input";
import { toAsOf, toDateSerial } from "../../src/core/dates";
import { countryCode, countryLabel, toCountry } from "../../src/core/country";
import { declare, elementwise, invoke } from "../../src/core/signature";
import { hhi } from "../../src/core/concentration";
import { tariffRate } from "../../src/core/tariff";

function errorOf(fn: () => unknown): TradeError {
  const r = capture(fn);
  if (!isTradeError(r)) throw new Error(`expected a TradeError, got ${JSON.stringify(r)}`);
  return r;
}

describe("clip, single, blankish", () => {
  test("clip keeps 40 characters at most, marking the cut", () => {
    expect(clip("short")).toBe("short");
    expect(clip("x".repeat(40))).toBe("x".repeat(40));
    expect(clip("x".repeat(41))).toBe("x".repeat(37) + "...");
    expect(clip("x".repeat(41)).length).toBe(40);
  });
  test("single unwraps [[v]] and [v]; a larger range names the argument and the hint", () => {
    expect(single(5, "a")).toBe(5);
    expect(single([[5]], "a")).toBe(5);
    expect(single([5], "a")).toBe(5);
    expect(single([], "a")).toBeNull();
    expect(single([[]], "a")).toBeNull();
    const e = errorOf(() => single([[1], [2]], "hts", "use TARIFF_RATE for a column"));
    expect([e.kind, e.message]).toEqual(["VALUE", "hts: expected a single value, got a range; use TARIFF_RATE for a column"]);
  });
  test("blankish: blank cells and desktop Excel's 0", () => {
    for (const v of [null, undefined, "", "  ", 0]) expect(blankish(v)).toBe(true);
    for (const v of ["0", false, 0.5, "x"]) expect(blankish(v)).toBe(false);
  });
  test("cellValue: primitives as they are, data types through their value", () => {
    expect(cellValue("CN", "x")).toBe("CN");
    expect(cellValue(Number.NaN, "x")).toBeNaN(); // left to the converter, which refuses it
    expect(cellValue({ type: "Double", basicValue: 2 }, "x")).toBe(2);
  });
});

describe("dates: a bad date names its argument and echoes what was typed", () => {
  test.each([
    ["2025-13-01", 'as_of: "2025-13-01" is not a date; use an Excel date, ISO text "YYYY-MM-DD" or leave it blank (the calculation date)'],
    ["2025-02-30", 'as_of: "2025-02-30" is not a date; use an Excel date, ISO text "YYYY-MM-DD" or leave it blank (the calculation date)'],
    ["next week", 'as_of: "next week" is not a date; use an Excel date, ISO text "YYYY-MM-DD" or leave it blank (the calculation date)'],
  ])("%s", (typed, message) => {
    const e = errorOf(() => toAsOf(typed, () => 46000));
    expect([e.kind, e.message]).toEqual(["VALUE", message]);
  });
  test("out-of-range serials and booleans; without a blank meaning, no blank hint", () => {
    expect(errorOf(() => toDateSerial(-5, "from", () => 1)).message).toBe('from: -5 is not a date; use an Excel date (1 = 1900-01-01 to 2958465 = 9999-12-31), ISO text "YYYY-MM-DD"');
    expect(errorOf(() => toDateSerial(true, "to", () => 1)).message).toBe("to: expected a date, got TRUE");
    expect(errorOf(() => toDateSerial("31/12/2025", "to", () => 1)).message).toBe('to: "31/12/2025" is not a date; use an Excel date or ISO text "YYYY-MM-DD"');
  });
  test("blank, desktop 0 and a formatted date", () => {
    expect(toAsOf(null, () => 46000)).toEqual({ date: 46000, blank: true });
    expect(toAsOf(0, () => 46000)).toEqual({ date: 46000, blank: true });
    expect(toAsOf({ type: "FormattedNumber", basicValue: 45992, numberFormat: "d-mmm-yy" }, () => 46000)).toEqual({ date: 45992, blank: false });
  });
});

describe("one country resolver", () => {
  test("codes, names and aliases; Hong Kong is not China", () => {
    expect(countryCode("CN", "origin")).toBe("CN");
    expect(countryCode("CHN", "origin")).toBe("CN");
    expect(countryCode("People's Republic of China", "origin")).toBe("CN");
    expect(countryCode("Hong Kong", "origin")).toBe("HK");
    expect(countryLabel("MY")).toBe("Malaysia (MY)");
  });
  test("entity cards and data types", () => {
    expect(toCountry({ type: "Entity", text: "Malaysia", properties: { Id: { type: "String", basicValue: "MY" } } }, "country").iso2).toBe("MY");
    expect(toCountry({ type: "String", basicValue: "Japan" }, "origin").iso2).toBe("JP");
  });
  test("errors name the argument: blank and numbers #VALUE!, unknown #N/A, prototype names unknown", () => {
    expect(errorOf(() => toCountry(null, "origin")).message).toBe('origin is blank; give a country such as "CN" or "China"');
    expect(errorOf(() => toCountry(5, "origin")).message).toBe('origin: expected a country code or name such as "CN" or "Malaysia", got 5');
    for (const t of ["Atlantis", "constructor", "__proto__"]) {
      const e = errorOf(() => toCountry(t, "origin"));
      expect([e.kind, e.message]).toEqual(["NA", `origin: "${t}" is not a known country; use an ISO code ("CN", "MYS") or a name ("China", "Malaysia")`]);
    }
    expect(errorOf(() => toCountry("#N/A", "origin")).kind).toBe("NA");
  });
});

describe("declarations", () => {
  test("invoke passes one argument per parameter, omitted → null", () => {
    const seen: unknown[][] = [];
    const d = declare("T", "scalar", [{ name: "a", type: "number" }, { name: "b", type: "text", optional: true }], (...args: unknown[]) => {
      seen.push(args);
      return 1;
    });
    invoke(d, [5]);
    invoke(d, [5, undefined]);
    invoke(d, [5, "x", "extra"]);
    expect(seen).toEqual([[5, null], [5, null], [5, "x"]]);
  });
  test("elementwise broadcasts with the blank-row rule from the declaration", () => {
    const d = elementwise(
      "T",
      [
        { name: "a", type: "number", required: true },
        { name: "b", type: "number", required: true, zeroIsBlank: true },
      ],
      (v) => (v[0] as number) / (v[1] as number),
    );
    expect(invoke(d, [[[1], [null], [0]], [[2], [null], [0]]])).toEqual([[0.5], [""], [""]]);
    expect(invoke(d, [[[1, 2]], [[4], [8]]])).toEqual([
      [0.25, 0.5],
      [0.125, 0.25],
    ]);
    expect(errorOf(() => invoke(d, [[[1], [2]], [[1], [2], [3]]])).message).toMatch(/^a \(2×1\) and b \(3×1\) have different numbers of rows/);
  });
});

describe("ranges read in one pass", () => {
  test("HHI over Excel's 2-D array: blanks skipped, numeric text and data types read, a ragged range refused", () => {
    expect(hhi([[40], [null], ["30"], [{ type: "Double", basicValue: 20 }], [10]], "percent")).toBe(3000);
    expect(hhi([[0.5, 0.5]])).toBe(5000);
    expect(hhi([[null], [""]])).toBe("");
    expect(errorOf(() => hhi([[1], [2, 3]])).message).toBe("shares_or_values: the range is not rectangular (row 2)");
    expect(errorOf(() => hhi([[1], [-2]])).message).toBe("shares_or_values: cell 2 is negative (-2)");
    expect(errorOf(() => hhi([[1], [true]])).message).toBe("shares_or_values: cell 2 is TRUE, not a number");
  });
});

describe("a malformed overrides table", () => {
  test("errs in every non-blank element of the broadcast result; blank rows stay blank", () => {
    const out = tariffRate([["8505.11.00.70"], [null], ["2846.90.20"]], [["CN"], [null], ["MY"]], 46037, [["*", "*", "Section 301", 0.25, "2026-13-01", null]]);
    expect(out.length).toBe(3);
    expect((out[0][0] as TradeError).message).toMatch(/^overrides row 1, column 5 \(from\): "2026-13-01" is not a date/);
    expect(out[1][0]).toBe("");
    expect(out[2][0]).toEqual(out[0][0]);
  });
});

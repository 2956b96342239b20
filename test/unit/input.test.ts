import fc from "fast-check";
import { TradeError, capture, isTradeError, listOptions } from "../../src/core/errors";
import {
  excelErrorKind,
  isBlank,
  isBlankOrZero,
  isOmitted,
  normalise,
  parseNumberText,
  toBoolean,
  toNumber,
  toOption,
  toText,
} from "../../src/core/input";
import { asMatrix, broadcastShape, flatten, mapElements } from "../../src/core/broadcast";
import { isoFromSerial, serialFromIso, serialFromYmd, toDateSerial, ymdFromSerial } from "../../src/core/dates";
import { compareRatio, headroom, parseDecimal, ratioAtLeast, ratioExceeds, threshold } from "../../src/core/decimal";

function kindOf(fn: () => unknown): string | undefined {
  const r = capture(fn);
  return isTradeError(r) ? r.kind : undefined;
}

describe("normalise", () => {
  test("blanks", () => {
    for (const b of [null, undefined, "", "   ", "\t"]) expect(normalise(b)).toBeNull();
    expect(isBlank(null)).toBe(true);
    expect(isBlank(" ")).toBe(true);
    expect(isBlank(0)).toBe(false);
  });
  test("numbers, text, booleans pass; text is trimmed", () => {
    expect(normalise(3.5)).toBe(3.5);
    expect(normalise(" CN ")).toBe("CN");
    expect(normalise(true)).toBe(true);
  });
  test("NaN and Infinity are refused", () => {
    expect(kindOf(() => normalise(NaN, "x"))).toBe("VALUE");
    expect(kindOf(() => normalise(Infinity, "x"))).toBe("VALUE");
  });
  test("Excel error inputs propagate with their own code", () => {
    expect(kindOf(() => normalise("#N/A", "x"))).toBe("NA");
    expect(kindOf(() => normalise({ code: "#DIV/0!" }, "x"))).toBe("DIV0");
    expect(kindOf(() => normalise({ type: "Error", basicValue: "#NUM!", errorType: "Num" }, "x"))).toBe("NUM");
    expect(kindOf(() => normalise({ code: "invalidValue" }, "x"))).toBe("VALUE");
    expect(excelErrorKind("#hashtag")).toBeNull();
    expect(normalise("#hashtag")).toBe("#hashtag");
  });
  test("other objects and nested arrays are #VALUE!", () => {
    expect(kindOf(() => normalise({ a: 1 }, "x"))).toBe("VALUE");
    expect(kindOf(() => normalise([[1]], "x"))).toBe("VALUE");
  });
});

describe("numbers", () => {
  test("numeric and percent text", () => {
    expect(parseNumberText("12.5")).toBe(12.5);
    expect(parseNumberText("-3e2")).toBe(-300);
    expect(parseNumberText(" 7 ")).toBe(7);
    expect(parseNumberText(".5")).toBe(0.5);
    expect(parseNumberText("0.1%")).toBe(0.001);
    expect(parseNumberText("25 %")).toBe(0.25);
    expect(parseNumberText("1,234")).toBeNull();
    expect(parseNumberText("1.2.3")).toBeNull();
    expect(parseNumberText("abc")).toBeNull();
    expect(parseNumberText("%")).toBeNull();
  });
  test("0.1% is exactly the double nearest 0.001 (no 0.1/100 rounding)", () => {
    expect(toNumber("0.1%", "t")).toBe(0.001);
    expect(toNumber("7%", "t")).toBe(0.07); // 7/100 in binary is 0.07000000000000001
  });
  test("errors name the argument", () => {
    const e = capture(() => toNumber("abc", "product_value")) as TradeError;
    expect(e.kind).toBe("VALUE");
    expect(e.message).toContain("product_value");
    expect(e.message).toContain("abc");
    expect(kindOf(() => toNumber(true, "v"))).toBe("VALUE");
    expect(kindOf(() => toNumber(null, "v"))).toBe("VALUE");
    expect(toNumber(null, "v", { blank: 0 })).toBe(0);
    expect(kindOf(() => toNumber(-1, "v", { nonNegative: true }))).toBe("NUM");
    expect(toNumber("5", "v")).toBe(5);
  });
  test("text, booleans and options", () => {
    expect(toText(8505110070, "hts")).toBe("8505110070");
    expect(kindOf(() => toText(null, "hts"))).toBe("VALUE");
    expect(toText(null, "hts", { blank: "" })).toBe("");
    expect(kindOf(() => toText("#N/A", "hts"))).toBe("NA");
    expect(toBoolean("yes", "b")).toBe(true);
    expect(toBoolean(0, "b")).toBe(false);
    expect(kindOf(() => toBoolean("maybe", "b"))).toBe("VALUE");
    const regimes = ["as_written", "in_force", "suspended"] as const;
    expect(toOption("In-Force", "regime", regimes)).toBe("in_force");
    expect(toOption(null, "regime", regimes, "as_written")).toBe("as_written");
    expect(toOption(0, "regime", regimes, "as_written")).toBe("as_written");
    const e = capture(() => toOption("worst", "regime", regimes, "as_written")) as TradeError;
    expect(e.kind).toBe("VALUE");
    expect(e.message).toContain('use "as_written", "in_force" or "suspended" (default "as_written")');
    expect(listOptions(["a", "b", "c"])).toBe('"a", "b" or "c"');
  });
});

describe("dates (1900 system)", () => {
  test("known serials from Excel", () => {
    expect(serialFromYmd(1900, 1, 1)).toBe(1);
    expect(serialFromYmd(1900, 2, 28)).toBe(59);
    expect(serialFromYmd(1900, 2, 29)).toBe(60); // Excel's fictitious leap day
    expect(serialFromYmd(1900, 3, 1)).toBe(61);
    expect(serialFromYmd(1970, 1, 1)).toBe(25569);
    expect(serialFromYmd(2025, 4, 4)).toBe(45751);
    expect(serialFromYmd(2026, 11, 10)).toBe(46336);
    expect(serialFromYmd(9999, 12, 31)).toBe(2958465);
  });
  test("round trip including the fictitious day", () => {
    expect(ymdFromSerial(60)).toEqual([1900, 2, 29]);
    expect(ymdFromSerial(59)).toEqual([1900, 2, 28]);
    expect(ymdFromSerial(61)).toEqual([1900, 3, 1]);
    expect(isoFromSerial(45751)).toBe("2025-04-04");
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2958465 }), (s) => {
        const [y, m, d] = ymdFromSerial(s);
        return serialFromYmd(y, m, d) === s;
      }),
    );
  });
  test("ISO text and invalid dates", () => {
    expect(serialFromIso("2025-10-09")).toBe(45939);
    expect(serialFromIso("2025-10-09T13:00:00Z")).toBe(45939);
    expect(serialFromIso("09/10/2025")).toBeNull();
    expect(kindOf(() => serialFromIso("2025-02-29"))).toBe("VALUE");
    expect(kindOf(() => serialFromYmd(2025, 13, 1))).toBe("VALUE");
  });
  test("as_of arguments", () => {
    const today = () => 46356;
    expect(toDateSerial(null, "as_of", today)).toBe(46356);
    expect(toDateSerial(0, "as_of", today)).toBe(46356); // desktop's empty cell
    expect(toDateSerial(45939.75, "as_of", today)).toBe(45939); // time of day dropped
    expect(toDateSerial("2025-10-09", "as_of", today)).toBe(45939);
    expect(kindOf(() => toDateSerial("next week", "as_of", today))).toBe("VALUE");
    expect(kindOf(() => toDateSerial(-5, "as_of", today))).toBe("VALUE");
    expect(kindOf(() => toDateSerial(true, "as_of", today))).toBe("VALUE");
  });
});

describe("broadcasting", () => {
  const shape = (...ms: unknown[]) => broadcastShape(ms.map((m, i) => asMatrix(m, `a${i}`)), ms.map((_, i) => `a${i}`));
  test("Excel's rules", () => {
    expect(shape(1, 2)).toEqual([1, 1]);
    expect(shape([[1], [2], [3]], 5)).toEqual([3, 1]);
    expect(shape([[1, 2, 3]], [[1], [2]])).toEqual([2, 3]); // row × column
    expect(shape([[1, 2], [3, 4]], [[1, 2]])).toEqual([2, 2]);
    expect(shape([[1, 2], [3, 4]], [[1], [2]])).toEqual([2, 2]);
  });
  test("incompatible shapes are #VALUE! naming both arguments", () => {
    const e = capture(() => shape([[1], [2], [3]], [[1], [2]])) as TradeError;
    expect(e.kind).toBe("VALUE");
    expect(e.message).toMatch(/a0 \(3×1\) and a1 \(2×1\)/);
    expect(kindOf(() => asMatrix([[1, 2], [3]], "x"))).toBe("VALUE");
  });
  test("1-D and empty arrays", () => {
    expect(asMatrix([1, 2], "x")).toEqual([[1, 2]]);
    expect(asMatrix([], "x")).toEqual([[null]]);
    expect(flatten([[1, 2], [3, 4]], "x")).toEqual([1, 2, 3, 4]);
  });
  const specs = [
    { name: "cn_value", required: true },
    { name: "product_value", required: true, zeroIsBlank: true },
  ];
  const ratio = (v: unknown[]) => toNumber(v[0], "cn_value") / toNumber(v[1], "product_value");
  test("blank-row rule, desktop zeros, per-element errors", () => {
    const out = mapElements([[[1], [null], [0], [0], ["x"], [2]], [[4], [null], [0], [null], [1], [0]]], specs, ratio);
    expect(out[0][0]).toBe(0.25);
    expect(out[1][0]).toBe(""); // web blank row
    expect(out[2][0]).toBe(""); // desktop blank row (0, 0)
    expect(out[3][0]).toBe(""); // (0, blank)
    expect(isTradeError(out[4][0]) && (out[4][0] as TradeError).kind).toBe("VALUE");
    expect(out[5][0]).toBe(Infinity); // fn's own business: the facade maps non-finite to #NUM!
  });
  test("partially blank element is an error, not blank", () => {
    const out = mapElements([[[5]], [[null]]], specs, ratio);
    expect(isTradeError(out[0][0])).toBe(true);
    expect((out[0][0] as TradeError).message).toContain("product_value is blank");
  });
  test("a zero that is meaningful is not blank", () => {
    const out = mapElements([[[0]], [[100]]], specs, ratio);
    expect(out[0][0]).toBe(0);
  });
  test("property: never throws, shape is the broadcast shape, no NaN escapes as a number", () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.constant(""),
      fc.double(),
      fc.integer(),
      fc.string(),
      fc.boolean(),
      fc.constant({ code: "#N/A" }),
      fc.constant(undefined),
    );
    const mat = (r: number, c: number) => fc.array(fc.array(cell, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.context(),
        (r, c, aRow, aCol, bRow, bCol, ctx) => {
          const a = fc.sample(mat(aRow ? 1 : r, aCol ? 1 : c), 1)[0];
          const b = fc.sample(mat(bRow ? 1 : r, bCol ? 1 : c), 1)[0];
          ctx.log(JSON.stringify([a, b]));
          const out = mapElements([a, b], specs, (v) => {
            const x = ratio(v);
            if (!Number.isFinite(x)) throw new TradeError("DIV0", "x");
            return x;
          });
          const R = aRow && bRow ? 1 : r;
          const C = aCol && bCol ? 1 : c;
          expect(out.length).toBe(R);
          for (const row of out) {
            expect(row.length).toBe(C);
            for (const v of row) {
              if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
              else expect(v === "" || isTradeError(v)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  test("property: no input to the converters throws anything but a TradeError", () => {
    fc.assert(
      fc.property(fc.anything(), (x) => {
        for (const f of [
          () => normalise(x, "a"),
          () => toNumber(x, "a"),
          () => toText(x, "a"),
          () => toBoolean(x, "a"),
          () => toDateSerial(x, "a", () => 45000),
          () => toOption(x, "a", ["p", "q"] as const, "p"),
        ]) {
          try {
            const v = f();
            if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(TradeError);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("decimal-exact thresholds", () => {
  const t = threshold("0.001");
  test("exactly 0.1% in decimal meets it, whatever binary floating point does", () => {
    // 0.1/100 = 0.0009999999999999998? check both directions of binary error
    expect(ratioAtLeast(0.1, 100, t)).toBe(true);
    expect(ratioAtLeast(0.3, 300, t)).toBe(true);
    expect(ratioAtLeast(0.7, 700, t)).toBe(true);
    expect(ratioAtLeast(1.1, 1100, t)).toBe(true);
    expect(ratioAtLeast(0.07, 70, t)).toBe(true);
    expect(compareRatio(0.3, 300, t)).toBe(0);
    expect(ratioExceeds(0.3, 300, t)).toBe(false); // "exceeds" is strict
  });
  test("just below and just above", () => {
    expect(ratioAtLeast(0.0999999, 100, t)).toBe(false);
    expect(ratioAtLeast(0.1000001, 100, t)).toBe(true);
    expect(ratioAtLeast(99.999, 100000, t)).toBe(false);
    expect(ratioAtLeast(100, 100000, t)).toBe(true);
  });
  test("property: agrees with exact rational arithmetic on integer cents", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 1_000_000_000 }), (numCents, denCents) => {
        const num = numCents / 100;
        const den = denCents / 100;
        // truth: num/den >= 1/1000  <=>  1000 * numCents >= denCents
        expect(ratioAtLeast(num, den, t)).toBe(1000 * numCents >= denCents);
      }),
      { numRuns: 5000 },
    );
  });
  test("headroom is exactly 0 at the threshold and has the right sign", () => {
    expect(headroom(0.3, 300, t)).toBe(0);
    expect(headroom(0.1, 100, t)).toBe(0);
    expect(headroom(0.05, 100, t)).toBeCloseTo(0.05, 12);
    expect(headroom(0.2, 100, t)).toBeCloseTo(-0.1, 12);
  });
  test("parseDecimal", () => {
    expect(parseDecimal("1e-7")).toEqual({ m: BigInt(1), e: -7 });
    expect(parseDecimal("-12.50")).toEqual({ m: BigInt(-1250), e: -2 });
  });
});

describe("desktop Excel's 0 for an empty cell (arguments where 0 is never meaningful)", () => {
  test("isBlankOrZero and isOmitted", () => {
    for (const v of [null, undefined, "", " ", 0]) expect(isBlankOrZero(v)).toBe(true);
    for (const v of ["0", 1, false, "CN"]) expect(isBlankOrZero(v)).toBe(false);
    for (const v of [null, undefined, 0, "", [[0]], [[null]], [[" "]], [0], [], [[]]]) expect(isOmitted(v)).toBe(true);
    for (const v of ["CN", [["CN"]], [[0], [0]], [[0, 0]], [[1]], "0"]) expect(isOmitted(v)).toBe(false);
  });
  test("toText with zeroIsBlank", () => {
    expect(toText(0, "country")).toBe("0");
    expect(kindOf(() => toText(0, "country", { zeroIsBlank: true }))).toBe("VALUE");
    expect((capture(() => toText(0, "country", { zeroIsBlank: true })) as TradeError).message).toContain("country is blank");
    expect(toText(0, "country", { zeroIsBlank: true, blank: "x" })).toBe("x");
    expect(toText("0", "country", { zeroIsBlank: true })).toBe("0"); // typed text is kept
  });
});

describe("data types and entities are inputs (Excel JavaScript API cell-value objects)", () => {
  const card = (id: string, text: string) => ({ type: "Entity", text, properties: { Id: { type: "String", basicValue: id } } });
  test("formatted numbers, doubles, strings and booleans through basicValue", () => {
    expect(normalise({ type: "FormattedNumber", basicValue: 45992, numberFormat: "yyyy-mm-dd" }, "as_of")).toBe(45992);
    expect(normalise({ type: "Double", basicValue: 0.25, numberFormat: "0%" })).toBe(0.25);
    expect(normalise({ type: "String", basicValue: " CN " })).toBe("CN");
    expect(normalise({ type: "Boolean", basicValue: true })).toBe(true);
    expect(normalise({ type: "Empty", basicValue: "" })).toBeNull();
    expect(toNumber({ type: "FormattedNumber", basicValue: 12.5, numberFormat: "$0.00" }, "value")).toBe(12.5);
    expect(toDateSerial({ type: "FormattedNumber", basicValue: 45992.5, numberFormat: "yyyy-mm-dd" }, "as_of", () => 1)).toBe(45992);
  });
  test("an entity through its Id property, else its text", () => {
    expect(normalise(card("Dy", "Dysprosium"), "element")).toBe("Dy");
    expect(normalise({ type: "Entity", text: "Dysprosium", properties: {} }, "element")).toBe("Dysprosium");
    expect(normalise({ type: "Entity", text: "Malaysia" }, "country")).toBe("Malaysia");
    expect(toText(card("8505.11.00.70", "Sintered NdFeB magnets"), "hts")).toBe("8505.11.00.70");
  });
  test("only real errors are errors", () => {
    expect(kindOf(() => normalise({ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" }, "x"))).toBe("NA");
    expect(kindOf(() => normalise({ type: "Error", errorType: "Div0" }, "x"))).toBe("DIV0");
    expect(kindOf(() => normalise({ type: "Error", errorType: "Spill", basicValue: "#SPILL!" }, "x"))).toBe("VALUE");
    expect(kindOf(() => normalise({ code: "#NUM!", type: "CustomFunctions.Error" }, "x"))).toBe("NUM");
    const e = capture(() => normalise({ type: "WebImage", address: "https://example.org/x.png" }, "element")) as TradeError;
    expect(e.message).toBe("element: expected a single value, got a WebImage data type");
  });
  test("lookups never reach the object prototype", () => {
    expect(excelErrorKind("#constructor")).toBeNull();
    expect(excelErrorKind({ code: "constructor" })).toBeNull();
    expect(excelErrorKind({ code: "toString" })).toBeNull();
  });
});

import fc from "fast-check";
import { hhi, hhiFromNumbers } from "../../src/core/concentration";
import { capture, isTradeError, TradeError } from "../../src/core/errors";

const col = (...xs: unknown[]) => xs.map((x) => [x]);

describe("HHI", () => {
  test("textbook cases", () => {
    expect(hhi(col(40, 30, 20, 10))).toBe(3000); // 1600+900+400+100
    expect(hhi(col(0.4, 0.3, 0.2, 0.1))).toBeCloseTo(3000, 9);
    expect(hhi(col(100))).toBe(10000); // monopoly
    expect(hhi(col(1))).toBe(10000);
    expect(hhi(col(25, 25, 25, 25))).toBe(2500);
    expect(hhi(col(600000, 300000, 100000))).toBeCloseTo(4600, 9); // tonnes → 60/30/10 %
  });
  test("percent text and mixed blanks", () => {
    expect(hhi(col("40%", null, "30%", "", "20%", "10%"))).toBeCloseTo(3000, 9);
  });
  test("incomplete lists: fractions as given, percents with basis", () => {
    expect(hhi(col(0.6, 0.2))).toBeCloseTo(4000, 9);
    expect(hhi(col(60, 20), "percent")).toBe(4000);
    expect(hhi(col(60, 20))).toBeCloseTo(6250, 9); // auto: values → 75/25
  });
  test("all blank gives empty; negatives #NUM!; text #VALUE!", () => {
    expect(hhi(col(null, "", null))).toBe("");
    expect((capture(() => hhi(col(10, -5))) as TradeError).kind).toBe("NUM");
    expect((capture(() => hhi(col(10, "abc"))) as TradeError).kind).toBe("VALUE");
    expect((capture(() => hhi(col(10, true))) as TradeError).kind).toBe("VALUE");
    expect((capture(() => hhi(col(0.7, 0.6), "fraction")) as TradeError).kind).toBe("NUM");
    expect((capture(() => hhi(col(70, 60), "percent")) as TradeError).kind).toBe("NUM");
    expect((capture(() => hhi(col(1), "bogus")) as TradeError).kind).toBe("VALUE");
    expect(hhi(col(0, 0))).toBe(0);
  });
  test("properties: bounded by 10000/n and 10000; invariant under scaling raw values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0.5, max: 1000, noNaN: true }), (xs, k) => {
        const h = hhiFromNumbers(xs, "values");
        expect(h).toBeLessThanOrEqual(10000 + 1e-6);
        expect(h).toBeGreaterThanOrEqual(10000 / xs.length - 1e-6);
        expect(hhiFromNumbers(xs.map((x) => x * k), "values")).toBeCloseTo(h, 6);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.anything(), { maxLength: 10 }), (xs) => {
        const r = capture(() => hhi(xs.map((x) => [x])));
        expect(r === "" || typeof r === "number" || isTradeError(r)).toBe(true);
        if (typeof r === "number") expect(Number.isFinite(r)).toBe(true);
      }),
    );
  });
});

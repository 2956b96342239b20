/**
 * Swiss formula and merger-guideline HHI bands: hand calculations and textbook cases.
 */
import fc from "fast-check";
import { mapElements } from "../../src/core/broadcast";
import { capture, isTradeError, TradeError } from "../../src/core/errors";
import { hhi } from "../../src/core/concentration";
import { hhiBand, hhiClassElement, hhiClassExplainElement } from "../../src/core/models/hhiClass";
import { swiss, swissElement } from "../../src/core/models/swiss";

const kind = (f: () => unknown) => {
  const r = capture(f);
  return isTradeError(r) ? (r as TradeError).kind : "ok";
};

describe("Swiss formula r1 = a·r0/(a + r0), a = 16 percentage points by default", () => {
  test("rates as fractions (default): result as a fraction", () => {
    // 10%: 16·10/(16+10) = 160/26 = 6.153846% → 0.06153846
    expect(swissElement(0.1, null, null)).toBeCloseTo(0.0615384615, 10);
    expect(swissElement("10%", null, null)).toBeCloseTo(0.0615384615, 10);
    // 25%: 16·25/41 = 400/41 = 9.756098%
    expect(swissElement(0.25, null, "fraction")).toBeCloseTo(0.0975609756, 10);
    // 100%: 1600/116 = 13.793103%
    expect(swissElement(1, 16, null)).toBeCloseTo(0.1379310345, 10);
    expect(swissElement(0, null, null)).toBe(0);
  });
  test("rates in percentage points with units \"percent\"", () => {
    expect(swissElement(10, null, "percent")).toBeCloseTo(6.1538461538, 9);
    expect(swissElement(25, 16, "percent")).toBeCloseTo(9.7560975610, 9);
    expect(swissElement(16, 16, "percent")).toBe(8); // a = r0 halves the rate: 256/32
    expect(swissElement(8, 8, "percent")).toBe(4);
    // a = 8: 40% → 320/48 = 6.6667%
    expect(swissElement(40, 8, "percent")).toBeCloseTo(6.6666666667, 9);
    // "16%" for a means 16 points
    expect(swissElement(10, "16%", "percent")).toBeCloseTo(6.1538461538, 9);
  });
  test("errors", () => {
    expect(kind(() => swissElement(-0.1, null, null))).toBe("NUM");
    expect(kind(() => swissElement(0.1, "0", null))).toBe("NUM"); // typed text 0: an impossible coefficient
    expect(kind(() => swissElement(0.1, -5, null))).toBe("NUM");
    expect(kind(() => swissElement("abc", null, null))).toBe("VALUE");
    expect(kind(() => swissElement(0.1, null, "points"))).toBe("VALUE");
    expect(kind(() => swissElement(true, null, null))).toBe("VALUE");
  });
  test("a = 0 (desktop Excel's empty cell) means the default 16", () => {
    // 10%: 16·10/(16+10) = 160/26 = 6.153846% → 0.06153846
    expect(swissElement(0.1, 0, null)).toBeCloseTo(0.0615384615, 10);
    // percent units: 25 → 16·25/41 = 400/41 = 9.7560976
    expect(swissElement(25, 0, "percent")).toBeCloseTo(9.756097561, 9);
  });
  test("broadcasts over a column, with blanks", () => {
    const out = mapElements([[[0.1], [null], [0.25]], null, null], [{ name: "rate", required: true }, { name: "a" }, { name: "units" }], (v) =>
      swissElement(v[0], v[1], v[2]),
    );
    expect(out[1][0]).toBe("");
    expect(out[2][0]).toBeCloseTo(0.0975609756, 10);
  });
  test("properties: below both r0 and a, increasing in r0, units agree", () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1000, noNaN: true }), fc.double({ min: 1e-6, max: 1000, noNaN: true }), fc.double({ min: 1.001, max: 5, noNaN: true }), (r0, a, k) => {
        const r1 = swiss(r0, a);
        expect(r1).toBeLessThan(r0);
        expect(r1).toBeLessThan(a);
        expect(swiss(r0 * k, a)).toBeGreaterThan(r1);
        const frac = swissElement(r0 / 100, a, "fraction") * 100;
        expect(Math.abs(frac - swissElement(r0, a, "percent"))).toBeLessThanOrEqual(1e-9 * Math.max(1, r1));
      }),
    );
  });
});

describe("HHI_CLASS", () => {
  test("textbook cases under each guideline set", () => {
    // 40/30/20/10 → 3000 (HHI); highly concentrated everywhere.
    const h3000 = hhi([[40], [30], [20], [10]]) as number;
    expect(hhiBand(h3000, "2023")).toBe("highly concentrated");
    expect(hhiBand(h3000, "2010")).toBe("highly concentrated");
    expect(hhiBand(h3000, "1992")).toBe("highly concentrated");
    // Nine firms 25/20/15/10/8/7/6/5/4 → 1540; two smallest merge → 1580; two largest → 2540.
    const h1540 = hhi([[25], [20], [15], [10], [8], [7], [6], [5], [4]]) as number;
    expect(h1540).toBe(1540);
    expect(hhiBand(h1540, "2023")).toBe("not highly concentrated");
    expect(hhiBand(h1540, "2010")).toBe("moderately concentrated");
    expect(hhiBand(h1540, "1992")).toBe("moderately concentrated");
    expect(hhiBand(hhi([[25], [20], [15], [10], [9], [8], [7], [6]]) as number, "1992")).toBe("moderately concentrated"); // 1580
    const h2540 = hhi([[45], [15], [10], [8], [7], [6], [5], [4]]) as number;
    expect(h2540).toBe(2540);
    expect(hhiBand(h2540, "2010")).toBe("highly concentrated");
    expect(hhiBand(h2540, "1992")).toBe("highly concentrated");
    // Ten equal firms → 1000: unconcentrated under 2010, moderately (boundary included) under 1992.
    expect(hhiBand(1000, "2010")).toBe("unconcentrated");
    expect(hhiBand(1000, "1992")).toBe("moderately concentrated");
    expect(hhiBand(999, "1992")).toBe("unconcentrated");
  });
  test("boundaries: 'above' is strict, 'between' includes both ends", () => {
    expect(hhiBand(1800, "2023")).toBe("not highly concentrated");
    expect(hhiBand(1800.01, "2023")).toBe("highly concentrated");
    expect(hhiBand(1800, "1992")).toBe("moderately concentrated");
    expect(hhiBand(1500, "2010")).toBe("moderately concentrated");
    expect(hhiBand(1499.99, "2010")).toBe("unconcentrated");
    expect(hhiBand(2500, "2010")).toBe("moderately concentrated"); // 4 × 25%
    expect(hhiBand(2500, "2023")).toBe("highly concentrated");
    // float noise from shares: 0.3² + … computed in binary must not cross 1,800
    expect(hhiBand(1800.0000000000002, "2023")).toBe("not highly concentrated");
    expect(hhiBand(1499.9999999999998, "2010")).toBe("moderately concentrated");
  });
  test("options, defaults and errors", () => {
    expect(hhiClassElement(2000, null)).toBe("highly concentrated");
    expect(hhiClassElement(2000, 2010)).toBe("moderately concentrated");
    expect(hhiClassElement("2000", "1997")).toBe("highly concentrated");
    expect(kind(() => hhiClassElement(-1, null))).toBe("NUM");
    expect(kind(() => hhiClassElement(10001, null))).toBe("NUM");
    expect(kind(() => hhiClassElement("abc", null))).toBe("VALUE");
    expect(kind(() => hhiClassElement(1000, "2001"))).toBe("VALUE");
    expect(hhiClassElement(10000, null)).toBe("highly concentrated");
    expect(hhiClassElement(0, "2010")).toBe("unconcentrated");
  });
  test("explain gives the band, the number and the citation", () => {
    const t = hhiClassExplainElement(2540, "2010");
    expect(t).toMatch(/HHI 2,540 is highly concentrated/);
    expect(t).toMatch(/above 2,500/);
    expect(t).toMatch(/2010\) §5\.3/);
    expect(hhiClassExplainElement(1540, null)).toMatch(/not highly concentrated.*Guideline 1/);
    expect(hhiClassExplainElement(1800, "1992")).toMatch(/from 1,000 to 1,800, both included/);
  });
});

/**
 * Properties of the 0.1% rule functions (fast-check).
 */
import fc from "fast-check";
import { cnHeadroom, cnLicenseRequired, cnLicenseExplain, cnControlledValue } from "../../src/core/china";
import { TradeError, capture } from "../../src/core/errors";
import { serialFromIso } from "../../src/core/dates";

const today = () => serialFromIso("2026-11-30")!;
const AT = "2026-03-01";
const req = (cn: unknown, pv: unknown, type: unknown = "magnet", regime: unknown = "in_force") =>
  cnLicenseRequired(cn, pv, type, AT, regime, null, today)[0][0];

/** A decimal with up to `places` decimals, as the double the user would type. */
const decimal = (maxInt: number, places: number) =>
  fc.integer({ min: 0, max: maxInt * 10 ** places }).map((k) => Number((k / 10 ** places).toFixed(places)));

describe("properties", () => {
  test("CN_LICENSE_REQUIRED is monotone in cn_value", () => {
    fc.assert(
      fc.property(
        decimal(1000, 4),
        decimal(1000, 4),
        decimal(1_000_000, 2).filter((p) => p > 0),
        fc.constantFrom("magnet", "target", "component", null),
        fc.constantFrom("as_written", "in_force", "suspended"),
        (a, b, pv, type, regime) => {
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          fc.pre(hi <= pv);
          const rLo = req(lo, pv, type, regime);
          const rHi = req(hi, pv, type, regime);
          expect(typeof rLo).toBe("boolean");
          if (rLo === true) expect(rHi).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("exactly at the threshold in decimal: licence required and CN_HEADROOM is exactly 0", () => {
    // pv = k / 10^p and cn = k / 10^(p+3): cn/pv is exactly 0.001 in decimal.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }), (k, p) => {
        const pv = Number(`${k}e-${p}`);
        const cn = Number(`${k}e-${p + 3}`);
        expect(cnHeadroom(cn, pv)[0][0]).toBe(0);
        expect(req(cn, pv)).toBe(true);
        // one unit less in the last place of cn's decimal: below
        if (k > 1) {
          const below = Number(`${k * 10 - 1}e-${p + 4}`);
          expect(req(below, pv)).toBe(false);
          expect(cnHeadroom(below, pv)[0][0]).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  test("CN_HEADROOM sign agrees with CN_LICENSE_REQUIRED when in force", () => {
    fc.assert(
      fc.property(
        decimal(100, 6),
        decimal(100_000, 2).filter((p) => p > 0),
        (cn, pv) => {
          fc.pre(cn <= pv);
          const h = cnHeadroom(cn, pv)[0][0] as number;
          const r = req(cn, pv, null);
          expect(r).toBe(h <= 0);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("never NaN or Infinity; every cell is a boolean, number, text or an error", () => {
    const anyCell = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.string({ maxLength: 6 }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(0),
      fc.constant(""),
      fc.constantFrom(1e308, -1e308, 5e-324, Number.NaN, Infinity),
    );
    fc.assert(
      fc.property(anyCell, anyCell, (c, p) => {
        const cells = [req(c, p), cnHeadroom(c, p)[0][0], cnLicenseExplain(c, p, null, AT, null, null, today)[0][0]];
        for (const v of cells) {
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          else expect(typeof v === "boolean" || typeof v === "string" || v instanceof TradeError).toBe(true);
        }
        const s = capture(() => cnControlledValue([[c]], [["Dy"]], [["CN"]], AT, "in_force", today));
        if (typeof s === "number") expect(Number.isFinite(s)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  test("shapes are preserved (and broadcast like Excel)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), (rows, cols, scalarPv) => {
        const cn = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i + j) / 100));
        const pv = scalarPv ? 10 : Array.from({ length: rows }, () => Array.from({ length: cols }, () => 10));
        for (const out of [
          cnLicenseRequired(cn, pv, "magnet", AT, null, null, today),
          cnHeadroom(cn, pv),
          cnLicenseExplain(cn, pv, null, AT, null, null, today),
        ]) {
          expect(out.length).toBe(rows);
          for (const r of out) expect(r.length).toBe(cols);
        }
        // a column of types against a row of values → outer product
        const types = Array.from({ length: rows }, (_, i) => [i % 2 ? "magnet" : "component"]);
        const out = cnLicenseRequired([cn[0]], 10, types, AT, "in_force", null, today);
        expect([out.length, out[0].length]).toEqual([rows, cols]);
      }),
      { numRuns: 100 },
    );
  });
});

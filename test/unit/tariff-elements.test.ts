/**
 * The tariff core's per-element helpers for callers that price many rows (the command-line screen):
 * tariffTotalsMicro is TARIFF_RATE before the division by MICRO, tariffBreakdownStatus is the status of
 * TARIFF_BREAKDOWN's total row (or its error), and dutyElement / landedCostElement given those totals are
 * DUTY's and LANDED_COST's elements (the functions themselves are built on them).
 */
import fc from "fast-check";
import { duty, dutyElement, landedCost, landedCostElement, tariffBreakdown, tariffBreakdownStatus, tariffRate, tariffTotalsMicro } from "../../src/core/tariff";
import { MICRO } from "../../src/core/data/tariffs";
import { TradeError } from "../../src/core/errors";

const HTS = ["8505.11.00.70", "8505.11.10", "2846.90.20", "2846.90", "9999.99.99", "abc", "", 0, 8505110070];
const ORIGIN = ["CN", "MY", "KH", "US", "Narnia", "", 0];
const DATE = ["2025-04-12", "2025-05-15", "2026-01-15", 46000, "2026-13-01", "someday"];
const IMPORTER = [null, "", "US", "CN", "KH", "TH", "Narnia"];
const REGIME = [null, "", "in force", "committed", "sometimes"];
const MONEY = [1000, 12.5, 0, null, "", -5, "abc", "7"];
const OVERRIDES = [null, [["hts prefix", "origin", "layer", "rate", "from", "to"], ["8505.11", "*", "Section 232", 0.25, "2026-01-01", ""]], [["hts prefix", "origin", "layer", "rate", "from", "to"], ["8505.11", "*", "Section 232", "lots", "2026-01-01", ""]]];

const same = (a: unknown, b: unknown) => {
  if (a instanceof TradeError || b instanceof TradeError) {
    expect(a).toBeInstanceOf(TradeError);
    expect(b).toBeInstanceOf(TradeError);
    expect([(a as TradeError).kind, (a as TradeError).message]).toEqual([(b as TradeError).kind, (b as TradeError).message]);
  } else expect(a).toBe(b);
};

describe("tariff per-element helpers", () => {
  test("over generated columns, they give exactly what the functions give", () => {
    const row = fc.record({
      h: fc.constantFrom(...HTS),
      o: fc.constantFrom(...ORIGIN),
      d: fc.constantFrom(...DATE),
      m: fc.constantFrom(...IMPORTER),
      g: fc.constantFrom(...REGIME),
      v: fc.constantFrom(...MONEY),
      f: fc.constantFrom(...MONEY),
      i: fc.constantFrom(...MONEY),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), fc.constantFrom(...OVERRIDES), (rows, ov) => {
        const col = (k: keyof (typeof rows)[number]) => rows.map((r) => [r[k]]);
        const [H, O, D, M, G] = [col("h"), col("o"), col("d"), col("m"), col("g")];
        const totals = tariffTotalsMicro(H, O, D, ov, M, G);
        const rates = tariffRate(H, O, D, ov, M, G);
        const statuses = tariffBreakdownStatus(H, O, D, ov, M, G);
        rows.forEach((r, k) => {
          const t = totals[k][0];
          same(typeof t === "number" ? t / MICRO : t, rates[k][0]);
          let st: unknown;
          try {
            const bd = tariffBreakdown(r.h, r.o, r.d, ov, r.m, r.g);
            st = bd[bd.length - 1][5];
          } catch (e) {
            st = e;
          }
          same(statuses[k][0], st);
          if (t === "") return; // blank stack: the screen asks the functions themselves
          const total = () => {
            if (typeof t !== "number") throw t;
            return t;
          };
          const el = (f: () => number) => {
            try {
              return f();
            } catch (e) {
              return e;
            }
          };
          same(el(() => dutyElement(r.v, total)), duty(r.v, r.h, r.o, r.d, ov, r.m, r.g)[0][0]);
          same(el(() => landedCostElement(r.v, r.f, r.i, r.m, total)), landedCost(r.v, r.h, r.o, r.d, r.f, r.i, ov, r.m, r.g)[0][0]);
        });
      }),
      { seed: 7, numRuns: 150 },
    );
  });
});

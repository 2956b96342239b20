/**
 * The tariff core's per-element helpers for callers that price many rows (the command-line screen):
 * tariffTotalsMicro is TARIFF_RATE before the division by MICRO, tariffBreakdownStatus is the status of
 * TARIFF_BREAKDOWN's total row (or its error), and dutyElement / landedCostElement given those totals are
 * DUTY's and LANDED_COST's elements (the functions themselves are built on them).
 */
import fc from "fast-check";
import {
  TariffColumns,
  duty,
  dutyElement,
  landedCost,
  landedCostElement,
  tariffBreakdown,
  tariffBreakdownStatus,
  tariffExplain,
  tariffRate,
  tariffTotalsMicro,
} from "../../src/core/tariff";
import { serialFromIso } from "../../src/core/dates";
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

/** A row's (hts, origin, date, importer, regime), drawn from the values above. */
const KEY = {
  h: fc.constantFrom(...HTS),
  o: fc.constantFrom(...ORIGIN),
  d: fc.constantFrom(...DATE),
  m: fc.constantFrom(...IMPORTER),
  g: fc.constantFrom(...REGIME),
};

describe("tariff per-element helpers", () => {
  test("over generated columns, they give exactly what the functions give", () => {
    const row = fc.record({
      ...KEY,
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

describe("TariffColumns: one context over many calls", () => {
  test("each call gives what the functions give for its columns, whatever the calls before it resolved", () => {
    const row = fc.record(KEY);
    fc.assert(
      fc.property(
        fc.array(fc.array(row, { minLength: 1, maxLength: 12 }), { minLength: 2, maxLength: 5 }),
        fc.constantFrom(...OVERRIDES),
        (calls, ov) => {
          const cols = new TariffColumns(ov);
          for (const rows of calls) {
            const col = (k: keyof (typeof rows)[number]) => rows.map((r) => [r[k]]);
            const [H, O, D, M, G] = [col("h"), col("o"), col("d"), col("m"), col("g")];
            const [totals, explained, statuses] = [
              cols.totalsMicro(H, O, D, M, G),
              cols.explain(H, O, D, M, G),
              cols.breakdownStatus(H, O, D, M, G),
            ];
            const [totals1, explained1, statuses1] = [
              tariffTotalsMicro(H, O, D, ov, M, G),
              tariffExplain(H, O, D, ov, M, G),
              tariffBreakdownStatus(H, O, D, ov, M, G),
            ];
            rows.forEach((_, k) => {
              same(totals[k][0], totals1[k][0]);
              same(explained[k][0], explained1[k][0]);
              same(statuses[k][0], statuses1[k][0]);
            });
          }
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });

  test("statuses for every day of two years through one context are TARIFF_BREAKDOWN's for that day", () => {
    // breakdownStatus keeps a status per date segment (the stack's rows change only on boundary dates);
    // TARIFF_BREAKDOWN resolves each day's stack afresh, so every day, every boundary and the errors that
    // name their day are checked against it. An overrides window that starts and ends mid-segment must split it.
    const from = serialFromIso("2024-12-25") as number;
    const days = Array.from({ length: 2 * 366 + 20 }, (_, k) => from + k);
    const keys: [unknown, unknown, unknown, unknown][] = [
      ["8505.11.00.70", "CN", null, null],
      ["2846.90.20", "MY", null, null],
      ["2846.90", "CN", null, null],
      ["9999.99.99", "CN", null, null],
      ["8505.11.10", "US", "CN", null],
      ["8505.11.10", "US", "CN", "committed"],
      ["2846.90", "CN", "KH", null],
      ["8505.11", "JP", "TH", "committed"],
      ["7202.99", "CN", "VN", null],
    ];
    const midWindow = [
      ["hts prefix", "origin", "layer", "rate", "from", "to"],
      ["8505.11", "*", "Section 232", 0.25, "2025-06-10", "2025-07-20"],
      ["9999", "CN", "MFN", 0.05, "2025-03-03", "2026-02-27"],
    ];
    let errors = 0;
    for (const ov of [null, midWindow]) {
      const cols = new TariffColumns(ov);
      for (const [h, o, m, g] of keys) {
        const col = (v: unknown) => days.map(() => [v]);
        const st = cols.breakdownStatus(col(h), col(o), days.map((d) => [d]), col(m), col(g));
        days.forEach((d, k) => {
          let want: unknown;
          try {
            const bd = tariffBreakdown(h, o, d, ov, m, g);
            want = bd[bd.length - 1][5];
          } catch (e) {
            want = e;
            errors++;
          }
          same(st[k][0], want);
        });
      }
    }
    // the keys above include stacks that are errors on some days and not on others
    expect(errors).toBeGreaterThan(0);
  });

  test("a blank date is the given calculation date: the answers for that date, and the explanation says it was blank", () => {
    const today = serialFromIso("2025-05-15") as number;
    const cols = new TariffColumns(null, today);
    for (const [h, o, m] of [
      ["8505.11.00.70", "CN", null],
      ["2846.90.20", "MY", null],
      ["8505.11.10", "US", "CN"],
    ] as const) {
      expect(cols.totalsMicro([[h]], [[o]], [[null]], [[m]])[0][0]).toBe(
        tariffTotalsMicro([[h]], [[o]], [["2025-05-15"]], null, [[m]])[0][0],
      );
      expect(cols.breakdownStatus([[h]], [[o]], [[""]], [[m]])[0][0]).toBe(
        tariffBreakdownStatus([[h]], [[o]], [["2025-05-15"]], null, [[m]])[0][0],
      );
      const text = cols.explain([[h]], [[o]], [[null]], [[m]])[0][0] as string;
      expect(text).toContain("2025-05-15 (the calculation date: as_of was blank)");
      expect(text.replace(" (the calculation date: as_of was blank)", "")).toBe(
        tariffExplain([[h]], [[o]], [["2025-05-15"]], null, [[m]])[0][0],
      );
    }
  });
});

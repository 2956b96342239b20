/**
 * SMART partial-equilibrium core: expectations derived by hand from the equations
 * in docs/models.md (arithmetic in the comments, done with bc), plus properties.
 */
import fc from "fast-check";
import { capture, isTradeError, TradeError } from "../../src/core/errors";
import {
  diversion,
  runSmart,
  smartRevenueChange,
  smartTable,
  smartTradeCreation,
  smartWelfare,
  tradeCreation,
  SMART_HEADER,
} from "../../src/core/models/smart";

const col = (...xs: unknown[]) => xs.map((x) => [x]);
const kind = (f: () => unknown) => {
  const r = capture(f);
  return isTradeError(r) ? (r as TradeError).kind : "ok";
};
const relClose = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(a), Math.abs(b)));
const msg = (f: () => unknown) => (capture(f) as TradeError).message;

describe("trade creation, revenue and welfare: 10% → 0 cut, M = 100, |Em| = 1.5", () => {
  // Infinite supply: TC = M·|Em|·|Δt|/(1+t0) = 100·1.5·0.1/1.1 = 15/1.1 = 13.636363…
  test("infinite export-supply elasticity", () => {
    expect(smartTradeCreation([100, 0.1, 0, 1.5, "infinite"])).toBeCloseTo(13.636363636, 8);
    expect(smartTradeCreation([100, "10%", "0%", -1.5, "inf"])).toBeCloseTo(13.636363636, 8);
  });
  // Ex = 99 (WITS default): divide by 1 − Em/Ex = 1 + 1.5/99 = 100.5/99 → 15·99/(1.1·100.5) = 1485/110.55 = 13.432835821
  test("finite export-supply elasticity 99 (default) and 3", () => {
    expect(smartTradeCreation([100, 0.1, 0, 1.5, 99])).toBeCloseTo(13.432835821, 8);
    expect(smartTradeCreation([100, 0.1, 0, 1.5, null])).toBeCloseTo(13.432835821, 8);
    // Ex = 3: factor 1 + 1.5/3 = 1.5 → 13.636…/1.5 = 9.090909…
    expect(smartTradeCreation([100, 0.1, 0, 1.5, 3])).toBeCloseTo(9.090909091, 8);
  });
  // Revenue: t1·(M+TC) − t0·M = 0 − 0.1·100 = −10 whatever the elasticities.
  test("revenue change −10", () => {
    expect(smartRevenueChange([100, 0.1, 0, 1.5, "infinite"])).toBeCloseTo(-10, 12);
    expect(smartRevenueChange([100, 0.1, 0, 1.5, null])).toBeCloseTo(-10, 12);
  });
  // Welfare triangle ½·t0·TC: ½·0.1·13.6364 = 0.681818; with Ex = 99: ½·0.1·13.432836 = 0.671642.
  test("welfare triangle", () => {
    expect(smartWelfare([100, 0.1, 0, 1.5, "infinite"])).toBeCloseTo(0.681818182, 8);
    expect(smartWelfare([100, 0.1, 0, 1.5, null])).toBeCloseTo(0.671641791, 8);
  });
});

describe("partial cuts and rises", () => {
  // 10% → 5%: TC = 100·1.5·0.05/1.1 = 6.818182; R1 − R0 = 0.05·106.818182 − 10 = −4.659091;
  // W = ½·(0.10+0.05)·6.818182 = 0.511364. Check with linear demand: slope b = 6.818182/0.05 = 136.3636,
  // DWL(t) = ½·b·t²: DWL(0.10) − DWL(0.05) = 0.681818 − 0.170455 = 0.511364.
  test("10% → 5%", () => {
    const a = [100, 0.1, 0.05, 1.5, "infinite"];
    expect(smartTradeCreation(a)).toBeCloseTo(6.818181818, 8);
    expect(smartRevenueChange(a)).toBeCloseTo(-4.659090909, 8);
    expect(smartWelfare(a)).toBeCloseTo(0.511363636, 8);
  });
  // 0 → 25%: TC = 100·(−1.5)·0.25/1 = −37.5; R1 = 0.25·62.5 = 15.625; W = ½·0.25·(−37.5) = −4.6875 (a loss).
  test("a rise loses welfare", () => {
    const a = [100, 0, 0.25, -1.5, "infinite"];
    expect(smartTradeCreation(a)).toBe(-37.5);
    expect(smartRevenueChange(a)).toBe(15.625);
    expect(smartWelfare(a)).toBe(-4.6875);
  });
  test("a rise so large the linear model predicts negative imports is #NUM!", () => {
    // 0 → 100% with |Em| = 1.5: TC = −150 > M = 100.
    expect(kind(() => smartTradeCreation([100, 0, 1, 1.5, "infinite"]))).toBe("NUM");
    expect(msg(() => smartTradeCreation([100, 0, 1, 1.5, "infinite"]))).toMatch(/negative imports/);
  });
});

describe("SMART table", () => {
  // A: 100, 10% → 0; B: 100, stays 10%; Es = 1.5, Ex = 99, |Em| = 1.5.
  // r_A = 1/1.1, r_B = 1 → weights 100·1.1^1.5 = 115.368973, 100 → s_A = 1.153690/2.153690
  // TD_A = 200·s_A − 100 = 7.136113, TD_B = −7.136113.
  // TC_A = 13.432836 (above), TC_B = 0. New imports A = 120.568949, B = 92.863887.
  // Revenue: A 10 → 0 (−10); B 10 → 0.1·92.863887 = 9.286389 (−0.713611). Welfare A 0.671642, B 0.
  const table = smartTable([["China", 100], ["Malaysia", 100]], col(0.1, 0.1), col(0, 0.1), 1.5) as (string | number)[][];
  test("layout: header, a row per partner with labels, total", () => {
    expect(table[0]).toEqual([...SMART_HEADER]);
    expect(table.map((r) => r[0])).toEqual(["Partner", "China", "Malaysia", "Total"]);
    expect(table.every((r) => r.length === 9)).toBe(true);
  });
  test("hand-derived values", () => {
    const [, a, b, tot] = table as number[][];
    const expA = [13.432835821, 7.13611299864, 20.568948820, 120.568948820, 10, 0, -10, 0.671641791];
    const expB = [0, -7.13611299864, -7.13611299864, 92.86388700136, 10, 9.286388700, -0.713611300, 0];
    expA.forEach((v, j) => expect(a[j + 1]).toBeCloseTo(v, 7));
    expB.forEach((v, j) => expect(b[j + 1]).toBeCloseTo(v, 7));
    expect(tot[2]).toBe(0); // diversion nets to zero
    expect(tot[1]).toBeCloseTo(13.432835821, 7);
    expect(tot[4]).toBeCloseTo(213.432835821, 7);
    expect(tot[7]).toBeCloseTo(-10.713611300, 7);
  });
  test("index instead of labels; per-partner and single tariffs; percent text", () => {
    const t = smartTable(col(100, 100), "10%", col("0%", "10%"), -1.5) as number[][];
    expect(t.map((r) => r[0])).toEqual(["Partner", 1, 2, "Total"]);
    expect(t[1][2]).toBeCloseTo(7.136113, 5);
  });
  test("labels may be in the second column", () => {
    const t = smartTable([[100, "CN"], [100, "MY"]], 0.1, col(0, 0.1), 1.5) as (string | number)[][];
    expect(t.map((r) => r[0])).toEqual(["Partner", "CN", "MY", "Total"]);
  });
  test("a uniform cut gives no diversion", () => {
    // 25% → 0 for both: equal price ratios, shares unchanged. Ex infinite: TC = M·1.5·0.25/1.25 = 0.3·M.
    const t = smartTable(col(100, 60), 0.25, 0, 1.5, null, "infinite") as number[][];
    expect(t[1].slice(1)).toEqual([30, 0, 30, 130, 25, 0, -25, 3.75]);
    expect(t[2].slice(1)).toEqual([18, 0, 18, 78, 15, 0, -15, 2.25]);
    expect(t[3].slice(1)).toEqual([48, 0, 48, 208, 40, 0, -40, 6]);
  });
  test("blank rows stay aligned; trailing blanks are dropped", () => {
    const t = smartTable(col(100, null, 50, null, ""), 0.1, 0, 1.5);
    expect(t.length).toBe(1 + 3 + 1);
    expect(t[2]).toEqual(new Array(9).fill(""));
    expect(t[3][0]).toBe(3);
    expect(t[4][0]).toBe("Total");
  });
  test("errors name the argument", () => {
    expect(kind(() => smartTable(col(100, -5), 0.1, 0, 1.5))).toBe("NUM");
    expect(msg(() => smartTable(col(100, -5), 0.1, 0, 1.5))).toMatch(/row 2/);
    expect(kind(() => smartTable(col(100, "abc"), 0.1, 0, 1.5))).toBe("VALUE");
    expect(kind(() => smartTable(col(100), -1.2, 0, 1.5))).toBe("NUM");
    expect(kind(() => smartTable(col(100), 0.1, -1, 1.5))).toBe("NUM");
    expect(msg(() => smartTable(col(100), 0.1, -1, 1.5))).toMatch(/tariff_after/);
    expect(kind(() => smartTable(col(100), 0.1, 0, null))).toBe("VALUE");
    expect(msg(() => smartTable(col(100), 0.1, 0, null))).toMatch(/import_elasticity.*no generic default/);
    expect(kind(() => smartTable(col(100), 0.1, 0, 1.5, -1))).toBe("NUM");
    expect(kind(() => smartTable(col(100), 0.1, 0, 1.5, null, 0))).toBe("NUM");
    expect(kind(() => smartTable(col(100), 0.1, 0, 1.5, null, "lots"))).toBe("VALUE");
    expect(kind(() => smartTable(col(100, 50), col(0.1, 0.1, 0.1), 0, 1.5))).toBe("VALUE");
    expect(kind(() => smartTable([[1, 2, 3]], 0.1, 0, 1.5))).toBe("VALUE");
    expect(kind(() => smartTable(col(null, ""), 0.1, 0, 1.5))).toBe("VALUE");
    expect(kind(() => smartTable(col(100), 0.1, 0, { code: "#N/A" }))).toBe("NA");
  });
});

describe("properties", () => {
  const tariff = fc.double({ min: -0.5, max: 3, noNaN: true });
  const imports = fc.double({ min: 0, max: 1e9, noNaN: true });
  const em = fc.double({ min: 0, max: 20, noNaN: true });

  test("creation is linear in the import elasticity (infinite supply) and zero without a tariff change", () => {
    fc.assert(
      fc.property(imports, tariff, tariff, em, fc.double({ min: 0.1, max: 10, noNaN: true }), (m, t0, t1, e, k) => {
        const base = tradeCreation({ imports: m, t0, t1, em: -e, ex: Infinity });
        const scaled = tradeCreation({ imports: m, t0, t1, em: -e * k, ex: Infinity });
        relClose(scaled, base * k);
        expect(tradeCreation({ imports: m, t0, t1: t0, em: -e, ex: 99 })).toBe(0);
        // Finite supply: TC·(1 + |Em|/Ex) is the infinite-supply value.
        const fin = tradeCreation({ imports: m, t0, t1, em: -e, ex: 4 });
        relClose(fin * (1 + e / 4), base);
      }),
    );
  });

  const partnersArb = fc.array(fc.tuple(fc.double({ min: 0, max: 1e6, noNaN: true }), tariff, tariff), { minLength: 1, maxLength: 12 });

  test("diversion sums to zero, never removes more than existing trade, and vanishes for a uniform change", () => {
    fc.assert(
      fc.property(partnersArb, fc.double({ min: 0, max: 50, noNaN: true }), tariff, tariff, (ps, es, u0, u1) => {
        const m = ps.map((p) => p[0]);
        const total = m.reduce((a, b) => a + b, 0);
        const td = diversion(
          m,
          ps.map((p) => p[1]),
          ps.map((p) => p[2]),
          es,
        );
        const sum = td.reduce((a, b) => a + b, 0);
        expect(Math.abs(sum)).toBeLessThanOrEqual(1e-9 * (total + 1));
        td.forEach((d, k) => {
          expect(Number.isFinite(d)).toBe(true);
          expect(d).toBeGreaterThanOrEqual(-m[k] * (1 + 1e-12) - 1e-9);
          expect(d).toBeLessThanOrEqual(total - m[k] + 1e-9 * (total + 1));
        });
        const uniform = diversion(
          m,
          m.map(() => u0),
          m.map(() => u1),
          es,
        );
        uniform.forEach((d) => expect(d).toBe(0));
      }),
    );
  });

  test("diversion shifts toward the partner whose tariff falls, and grows with the substitution elasticity (capped by existing trade)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 8 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0.01, max: 0.9, noNaN: true }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: 1.01, max: 10, noNaN: true }),
        (m, t0, cut, es, k) => {
          // Partner 0's tariff falls by `cut` (relative), everyone else's stays.
          const t0s = m.map(() => t0);
          const t1s = m.map((_, i) => (i === 0 ? t0 * (1 - cut) : t0));
          const total = m.reduce((a, b) => a + b, 0);
          const lo = diversion(m, t0s, t1s, es);
          const hi = diversion(m, t0s, t1s, es * k);
          expect(lo[0]).toBeGreaterThan(0);
          for (let i = 1; i < m.length; i++) expect(lo[i]).toBeLessThanOrEqual(0);
          expect(hi[0]).toBeGreaterThanOrEqual(lo[0] - 1e-9 * total);
          expect(hi[0]).toBeLessThanOrEqual(total - m[0] + 1e-9 * total); // cap: all the others' trade
        },
      ),
    );
  });

  test("gross diversion never falls as the substitution elasticity rises (any tariff pattern)", () => {
    fc.assert(
      fc.property(partnersArb, fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 0, max: 30, noNaN: true }), (ps, e1, e2) => {
        const [lo, hi] = e1 <= e2 ? [e1, e2] : [e2, e1];
        const m = ps.map((p) => p[0]);
        const t0 = ps.map((p) => p[1]);
        const t1 = ps.map((p) => p[2]);
        const gross = (es: number) => diversion(m, t0, t1, es).reduce((a, d) => a + Math.max(0, d), 0);
        const total = m.reduce((a, b) => a + b, 0);
        expect(gross(hi)).toBeGreaterThanOrEqual(gross(lo) - 1e-9 * (total + 1));
      }),
    );
  });

  test("every output is finite or a clear TradeError, for any inputs", () => {
    const cell = fc.oneof(
      fc.double(),
      fc.constantFrom(null, "", "10%", "abc", "inf", true, 0, -1, 1e308, -1e308, { code: "#N/A" }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 5 }), cell, cell, cell, cell, cell, (rows, t0, t1, e, s, x) => {
        const r = capture(() => smartTable(rows, t0, t1, e, s, x));
        if (isTradeError(r)) {
          expect(r.message.length).toBeGreaterThan(5);
          return;
        }
        for (const row of r) for (const v of row) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(cell, cell, cell, cell, cell, (a, b, c, d, e) => {
        for (const f of [smartTradeCreation, smartRevenueChange, smartWelfare]) {
          const r = capture(() => f([a, b, c, d, e]));
          if (!isTradeError(r)) expect(Number.isFinite(r)).toBe(true);
        }
      }),
    );
  });

  test("valid inputs never error unless the linear model predicts negative imports", () => {
    fc.assert(
      fc.property(partnersArb, em, fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 1000, noNaN: true }), (ps, e, es, ex) => {
        const partners = ps.map((p, i) => ({ label: i + 1, row: i, imports: p[0], t0: p[1], t1: p[2] }));
        const r = capture(() => runSmart(partners, { em: -e, es, ex }));
        if (isTradeError(r)) expect(r.message).toMatch(/negative new imports/);
        else for (const res of r) for (const v of Object.values(res)) expect(Number.isFinite(v)).toBe(true);
      }),
    );
  });
});

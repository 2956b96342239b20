/**
 * Trade-impact and concentration models through the built bundle, called the
 * way Excel calls them (2-D arrays for ranges, null for omitted optionals).
 * Expected values are hand calculations (see test/unit/models-*.test.ts and
 * docs/models.md for the arithmetic).
 */
import { isExcelError, loadBundle, ShimError } from "../harness";

const examples = require("../../src/functions/examples/models.json") as Record<string, { formula: string; args?: unknown[]; result?: unknown }[]>;
const b = loadBundle();

/** Deep comparison with a relative tolerance on numbers. */
function close(got: unknown, want: unknown, path = "$"): void {
  if (typeof want === "number") {
    expect(typeof got).toBe("number");
    const g = got as number;
    if (Math.abs(g - want) > 1e-9 * Math.max(1, Math.abs(want))) throw new Error(`${path}: got ${g}, want ${want}`);
    return;
  }
  if (Array.isArray(want)) {
    expect(Array.isArray(got)).toBe(true);
    expect((got as unknown[]).length).toBe(want.length);
    want.forEach((w, i) => close((got as unknown[])[i], w, `${path}[${i}]`));
    return;
  }
  if (typeof want === "string" && /^#[A-Z/0!?]+/.test(want)) {
    const cell = Array.isArray(got) ? (got as unknown[][])[0][0] : got;
    expect(isExcelError(cell, want)).toBe(true);
    return;
  }
  expect(got).toEqual(want);
}

const IDS = ["SMART", "SMART_TRADE_CREATION", "SMART_REVENUE_CHANGE", "SMART_WELFARE", "SWISS_FORMULA", "HHI_CLASS", "HHI_CLASS_EXPLAIN", "SUPPLY_SHARE", "SUPPLY_SHARE_EXPLAIN", "CONCENTRATION", "CONCENTRATION_EXPLAIN"];

describe("registration and metadata", () => {
  test("every model function is registered with descriptions and help URLs", () => {
    for (const id of IDS) {
      expect(b.registry.has(id)).toBe(true);
      const f = b.metadata.functions.find((x) => x.id === id)!;
      expect(f.helpUrl).toMatch(new RegExp(`/help/functions\\.html#${id.toLowerCase()}$`));
      for (const p of f.parameters) expect((p.description ?? "").length).toBeGreaterThan(10);
    }
    const smart = b.metadata.functions.find((x) => x.id === "SMART")!;
    expect(smart.parameters.map((p) => [p.name, !!p.optional])).toEqual([
      ["imports_by_partner", false],
      ["tariff_before", false],
      ["tariff_after", false],
      ["import_elasticity", false],
      ["substitution_elasticity", true],
      ["supply_elasticity", true],
    ]);
    expect(smart.description).toMatch(/fraction/);
  });
});

describe("worked examples (models.json), with a numeric tolerance", () => {
  const cases: [string, string, unknown[], unknown][] = [];
  for (const [id, list] of Object.entries(examples)) for (const e of list) if (e.args && "result" in e) cases.push([id, e.formula, e.args, e.result]);
  test.each(cases)("%s: %s", (id, _f, args, result) => close(b.call(id, ...args), result));
  test("every example names a model function", () => {
    for (const id of Object.keys(examples)) expect(IDS).toContain(id);
  });
  test("examples without a result still evaluate without an error", () => {
    for (const [id, list] of Object.entries(examples))
      for (const e of list)
        if (e.args && !("result" in e)) {
          const got = b.call(id, ...e.args) as unknown[][];
          expect(isExcelError(got[0][0])).toBe(false);
        }
  });
});

describe("the issue's hand cases through the bundle", () => {
  test("10% → 0, |Em| = 1.5, M = 100: creation, revenue, welfare", () => {
    close(b.call("SMART_TRADE_CREATION", 100, 0.1, 0, 1.5, "infinite"), [[15 / 1.1]]); // 13.6364
    close(b.call("SMART_TRADE_CREATION", 100, 0.1, 0, 1.5), [[1485 / 110.55]]); // 13.4328 with Ex = 99
    close(b.call("SMART_REVENUE_CHANGE", 100, "10%", 0, 1.5), [[-10]]);
    close(b.call("SMART_WELFARE", 100, 0.1, 0, 1.5, "infinite"), [[0.05 * (15 / 1.1)]]); // 0.6818
  });
  test("diversion toward the partner whose tariff falls, summing to zero", () => {
    const t = b.call("SMART", [["CN", 100], ["MY", 100]], [[0.1]], [[0], [0.1]], 1.5) as (string | number)[][];
    // CES: 1.1^1.5 = 1.153689733; share 1.153689733/2.153689733; TD = 200·share − 100 = 7.136113
    const s = 1.153689732986 / 2.153689732986;
    expect(t[1][2] as number).toBeCloseTo(200 * s - 100, 8);
    expect(t[2][2] as number).toBeCloseTo(100 - 200 * s, 8);
    expect(t[3][2]).toBe(0);
  });
  test("whole-column style input: blank rows give blank rows, trailing blanks dropped", () => {
    const t = b.call("SMART", [[100], [null], [50], [""], [null]], [[0.1]], [[0]], 1.5) as unknown[][];
    expect(t.length).toBe(5);
    expect(t[2].every((v) => v === "")).toBe(true);
    expect(t[4][0]).toBe("Total");
    const col = b.call("SMART_TRADE_CREATION", [[100], [null]], 0.1, 0, 1.5) as unknown[][];
    expect(col[1][0]).toBe("");
  });
  test("errors are Excel errors with messages naming the argument", () => {
    const neg = b.call("SMART", [[100], [-1]], [[0.1]], [[0]], 1.5) as ShimError[][];
    expect(isExcelError(neg[0][0], "#NUM!")).toBe(true);
    const noEm = b.call("SMART", [[100]], [[0.1]], [[0]], null) as ShimError[][];
    expect(isExcelError(noEm[0][0], "#VALUE!")).toBe(true);
    expect(noEm[0][0].message).toMatch(/import_elasticity/);
    const badT = b.call("SMART_TRADE_CREATION", [[100], [100]], [[0.1], [-2]], 0, 1.5) as unknown[][];
    expect(typeof badT[0][0]).toBe("number");
    expect(isExcelError(badT[1][0], "#NUM!")).toBe(true);
    const sw = b.call("SWISS_FORMULA", "abc") as ShimError[][];
    expect(isExcelError(sw[0][0], "#VALUE!")).toBe(true);
    expect(sw[0][0].message).toMatch(/rate/);
    const hc = b.call("HHI_CLASS", 12000) as unknown[][];
    expect(isExcelError(hc[0][0], "#NUM!")).toBe(true);
    const ss = b.call("SUPPLY_SHARE", "Narnia") as ShimError[][];
    expect(isExcelError(ss[0][0], "#N/A")).toBe(true);
  });
  test("HHI → HHI_CLASS chain", () => {
    const h = b.call("HHI", [[40], [30], [20], [10]]);
    expect(b.call("HHI_CLASS", h, "2010")).toEqual([["highly concentrated"]]);
  });
  test("supply shares and concentration", () => {
    close(b.call("SUPPLY_SHARE", [["China"], ["United States"]], "mining", 2025), [[270000 / 390000], [51000 / 390000]]);
    close(b.call("CONCENTRATION", "magnets"), [[94 * 94]]);
    expect((b.call("CONCENTRATION_EXPLAIN", "magnets") as string[][])[0][0]).toMatch(/lower bound/);
    expect((b.call("SUPPLY_SHARE_EXPLAIN", "China", "refining", 2023) as string[][])[0][0]).toMatch(/92%.*secondary/);
  });
  test('desktop Excel\'s 0 for empty cells: whole-column rows give ""; an empty a is 16', () => {
    // MCS 2026, 2024: China 270,000 / 380,000 = 27/38
    close(b.call("SUPPLY_SHARE", [["CN"], [0], [null]], "mining", 2024), [[27 / 38], [""], [""]]);
    // IEA GCMO 2024 refining 2023: 92² + 5² = 8489
    close(b.call("CONCENTRATION", [["refining"], [0], [null]], 2023), [[8489], [""], [""]]);
    const mining = b.call("CONCENTRATION", [["mining"], [0], [null]]) as unknown[][];
    expect(typeof mining[0][0]).toBe("number");
    expect(mining.slice(1)).toEqual([[""], [""]]);
    // a = 0 → 16: 16·10/(16+10) = 6.153846% → 0.06153846
    close(b.call("SWISS_FORMULA", 0.1, 0), [[160 / 26 / 100]]);
  });
});

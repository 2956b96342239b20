/**
 * The China-rule functions through the BUILT bundle (dist/functions.js in a bare
 * vm, called the way Excel calls them). Expectations by hand from
 * the MOFCOM announcements' dates and clauses (see test/unit/china*.test.ts for the reasoning).
 */
import { isExcelError, loadBundle, ShimError } from "../harness";

const b = loadBundle();
const examples = require("../../src/functions/examples/china.json") as Record<
  string,
  { formula: string; args?: unknown[]; result?: unknown }[]
>;

const IDS = [
  "RAREEARTH_SHARE",
  "CN_CONTROLLED_VALUE",
  "CN_LICENSE_REQUIRED",
  "CN_LICENSE_EXPLAIN",
  "CN_HEADROOM",
  "CN_CONTROLLED",
  "CN_CONTROLLED_EXPLAIN",
  "EXPORT_RESTRICTED",
  "EXPORT_RESTRICTED_EXPLAIN",
];
const S = { "2025-10-08": 45938, "2025-11-07": 45968, "2025-12-01": 45992, "2026-03-01": 46082, "2026-11-10": 46336, "2026-11-11": 46337 };

describe("registration and metadata", () => {
  test("every China function is registered and spills where element-wise", () => {
    const byId = new Map(b.metadata.functions.map((f) => [f.id, f]));
    for (const id of IDS) {
      expect(b.registry.has(id)).toBe(true);
      const f = byId.get(id)!;
      expect(f.helpUrl).toMatch(new RegExp(`#${id.toLowerCase()}$`));
      expect(f.result.dimensionality === "matrix").toBe(!["RAREEARTH_SHARE", "CN_CONTROLLED_VALUE"].includes(id));
    }
  });
});

describe("CN_LICENSE_REQUIRED: regimes across the key dates (case A, 0.80%)", () => {
  const row = (date: number, regime: string | null) =>
    (b.call("CN_LICENSE_REQUIRED", [[0.4]], [[50]], [["magnet"]], [[date]], regime === null ? null : [[regime]]) as unknown[][])[0][0];
  test.each([
    ["2025-10-08", false, false, false],
    ["2025-11-07", false, false, false],
    ["2025-12-01", false, true, false],
    ["2026-03-01", false, true, false],
    ["2026-11-10", false, true, false],
    ["2026-11-11", true, true, false],
  ])("%s: as_written %s, in_force %s, suspended %s", (iso, aw, inf, sus) => {
    const s = S[iso as keyof typeof S];
    expect(row(s, null)).toBe(aw);
    expect(row(s, "in_force")).toBe(inf);
    expect(row(s, "suspended")).toBe(sus);
  });
  test("ISO text dates work like serials", () => {
    expect(b.call("CN_LICENSE_REQUIRED", 0.4, 50, "magnet", "2026-11-11")).toEqual([[true]]);
  });
});

describe("spilling ranges, blank rows, errors", () => {
  test("a column of products with a blank row and a bad row", () => {
    const out = b.call(
      "CN_LICENSE_REQUIRED",
      [[0.4], [0.04], [null], [0.0231], [-1], [60]],
      [[50], [50], [null], [23.1], [10], [50]],
      [["magnet"]],
      [[S["2026-03-01"]]],
      [["in_force"]],
    ) as unknown[][];
    expect(out.slice(0, 4)).toEqual([[true], [false], [""], [true]]);
    expect(isExcelError(out[4][0], "#NUM!")).toBe(true);
    expect(isExcelError(out[5][0], "#NUM!")).toBe(true);
  });
  test("product value 0 (desktop's empty cell) → #VALUE! that says so; text → #VALUE! naming the argument; unknown regime lists the options", () => {
    const z = (b.call("CN_LICENSE_REQUIRED", 1, 0) as ShimError[][])[0][0];
    expect(isExcelError(z, "#VALUE!")).toBe(true);
    expect(z.message).toMatch(/^product_value is 0 or an empty cell/);
    const t = (b.call("CN_LICENSE_REQUIRED", "abc", 50) as ShimError[][])[0][0];
    expect(isExcelError(t, "#VALUE!")).toBe(true);
    expect(t.message).toContain("cn_value");
    const r = (b.call("CN_LICENSE_REQUIRED", 0.4, 50, null, null, "lapsed") as ShimError[][])[0][0];
    expect(r.message).toContain('"as_written", "in_force" or "suspended"');
  });
  test("scope and product types", () => {
    const types = [["magnet"], ["target"], ["component"], ["other"]];
    expect(b.call("CN_LICENSE_REQUIRED", 0.4, 50, types, S["2026-03-01"], "in_force", "strict")).toEqual([
      [true],
      [true],
      [false],
      [false],
    ]);
    expect(b.call("CN_LICENSE_REQUIRED", 0.4, 50, types, S["2026-03-01"], "in_force", "broad")).toEqual([[true], [true], [true], [false]]);
  });
  test("the explanation is one line with the status of the date", () => {
    const e = (b.call("CN_LICENSE_EXPLAIN", 0.4, 50, "magnet", S["2026-03-01"]) as string[][])[0][0];
    expect(e).toContain("0.8000% ≥ 0.1%");
    expect(e).toContain("suspended by Ann. 70/2025 until 2026-11-10");
    expect(e).toContain("values are taken as given");
    const late = (b.call("CN_LICENSE_EXPLAIN", 0.4, 50, null, S["2026-11-11"]) as string[][])[0][0];
    expect(late).toContain("past the data horizon");
    expect(late).toContain("assumed to be in scope");
    const blank = (b.call("CN_LICENSE_EXPLAIN", 0.4, 50) as string[][])[0][0];
    expect(blank).toContain("the calculation date: as_of was blank");
  });
  test("CN_HEADROOM is exactly 0 at the threshold", () => {
    expect(b.call("CN_HEADROOM", [[0.0231], [0.1]], [[23.1], [100]])).toEqual([[0], [0]]);
  });
});

describe("BOM roll-ups through the bundle", () => {
  test("CN_CONTROLLED_VALUE: mixed origins and items; unknown item → #N/A naming the line", () => {
    const values = [[0.4], [0.3], [2], [0.05], [null], [0.01]];
    const items = [["DyFe alloy"], ["Nd"], ["Tb oxide"], ["dysprosium oxide"], [null], ["Tb"]];
    const origins = [["CN"], ["China"], ["MY"], ["PRC"], [null], ["HK"]];
    expect(b.call("CN_CONTROLLED_VALUE", values, items, origins, S["2026-11-11"])).toBe(0.45);
    expect(b.call("CN_CONTROLLED_VALUE", values, items, origins, S["2026-03-01"])).toBe(0);
    const u = b.call("CN_CONTROLLED_VALUE", [[1]], [["widget"]], [["CN"]], S["2026-11-11"]) as ShimError;
    expect(isExcelError(u, "#N/A")).toBe(true);
    expect(u.message).toContain("line 1");
  });
  test("RAREEARTH_SHARE with an origin filter", () => {
    expect(b.call("RAREEARTH_SHARE", [[1], [2], [3]], 40, [["CN"], ["MY"], ["China"]], "CN")).toBe(0.1);
  });
  test("CN_CONTROLLED and EXPORT_RESTRICTED", () => {
    expect(b.call("CN_CONTROLLED", [["Dy"], ["Ho"], ["La"]], S["2026-03-01"])).toEqual([[true], [false], [false]]);
    expect(b.call("EXPORT_RESTRICTED", [["MY"], ["CN"]], [["ore"], ["Tb oxide"]], S["2026-03-01"])).toEqual([[true], [true]]);
    expect((b.call("EXPORT_RESTRICTED_EXPLAIN", "MY", "ore", S["2026-03-01"]) as string[][])[0][0]).toContain("export banned");
  });
  test("CN_CONTROLLED_VALUE counts only while the 0.1% rule (cl. 1(1), from 2025-12-01) is in force, as CN_LICENSE_REQUIRED", () => {
    // DyFe alloy from China, 0.4 of a 50 magnet (0.8% ≥ 0.1%). Annex 1 dates from 2025-10-09 but the
    // rule from 2025-12-01; as written Ann. 70 suspends it 2025-11-07..2026-11-10.
    const at = (iso: string, regime: string | null) => [
      b.call("CN_CONTROLLED_VALUE", [[0.4]], [["DyFe alloy"]], [["CN"]], iso, regime),
      (b.call("CN_LICENSE_REQUIRED", 0.4, 50, "magnet", iso, regime) as unknown[][])[0][0],
    ];
    for (const iso of ["2025-10-09", "2025-11-06", "2025-11-30", "2025-12-01"]) expect(at(iso, null)).toEqual([0, false]);
    for (const iso of ["2025-10-09", "2025-11-06", "2025-11-30"]) expect(at(iso, "in_force")).toEqual([0, false]);
    expect(at("2025-12-01", "in_force")).toEqual([0.4, true]);
  });
  test('desktop Excel\'s 0 for empty cells: whole-column rows give "", an empty origin is no filter', () => {
    // Dy (Ann. 18, from 2025-04-04) is controlled on 2026-01-01; Malaysia's raw ban applies from 2024-01-01.
    expect(b.call("CN_CONTROLLED", [["Dy"], [0], [null]], "2026-01-01")).toEqual([[true], [""], [""]]);
    expect(b.call("EXPORT_RESTRICTED", [["MY"], [0]], [["raw"], [0]], "2026-01-01")).toEqual([[true], [""]]);
    // (1 + 2 + 3) / 40 = 0.15 with no origin filter
    expect(b.call("RAREEARTH_SHARE", [[1], [2], [3]], 40, [["CN"], ["MY"], ["China"]], 0)).toBe(0.15);
    expect(b.call("RAREEARTH_SHARE", [[1], [2], [3]], 40, [["CN"], ["MY"], ["China"]], [[0]])).toBe(0.15);
  });
  test('REF("MOFCOM-61-2025","status",DATE(2026,3,1)) from the bundle', () => {
    expect(b.call("REF", [["MOFCOM-61-2025"]], [["status"]], [[S["2026-03-01"]]])).toEqual([["suspended"]]);
  });
});

describe("worked examples (china.json)", () => {
  const cases: [string, string, unknown[], unknown][] = [];
  for (const [id, list] of Object.entries(examples))
    for (const e of list) if (e.args && "result" in e) cases.push([id, e.formula, e.args, e.result]);
  test.each(cases)("%s: %s", (id, _f, args, result) => {
    const got = b.call(id, ...args);
    if (typeof result === "number") expect(got as number).toBeCloseTo(result, 9);
    else if (Array.isArray(result) && typeof result[0][0] === "number")
      (got as number[][]).forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(result[i][j] as number, 9)));
    else expect(got).toEqual(result);
  });
  test("examples without a result evaluate to text", () => {
    for (const [id, list] of Object.entries(examples))
      for (const e of list) if (e.args && !("result" in e)) expect(typeof (b.call(id, ...e.args) as unknown[][])[0][0]).toBe("string");
  });
});

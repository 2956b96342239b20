/**
 * The tariff functions through the built bundle, called the way Excel calls
 * them (null for omitted optionals, 2-D arrays for ranges, date serials).
 * Expectations are worked by hand (see test/unit/tariff.test.ts for the sums).
 */
import { isExcelError, loadBundle, ShimError } from "../harness";

const b = loadBundle();
const IDS = ["TARIFF_RATE", "TARIFF_BREAKDOWN", "TARIFF_EXPLAIN", "DUTY", "LANDED_COST", "TARIFF_DELTA"];
// Excel serials: 2026-01-15 = 46037, 2026-03-15 = 46096, 2025-11-20 = 45981
const JAN26 = 46037;
const MAR26 = 46096;

test("all six functions are registered with help and parameter descriptions", () => {
  for (const id of IDS) {
    const meta = b.metadata.functions.find((f) => f.id === id)!;
    expect(meta).toBeDefined();
    expect(meta.helpUrl).toMatch(new RegExp(`#${id.toLowerCase()}$`));
    for (const p of meta.parameters) expect((p.description ?? "").length).toBeGreaterThan(10);
  }
});

test("TARIFF_RATE element-wise over a column of lines with serial dates", () => {
  const out = b.call("TARIFF_RATE", [["8505.11.00.70"], ["2846.90.80"], [null]], [["CN"], ["CN"], [null]], [[JAN26], [MAR26], [null]]) as unknown[][];
  expect(out[0][0] as number).toBeCloseTo(0.371, 12); // 2.1 + 25 + 10
  expect(out[1][0] as number).toBeCloseTo(0.037, 12); // 3.7, Section 122 exempt
  expect(out[2][0]).toBe("");
});

test("errors are Excel errors with messages", () => {
  const na = (b.call("TARIFF_RATE", "9999.11", "CN", JAN26) as unknown[][])[0][0] as ShimError;
  expect(isExcelError(na, "#N/A")).toBe(true);
  expect(na.message).toMatch(/not in the US tariff table/);
  const bad = (b.call("TARIFF_RATE", "8505.11.00.70", "CN", JAN26, [["8505.11", "CN", "Section 232", "x", null, null]]) as unknown[][])[0][0] as ShimError;
  expect(isExcelError(bad, "#VALUE!")).toBe(true);
  expect(bad.message).toMatch(/overrides row 1, column 4/);
  const neg = (b.call("DUTY", -5, "8505.11.00.70", "CN", JAN26) as unknown[][])[0][0];
  expect(isExcelError(neg, "#NUM!")).toBe(true);
});

test("empty overrides (all blank cells, as Excel passes an empty range) change nothing", () => {
  const blank = [[null, null, null, null, null, null], ["", "", "", "", "", ""]];
  expect(b.call("TARIFF_RATE", "8505.11.00.50", "CN", MAR26, blank)).toEqual(b.call("TARIFF_RATE", "8505.11.00.50", "CN", MAR26));
});

test("TARIFF_BREAKDOWN spills a header, the layers and a total; a range argument is refused", () => {
  const t = b.call("TARIFF_BREAKDOWN", "8505.11.00.70", "CN", JAN26) as unknown[][];
  expect(t[0]).toEqual(["layer", "legal basis", "rate", "from", "to", "status", "source"]);
  expect(t.map((r) => r[0])).toEqual(["layer", "MFN", "Section 301", "IEEPA fentanyl", "IEEPA reciprocal (exempt)", "Section 232", "Total"]);
  expect(t[t.length - 1][2] as number).toBeCloseTo(0.371, 12);
  const r = b.call("TARIFF_BREAKDOWN", [["8505.11.00.70"], ["2846.90.20"]], "CN", JAN26) as unknown[][];
  expect(isExcelError(r[0][0], "#VALUE!")).toBe(true);
});

test("DUTY, LANDED_COST, TARIFF_DELTA and TARIFF_EXPLAIN", () => {
  expect(b.call("DUTY", 10000, "8505.11.00.70", "CN", JAN26)).toEqual([[3710]]);
  // 1,000 × 2.1% = 21 duty (Malaysia) + 50 freight + 5 insurance → 1,076
  expect(b.call("LANDED_COST", 1000, "8505.11.00.70", "MY", JAN26, 50, 5)).toEqual([[1076]]);
  expect(b.call("TARIFF_DELTA", [[1000], [2000]], 0.121, 0.371)).toEqual([[250], [500]]);
  const text = (b.call("TARIFF_EXPLAIN", "8505.11.00.70", "CN", "2026-09-01") as unknown[][])[0][0] as string;
  expect(text).toMatch(/UNCONFIRMED/);
});

test("review fixes through the bundle: a user-defined line, a kept exemption, TARIFF_DELTA's negative value", () => {
  // 8471.30.01 is outside the table; its override rows: MFN 5 + Section 301 25 = 30 (built-in Section 122 not applied)
  const ov = [["8471.30", "*", "MFN", 0.05, null, null], ["8471.30", "CN", "Section 301", 0.25, "2026-01-01", null]];
  expect((b.call("TARIFF_RATE", "8471.30.01", "CN", "2026-03-01", ov) as unknown[][])[0][0] as number).toBeCloseTo(0.3, 12);
  const na = (b.call("TARIFF_RATE", "8471.30.01", "CN", "2026-03-01", null) as unknown[][])[0][0] as ShimError;
  expect(isExcelError(na, "#N/A")).toBe(true);
  expect(na.message).toMatch(/hts prefix/);
  // a "*" Section 122 row at 15% keeps NdFeB's 9903.03.03 exemption: 2.1 + 25 + 0 = 27.1
  const s122 = [["*", "*", "Section 122", 0.15, "2026-02-24", "2026-07-23"]];
  expect((b.call("TARIFF_RATE", "8505.11.00.70", "CN", "2026-03-01", s122) as unknown[][])[0][0] as number).toBeCloseTo(0.271, 12);
  expect(isExcelError((b.call("TARIFF_DELTA", -100, 0.1, 0.2) as unknown[][])[0][0], "#NUM!")).toBe(true);
});

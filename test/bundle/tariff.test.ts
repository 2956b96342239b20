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

test("a US code whose lines pay different rates on the date: #N/A naming the lines and their rates (the partner importers' rule)", () => {
  // 2026-01-15, from China: 8505.11.00.70 (NdFeB, Annex II) 2.1 + s301 25 + fentanyl 10 = 37.1%;
  // the other 8505.11.00 lines also pay the 10% reciprocal duty: 47.1%
  for (const code of ["8505.11", "8505.11.00"]) {
    for (const fn of ["TARIFF_RATE", "TARIFF_EXPLAIN"]) {
      const e = (b.call(fn, code, "CN", "2026-01-15") as unknown[][])[0][0] as ShimError;
      expect(isExcelError(e, "#N/A")).toBe(true);
      expect(e.message).toMatch(/^hts: 8505\.11\.00 covers US lines with different rates from CN on 2026-01-15: 8505\.11\.00\.70 .*37\.1%; 8505\.11\.00\.10, 8505\.11\.00\.30, 8505\.11\.00\.50, 8505\.11\.00\.90 47\.1%; give the 10-digit code$/);
    }
  }
  expect(rateOf("8505.11.00.70", "CN", "2026-01-15") as number).toBeCloseTo(0.371, 12);
  expect(rateOf("8505.11.00.10", "CN", "2026-01-15") as number).toBeCloseTo(0.471, 12);
  // before NdFeB joined Annex II (2025-09-08) every line pays the same: 2.1 + fentanyl 20 + reciprocal 10 = 32.1%
  expect(rateOf("8505.11", "CN", "2025-07-01") as number).toBeCloseTo(0.321, 12);
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

// ---------------------------------------------------------------------------
// Importers other than the US: the optional fifth argument (after overrides) of
// TARIFF_RATE, TARIFF_BREAKDOWN and TARIFF_EXPLAIN, and the regime after it.
// Hand-worked from the sources in partner_tariffs.json:
//   China MFN on permanent magnets 8505.11.10/.90 = 7% (third-party copies of the schedule);
//   China's additional duty on US goods (Tariff Commission Ann. 4 [2025] as amended):
//   84% from 2025-04-10 12:01 (Ann. 5: the 34% never applied alone), 125% from 2025-04-12,
//   10% from 2025-05-14 12:01 (Geneva), 10% kept on 2025-08-12 and from 2025-11-10.
//   Cambodia: 0% on all US goods, reported implemented by 2025-10-26 (USTR).
const S = (y: number, m: number, d: number): number => Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
const rateOf = (...args: unknown[]): unknown => (b.call("TARIFF_RATE", ...args) as unknown[][])[0][0];

describe("China as importer (US-origin magnet 8505.11.10)", () => {
  test.each([
    [S(2025, 3, 1), 0.07],
    [S(2025, 4, 9), 0.07],
    [S(2025, 4, 10), 0.91],
    [S(2025, 4, 11), 0.91],
    [S(2025, 4, 12), 1.32],
    [S(2025, 5, 13), 1.32],
    [S(2025, 5, 14), 0.17],
    [S(2025, 8, 20), 0.17],
    [S(2025, 11, 20), 0.17],
    [S(2026, 3, 1), 0.17],
  ])("entered serial %d: %d", (d, want) => {
    expect(rateOf("8505.11.10", "US", d, null, "CN") as number).toBeCloseTo(want, 12);
  });
  test("the importer as a name or alpha-3 code; a US code resolves through HS 8505.11", () => {
    expect(rateOf("8505.11.00.70", "United States", "2025-04-12", null, "China") as number).toBeCloseTo(1.32, 12);
    expect(rateOf("8505110070", "USA", "2025-06-01", null, "CHN") as number).toBeCloseTo(0.17, 12);
  });
  test("origins other than the US pay MFN only", () => {
    expect(rateOf("8505.11.10", "JP", "2025-04-12", null, "CN") as number).toBeCloseTo(0.07, 12);
  });
  test("a line without a sourced MFN is #N/A that says what is missing; an override row supplies it (7 columns)", () => {
    const na = rateOf("2530.90.20", "US", "2025-06-01", null, "CN") as ShimError;
    expect(isExcelError(na, "#N/A")).toBe(true);
    expect(na.message).toMatch(/^CN MFN for 2530\.90\.20 .* is not in the data: add an overrides row/);
    const ov = [["hts prefix", "origin", "layer", "rate", "from", "to", "importer"], ["2530.90.20", "*", "MFN", 0.03, null, null, "CN"]];
    expect(rateOf("2530.90.20", "US", "2025-06-01", ov, "CN") as number).toBeCloseTo(0.13, 12); // your 3% + 10%
  });
  test("TARIFF_BREAKDOWN and TARIFF_EXPLAIN for China", () => {
    const t = b.call("TARIFF_BREAKDOWN", "8505.11.10", "US", "2025-04-12", null, "CN") as unknown[][];
    expect(t.map((r) => r[0])).toEqual(["layer", "MFN", "Counter-tariff", "Total"]);
    expect((t[1][2] as number) + (t[2][2] as number)).toBeCloseTo(t[3][2] as number, 12); // a breakdown sums to its rate
    expect(t[3][2] as number).toBeCloseTo(1.32, 12);
    const e = (b.call("TARIFF_EXPLAIN", "8505.11.10", "US", "2025-04-10", null, "CN") as unknown[][])[0][0] as string;
    expect(e).toMatch(/^China \(CN\) duty on 8505\.11\.10 .* from United States \(US\) entered 2025-04-10, in force: 91% = MFN 7% \+ Counter-tariff 84%/);
    expect(e).toMatch(/Duty base: CIF/);
  });
  test("DUTY and LANDED_COST use China's CIF duty base", () => {
    // DUTY's value is the customs value on the importer's basis (CIF): 10,000 × 132% = 13,200
    expect((b.call("DUTY", 10000, "8505.11.10", "US", "2025-04-12", null, "CN") as unknown[][])[0][0] as number).toBeCloseTo(13200, 9);
    // LANDED_COST: CIF = 10,000 + 1,200 + 120 = 11,320; duty 11,320 × 17% = 1,924.40; landed 13,244.40
    expect((b.call("LANDED_COST", 10000, "8505.11.10", "US", "2025-06-01", 1200, 120, null, "CN") as unknown[][])[0][0] as number).toBeCloseTo(13244.4, 9);
  });
});

describe("Cambodia, Malaysia, Thailand, Vietnam as importers", () => {
  test("Cambodia: #N/A on 2025-08-07 (MFN not sourced), 0% from 2025-08-08 (Sub-Decree No. 139), unconfirmed after its horizon", () => {
    const na = rateOf("8505.11", "US", "2025-08-07", null, "KH") as ShimError;
    expect(isExcelError(na, "#N/A")).toBe(true);
    expect(na.message).toMatch(/^KH MFN for 8505\.11 on 2025-08-07 is not in the data: add an overrides row \("8505\.11", origin, "MFN", rate, from, to, "KH"\)/);
    for (const d of ["2025-08-08", "2025-08-20"]) {
      expect(rateOf("8505.11", "US", d, null, "KH")).toBe(0);
      const e = (b.call("TARIFF_EXPLAIN", "8505.11", "US", d, null, "KH") as unknown[][])[0][0] as string;
      expect(e).toMatch(/Status: confirmed-2nd\. Basis: Preference: Sub-Decree No\. 139 ANK\.BK \(2025-08-08\), Art\. 1; MEF Prakas No\. 632 MEF\.BK/);
    }
    // a China-origin good in Cambodia still needs the MFN
    expect(isExcelError(rateOf("8505.11", "CN", "2025-08-20", null, "KH"), "#N/A")).toBe(true);
    expect(rateOf("2846.90", "US", "2026-03-01", null, "Cambodia")).toBe(0);
    const e = (b.call("TARIFF_EXPLAIN", "2846.90", "US", "2026-03-01", null, "KH") as unknown[][])[0][0] as string;
    expect(e).toMatch(/after the KH data horizon 2025-10-26: the stack is UNCONFIRMED/);
  });
  test("Vietnam: the 2026 schedule's MFN, confirmed-2nd (0% on magnets from China, 3% on 2530.90); the motor headings name their AHTN lines", () => {
    expect(rateOf("8505.11", "CN", "2026-01-01", null, "VN")).toBe(0);
    const bd = b.call("TARIFF_BREAKDOWN", "8505.11", "CN", "2026-01-01", null, "VN") as unknown[][];
    expect(bd[bd.length - 1][5]).toBe("confirmed-2nd");
    expect(rateOf("2530.90", "US", "2026-01-01", null, "VN") as number).toBeCloseTo(0.03, 12);
    expect(rateOf("8501.31.70", "US", "2026-01-01", null, "VN") as number).toBeCloseTo(0.2, 12);
    const motors = rateOf("8501.52", "US", "2026-01-01", null, "VN") as ShimError;
    expect(isExcelError(motors, "#N/A")).toBe(true);
    expect(motors.message).toMatch(/VN splits 8501\.52 into national lines .*8501\.52\.11.*8501\.52\.39\); give the VN line/);
    // 2025: the same rate, unconfirmed (the 2025 schedule was not read)
    const bd25 = b.call("TARIFF_BREAKDOWN", "8505.11", "CN", "2025-06-01", null, "VN") as unknown[][];
    expect(bd25[bd25.length - 1][2]).toBe(0);
    expect(bd25[bd25.length - 1][5]).toBe("unconfirmed");
  });
  test.each(["MY", "TH"])("%s: MFN not sourced on three dates; your MFN row and Commitment row give in force, committed and the difference", (imp) => {
    for (const d of ["2025-06-01", "2025-11-01", "2026-03-01"]) {
      const na = rateOf("8505.11", "US", d, null, imp) as ShimError;
      expect(isExcelError(na, "#N/A")).toBe(true);
      expect(na.message).toMatch(new RegExp(`^${imp} MFN for 8505\\.11 on ${d} is not in the data: add an overrides row \\("8505\\.11", origin, "MFN", rate, from, to, "${imp}"\\)`));
    }
    // illustrative user figures, not data: MFN 5%, commitment 0%
    const ov = [
      ["8505.11", "*", "MFN", 0.05, null, null, imp],
      ["8505.11", "US", "Commitment", 0, "2025-10-26", null, imp],
    ];
    const inForce = rateOf("8505.11", "US", "2026-01-15", ov, imp) as number;
    const committed = rateOf("8505.11", "US", "2026-01-15", ov, imp, "committed") as number;
    expect(inForce).toBeCloseTo(0.05, 12);
    expect(committed).toBe(0);
    expect((b.call("TARIFF_DELTA", 1000, inForce, committed) as unknown[][])[0][0] as number).toBeCloseTo(-50, 9);
  });
  test("Vietnam: your MFN row replaces the data's for the line it covers; a Commitment row gives the committed regime", () => {
    const ov = [
      ["8505.11", "*", "MFN", 0.05, null, null, "VN"],
      ["8505.11", "US", "Commitment", 0, "2025-10-26", null, "VN"],
    ];
    expect(rateOf("8505.11", "US", "2026-01-15", ov, "VN") as number).toBeCloseTo(0.05, 12);
    expect(rateOf("8505.11", "US", "2026-01-15", ov, "VN", "committed")).toBe(0);
  });
  test("committed without a commitment row: #N/A naming the commitment", () => {
    const na = rateOf("8505.11", "US", "2026-01-15", null, "MY", "committed") as ShimError;
    expect(isExcelError(na, "#N/A")).toBe(true);
    expect(na.message).toMatch(/^MY Commitment for 8505\.11 on 2026-01-15 is not in the data: add an overrides row/);
  });
});

describe("the importer and regime arguments", () => {
  test("blank importer = US: every existing result is unchanged", () => {
    for (const [h, o, d] of [["8505.11.00.70", "CN", JAN26], ["2846.90.80", "CN", MAR26], ["8505.11.00.50", "MY", "2025-08-20"], ["8505.11.00.70", "JP", "2025-08-20"]] as const) {
      const before = rateOf(h, o, d);
      expect(rateOf(h, o, d, null, null)).toEqual(before);
      expect(rateOf(h, o, d, null, "")).toEqual(before);
      expect(rateOf(h, o, d, null, "US")).toEqual(before);
      expect(rateOf(h, o, d, null, "US", "in force")).toEqual(before);
    }
  });
  test("a column of importers broadcasts against one line", () => {
    const out = b.call("TARIFF_RATE", "8505.11.00.70", "JP", "2025-04-12", null, [["US"], ["CN"], ["KH"], [null]]) as unknown[][];
    expect(out[0][0]).toEqual(rateOf("8505.11.00.70", "JP", "2025-04-12")); // the US stack, as without the argument
    expect(out[1][0] as number).toBeCloseTo(0.07, 12); // China MFN only for Japanese goods
    expect(isExcelError(out[2][0], "#N/A")).toBe(true); // Cambodia: MFN not sourced
    expect(out[3][0]).toEqual(out[0][0]); // blank = US
  });
  test("an unknown importer or regime is an error naming the argument", () => {
    const i = rateOf("8505.11.10", "US", "2025-06-01", null, "Japan") as ShimError;
    expect(isExcelError(i, "#N/A")).toBe(true);
    expect(i.message).toMatch(/^importer: .*no tariff data; importers: US, CN, MY, TH, KH, VN/);
    const r = rateOf("8505.11.10", "US", "2025-06-01", null, "CN", "maybe") as ShimError;
    expect(isExcelError(r, "#VALUE!")).toBe(true);
    expect(r.message).toMatch(/^regime: /);
  });
  test("a zero-change scenario gives a zero delta", () => {
    const a = rateOf("8505.11.10", "US", "2025-06-01", null, "CN") as number;
    const c = rateOf("8505.11.10", "US", "2025-06-01", null, "CN", "committed") as number;
    expect(c).toBe(a); // China has no pending commitment in the data
    expect((b.call("TARIFF_DELTA", 12345, a, c) as unknown[][])[0][0]).toBe(0);
  });
});

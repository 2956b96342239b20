/**
 * US tariff stack (src/core/tariff): expectations worked by hand from the
 * sources cited in hts_us.json and tariff_layers.json (HTSUS column 1 rates,
 * the executive orders, proclamations and Federal Register notices). Rates below are percent points; the functions
 * return fractions.
 */
import fc from "fast-check";
import { tariffRate, tariffBreakdown, tariffExplain, duty, landedCost, tariffDelta } from "../../src/core/tariff";
import { htsDigits } from "../../src/core/tariff/hts";
import { isTradeError } from "../../src/core/errors";
import { isoFromSerial, serialFromIso, todaySerial } from "../../src/core/dates";

const todayIso = (): string => isoFromSerial(todaySerial());

const one = (m: unknown[][]): unknown => m[0][0];
const rate = (hts: unknown, origin: unknown, date: unknown, ov: unknown = null): number => {
  const v = one(tariffRate(hts, origin, date, ov));
  if (typeof v !== "number") throw new Error(`expected a number, got ${String(v)}`);
  return v;
};
const kindOf = (v: unknown): string | undefined => (isTradeError(v) ? v.kind : undefined);
/** Runs a core call; a whole-call error (bad overrides, shapes) is returned like the facade's single error cell. */
const attempt = (f: () => unknown[][]): unknown[][] => {
  try {
    return f();
  } catch (e) {
    return [[e]];
  }
};

const NDFEB = "8505.11.00.70";
const DATES = { mid2025: "2025-07-01", aug2025: "2025-08-20", lateNov2025: "2025-11-20", jan2026: "2026-01-15", mar2026: "2026-03-15" };

describe("sintered NdFeB magnets (8505.11.00.70), MFN 2.1%", () => {
  test("from China", () => {
    // mid-2025: 2.1 + 301 0 + fentanyl 20 (EO 14228) + reciprocal 10 (EO 14298; not yet Annex II) = 32.1
    expect(rate(NDFEB, "CN", DATES.mid2025)).toBeCloseTo(0.321, 12);
    // late Nov 2025: 2.1 + fentanyl 10 (from 2025-11-10) + reciprocal 0 (Annex II from 2025-09-08) = 12.1
    expect(rate(NDFEB, "CN", DATES.lateNov2025)).toBeCloseTo(0.121, 12);
    // Jan 2026: 2.1 + 301 25 (from 2026-01-01) + fentanyl 10 = 37.1
    expect(rate(NDFEB, "China", DATES.jan2026)).toBeCloseTo(0.371, 12);
    // Mar 2026: IEEPA gone from 2026-02-24; Section 122 exempt (9903.03.03 list): 2.1 + 25 = 27.1
    expect(rate(NDFEB, "CHN", DATES.mar2026)).toBeCloseTo(0.271, 12);
    // 2025-04-12: 2.1 + fentanyl 20 + reciprocal 125 (EO 14266) = 147.1
    expect(rate(NDFEB, "CN", "2025-04-12")).toBeCloseTo(1.471, 12);
    // 2025-04-09 only: China 84% (EO 14259): 2.1 + 20 + 84 = 106.1
    expect(rate(NDFEB, "CN", "2025-04-09")).toBeCloseTo(1.061, 12);
    // before any 2025 measure: MFN only (301 0% on magnets)
    expect(rate(NDFEB, "CN", "2024-12-31")).toBeCloseTo(0.021, 12);
  });
  test("from Malaysia", () => {
    expect(rate(NDFEB, "MY", DATES.mid2025)).toBeCloseTo(0.121, 12); // 2.1 + baseline 10
    expect(rate(NDFEB, "Malaysia", DATES.aug2025)).toBeCloseTo(0.211, 12); // 2.1 + 19 (EO 14326)
    expect(rate(NDFEB, "MYS", DATES.lateNov2025)).toBeCloseTo(0.021, 12); // Annex II exempt
    expect(rate(NDFEB, "MY", DATES.jan2026)).toBeCloseTo(0.021, 12);
    expect(rate(NDFEB, "MY", DATES.mar2026)).toBeCloseTo(0.021, 12); // Section 122 exempt
    expect(rate(NDFEB, "MY", "2025-04-09")).toBeCloseTo(0.261, 12); // one day at 24%
  });
  test("from Japan: the 15% all-in rule (EO 14345, retroactive to 2025-08-07)", () => {
    expect(rate(NDFEB, "JP", DATES.mid2025)).toBeCloseTo(0.121, 12);
    expect(rate(NDFEB, "Japan", DATES.aug2025)).toBeCloseTo(0.15, 12); // 2.1 + 12.9
    expect(rate(NDFEB, "JP", "2025-09-07")).toBeCloseTo(0.15, 12);
    expect(rate(NDFEB, "JP", "2025-09-08")).toBeCloseTo(0.021, 12); // Annex II keeps it exempt
    expect(rate(NDFEB, "JP", DATES.mar2026)).toBeCloseTo(0.021, 12);
    // a line with MFN 4.9% (8505.19.30): 15 − 4.9 = 10.1 reciprocal → 15 total
    expect(rate("8505.19.30", "JP", DATES.aug2025)).toBeCloseTo(0.15, 12);
  });
  test("SmCo (8505.11.00.50) is not on the Annex II or Section 122 lists", () => {
    expect(rate("8505.11.00.50", "CN", DATES.lateNov2025)).toBeCloseTo(0.221, 12); // 2.1 + 10 + 10
    expect(rate("8505.11.00.50", "CN", DATES.mar2026)).toBeCloseTo(0.371, 12); // 2.1 + 25 + 122 10
    expect(rate("8505.11.00.50", "AU", DATES.mar2026)).toBeCloseTo(0.121, 12); // 2.1 + 122 10
  });
});

describe("rare-earth oxides and compounds from China", () => {
  test("2846.90.20 mixtures of oxides (Free)", () => {
    expect(rate("2846.90.20", "CN", DATES.mid2025)).toBeCloseTo(0.2, 12); // fentanyl 20, reciprocal Annex II
    expect(rate("2846.90.20.40", "CN", DATES.lateNov2025)).toBeCloseTo(0.1, 12);
    expect(rate("2846902040", "CN", DATES.jan2026)).toBeCloseTo(0.1, 12);
    expect(rate("2846.90.20", "CN", DATES.mar2026)).toBe(0);
  });
  test("2846.90.80 other compounds (3.7%)", () => {
    expect(rate("2846.90.80", "CN", DATES.mid2025)).toBeCloseTo(0.237, 12);
    expect(rate("2846.90.80.90", "CN", DATES.lateNov2025)).toBeCloseTo(0.137, 12);
    expect(rate("2846.90.80", "CN", DATES.jan2026)).toBeCloseTo(0.137, 12);
    expect(rate("2846.90.80", "CN", DATES.mar2026)).toBeCloseTo(0.037, 12);
  });
  test("2805.30 metals (5%) and 2846.10 cerium compounds (5.5%)", () => {
    expect(rate("2805.30.00.20", "CN", DATES.mid2025)).toBeCloseTo(0.25, 12);
    expect(rate("2846.10", "CN", DATES.mar2026)).toBeCloseTo(0.055, 12);
  });
});

describe("overrides", () => {
  test("a hypothetical Section 232 rate from a future date replaces the built-in 0% and switches Section 122 off", () => {
    const ov = [["8505.11", "*", "Section 232", 0.25, "2026-03-01", null]];
    // 8505.11.00.50 SmCo, 2026-03-15: 2.1 + 301 25 + 232 25; Section 122 (10%) not on 232 articles → 52.1
    expect(rate("8505.11.00.50", "CN", DATES.mar2026, ov)).toBeCloseTo(0.521, 12);
    // before the override's from date the built-in stack stands: 2.1 + 25 + 10 = 37.1
    expect(rate("8505.11.00.50", "CN", "2026-02-28", ov)).toBeCloseTo(0.371, 12);
    // the override does not cover 2846 lines
    expect(rate("2846.90.80", "CN", DATES.mar2026, ov)).toBeCloseTo(0.037, 12);
  });
  test("a row with a new layer name adds a layer; percent text works; a header row is skipped", () => {
    const ov = [["hts prefix", "origin", "layer", "rate", "from", "to"], ["*", "CN", "Retaliation scenario", "15%", "2026-08-01", "2026-12-31"]];
    expect(rate(NDFEB, "CN", "2026-09-01", ov)).toBeCloseTo(0.271 + 0.15, 12);
    expect(rate(NDFEB, "MY", "2026-09-01", ov)).toBeCloseTo(0.021, 12);
  });
  test("malformed rows → #VALUE! naming the row and column", () => {
    const bad = one(attempt(() => tariffRate(NDFEB, "CN", DATES.mar2026, [["8505.11", "CN", "Section 301", 0.25, null, null], ["8505.11", "Atlantis", "Section 301", 0.25, null, null]])));
    expect(kindOf(bad)).toBe("VALUE");
    expect((bad as Error).message).toMatch(/row 2, column 2 \(origin\)/);
    const badRate = one(attempt(() => tariffRate(NDFEB, "CN", DATES.mar2026, [["8505.11", "CN", "Section 301", 25, null, null]])));
    expect((badRate as Error).message).toMatch(/row 1, column 4 \(rate\).*1000%/);
    const badDates = one(attempt(() => tariffRate(NDFEB, "CN", DATES.mar2026, [["8505.11", "CN", "Section 301", 0.3, "2026-05-01", "2026-04-01"]])));
    expect((badDates as Error).message).toMatch(/row 1, column 6 \(to\)/);
    const badCols = one(attempt(() => tariffRate(NDFEB, "CN", DATES.mar2026, [["8505.11", "CN", "Section 301", 0.3]])));
    expect((badCols as Error).message).toMatch(/6 columns/);
  });
  test("property: an overrides range whose rows are all blank changes nothing", () => {
    const hts = ["8505.11.00.70", "8505.11.00.50", "2846.90.20", "2846.90.80", "2805.30", "8505.19.30", "8501.32.20", "3606.90.30"];
    const origins = ["CN", "MY", "TH", "KH", "VN", "AU", "JP"];
    const blankCell = fc.constantFrom<unknown>(null, "", "  ");
    fc.assert(
      fc.property(
        fc.constantFrom(...hts),
        fc.constantFrom(...origins),
        fc.integer({ min: serialFromIso("2024-06-01")!, max: serialFromIso("2026-12-31")! }),
        fc.integer({ min: 1, max: 4 }),
        blankCell,
        (h, o, d, n, b) => {
          const blankRows = Array.from({ length: n }, () => Array.from({ length: 6 }, () => b));
          expect(rate(h, o, d, blankRows)).toBe(rate(h, o, d, null));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("properties", () => {
  /**
   * The rate of a code, or null where the code's lines pay different rates on the date (8505.11.00,
   * whose 8505.11.00.70 is exempt from the IEEPA reciprocal duty from 2025-09-08 and from Section 122):
   * then TARIFF_RATE, TARIFF_BREAKDOWN and DUTY all answer the same #N/A.
   */
  const rateOrNull = (h: string, o: string, d: number): number | null => {
    const v = one(tariffRate(h, o, d, null));
    if (typeof v === "number") return v;
    expect(h).toBe("8505.11.00");
    expect(kindOf(v)).toBe("NA");
    expect(() => tariffBreakdown(h, o, d, null)).toThrow((v as Error).message);
    expect(one(duty(100, h, o, d, null))).toEqual(v);
    return null;
  };
  const hts = fc.constantFrom("8505.11.00.70", "8505.11.00.50", "8505.11.00", "2846.90.20", "2846.90.80.75", "2805.30.00.90", "8505.19.10", "8501.32.45", "7202.99.80", "2612.20");
  const origin = fc.constantFrom("CN", "MY", "TH", "KH", "VN", "AU", "JP", "HK");
  const date = fc.integer({ min: serialFromIso("2025-01-01")!, max: serialFromIso("2026-10-31")! });
  test("the breakdown's layer rows sum to TARIFF_RATE, and the total row equals it", () => {
    fc.assert(
      fc.property(hts, origin, date, (h, o, d) => {
        const total = rateOrNull(h, o, d);
        if (total === null) return;
        const t = tariffBreakdown(h, o, d, null);
        const layers = t.slice(1, -1);
        const sum = layers.reduce((s, r) => s + (r[2] as number), 0);
        expect(sum).toBeCloseTo(total, 12);
        expect(t[t.length - 1][2]).toBe(total);
        expect(t[0]).toEqual(["layer", "legal basis", "rate", "from", "to", "status", "source"]);
      }),
      { numRuns: 300 },
    );
  });
  test("DUTY = value × TARIFF_RATE; LANDED_COST = value + duty + freight + insurance", () => {
    fc.assert(
      fc.property(hts, origin, date, fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e6 }), (h, o, d, v, f) => {
        const r = rateOrNull(h, o, d);
        if (r === null) return;
        const du = one(duty(v, h, o, d, null)) as number;
        expect(du).toBeCloseTo(v * r, 6);
        expect(one(landedCost(v, h, o, d, f, 7, null)) as number).toBeCloseTo(v + v * r + f + 7, 6);
      }),
      { numRuns: 200 },
    );
  });
  test("rates are never negative and MFN is always in the stack", () => {
    fc.assert(
      fc.property(hts, origin, date, (h, o, d) => {
        if (rateOrNull(h, o, d) === null) return;
        const t = tariffBreakdown(h, o, d, null);
        expect(t[1][0]).toBe("MFN");
        for (const r of t.slice(1)) expect(r[2] as number).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
  });
});

describe("inputs, broadcasting and errors", () => {
  test("HTS in any accepted form", () => {
    expect(htsDigits("8505.11.00.70")).toBe("8505110070");
    expect(htsDigits(8505110070)).toBe("8505110070");
    expect(htsDigits(8505.11)).toBe("850511");
    expect(htsDigits(2846.9)).toBe("284690"); // Excel drops the trailing zero of 2846.90
    expect(htsDigits("8505.11.0070")).toBe("8505110070");
    expect(() => htsDigits("85A5")).toThrow(/not an HTS code/);
    // 8505.11 → its only rate line 8505.11.00; on 2025-07-01, before NdFeB joined Annex II (2025-09-08),
    // every line under it pays 2.1 + 301 0 + fentanyl 20 + reciprocal 10 = 32.1
    expect(rate(8505.11, "CN", DATES.mid2025)).toBeCloseTo(0.321, 12);
    expect(rate(8505110099, "CN", DATES.lateNov2025)).toBeCloseTo(0.221, 12); // unknown suffix → 8505.11.00, not the NdFeB exemption
  });
  test("unknown or ambiguous HTS → #N/A with a message; unknown origin → #N/A", () => {
    expect(kindOf(one(tariffRate("9999.11", "CN", DATES.jan2026, null)))).toBe("NA");
    const amb = one(tariffRate("2846.90", "CN", DATES.jan2026, null));
    expect(kindOf(amb)).toBe("NA");
    expect((amb as Error).message).toMatch(/2846\.90\.20.*2846\.90\.80/);
    expect(kindOf(one(tariffRate(NDFEB, "Narnia", DATES.jan2026, null)))).toBe("NA");
    expect(kindOf(one(tariffRate(NDFEB, "CN", "yesterday", null)))).toBe("VALUE");
  });
  test("element-wise over columns, blank rows give \"\"", () => {
    const out = tariffRate([[NDFEB], [null], ["2846.90.20"]], [["CN"], [null], ["CN"]], DATES.jan2026, null);
    expect(out[0][0]).toBeCloseTo(0.371, 12);
    expect(out[1][0]).toBe("");
    expect(out[2][0]).toBeCloseTo(0.1, 12);
    const row = tariffRate(NDFEB, [["CN", "MY", "JP"]], [[DATES.jan2026], [DATES.mar2026]], null);
    expect(row.length).toBe(2);
    expect(row[0][1]).toBeCloseTo(0.021, 12);
    expect(row[1][0]).toBeCloseTo(0.271, 12);
  });
  test("DUTY refuses a negative value with #NUM!", () => {
    expect(kindOf(one(duty(-1, NDFEB, "CN", DATES.jan2026, null)))).toBe("NUM");
  });
  test("TARIFF_DELTA is exact for rates given to 1e-6", () => {
    expect(one(tariffDelta(10000, 0.121, 0.371))).toBe(2500);
    expect(one(tariffDelta(10000, "37.1%", "12.1%"))).toBe(-2500);
  });
});

describe("explanations and breakdown", () => {
  test("the explanation names each layer, the total, the date and unconfirmed status", () => {
    const t = one(tariffExplain(NDFEB, "CN", DATES.jan2026, null)) as string;
    expect(t).toMatch(/37\.1% = MFN 2\.1% \+ Section 301 25% \+ IEEPA fentanyl 10% \+ IEEPA reciprocal \(exempt\) 0%/);
    expect(t).toMatch(/2026-01-15/);
    const late = one(tariffExplain(NDFEB, "CN", "2026-09-01", null)) as string;
    expect(late).toMatch(/after the tariff data horizon 2026-07-23.*UNCONFIRMED/);
    const unc = one(tariffExplain("8501.32.20", "CN", DATES.jan2026, null)) as string;
    expect(unc).toMatch(/Unconfirmed: Section 301/);
  });
  test("breakdown dates are Excel serials, the total row carries the entry date", () => {
    const t = tariffBreakdown(NDFEB, "CN", DATES.jan2026, null);
    const s301 = t.find((r) => r[0] === "Section 301")!;
    expect(s301[3]).toBe(serialFromIso("2026-01-01"));
    expect(s301[4]).toBe("");
    const last = t[t.length - 1];
    expect(last[0]).toBe("Total");
    expect(last[3]).toBe(serialFromIso(DATES.jan2026));
  });
  test("the 122/232 exclusion shows as a 0 row with the rule", () => {
    const t = tariffBreakdown("8505.11.00.50", "CN", DATES.mar2026, [["8505.11", "*", "Section 232", 0.25, "2026-03-01", null]]);
    const r122 = t.find((r) => String(r[0]).startsWith("Section 122"))!;
    expect(r122[0]).toBe("Section 122 (excluded)");
    expect(r122[2]).toBe(0);
    expect(t.find((r) => r[0] === "Section 232")![5]).toBe("override");
  });
});

describe("the column fast path agrees with element-by-element evaluation", () => {
  test("property: random columns with blanks, zeros, bad codes and repeated rows", () => {
    const cell = fc.constantFrom<unknown>("8505.11.00.70", "2846.90.80", 8505110050, "9999.11", null, "", 0, "8505.19.30");
    const org = fc.constantFrom<unknown>("CN", "MY", "Japan", null, 0, "Narnia");
    const day = fc.constantFrom<unknown>(45800, 45981, 46037, 46096, "2026-09-01", null, "bad");
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, org, day), { minLength: 1, maxLength: 30 }), (rows) => {
        const col = tariffRate(rows.map((r) => [r[0]]), rows.map((r) => [r[1]]), rows.map((r) => [r[2]]), null);
        rows.forEach((r, i) => {
          // the generic path: a 1×2 range forces mapElements, element 0 is the row under test
          const gen = tariffRate([[r[0], "8505.11.00.70"]], [[r[1], "CN"]], [[r[2], 46037]], null)[0][0];
          const got = col[i][0];
          if (isTradeError(gen)) expect(kindOf(got)).toBe(gen.kind);
          else expect(got).toEqual(gen);
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe("review fixes: user-defined lines, exemptions under overrides, short codes, blank as_of", () => {
  const MAR1 = "2026-03-01";
  // 8471.30.01 (laptops) is not in the built-in table.
  const LAPTOP = [
    ["8471.30", "*", "MFN", 0.05, null, null],
    ["8471.30", "CN", "Section 301", 0.25, "2026-01-01", null],
  ];
  const textOf = (m: unknown[][]): string => String(m[0][0]);

  test("an override row's HTS prefix makes a code outside the table a user-defined line, for that call only", () => {
    // CN on 2026-03-01: MFN row 5 + Section 301 row 25 = 30; the built-in Section 122 10% (every line)
    // is NOT added (it would make 40): only override rows apply to a line outside the table.
    expect(rate("8471.30.01", "CN", MAR1, LAPTOP)).toBeCloseTo(0.3, 12);
    // MY: only the "*" MFN row covers it → 5
    expect(rate("8471.30.01", "MY", MAR1, LAPTOP)).toBeCloseTo(0.05, 12);
    // CN before the 301 row's from date (2026-01-01): MFN 5 only
    expect(rate("8471.30.01", "CN", "2025-12-31", LAPTOP)).toBeCloseTo(0.05, 12);
    // nothing leaks into a later call: without overrides it is #N/A again, with another MFN (8%) it is 8 + 25 = 33
    expect(kindOf(one(tariffRate("8471.30.01", "CN", MAR1, null)))).toBe("NA");
    expect(rate("8471.30.01", "CN", MAR1, [["8471.30", "*", "MFN", 0.08, null, null], LAPTOP[1]])).toBeCloseTo(0.33, 12);
    // a column through the fast path mixes user and built-in lines: 30 and NdFeB's built-in 27.1 (2.1 + 25, 122 exempt)
    const col = tariffRate([["8471.30.01"], [NDFEB]], [["CN"], ["CN"]], MAR1, LAPTOP);
    expect(col[0][0]).toBeCloseTo(0.3, 12);
    expect(col[1][0]).toBeCloseTo(0.271, 12);
  });
  test("the user-defined line in TARIFF_EXPLAIN and TARIFF_BREAKDOWN (status override)", () => {
    const t = textOf(tariffExplain("8471.30.01", "CN", MAR1, LAPTOP));
    expect(t).toContain("user-defined line: only your override rows apply; built-in layers are not applied to lines outside the table");
    expect(t).toMatch(/30% = MFN 5% \[override\] \+ Section 301 25% \[override\]\. Status: override\./);
    const b = tariffBreakdown("8471.30.01", "CN", MAR1, LAPTOP);
    expect(b.map((r) => r[0])).toEqual(["layer", "MFN", "Section 301", "Total"]);
    expect(b[3][5]).toBe("override");
    expect(String(b[3][1])).toContain("user-defined line");
  });
  test("a user-defined line without an MFN row: the stack lacks MFN and says so", () => {
    const only301 = [LAPTOP[1]];
    expect(rate("8471.30.01", "CN", MAR1, only301)).toBeCloseTo(0.25, 12); // 301 only
    expect(textOf(tariffExplain("8471.30.01", "CN", MAR1, only301))).toMatch(/No MFN: .*add an MFN overrides row/);
    const b = tariffBreakdown("8471.30.01", "CN", MAR1, only301);
    expect(b.map((r) => r[0])).toEqual(["layer", "Section 301", "Total"]);
  });
  test("\"*\" rows apply to a user-defined line, and the 232/122 stacking rule still holds", () => {
    // MFN 5 + the user's Section 122 15% on every line = 20
    expect(rate("8471.30.01", "CN", MAR1, [LAPTOP[0], ["*", "*", "Section 122", 0.15, "2026-02-24", "2026-07-23"]])).toBeCloseTo(0.2, 12);
    // MFN 0 + Section 232 25 + Section 122 10 excluded (Proclamation 11012 note 2(aa)(v): not on 232 articles) = 25
    const ov = [["8471.30", "*", "MFN", 0, null, null], ["8471.30", "*", "Section 232", 0.25, null, null], ["8471.30", "*", "Section 122", 0.1, null, null]];
    expect(rate("8471.30.01", "CN", MAR1, ov)).toBeCloseTo(0.25, 12);
  });
  test("without an override row whose prefix covers the code: #N/A saying so", () => {
    const msg = (ov: unknown, h = "8471.30.01", o = "CN"): string => {
      const e = one(tariffRate(h, o, MAR1, ov));
      expect(kindOf(e)).toBe("NA");
      return (e as Error).message;
    };
    expect(msg(null)).toMatch(/no overrides row's hts prefix \(other than "\*"\) covers it/);
    expect(msg([["8471.40", "*", "MFN", 0.05, null, null]])).toMatch(/hts prefix/); // another heading
    expect(msg(LAPTOP, "8471")).toMatch(/hts prefix/); // the code is shorter than the row's prefix
    expect(msg([["*", "*", "MFN", 0.05, null, null]])).toMatch(/hts prefix/); // "*" does not define a line
    // covered by a prefix, but no row for that origin and date
    expect(msg([["8471.30", "CN", "MFN", 0.05, null, null]], "8471.30.01", "MY")).toMatch(/none of your overrides rows covers it for origin MY on 2026-03-01/);
  });

  const S122_ALL = [["*", "*", "Section 122", 0.15, "2026-02-24", "2026-07-23"]];
  test("a \"*\" override keeps a more specific built-in exemption, and says so", () => {
    // NdFeB: 2.1 + 301 25 + 232 0 + 122 exempt (9903.03.03 list, prefix 8505.11.00.70 is longer than "*") = 27.1
    expect(rate(NDFEB, "CN", MAR1, S122_ALL)).toBeCloseTo(0.271, 12);
    // SmCo is not on the list: 2.1 + 25 + 0 + 15 = 42.1
    expect(rate("8505.11.00.50", "CN", MAR1, S122_ALL)).toBeCloseTo(0.421, 12);
    // 8505.11 prefix (6 digits) is still shorter than the exemption's 10: kept, 27.1
    expect(rate(NDFEB, "CN", MAR1, [["8505.11", "*", "Section 122", 0.15, "2026-02-24", "2026-07-23"]])).toBeCloseTo(0.271, 12);
    // IEEPA reciprocal, 2025-11-20: 2.1 + fentanyl 10 + reciprocal exempt (Annex II, 8505.11.00.70) = 12.1, not 32.1
    expect(rate(NDFEB, "CN", DATES.lateNov2025, [["*", "*", "IEEPA reciprocal", 0.2, "2025-11-01", "2025-12-31"]])).toBeCloseTo(0.121, 12);
    const t = textOf(tariffExplain(NDFEB, "CN", MAR1, S122_ALL));
    // the Section 122 exemption list is confirmed-2nd per line (a transcription of the 9903.03.03 list), so no [unconfirmed] tag
    expect(t).toMatch(/Section 122 \(exempt\) 0% \(.*built-in exemption kept: your overrides row 1 \(\*, every origin\) is less specific than the exemption \(8505\.11\.00\.70, every origin\)\)/);
    const row = tariffBreakdown(NDFEB, "CN", MAR1, S122_ALL).find((r) => r[0] === "Section 122 (exempt)")!;
    expect(row[2]).toBe(0);
    expect(String(row[1])).toMatch(/heading 9903\.03\.03.*built-in exemption kept: your overrides row 1/);
  });
  test("an override as specific as the exemption (same prefix, or an explicit origin) overrides it, and says so", () => {
    // same 10-digit prefix: 2.1 + 25 + 0 + 15 = 42.1
    const same = [[NDFEB, "*", "Section 122", 0.15, "2026-02-24", "2026-07-23"]];
    expect(rate(NDFEB, "CN", MAR1, same)).toBeCloseTo(0.421, 12);
    // explicit origin CN against the origin-wide exemption: CN 42.1; MY is not covered by the row → built-in exempt: 2.1 + 232 0 = 2.1
    const cn = [["*", "CN", "Section 122", 0.15, "2026-02-24", "2026-07-23"]];
    expect(rate(NDFEB, "CN", MAR1, cn)).toBeCloseTo(0.421, 12);
    expect(rate(NDFEB, "MY", MAR1, cn)).toBeCloseTo(0.021, 12);
    expect(textOf(tariffExplain(NDFEB, "CN", MAR1, cn))).toMatch(/Section 122 15% \[override\] \(your overrides row 1 \(\*, CN\) overrides the built-in exemption \(8505\.11\.00\.70, every origin: Proclamation 11012/);
    const row = tariffBreakdown(NDFEB, "CN", MAR1, same).find((r) => r[0] === "Section 122")!;
    expect(row[2]).toBeCloseTo(0.15, 12);
    expect(String(row[1])).toMatch(/^user override \(row 1 of overrides\); your overrides row 1 \(8505\.11\.00\.70, every origin\) overrides the built-in exemption/);
  });

  test("a short code whose lines pay different rates on the date is #N/A naming each line's rate and asking for the 10-digit code", () => {
    // 2026-03-01: 8505.11.00.10/.30/.50/.90 pay 2.1 + 301 25 + 232 0 + 122 10 = 37.1; 8505.11.00.70 is exempt from Section 122: 27.1
    for (const code of [8505.11, "8505.11", "8505.11.00"]) {
      const v = one(tariffRate(code, "CN", MAR1, null));
      expect(kindOf(v)).toBe("NA");
      const msg = (v as Error).message;
      expect(msg).toMatch(/^hts: 8505\.11\.00 covers US lines with different rates from CN on 2026-03-01: 8505\.11\.00\.70 \(.*neodymium.*\) 27\.1%; 8505\.11\.00\.10, 8505\.11\.00\.30, 8505\.11\.00\.50, 8505\.11\.00\.90 37\.1%; give the 10-digit code$/);
      expect(msg.length).toBeLessThanOrEqual(255); // Excel keeps about 255 characters of a message
    }
    // 2026-01-15: 2.1 + 25 + fentanyl 10 + reciprocal 10 = 47.1; 8505.11.00.70 in Annex II (from 2025-09-08): 37.1
    expect((one(tariffRate(8505.11, "CN", DATES.jan2026, null)) as Error).message).toMatch(/8505\.11\.00\.70 .* 37\.1%; 8505\.11\.00\.10, .* 47\.1%; give the 10-digit code/);
    // Japan on 2026-01-15: the 15% all-in rule tops MFN 2.1 up to 15; NdFeB is exempt from the reciprocal duty: MFN 2.1 only
    expect((one(tariffRate("8505.11", "JP", DATES.jan2026, null)) as Error).message).toMatch(/from JP on 2026-01-15: 8505\.11\.00\.70 .* 2\.1%; 8505\.11\.00\.10, .* 15%;/);
    // the explanation and the breakdown answer the same #N/A (no number with "ambiguous" in the text)
    expect(kindOf(one(tariffExplain(8505.11, "CN", MAR1, null)))).toBe("NA");
    expect(() => tariffBreakdown("8505.11.00", "CN", MAR1, null)).toThrow(/give the 10-digit code/);
  });
  test("a short code answers a number exactly when every line under it pays the same rate on the date", () => {
    // against the 10-digit lines' own rates, on every 10th day of 2025-2026 and several origins
    const subs = ["10", "30", "50", "70", "90"].map((x) => `8505.11.00.${x}`);
    for (const o of ["CN", "JP", "MY", "AU"])
      for (let d = serialFromIso("2025-01-01")!; d <= serialFromIso("2026-12-31")!; d += 10) {
        const each = subs.map((c) => rate(c, o, d));
        const short = one(tariffRate("8505.11", o, d, null));
        if (each.every((r) => r === each[0])) expect(short).toBe(each[0]);
        else {
          expect(kindOf(short)).toBe("NA");
          for (const r of new Set(each)) expect((short as Error).message).toContain(`${Number((r * 100).toFixed(4))}%`);
        }
      }
  });
  test("no #N/A where no line differs: before the exemption, on a 10-digit code, or when an override removes the difference", () => {
    // 2025-07-01: NdFeB not yet in Annex II (from 2025-09-08): every line pays the general line's rate
    expect(textOf(tariffExplain(8505.11, "CN", DATES.mid2025, null))).toContain("32.1% = ");
    // a 10-digit code: its own rate (status from its MFN line, confirmed-2nd in hts_us.json)
    expect(textOf(tariffExplain("8505.11.00.50", "CN", MAR1, null))).toContain("Status: confirmed-2nd.");
    // a 10-digit 122 row at 10% for 8505.11.00.70 overrides its exemption: every sub-line pays 37.1 → a number
    const ov = [[NDFEB, "*", "Section 122", 0.1, "2026-02-24", "2026-07-23"]];
    expect(rate(8505.11, "CN", MAR1, ov)).toBeCloseTo(0.371, 12);
    // Section 122's 10% is confirmed by secondary sources (CBP guidance as summarized) → confirmed-2nd
    expect(textOf(tariffExplain(8505.11, "CN", MAR1, ov))).toContain("Status: confirmed-2nd.");
    // and an override that makes one 10-digit line differ makes the short code #N/A
    const one70 = [["8505.11.00.10", "CN", "Section 301", 0, "2026-01-01", null]];
    expect((one(tariffRate("8505.11.00", "CN", MAR1, one70)) as Error).message).toMatch(/8505\.11\.00\.10 .* 12\.1%;/);
  });

  test("TARIFF_DELTA refuses a negative value with #NUM!, like DUTY and LANDED_COST", () => {
    expect(kindOf(one(tariffDelta(-100, 0.1, 0.2)))).toBe("NUM");
    expect(one(tariffDelta(0, 0.1, 0.2))).toBe(0); // 0 × (20 − 10)% = 0
    expect(one(tariffDelta(100, 0.1, 0.2))).toBe(10); // 100 × (20 − 10)% = 10
  });

  test("a blank as_of is said to be the calculation date, in the explanation and the breakdown's total row", () => {
    const phrase = "(the calculation date: as_of was blank)";
    for (const blank of [null, "", 0]) expect(textOf(tariffExplain(NDFEB, "CN", blank, null))).toContain(`entered ${todayIso()} ${phrase}`);
    expect(textOf(tariffExplain(NDFEB, "CN", DATES.jan2026, null))).not.toContain(phrase);
    // same date given and blank in one call: the explanations differ (the stack cache keeps the flag)
    const both = tariffExplain(NDFEB, "CN", [[null], [todayIso()]], null);
    expect(String(both[0][0])).toContain(phrase);
    expect(String(both[1][0])).not.toContain(phrase);
    const b = tariffBreakdown(NDFEB, "CN", null, null);
    expect(String(b[b.length - 1][1])).toContain(`entry on ${todayIso()} ${phrase}`);
    const given = tariffBreakdown(NDFEB, "CN", DATES.jan2026, null);
    expect(given[given.length - 1][1]).toBe("sum of the layers for entry on 2026-01-15");
  });
});

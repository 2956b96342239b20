/**
 * SUPPLY_SHARE / CONCENTRATION against hand calculations from the USGS and IEA tables
 * (§1a/§1b USGS tables, §2 stage shares).
 */
import { capture, isTradeError, TradeError } from "../../src/core/errors";
import { mapElements } from "../../src/core/broadcast";
import { concentration, concentrationExplain, supplyShare, supplyShareExplain, toStage } from "../../src/core/models/supply";

const kind = (f: () => unknown) => {
  const r = capture(f);
  return isTradeError(r) ? (r as TradeError).kind : "ok";
};

describe("SUPPLY_SHARE", () => {
  test("mining from USGS: production / rounded world total", () => {
    // MCS 2026, 2025e: China 270,000 / 390,000 = 0.692308 (ref §1d: 69.2%)
    expect(supplyShare("China").value).toBeCloseTo(0.6923077, 6);
    expect(supplyShare("CN", "mining", 2025).value).toBeCloseTo(0.6923077, 6);
    // 2024: newest edition reporting it is MCS 2026: 45,500 / 380,000 = 0.119737
    expect(supplyShare("United States", null, 2024).value).toBeCloseTo(0.1197368, 6);
    // MCS 2025 edition: 45,000 / 390,000 = 0.115385 (ref §1d: 11.5%)
    expect(supplyShare("USA", "mining", 2024, "MCS 2025").value).toBeCloseTo(0.1153846, 6);
    expect(supplyShare("Canada", "mining", 2024).value).toBe(0); // "—" = zero
    const r = supplyShare("Burma", "mining", 2024, "MCS 2025"); // 31,000 / 390,000
    expect(r.value).toBeCloseTo(0.0794872, 6);
    expect(r.status).toBe("derived");
  });
  test("refining and magnets from the stage shares (secondary)", () => {
    expect(supplyShare("China", "refining", 2023).value).toBe(0.92);
    expect(supplyShare("Malaysia", "separation/refining", 2023).value).toBe(0.05);
    expect(supplyShare("China", "refining").value).toBe(0.91); // IEA commentary 2025-10-23, ~2024
    expect(supplyShare("China", "magnets").value).toBe(0.94);
    expect(supplyShare("China", "magnets").status).toBe("confirmed-2nd");
    // Mining years USGS does not cover come from the IEA projections: 2030 China 54%.
    expect(supplyShare("China", "mining", 2030).value).toBe(0.54);
    expect(supplyShare("China", "mining", 2023, "IEA GCMO 2024").value).toBe(0.62);
  });
  test("errors: unknown country #N/A, not listed #N/A, unknown stage #VALUE!, bad year #VALUE!", () => {
    expect(kind(() => supplyShare("Narnia"))).toBe("NA");
    expect(kind(() => supplyShare("Germany"))).toBe("NA");
    expect(kind(() => supplyShare("Japan", "magnets"))).toBe("NA");
    expect(kind(() => supplyShare("China", "smelting"))).toBe("VALUE");
    expect(kind(() => supplyShare("China", null, 1850))).toBe("VALUE");
    expect(kind(() => supplyShare("China", null, 2019))).toBe("NA");
    expect(kind(() => supplyShare("China", null, null, "MCS 1999"))).toBe("NA");
    expect(kind(() => supplyShare(null))).toBe("VALUE");
  });
  test("explain names the edition, status and sources", () => {
    expect(supplyShareExplain("China", "magnets")).toMatch(/94% of sintered-magnet making in 2024.*IEA commentary.*secondary/);
    expect(supplyShareExplain("China")).toMatch(/69\.23% of world mine production in 2025; MCS 2026.*derived/);
  });
});

describe("CONCENTRATION", () => {
  test("mining HHI from the USGS country rows (Other excluded)", () => {
    // MCS 2026 2025e, shares of 390,000: Σ (100·x/390,000)² over the 12 non-zero countries = 5054.42
    expect(concentration("mining", 2025).hhi).toBeCloseTo(5054.4237, 3);
    expect(concentration("mining").hhi).toBeCloseTo(5054.4237, 3);
    // MCS 2026 2024 (of 380,000) = 5302.25
    expect(concentration("mining", 2024).hhi).toBeCloseTo(5302.2481, 3);
    expect(concentration("mining", 2024).lowerBound).toBe(false);
  });
  test("IEA stages: HHI of the listed shares, a lower bound", () => {
    const m = concentration("magnets"); // 94² = 8836, the rest (6%) unknown: ≤ 8836 + 36
    expect(m.hhi).toBeCloseTo(8836, 9);
    expect(m.lowerBound).toBe(true);
    expect(m.upperBound).toBeCloseTo(8872, 9);
    expect(concentration("refining", 2023).hhi).toBeCloseTo(8489, 9); // 92² + 5²
    expect(concentration("mining", 2030).hhi).toBeCloseTo(3321, 9); // IEA 2030: 54² + 18² + 9²
    expect(concentrationExplain("magnets")).toMatch(/HHI 8836.*lower bound/);
  });
  test("errors", () => {
    expect(kind(() => concentration("smelting"))).toBe("VALUE");
    expect(kind(() => concentration("magnets", 2019))).toBe("NA");
  });
});

describe("desktop Excel's 0 for an empty cell", () => {
  // The same specs as SUPPLY_SHARE / CONCENTRATION in src/functions/models.ts.
  const SHARE = [{ name: "country", required: true, zeroIsBlank: true }, { name: "stage" }, { name: "year" }, { name: "edition" }];
  const CONC = [{ name: "stage", required: true, zeroIsBlank: true }, { name: "year" }, { name: "edition" }];
  test('SUPPLY_SHARE over a whole column: 0 and null rows give ""', () => {
    const out = mapElements([[["CN"], [0], [null]], "mining", 2024, null], SHARE, (v) => supplyShare(v[0], v[1], v[2], v[3]).value);
    // MCS 2026 (newest edition reporting 2024): China 270,000 / world 380,000 = 27/38 = 0.7105263
    expect(out[0][0]).toBeCloseTo(27 / 38, 12);
    expect(out.slice(1)).toEqual([[""], [""]]);
  });
  test('CONCENTRATION over a whole column: a 0 stage is blank (""), not "mining"', () => {
    const out = mapElements([[["refining"], [0], [null]], 2023, null], CONC, (v) => concentration(v[0], v[1], v[2]).hhi);
    // IEA GCMO 2024, refining 2023: China 92%, Malaysia 5% → 92² + 5² = 8464 + 25 = 8489
    expect(out[0][0]).toBeCloseTo(8489, 9);
    expect(out.slice(1)).toEqual([[""], [""]]);
  });
  test("toStage: the default only for the optional stage; the required stage refuses blank and 0", () => {
    expect(toStage(0, "stage", "mining")).toBe("mining");
    expect(toStage(null, "stage", "mining")).toBe("mining");
    expect(kind(() => toStage(0))).toBe("VALUE");
    expect(kind(() => toStage(null))).toBe("VALUE");
    expect(kind(() => concentration(0))).toBe("VALUE");
    expect((capture(() => concentration(0)) as TradeError).message).toContain("stage is blank");
    // SUPPLY_SHARE's stage is optional: 0 (an empty desktop cell) = "mining": 270,000 / 380,000 in 2024
    expect(supplyShare("CN", 0, 2024).value).toBeCloseTo(27 / 38, 12);
  });
  test("a 0 country is blank, not the country \"0\"", () => {
    const e = capture(() => supplyShare(0)) as TradeError;
    expect(e.kind).toBe("VALUE");
    expect(e.message).toContain("country is blank");
  });
});

describe("CONCENTRATION memo is keyed on the matched edition", () => {
  test("spellings of one edition share one result; unmatched text still #N/A", () => {
    // IEA GCMO 2024, refining 2023: 92² + 5² = 8489
    const a = concentration("refining", 2023, "IEA GCMO 2024");
    expect(a.hhi).toBeCloseTo(8489, 9);
    expect(concentration("refining", 2023, "iea gcmo 2024")).toBe(a);
    expect(concentration("refining", 2023, " IEA  GCMO 2024 ")).toBe(a);
    // USGS: "2025", "MCS 2025" and "mcs 2025" are one edition (data years 2023 and 2024; the latest, 2024, by default).
    const m = concentration("mining", null, "MCS 2025");
    expect(concentration("mining", null, "2025")).toBe(m);
    expect(concentration("mining", null, "mcs 2025")).toBe(m);
    expect(m.edition).toBe("MCS 2025");
    expect(m.year).toBe(2024);
    // "2025" is ambiguous for refining (IEA GCMO 2025 and IEA commentary 2025-10-23): #N/A naming both.
    const e = capture(() => concentration("refining", null, "2025")) as TradeError;
    expect(e.kind).toBe("NA");
    expect(e.message).toContain("IEA commentary 2025-10-23");
  });
});

/**
 * BOM roll-ups: RAREEARTH_SHARE and CN_CONTROLLED_VALUE. Hand calculations in
 * comments. Part 1 (MOFCOM Ann. 61/2025 Annex 1): metals of Sm, Dy, Gd, Tb, Lu, Sc, Y;
 * SmCo, TbFe, DyFe, TbDyFe alloys; Dy and Tb oxides. Nd and Pr are not Part 1.
 * Lines count only while the 0.1% rule itself (Ann. 61 cl. 1(1)) is in force: it
 * takes effect 2025-12-01 (the Annex 1 list's own date, 2025-10-09, is not the
 * gate) and Ann. 61 is suspended 2025-11-07 to 2026-11-10 as written.
 */
import fc from "fast-check";
import { cnControlledValue, cnLicenseRequired, rareEarthShare } from "../../src/core/china";
import { TradeError, capture } from "../../src/core/errors";
import { serialFromIso } from "../../src/core/dates";

const today = () => serialFromIso("2026-11-30")!;
const col = (xs: unknown[]) => xs.map((x) => [x]);
const kind = (v: unknown) => (v instanceof TradeError ? v.kind : v);
const cv = (values: unknown[], items: unknown[], origins: unknown[], asOf?: unknown, regime?: unknown) =>
  capture(() => cnControlledValue(col(values), col(items), col(origins), asOf ?? null, regime ?? null, today));

describe("CN_CONTROLLED_VALUE", () => {
  // A magnet's BOM with mixed origins and items.
  const values = [0.4, 0.3, 2.0, 0.05, 1.0, 0.02, 0.01];
  const items = ["DyFe alloy", "Nd", "Tb oxide", "dysprosium oxide", "other", "Tb", "Dy2O3"];
  const origins = ["CN", "China", "MY", "PRC", "CN", "Hong Kong", "People's Republic of China"];
  // Counted: DyFe (CN) 0.4 + Dy oxide (PRC) 0.05 + Dy2O3 (PRC by name) 0.01 = 0.46.
  // Not counted: Nd (not Part 1), Tb oxide from Malaysia, "other", Tb from Hong Kong (not China).
  test("mixed origins and items after the suspension (as written)", () => {
    expect(cv(values, items, origins, "2026-12-01")).toBe(0.46);
    expect(cv(values, items, origins)).toBe(0.46); // blank as_of = 2026-11-30
  });
  test("inside the suspension: 0 as written and under 'suspended'; the content under 'in_force'", () => {
    expect(cv(values, items, origins, "2026-03-01")).toBe(0);
    expect(cv(values, items, origins, "2026-03-01", "suspended")).toBe(0);
    expect(cv(values, items, origins, "2026-03-01", "in_force")).toBe(0.46);
    expect(cv(values, items, origins, "2027-03-01", "suspended")).toBe(0);
  });
  // Gated on cl. 1(1) (effective 2025-12-01), not on Annex 1 (2025-10-09):
  //  as_written: 10-09 and 11-06 before 12-01 → not yet effective; 11-30 and 12-01 inside the
  //    Ann. 70 window 2025-11-07..2026-11-10 → suspended. 0 on all four dates.
  //  in_force (suspension ignored): 10-09, 11-06, 11-30 before 12-01 → 0; 12-01 → 0.46.
  // CN_LICENSE_REQUIRED on the same content (0.46 of a 50 product = 0.92% ≥ 0.1%) agrees:
  // TRUE exactly where the value is counted.
  test.each([
    ["2025-10-08", 0, 0],
    ["2025-10-09", 0, 0],
    ["2025-11-06", 0, 0],
    ["2025-11-30", 0, 0],
    ["2025-12-01", 0, 0.46],
    ["2026-11-11", 0.46, 0.46],
  ])("gated on the 0.1%% rule's clause 1(1): %s as_written %s, in_force %s", (date, asWritten, inForce) => {
    expect(cv(values, items, origins, date)).toBe(asWritten);
    expect(cv(values, items, origins, date, "as_written")).toBe(asWritten);
    expect(cv(values, items, origins, date, "in_force")).toBe(inForce);
    for (const [regime, counted] of [["as_written", asWritten], ["in_force", inForce]] as const) {
      expect(cnLicenseRequired(0.46, 50, null, date, regime, null, today)[0][0]).toBe(counted > 0);
    }
  });
  test("origins as codes and names; Hong Kong, Macao and Taiwan are not China", () => {
    for (const o of ["CN", "cn", "CHN", "China", "PRC", "Mainland China"]) expect(cv([1], ["Dy"], [o], "2027-01-01")).toBe(1);
    for (const o of ["HK", "Hong Kong", "Macao", "Taiwan", "MY", "Malaysia"]) expect(cv([1], ["Dy"], [o], "2027-01-01")).toBe(0);
    const u = cv([1], ["Dy"], ["Atlantis"], "2027-01-01") as TradeError;
    expect(u.kind).toBe("NA");
    expect(u.message).toContain("line_origins (line 1)");
  });
  test("items: Part 1 names and aliases count; other rare earths and forms are known but do not count", () => {
    const p1 = [
      "Sm metal",
      "samarium-cobalt alloy",
      "TbFe alloy",
      "Tb-Fe alloy",
      "TbDyFe",
      "Dy",
      "dysprosium",
      "Lu",
      "Sc metal",
      "Y",
      "Gd metal",
      "terbium oxide",
      "DY OXIDE",
    ];
    expect(
      cv(
        p1.map(() => 1),
        p1,
        p1.map(() => "CN"),
        "2027-01-01",
      ),
    ).toBe(p1.length);
    const notP1 = ["Nd", "Pr", "La", "Ce", "Ho", "Eu", "Nd oxide", "Gd oxide", "Sm oxide", "NdFeB magnet", "NdPr oxide", "other", "none"];
    expect(
      cv(
        notP1.map(() => 1),
        notP1,
        notP1.map(() => "CN"),
        "2027-01-01",
      ),
    ).toBe(0);
  });
  test("unknown or ambiguous items → #N/A naming the line", () => {
    const u = cv([1, 2], ["Dy", "unobtainium"], ["CN", "CN"], "2027-01-01") as TradeError;
    expect(u.kind).toBe("NA");
    expect(u.message).toContain("line_items (line 2)");
    expect(u.message).toContain('"unobtainium"');
    const a = cv([1], ["Dy alloy"], ["CN"], "2027-01-01") as TradeError;
    expect(a.kind).toBe("NA");
    expect(a.message).toContain("Dysprosium-iron alloy");
  });
  test("decimal sums: 0.1 + 0.2 of DyFe is 0.3", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(cv([0.1, 0.2], ["DyFe", "DyFe"], ["CN", "CN"], "2027-01-01")).toBe(0.3);
  });
  test("blank rows are skipped; all blank → empty; a value without item or origin is an error", () => {
    expect(cv([0.4, null, 0, "", 0.1], ["Dy", null, 0, "", "Tb"], ["CN", null, 0, "", "CN"], "2027-01-01")).toBe(0.5);
    expect(cv([null, null], [null, null], [null, null], "2027-01-01")).toBe("");
    const noItem = cv([0.4], [null], ["CN"], "2027-01-01") as TradeError;
    expect(noItem.kind).toBe("VALUE");
    expect(noItem.message).toContain("line_items: line 1 is blank");
    expect(kind(cv([0.4], ["Dy"], [null], "2027-01-01"))).toBe("VALUE");
    expect(kind(cv([-0.4], ["Dy"], ["CN"], "2027-01-01"))).toBe("NUM");
    expect(kind(cv(["abc"], ["Dy"], ["CN"], "2027-01-01"))).toBe("VALUE");
    expect(kind(cv([1], [{ code: "#N/A" }], ["CN"], "2027-01-01"))).toBe("NA");
  });
  test("ranges of different sizes → #VALUE!; unknown regime → #VALUE! listing options", () => {
    expect(kind(capture(() => cnControlledValue([[1], [2]], [["Dy"]], [["CN"], ["CN"]], null, null, today)))).toBe("VALUE");
    const r = cv([1], ["Dy"], ["CN"], null, "maybe") as TradeError;
    expect(r.kind).toBe("VALUE");
    expect(r.message).toContain('"as_written", "in_force" or "suspended"');
  });
  test("a ragged range (not rectangular) is #VALUE! naming the argument and row, wherever the bad row is", () => {
    // rows after the first are not walked up front (the hot loop checks them): the 3rd row has two cells
    const bad = capture(() => cnControlledValue([[1], [2], [3, 4]], [["Dy"], ["Dy"], ["Dy"]], [["CN"], ["CN"], ["CN"]], "2027-01-01", null, today));
    expect(kind(bad)).toBe("VALUE");
    expect((bad as TradeError).message).toBe("line_values: the range is not rectangular (row 3)");
    const badItems = capture(() => cnControlledValue([[1], [2]], [["Dy"], "Dy"], [["CN"], ["CN"]], "2027-01-01", null, today));
    expect((badItems as TradeError).message).toBe("line_items: the range is not rectangular (row 2)");
  });
  test("a BOM laid out as a row works like a column", () => {
    expect(cnControlledValue([[0.4, 1]], [["DyFe", "Nd"]], [["CN", "CN"]], "2027-01-01", null, today)).toBe(0.4);
  });
});

describe("RAREEARTH_SHARE", () => {
  const share = (values: unknown[], pv: unknown, origins?: unknown[], origin?: unknown) =>
    capture(() => rareEarthShare(col(values), pv, origins ? col(origins) : null, origin ?? null));
  test("sum of the lines ÷ product value", () => {
    expect(share([1, 2, 3], 60)).toBe(0.1); // 6 / 60
    expect(share([0.1, 0.2], 3)).toBe(0.1); // 0.3 / 3, decimal sum
    expect(share([1, null, 2], 30)).toBe(0.1);
  });
  test("only lines of one origin, codes and names", () => {
    const o = ["CN", "MY", "China"];
    expect(share([1, 2, 3], 40, o, "CN")).toBe(0.1); // (1 + 3) / 40
    expect(share([1, 2, 3], 40, o, "China")).toBe(0.1);
    expect(share([1, 2, 3], 40, o, "Malaysia")).toBe(0.05); // 2 / 40
    expect(share([1, 2, 3], 40, ["HK", "MY", "CN"], "CN")).toBe(0.075); // 3 / 40: Hong Kong is not China
    expect(share([1, 2, 3], 40, o)).toBe(0.15); // origins without a filter: all lines
  });
  test("desktop Excel's 0 for an empty origin (bare or [[0]]) means no origin filter", () => {
    const o = ["CN", "MY", "China"];
    // (1 + 2 + 3) / 40 = 6 / 40 = 0.15, not #N/A for a country "0"
    expect(share([1, 2, 3], 40, o, 0)).toBe(0.15);
    expect(capture(() => rareEarthShare(col([1, 2, 3]), 40, col(o), [[0]]))).toBe(0.15);
    expect(capture(() => rareEarthShare(col([1, 2, 3]), 40, col(o), [[""]]))).toBe(0.15);
    // A single-line BOM whose line_origins cell is empty on desktop ([[0]]) with origin empty too: 1 / 40 = 0.025
    expect(capture(() => rareEarthShare([[1]], [[40]], [[0]], [[0]]))).toBe(0.025);
    // A real origin still filters: (1 + 3) / 40 = 0.1
    expect(capture(() => rareEarthShare(col([1, 2, 3]), 40, col(o), [["CN"]]))).toBe(0.1);
  });
  test("the share is rounded to 15 digits only when that keeps it on the exact side of 0.1%", () => {
    // 0.071 / 71 = 0.001 exactly in decimal (the rule is met); the binary quotient is
    // 0.0009999999999999998, and rounding to 15 digits gives 0.001, on the met side: rounded.
    expect(share([0.071], 71)).toBe(0.001);
    expect(cnLicenseRequired(0.071, 71)[0][0]).toBe(true);
    // 1 / 1000.0000000000001 = 0.00099999999999999999999... < 0.001 (not met). To 15 digits it
    // would be 0.00100000000000000 = 0.001, which a sheet's ">= 0.001" would call met, so it is
    // not rounded: the result stays below 0.001 and within 1e-18 of it.
    const s = share([1], 1000.0000000000001) as number;
    expect(s).toBeLessThan(0.001);
    expect(s).toBeGreaterThan(0.001 - 1e-18);
    expect(cnLicenseRequired(1, 1000.0000000000001)[0][0]).toBe(false);
    // Away from the threshold rounding is as before: (0.1 + 0.2) / 3 = 0.1, 6 / 60 = 0.1.
    expect(share([0.1, 0.2], 3)).toBe(0.1);
  });
  test("property: share >= 0.001 exactly when CN_LICENSE_REQUIRED (decimal-exact) says met", () => {
    // Contents of i thousandths against products within a few ulps of i (ratios at and around 0.1%).
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }), fc.integer({ min: -4, max: 4 }), (i, k) => {
        const cn = Number((i / 1000).toPrecision(15));
        const pv = i * (1 + k * Number.EPSILON);
        const s = share([cn], pv) as number;
        expect(s >= 0.001).toBe(cnLicenseRequired(cn, pv)[0][0]);
        expect(Math.abs(s - cn / pv)).toBeLessThanOrEqual(5e-15 * (cn / pv)); // at most half a unit in the 15th digit
      }),
      { numRuns: 2000 },
    );
  });
  test("errors", () => {
    expect(kind(share([1], 0))).toBe("VALUE"); // a message, not a message-less #DIV/0!
    expect(kind(share([50], 40))).toBe("NUM"); // share above 1
    expect(kind(share([-1], 40))).toBe("NUM");
    expect(kind(share([1], -40))).toBe("NUM");
    expect(kind(share([1], "x"))).toBe("VALUE");
    expect(kind(share([1], 40, null as unknown as unknown[], "CN"))).toBe("VALUE"); // origin without line_origins
    expect(kind(share([1], 40, ["Atlantis"], "CN"))).toBe("NA");
    expect(kind(share([1, 2], 40, ["CN"], "CN"))).toBe("VALUE");
    expect(kind(capture(() => rareEarthShare([[1]], [[10], [20]])))).toBe("VALUE"); // one product only
    expect(share([null, null], null)).toBe("");
  });
});

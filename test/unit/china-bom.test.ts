/**
 * BOM roll-ups: RAREEARTH_SHARE and CN_CONTROLLED_VALUE. Hand calculations in
 * comments. Part 1 (regulatory-facts.md §3.2): metals of Sm, Dy, Gd, Tb, Lu, Sc, Y;
 * SmCo, TbFe, DyFe, TbDyFe alloys; Dy and Tb oxides. Nd and Pr are not Part 1.
 * The list (Ann. 61 Annex 1) is in force from 2025-10-09, suspended 2025-11-07 to
 * 2026-11-10 as written.
 */
import { cnControlledValue, rareEarthShare } from "../../src/core/china";
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
  test("the list applies from issuance (2025-10-09) until the suspension (2025-11-07)", () => {
    expect(cv(values, items, origins, "2025-10-08", "in_force")).toBe(0);
    expect(cv(values, items, origins, "2025-10-09")).toBe(0.46);
    expect(cv(values, items, origins, "2025-11-06")).toBe(0.46);
    expect(cv(values, items, origins, "2025-11-07")).toBe(0);
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
  test("errors", () => {
    expect(kind(share([1], 0))).toBe("DIV0");
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

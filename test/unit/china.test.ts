/**
 * China's 0.1% rule (MOFCOM Ann. 61/2025 cl. 1(1)) through the pure core.
 * Expectations are worked out by hand from the MOFCOM announcements' dates and clauses:
 *  - Ann. 61 issued 2025-10-09; cl. 1(1) effective 2025-12-01;
 *  - Ann. 70 suspends Ann. 61 from 2025-11-07 until 2026-11-10 (inclusive);
 *  - data horizon 2026-05-31 (after it: status unconfirmed);
 *  - threshold: value ratio "0.1% or more" (≥ 0.001).
 * Case A of §3.3: NdFeB magnet worth $50.00 with China-origin DyFe worth $0.40 → 0.80%.
 */
import { cnHeadroom, cnLicenseExplain, cnLicenseRequired, ratioPercent } from "../../src/core/china";
import { TradeError } from "../../src/core/errors";
import { serialFromIso } from "../../src/core/dates";

const d = (iso: string) => serialFromIso(iso)!;
const TODAY = d("2026-11-30");
const today = () => TODAY;

/** One product, scalar arguments → the single cell. */
function req(cn: unknown, pv: unknown, type?: unknown, asOf?: unknown, regime?: unknown, scope?: unknown): unknown {
  return cnLicenseRequired(cn, pv, type ?? null, asOf ?? null, regime ?? null, scope ?? null, today)[0][0];
}
function explain(cn: unknown, pv: unknown, type?: unknown, asOf?: unknown, regime?: unknown, scope?: unknown): string {
  const v = cnLicenseExplain(cn, pv, type ?? null, asOf ?? null, regime ?? null, scope ?? null, today)[0][0];
  if (v instanceof TradeError) throw v;
  return v as string;
}
const kind = (v: unknown) => (v instanceof TradeError ? v.kind : v);

describe("regimes across the key dates (case A: 0.40 of 50.00 = 0.80%, a magnet, strict scope)", () => {
  // as_written: never in force until the suspension has ended (first day 2026-11-11);
  // in_force: in force from cl. 1(1)'s own date 2025-12-01;
  // suspended: the suspension that began 2025-11-07 never ends, and cl. 1(1) had not begun before it.
  const table: [string, boolean, boolean, boolean][] = [
    ["2025-10-08", false, false, false], // before issuance
    ["2025-10-09", false, false, false], // issued; cl. 1(1) not yet effective
    ["2025-11-06", false, false, false],
    ["2025-11-07", false, false, false], // suspension starts; cl. 1(1) still not effective
    ["2025-11-30", false, false, false],
    ["2025-12-01", false, true, false], // cl. 1(1)'s date: suspended as written; in force if suspensions are ignored
    ["2026-03-01", false, true, false], // inside the suspension
    ["2026-11-10", false, true, false], // last day of the inclusive window
    ["2026-11-11", true, true, false], // after it: applies as written (status unconfirmed)
    ["2027-06-30", true, true, false],
  ];
  test.each(table)("%s: as_written %s, in_force %s, suspended %s", (date, aw, inf, sus) => {
    expect(req(0.4, 50, "magnet", date, "as_written")).toBe(aw);
    expect(req(0.4, 50, "magnet", date)).toBe(aw); // default regime
    expect(req(0.4, 50, "magnet", date, "in_force")).toBe(inf);
    expect(req(0.4, 50, "magnet", date, "suspended")).toBe(sus);
  });
  test("as_of accepts Excel serials and ISO text alike", () => {
    expect(req(0.4, 50, "magnet", d("2026-11-11"))).toBe(true);
    expect(req(0.4, 50, "magnet", d("2026-11-10"))).toBe(false);
    expect(req(0.4, 50, "magnet", d("2026-11-11") + 0.75)).toBe(true); // a time of day is dropped
  });
  test("blank as_of is the calculation date (2026-11-30 here: after the suspension)", () => {
    expect(req(0.4, 50, "magnet")).toBe(true);
    expect(req(0.4, 50, "magnet", 0)).toBe(true); // desktop's empty cell
    expect(explain(0.4, 50, "magnet")).toContain("2026-11-30 (the calculation date: as_of was blank)");
  });
});

describe("status in the explanation", () => {
  test("before issuance / not yet effective / suspended / in force / past the horizon", () => {
    expect(explain(0.4, 50, "magnet", "2025-10-01")).toContain("not yet issued");
    expect(explain(0.4, 50, "magnet", "2025-10-20")).toContain("not yet effective (takes effect 2025-12-01)");
    const inside = explain(0.4, 50, "magnet", "2026-03-01");
    expect(inside).toContain("suspended by Ann. 70/2025 until 2026-11-10");
    expect(inside).toContain("it had not taken effect before the suspension (due 2025-12-01)");
    expect(inside).not.toContain("unconfirmed");
    expect(inside).toMatch(/^No licence required \(Ann\. 61\/2025 cl\. 1\(1\) is not in force/);
    const inForce = explain(0.4, 50, "magnet", "2026-03-01", "in_force");
    expect(inForce).toMatch(/^Licence required\./);
    expect(inForce).toContain('is ignored under regime "in_force"');
    // Inside the window but past the data horizon (2026-05-31): flagged.
    const late = explain(0.4, 50, "magnet", "2026-11-10");
    expect(late).toContain(
      "past the data horizon (2026-05-31): status unconfirmed; as written: suspended by Ann. 70/2025 until 2026-11-10",
    );
    const after = explain(0.4, 50, "magnet", "2026-11-11");
    expect(after).toMatch(/^Licence required\./);
    expect(after).toContain(
      "past the data horizon (2026-05-31): status unconfirmed; as written: in force since 2025-12-01 (the suspension by Ann. 70/2025 ended 2026-11-10",
    );
    const sus = explain(0.4, 50, "magnet", "2027-01-01", "suspended");
    expect(sus).toContain('assumed to continue under regime "suspended"');
  });
  test("ratio to 4 significant digits, citation, regime, scope and valuation note", () => {
    const e = explain(0.4, 50, "magnet", "2026-03-01", "in_force", "strict");
    expect(e).toContain("0.4 / product value 50 = 0.8000% ≥ 0.1%");
    expect(e).toContain("MOFCOM Announcement No. 61 [2025]");
    expect(e).toContain("clause 1(1)");
    expect(e).toContain("Regime in_force; scope strict (Part 2 items: magnet, target)");
    expect(e).toContain("in scope as Rare-earth permanent-magnet materials");
    expect(e).toContain("the rule does not define the value basis");
    expect(e).toContain("values are taken as given");
    expect(e).not.toMatch(/\n/);
    // case B: 0.04 of 50 = 0.08% < 0.1%
    expect(explain(0.04, 50, "magnet", "2026-03-01", "in_force")).toContain("= 0.08000% < 0.1%");
    expect(ratioPercent(1, 3)).toBe("33.33%");
  });
});

describe("the threshold is decimal-exact: 0.1% or more", () => {
  const at = "2026-03-01";
  test("exactly 0.1% in decimal meets it even where binary division falls short", () => {
    expect(0.0231 / 23.1).toBeLessThan(0.001); // binary floating point says below
    expect(req(0.0231, 23.1, "magnet", at, "in_force")).toBe(true);
    expect(req(0.1, 100, "magnet", at, "in_force")).toBe(true);
    expect(req(1, 1000, "target", at, "in_force")).toBe(true);
    expect(req("0.0231", "23.1", "magnet", at, "in_force")).toBe(true); // numbers as text
    expect(explain(0.0231, 23.1, "magnet", at, "in_force")).toContain("exactly at the threshold in decimal");
  });
  test("just below is below; just above is above", () => {
    expect(req(0.0999999, 100, "magnet", at, "in_force")).toBe(false);
    expect(req(0.02309999999, 23.1, "magnet", at, "in_force")).toBe(false);
    expect(req(0.1000001, 100, "magnet", at, "in_force")).toBe(true);
    expect(req(0, 100, "magnet", at, "in_force")).toBe(false);
  });
  test("CN_HEADROOM: 0.1% × product value − cn value, exactly 0 at the threshold", () => {
    const h = (cn: unknown, pv: unknown) => cnHeadroom(cn, pv)[0][0];
    expect(h(0.0231, 23.1)).toBe(0);
    expect(h(0.1, 100)).toBe(0);
    expect(h(0.04, 50)).toBeCloseTo(0.01, 12); // 0.05 − 0.04
    expect(h(0.4, 50)).toBeCloseTo(-0.35, 12); // 0.05 − 0.40: over
    expect(h(0, 1000)).toBe(1);
    expect(kind(h(-1, 10))).toBe("NUM");
    expect(cnHeadroom([[0.1], [0.4], [null]], [[100], [50], [null]])).toEqual([[0], [expect.closeTo(-0.35, 12)], [""]]);
  });
});

describe("product types and scope", () => {
  const at = "2026-03-01";
  test.each([
    ["magnet", "strict", true],
    ["target", "strict", true],
    ["component", "strict", false],
    ["other", "strict", false],
    ["magnet", "broad", true],
    ["target", "broad", true],
    ["component", "broad", true],
    ["other", "broad", false],
  ])("%s under %s → %s", (type, scope, expected) => {
    expect(req(0.4, 50, type, at, "in_force", scope)).toBe(expected);
  });
  test("omitted product type: threshold alone, assumed in scope (and said so)", () => {
    expect(req(0.4, 50, null, at, "in_force")).toBe(true);
    expect(req(0.04, 50, null, at, "in_force")).toBe(false);
    expect(explain(0.4, 50, null, at, "in_force")).toContain("product_type not given: the product was assumed to be in scope");
  });
  test("case D: a motor (component) is not a Part 2 item under the strict reading; the broad reading is flagged as disputed", () => {
    expect(explain(0.4, 50, "component", at, "in_force", "strict")).toContain("not an Annex 1 Part 2 item under this scope");
    expect(explain(0.4, 50, "component", at, "in_force", "broad")).toContain("the disputed reading, UNCONFIRMED");
  });
  test("options are case-insensitive; aliases", () => {
    expect(req(0.4, 50, "Magnet", at, "IN_FORCE", "Strict")).toBe(true);
    expect(req(0.4, 50, "sputtering target", at, "in-force")).toBe(true);
    expect(req(0.4, 50, "assembly", at, "in force", "broad")).toBe(true);
  });
});

describe("errors per the add-in's error convention", () => {
  test("unknown regime / scope / product type → #VALUE! listing the options", () => {
    const r = req(0.4, 50, "magnet", "2026-03-01", "lapsed") as TradeError;
    expect(r.kind).toBe("VALUE");
    expect(r.message).toContain('"as_written", "in_force" or "suspended"');
    const s = req(0.4, 50, "magnet", "2026-03-01", null, "wide") as TradeError;
    expect(s.kind).toBe("VALUE");
    expect(s.message).toContain('"strict" or "broad"');
    const t = req(0.4, 50, "widget") as TradeError;
    expect(t.kind).toBe("VALUE");
    expect(t.message).toContain('"magnet", "target", "component" or "other"');
  });
  test("negative → #NUM!; product value 0 → #VALUE! saying so (#DIV/0! shows no message); cn above product → #NUM!; text → #VALUE! naming the argument", () => {
    expect(kind(req(-0.1, 50))).toBe("NUM");
    expect(kind(req(0.1, -50))).toBe("NUM");
    expect(kind(req(0.1, 0))).toBe("VALUE");
    expect((req(0.1, 0) as TradeError).message).toMatch(/^product_value is 0 or an empty cell/);
    expect(kind(req(60, 50))).toBe("NUM");
    const t = req("abc", 50) as TradeError;
    expect(t.kind).toBe("VALUE");
    expect(t.message).toContain("cn_value");
    const p = req(0.4, "fifty") as TradeError;
    expect(p.message).toContain("product_value");
    expect(kind(req(0.4, 50, null, "next week"))).toBe("VALUE");
    expect(kind(req(true, 50))).toBe("VALUE");
    expect(kind(req({ code: "#N/A" }, 50))).toBe("NA"); // an Excel error input propagates
  });
  test("blank rows give empty cells; a partly blank row is an error", () => {
    expect(req(null, null)).toBe("");
    expect(req(0, 0)).toBe(""); // desktop empty cells
    expect(req("", null)).toBe("");
    expect(kind(req(null, 50))).toBe("VALUE");
    expect(kind(req(0.4, null))).toBe("VALUE");
  });
});

describe("ranges spill element-wise", () => {
  test("a column of products against one date, regime and scope", () => {
    const cn = [[0.4], [0.04], [0.0231], [null], [-1], [0]];
    const pv = [[50], [50], [23.1], [null], [10], [10]];
    const out = cnLicenseRequired(cn, pv, "magnet", "2027-01-01", null, null, today);
    expect(out.map((r) => r.map(kind))).toEqual([[true], [false], [true], [""], ["NUM"], [false]]);
  });
  test("broadcasting: one product value against a row of content values; per-row product types and dates", () => {
    expect(cnLicenseRequired([[0.01, 0.1, 1]], 100, "magnet", "2027-01-01", null, null, today)).toEqual([[false, true, true]]);
    const types = [["magnet"], ["component"], ["target"]];
    const dates = [["2026-03-01"], ["2027-01-01"], ["2027-01-01"]];
    expect(cnLicenseRequired(0.4, 50, types, dates, null, null, today)).toEqual([[false], [false], [true]]);
    expect(cnLicenseRequired(0.4, 50, types, dates, "in_force", "broad", today)).toEqual([[true], [true], [true]]);
  });
  test("incompatible shapes → one #VALUE! naming the arguments", () => {
    expect(() => cnLicenseRequired([[1], [2]], [[1], [2], [3]], null, null, null, null, today)).toThrow(
      /cn_value \(2×1\) and product_value \(3×1\)/,
    );
  });
  test("a bad scalar option fills the shape with its error, blanks stay blank", () => {
    const out = cnLicenseRequired([[0.4], [null]], [[50], [null]], null, null, "lapsed", null, today);
    expect(kind(out[0][0])).toBe("VALUE");
    expect(out[1][0]).toBe("");
  });
});

/**
 * CN_CONTROLLED and EXPORT_RESTRICTED. Facts (MOFCOM/GAC announcements and Malaysia's export ban):
 * Ann. 18: Sm, Gd, Tb, Dy, Lu, Sc, Y from 2025-04-04, not suspended;
 * Ann. 57: Ho, Er, Tm, Eu, Yb due 2025-11-08, suspended by Ann. 70 from 2025-11-07 to 2026-11-10;
 * not controlled: La, Ce, Pr, Nd, Pm; Malaysia bans raw REE ore/concentrate exports from 2024-01-01.
 */
import { cnControlled, cnControlledExplain, exportRestricted, exportRestrictedExplain } from "../../src/core/china";
import { TradeError } from "../../src/core/errors";
import { serialFromIso } from "../../src/core/dates";

const today = () => serialFromIso("2026-11-30")!;
const kind = (v: unknown) => (v instanceof TradeError ? v.kind : v);
const ctl = (el: unknown, asOf?: unknown, regime?: unknown) => kind(cnControlled(el, asOf ?? null, regime ?? null, today)[0][0]);
const ctlX = (el: unknown, asOf?: unknown, regime?: unknown) =>
  cnControlledExplain(el, asOf ?? null, regime ?? null, today)[0][0] as string;
const rs = (c: unknown, m: unknown, asOf?: unknown) => kind(exportRestricted(c, m, asOf ?? null, today)[0][0]);
const rsX = (c: unknown, m: unknown, asOf?: unknown) => exportRestrictedExplain(c, m, asOf ?? null, today)[0][0] as string;

describe("CN_CONTROLLED", () => {
  test("Ann. 18 elements from 2025-04-04 in every regime", () => {
    for (const el of ["Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y", "dysprosium", "DY"]) {
      expect(ctl(el, "2025-04-03")).toBe(false);
      for (const r of ["as_written", "in_force", "suspended"]) expect(ctl(el, "2025-04-04", r)).toBe(true);
    }
  });
  test("Ann. 57 elements: suspended before they took effect", () => {
    for (const el of ["Ho", "Er", "Tm", "Eu", "Yb"]) {
      expect(ctl(el, "2025-11-08")).toBe(false);
      expect(ctl(el, "2026-11-10")).toBe(false);
      expect(ctl(el, "2026-11-11")).toBe(true); // as written, after the window (unconfirmed)
      expect(ctl(el, "2025-11-07", "in_force")).toBe(false); // due 2025-11-08
      expect(ctl(el, "2025-11-08", "in_force")).toBe(true);
      expect(ctl(el, "2027-01-01", "suspended")).toBe(false);
    }
  });
  test("La, Ce, Pr, Nd, Pm are not controlled; non-rare-earths → #N/A", () => {
    for (const el of ["La", "Ce", "Pr", "Nd", "Pm"]) expect(ctl(el, "2026-01-01", "in_force")).toBe(false);
    expect(ctl("Ga")).toBe("NA");
    expect(ctl("Dy", null, "whatever")).toBe("VALUE");
  });
  test("spills over a range of elements", () => {
    expect(cnControlled([["Dy"], ["Nd"], ["Ho"], [null]], "2026-01-01", null, today)).toEqual([[true], [false], [false], [""]]);
  });
  test("explanations: instrument, control code (unconfirmed where inferred), status, horizon", () => {
    const dy = ctlX("Dy", "2026-01-01");
    expect(dy).toContain("Dysprosium (Dy): controlled on that date");
    expect(dy).toContain("Announcement No. 18 [2025]");
    expect(dy).toContain("control code 1C905 (UNCONFIRMED)");
    expect(dy).toContain("in force since 2025-04-04");
    expect(ctlX("Tb", "2026-01-01")).toContain("control code 1C904;");
    const ho = ctlX("Ho", "2026-01-01");
    expect(ho).toContain("not controlled on that date");
    expect(ho).toContain("suspended by Ann. 70/2025 until 2026-11-10");
    expect(ctlX("Ho")).toContain("past the data horizon (2026-05-31): status unconfirmed");
    expect(ctlX("Nd", "2026-01-01")).toContain("not listed");
  });
});

describe("EXPORT_RESTRICTED", () => {
  test("Malaysia: raw ore and concentrate banned from 2024-01-01; processed products are not", () => {
    expect(rs("MY", "raw", "2023-12-31")).toBe(false);
    for (const m of ["raw", "ore", "concentrate", "Dy concentrate"]) expect(rs("Malaysia", m, "2024-01-01")).toBe(true);
    for (const m of ["oxide", "metal", "magnet", "Dy oxide", "Dy"]) expect(rs("MY", m, "2025-01-01")).toBe(false);
    expect(rsX("MY", "ore", "2025-01-01")).toContain("export banned");
    expect(rsX("MY", "oxide", "2025-01-01")).toContain("processed products may be exported");
  });
  test("China: by element and form", () => {
    expect(rs("CN", "Dy oxide", "2025-06-01")).toBe(true);
    expect(rs("China", "dysprosium metal", "2025-06-01")).toBe(true);
    expect(rs("CN", "Dy oxide", "2025-04-03")).toBe(false);
    expect(rs("CN", "TbFe alloy", "2025-06-01")).toBe(true);
    expect(rs("CN", "Dy", "2025-06-01")).toBe(true);
    expect(rs("CN", "La oxide", "2025-06-01")).toBe(false);
    expect(rs("CN", "Nd", "2025-06-01")).toBe(false);
    expect(rs("CN", "NdFeB magnet", "2025-06-01")).toBe(false); // NdFeB without Tb/Dy is not listed
    expect(rs("CN", "magnet", "2025-06-01")).toBe(true); // SmCo; NdFeB with Tb or Dy
    expect(rs("CN", "oxide", "2025-06-01")).toBe(true);
    expect(rs("CN", "ore", "2025-06-01")).toBe(false);
    expect(rs("CN", "Gd magnet", "2025-06-01")).toBe(false); // Gd has no listed magnet item
    expect(rs("CN", "Ho metal", "2026-01-01")).toBe(false); // Ann. 57 suspended
    expect(rs("CN", "Ho metal", "2026-11-11")).toBe(true); // as written after the window
    expect(rsX("CN", "magnet", "2025-06-01")).toContain("Sm (1C902)");
    expect(rsX("CN", "Ho metal", "2026-01-01")).toContain("suspended by Ann. 70/2025 until 2026-11-10");
  });
  test("other countries: nothing in the data", () => {
    expect(rs("US", "raw", "2025-06-01")).toBe(false);
    expect(rsX("Vietnam", "raw", "2025-06-01")).toContain("no export ban or licence requirement on rare-earth materials from");
    expect(rs("HK", "Dy oxide", "2025-06-01")).toBe(false); // Hong Kong is not China
  });
  test("errors: unknown country #N/A, unknown material #VALUE! with the vocabulary", () => {
    expect(rs("Atlantis", "raw")).toBe("NA");
    const m = exportRestricted("MY", "widgets", null, today)[0][0] as TradeError;
    expect(m.kind).toBe("VALUE");
    expect(m.message).toContain('"raw"');
    expect(exportRestricted([["MY"], ["CN"], [null]], [["ore"], ["Dy oxide"], [null]], "2025-06-01", today)).toEqual([
      [true],
      [true],
      [""],
    ]);
  });
});

describe("desktop Excel's 0 for an empty cell in whole-column references", () => {
  test('CN_CONTROLLED: a 0 element row gives "" like a blank row', () => {
    // Dy: Ann. 18, in force from 2025-04-04 and never suspended → TRUE on 2026-01-01.
    expect(cnControlled([["Dy"], [0], [null]], "2026-01-01", null, today)).toEqual([[true], [""], [""]]);
    expect(cnControlledExplain([[0], [null]], "2026-01-01", null, today)).toEqual([[""], [""]]);
  });
  test('EXPORT_RESTRICTED: a row of 0s gives ""; a 0 beside a real value is "blank", not a code "0"', () => {
    // Malaysia bans raw ore/concentrate exports from 2024-01-01 → TRUE on 2026-01-01.
    expect(exportRestricted([["MY"], [0]], [["raw"], [0]], "2026-01-01", today)).toEqual([[true], [""]]);
    expect(exportRestrictedExplain([[0]], [[0]], "2026-01-01", today)).toEqual([[""]]);
    const noMaterial = exportRestricted("MY", 0, "2026-01-01", today)[0][0] as TradeError;
    expect(noMaterial.kind).toBe("VALUE");
    expect(noMaterial.message).toContain("material is blank");
    const noCountry = exportRestricted(0, "raw", "2026-01-01", today)[0][0] as TradeError;
    expect(noCountry.kind).toBe("VALUE");
    expect(noCountry.message).toContain("country is blank");
  });
  test("the restriction index answers like the data: every exporting country with a measure, and none for others", () => {
    // instruments.json: restricting measures from China (Ann. 18, 57, ...) and Malaysia (raw ban) only.
    expect(rsX("US", "raw", "2025-06-01")).toMatch(/it covers CN, MY\)/);
    // Nd is under none of China's element lists (only Ann. 18 and Ann. 57 elements are), so no measure covers it.
    expect(rsX("CN", "Nd oxide", "2025-06-01")).toContain("none of China's measures in the data covers it");
    // Malaysia's only measure is the raw ban: a processed oxide is named but not restricted.
    expect(rsX("MY", "Dy oxide", "2025-06-01")).toContain("covers only raw/ore/concentrate");
  });
});

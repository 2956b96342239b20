/**
 * Templates, pure parts: definitions (consistency, features that survive
 * insertWorksheetsFromBase64), the add-in call forms (stored vs typed) and
 * JSZip, and the share-copy planning helpers (with fast-check properties).
 */
import fc from "fast-check";
import { buildTemplates, templateCatalog } from "../../src/templates/index";
import { isoToSerial, parseA1, validateTemplate, a1 } from "../../src/templates/model";
import { calledIds, callsAddin, toStoredFormula, toUiFormula } from "../../src/templates/addinNames";
import { bytesToBase64, callsTrade, uniqueSheetName } from "../../src/templates/share";


const CTX = { generated: "2026-11-30", dataVersion: "2026.11.30", addinVersion: "0.1.0" };

describe("template definitions", () => {
  const all = buildTemplates(CTX);

  test("three templates with unique ids and sheet names", () => {
    expect(all.map((t) => t.id)).toEqual(["bom-screen", "tariff-scenario", "supply-concentration"]);
    expect(new Set(all.map((t) => t.sheetName)).size).toBe(3);
  });

  test.each(all.map((t) => [t.id, t] as const))("%s is self-contained and uses only features that survive insertion", (_id, t) => {
    expect(validateTemplate(t)).toEqual([]);
    for (const c of Object.values(t.cells)) {
      if (!c.f) continue;
      expect(c.f).not.toMatch(/!/); // no cross-sheet references
      expect(c.f).not.toMatch(/\b(INDIRECT|OFFSET|TODAY|NOW)\s*\(/i); // nothing volatile or address-by-text
    }
    // Stamp, live data version, notes.
    expect(t.cells.A2.v).toBe("Generated 2026-11-30 by Rare Earth Trade Modeler 0.1.0 with data version 2026.11.30.");
    expect(t.cells.B3.f).toBe("=TRADE.DATA_VERSION()");
    expect(Object.values(t.cells).some((c) => c.v === "Notes")).toBe(true);
    // Every name is used by at least one formula, and every name a formula uses is defined.
    const formulas = Object.values(t.cells).filter((c) => c.f).map((c) => c.f!);
    for (const n of t.names) expect(formulas.some((f) => new RegExp(`\\b${n.name}\\b`).test(f))).toBe(true);
    expect(t.validations.length).toBeGreaterThan(0);
    expect(t.conditional.length).toBeGreaterThan(0);
  });

  test("assumptions are referenced through names, not addresses", () => {
    const bom = all.find((t) => t.id === "bom-screen")!;
    const verdict = bom.cells.J13.f!;
    expect(verdict).toBe('=IF($A13="","",TRADE.CN_LICENSE_REQUIRED(H13,D13,C13,AsOf,Regime,Scope))');
    const tariff = all.find((t) => t.id === "tariff-scenario")!;
    expect(tariff.cells.D20.f).toBe("=TRADE.TARIFF_RATE(A20,B20,BaselineDate,Overrides)");
  });

  test("the tariff template covers CN, MY, TH, KH, VN, AU and JP for each line, and has a chart", () => {
    const t = all.find((x) => x.id === "tariff-scenario")!;
    const origins = Object.entries(t.cells).filter(([ref]) => /^B(2\d|3[0-3])$/.test(ref)).map(([, c]) => c.v);
    expect(origins).toEqual(["CN", "MY", "TH", "KH", "VN", "AU", "JP", "CN", "MY", "TH", "KH", "VN", "AU", "JP"]);
    expect(t.charts.length).toBe(1);
  });

  test("the catalogue lists files, names and charts without cells", () => {
    const cat = templateCatalog();
    expect(cat.map((c) => c.file)).toEqual(["bom-screen.xlsx", "tariff-scenario.xlsx", "supply-concentration.xlsx"]);
    expect(cat[2].charts[0].type).toBe("BarClustered");
    expect((cat[0] as any).cells).toBeUndefined();
  });

  test("isoToSerial matches Excel's 1900 date system", () => {
    expect(isoToSerial("1900-03-01")).toBe(61);
    expect(isoToSerial("2026-12-01")).toBe(46357);
    expect(parseA1("$AB$12")).toEqual({ row: 11, col: 27 });
    expect(a1(11, 27)).toBe("AB12");
  });
});

describe("share-copy planning", () => {
  test("callsTrade finds TRADE calls in any case and ignores text in quotes", () => {
    expect(callsTrade("=TRADE.HHI(A1:A3)")).toBe(true);
    expect(callsTrade("=1+trade.ref(\"CN\",\"name\")")).toBe(true);
    expect(callsTrade("=SUM(TRADE.DUTY(1,\"8505\",\"CN\"),2)")).toBe(true);
    expect(callsTrade("=_xldudf_TRADE_HHI(A1:A3)")).toBe(true);
    expect(callsTrade('="TRADE.HHI(" & A1')).toBe(false);
    expect(callsTrade("=MYTRADE.HHI(A1)")).toBe(false);
    expect(callsTrade("TRADE.HHI(A1)")).toBe(false); // text, not a formula
    expect(callsTrade(42)).toBe(false);
  });

  test("uniqueSheetName never returns a taken name (case-insensitive) and stays within 31 legal characters", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.array(fc.string({ maxLength: 35 }), { maxLength: 8 }), (base, existing) => {
        const taken = [...existing, base.slice(0, 31), `${base.slice(0, 20)} (2)`];
        const n = uniqueSheetName(base, taken);
        expect(n.length).toBeGreaterThan(0);
        expect(n.length).toBeLessThanOrEqual(31);
        expect(n).not.toMatch(/[\\/?*[\]:]/);
        expect(taken.map((t) => t.toLowerCase())).not.toContain(n.toLowerCase());
      }),
    );
    expect(uniqueSheetName("BOM screen", ["bom screen", "BOM screen (2)"])).toBe("BOM screen (3)");
  });

  test("bytesToBase64 matches Node's encoder", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70000 }), (u8) => {
        expect(bytesToBase64(u8)).toBe(Buffer.from(u8).toString("base64"));
      }),
      { numRuns: 20 },
    );
  });
});

describe("add-in calls: stored form (files) and typed form (Office.js)", () => {
  // Excel saves =CONTOSO.ADD(1,2) as _xldudf_CONTOSO_ADD(1,2) (see src/templates/addinNames.ts for the sources).
  test("typed → stored: namespace and id joined by an underscore after _xldudf_, ids upper-cased", () => {
    expect(toStoredFormula("=TRADE.TARIFF_RATE(A20,B20,BaselineDate,Overrides)")).toBe("=_xldudf_TRADE_TARIFF_RATE(A20,B20,BaselineDate,Overrides)");
    expect(toStoredFormula('=IF($A13="","",trade.cn_license_required(H13,D13))')).toBe('=IF($A13="","",_xldudf_TRADE_CN_LICENSE_REQUIRED(H13,D13))');
    expect(toStoredFormula("=TRADE.HHI(TRADE.REF(A1:A3,\"production_t\"))")).toBe('=_xldudf_TRADE_HHI(_xldudf_TRADE_REF(A1:A3,"production_t"))');
    // Text in quotes, other namespaces and names that merely contain TRADE are left alone.
    expect(toStoredFormula('="TRADE.HHI(" & A1')).toBe('="TRADE.HHI(" & A1');
    expect(toStoredFormula("=MYTRADE.HHI(A1)+TRADE_X+SUM(A1)")).toBe("=MYTRADE.HHI(A1)+TRADE_X+SUM(A1)");
  });

  test("stored → typed is the inverse; callsAddin and calledIds see both forms", () => {
    fc.assert(
      fc.property(fc.constantFrom("REF", "TARIFF_RATE", "CN_LICENSE_EXPLAIN", "HHI"), fc.constantFrom("A1", '"x"', "1,2", ""), fc.constantFrom("", "1+", 'IF(A1="TRADE.REF(",0,'), (id, args, pre) => {
        const typed = `=${pre}TRADE.${id}(${args})${pre.startsWith("IF") ? ")" : ""}`;
        const stored = toStoredFormula(typed);
        expect(stored).not.toMatch(/(^|[^"_])TRADE\.[A-Z]/);
        expect(toUiFormula(stored)).toBe(typed);
        expect(callsAddin(stored) && callsAddin(typed)).toBe(true);
        expect(calledIds(stored)).toEqual([id]);
      }),
    );
    expect(callsAddin('="_xldudf_TRADE_REF("')).toBe(false);
    expect(callsAddin("=SUM(A1:A3)")).toBe(false);
  });
});

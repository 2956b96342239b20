/**
 * Entity cards in the pure core: structure (a valid entity value for every
 * entity of the pack), figures with the reference tables' values, number formats,
 * the card's date, canonical ids that resolve back, the share text and the
 * convert-to-cards resolution. Expected values are the published figures (USGS
 * MCS, HTSUS, MOFCOM announcement dates), not the code's output.
 */
import {
  EntityValue,
  PropertyValue,
  buildCard,
  canonicalId,
  cardFor,
  cardFormula,
  cardMatrix,
  cardToShare,
  numberFormatFor,
  shareCardsTable,
  resolveCell,
  validateCard,
} from "../../src/core/cards";
import { formatShown } from "../../src/core/cards/share";
import { allEntities, resolveEntities } from "../../src/core/data";
import "../../src/core/data/instruments";
import "../../src/core/data/tariffs";
import { isTradeError } from "../../src/core/errors";

const sourcesDoc = require("../../src/data/sources.json") as { records: { id: string; url: string | null }[] };
const D_2026_03_01 = 46082; // Excel serial of 2026-03-01
const D_2026_01_15 = 46037;
const D_2025_01_01 = 45658;
const at = (t: string, asOf = D_2026_03_01, extra: { edition?: string; asOfBlank?: boolean } = {}) =>
  cardFor(t, { asOf, asOfBlank: extra.asOfBlank ?? false, edition: extra.edition });
const prop = (c: EntityValue, name: string): PropertyValue => {
  const p = c.properties[name];
  if (!p) throw new Error(`no property "${name}"; has ${Object.keys(c.properties).join(", ")}`);
  return p;
};
const num = (c: EntityValue, name: string): number => {
  const p = prop(c, name);
  if (p.type !== "FormattedNumber" && p.type !== "Double") throw new Error(`${name} is ${p.type}`);
  return p.basicValue;
};

describe("every entity of the pack gives a valid card", () => {
  const all = allEntities();
  test("at least one entity of every built-in kind", () => {
    const kinds = new Set(all.map((e) => e.kind));
    for (const k of ["element", "country", "aggregate", "product", "hs", "hts", "instrument"]) expect(kinds).toContain(k);
  });
  test.each([D_2025_01_01, D_2026_03_01, 46400 /* after the data horizon */])("valid entity values on serial %s", (d) => {
    const problems: string[] = [];
    for (const e of all) for (const p of validateCard(buildCard(e, { asOf: d, asOfBlank: false }))) problems.push(`${e.kind}:${e.id}: ${p}`);
    expect(problems).toEqual([]);
  });
  test("the Id of every card is a code REF resolves back to the same entity", () => {
    for (const e of all) {
      const id = canonicalId(e);
      const c = buildCard(e, { asOf: D_2026_03_01, asOfBlank: false });
      const p = c.properties.Id;
      expect(p.type === "String" && p.basicValue).toBe(id);
      expect(p.propertyMetadata?.excludeFrom?.cardView).toBe(true);
      const back = resolveEntities(id)[0];
      expect([back.kind, back.id]).toEqual([e.kind, e.id]);
    }
  });
  test("the conventional codes: Dy, CN, World, 8505.11.00.70, MOFCOM-61-2025", () => {
    for (const [t, id] of [
      ["dysprosium", "Dy"],
      ["China", "CN"],
      ["world", "World"],
      ["8505110070", "8505.11.00.70"],
      ["Ann. 61/2025", "MOFCOM-61-2025"],
      ["850511", "850511"],
    ]) {
      const p = at(t).properties.Id;
      expect(p.type === "String" && p.basicValue).toBe(id);
    }
  });
});

describe("figures from the reference tables", () => {
  test("China: USGS MCS 2026 mine production 270,000 t REO (2025e), reserves 44,000,000 t", () => {
    const c = at("CN");
    expect(num(c, "Mine production")).toBe(270000);
    const p = prop(c, "Mine production");
    expect(p.type === "FormattedNumber" && formatShown(p.basicValue, p.numberFormat)).toBe("270,000 t REO");
    expect(p.propertyMetadata?.sublabel).toMatch(/MCS 2026 · 2025 estimate/);
    // sources are listed once per card, by id (TRADE.SOURCE describes each); the USGS rare-earths summary of MCS 2026 is among them
    expect(p.propertyMetadata?.attribution).toBeUndefined();
    const usgs = sourcesDoc.records.filter((r) => /pubs\.usgs\.gov\/.*mcs2026.*rare-earths/.test(r.url ?? "")).map((r) => r.id);
    expect(usgs.length).toBeGreaterThan(0);
    const listed = String((prop(c, "Sources") as { basicValue: string }).basicValue).split(", ");
    expect(usgs.some((id) => listed.includes(id))).toBe(true);
    expect(num(c, "Reserves")).toBe(44000000);
  });
  test("China's production series keeps every edition (2023: 240,000 in MCS 2024; 255,000 in MCS 2025)", () => {
    const s = prop(at("CN"), "Mine production by year");
    if (s.type !== "Array") throw new Error("not an array");
    const rows = s.elements.slice(1).map((r) => r.map((x) => (x.type === "Entity" ? x.text : x.basicValue)));
    expect(rows).toEqual(expect.arrayContaining([[2023, 240000, "MCS 2024", expect.any(String)], [2023, 255000, "MCS 2025", expect.any(String)]]));
  });
  test("an edition argument picks that edition: Australia 2024 = 13,000 t in MCS 2025 (29,000 in MCS 2026)", () => {
    expect(num(at("AU", D_2026_03_01, { edition: "MCS 2025" }), "Mine production")).toBe(13000);
    expect(num(at("AU"), "Mine production")).toBe(29000);
  });
  test("Dy oxide: $239/kg (MCS 2026, 2025e)", () => {
    const p = prop(at("Dy oxide"), "Price");
    expect(p.type === "FormattedNumber" && formatShown(p.basicValue, p.numberFormat)).toBe("$239/kg");
    expect(p.propertyMetadata?.sublabel).toMatch(/MCS 2026/);
  });
  test("dysprosium: element 66, controlled by China (Ann. 18/2025 from 2025-04-04), not before", () => {
    const c = at("Dy");
    expect(num(c, "Atomic number")).toBe(66);
    expect(prop(c, "Controlled by China")).toMatchObject({ type: "Boolean", basicValue: true });
    expect(prop(at("Dy", D_2025_01_01), "Controlled by China")).toMatchObject({ type: "Boolean", basicValue: false });
    const ins = prop(c, "Control instrument");
    expect(ins.type === "Entity" && ins.properties.Id).toMatchObject({ basicValue: "MOFCOM-18-2025" });
    expect(ins.type === "Entity" && ins.properties.Status).toMatchObject({ basicValue: "in force" });
  });
  test("dysprosium's HTS lines are nested entities (2805.30.00 and 2805.30.00.50 'other (e.g. Dy, Tb)')", () => {
    const p = prop(at("Dy"), "HTS lines");
    if (p.type !== "Array") throw new Error("not an array");
    const ids = p.elements.map((r) => (r[0].type === "Entity" && r[0].properties.Id.type === "String" ? r[0].properties.Id.basicValue : ""));
    expect(ids).toEqual(expect.arrayContaining(["2805.30.00", "2805.30.00.50"]));
    expect(ids).not.toContain("2805.30.00.05"); // lanthanum
  });
  test("8505.11.00.70: MFN 2.1%; from China on 2026-01-15 37.1% (MFN 2.1 + s301 25 + IEEPA fentanyl 10)", () => {
    const c = at("8505.11.00.70", D_2026_01_15);
    const mfn = prop(c, "MFN rate");
    expect(mfn.type === "FormattedNumber" && formatShown(mfn.basicValue, mfn.numberFormat)).toBe("2.1%");
    expect(num(c, "US tariff from China")).toBeCloseTo(0.371, 10);
    const parent = prop(c, "Parent line");
    expect(parent.type === "Entity" && parent.properties.Id).toMatchObject({ basicValue: "8505.11.00" });
  });
  test("Ann. 61/2025 on 2026-03-01: suspended, by Ann. 70/2025 (nested, in force then)", () => {
    const c = at("MOFCOM-61-2025");
    expect(prop(c, "Status")).toMatchObject({ type: "String", basicValue: "suspended" });
    const by = prop(c, "Suspended by");
    if (by.type !== "Entity") throw new Error("Suspended by is not an entity");
    expect(by.properties.Id).toMatchObject({ basicValue: "MOFCOM-70-2025" });
    expect(by.properties.Status).toMatchObject({ basicValue: "in force" });
    expect(prop(c, "Issued")).toMatchObject({ type: "FormattedNumber", numberFormat: "yyyy-mm-dd" });
  });
  test("after the data horizon, statuses say UNCONFIRMED", () => {
    const c = at("MOFCOM-61-2025", 46400);
    expect(prop(c, "Status").propertyMetadata?.sublabel).toMatch(/UNCONFIRMED/);
  });
});

describe("the card's date", () => {
  test("a dated card says the date; a blank as_of says it is the calculation date", () => {
    const dated = prop(at("Dy"), "As of");
    expect(dated).toMatchObject({ type: "FormattedNumber", basicValue: D_2026_03_01, numberFormat: "yyyy-mm-dd" });
    expect(dated.propertyMetadata?.sublabel).not.toMatch(/blank/);
    const blank = prop(at("Dy", D_2026_03_01, { asOfBlank: true }), "As of");
    expect(blank.propertyMetadata?.sublabel).toMatch(/as_of was blank/);
  });
  test("cardMatrix: blank as_of uses today() and marks the card; blank entity rows give ''", () => {
    const m = cardMatrix([["Dy"], [null], ["CN"]], null, null, "entity", () => D_2026_01_15);
    expect(m[1][0]).toBe("");
    const c = m[0][0] as EntityValue;
    expect(c.properties["As of"]).toMatchObject({ basicValue: D_2026_01_15 });
    expect(c.properties["As of"].propertyMetadata?.sublabel).toMatch(/blank/);
  });
  test("text mode (hosts without data types) gives the entity's name", () => {
    expect(cardMatrix([["Dy", "CN"]], null, null, "text")).toEqual([["Dysprosium", "China"]]);
  });
  test("a nonsense edition is #N/A naming the argument, with data types or without", () => {
    for (const mode of ["entity", "text"] as const) {
      const r = cardMatrix([["AU"]], null, [["MCS 2099"]], mode)[0][0];
      expect(isTradeError(r) && (r as { kind: string }).kind).toBe("NA");
      expect((r as Error).message).toMatch(/^edition: "MCS 2099" is not an edition of the figures of Australia; use .*"MCS 2025"/);
    }
    // "2025" names the edition MCS 2025 (as in REF): Australia's 2024 production as first reported, 13,000 t
    const c = cardMatrix([["AU"]], [[D_2026_03_01]], [["2025"]])[0][0] as EntityValue;
    expect(num(c, "Mine production")).toBe(13000);
  });
  test("unknown text is #N/A naming close matches; a bad as_of is #VALUE!", () => {
    const m = cardMatrix([["Dyy"]], null, null);
    expect(isTradeError(m[0][0]) && (m[0][0] as { kind: string }).kind).toBe("NA");
    const bad = cardMatrix([["Dy"]], [["not a date"]], null);
    expect(isTradeError(bad[0][0]) && (bad[0][0] as { kind: string }).kind).toBe("VALUE");
  });
});

describe("number formats", () => {
  test.each([
    ["t REO", 270000, "270,000 t REO"],
    ["USD/kg", 239, "$239/kg"],
    ["USD/kg", 3.5, "$3.50/kg"],
    ["fraction", 0.121, "12.1%"],
    ["fraction", 0.25, "25%"],
    ["fraction", 0.021, "2.1%"],
  ])("%s %s → %s", (unit, v, shown) => {
    expect(formatShown(v as number, numberFormatFor(unit as string, v as number) ?? undefined)).toBe(shown);
  });
});

describe("validateCard catches what Excel would refuse", () => {
  // A deep copy: cards share their parts (they are read-only values).
  const good = () => JSON.parse(JSON.stringify(at("Dy"))) as EntityValue;
  test("undefined, NaN, empty objects, missing layout properties, duplicate names", () => {
    const c1 = good();
    (c1.properties as Record<string, unknown>).Bad = { type: "Double", basicValue: NaN };
    expect(validateCard(c1).join("\n")).toMatch(/Bad/);
    const c2 = good();
    (c2.properties as Record<string, unknown>).Empty = {};
    expect(validateCard(c2).join("\n")).toMatch(/Empty/);
    const c3 = good();
    c3.layouts!.card!.sections![0].properties.push("Nope");
    expect(validateCard(c3).join("\n")).toMatch(/Nope/);
    const c4 = good();
    (c4.properties as Record<string, unknown>)["name"] = { type: "String", basicValue: "x" };
    expect(validateCard(c4).join("\n")).toMatch(/ignoring case/);
    const c5 = good();
    (c5.properties.Name as { basicValue: unknown }).basicValue = undefined;
    expect(validateCard(c5).length).toBeGreaterThan(0);
  });
});

describe("share copy: display text plus key figures", () => {
  test("China: text, id and key figures with their editions", () => {
    const s = cardToShare(at("CN"));
    expect(s.text).toBe("China");
    expect(s.id).toBe("CN");
    expect(s.figures.find((f) => f.name === "Mine production")).toMatchObject({ value: 270000, sublabel: expect.stringMatching(/MCS 2026/) });
    expect(s.summary).toMatch(/Mine production 270,000 t REO/);
  });
  test("an entity from elsewhere (no Id, unknown properties) still gives its text", () => {
    expect(cardToShare({ type: "Entity", text: "Seattle", properties: { Population: { type: "Double", basicValue: 1 } } })).toMatchObject({
      text: "Seattle",
      id: "",
      figures: [],
    });
  });
});

describe("convert to cards: what each cell names", () => {
  test("codes and names resolve; blanks and unknown text are reported", () => {
    expect(resolveCell("Dy")).toMatchObject({ status: "resolved", choice: { kind: "element", code: "Dy" }, formula: '=TRADE.CARD("Dy")' });
    expect(resolveCell("Burma")).toMatchObject({ status: "resolved", choice: { kind: "country", code: "MM" } });
    expect(resolveCell(850511)).toMatchObject({ status: "resolved", choice: { kind: "hs" } });
    expect(resolveCell("  ")).toEqual({ status: "blank" });
    expect(resolveCell(null)).toEqual({ status: "blank" });
    expect(resolveCell("unobtainium")).toMatchObject({ status: "unknown" });
  });
  test('"er" names erbium and Eritrea: ambiguous, both offered with kind-safe codes', () => {
    const r = resolveCell("er");
    expect(r.status).toBe("ambiguous");
    if (r.status !== "ambiguous") return;
    expect(r.candidates.map((c) => c.kind).sort()).toEqual(["country", "element"]);
    for (const c of r.candidates) expect(resolveEntities(c.code)[0]).toMatchObject({ kind: c.kind, id: c.id });
  });
  test("formulas quote text as Excel string literals", () => {
    expect(cardFormula('a"b')).toBe('=TRADE.CARD("a""b")');
    expect(cardFormula("Dy", "$B$1")).toBe('=TRADE.CARD("Dy",$B$1)');
  });
});

describe("share copy: the key-figures table", () => {
  test("one row per key figure with its format, edition and sources; header first", () => {
    const { rows, numberFormats } = shareCardsTable([
      { address: "B2", card: at("CN") },
      { address: "B3", card: { type: "Entity", text: "Seattle", properties: {} } },
    ]);
    expect(rows[0]).toEqual(["Cell", "Card", "Id", "Figure", "Value", "Edition, date, status", "Sources"]);
    const prod = rows.findIndex((r) => r[0] === "B2" && r[3] === "Mine production");
    expect(rows[prod]).toEqual(["B2", "China", "CN", "Mine production", 270000, expect.stringMatching(/MCS 2026/), expect.stringMatching(/U\.S\. Geological Survey/)]);
    expect(numberFormats[prod]).toBe('#,##0 "t REO"');
    expect(rows[rows.length - 1]).toEqual(["B3", "Seattle", "", "", "", "", ""]);
    expect(rows.length).toBe(numberFormats.length);
  });
});

describe("nested instruments' statuses on every date (built once per stretch between change dates)", () => {
  test("Suspended by / Suspends / Export restrictions statuses equal REF status, weekly 2025-01-01 to 2027-01-01", () => {
    const { refValue } = require("../../src/core/data") as typeof import("../../src/core/data");
    const problems: string[] = [];
    const check = (v: PropertyValue | undefined, d: number, where: string) => {
      const list = !v ? [] : v.type === "Entity" ? [v] : v.type === "Array" ? v.elements.map((r) => r[0]).filter((x): x is EntityValue => x.type === "Entity") : [];
      for (const n of list) {
        const id = (n.properties.Id as { basicValue: string }).basicValue;
        const want = refValue(id, "status", d, null);
        const got = (n.properties.Status as { basicValue: string }).basicValue;
        if (got !== want) problems.push(`${where} ${id} on ${d}: ${got} vs ${String(want)}`);
      }
    };
    for (let d = D_2025_01_01; d <= D_2025_01_01 + 730; d += 7) {
      for (const code of ["MOFCOM-61-2025", "MOFCOM-70-2025", "MOFCOM-57-2025"]) {
        const c = at(code, d);
        check(c.properties["Suspended by"], d, code);
        check(c.properties.Suspends, d, code);
      }
      check(at("CN", d).properties["Export restrictions"], d, "CN");
      check(at("MY", d).properties["Export restrictions"], d, "MY");
      check(at("Ho", d).properties["Control instrument"], d, "Ho");
    }
    expect(problems).toEqual([]);
  });
});

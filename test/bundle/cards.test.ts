/**
 * TRADE.CARD through the built bundle (dist/functions.js in a bare vm context,
 * called the way Excel calls it): every card is a valid entity value, every
 * figure on a card is what TRADE.REF (or TARIFF_RATE, CN_CONTROLLED) returns for
 * the same entity, field, year, edition and date, every card lists the sources
 * of its figures (ids of the data pack's sources), a card passed back in as an
 * argument gives the same answer as the code it carries, unknown entities and
 * editions are errors naming the argument (close matches for a bounded number
 * per call), and a spill of cards stays within Excel's 5 MB payload limit.
 *
 * The list of entities and the card vocabulary (property label of each REF
 * field, the structural validator) come from the source; every value compared
 * comes from the bundle.
 */
import { isExcelError, loadBundle, type ShimError } from "../harness";
import { CARD_DETAIL, CARD_PARAMS, EntityValue, PropertyValue, SPILL_BUDGET_BYTES, labelOf, validateCard } from "../../src/core/cards";
import { ENTITY_SUGGESTIONS_PER_CALL, allEntities } from "../../src/core/data";
import "../../src/core/data/instruments";
import "../../src/core/data/tariffs";

const b = loadBundle();
const sourcesDoc = require("../../src/data/sources.json") as { records: { id: string; title: string; publisher: string; date: string | null; url: string | null }[] };
const examples = require("../../src/functions/examples/cards.json") as Record<string, { formula: string; args: unknown[]; text: string }[]>;

const AS_OF = "2026-03-01";
const AS_OF_SERIAL = 46082;
const m = (v: unknown) => (Array.isArray(v) ? v : [[v]]);
const one = (v: unknown) => (v as unknown[][])[0][0];
const card = (entity: unknown, asOf: unknown = AS_OF, edition: unknown = null): EntityValue => {
  const r = one(b.call("CARD", m(entity), asOf === null ? null : m(asOf), edition === null ? null : m(edition)));
  if (!r || typeof r !== "object" || (r as { type?: string }).type !== "Entity") throw new Error(`CARD(${String(entity)}) gave ${JSON.stringify(r)}`);
  return r as EntityValue;
};
const ref = (entity: unknown, field: string, yod: unknown = null, edition: unknown = null) =>
  one(b.call("REF", m(entity), m(field), yod === null ? null : m(yod), edition === null ? null : m(edition)));
const idOf = (c: EntityValue): string => {
  const p = c.properties.Id;
  if (!p || p.type !== "String") throw new Error("card without Id");
  return p.basicValue;
};

describe("registration", () => {
  test("CARD is registered, element-wise (matrix in and out), with data types allowed in functions.json", () => {
    const f = b.metadata.functions.find((x) => x.id === "CARD")!;
    expect(f).toBeDefined();
    expect(b.registry.has("CARD")).toBe(true);
    expect(f.parameters.map((p) => [p.name, !!p.optional, p.dimensionality])).toEqual([
      ["entity", false, "matrix"],
      ["as_of", true, "matrix"],
      ["edition", true, "matrix"],
    ]);
    expect(f.result.dimensionality).toBe("matrix");
    expect(f.parameters.map((p) => [p.name, !!p.optional])).toEqual(CARD_PARAMS.map((p) => [p.name, !!p.optional]));
    expect(b.metadata.allowCustomDataForDataTypeAny).toBe(true);
  });
  test("worked examples (cards.json) give the cards they describe", () => {
    for (const e of examples.CARD) {
      const r = one(b.call("CARD", ...e.args)) as EntityValue;
      expect(r.type).toBe("Entity");
      expect(r.text).toBe(e.text);
      expect(validateCard(r)).toEqual([]);
    }
  });
  test("spills: a column of codes gives a column of cards; blank rows stay blank; unknown codes are #N/A", () => {
    const r = b.call("CARD", [["Dy"], [null], ["8505.11.00.70"], ["Dyy"]], m(AS_OF)) as unknown[][];
    expect(r.length).toBe(4);
    expect((r[0][0] as EntityValue).text).toBe("Dysprosium");
    expect(r[1][0]).toBe("");
    expect((r[2][0] as EntityValue).properties.Id).toMatchObject({ basicValue: "8505.11.00.70" });
    expect(isExcelError(r[3][0], "#N/A")).toBe(true);
    expect(isExcelError(one(b.call("CARD", m("Dy"), m("yesterday"))), "#VALUE!")).toBe(true);
  });
});

// ---------------------------------------------------------------------------
// Every card of the pack against REF

const entities = allEntities();

/** label → [field, is it dated] for an entity, from FIELDS through the bundle. */
function fieldsByLabel(id: string): Map<string, { field: string; dated: boolean }> {
  const rows = b.call("FIELDS", id) as string[][];
  const out = new Map<string, { field: string; dated: boolean }>();
  for (const [field, description] of rows.slice(1)) {
    if (field.startsWith("<") || field.startsWith("(")) continue;
    out.set(labelOf(field), { field, dated: /\[year_or_date: date\]/.test(description) });
  }
  return out;
}

function compareToRef(expected: unknown, p: PropertyValue, where: string, problems: string[]): void {
  if (p.type === "Entity") {
    const id = p.properties.Id;
    if (!(id && id.type === "String" && id.basicValue === expected)) problems.push(`${where}: entity ${JSON.stringify(id)} vs REF ${String(expected)}`);
    return;
  }
  if (p.type === "Array") return;
  if (isExcelError(expected)) {
    if (!(p.type === "String" && /^not available/.test(p.basicValue))) problems.push(`${where}: REF is ${expected.code}, card shows ${JSON.stringify(p.basicValue)}`);
    return;
  }
  const shown = p.type === "String" && p.basicValue === "(none)" ? "" : p.basicValue;
  if (shown !== expected) problems.push(`${where}: card ${JSON.stringify(shown)} vs REF ${JSON.stringify(expected)}`);
}

/** Card bookkeeping rather than figures: the id, the kind, the card's date, the source list, the pack's version and horizon. */
const NOT_FIELDS = new Set(["Id", "Kind", "As of", "Sources", "Data version", "Data horizon"]);

describe("every figure on every card is what REF returns", () => {
  test(`${entities.length} cards: valid entity values; each REF field's property equals REF for the same entity, field and date`, () => {
    const problems: string[] = [];
    let compared = 0;
    for (const e of entities) {
      const c = card(`${e.kind}:${e.id}`);
      for (const p of validateCard(c)) problems.push(`${e.kind}:${e.id}: ${p}`);
      const id = idOf(c);
      const byLabel = fieldsByLabel(id);
      for (const [name, p] of Object.entries(c.properties)) {
        if (NOT_FIELDS.has(name)) continue;
        const f = byLabel.get(name);
        if (!f) continue; // a property beyond REF's fields (series, controls, tariffs): checked below
        compareToRef(ref(id, f.field, f.dated ? AS_OF_SERIAL : null), p, `${id} ${name}`, problems);
        compared++;
      }
    }
    expect(problems).toEqual([]);
    expect(compared).toBeGreaterThan(entities.length * 3);
  });

  test("series rows equal REF(entity, field, year, edition): production, reserves, prices", () => {
    const problems: string[] = [];
    let rowsSeen = 0;
    for (const [code, name, field] of [
      ["CN", "Mine production by year", "production_t"],
      ["World", "Mine production by year", "production_t"],
      ["AU", "Mine production by year", "production_t"],
      ["US", "Reserves by edition", "reserves_t"],
      ["Dy oxide", "Price by year", "price_usd_kg"],
      ["Nd oxide", "Price by year", "price_usd_kg"],
    ]) {
      const s = card(code).properties[name];
      if (!s || s.type !== "Array") {
        problems.push(`${code}: no ${name}`);
        continue;
      }
      const header = s.elements[0].map((x) => (x.type === "String" ? x.basicValue : ""));
      const yi = header.indexOf("Year");
      const ei = header.indexOf("Edition");
      const vi = header.length === 4 && yi === 0 ? 1 : 2;
      for (const row of s.elements.slice(1)) {
        const year = row[yi].type === "Double" ? row[yi].basicValue : null;
        const edition = row[ei].type === "String" ? row[ei].basicValue : "";
        const cell = row[vi];
        const expected = ref(code, field, year, edition);
        const got = cell.type === "FormattedNumber" || cell.type === "Double" ? cell.basicValue : cell.type === "String" ? cell.basicValue : undefined;
        if (isExcelError(expected) ? got !== "NA" : got !== expected) problems.push(`${code} ${name} ${year} ${edition}: ${String(got)} vs ${JSON.stringify(expected)}`);
        rowsSeen++;
      }
    }
    expect(problems).toEqual([]);
    expect(rowsSeen).toBeGreaterThan(10);
  });

  test("controls, tariffs and nested entities equal CN_CONTROLLED, TARIFF_RATE and REF on the card's date", () => {
    const problems: string[] = [];
    for (const el of entities.filter((e) => e.kind === "element")) {
      const c = card(el.id);
      const p = c.properties["Controlled by China"];
      const expected = one(b.call("CN_CONTROLLED", m(el.id), m(AS_OF)));
      if (!p || p.type !== "Boolean" || p.basicValue !== expected) problems.push(`${el.id}: Controlled by China ${JSON.stringify(p)} vs ${String(expected)}`);
      // nested HTS lines carry their code; their full card (by that code) has the figures
      const lines = c.properties["HTS lines"];
      if (lines && lines.type === "Array")
        for (const [l] of lines.elements) {
          if (l.type !== "Entity") continue;
          if (Object.keys(l.properties).join() !== "Id") problems.push(`${el.id} HTS ${idOf(l)}: nested properties ${Object.keys(l.properties).join()}`);
          const mfn = card(l).properties["MFN rate"];
          const want = ref(idOf(l), "mfn_rate");
          if (!mfn || mfn.type !== "FormattedNumber" || mfn.basicValue !== want) problems.push(`${el.id} HTS ${idOf(l)}: ${JSON.stringify(mfn)} vs ${String(want)}`);
        }
      const ins = c.properties["Control instrument"];
      if (ins && ins.type === "Entity") {
        const st = ref(idOf(ins), "status", AS_OF_SERIAL);
        if (ins.properties.Status.type !== "String" || ins.properties.Status.basicValue !== st) problems.push(`${el.id} control instrument status`);
      }
    }
    for (const h of entities.filter((e) => e.kind === "hts")) {
      const c = card(`hts:${h.id}`);
      const id = idOf(c);
      const cn = c.properties["US tariff from China"];
      const want = one(b.call("TARIFF_RATE", m(id), m("CN"), m(AS_OF)));
      if (isExcelError(want, "#N/A")) {
        // a line whose sub-lines pay different rates (8505.11.00): no rate, the card says why
        if (!cn || cn.type !== "String" || !/^not available/.test(cn.basicValue) || cn.propertyMetadata?.sublabel !== want.message?.slice(0, 160)) problems.push(`${id}: from China ${JSON.stringify(cn)} vs #N/A`);
        continue;
      }
      if (!cn || cn.type !== "FormattedNumber" || cn.basicValue !== want) problems.push(`${id}: from China ${JSON.stringify(cn)} vs ${String(want)}`);
      const layers = c.properties["US tariff layers (China)"];
      const bd = b.call("TARIFF_BREAKDOWN", m(id), m("CN"), m(AS_OF)) as unknown[][];
      const want2 = bd.slice(1, -1).map((r) => [r[0], r[2]]);
      const got2 = layers && layers.type === "Array" ? layers.elements.slice(1).map((r) => r.slice(0, 2).map((x) => (x.type === "Entity" ? x.text : x.basicValue))) : [];
      if (JSON.stringify(got2) !== JSON.stringify(want2)) problems.push(`${id}: layers ${JSON.stringify(got2)} vs ${JSON.stringify(want2)}`);
    }
    for (const i of entities.filter((e) => e.kind === "instrument")) {
      const c = card(`instrument:${i.id}`);
      const by = c.properties["Suspended by"];
      if (by && by.type === "Entity") {
        const st = ref(idOf(by), "status", AS_OF_SERIAL);
        if (by.properties.Status.type !== "String" || by.properties.Status.basicValue !== st) problems.push(`${i.id}: Suspended by status`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every card lists, by id, the sources of the pack behind each of its REF figures; properties carry no attribution of their own", () => {
    const known = new Set(sourcesDoc.records.map((s) => s.id));
    const problems: string[] = [];
    let checked = 0;
    for (const e of entities) {
      const c = card(`${e.kind}:${e.id}`);
      const id = idOf(c);
      const src = c.properties.Sources;
      const listed = src && src.type === "String" ? src.basicValue.split(", ") : [];
      for (const s of listed) if (!known.has(s)) problems.push(`${id}: source ${s} is not in sources.json`);
      for (const [name, p] of Object.entries(c.properties)) if (p.propertyMetadata?.attribution) problems.push(`${id} ${name}: attribution`);
      for (const [name, f] of fieldsByLabel(id)) {
        if (!(name in c.properties) || NOT_FIELDS.has(name)) continue;
        const ids = ref(id, `${f.field}.sources`, f.dated ? AS_OF_SERIAL : null);
        if (typeof ids !== "string" || ids === "") continue;
        for (const s of ids.split(", ")) if (!listed.includes(s)) problems.push(`${id} ${name}: source ${s} not listed`);
        checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(entities.length * 2);
  });
  test("SOURCE describes every id a card lists (title, publisher, date, link)", () => {
    const listed = String((card("CN").properties.Sources as { basicValue: string }).basicValue).split(", ");
    const out = b.call("SOURCE", listed.map((x) => [x])) as unknown[][];
    for (const [i, row] of out.entries()) {
      const rec = sourcesDoc.records.find((r) => r.id === listed[i])!;
      expect(row[0]).toContain(rec.title);
      if (rec.url) expect(row[0]).toContain(rec.url);
    }
  });
});

describe("the card's date", () => {
  test("a blank as_of says the card shows the calculation date", () => {
    const c = card("Dy", null);
    expect(c.properties["As of"].propertyMetadata?.sublabel).toMatch(/as_of was blank/);
    expect(card("Dy").properties["As of"]).toMatchObject({ basicValue: AS_OF_SERIAL, numberFormat: "yyyy-mm-dd" });
  });
});

// ---------------------------------------------------------------------------
// Cards as inputs: every TRADE function reads a card as the code it carries (properties.Id)

describe("a card passed back in gives the same answer as its code", () => {
  const dy = card("Dy");
  const cn = card("CN");
  const my = card("MY");
  const hts = card("8505.11.00.70");
  const ann61 = card("MOFCOM-61-2025");
  const same = (id: string, withCard: unknown[], withCode: unknown[]) => {
    const a = b.call(id, ...withCard);
    const c = b.call(id, ...withCode);
    expect(isExcelError(c)).toBe(false);
    expect(a).toEqual(c);
  };

  test('REF(card, "production_t", 2025) = REF("CN", ...) = 270,000; FIELDS(card) = FIELDS("CN")', () => {
    same("REF", [[[cn]], m("production_t"), m(2025)], [m("CN"), m("production_t"), m(2025)]);
    expect(one(b.call("REF", [[cn]], m("production_t"), m(2025)))).toBe(270000);
    same("FIELDS", [cn], ["CN"]);
    same("REF", [[[ann61]], m("status"), m(AS_OF_SERIAL)], [m("MOFCOM-61-2025"), m("status"), m(AS_OF_SERIAL)]);
  });
  test("every card of the pack reads as its code in REF (first field) and CARD", () => {
    const problems: string[] = [];
    for (const e of entities) {
      const c = card(`${e.kind}:${e.id}`);
      const id = idOf(c);
      const field = (b.call("FIELDS", id) as string[][])[1][0];
      const viaCard = one(b.call("REF", [[c]], m(field)));
      const viaCode = one(b.call("REF", m(id), m(field)));
      if (JSON.stringify(viaCard) !== JSON.stringify(viaCode)) problems.push(`${id} ${field}: ${JSON.stringify(viaCard)} vs ${JSON.stringify(viaCode)}`);
      const again = one(b.call("CARD", [[c]], m(AS_OF))) as EntityValue;
      if (!again || idOf(again) !== id) problems.push(`${id}: CARD(card) is ${JSON.stringify(again?.properties?.Id)}`);
    }
    expect(problems).toEqual([]);
  });
  test("a column of cards is a range like a column of codes", () => {
    same("REF", [[[dy], [card("Nd")], [null]], m("atomic_number")], [[["Dy"], ["Nd"], [null]], m("atomic_number")]);
  });
  test("TARIFF_RATE(htsCard, countryCard), TARIFF_BREAKDOWN, TARIFF_EXPLAIN, DUTY, LANDED_COST", () => {
    same("TARIFF_RATE", [[[hts]], [[cn]], m(AS_OF)], [m("8505.11.00.70"), m("CN"), m(AS_OF)]);
    same("TARIFF_RATE", [[[hts]], [[my]], m(AS_OF)], [m("8505.11.00.70"), m("MY"), m(AS_OF)]);
    same("TARIFF_BREAKDOWN", [hts, cn, AS_OF], ["8505.11.00.70", "CN", AS_OF]);
    same("TARIFF_EXPLAIN", [[[hts]], [[cn]], m(AS_OF)], [m("8505.11.00.70"), m("CN"), m(AS_OF)]);
    same("DUTY", [m(1000), [[hts]], [[cn]], m(AS_OF)], [m(1000), m("8505.11.00.70"), m("CN"), m(AS_OF)]);
    same("LANDED_COST", [m(1000), [[hts]], [[cn]], m(AS_OF)], [m(1000), m("8505.11.00.70"), m("CN"), m(AS_OF)]);
  });
  test("CN_CONTROLLED(elementCard) and its explanation; EXPORT_RESTRICTED(countryCard, ...)", () => {
    same("CN_CONTROLLED", [[[dy]], m(AS_OF)], [m("Dy"), m(AS_OF)]);
    expect(one(b.call("CN_CONTROLLED", [[dy]], m(AS_OF)))).toBe(true);
    same("CN_CONTROLLED_EXPLAIN", [[[dy]], m(AS_OF)], [m("Dy"), m(AS_OF)]);
    same("EXPORT_RESTRICTED", [[[my]], m("raw"), m(AS_OF)], [m("MY"), m("raw"), m(AS_OF)]);
    same("EXPORT_RESTRICTED_EXPLAIN", [[[my]], m("raw"), m(AS_OF)], [m("MY"), m("raw"), m(AS_OF)]);
  });
  test("BOM lines: element cards as items, country cards as origins", () => {
    const vals = [[10], [5], [985]];
    same("CN_CONTROLLED_VALUE", [vals, [[dy], [card("Tb")], ["other"]], [[cn], [cn], [my]], AS_OF], [vals, [["Dy"], ["Tb"], ["other"]], [["CN"], ["CN"], ["MY"]], AS_OF]);
    same("RAREEARTH_SHARE", [vals, 1000, [[cn], [cn], [my]], "CN"], [vals, 1000, [["CN"], ["CN"], ["MY"]], "CN"]);
    same("RAREEARTH_SHARE", [vals, 1000, [[cn], [cn], [my]], my], [vals, 1000, [["CN"], ["CN"], ["MY"]], "MY"]);
    same("RAREEARTH_SHARE", [vals, 1000, [["CN"], ["CN"], ["MY"]], cn], [vals, 1000, [["CN"], ["CN"], ["MY"]], "CN"]);
  });
  test("SUPPLY_SHARE(countryCard) and its explanation", () => {
    same("SUPPLY_SHARE", [[[cn]], m("mining"), m(2024)], [m("CN"), m("mining"), m(2024)]);
    same("SUPPLY_SHARE_EXPLAIN", [[[cn]], m("mining"), m(2024)], [m("CN"), m("mining"), m(2024)]);
  });
  test("a nested entity read by dot notation (=A2.[Suspended by]) is an input too", () => {
    const by = ann61.properties["Suspended by"];
    same("REF", [[[by]], m("status"), m(AS_OF_SERIAL)], [m("MOFCOM-70-2025"), m("status"), m(AS_OF_SERIAL)]);
  });
  test("a card's formatted numbers (=A2.[Mine production]) are numbers to every function", () => {
    const share = (code: string) => card(code).properties["Share of world mine production"];
    const codes = ["CN", "US", "AU", "MM"];
    same("HHI", [codes.map((c) => [share(c)])], [codes.map((c) => [(share(c) as { basicValue: number }).basicValue])]);
    const prod = cn.properties["Mine production"];
    same("TARIFF_DELTA", [[[prod]], m(0.1), m(0.2)], [m(270000), m(0.1), m(0.2)]);
  });
});

// ---------------------------------------------------------------------------
// Bad input: unknown entities and editions

describe("unknown entities and editions", () => {
  test("an unknown code is #N/A naming close matches; in a column, close matches for the first ENTITY_SUGGESTIONS_PER_CALL only", () => {
    const alone = one(b.call("CARD", m("Dysprosum"), m(AS_OF))) as ShimError;
    expect(isExcelError(alone, "#N/A")).toBe(true);
    expect(alone.message).toMatch(/^entity: "Dysprosum" is not in the data pack .*did you mean "Dysprosium"/);
    const n = ENTITY_SUGGESTIONS_PER_CALL + 20;
    const col = Array.from({ length: n }, (_, k) => [`PN-card-${k}`]);
    const out = b.call("CARD", col, m(AS_OF)) as ShimError[][];
    expect(out.every((r) => isExcelError(r[0], "#N/A"))).toBe(true);
    const capped = out.filter((r) => /no close matches suggested beyond the first/.test(r[0].message ?? "")).length;
    expect(capped).toBe(n - ENTITY_SUGGESTIONS_PER_CALL);
    // every message echoes what was typed
    out.forEach((r, k) => expect(r[0].message).toContain(`"PN-card-${k}"`));
    // known codes in the same column are unaffected
    const mixed = b.call("CARD", [...col, ["Dy"]], m(AS_OF)) as unknown[][];
    expect((mixed[n][0] as EntityValue).text).toBe("Dysprosium");
  });
  test('an edition no figure has ("garbage", "MCS 2099") is #N/A naming the argument; a real one changes the figures', () => {
    for (const ed of ["garbage", "MCS 2099"]) {
      for (const code of ["AU", "Dy", "MOFCOM-61-2025"]) {
        const e = one(b.call("CARD", m(code), m(AS_OF), m(ed))) as ShimError;
        expect(isExcelError(e, "#N/A")).toBe(true);
        expect(e.message).toMatch(new RegExp(`^edition: "${ed}" is not an edition`));
      }
    }
    // Australia's 2024 mine production: 13,000 t in MCS 2025, revised to 29,000 t in MCS 2026 (USGS)
    const au25 = card("AU", AS_OF, "MCS 2025");
    expect((au25.properties["Mine production"] as { basicValue: number }).basicValue).toBe(13000);
    expect(ref("AU", "production_t", null, "MCS 2025")).toBe(13000);
    expect((card("AU").properties["Mine production"] as { basicValue: number }).basicValue).toBe(29000);
    // an edition of the pack on an entity without figures by edition changes nothing
    expect(card("MOFCOM-61-2025", AS_OF, "MCS 2025").properties.Status).toEqual(card("MOFCOM-61-2025").properties.Status);
  });
});

// ---------------------------------------------------------------------------
// Size: Excel takes at most 5 MB per custom-function payload (result and entity arguments)

describe("a spill of cards within Excel's payload limit", () => {
  const N = 1000;
  const dates = Array.from({ length: N }, (_, k) => [45658 + k]); // a different date on every row
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
  const byKind = new Map<string, string[]>();
  for (const e of entities) {
    if (!byKind.has(e.kind)) byKind.set(e.kind, []);
    byKind.get(e.kind)!.push(`${e.kind}:${e.id}`);
  }
  test.each([...byKind.keys()])("1,000 %s cards, cycling through the kind and as its largest card repeated, stay under 4 MB", (kind) => {
    const codes = byKind.get(kind)!;
    const cycled = b.call("CARD", Array.from({ length: N }, (_, k) => [codes[k % codes.length]]), dates) as unknown[][];
    expect(cycled.every((r) => (r[0] as EntityValue).type === "Entity")).toBe(true);
    expect(bytes(cycled)).toBeLessThan(SPILL_BUDGET_BYTES);
    const largest = codes.map((c) => [c, bytes(card(c))] as const).sort((x, y) => y[1] - x[1])[0][0];
    const repeated = b.call("CARD", Array.from({ length: N }, () => [largest]), dates) as unknown[][];
    expect(repeated.every((r) => (r[0] as EntityValue).type === "Entity")).toBe(true);
    expect(bytes(repeated)).toBeLessThan(SPILL_BUDGET_BYTES);
  });
  test("a spill that would pass the budget gets compact cards: the same figures, without tables and lists, saying so", () => {
    const big = b.call("CARD", Array.from({ length: N }, () => ["CN"]), dates) as EntityValue[][];
    const full = card("CN", 45658);
    const compact = big[0][0];
    expect(bytes(full) * N).toBeGreaterThan(SPILL_BUDGET_BYTES); // 1,000 full China cards would not fit
    expect(compact.properties[CARD_DETAIL]).toMatchObject({ type: "String", basicValue: expect.stringMatching(/compact card: .*5 MB/) });
    for (const [name, p] of Object.entries(full.properties)) {
      if (p.type === "Array") expect(compact.properties[name]).toBeUndefined();
      else expect(compact.properties[name]).toEqual(p);
    }
    expect(validateCard(compact)).toEqual([]);
    // a short column keeps full cards
    const few = b.call("CARD", [["CN"], ["CN"]], m(45658)) as EntityValue[][];
    expect(few[0][0].properties["Mine production by year"]).toBeDefined();
    expect(few[0][0].properties[CARD_DETAIL]).toBeUndefined();
  });
  test("a spill over the budget even with compact cards is one #VALUE! naming Excel's 5 MB limit and the rows that fit", () => {
    const n = 3000;
    const r = b.call("CARD", Array.from({ length: n }, () => ["CN"]), Array.from({ length: n }, (_, k) => [45658 + (k % 700)])) as unknown[][];
    expect(r.length).toBe(1);
    const e = r[0][0] as ShimError;
    expect(isExcelError(e, "#VALUE!")).toBe(true);
    expect(e.message).toMatch(/^entity: 3000 cards would be \d+\.\d MB of data, over the 4\.0 MB a TRADE\.CARD formula keeps to \(Excel takes at most 5 MB per custom-function call\); split the range into formulas of about \d+ rows/);
    const rows = Number(/about (\d+) rows/.exec(e.message ?? "")![1]);
    // that many rows do fit
    const ok = b.call("CARD", Array.from({ length: rows }, () => ["CN"]), Array.from({ length: rows }, (_, k) => [45658 + (k % 700)])) as unknown[][];
    expect((ok[0][0] as EntityValue).type).toBe("Entity");
    expect(bytes(ok)).toBeLessThan(SPILL_BUDGET_BYTES);
  });
  test("cards passed in as the entity argument count toward the same payload", () => {
    const cards = (b.call("CARD", Array.from({ length: 700 }, () => ["CN"]), Array.from({ length: 700 }, (_, k) => [45658 + k])) as EntityValue[][]).map((r) => [r[0]]);
    expect(bytes(cards)).toBeGreaterThan(SPILL_BUDGET_BYTES / 2);
    const again = b.call("CARD", cards, m(AS_OF)) as unknown[][];
    expect(isExcelError(again[0][0], "#VALUE!")).toBe(true);
    expect((again[0][0] as ShimError).message).toMatch(/cards passed in as arguments/);
  });
});

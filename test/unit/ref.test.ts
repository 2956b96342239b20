/**
 * TRADE.REF / FIELDS / DATA_VERSION / SOURCE in the pure core: values from the
 * reference tables, errors, blanks, broadcasting.
 */
import {
  allEntities,
  dataVersionText,
  fieldsTable,
  fieldsOf,
  refMatrix,
  refValue,
  resolveEntity,
  sourceMatrix,
  sourceText,
} from "../../src/core/data";
import { TradeError, isTradeError } from "../../src/core/errors";

const ref = (...a: unknown[]) => refValue(a[0], a[1], a[2] ?? null, a[3] ?? null);
const err = (fn: () => unknown): TradeError => {
  try {
    fn();
  } catch (e) {
    if (isTradeError(e)) return e;
    throw e;
  }
  throw new Error("expected an error");
};

describe("REF: the issue's examples", () => {
  test('REF("CN","production_t",2025) = 270,000 (MCS 2026, 2025e)', () => expect(ref("CN", "production_t", 2025)).toBe(270000));
  test('REF("Dy","atomic_number") = 66', () => expect(ref("Dy", "atomic_number")).toBe(66));
  test('REF("Dy oxide","price_usd_kg",2025) = 239', () => expect(ref("Dy oxide", "price_usd_kg", 2025)).toBe(239));
  test('REF("8505.11.00.70","mfn_rate") = 2.1% when the HTS kind is registered', () => {
    const e = resolveEntity("8505.11.00.70");
    expect(e?.kind).toBe("hts");
    const v = ref("8505.11.00.70", "mfn_rate");
    expect(v).toBeCloseTo(0.021, 10);
  });
  test('REF("MOFCOM-61-2025","status",DATE(2026,3,1)): suspended then', () => {
    const v = ref("MOFCOM-61-2025", "status", 46082); // DATE(2026,3,1)
    expect(String(v).toLowerCase()).toContain("suspended");
  });
});

describe("REF: editions, provenance and kinds", () => {
  test("editions: default newest that reports the year; explicit edition", () => {
    expect(ref("China", "production_t", 2024)).toBe(270000);
    expect(ref("Australia", "production_t", 2024)).toBe(29000);
    expect(ref("Australia", "production_t", 2024, "MCS 2025")).toBe(13000);
    expect(ref("AU", "production_t", 2024, "mcs2025")).toBe(13000);
    expect(ref("AU", "production_t", 2024, 2025)).toBe(13000);
    expect(ref("Burma", "production_t", 2023, "MCS 2024")).toBe(38000);
    expect(ref("AU", "production_t", "2024")).toBe(29000);
  });
  test("provenance fields", () => {
    expect(ref("CN", "production_t.edition", 2025)).toBe("MCS 2026");
    expect(ref("CN", "production_t.status", 2023, "MCS 2024")).toBe("confirmed-2nd");
    expect(ref("CN", "production_t.sources", 2025)).toBe("S2");
    expect(ref("CN", "production_t.source", 2025)).toMatch(
      /^Mineral Commodity Summaries 2026: Rare Earths \(v1\.3\), U\.S\. Geological Survey, 2026-05-27, https:\/\/pubs\.usgs\.gov/,
    );
    expect(ref("CN", "production_t.estimated", 2025)).toBe(true);
    expect(ref("US", "production_t.estimated", 2024)).toBe(false);
    expect(ref("CN", "refining_share.status", 2023)).toBe("confirmed-2nd");
    expect(ref("CN", "production_share.status", 2025)).toBe("derived");
    expect(ref("Eu", "uses_status")).toBe("unconfirmed");
    expect(ref("World", "reserves_t.qualifier")).toBe(">");
  });
  test("lower bounds and net-exporter marks come back as the printed text, never as a plain number", () => {
    expect(ref("World", "reserves_t")).toBe(">75,000,000");
    expect(ref("World", "reserves_t", null, "MCS 2025")).toBe(">90,000,000");
    expect(ref("US", "net_import_reliance", 2022)).toBe(">95%");
    expect(ref("US", "net_import_reliance", 2023)).toBe(">90%");
    expect(ref("US", "net_import_reliance", 2023, "MCS 2025")).toBe(">95%");
    expect(ref("US", "net_import_reliance_concentrates", 2024)).toBe("E");
    expect(ref("Sc oxide", "price_usd_kg", 2024)).toBe("660–670");
    expect(ref("Sc oxide", "price_low_usd_kg", 2024)).toBe(660);
  });
  test("NA is #N/A with a message, not 0", () => {
    const e = err(() => ref("Burma", "reserves_t"));
    expect(e.kind).toBe("NA");
    expect(e.message).toMatch(/Myanmar reserves_t \(MCS 2026\): not available/);
    expect(ref("Canada", "production_t", 2025)).toBe(0); // USGS "—" = zero
  });
  test("many kinds", () => {
    expect(ref("US", "imports_compounds_t", 2025)).toBe(21000);
    expect(ref("US", "imports_value_usd", 2024, "MCS 2025")).toBe(170000000);
    expect(ref("Japan", "us_import_share", 2023)).toBe(0.06);
    expect(ref("Tb", "us_import_sources")).toBe("China 100%");
    expect(ref("Er", "us_import_sources")).toBe("Germany 51%, China 40%, Netherlands 9%");
    expect(ref("Y", "us_net_import_reliance", 2025)).toBe(1);
    expect(ref("CN", "magnets_share")).toBe(0.94);
    expect(ref("Malaysia", "refining_share", 2030)).toBe(0.12);
    expect(ref("NdPr oxide", "price_floor_usd_kg")).toBe(110);
    expect(ref(850511, "description")).toMatch(/permanent magnets/);
    expect(ref("2846.90", "relevance")).toMatch(/separated oxides/);
    expect(ref("HK", "iso3")).toBe("HKG");
    expect(ref("Hong Kong", "name")).toBe("Hong Kong");
    expect(ref("CN", "production_share", 2025)).toBeCloseTo(270000 / 390000, 12);
  });
  test("element symbols vs ISO codes: the kind that has the field wins; case breaks ties", () => {
    expect(ref("Er", "atomic_number")).toBe(68);
    expect(ref("ER", "atomic_number")).toBe(68);
    expect(ref("ER", "name")).toBe("Eritrea");
    expect(ref("Er", "name")).toBe("Erbium");
    expect(ref("La", "name")).toBe("Lanthanum");
    expect(ref("LA", "name")).toBe("Laos");
    expect(ref("country:Er", "name")).toBe("Eritrea");
    expect(ref("element:LA", "name")).toBe("Lanthanum");
  });
  test("fields are case-insensitive; spaces read as underscores", () => {
    expect(ref("cn", "Production T", 2025)).toBe(270000);
    expect(ref(" dysprosium ", "ATOMIC_NUMBER")).toBe(66);
  });
});

describe("REF: errors", () => {
  test("unknown entity → #N/A naming close matches", () => {
    const e = err(() => ref("Chna", "production_t", 2025));
    expect(e.kind).toBe("NA");
    expect(e.message).toMatch(/entity: "Chna" is not in the data pack.*did you mean "China"/);
    expect(err(() => ref("Dysprosum", "atomic_number")).message).toMatch(/"Dysprosium"/);
  });
  test("unknown field → #N/A naming close matches", () => {
    const e = err(() => ref("CN", "prodution_t", 2025));
    expect(e.kind).toBe("NA");
    expect(e.message).toMatch(/field: "prodution_t" is not a field of country China; did you mean "production_t"/);
    expect(err(() => ref("Dy", "atomic_nr")).message).toMatch(/"atomic_number"/);
  });
  test("a field the entity has no data for → #N/A listing its fields", () => {
    expect(err(() => ref("Japan", "production_t")).message).toMatch(/not a field of country Japan/);
  });
  test("year with no figure → #N/A naming available years", () => {
    const e = err(() => ref("CN", "production_t", 2020));
    expect(e.kind).toBe("NA");
    expect(e.message).toMatch(/available years: 2023, 2024, 2025/);
  });
  test("unknown edition → #N/A naming the editions", () => {
    expect(err(() => ref("CN", "production_t", 2025, "MCS 2031")).message).toMatch(/"MCS 2031" is not an edition.*"MCS 2026"/);
  });
  test("bad year_or_date → #VALUE!", () => {
    expect(err(() => ref("CN", "production_t", "last year")).kind).toBe("VALUE");
    expect(err(() => ref("CN", "production_t", true)).kind).toBe("VALUE");
    expect(err(() => ref("CN", "production_t", -5)).kind).toBe("VALUE");
  });
  test("Excel error inputs propagate", () => {
    expect(err(() => ref({ code: "#N/A" }, "production_t")).kind).toBe("NA");
    expect(err(() => ref("CN", "#REF!")).kind).toBe("REF");
  });
  test("scalar call: blank entity → #VALUE! naming the argument", () => {
    expect(err(() => ref(null, "production_t")).message).toMatch(/^entity is blank/);
    expect(err(() => ref("CN", 0)).message).toMatch(/^field is blank/);
  });
});

describe("REF over ranges", () => {
  test("a column of entities broadcast against one field and year", () => {
    expect(refMatrix([["CN"], ["US"], ["AU"]], [["production_t"]], [[2025]], null)).toEqual([[270000], [51000], [29000]]);
  });
  test("a row of years against a column of countries (outer product)", () => {
    expect(refMatrix([["CN"], ["AU"]], "production_t", [[2024, 2025]], null)).toEqual([
      [270000, 270000],
      [29000, 29000],
    ]);
  });
  test("per-element errors stay per element; all-blank rows give ''", () => {
    const out = refMatrix([["CN"], [null], ["Atlantis"], [""]], [["production_t"]], 2025, null);
    expect(out[0][0]).toBe(270000);
    expect(out[1][0]).toBe("");
    expect(isTradeError(out[2][0]) && (out[2][0] as TradeError).kind).toBe("NA");
    expect(out[3][0]).toBe("");
  });
  test("desktop 0 for an empty cell counts as blank; a blank field with an entity is #VALUE!", () => {
    expect(refMatrix([[0]], [[0]], null, null)).toEqual([[""]]);
    expect(refMatrix([[null]], [["production_t"]], null, null)).toEqual([[""]]);
    const e = refMatrix([["CN"]], [[null]], null, null)[0][0] as TradeError;
    expect([e.kind, e.message]).toEqual(["VALUE", "field is blank; text is required"]);
  });
  test("incompatible shapes → #VALUE! naming the arguments", () => {
    expect(() => refMatrix([["CN"], ["US"]], [["production_t"], ["reserves_t"], ["production_share"]], null, null)).toThrow(
      /entity \(2×1\) and field \(3×1\)/,
    );
  });
});

describe("FIELDS, DATA_VERSION, SOURCE", () => {
  test("FIELDS spills a header and [field, description, unit] rows", () => {
    const t = fieldsTable("CN");
    expect(t[0]).toEqual(["field", "description", "unit"]);
    const names = t.map((r) => r[0]);
    expect(names).toEqual(
      expect.arrayContaining(["production_t", "reserves_t", "production_share", "refining_share", "us_import_share", "<field>.source"]),
    );
    expect(t.find((r) => r[0] === "production_t")![2]).toBe("t REO");
    for (const r of t) expect(r.length).toBe(3);
  });
  test("FIELDS lists only fields with data, and mentions other kinds sharing the text", () => {
    expect(fieldsTable("Japan").map((r) => r[0])).not.toContain("production_t");
    expect(fieldsTable([["Dy"]]).map((r) => r[0])).toEqual(
      expect.arrayContaining(["atomic_number", "class_usgs", "class_alt", "uses", "us_net_import_reliance", "products"]),
    );
    expect(fieldsTable("Er").some((r) => /country:ER/.test(r[0]))).toBe(true);
  });
  test("FIELDS errors", () => {
    expect(err(() => fieldsTable("Atlantis")).kind).toBe("NA");
    expect(err(() => fieldsTable([["CN", "US"]])).kind).toBe("VALUE");
    expect(err(() => fieldsTable(null)).kind).toBe("VALUE");
  });
  test("every registered entity's declared fields can be read or give #N/A (never a crash)", () => {
    for (const e of allEntities().filter(
      (x) => ["element", "aggregate", "product", "hs"].includes(x.kind) || ["CN", "US", "MY", "MM", "HK"].includes(x.id),
    )) {
      for (const f of fieldsOf(e)) {
        try {
          const v = refValue(`${e.kind}:${e.id}`, f.field, null, null);
          expect(["number", "string", "boolean"]).toContain(typeof v);
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
        } catch (x) {
          expect(isTradeError(x) && (x as TradeError).kind).toBe("NA");
        }
      }
    }
  });
  test("DATA_VERSION gives version and horizon", () => {
    expect(dataVersionText()).toBe("2026.12.07 (bundled; horizon China 2026-05-31, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)");
  });
  test("SOURCE: title, publisher, date, url; unknown id → #N/A with close matches; element-wise", () => {
    expect(sourceText("S2")).toBe(
      "Mineral Commodity Summaries 2026: Rare Earths (v1.3), U.S. Geological Survey, 2026-05-27, https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf",
    );
    expect(sourceText("s8")).toMatch(
      /^China to maintain control of REE refining this decade: IEA.*SEAISI, 2024-06-03, https:\/\/seaisi\.org/,
    );
    const e = err(() => sourceText("S99"));
    expect(e.kind).toBe("NA");
    expect(e.message).toMatch(/did you mean/);
    const m = sourceMatrix([["S1"], [null], ["nope"]]);
    expect(m[0][0]).toMatch(/^Mineral Commodity Summaries 2025/);
    expect(m[1][0]).toBe("");
    expect(isTradeError(m[2][0])).toBe(true);
  });
});

describe("Malaysia: the 16.1 Mt inferred-resources estimate is its own field, next to USGS reserves", () => {
  test("resources_inferred_t and reserves_t are different measures, each saying so", () => {
    expect(ref("MY", "resources_inferred_t")).toBe(16_100_000);
    expect(ref("Malaysia", "reserves_t")).toBe(710_000);
    const f = fieldsOf(resolveEntity("MY")!).map((x) => x.field);
    expect(f).toEqual(expect.arrayContaining(["reserves_t", "resources_inferred_t"]));
    expect(ref("MY", "resources_inferred_t.note")).toMatch(/not comparable/);
    expect(ref("MY", "reserves_t.note")).toMatch(/16\.1 Mt inferred-resources/);
  });
});

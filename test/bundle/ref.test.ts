/**
 * TRADE.REF / FIELDS / DATA_VERSION / SOURCE through the built bundle
 * (dist/functions.js, or $DIST_DIR), called the way Excel calls them.
 * Expected values are the USGS, IEA and tariff-schedule tables as published, not code output.
 */
import { isExcelError, loadBundle, ShimError } from "../harness";
import { ENTITY_SUGGESTIONS_PER_CALL } from "../../src/core/ref";

const b = loadBundle();
const m = (v: unknown) => [[v]];
/** REF with scalars wrapped as Excel wraps single cells for matrix parameters; omitted optionals = null. */
const ref = (entity: unknown, field: unknown, yod: unknown = null, edition: unknown = null) =>
  b.call(
    "REF",
    Array.isArray(entity) ? entity : m(entity),
    Array.isArray(field) ? field : m(field),
    yod === null ? null : Array.isArray(yod) ? yod : m(yod),
    edition === null ? null : m(edition),
  );
const one = (v: unknown) => (v as unknown[][])[0][0];

describe("registration", () => {
  test("REF, FIELDS, DATA_VERSION and SOURCE are registered with descriptions for every parameter", () => {
    for (const id of ["REF", "FIELDS", "DATA_VERSION", "SOURCE"]) {
      const f = b.metadata.functions.find((x) => x.id === id)!;
      expect(f).toBeDefined();
      expect(b.registry.has(id)).toBe(true);
      for (const p of f.parameters) expect((p.description ?? "").length).toBeGreaterThan(10);
    }
    const r = b.metadata.functions.find((x) => x.id === "REF")!;
    expect(r.parameters.map((p) => [p.name, !!p.optional, p.dimensionality])).toEqual([
      ["entity", false, "matrix"],
      ["field", false, "matrix"],
      ["year_or_date", true, "matrix"],
      ["edition", true, "matrix"],
    ]);
    expect(r.result.dimensionality).toBe("matrix");
  });
});

describe("REF: the issue's examples from the bundle", () => {
  test('REF("CN","production_t",2025) → 270,000 t (USGS MCS 2026, 2025e)', () => {
    expect(ref("CN", "production_t", 2025)).toEqual([[270000]]);
    expect(one(ref("CN", "production_t.edition", 2025))).toBe("MCS 2026");
  });
  test('REF("Dy","atomic_number") → 66', () => expect(ref("Dy", "atomic_number")).toEqual([[66]]));
  test('REF("Dy oxide","price_usd_kg",2025) → 239 USD/kg (MCS 2026 Heavy, 2025e)', () => {
    expect(ref("Dy oxide", "price_usd_kg", 2025)).toEqual([[239]]);
    expect(one(ref("Dy oxide", "price_usd_kg.sources", 2025))).toBe("S3");
  });
  test('REF("8505.11.00.70","mfn_rate") → 2.1% (HTS kind registered by the tariff module)', () => {
    const v = one(ref("8505.11.00.70", "mfn_rate"));
    expect(v as number).toBeCloseTo(0.021, 10);
  });
  test('REF("MOFCOM-61-2025","status",DATE(2026,3,1)) → suspended (Ann. 70 suspension 2025-11-07..2026-11-10)', () => {
    const v = one(ref("MOFCOM-61-2025", "status", 46082));
    expect(String(v).toLowerCase()).toContain("suspended");
  });
});

describe("REF: editions, vintages and honesty about what is not a number", () => {
  test("edition kept with every figure; default = newest edition reporting the year", () => {
    expect(ref("AU", "production_t", 2024)).toEqual([[29000]]);
    expect(ref("AU", "production_t", 2024, "MCS 2025")).toEqual([[13000]]);
    expect(ref("World", "production_t", 2024)).toEqual([[380000]]);
    expect(ref("World", "production_t", 2024, "MCS 2025")).toEqual([[390000]]);
    expect(ref("China", "production_t", 2023, "MCS 2024")).toEqual([[240000]]);
    expect(one(ref("China", "production_t.status", 2023, "MCS 2024"))).toBe("confirmed-2nd");
  });
  test("NA is #N/A with a message; lower bounds are text", () => {
    const na = one(ref("Burma", "reserves_t")) as ShimError;
    expect(isExcelError(na, "#N/A")).toBe(true);
    expect(na.message).toMatch(/not available/);
    expect(ref("World", "reserves_t")).toEqual([[">75,000,000"]]);
  });
  test("a date serial as year_or_date reads its year", () => {
    expect(ref("CN", "production_t", 46000)).toEqual([[270000]]); // 2025-12-09
  });
});

describe("REF: errors and arrays as Excel sees them", () => {
  test("unknown entity / field → #N/A naming close matches", () => {
    const e = one(ref("Chna", "production_t", 2025)) as ShimError;
    expect(isExcelError(e, "#N/A")).toBe(true);
    expect(e.message).toMatch(/did you mean "China"/);
    const f = one(ref("CN", "prodution_t", 2025)) as ShimError;
    expect(isExcelError(f, "#N/A")).toBe(true);
    expect(f.message).toMatch(/did you mean "production_t"/);
  });
  test("bad year → #VALUE! with a message", () => {
    const e = one(ref("CN", "production_t", "soon")) as ShimError;
    expect(isExcelError(e, "#VALUE!")).toBe(true);
    expect(e.message).toMatch(/year_or_date/);
  });
  test("a column of countries spills one value per row; blanks stay blank; errors stay per cell", () => {
    const out = ref([["CN"], ["US"], [null], ["Atlantis"], ["AU"]], "production_t", 2025) as unknown[][];
    expect(out[0][0]).toBe(270000);
    expect(out[1][0]).toBe(51000);
    expect(out[2][0]).toBe("");
    expect(isExcelError(out[3][0], "#N/A")).toBe(true);
    expect(out[4][0]).toBe(29000);
  });
  test("a row of fields against a column of entities (outer product)", () => {
    expect(ref([["Dy"], ["Tb"]], [["atomic_number", "class_usgs"]])).toEqual([
      [66, "HREE"],
      [65, "HREE"],
    ]);
  });
  test("incompatible shapes → one #VALUE! cell", () => {
    const out = ref([["CN"], ["US"]], [["production_t"], ["reserves_t"], ["name"]]) as unknown[][];
    expect(out.length).toBe(1);
    expect(isExcelError(out[0][0], "#VALUE!")).toBe(true);
  });
  test("Excel error inputs propagate per element", () => {
    const out = ref([["CN"], [{ code: "#N/A" }]], "name") as unknown[][];
    expect(out[0][0]).toBe("China");
    expect(isExcelError(out[1][0], "#N/A")).toBe(true);
  });
});

describe("FIELDS, DATA_VERSION, SOURCE from the bundle", () => {
  test("FIELDS spills a header and three columns", () => {
    const t = b.call("FIELDS", "Dy oxide") as unknown[][];
    expect(t[0]).toEqual(["field", "description", "unit"]);
    expect(t.map((r) => r[0])).toEqual(expect.arrayContaining(["name", "grade", "price_usd_kg", "<field>.source"]));
    expect(t.find((r) => r[0] === "price_usd_kg")![2]).toBe("USD/kg");
    const bad = b.call("FIELDS", "Atlantis") as unknown[][];
    expect(isExcelError(bad[0][0], "#N/A")).toBe(true);
  });
  test("DATA_VERSION", () => {
    expect(b.call("DATA_VERSION")).toBe("2026.12.07 (bundled; horizon China 2026-05-31, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)");
  });
  test("SOURCE: title, publisher, date, url; element-wise; unknown → #N/A", () => {
    expect(b.call("SOURCE", m("S2"))).toEqual([
      [
        "Mineral Commodity Summaries 2026: Rare Earths (v1.3), U.S. Geological Survey, 2026-05-27, https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-rare-earths.pdf",
      ],
    ]);
    const out = b.call("SOURCE", [["S1"], ["S999"], [null]]) as unknown[][];
    expect(out[0][0]).toMatch(/^Mineral Commodity Summaries 2025: Rare Earths, U\.S\. Geological Survey, 2025-01, https:/);
    expect(isExcelError(out[1][0], "#N/A")).toBe(true);
    expect(out[2][0]).toBe("");
  });
});

describe("unknown entities: close matches for a bounded number per call", () => {
  test("one typo names its close matches; so does the same typo in a later call", () => {
    for (let i = 0; i < 2; i++) {
      const e = one(ref("Chna", "production_t", 2025)) as ShimError;
      expect(isExcelError(e, "#N/A")).toBe(true);
      expect(e.message).toMatch(/^entity: "Chna" is not in the data pack .*did you mean "China"/);
    }
  });
  test(`a column of unknown part numbers: the first ${ENTITY_SUGGESTIONS_PER_CALL} are searched for close matches, the rest say there is no suggestion; known rows answer as usual`, () => {
    const n = ENTITY_SUGGESTIONS_PER_CALL + 50;
    const col = Array.from({ length: n }, (_, k) => [`PN-ref-${k}`]);
    col.push(["CN"]);
    const out = ref(col, "production_t", 2025) as ShimError[][];
    expect(out.slice(0, n).every((r) => isExcelError(r[0], "#N/A"))).toBe(true);
    expect(out.filter((r) => /no close matches suggested beyond the first/.test(r[0].message ?? "")).length).toBe(n - ENTITY_SUGGESTIONS_PER_CALL);
    out.slice(0, n).forEach((r, k) => expect(r[0].message).toContain(`"PN-ref-${k}"`));
    expect(out[n][0]).toBe(270000); // USGS MCS 2026: China 2025 mine production 270,000 t REO
    // a long text is echoed cut to 40 characters
    const long = one(ref("x".repeat(60), "production_t")) as ShimError;
    expect(long.message).toContain(`"${"x".repeat(37)}..."`);
  });
});

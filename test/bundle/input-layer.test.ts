/**
 * The one input layer, through the built bundle: the cases issue 11 names.
 * Expectations are independent of the code: dates from the calendar, statuses
 * from the instruments' own dates, rates from the tariff data's documented sums.
 */
import { isExcelError, loadBundle, ShimError } from "../harness";

const b = loadBundle();
const card = (id: string, text: string) => ({ type: "Entity", text, properties: { Id: { type: "String", basicValue: id }, Name: { type: "String", basicValue: text } } });
/** 2026-01-15 as Excel shows a date-formatted cell to a custom function that allows data types. */
const DATE_2026_01_15 = { type: "FormattedNumber", basicValue: 46037, numberFormat: "yyyy-mm-dd" };

function err(v: unknown): ShimError {
  if (!isExcelError(v)) throw new Error(`expected an Excel error, got ${JSON.stringify(v)}`);
  return v;
}

describe("Excel data types are inputs", () => {
  test("CN_CONTROLLED(<entity Dysprosium>) reads the card's id: Dy is controlled from 2025-04-04 (Ann. 18/2025)", () => {
    expect(b.call("CN_CONTROLLED", [[card("Dy", "Dysprosium")]], 46037, null)).toEqual([[true]]);
    expect(b.call("CN_CONTROLLED", [[card("Dy", "Dysprosium")]], 45658, null)).toEqual([[false]]); // 2025-01-01
    // an entity without an Id property: its text
    expect(b.call("CN_CONTROLLED", [[{ type: "Entity", text: "Dysprosium", properties: {} }]], 46037, null)).toEqual([[true]]);
  });
  test("a formatted date is a date", () => {
    const plain = b.call("TARIFF_RATE", "8505.11.00.70", "CN", 46037, null);
    expect(b.call("TARIFF_RATE", "8505.11.00.70", "CN", [[DATE_2026_01_15]], null)).toEqual(plain);
    expect(b.call("CN_CONTROLLED", "Dy", [[DATE_2026_01_15]], null)).toEqual([[true]]);
  });
  test("a formatted number is its number; an entity card for a country and an HTS line", () => {
    const plain = b.call("DUTY", 1000, "8505.11.00.70", "CN", 46037, null) as unknown[][];
    const viaTypes = b.call(
      "DUTY",
      [[{ type: "FormattedNumber", basicValue: 1000, numberFormat: "$#,##0" }]],
      [[card("8505.11.00.70", "Sintered NdFeB magnets")]],
      [[card("CN", "China")]],
      46037,
      null,
    );
    expect(viaTypes).toEqual(plain);
    expect(typeof plain[0][0]).toBe("number");
  });
  test("a real error value is still an error, with its own code", () => {
    const e = err((b.call("CN_CONTROLLED", [[{ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" }]], null, null) as unknown[][])[0][0]);
    expect(e.code).toBe("#N/A");
  });
});

describe("dates name their argument and echo what was typed", () => {
  test('as_of "2025-13-01" is not a date (tariff, China rule, controls)', () => {
    for (const [id, args] of [
      ["TARIFF_RATE", ["8505.11.00.70", "CN", "2025-13-01", null]],
      ["CN_LICENSE_REQUIRED", [0.4, 50, null, "2025-13-01", null, null]],
      ["CN_CONTROLLED", ["Dy", "2025-13-01", null]],
    ] as const) {
      const e = err((b.call(id, ...args) as unknown[][])[0][0]);
      expect([id, e.code, e.message]).toEqual([id, "#VALUE!", expect.stringMatching(/^as_of: "2025-13-01" is not a date; /)]);
    }
  });
});

/** The message of an Excel error result (or of a spill's first cell). */
function messageOf(v: unknown): string {
  const cell = Array.isArray(v) ? (v as unknown[][])[0][0] : v;
  return err(cell).message ?? "";
}

describe("lookups never reach JavaScript's object prototype", () => {
  test('EXPORT_RESTRICTED("CN","constructor") and ("MY","constructor") say the material is not in the vocabulary', () => {
    for (const country of ["CN", "MY"]) {
      for (const id of ["EXPORT_RESTRICTED", "EXPORT_RESTRICTED_EXPLAIN"]) {
        const e = err((b.call(id, country, "constructor", null) as unknown[][])[0][0]);
        expect([id, country, e.code, e.message]).toEqual([id, country, "#VALUE!", expect.stringMatching(/^material: "constructor" is not in the vocabulary; use "raw"/)]);
      }
    }
  });
  test('CN_LICENSE_REQUIRED(0.4, 50, "constructor") is an unknown product type, not FALSE', () => {
    const e = err((b.call("CN_LICENSE_REQUIRED", 0.4, 50, "constructor", null, null, null) as unknown[][])[0][0]);
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/^product_type: unknown option "constructor"; use "magnet", "target", "component" or "other"/);
  });
  test('SUPPLY_SHARE("CN","__proto__") and CONCENTRATION("__proto__") name the stage typed', () => {
    expect(messageOf(b.call("SUPPLY_SHARE", "CN", "__proto__", null, null))).toMatch(/^stage: unknown stage "__proto__"; use "mining"/);
    expect(messageOf(b.call("CONCENTRATION", "__proto__", null, null))).toMatch(/^stage: unknown stage "__proto__"; use "mining"/);
  });
  test("every text argument of every function: prototype names are unknown values, never an internal error or [object ...]", () => {
    const valid: Record<string, unknown[]> = {
      RAREEARTH_SHARE: [[[10]], 1000, [["CN"]], "CN"],
      CN_CONTROLLED_VALUE: [[[10]], [["Dy"]], [["CN"]], 46037, "in_force"],
      CN_LICENSE_REQUIRED: [0.4, 50, "magnet", 46037, "in_force", "strict"],
      CN_LICENSE_EXPLAIN: [0.4, 50, "magnet", 46037, "in_force", "strict"],
      CN_CONTROLLED: ["Dy", 46037, "in_force"],
      CN_CONTROLLED_EXPLAIN: ["Dy", 46037, "in_force"],
      EXPORT_RESTRICTED: ["MY", "raw", 46037],
      EXPORT_RESTRICTED_EXPLAIN: ["MY", "raw", 46037],
      TARIFF_RATE: ["8505.11.00.70", "CN", 46037, null],
      TARIFF_EXPLAIN: ["8505.11.00.70", "CN", 46037, null],
      TARIFF_BREAKDOWN: ["8505.11.00.70", "CN", 46037, null],
      DUTY: [100, "8505.11.00.70", "CN", 46037, null],
      SUPPLY_SHARE: ["CN", "mining", 2024, "MCS 2025"],
      SUPPLY_SHARE_EXPLAIN: ["CN", "mining", 2024, "MCS 2025"],
      CONCENTRATION: ["mining", 2024, "MCS 2025"],
      CONCENTRATION_EXPLAIN: ["mining", 2024, "MCS 2025"],
      HHI: [[[40], [60]], "percent"],
      HHI_CLASS: [2000, "2010"],
      SWISS_FORMULA: [0.1, 16, "fraction"],
      REF: ["CN", "production_t", 2024, "MCS 2025"],
      FIELDS: ["CN"],
      SOURCE: ["S1"],
    };
    let checked = 0;
    for (const [id, args] of Object.entries(valid)) {
      for (let i = 0; i < args.length; i++) {
        if (typeof args[i] !== "string" && !Array.isArray(args[i])) continue;
        if (Array.isArray(args[i]) && typeof (args[i] as unknown[][])[0][0] !== "string") continue;
        for (const bad of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
          const a = args.slice();
          a[i] = Array.isArray(args[i]) ? [[bad]] : bad;
          const r = b.call(id, ...a);
          const cell = Array.isArray(r) ? (r as unknown[][])[0][0] : r;
          checked++;
          // An unknown value is an error that names what was typed, never a result and never a leak.
          expect([id, i, bad, isExcelError(cell)]).toEqual([id, i, bad, true]);
          const m = (cell as ShimError).message ?? "";
          expect([id, i, bad, m]).toEqual([id, i, bad, expect.stringContaining(`"${bad}"`)]);
          expect(m).not.toMatch(/internal error|\[object |function /);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("messages", () => {
  test("echoed input is cut to about 40 characters, so the hint survives Excel's 255-character limit", () => {
    const long = "Dysprosium-iron alloy powder from the second supplier listed in the purchasing system, lot 2026-11-30-A";
    const m = messageOf(b.call("CN_CONTROLLED", long, null, null));
    expect(m).toContain(`"${long.slice(0, 37)}..."`);
    expect(m).toMatch(/use a symbol or name of one of the 17 rare earths/);
    expect(m.length).toBeLessThanOrEqual(255);
    const m2 = messageOf(b.call("EXPORT_RESTRICTED", "MY", long, null));
    expect(m2).toMatch(/an Annex 1 item \("TbFe alloy"\)$/);
    const m3 = messageOf(b.call("TARIFF_RATE", "8505.11.00.70", "CN", long, null));
    expect(m3).toMatch(/^as_of: "Dysprosium-iron alloy powder from the\.\.\." is not a date; use an Excel date, ISO text "YYYY-MM-DD" or leave it blank \(the calculation date\)$/);
  });
  test("a desktop 0 for product_value where the row is partly blank is a #VALUE! that says so; an all-zero row stays blank", () => {
    for (const id of ["CN_LICENSE_REQUIRED", "CN_LICENSE_EXPLAIN", "CN_HEADROOM"]) {
      const e = err((b.call(id, 1, 0) as unknown[][])[0][0]);
      expect([id, e.code, e.message]).toEqual([id, "#VALUE!", expect.stringMatching(/^product_value is 0 or an empty cell \(Excel desktop passes 0 for one\)/)]);
      expect(b.call(id, [[0], [null]], [[0], [0]])).toEqual([[""], [""]]);
    }
    const e = err(b.call("RAREEARTH_SHARE", [[1]], 0, null, null));
    expect([e.code, e.message]).toEqual(["#VALUE!", expect.stringMatching(/^product_value is 0 or an empty cell/)]);
  });
  test("a date serial typed where an HTS code belongs is recognised as a number", () => {
    // 45751 is 2025-04-04 in Excel's 1900 date system (45658 = 2025-01-01, + 93 days).
    for (const id of ["TARIFF_RATE", "TARIFF_EXPLAIN"]) {
      const e = err((b.call(id, 45751, "CN", 46037, null) as unknown[][])[0][0]);
      expect([id, e.code]).toEqual([id, "#VALUE!"]);
      expect(e.message).toMatch(/^hts: 45751 is a number that is not a line of the US tariff table/);
      expect(e.message).toContain("as an Excel date it is 2025-04-04");
    }
    // the same digits typed as text are an unknown code (#N/A), as before
    expect(err((b.call("TARIFF_RATE", "0457.51", "CN", 46037, null) as unknown[][])[0][0]).code).toBe("#N/A");
    // a number that is a line still works: 28053000 is 2805.30.00; 85051100 is 8505.11.00, whose lines pay
    // different rates on 2026-01-15 (8505.11.00.70 is exempt from the reciprocal duty): the #N/A names them
    expect(typeof (b.call("TARIFF_RATE", 28053000, "CN", 46037, null) as unknown[][])[0][0]).toBe("number");
    expect(err((b.call("TARIFF_RATE", 85051100, "CN", 46037, null) as unknown[][])[0][0]).message).toMatch(/^hts: 8505\.11\.00 covers US lines with different rates/);
  });
});

describe("a malformed overrides table errs in every cell of the broadcast result", () => {
  const hts = [["8505.11.00.70"], [""], ["2846.90.20"], [null]];
  const origin = [["CN"], [""], ["MY"], [null]];
  const bad = [["*", "*", "Section 301", "twenty", null, null]];
  test.each([
    ["TARIFF_RATE", [hts, origin, 46037, bad]],
    ["TARIFF_EXPLAIN", [hts, origin, 46037, bad]],
    ["DUTY", [[[100], [""], [200], [null]], hts, origin, 46037, bad]],
    ["LANDED_COST", [[[100], [""], [200], [null]], hts, origin, 46037, null, null, bad]],
  ] as const)("%s", (id, args) => {
    const out = b.call(id, ...args) as unknown[][];
    expect(out.length).toBe(4);
    for (const i of [0, 2]) {
      const e = err(out[i][0]);
      expect([i, e.code, e.message]).toEqual([i, "#VALUE!", expect.stringMatching(/^overrides row 1, column 4 \(rate\): /)]);
    }
    expect([out[1][0], out[3][0]]).toEqual(["", ""]); // all-blank rows stay blank
  });
  test("a wrong number of columns too", () => {
    const out = b.call("TARIFF_RATE", hts, origin, 46037, [["*", "*", "Section 301"]]) as unknown[][];
    expect(out.map((r) => (isExcelError(r[0]) ? (r[0] as ShimError).message?.slice(0, 41) : r[0]))).toEqual([
      "overrides: expected 6 columns (hts prefix",
      "",
      "overrides: expected 6 columns (hts prefix",
      "",
    ]);
  });
});

describe("SOURCE of unknown ids", () => {
  test("the same message for every repeat of an unknown id; a close match is suggested", () => {
    const out = b.call("SOURCE", [["S1O"], ["S1O"], ["S1"]]) as unknown[][];
    const m0 = err(out[0][0]).message;
    expect(m0).toMatch(/^source_id: "S1O" is not in the source registry; did you mean "S1/);
    expect(err(out[1][0]).message).toBe(m0);
    expect(typeof out[2][0]).toBe("string");
  });
  test("thousands of distinct unknown ids all answer #N/A (the suggestion search is bounded per call)", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => [`zz-unknown-${i}`]);
    const out = b.call("SOURCE", ids) as unknown[][];
    expect(out.every((r) => isExcelError(r[0], "#N/A"))).toBe(true);
    expect(err(out[2999][0]).message).toMatch(/^source_id: "zz-unknown-2999" is not in the source registry; source ids look like "S12"/);
  });
});

describe("REF's year_or_date through the input layer's dates", () => {
  test('a day that does not exist names the argument and echoes the text', () => {
    const e = err((b.call("REF", "MOFCOM-61-2025", "status", "2026-13-01", null) as unknown[][])[0][0]);
    expect([e.code, e.message]).toEqual(["#VALUE!", 'year_or_date: "2026-13-01" is not a year or a date; use e.g. 2025, DATE(2026,3,1) or "2026-03-01"']);
  });
});

describe("cards wherever a code is read", () => {
  test("REF and FIELDS read an element card's id", () => {
    // Dysprosium is element 66.
    expect(b.call("REF", [[card("Dy", "Dysprosium")]], "atomic_number", null, null)).toEqual([[66]]);
    expect((b.call("FIELDS", card("Dy", "Dysprosium")) as unknown[][])[0]).toEqual(["field", "description", "unit"]);
  });
  test("a BOM with item and origin cards counts like the same codes typed", () => {
    const typed = b.call("CN_CONTROLLED_VALUE", [[10], [5], [7]], [["Dy"], ["Tb oxide"], ["other"]], [["CN"], ["China"], ["CN"]], 46082, "in_force");
    const cards = b.call(
      "CN_CONTROLLED_VALUE",
      [[10], [{ type: "FormattedNumber", basicValue: 5, numberFormat: "$0" }], [7]],
      [[card("Dy", "Dysprosium")], ["Tb oxide"], ["other"]],
      [[card("CN", "China")], [card("CN", "China")], ["CN"]],
      46082,
      "in_force",
    );
    // Dy and Tb oxide are Part 1 items of China origin: 10 + 5 = 15; the "other" line does not count.
    expect(typed).toBe(15);
    expect(cards).toBe(15);
    expect(b.call("RAREEARTH_SHARE", [[10], [5]], 1000, [[card("CN", "China")], ["MY"]], card("CN", "China"))).toBe(0.01);
  });
  test("SUPPLY_SHARE and EXPORT_RESTRICTED read a country card", () => {
    expect(b.call("SUPPLY_SHARE", [[card("CN", "China")]], "mining", 2024, "MCS 2025")).toEqual(b.call("SUPPLY_SHARE", "CN", "mining", 2024, "MCS 2025"));
    // Malaysia bans the export of raw rare-earth ore and concentrate from 2024-01-01.
    expect(b.call("EXPORT_RESTRICTED", [[card("MY", "Malaysia")]], "raw", 46037)).toEqual([[true]]);
  });
});

describe("property: any mix of inputs, data types included, gives values or messages, never an internal error", () => {
  const fc = require("fast-check") as typeof import("fast-check");
  const scalar = fc.oneof(
    fc.constantFrom<unknown>(null, "", 0, 1, -1, 0.001, 46037, 45751, 2024, "CN", "China", "Dy", "magnet", "in_force", "8505.11.00.70", "2025-13-01", "raw", "mining", "MCS 2025", "S1"),
    fc.constantFrom<unknown>("constructor", "__proto__", "toString", "#N/A", "x".repeat(300), true, false),
    fc.constantFrom<unknown>(
      { type: "FormattedNumber", basicValue: 46037, numberFormat: "yyyy-mm-dd" },
      { type: "String", basicValue: "CN" },
      { type: "Boolean", basicValue: true },
      { type: "Entity", text: "Dysprosium", properties: { Id: { type: "String", basicValue: "Dy" } } },
      { type: "Entity", text: "China" },
      { type: "Error", errorType: "NotAvailable", basicValue: "#N/A" },
      { type: "WebImage", address: "https://example.org/a.png" },
      { type: "Array", elements: [[1]] },
      { code: "#DIV/0!", type: "CustomFunctions.Error" },
      {},
    ),
    fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
    fc.string({ maxLength: 12 }),
  );
  const arg = fc.oneof(scalar, fc.array(fc.array(scalar, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }).filter((m) => m.every((r) => r.length === m[0].length)));
  const ids = b.metadata.functions.map((f) => f.id);
  test("every function", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.array(arg, { minLength: 7, maxLength: 7 }), (id, args) => {
        const n = b.metadata.functions.find((f) => f.id === id)!.parameters.length;
        const r = b.call(id, ...args.slice(0, n));
        const cells = Array.isArray(r) ? (r as unknown[][]).flat() : [r];
        for (const c of cells) {
          if (isExcelError(c)) {
            expect(["#VALUE!", "#N/A", "#NUM!", "#DIV/0!"]).toContain(c.code);
            expect([id, c.message ?? ""]).not.toEqual([id, expect.stringMatching(/internal error|\[object |undefined|NaN/)]);
            expect((c.message ?? "").length).toBeLessThanOrEqual(255);
          } else if (typeof c === "number") expect(Number.isFinite(c)).toBe(true);
          // TRADE.CARD's results are entity values (checked in detail by cards.test.ts); every other function returns scalars.
          else if (id === "CARD" && typeof c === "object" && c !== null) expect((c as { type?: unknown }).type).toBe("Entity");
          else expect(["string", "boolean"]).toContain(typeof c);
        }
      }),
      { numRuns: 3000, seed: 11 },
    );
  });
});

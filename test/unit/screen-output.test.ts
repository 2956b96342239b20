/**
 * The CSV writer's shortcuts for repeated and typed-in values must write exactly what the plain values
 * write: canonicalNumber(t) reads t only when String(Number(t)) is t, and long texts are written the same
 * whether their encoded bytes are kept or not.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { Column, JoinedText, OutValue, TextRef, canonicalNumber, openSink, writeNumber } from "../../src/cli/output";

const N_TEXT: Column[] = [
  { header: "n", kind: "int" },
  { header: "text", kind: "explain" },
];

/** A bare sink writing out.<format> in a temporary folder (`done` deletes it). */
async function tempSink(format: "csv" | "xlsx", delimiter: string, columns: Column[] = N_TEXT, sheet = "s") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "screen-out-"));
  const file = path.join(dir, `out.${format}`);
  const sink = await openSink({ path: file, format, delimiter, bare: true }, "t", [], columns, sheet);
  return { file, sink, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe("canonicalNumber", () => {
  test("reads only texts JavaScript writes back unchanged, to the value Number reads", () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const texts = fc.oneof(
      fc.double({ noNaN: true }).map((n) => String(n)),
      fc.double({ noNaN: true }).map((n) => n.toFixed(2)),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }).map((n) => String(Math.round(n * 100) / 100)),
      fc
        .tuple(fc.constantFrom("", "-", "+"), digits(1, 20), fc.constantFrom("", "."), digits(0, 20))
        .map(([s, a, p, b]) => `${s}${a}${p}${b}`),
      fc.string(),
    );
    fc.assert(
      fc.property(texts, (t) => {
        // a text it reads is one String writes back unchanged, and its value is Number's (-0 and 0 told apart)
        const x = canonicalNumber(t);
        if (x === x) {
          expect(String(Number(t))).toBe(t);
          expect(Object.is(x, Number(t))).toBe(true);
        }
      }),
      { seed: 11, numRuns: 20_000 },
    );
  });

  test("reads every text String writes for a double of at most 15 digits, to that double", () => {
    // the doubles nearest decimals of 1 to 15 significant digits, between 1e-6 and 1e15, both signs
    const decimals = fc
      .tuple(fc.integer({ min: 1, max: 15 }), fc.double({ min: 1e-6, max: 1e15, noNaN: true }), fc.boolean())
      .map(([p, d, neg]) => Number((neg ? -d : d).toPrecision(p)));
    fc.assert(
      fc.property(decimals, (v) => {
        const t = String(v);
        fc.pre(!t.includes("e") && Math.abs(v) < 1e15);
        expect(Object.is(canonicalNumber(t), v)).toBe(true);
      }),
      { seed: 5, numRuns: 20_000 },
    );
    for (const [t, v] of [
      ["0", 0],
      ["0.000001", 1e-6],
      ["0.000001234567890123", 0.000001234567890123],
      ["-0.5", -0.5],
      ["123456789012345", 123456789012345],
      ["99999999999999.9", 99999999999999.9],
    ] as const)
      expect(canonicalNumber(t)).toBe(v);
  });

  test("the usual money and rate texts are recognised; others are not", () => {
    for (const t of ["0", "7", "12.5", "6195.83", "-3.25", "100000", "0.000001", "123456789012345", "0.371"])
      expect(canonicalNumber(t)).toBe(Number(t));
    for (const t of ["", "-0", "007", "1.50", "1e3", " 7", "+7", "0.0000001", "1234567890123456", "0.1234567890123456", "12,5", "abc", "."])
      expect(canonicalNumber(t)).toBeNaN();
  });
});

describe("writeNumber: String(v) written as bytes without the string", () => {
  const written = (v: number): string | null => {
    const buf = new Uint8Array(40);
    const end = writeNumber(buf, 3, v);
    return end < 0 ? null : Buffer.from(buf.subarray(3, end)).toString("latin1");
  };
  test("whenever it writes, it writes exactly String(v) (money, rates, ratios, integers, tiny and huge values)", () => {
    const values = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((c) => c / 100),
      fc.integer({ min: 0, max: 1e7 }).map((c) => c / 1e6),
      fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x * 0.371 * 1000),
      // decimals of up to 15 significant digits (shares rounded by roundSum), and the doubles next to them
      fc
        .tuple(
          fc.integer({ min: 1, max: 999_999_999_999_999 }),
          fc.integer({ min: 0, max: 22 }),
          fc.constantFrom(1, 1 + 2 ** -52, 1 - 2 ** -53),
        )
        .map(([c, d, f]) => (c / 10 ** d) * f),
      // duties and landed costs: money times a rate, often a double next to the decimal (16 or 17 digits)
      fc
        .tuple(fc.integer({ min: 1, max: 1e10 }), fc.constantFrom(0.05, 0.15, 0.075, 0.25, 0.034, 0.6, 1.06, 0.0375))
        .map(([cents, r]) => (cents / 100) * r),
      fc.tuple(fc.integer({ min: 1, max: 1e10 }), fc.integer({ min: 1, max: 1e6 })).map(([cents, micro]) => ((cents / 100) * micro) / 1e6),
      // any double from 1e-6 to 1e15, by its bits
      fc.double({ min: 1e-6, max: 1e15, noNaN: true }),
      // the powers of ten and the doubles next to them (where log10 rounds), and below them
      fc
        .tuple(fc.integer({ min: -6, max: 15 }), fc.constantFrom(1, 1 + 2 ** -52, 1 - 2 ** -53, 1 + 2 ** -51, 1 - 2 ** -52))
        .map(([k, f]) => 10 ** k * f),
      fc.constantFrom(0, -0, 1e-6, 1e-7, 0.1 + 0.2, 2 ** 53 - 1, 2 ** 53, 2 ** 48 + 0.5, 1e21, 123456789012.345, 5e-324, Number.MAX_VALUE),
    );
    fc.assert(
      fc.property(values, (v) => {
        const w = written(v);
        if (w !== null) expect(w).toBe(String(v));
      }),
      { seed: 7, numRuns: 200_000 },
    );
  });
  test("it writes the usual figures itself rather than leaving them to String()", () => {
    for (const v of [0, 7, -3.25, 12.5, 6195.83, 0.000001, 0.371, 1682.14, 123456789012345, 2 ** 53 - 1])
      expect(written(v)).toBe(String(v));
    // up to 15 significant digits: a BOM screen's shares, rounded by roundSum
    for (const v of [0.0024945511078144, 0.000564318306028292, -356.766449729911, 0.00100000000000001, 1.5e-6])
      expect(written(v)).toBe(String(v));
    // 16 and 17 digits: a sum or a product one ulp off its decimal (worked out by hand: 46623.26 × 0.0375 is
    // 1748.37225 to the decimal, but the double product is the next double up), and thirds
    for (const [v, s] of [
      [0.1 + 0.2, "0.30000000000000004"],
      [46623.26 * 0.0375, "1748.3722500000001"],
      [1 / 3, "0.3333333333333333"],
      [-2 / 3, "-0.6666666666666666"],
      [0.0000047 * 0.3, "0.0000014099999999999998"],
      [1.1 * 1.1, "1.2100000000000002"],
      [0.7 + 0.1, "0.7999999999999999"],
    ] as const) {
      expect(String(v)).toBe(s);
      expect(written(v)).toBe(s);
    }
    // left to String(): exponents (below 1e-6, integers from 2^53), non-integers from 10^15, exact ties (a
    // dyadic value halfway between two 16-digit decimals: 638.54217529296875) and values within a few ulps of
    // a power of ten (where the first digit's place is not certain from the rounded product)
    for (const v of [1e-7, 2 ** 53, 1e21, 1e15 + 0.5, 638.54217529296875, 1e-6 * (1 + 2 ** -52)]) expect(written(v)).toBeNull();
  });
});

describe("CSV sink: long texts", () => {
  // Long texts (over 64 characters) are kept as encoded bytes while they repeat; a run of texts that
  // never repeat (a BOM screen's explanations) turns that off after a sample. Either way the file
  // holds exactly the quoted texts, row by row.
  test("unique long texts past the sample, then repeated ones: the file is the plain CSV of the rows", async () => {
    const { file, sink, done } = await tempSink("csv", ",");
    const long = (i: number) => `Licence required for product ${i}, "quoted", with a comma; ${"x".repeat(60)}`;
    const rows: [number, string][] = [];
    for (let i = 0; i < 3000; i++) rows.push([i, long(i)]);
    for (let i = 0; i < 50; i++) rows.push([i, long(7)]);
    await sink.write(rows);
    await sink.finish("complete");
    const expected = "n,text\n" + rows.map(([n, t]) => `${n},"${t.replace(/"/g, '""')}"\n`).join("");
    expect(fs.readFileSync(file, "utf8")).toBe(expected);
    done();
  });
});

describe("CSV sink: a JoinedText in pieces", () => {
  // A head of texts and numbers then a shared tail: written as csvField writes head.join("") + tail, whether
  // the tail forces quotes (a comma in it) or not (tab-separated), with quotes and non-ASCII text in the head.
  test.each([",", "\t"])("delimiter %j", async (delimiter) => {
    const { file, sink, done } = await tempSink("csv", delimiter, [{ header: "text", kind: "explain" }]);
    const tails = ["Rule: clause 1(1), text at a site.", 'Scope "strict".', "Plain tail."];
    const texts: string[] = [];
    const rows: JoinedText[][] = [];
    for (let i = 0; i < 200; i++) {
      const head = [
        i % 2 ? 'No licence (scope "strict"). Ratio: ' : "Licence required. Ratio: ",
        i / 7,
        " / value ",
        1000 + i * 0.01,
        " = ",
        `${i}%`,
        i % 3 ? " ≥ 0.1%. " : " < 0.1%. ",
      ];
      const j = new JoinedText(head, tails[i % 3]);
      rows.push([j]);
      texts.push(head.join("") + tails[i % 3]);
    }
    await sink.write(rows);
    await sink.finish("complete");
    const field = (t: string) => (/["\r\n]/.test(t) || t.includes(delimiter) ? `"${t.replace(/"/g, '""')}"` : t);
    expect(fs.readFileSync(file, "utf8")).toBe("text\n" + texts.map((t) => field(t) + "\n").join(""));
    done();
  });
});

describe("a sink's TextTable: texts kept once, rows refer to them", () => {
  // Rows refer to kept texts by handle, the table is cleared and refilled (as the tariff screen does when its
  // cache starts again), the kept bytes outgrow their first room several times, one row outgrows the output
  // buffer while texts are kept, and one text is too long for a handle's length: the file still holds exactly
  // each row's text, as a plain string cell would write it.
  const texts = (round: number) =>
    Array.from({ length: 3000 }, (_, i) =>
      i % 7 === 3
        ? `Tariff ${round}/${i}: "quoted", with a comma, é and 中文; ${"y".repeat(i % 500)}`
        : `Tariff ${round}/${i} plain text ${"x".repeat(200 + (i % 900))}`,
    );
  test.each([",", "\t", ";"])("CSV, delimiter %j", async (delimiter) => {
    const { file, sink, done } = await tempSink("csv", delimiter);
    const table = sink.texts();
    expect(sink.texts()).toBe(table);
    const field = (t: string) => (/["\r\n]/.test(t) || t.includes(delimiter) ? `"${t.replace(/"/g, '""')}"` : t);
    let expected = `n${delimiter}text\n`;
    let n = 0;
    for (let round = 0; round < 3; round++) {
      if (round) table.clear();
      const ts = texts(round);
      if (round === 1) ts.push("z".repeat((1 << 20) + 5)); // past a handle's length: written as its text
      const handles = ts.map((t) => table.add(t));
      const rows: OutValue[][] = [];
      const order: string[] = [];
      for (let k = 0; k < 4000; k++) {
        const i = (k * 7919) % ts.length;
        rows.push([n, new TextRef(handles[i])]);
        order.push(`${n++}${delimiter}${field(ts[i])}\n`);
        if (round === 2 && k === 100) {
          // a row longer than the output buffer, between kept texts
          const big = "w".repeat(3 << 20);
          rows.push([n, big]);
          order.push(`${n++}${delimiter}${big}\n`);
        }
      }
      await sink.write(rows);
      expected += order.join("");
    }
    await sink.finish("complete");
    expect(fs.readFileSync(file, "utf8") === expected).toBe(true);
    done();
  });

  test("XLSX: each row's cell is its text, read back by ExcelJS", async () => {
    const ExcelJS = require("exceljs");
    const { file, sink, done } = await tempSink("xlsx", ",", N_TEXT, "Rows");
    const table = sink.texts();
    const ts = texts(0).slice(0, 50);
    const handles = ts.map((t) => table.add(t));
    await sink.write(Array.from({ length: 120 }, (_, k) => [k, new TextRef(handles[(k * 13) % ts.length])]));
    table.clear();
    const h = table.add("after clear");
    await sink.write([[120, new TextRef(h)]]);
    await sink.finish("complete");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("Rows");
    expect(ws.getCell("A1").value).toBe("n");
    for (let k = 0; k < 120; k++) expect(ws.getCell(`B${k + 2}`).value).toBe(ts[(k * 13) % ts.length]);
    expect(ws.getCell("B122").value).toBe("after clear");
    done();
  });
});

describe("CSV sink: date cells", () => {
  test.each([",", "-", "0"])("delimiter %j: an ISO date, quoted once when the delimiter is in it", async (delimiter) => {
    const { file, sink, done } = await tempSink("csv", delimiter, [{ header: "date", kind: "date" }]);
    // 45809 is 2025-06-01 (Excel serial: days since 1899-12-30)
    await sink.write([[{ date: 45809 }], [{ date: 45809 }]]);
    await sink.finish("complete");
    const field = delimiter === "," ? "2025-06-01" : '"2025-06-01"';
    expect(fs.readFileSync(file, "utf8")).toBe(`date\n${field}\n${field}\n`);
    done();
  });
});

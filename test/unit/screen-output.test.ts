/**
 * The CSV writer's shortcuts for repeated and typed-in values must write exactly what the plain values
 * write: isNumberText(t) only when String(Number(t)) is t, and long texts are written the same
 * whether their encoded bytes are kept or not.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { JoinedText, isNumberText, openSink, writeNumber } from "../../src/cli/output";

describe("isNumberText", () => {
  test("true only for texts JavaScript writes back unchanged", () => {
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
        if (isNumberText(t)) expect(String(Number(t))).toBe(t);
      }),
      { seed: 11, numRuns: 20_000 },
    );
  });

  test("the usual money and rate texts are recognised; others are not", () => {
    for (const t of ["0", "7", "12.5", "6195.83", "-3.25", "100000", "0.000001", "123456789012345", "0.371"])
      expect(isNumberText(t)).toBe(true);
    for (const t of ["", "-0", "007", "1.50", "1e3", " 7", "+7", "0.0000001", "1234567890123456", "0.1234567890123456", "12,5", "abc", "."])
      expect(isNumberText(t)).toBe(false);
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
    // exponents (below 1e-6, integers from 2^53) and fractions needing 16 or more digits are left to String()
    for (const v of [1e-7, 2 ** 53, 1e21, 0.30000000000000004]) expect(written(v)).toBeNull();
  });
});

describe("CSV sink: long texts", () => {
  // Long texts (over 64 characters) are kept as encoded bytes while they repeat; a run of texts that
  // never repeat (a BOM screen's explanations) turns that off after a sample. Either way the file
  // holds exactly the quoted texts, row by row.
  test("unique long texts past the sample, then repeated ones: the file is the plain CSV of the rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "screen-out-"));
    const file = path.join(dir, "out.csv");
    const sink = await openSink(
      { path: file, format: "csv", delimiter: ",", bare: true },
      "t",
      [],
      [
        { header: "n", kind: "int" },
        { header: "text", kind: "explain" },
      ],
      "s",
    );
    const long = (i: number) => `Licence required for product ${i}, "quoted", with a comma; ${"x".repeat(60)}`;
    const rows: [number, string][] = [];
    for (let i = 0; i < 3000; i++) rows.push([i, long(i)]);
    for (let i = 0; i < 50; i++) rows.push([i, long(7)]);
    await sink.write(rows);
    await sink.finish("complete");
    const expected = "n,text\n" + rows.map(([n, t]) => `${n},"${t.replace(/"/g, '""')}"\n`).join("");
    expect(fs.readFileSync(file, "utf8")).toBe(expected);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("CSV sink: a JoinedText in pieces", () => {
  // A head of texts and numbers then a shared tail: written as csvField writes head.join("") + tail, whether
  // the tail forces quotes (a comma in it) or not (tab-separated), with quotes and non-ASCII text in the head.
  test.each([",", "\t"])("delimiter %j", async (delimiter) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "screen-out-"));
    const file = path.join(dir, "out.csv");
    const sink = await openSink({ path: file, format: "csv", delimiter, bare: true }, "t", [], [{ header: "text", kind: "explain" }], "s");
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
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

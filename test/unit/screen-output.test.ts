/**
 * The CSV writer's shortcuts for repeated and typed-in values must write exactly what the plain values
 * write: isNumberText(t) only when String(Number(t)) is t, and long texts are written the same
 * whether their encoded bytes are kept or not.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import fc from "fast-check";
import { isNumberText, openSink } from "../../src/cli/output";

describe("isNumberText", () => {
  test("true only for texts JavaScript writes back unchanged", () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const texts = fc.oneof(
      fc.double({ noNaN: true }).map((n) => String(n)),
      fc.double({ noNaN: true }).map((n) => n.toFixed(2)),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }).map((n) => String(Math.round(n * 100) / 100)),
      fc.tuple(fc.constantFrom("", "-", "+"), digits(1, 20), fc.constantFrom("", "."), digits(0, 20)).map(([s, a, p, b]) => `${s}${a}${p}${b}`),
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
    for (const t of ["0", "7", "12.5", "6195.83", "-3.25", "100000", "0.000001", "123456789012345", "0.371"]) expect(isNumberText(t)).toBe(true);
    for (const t of ["", "-0", "007", "1.50", "1e3", " 7", "+7", "0.0000001", "1234567890123456", "0.1234567890123456", "12,5", "abc", "."])
      expect(isNumberText(t)).toBe(false);
  });
});

describe("CSV sink: long texts", () => {
  // Long texts (over 64 characters) are kept as encoded bytes while they repeat; a run of texts that
  // never repeat (a BOM screen's explanations) turns that off after a sample. Either way the file
  // holds exactly the quoted texts, row by row.
  test("unique long texts past the sample, then repeated ones: the file is the plain CSV of the rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "screen-out-"));
    const file = path.join(dir, "out.csv");
    const sink = await openSink({ path: file, format: "csv", delimiter: ",", bare: true }, "t", [], [
      { header: "n", kind: "int" },
      { header: "text", kind: "explain" },
    ], "s");
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

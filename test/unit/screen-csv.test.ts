/**
 * The screen's CSV reader and writer (src/cli/csv.ts), its number reading (src/cli/run.ts) and its
 * header mapping (src/cli/columns.ts): hand-written records, and properties (what the writer
 * writes, the reader reads back whole, however the text is cut into chunks).
 */
import fc from "fast-check";
import { CsvParser, CsvRecord, csvLine, sniffDelimiter, parseDelimiter } from "../../src/cli/csv";
import { Progress, clock, columnOf, numberCell, plainNumber } from "../../src/cli/run";
import { headerKey, parseMap, resolveColumns, FieldDef } from "../../src/cli/columns";
import { RunError } from "../../src/cli/errors";

// Each test runs whole screens (files, ExcelJS, child processes): more than jest's 5 s default under a loaded CI.
jest.setTimeout(30_000);

function parse(text: string, d = ",", cuts: number[] = []): CsvRecord[] {
  const out: CsvRecord[] = [];
  const p = new CsvParser(d);
  let at = 0;
  for (const c of [...cuts].sort((a, b) => a - b)) {
    p.feed(text.slice(at, c), false, (r) => out.push(r));
    at = c;
  }
  p.feed(text.slice(at), true, (r) => out.push(r));
  return out;
}

describe("CsvParser", () => {
  test("plain records, CRLF and LF, no final line break", () => {
    const r = parse("a,b,c\r\n1,2,3\n4,,6");
    expect(r.map((x) => [x.line, x.fields])).toEqual([
      [1, ["a", "b", "c"]],
      [2, ["1", "2", "3"]],
      [3, ["4", "", "6"]],
    ]);
  });

  test("quoted fields: delimiters, doubled quotes and line breaks inside; line numbers count physical lines", () => {
    const text = 'id;note;v\n1;"a; b";2\n2;"two\nlines";3\n3;"say ""hi""";4\n4;"";5\n';
    const r = parse(text, ";");
    expect(r.map((x) => [x.line, x.fields])).toEqual([
      [1, ["id", "note", "v"]],
      [2, ["1", "a; b", "2"]],
      [3, ["2", "two\nlines", "3"]],
      [5, ["3", 'say "hi"', "4"]],
      [6, ["4", "", "5"]],
    ]);
  });

  test("a quote inside an unquoted field is text (as Excel reads it)", () => {
    expect(parse('a,5" magnet,c\n')[0].fields).toEqual(["a", '5" magnet', "c"]);
  });

  test("malformed records are reported with their line and reading goes on", () => {
    const r = parse('h1,h2\n"x"y,2\nok,3\n"open,4\n');
    expect(r[1].line).toBe(2);
    expect(r[1].error).toMatch(/text after its closing quote/);
    expect(r[2]).toEqual({ line: 3, fields: ["ok", "3"] });
    expect(r[3].line).toBe(4);
    expect(r[3].error).toMatch(/not closed before the end of the file/);
  });

  test("the same records whatever the chunks (every cut point of a tricky text)", () => {
    const text = 'a,"b\r\nc",""""\r\n"x",y\n,\n"q""",z';
    const whole = parse(text);
    for (let i = 0; i <= text.length; i++) expect(parse(text, ",", [i])).toEqual(whole);
  });

  test("property: csvLine then CsvParser gives the fields back, in any chunks", () => {
    const field = fc.string({ unit: fc.constantFrom("a", "b", ",", ";", '"', "\n", "\r\n", " ", "é", "1") });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        fc.constantFrom(",", ";", "\t"),
        (records, cuts, d) => {
          const text = records.map((f) => csvLine(f, d)).join("");
          const got = parse(
            text,
            d,
            cuts.map((c) => c % (text.length + 1)),
          );
          expect(got.map((r) => r.fields)).toEqual(records);
          expect(got.every((r) => !r.error)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("delimiter sniffing from the header line (comment lines and a BOM skipped)", () => {
    expect(sniffDelimiter("\uFEFFa;b;c\n1,5;2;3")).toBe(";");
    expect(sniffDelimiter("# a comment, with, commas\na\tb\tc\n")).toBe("\t");
    expect(sniffDelimiter('"a,b";c\n')).toBe(";");
    expect(sniffDelimiter("one column\n")).toBe(",");
    expect(parseDelimiter("tab")).toBe("\t");
  });
});

describe("numbers as the functions read them", () => {
  // The core's NUMBER_RE (src/core/input.ts parseNumberText): plainNumber must agree with it exactly.
  const NUMBER_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  test("plainNumber agrees with the core's pattern", () => {
    for (const t of [
      "1",
      "-1",
      "+1.5",
      "5.",
      ".5",
      "1e5",
      "1E-5",
      "1.5e+3",
      "",
      ".",
      "-",
      "e5",
      "1e",
      "1e+",
      "1.2.3",
      " 1",
      "1 ",
      "0x10",
      "Infinity",
      "1,5",
      "١٢",
    ])
      expect([t, plainNumber(t)]).toEqual([t, NUMBER_RE.test(t)]);
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("1", "0", ".", "e", "E", "+", "-", "5", "x") }),
        (t) => plainNumber(t) === NUMBER_RE.test(t),
      ),
      { numRuns: 2000 },
    );
  });

  test("numberCell: plain decimals become numbers, other text is passed on as typed", () => {
    expect(numberCell("12.50", false)).toBe(12.5);
    expect(numberCell(" 7 ", false)).toBe(7);
    expect(numberCell("", false)).toBeNull();
    expect(numberCell("12%", false)).toBe("12%");
    expect(numberCell("12,5", false)).toBe("12,5");
    expect(numberCell("12,5", true)).toBe(12.5);
    expect(numberCell("1.234,5", true)).toBe("1.234,5");
    expect(numberCell(3, false)).toBe(3);
  });

  test("numberCell reads plain decimal text exactly as Number() does (its one-pass reader and the general path agree)", () => {
    const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
    const texts = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
      fc.double({ min: -1e9, max: 1e9, noNaN: true }).map((n) => n.toFixed(2)),
      fc
        .tuple(fc.constantFrom("", "-", "+"), digits(0, 18), fc.constantFrom("", "."), digits(0, 18))
        .map(([s, a, p, b]) => `${s}${a}${p}${b}`),
      fc.string({ unit: fc.constantFrom("0", "1", "9", ".", "-", "+", "e", " ") }),
    );
    fc.assert(
      fc.property(texts, (t) => {
        const got = numberCell(t, false);
        if (t.trim() === "") expect(got).toBeNull();
        else if (plainNumber(t.trim())) expect(Object.is(got, Number(t.trim()))).toBe(true);
        else expect(got).toBe(t);
      }),
      { seed: 5, numRuns: 100_000 },
    );
  });

  test("columnOf: the argument a message names first", () => {
    const args: [string, string][] = [
      ["value", "Customs value"],
      ["hts", "HTS"],
      ["line_values", "Line Value"],
    ];
    expect(columnOf('hts: "x" is not a code', args, "?")).toBe("HTS");
    expect(columnOf("value: expected a number", args, "?")).toBe("Customs value");
    expect(columnOf("line_values: line 9 is negative", args, "?")).toBe("Line Value");
    expect(columnOf("nothing named", args, "?")).toBe("?");
  });
});

describe("header mapping", () => {
  const fields: FieldDef[] = [
    { key: "product", aliases: ["part no"], required: true, what: "the product" },
    { key: "origin", aliases: ["coo", "country of origin"], required: true, what: "the origin" },
    { key: "product_type", aliases: ["type"], what: "the type" },
  ];
  test("case, spaces and underscores are ignored; other names and --map work", () => {
    expect(headerKey("Country of Origin")).toBe("countryoforigin");
    expect(resolveColumns(["Part No", "Country_of_origin", "X"], fields, new Map(), "f.csv")).toEqual({
      product: 0,
      origin: 1,
      product_type: -1,
    });
    expect(
      resolveColumns(
        ["SKU", "COO", "Kind"],
        fields,
        parseMap(["product=SKU,product_type=kind"], ["product", "origin", "product_type"]),
        "f.csv",
      ),
    ).toEqual({ product: 0, origin: 1, product_type: 2 });
  });
  test("what cannot be mapped stops the run with a message naming the header and the names looked for", () => {
    expect(() => resolveColumns(["SKU", "COO"], fields, new Map(), "f.csv")).toThrow(RunError);
    expect(() => resolveColumns(["SKU", "COO"], fields, new Map(), "f.csv")).toThrow(
      /no column for product .*"product", "part no".*"SKU", "COO".*--map product=<header>/,
    );
    expect(() => parseMap(["prodct=SKU"], ["product", "origin"])).toThrow(/unknown field "prodct"; the fields are product, origin/);
    expect(() => resolveColumns(["SKU", "COO"], fields, parseMap(["product=Part"], ["product"]), "f.csv")).toThrow(/has no column "Part"/);
    expect(() => resolveColumns(["origin", "COO", "product"], fields, new Map(), "f.csv")).not.toThrow();
    expect(() => resolveColumns(["Type", "type", "product", "coo"], fields, new Map(), "f.csv")).toThrow(/2 columns could be product_type/);
  });
});

describe("the progress line", () => {
  afterEach(() => jest.useRealTimers());

  test("from the first second on: rows done, rate and ETA from the bytes read; every 10 s to a file, every 0.5 s in place on a terminal", () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const said: string[] = [];
    const bytes = { done: 25, total: 100 };
    const p = new Progress({ stderr: (t) => said.push(t), tty: false, quiet: false }, "bom", () => bytes);
    jest.setSystemTime(1_000_500);
    p.tick(1000);
    expect(said).toEqual([]); // runs under a second say nothing
    jest.setSystemTime(1_002_000);
    p.tick(50_000);
    // 50,000 rows in 2 s = 25,000 rows/s; a quarter of the input in 2 s leaves three quarters: 6 s
    expect(said).toEqual(["bom: 50,000 rows (25% of the input), 25,000 rows/s, ETA 0:06\n"]);
    jest.setSystemTime(1_005_000);
    p.tick(60_000);
    expect(said).toHaveLength(1);
    jest.setSystemTime(1_012_500);
    bytes.done = 90;
    p.tick(125_000);
    // 125,000 rows in 12.5 s = 10,000 rows/s; 90% in 12.5 s leaves 10 bytes at 7.2 bytes/s: 1.39 s → 0:01
    expect(said[1]).toBe("bom: 125,000 rows (90% of the input), 10,000 rows/s, ETA 0:01\n");

    const tty: string[] = [];
    const q = new Progress({ stderr: (t) => tty.push(t), tty: true, quiet: false }, "tariff", () => ({ done: 0, total: 0 }));
    jest.setSystemTime(1_014_000);
    q.tick(3000);
    jest.setSystemTime(1_014_200);
    q.tick(3500);
    jest.setSystemTime(1_014_600);
    q.tick(4600);
    q.end();
    // 3,000 rows in 1.5 s; then 4,600 in 2.1 s (2,190.5 rows/s); no size known, so no ETA
    expect(tty).toEqual([
      `\r${"tariff: 3,000 rows, 2,000 rows/s".padEnd(100)}`,
      `\r${"tariff: 4,600 rows, 2,190 rows/s".padEnd(100)}`,
      "\n",
    ]);

    const quiet: string[] = [];
    const r = new Progress({ stderr: (t) => quiet.push(t), tty: false, quiet: true }, "bom", () => bytes);
    jest.setSystemTime(1_030_000);
    r.tick(1);
    expect(quiet).toEqual([]);
  });

  test("clock", () => {
    expect([clock(6), clock(65), clock(3725), clock(-1)]).toEqual(["0:06", "1:05", "1:02:05", "0:00"]);
  });
});

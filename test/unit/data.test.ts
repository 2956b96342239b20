/**
 * Integrity of the reference data pack (scripts/check-data.cjs) on the real
 * pack, and a deliberately broken copy rejected with file, record and rule.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

interface Problem {
  file: string;
  record: string;
  rule: string;
  message: string;
  text: string;
}
const { checkPack } = require("../../scripts/check-data.cjs") as {
  checkPack: (dir: string, opts?: { schemaDir?: string; datasetRules?: boolean }) => Problem[];
};

const DATA = path.resolve(__dirname, "../../src/data");
/** Datasets owned by the reference-data loaders (others add theirs to the same pack). */
const OWN = ["sources", "countries", "elements", "production", "us_imports", "stage_shares", "prices", "hs"];

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, "utf8"));
const writeJson = (f: string, v: unknown) => fs.writeFileSync(f, JSON.stringify(v, null, 2));

function copyPack(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rem-pack-"));
  fs.mkdirSync(path.join(dir, "schema"));
  for (const f of fs.readdirSync(DATA)) if (f.endsWith(".json")) fs.copyFileSync(path.join(DATA, f), path.join(dir, f));
  for (const f of fs.readdirSync(path.join(DATA, "schema"))) fs.copyFileSync(path.join(DATA, "schema", f), path.join(dir, "schema", f));
  return dir;
}

/** A copy holding only the datasets named (so other modules' work in progress cannot interfere). */
function copyOwn(): string {
  const dir = copyPack();
  for (const f of fs.readdirSync(dir)) if (f.endsWith(".json") && !OWN.includes(f.slice(0, -5))) fs.rmSync(path.join(dir, f));
  return dir;
}

function edit(dir: string, name: string, fn: (doc: any) => void): void {
  const f = path.join(dir, `${name}.json`);
  const doc = readJson(f);
  fn(doc);
  writeJson(f, doc);
}

const rec = (doc: any, id: string) => {
  const r = doc.records.find((x: any) => x.id === id);
  if (!r) throw new Error(`no record ${id}`);
  return r;
};

describe("the real pack", () => {
  test("every dataset has a schema and every src/data/*.json is in the pack", () => {
    for (const f of fs.readdirSync(DATA).filter((n) => n.endsWith(".json"))) {
      expect(fs.existsSync(path.join(DATA, "schema", f.replace(/\.json$/, ".schema.json")))).toBe(true);
    }
  });
  test("the reference datasets pass schemas and integrity rules", () => {
    const dir = copyOwn();
    expect(checkPack(dir).map((p) => p.text)).toEqual([]);
  });
  test("the whole pack (all modules' datasets) passes", () => {
    expect(checkPack(DATA).map((p) => p.text)).toEqual([]);
  });
  test("every record of every dataset carries at least one resolvable source", () => {
    const ids = new Set(readJson(path.join(DATA, "sources.json")).records.map((r: any) => r.id));
    for (const name of OWN.filter((n) => n !== "sources")) {
      for (const r of readJson(path.join(DATA, `${name}.json`)).records) {
        expect(Array.isArray(r.sources) && r.sources.length > 0).toBe(true);
        for (const s of r.sources) expect(ids.has(s)).toBe(true);
      }
    }
  });
  test("the sources of the reference document are all registered (S1–S35 except S24, plus S1b, S6b)", () => {
    const ids = new Set(readJson(path.join(DATA, "sources.json")).records.map((r: any) => r.id));
    for (let i = 1; i <= 35; i++) if (i !== 24) expect(ids.has(`S${i}`)).toBe(true);
    expect(ids.has("S1b")).toBe(true);
    expect(ids.has("S6b")).toBe(true);
  });
  test("USGS country rows add up to the rounded world totals (hand-checked sums from the reference tables)", () => {
    const prod = readJson(path.join(DATA, "production.json")).records;
    const sum = (ed: string, y: number) =>
      prod
        .filter((r: any) => r.edition === ed && r.year === y && r.measure === "production" && r.country !== "WORLD")
        .reduce((a: number, r: any) => a + (r.value ?? 0), 0);
    // MCS 2025's country rows, added by hand: 376,090 t for 2023 and 393,950 t for 2024
    expect(sum("MCS 2025", 2023)).toBe(376090);
    expect(sum("MCS 2025", 2024)).toBe(393950);
    // MCS 2026 (table 1b), added by hand: 2024 = 384,000 vs 380,000; 2025e = 389,310 vs 390,000 (both within USGS rounding)
    expect(sum("MCS 2026", 2024)).toBe(384000);
    expect(sum("MCS 2026", 2025)).toBe(389310);
  });
  test("NA stays null (never 0) and carries a note", () => {
    const prod = readJson(path.join(DATA, "production.json")).records;
    const burma = prod.find((r: any) => r.id === "MCS2026-MM-reserves");
    expect(burma.value).toBeNull();
    expect(burma.note).toMatch(/NA/);
    const canada = prod.find((r: any) => r.id === "MCS2026-CA-2025-production");
    expect(canada.value).toBe(0); // USGS "—" = zero, not NA
  });
});

describe("a deliberately broken copy is rejected with file, record and rule", () => {
  test("unknown source id", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => (rec(d, "MCS2026-CN-2025-production").sources = ["S999"]));
    const p = checkPack(dir);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "production.json", record: "MCS2026-CN-2025-production", rule: "source-unknown" }),
      ]),
    );
    expect(p.find((x) => x.rule === "source-unknown")!.text).toMatch(
      /production\.json: record MCS2026-CN-2025-production \[source-unknown\].*S999/,
    );
  });
  test("row without a source", () => {
    const dir = copyOwn();
    edit(dir, "prices", (d) => delete rec(d, "MCS2026-DY_OXIDE-2025").sources);
    const p = checkPack(dir);
    expect(p).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: "prices.json", record: "MCS2026-DY_OXIDE-2025", rule: "source-missing" })]),
    );
  });
  test("world total that the country rows do not add up to", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => (rec(d, "MCS2026-CN-2025-production").value = 300000));
    const p = checkPack(dir);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "production.json", record: "MCS2026-WORLD-2025-production", rule: "world-total" }),
      ]),
    );
    // the derived stage share no longer matches either
    expect(p).toEqual(expect.arrayContaining([expect.objectContaining({ file: "stage_shares.json", rule: "derived-share" })]));
  });
  test("lower-bound world reserves above the sum of the country rows", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => (rec(d, "MCS2026-CN-reserves").value = 4400000));
    expect(checkPack(dir)).toEqual(
      expect.arrayContaining([expect.objectContaining({ record: "MCS2026-WORLD-reserves", rule: "world-total" })]),
    );
  });
  test("ambiguous alias (Burma also given to Thailand)", () => {
    const dir = copyOwn();
    edit(dir, "countries", (d) => d.records.find((c: any) => c.iso2 === "TH").aliases.push("Burma"));
    expect(checkPack(dir)).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: "countries.json", record: "TH", rule: "alias-ambiguous" })]),
    );
  });
  test("duplicate ISO code and element", () => {
    const dir = copyOwn();
    edit(dir, "countries", (d) => (d.records.find((c: any) => c.iso2 === "HK").iso3 = "CHN"));
    edit(dir, "elements", (d) => (d.records[1].atomic_number = 21));
    const p = checkPack(dir);
    expect(p).toEqual(expect.arrayContaining([expect.objectContaining({ file: "countries.json", record: "HK", rule: "code-duplicate" })]));
    expect(p).toEqual(expect.arrayContaining([expect.objectContaining({ file: "elements.json", record: "Y", rule: "code-duplicate" })]));
  });
  test("schema violations name the record (bad status label, negative production)", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => {
      rec(d, "MCS2025-US-2023-production").status = "CONFIRMED"; // labels are lower-case enums
      rec(d, "MCS2025-AU-2023-production").value = -1;
    });
    const p = checkPack(dir).filter((x) => x.rule === "schema");
    expect(p.map((x) => x.record)).toEqual(expect.arrayContaining(["MCS2025-US-2023-production", "MCS2025-AU-2023-production"]));
  });
  test("NA turned into a bare null without a note is refused", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => delete rec(d, "MCS2026-MM-reserves").note);
    expect(checkPack(dir)).toEqual(expect.arrayContaining([expect.objectContaining({ record: "MCS2026-MM-reserves", rule: "schema" })]));
  });
  test("a dataset without a schema", () => {
    const dir = copyOwn();
    fs.rmSync(path.join(dir, "schema", "hs.schema.json"));
    expect(checkPack(dir)).toEqual(expect.arrayContaining([expect.objectContaining({ file: "hs.json", rule: "schema-missing" })]));
  });
  test("dates: invalid calendar date, from after to, overlapping windows of one rule", () => {
    const dir = copyOwn();
    writeJson(path.join(dir, "schema", "rules_test.schema.json"), { $schema: "http://json-schema.org/draft-07/schema#", type: "object" });
    writeJson(path.join(dir, "rules_test.json"), {
      dataset: "rules_test",
      description: "synthetic",
      records: [
        { id: "a", rule: "r1", from: "2025-01-01", to: "2025-06-30", sources: ["S1"] },
        { id: "b", rule: "r1", from: "2025-06-30", to: "2025-12-31", sources: ["S1"] }, // shares 06-30: inclusive windows overlap
        { id: "c", rule: "r2", from: "2025-12-01", to: "2025-11-30", sources: ["S1"] },
        { id: "d", rule: "r3", from: "2025-02-30", to: null, sources: ["S1"] },
        {
          id: "e",
          rule: "r4",
          from: "2025-01-01",
          to: "2025-12-31",
          suspensions: [
            { from: "2025-03-01", to: "2025-05-31" },
            { from: "2025-05-01", to: "2025-06-30" },
          ],
          sources: ["S1"],
        },
      ],
    });
    const p = checkPack(dir).filter((x) => x.file === "rules_test.json");
    expect(p).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ record: "b", rule: "window-overlap" }),
        expect.objectContaining({ record: "c", rule: "date-order" }),
        expect.objectContaining({ record: "d", rule: "date-invalid" }),
        expect.objectContaining({ record: "e", rule: "window-overlap" }),
      ]),
    );
    expect(p.some((x) => x.record === "a" && x.rule !== "window-overlap")).toBe(false);
  });
  test("the CLI exits 1 and prints file, record and rule", () => {
    const dir = copyOwn();
    edit(dir, "production", (d) => (rec(d, "MCS2026-CN-2025-production").sources = ["S999"]));
    const { spawnSync } = require("child_process");
    const r = spawnSync(process.execPath, [path.resolve(__dirname, "../../scripts/check-data.cjs"), dir], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/production\.json: record MCS2026-CN-2025-production \[source-unknown\]/);
  });
});

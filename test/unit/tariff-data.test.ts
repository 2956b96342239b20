/** The tariff datasets pass their schemas and integrity rules; the rules catch real mistakes. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const { checkPack } = require("../../scripts/check-data.cjs") as { checkPack: (dir: string, opts?: object) => { file: string; rule: string; text: string }[] };
import { tariffsRule } from "../../src/pack/rules";
const rule = (pack: object, report: (...a: string[]) => void) => tariffsRule(pack as Record<string, unknown>, report as Parameters<typeof tariffsRule>[1]);
const DATA = path.join(__dirname, "..", "..", "src", "data");
const load = (n: string) => JSON.parse(fs.readFileSync(path.join(DATA, `${n}.json`), "utf8"));

test("hts_us.json and tariff_layers.json have no problems", () => {
  const mine = checkPack(DATA).filter((p) => /^(hts_us|tariff_layers)\.json$|^tariffs\.cjs$/.test(p.file));
  expect(mine.map((p) => p.text)).toEqual([]);
});

test("the tariff rules report an ambiguous overlap, a wrong MFN suffix and an unknown prefix", () => {
  const hts = load("hts_us");
  const layers = load("tariff_layers");
  const bad = JSON.parse(JSON.stringify(layers));
  const copy = { ...bad.records.find((r: { id: string }) => r.id === "s301-magnets-25"), id: "dup", series: "dup" };
  bad.records.push(copy);
  bad.records.push({ ...copy, id: "typo", series: "typo", hts: ["8595.11"] });
  const badHts = JSON.parse(JSON.stringify(hts));
  badHts.records.find((r: { id: string }) => r.id === "8505110070").mfn_pct = 3;
  const problems: string[] = [];
  rule({ hts_us: badHts, tariff_layers: bad, countries: load("countries") }, (_f, _r, ruleName) => problems.push(ruleName));
  expect(problems).toEqual(expect.arrayContaining(["layer-overlap", "layer-hts-known", "hts-parent", "mfn-text"]));
});

test("a schema violation is reported (rate_pct and topup_to_pct together)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tariff-data-"));
  fs.mkdirSync(path.join(dir, "schema"));
  for (const n of ["sources", "hts_us", "tariff_layers"]) {
    fs.copyFileSync(path.join(DATA, "schema", `${n}.schema.json`), path.join(dir, "schema", `${n}.schema.json`));
  }
  fs.copyFileSync(path.join(DATA, "sources.json"), path.join(dir, "sources.json"));
  fs.copyFileSync(path.join(DATA, "hts_us.json"), path.join(dir, "hts_us.json"));
  const layers = load("tariff_layers");
  layers.records[0].topup_to_pct = 15;
  fs.writeFileSync(path.join(dir, "tariff_layers.json"), JSON.stringify(layers));
  const probs = checkPack(dir, { datasetRules: false });
  expect(probs.some((p) => p.file === "tariff_layers.json" && p.rule === "schema")).toBe(true);
});

test("partner_tariffs.json has no problems", () => {
  const mine = checkPack(DATA).filter((p) => /^partner_tariffs\.json$/.test(p.file));
  expect(mine.map((p) => p.text)).toEqual([]);
});

test("the partner rules report an unknown importer, a wrong hs6, an uncovered prefix, an overlap, a bad instrument link and a commitment before signature", () => {
  const doc = load("partner_tariffs");
  const bad = JSON.parse(JSON.stringify(doc));
  bad.lines.push({ importer: "ZZ", code: "8505.11", hs6: "8505.11", description: "x y z", status: "confirmed", sources: ["S15"] });
  bad.lines.push({ importer: "CN", code: "8505.20.00", hs6: "8505.11", description: "x y z", status: "confirmed", sources: ["S15"] });
  const mfn = bad.records.find((r: { id: string }) => r.id === "cn-mfn-8505");
  bad.records.push({ ...mfn, id: "dup-mfn", series: "dup-mfn" });
  bad.records.push({ ...mfn, id: "typo-mfn", series: "typo-mfn", hts: ["9999.11"] });
  bad.records.push({ ...mfn, id: "ev", series: "ev", hts: ["8505.19"], origins: ["JP"], instrument: "CN-TC-4-2025", events: [{ date: "2025-01-01", event: "invented", note: "none", sources: ["S15"], status: "confirmed" }] });
  const commit = bad.records.find((r: { id: string }) => r.id === "kh-us-art-commit");
  bad.records.push({ ...commit, id: "early", series: "early", from: "2025-01-01", to: "2025-06-30" });
  const problems: string[] = [];
  rule({ partner_tariffs: bad, countries: load("countries"), instruments: load("instruments") }, (_f, _r, ruleName) => problems.push(ruleName));
  expect(problems).toEqual(expect.arrayContaining(["partner-importer", "partner-line", "partner-hts-known", "partner-overlap", "layer-instrument", "partner-instrument"]));
});

test("every partner rate that is null is marked unconfirmed (never a silent 0), and every layer names its sources", () => {
  const doc = load("partner_tariffs");
  for (const r of doc.records) {
    if (r.rate_pct === null) expect(r.status).toBe("unconfirmed");
    expect(r.sources.length).toBeGreaterThan(0);
  }
});

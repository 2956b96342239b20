/**
 * End-to-end proof that the shared templates compute what they claim: each
 * generated .xlsx (scripts/build-templates.cjs, called here) is read back with
 * ExcelJS and evaluated by HyperFormula, a real formula engine, with every
 * TRADE function registered from the BUILT dist/functions.js + functions.json
 * (test/hyperformula-adapter.ts). Every computed result cell the template
 * declares is compared with the expectation worked out by hand from the sample
 * inputs and the reference tables (see src/templates/*.ts, "why" of each).
 *
 *   DIST_DIR=/tmp/dist-x npx webpack --mode production && DIST_DIR=/tmp/dist-x npx jest test/bundle/templates
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { DetailedCellError } from "hyperformula";
import { distDir, loadBundle } from "../harness";
import { loadIntoHyperFormula, type Loaded } from "./templates-xlsx";
import { calledIds, callsAddin, toStoredFormula } from "../../src/templates/addinNames";

const { generateTemplates } = require("../../scripts/build-templates.cjs") as {
  generateTemplates(o: { outDir?: string; generated?: string; bundleDir?: string }): Promise<{ entry: any; template: any; file: string; bytes: Buffer }[]>;
};

type Generated = Awaited<ReturnType<typeof generateTemplates>>[number];
let generated: Generated[] = [];
const loaded = new Map<string, Loaded>();

beforeAll(async () => {
  loadBundle(distDir());
  generated = await generateTemplates({ generated: "2026-11-30", bundleDir: distDir() });
  for (const g of generated) loaded.set(g.entry.id, await loadIntoHyperFormula(g.bytes, distDir()));
}, 60000);

afterAll(() => {
  for (const l of loaded.values()) l.hf.destroy();
});

function fmt(v: unknown): string {
  return v instanceof DetailedCellError ? `${v.value} ${v.message}` : JSON.stringify(v);
}

describe.each(["bom-screen", "tariff-scenario", "supply-concentration", "us-asean-deal"])("template %s", (id) => {
  const g = () => generated.find((x) => x.entry.id === id)!;
  const l = () => loaded.get(id)!;

  test("every TRADE function it calls is registered in the built bundle", () => {
    const ids = new Set(loadBundle(distDir()).metadata.functions.map((f) => f.id));
    const called = new Set<string>();
    for (const f of l().formulas.values()) for (const id of calledIds(f)) called.add(id);
    expect([...called].filter((x) => !ids.has(x))).toEqual([]);
    expect([...called].sort()).toEqual([...g().template.functions].sort());
  });

  test("sheet-scoped names are in the file and refer to the template's own sheet", () => {
    const names = l().names;
    expect(names.map((n) => n.name).sort()).toEqual(g().template.names.map((n: any) => n.name).sort());
    for (const n of names) {
      expect(n.localSheetId).toBe(0);
      expect(n.ref.startsWith(`'${g().template.sheetName}'!$`)).toBe(true);
    }
  });

  test("no formula evaluates to an error, except where the template expects one", () => {
    const { hf, sheetId } = l();
    const errors: string[] = [];
    for (const [ref] of l().formulas) {
      const v = hf.getCellValue(hf.simpleCellAddressFromString(ref, sheetId)!);
      if (v instanceof DetailedCellError) errors.push(`${ref}: ${fmt(v)} (${l().formulas.get(ref)})`);
    }
    expect(errors).toEqual([]);
  });

  test("every computed result matches the hand-worked expectation", () => {
    const t = g().template;
    expect(t.expectations.length).toBeGreaterThan(5);
    const failures: string[] = [];
    for (const e of t.expectations) {
      const v = l().get(e.cell);
      let ok: boolean;
      if (typeof e.value === "number") ok = typeof v === "number" && Math.abs(v - e.value) <= (e.tolerance ?? 1e-9);
      else if (e.contains) ok = typeof v === "string" && v.includes(String(e.value));
      else ok = v === e.value;
      if (!ok) failures.push(`${e.cell}: expected ${JSON.stringify(e.value)} (${e.why}), got ${fmt(v)}  [${l().formulas.get(e.cell)}]`);
    }
    expect(failures).toEqual([]);
  });

  test("the file stores every add-in call as Excel saves it: _xldudf_TRADE_X in a dynamic-array cell, never a plain TRADE. call", async () => {
    const zip = await JSZip.loadAsync(g().bytes);
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    const cells = [...sheet.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(<f[^>]*>)([^<]*)<\/f>(?:<v>([^<]*)<\/v>)?/g)];
    expect(cells.length).toBe(Object.values(g().template.cells).filter((c: any) => c.f).length);
    const plain = cells.filter((m) => /(^|[^A-Za-z0-9_])TRADE\./i.test(m[4].replace(/&quot;(?:(?!&quot;).)*&quot;/g, "")));
    expect(plain.map((m) => `${m[1]}: ${m[4]}`)).toEqual([]);
    let addinCells = 0;
    for (const [, ref, attrs, fTag, text] of cells) {
      const source = g().template.cells[ref].f as string;
      const unescaped = text.replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
      expect("=" + unescaped).toBe(toStoredFormula(source));
      if (callsAddin(source)) {
        addinCells++;
        expect(unescaped).toMatch(/_xldudf_TRADE_[A-Z_]+\(/);
        expect(fTag).toBe(`<f t="array" ref="${ref}">`);
        expect(attrs).toMatch(/\bcm="1"/);
      } else expect(fTag).toBe("<f>");
    }
    expect(addinCells).toBeGreaterThan(10);
    const meta = await zip.file("xl/metadata.xml")!.async("string");
    expect(meta).toContain('<metadataType name="XLDAPR"');
    expect(meta).toContain('fDynamic="1"');
    expect(await zip.file("[Content_Types].xml")!.async("string")).toContain('PartName="/xl/metadata.xml"');
    expect(await zip.file("xl/_rels/workbook.xml.rels")!.async("string")).toMatch(/relationships\/sheetMetadata" Target="metadata.xml"/);
    // No forced full recalculation on open: Excel 365's engine id, no fullCalcOnLoad.
    const wb = await zip.file("xl/workbook.xml")!.async("string");
    expect(wb).toMatch(/<calcPr calcId="191029"\/>/);
    expect(wb).not.toMatch(/fullCalcOnLoad/);
  });

  test("every formula cell carries a cached value, equal to what the bundle computes for it when the file is evaluated again", () => {
    const { hf, sheetId } = l();
    const wrong: string[] = [];
    for (const [ref, f] of l().formulas) {
      const cached = l().cached.get(ref);
      const live = hf.getCellValue(hf.simpleCellAddressFromString(ref, sheetId)!);
      const same =
        live instanceof DetailedCellError
          ? typeof cached === "object" && cached !== null && (cached as any).error === live.value
          : typeof live === "number"
            ? typeof cached === "number" && Math.abs(cached - live) <= 1e-12 * Math.max(1, Math.abs(live))
            : cached === live;
      if (cached === undefined || !same) wrong.push(`${ref} (${f}): cached ${JSON.stringify(cached)}, computed ${fmt(live)}`);
    }
    expect(wrong).toEqual([]);
    // Hand-worked values hold for the cached values too (what a reader without Excel sees).
    for (const e of g().template.expectations) {
      const c = l().cached.get(e.cell);
      if (typeof e.value === "number") expect(Math.abs((c as number) - e.value)).toBeLessThanOrEqual(e.tolerance ?? 1e-9);
      else if (e.contains) expect(String(c)).toContain(String(e.value));
      else expect(c).toBe(e.value);
    }
  });

  test("read by ExcelJS: one sheet, constants and dates as written, validations and conditional formats present, nothing Excel on the web refuses", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(g().bytes as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual([g().template.sheetName]);
    const ws = wb.worksheets[0];
    for (const [ref, c] of Object.entries<any>(g().template.cells)) {
      const v: any = ws.getCell(ref).value;
      if (c.f) expect("=" + v.formula).toBe(toStoredFormula(c.f));
      else if (c.date) expect(v).toEqual(new Date(`${c.date}T00:00:00Z`));
      else if (c.v !== null && c.v !== undefined) expect(v).toBe(c.v);
    }
    const zip = await JSZip.loadAsync(g().bytes);
    expect(Object.keys(zip.files).filter((f) => /drawing|chart|comment|pivot|slicer|table/i.test(f))).toEqual([]);
    const wbXml = await zip.file("xl/workbook.xml")!.async("string");
    for (const n of g().template.names) expect(wbXml).toContain(`<definedName name="${n.name}" localSheetId="0"`);
    const sheetXml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect((sheetXml.match(/<dataValidation /g) ?? []).length).toBe(g().template.validations.length);
    expect((sheetXml.match(/<cfRule /g) ?? []).length).toBe(g().template.conditional.length);
  });

  test("the data version stamp and the live DATA_VERSION agree at generation", () => {
    const stamp = String(l().get("A2"));
    const live = l().get("B3");
    expect(stamp).toContain("Generated 2026-11-30");
    expect(typeof live).toBe("string");
    expect(String(live)).toContain(g().entry.dataVersion);
  });
});

test("writes the files and index.json when given a directory", async () => {
  const fs = await import("fs");
  const os = await import("os");
  const path = await import("path");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tpl-"));
  await generateTemplates({ outDir: dir, generated: "2026-11-30", bundleDir: distDir() });
  const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
  expect(index.templates.map((t: any) => t.file)).toEqual(generated.map((g) => g.file));
  for (const t of index.templates) expect(fs.statSync(path.join(dir, t.file)).size).toBe(t.bytes);
  fs.rmSync(dir, { recursive: true });
}, 60000); // generates and evaluates every template again: several seconds on a shared machine

describe("assumptions drive the formulas", () => {
  test("BOM screen: regime 'suspended' on 2026-12-01 → no licence anywhere; 'broad' scope brings the motor in", () => {
    const { hf, sheetId, get } = loaded.get("bom-screen")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    const p0 = 29; // BOM_LAYOUT.firstProduct
    const verdicts = () => [0, 1, 2, 3, 4, 5, 6].map((i) => get(`J${p0 + i}`));
    hf.setCellContents(at("B7"), "suspended");
    // Ann. 70 suspension continuing: the clause is not in force, CN_CONTROLLED_VALUE counts nothing.
    expect(verdicts()).toEqual([false, false, false, false, false, false, false]);
    hf.setCellContents(at("B7"), "as_written");
    hf.setCellContents(at("B8"), "broad");
    // P5 (motor, 2.00 / 400 = 0.5%) is a component: in scope only under the broad (disputed) reading.
    expect(get(`J${p0 + 4}`)).toBe(true);
    hf.setCellContents(at("B8"), "strict");
    // During the suspension (2026-06-01) as written: not in force.
    hf.setCellContents(at("B6"), 46174); // 2026-06-01
    expect(verdicts().every((v) => v === false)).toBe(true);
    hf.setCellContents(at("B6"), 46357); // back to 2026-12-01
    expect(get(`J${p0}`)).toBe(true);
  });

  test("Tariff scenario: the hypothetical Section 232 row is off by default; switched on it shows up in its layer column, next to the built-in rate, and is labelled", () => {
    const { hf, sheetId, get } = loaded.get("tariff-scenario")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    // Entry on 2026-03-15 (serial 46096), 8505.11.00.70 from China (row 22): MFN 2.1 + Section 301 25 (IEEPA ended 2026-02-23; Section 122 exempt).
    hf.setCellContents(at("B6"), 46096);
    expect(get("K22")).toBeCloseTo(0.271, 12);
    expect(get("A14")).toBe("");
    expect(get("A10")).toBe("");
    hf.setCellContents(at("B7"), "on");
    // + the hypothetical 25%: 52.1%, in the Section 232 column; built-in stays 27.1%.
    expect(get("K22")).toBeCloseTo(0.521, 12);
    expect(get("I22")).toBeCloseTo(0.25, 12);
    expect(get("L22")).toBeCloseTo(0.271, 12);
    expect(get("M22")).toBeCloseTo(0.25, 12);
    expect(String(get("A10"))).toMatch(/HYPOTHETICAL Section 232/);
    expect(String(get("G14"))).toMatch(/^ON: HYPOTHETICAL/);
    // 8505.19.30 is not covered by the override row (prefix 8505.11).
    expect(get("M29")).toBeCloseTo(0, 12);
    hf.setCellContents(at("B7"), "off");
    hf.setCellContents(at("B6"), 46037);
    expect(get("K22")).toBeCloseTo(0.371, 12);
  });

  test("Supply concentration: switching to MCS 2025 / 2024 uses that edition's figures", () => {
    const { hf, sheetId, get } = loaded.get("supply-concentration")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    hf.setCellContents(at("B6"), "MCS 2025");
    hf.setCellContents(at("B7"), 2024);
    // USGS MCS tables: Australia 2024e 13,000 t in MCS 2025 (29,000 in MCS 2026).
    expect(get("C13")).toBe(13000);
    expect(get("D13")).toBe("MCS 2025");
  });

  test("Supply concentration: an impossible edition/year pair is flagged FALSE; a typo in a stage name is an error, not a blank", () => {
    const { hf, sheetId, get } = loaded.get("supply-concentration")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    hf.setCellContents(at("B6"), "MCS 2025");
    hf.setCellContents(at("B7"), 2025);
    // MCS 2025 reports 2023 and 2024 only.
    expect(get("B9")).toBe(false);
    expect(get("C17")).toBeInstanceOf(DetailedCellError);
    hf.setCellContents(at("B6"), "MCS 2026");
    expect(get("B9")).toBe(true);
    // Row 35 is "mining"; "minning" must not turn the shares blank.
    hf.setCellContents(at("A35"), "minning");
    for (const c of ["C", "D", "E", "F", "G", "H"]) expect([c, get(`${c}35`) instanceof DetailedCellError]).toEqual([c, true]);
    hf.setCellContents(at("A35"), "mining");
    expect(get("C35")).toBeCloseTo(0.692, 12);
    // Malaysia has no reported mining share: blank, not an error.
    expect(get("D35")).toBe("");
  });

  test("BOM screen: a line for an unknown product and an entry below the line block are flagged, not silently ignored", () => {
    const { hf, sheetId, get } = loaded.get("bom-screen")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    // Rows: products 29–128, lines 132–631 (BOM_LAYOUT); first free line row after the 21 sample lines is 153.
    hf.setCellContents(at("A153"), [["P42", "Stray line", "Dy oxide", "CN", 1]]);
    expect(get("B17")).toBe(1);
    expect(String(get("I153"))).toMatch(/^Not counted: product id P42 is not in the product list/);
    hf.setCellContents(at("A153"), [[null, null, null, null, null]]);
    expect(get("B17")).toBe(0);
    hf.setCellContents(at("A640"), "P1");
    expect(get("B18")).toBe(1);
    hf.setCellContents(at("A640"), null);
    expect(get("B18")).toBe(0);
  });

  test("BOM screen: a product with no lines and an unknown product type are flagged in the checks column", () => {
    const { hf, sheetId, get } = loaded.get("bom-screen")!;
    const at = (ref: string) => hf.simpleCellAddressFromString(ref, sheetId)!;
    hf.setCellContents(at("A38"), [["P10", "New product", "magnet", 10]]);
    expect(get("M38")).toBe("No BOM lines");
    hf.setCellContents(at("C38"), "magent");
    expect(get("M38")).toBe("Unknown product type");
    hf.setCellContents(at("A38"), [[null, null, null, null]]);
    expect(get("M38")).toBe("");
  });
});

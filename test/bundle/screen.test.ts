/**
 * The command-line screen agrees with the BUILT functions (dist/functions.js through
 * test/harness.ts, called the way Excel calls them) for the same inputs: every product's
 * CN_CONTROLLED_VALUE over its lines, CN_LICENSE_REQUIRED (each side-by-side column too),
 * CN_LICENSE_EXPLAIN (identical strings), CN_HEADROOM and RAREEARTH_SHARE; every customs row's
 * TARIFF_RATE, DUTY, LANDED_COST, TARIFF_EXPLAIN and TARIFF_BREAKDOWN's total status, with and
 * without an overrides table; and the same with a published pack file and with an organisation's
 * overlay, checked and activated by the screen as the add-in does.
 */
import * as fs from "fs";
import * as path from "path";
import { loadBundle, isExcelError, distDir, Bundle, HarnessPack } from "../harness";
import { byKey, fixture, readCsvOut, screen, tempDir } from "../fixtures/screen/run";
import { CsvParser } from "../../src/cli/csv";
import { verifyPublished } from "../../src/pack/verify";
import { bundledDocs, extendedSuspensionPack, overlayText, sha256 } from "../pack-fixtures";

// Each test runs whole screens (files, ExcelJS, child processes): more than jest's 5 s default under a loaded CI.
jest.setTimeout(30_000);

/** A fixture CSV as rows of fields (header first). */
function csvRows(file: string, d = ","): string[][] {
  const out: string[][] = [];
  new CsvParser(d).feed(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), true, (r) => {
    if (!(r.fields.length === 1 && r.fields[0] === "")) out.push(r.fields);
  });
  return out;
}

/** The bundled pack's header (its version changes with every data release: never written into a test). */
const BUNDLED = JSON.parse(fs.readFileSync(path.resolve(__dirname, "..", "..", "src", "data", "pack.json"), "utf8")) as {
  version: string;
  compiled: string;
  minAddinVersion: string;
};

const num = (v: string): unknown => (v.trim() === "" ? null : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : v);
const cell = (m: unknown): unknown => (m as unknown[][])[0][0];

interface Product {
  pv: unknown;
  type: unknown;
  lines: { line: number; v: unknown; it: string; o: string }[];
}

function productsOf(linesFile: string, productsFile: string): Map<string, Product> {
  const map = new Map<string, Product>();
  const [, ...prows] = csvRows(productsFile);
  for (const [id, pv, type] of prows) map.set(id, { pv: num(pv), type: type === "" ? null : type, lines: [] });
  const [, ...lrows] = csvRows(linesFile);
  lrows.forEach(([id, v, it, o], i) => {
    if (!map.has(id)) map.set(id, { pv: undefined, type: null, lines: [] });
    map.get(id)!.lines.push({ line: i + 2, v: num(v), it, o });
  });
  return map;
}

/** Every product the screen decided is what the functions give for its lines; those it did not decide are the functions' errors. */
function expectAgreement(
  b: Bundle,
  products: Map<string, Product>,
  out: ReturnType<typeof readCsvOut>,
  asOf: string | null,
  regime: string,
  scope: string,
  extra: [string, string, string][] = [],
): number {
  const rows = byKey(out, "product");
  let checked = 0;
  for (const [id, p] of products) {
    const row = rows.get(id)!;
    expect(row).toBeDefined();
    if (p.pv === undefined || !p.lines.length) {
      expect(row.status).not.toBe("decided");
      continue;
    }
    const values = p.lines.map((l) => [l.v]);
    const items = p.lines.map((l) => [l.it]);
    const origins = p.lines.map((l) => [l.o]);
    const cn = b.call("CN_CONTROLLED_VALUE", values, items, origins, asOf, regime);
    if (isExcelError(cn)) {
      expect([id, row.status]).toEqual([id, cn.code]);
      // Excel shows messages for #VALUE! and #N/A only (the adapter drops the others)
      if (cn.message) {
        const k = Number(/line (\d+)/.exec(cn.message)![1]);
        expect(row.explanation).toContain(cn.message.replace(/line \d+/, `line ${p.lines[k - 1].line}`));
      }
      continue;
    }
    const lic = cell(b.call("CN_LICENSE_REQUIRED", cn, p.pv, p.type, asOf, regime, scope));
    if (isExcelError(lic)) {
      expect([id, row.status, row.explanation]).toEqual([id, lic.code, lic.message ?? row.explanation]);
      continue;
    }
    if (lic === "") {
      // the function leaves the row blank (cn_value 0 and product_value 0 read as an empty row): not decided, and said so
      expect([id, row.status]).toEqual([id, "#VALUE!"]);
      expect(row.explanation).toMatch(/^CN_LICENSE_REQUIRED gives an empty cell for cn_value 0 and product_value 0/);
      continue;
    }
    expect([id, row.status, Number(row.cn_controlled_value), row.licence_required]).toEqual([id, "decided", cn, lic ? "TRUE" : "FALSE"]);
    expect(row.explanation).toBe(cell(b.call("CN_LICENSE_EXPLAIN", cn, p.pv, p.type, asOf, regime, scope)));
    expect(Number(row.headroom)).toBe(cell(b.call("CN_HEADROOM", cn, p.pv)));
    expect(Number(row.ratio)).toBe(b.call("RAREEARTH_SHARE", [[cn]], p.pv));
    for (const [d, r, s] of extra) {
      const cn2 = b.call("CN_CONTROLLED_VALUE", values, items, origins, d, r);
      expect([id, d, r, s, row[`licence_required (${d}, ${r}, ${s})`]]).toEqual([
        id,
        d,
        r,
        s,
        cell(b.call("CN_LICENSE_REQUIRED", cn2, p.pv, p.type, d, r, s)) ? "TRUE" : "FALSE",
      ]);
    }
    checked++;
  }
  return checked;
}

describe("bom agrees with the built CN_* functions", () => {
  const b = loadBundle();

  test("hand-worked fixture, with dates, regimes and scopes side by side", async () => {
    const dir = tempDir();
    const r = await screen(
      [
        "bom",
        fixture("bom-lines.csv"),
        "--products",
        fixture("bom-products.csv"),
        "--as-of",
        "2026-12-01,2026-03-01",
        "--regime",
        "as_written,in_force",
        "--scope",
        "strict,broad",
        "--out",
        "p.csv",
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const extra: [string, string, string][] = [];
    for (const d of ["2026-12-01", "2026-03-01"])
      for (const rg of ["as_written", "in_force"])
        for (const s of ["strict", "broad"]) if (!(d === "2026-12-01" && rg === "as_written" && s === "strict")) extra.push([d, rg, s]);
    const n = expectAgreement(
      b,
      productsOf(fixture("bom-lines.csv"), fixture("bom-products.csv")),
      readCsvOut(path.join(dir, "p.csv")),
      "2026-12-01",
      "as_written",
      "strict",
      extra,
    );
    expect(n).toBe(7);
  });

  test("a blank --as-of is the calculation date, with the explanation saying so, as the functions do", async () => {
    const dir = tempDir();
    const r = await screen(
      ["bom", fixture("bom-lines.csv"), "--products", fixture("bom-products.csv"), "--regime", "in_force", "--out", "p.csv", "--quiet"],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "p.csv"));
    expect(byKey(out, "product").get("A1")!.explanation).toMatch(/\(the calculation date: as_of was blank\)/);
    expect(expectAgreement(b, productsOf(fixture("bom-lines.csv"), fixture("bom-products.csv")), out, null, "in_force", "strict")).toBe(7);
  });

  test("a random portfolio: 300 products, 2,500 lines in random order, text values, zeros and bad cells", async () => {
    const dir = tempDir();
    let seed = 17;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
    const items = [
      "Dy",
      "dysprosium oxide",
      "Nd oxide",
      "other",
      "TbFe alloy",
      "Tb metal",
      "NdFeB magnet",
      "La oxide",
      "Sm metal",
      "Unknownium",
    ];
    const origins = ["CN", "China", "PRC", "HK", "MY", "JP", "cn", "Narnia"];
    const lines = ["product,line_value,item,origin"];
    for (let i = 0; i < 2500; i++) {
      const v = rnd() < 0.02 ? pick(["", "0", "-1", "x", "0.10"]) : (Math.floor(rnd() * 500) / 100).toString();
      lines.push(
        `R${Math.floor(rnd() * 300)},${v},${rnd() < 0.01 ? "Unknownium" : pick(items.slice(0, 9))},${rnd() < 0.01 ? "Narnia" : pick(origins.slice(0, 7))}`,
      );
    }
    const products = ["product,product_value,product_type"];
    for (let p = 0; p < 300; p++)
      products.push(`R${p},${(200 + Math.floor(rnd() * 100000) / 100).toString()},${pick(["magnet", "target", "component", "other", ""])}`);
    fs.writeFileSync(path.join(dir, "l.csv"), lines.join("\n") + "\n");
    fs.writeFileSync(path.join(dir, "p.csv"), products.join("\n") + "\n");
    const r = await screen(
      [
        "bom",
        "l.csv",
        "--products",
        "p.csv",
        "--as-of",
        "2026-12-01",
        "--scope",
        "broad",
        "--out",
        "o.csv",
        "--products-in-memory",
        "64",
        "--temp-dir",
        dir,
        "--quiet",
      ],
      { cwd: dir },
    );
    expect([0, 1]).toContain(r.code);
    const n = expectAgreement(
      b,
      productsOf(path.join(dir, "l.csv"), path.join(dir, "p.csv")),
      readCsvOut(path.join(dir, "o.csv")),
      "2026-12-01",
      "as_written",
      "broad",
    );
    expect(n).toBeGreaterThan(200);
  });
});

describe("tariff agrees with the built TARIFF_* functions", () => {
  const b = loadBundle();
  const [, ...entries] = csvRows(fixture("tariff-entries.csv"));

  function expectRows(bb: Bundle, out: ReturnType<typeof readCsvOut>, ov: unknown) {
    const rows = byKey(out, "entry");
    for (const [id, hts, origin, value, date, importer, freight, insurance] of entries) {
      const row = rows.get(id)!;
      const m = importer === "" ? null : importer;
      const rate = cell(bb.call("TARIFF_RATE", hts, origin, date, ov, m));
      const duty = cell(bb.call("DUTY", num(value), hts, origin, date, ov, m));
      const landed = cell(bb.call("LANDED_COST", num(value), hts, origin, date, num(freight), num(insurance), ov, m));
      const explain = cell(bb.call("TARIFF_EXPLAIN", hts, origin, date, ov, m));
      const shown = (v: unknown) => (isExcelError(v) ? v.code : String(v));
      expect([id, row.rate, row.duty, row.landed_cost]).toEqual([id, shown(rate), shown(duty), shown(landed)]);
      // Excel shows at most 255 characters of a message (src/functions/adapter.ts cuts them); the screen writes them whole
      if (isExcelError(explain)) {
        expect(row.explanation.startsWith(`${explain.code} ${explain.message}`)).toBe(true);
        expect(row.status).toBe(explain.code);
      } else {
        expect(row.explanation).toBe(explain);
        const bd = bb.call("TARIFF_BREAKDOWN", hts, origin, date, ov, m) as unknown[][];
        const failed = [rate, duty, landed].find((x) => isExcelError(x));
        expect([id, row.status]).toEqual([id, failed ? (failed as { code: string }).code : bd[bd.length - 1][5]]);
      }
      const messages = [rate, duty, landed, explain]
        .filter((x) => isExcelError(x) && x.message)
        .map((x) => (x as { message: string }).message);
      for (const msg of messages) expect(row.errors).toContain(msg.slice(0, 250));
      if (!messages.length) expect(row.errors).toBe("");
    }
  }

  test("the hand-worked rows", async () => {
    const dir = tempDir();
    await screen(["tariff", fixture("tariff-entries.csv"), "--keep", "entry", "--out", "t.csv", "--quiet"], { cwd: dir });
    expectRows(b, readCsvOut(path.join(dir, "t.csv")), null);
  });

  test("with the overrides table", async () => {
    const dir = tempDir();
    await screen(
      [
        "tariff",
        fixture("tariff-entries.csv"),
        "--overrides",
        fixture("tariff-overrides.csv"),
        "--keep",
        "entry",
        "--out",
        "t.csv",
        "--quiet",
      ],
      { cwd: dir },
    );
    expectRows(b, readCsvOut(path.join(dir, "t.csv")), csvRows(fixture("tariff-overrides.csv")));
  });
});

describe("--pack and --overlay: checked as the add-in checks them, answering as the functions do with that data", () => {
  test("a published pack (Ann. 70's suspension extended): no licence on 2026-12-01, as the bundle with that pack says", async () => {
    const dir = tempDir();
    const pack = extendedSuspensionPack();
    fs.writeFileSync(path.join(dir, pack.file), pack.text);
    const r = await screen(
      [
        "bom",
        fixture("bom-lines.csv"),
        "--products",
        fixture("bom-products.csv"),
        "--as-of",
        "2026-12-01",
        "--pack",
        pack.file,
        "--out",
        "p.csv",
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "p.csv"));
    expect(out.block.get("data pack")).toContain(`SHA-256 ${pack.sha256}`);
    const hp: HarnessPack = {
      datasets: pack.datasets,
      state: {
        version: pack.header.version,
        compiled: pack.header.compiled,
        minAddinVersion: pack.header.minAddinVersion,
        sha256: pack.sha256,
        origin: "update",
        file: pack.file,
      },
    };
    const bb = loadBundle(distDir(), { pack: hp });
    // the header names the data as TRADE.DATA_VERSION does in a workbook on that pack
    expect(out.block.get("data version")).toBe(bb.call("DATA_VERSION"));
    expect(out.block.get("data version")).toMatch(new RegExp(`^${pack.header.version.replace(/\./g, "\\.")} \\(update ${pack.file}`));
    expect(byKey(out, "product").get("A1")!.licence_required).toBe("FALSE");
    expect(
      expectAgreement(bb, productsOf(fixture("bom-lines.csv"), fixture("bom-products.csv")), out, "2026-12-01", "as_written", "strict"),
    ).toBe(8); // the rule suspended on that date: B7's Dy no longer counts (cn 0 ≤ its value 1), so it is decided too
  });

  test("the pack file the build publishes (dist/data/pack-<version>.json) is taken and answers as the bundled data", async () => {
    const published = path.join(distDir(), "data", `pack-${BUNDLED.version}.json`);
    expect(fs.existsSync(published)).toBe(true);
    const dir = tempDir();
    const args = ["bom", fixture("bom-lines.csv"), "--products", fixture("bom-products.csv"), "--as-of", "2026-12-01", "--quiet"];
    const r = await screen([...args, "--pack", published, "--out", "pub.csv"], { cwd: dir });
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "pub.csv"));
    expect(out.block.get("data pack")).toMatch(
      new RegExp(
        `pack-${BUNDLED.version.replace(/\./g, "\\.")}\\.json, version ${BUNDLED.version.replace(/\./g, "\\.")}, SHA-256 [0-9a-f]{64}$`,
      ),
    );
    const b = loadBundle();
    expect(
      expectAgreement(b, productsOf(fixture("bom-lines.csv"), fixture("bom-products.csv")), out, "2026-12-01", "as_written", "strict"),
    ).toBe(7);
    // and the same rows as without --pack
    await screen([...args, "--out", "own.csv"], { cwd: dir });
    expect(out.rows).toEqual(readCsvOut(path.join(dir, "own.csv")).rows);
    // a tariff run on it too
    const t = await screen(["tariff", fixture("tariff-entries.csv"), "--pack", published, "--keep", "entry", "--out", "t.csv", "--quiet"], {
      cwd: dir,
    });
    expect(t.code).toBe(1);
    expect(byKey(readCsvOut(path.join(dir, "t.csv")), "entry").get("E1")!.rate).toBe(
      String(cell(b.call("TARIFF_RATE", "8505.11.00.70", "CN", "2026-01-15"))),
    );
  });

  test("an organisation's overlay: explanations name the organisation data exactly as CN_LICENSE_EXPLAIN does", async () => {
    const dir = tempDir();
    const text = overlayText();
    fs.writeFileSync(path.join(dir, "overlay.json"), text);
    const r = await screen(
      [
        "bom",
        fixture("bom-lines.csv"),
        "--products",
        fixture("bom-products.csv"),
        "--as-of",
        "2026-12-01",
        "--overlay",
        "overlay.json",
        "--out",
        "p.csv",
        "--quiet",
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    const out = readCsvOut(path.join(dir, "p.csv"));
    expect(out.block.get("overlay")).toMatch(/^Contoso compliance desk 2026-12-07\.1 \(.*overlay\.json, SHA-256 [0-9a-f]{64}\)$/);
    const v = verifyPublished({ base: bundledDocs(), overlay: { text, sha256: sha256(text), file: "overlay.json" } });
    if (!v.ok) throw new Error(v.message);
    const bb = loadBundle(distDir(), {
      pack: {
        datasets: v.datasets,
        state: {
          version: BUNDLED.version,
          compiled: BUNDLED.compiled,
          minAddinVersion: BUNDLED.minAddinVersion,
          sha256: null,
          origin: "bundled",
          overlay: v.overlay,
        },
      },
    });
    expect(out.block.get("data version")).toBe(bb.call("DATA_VERSION"));
    expect(byKey(out, "product").get("A1")!.explanation).toMatch(/organisation data \(Contoso compliance desk; /);
    expect(
      expectAgreement(bb, productsOf(fixture("bom-lines.csv"), fixture("bom-products.csv")), out, "2026-12-01", "as_written", "strict"),
    ).toBe(8); // the rule suspended on that date: B7's Dy no longer counts (cn 0 ≤ its value 1), so it is decided too
  });

  test("a tampered or malformed file stops the run (exit 2) with the checker's reason", async () => {
    const dir = tempDir();
    const pack = extendedSuspensionPack();
    const broken = JSON.parse(pack.text);
    broken.datasets.instruments.records[0].effective = "someday";
    fs.writeFileSync(path.join(dir, "bad.json"), JSON.stringify(broken));
    const r = await screen(["bom", fixture("bom-lines.csv"), "--products", fixture("bom-products.csv"), "--pack", "bad.json", "--quiet"], {
      cwd: dir,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^trade-screen: the data cannot be used: bad\.json failed its checks \(\d+ problems?; first: /);
    fs.writeFileSync(
      path.join(dir, "o.json"),
      JSON.stringify({
        format: "rare-earth-trade-modeler/overlay",
        formatVersion: 1,
        organisation: "X",
        version: "1",
        datasets: { instruments: { records: [{ id: "MOFCOM-61-2025" }] } },
      }),
    );
    const r2 = await screen(["tariff", fixture("tariff-entries.csv"), "--overlay", "o.json", "--quiet"], { cwd: dir });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/the data cannot be used: the overlay data\/o\.json failed its checks/);
  });
});

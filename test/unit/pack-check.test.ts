/**
 * The data-pack checker the build, `npm run pack` and the add-in share (src/pack): the JSON Schema
 * interpreter agrees with ajv on the real pack and on thousands of altered copies; pack files,
 * overlays and data/latest.json are refused for the reasons a publisher can act on; nothing in a
 * file can reach an object's prototype.
 */
import Ajv from "ajv";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import { PackError, latestProblems, parsePackJson } from "../../src/core/pack/format";
import { DATASET_SCHEMAS, checkDatasets, checkOverlayEnvelope, checkPackFile } from "../../src/pack/check";
import { validateSchema } from "../../src/pack/schema";
import { mergeOverlay, orgRecordKeys } from "../../src/pack/overlay";
import { applyOverlayText, verifyPublished } from "../../src/pack/verify";
import { bundledDocs, extendedSuspensionPack, makePack, orgOverlay, overlayText, rec, sha256 } from "../pack-fixtures";

const docs = bundledDocs();
const ajv = new Ajv({ allErrors: true, strict: false });
const ajvOf = new Map(Object.entries(DATASET_SCHEMAS).map(([n, s]) => [n, ajv.compile(s)]));

describe("the schema interpreter agrees with ajv", () => {
  test("on every dataset of the real pack: valid for both", () => {
    for (const [name, doc] of Object.entries(docs)) {
      expect([name, validateSchema(DATASET_SCHEMAS[name] as object, doc)]).toEqual([name, []]);
      expect([name, ajvOf.get(name)!(doc)]).toEqual([name, true]);
    }
  });

  /** Every [path, value] node of a document, to pick mutation points from. */
  function nodes(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
    out.push(at);
    if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...at, i], out));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) nodes(x, [...at, k], out);
    return out;
  }
  const names = Object.keys(docs);
  const paths = new Map(names.map((n) => [n, nodes(docs[n]).filter((p) => p.length > 0)]));
  const jsonValue = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -5, max: 3000 }),
    fc.double({ min: -10, max: 2e6, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom("", "x", "2026-13-40", "confirmed", "unconfirmed", "CN", "not-a-code", "S1", "https://example.org/", "a".repeat(5000)),
    fc.constant([]),
    fc.constant({}),
    fc.array(fc.constantFrom("S1", "S2", 1), { maxLength: 3 }),
  );

  test("on 1,500 altered copies: a value replaced, a key removed or an unknown key added", () => {
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.nat(), fc.integer({ min: 0, max: 2 }), jsonValue, (name, pick, op, value) => {
        const doc = JSON.parse(JSON.stringify(docs[name]));
        const list = paths.get(name)!;
        const p = list[pick % list.length];
        let parent = doc;
        for (const k of p.slice(0, -1)) parent = parent[k];
        const last = p[p.length - 1];
        if (op === 0) parent[last] = value;
        else if (op === 1) {
          if (Array.isArray(parent)) parent.splice(last as number, 1);
          else delete parent[last];
        } else if (parent && typeof parent === "object" && !Array.isArray(parent)) parent.zz_unknown = value;
        else parent[last] = value;
        const ours = validateSchema(DATASET_SCHEMAS[name] as object, doc).length === 0;
        const theirs = ajvOf.get(name)!(doc) as boolean;
        expect({ name, path: p.join("/"), op, ours }).toEqual({ name, path: p.join("/"), op, ours: theirs });
      }),
      { numRuns: 1500, seed: 20261207 },
    );
  });

  test("keywords one by one, with ajv's messages", () => {
    const s = {
      definitions: { code: { type: "string", pattern: "^[A-Z]{2}$" } },
      type: "object",
      required: ["kind", "code"],
      additionalProperties: false,
      properties: {
        kind: { enum: ["a", "b"] },
        code: { $ref: "#/definitions/code" },
        n: { type: "integer", minimum: 1, maximum: 3 },
        text: { type: "string", maxLength: 3 },
        list: { type: "array", uniqueItems: true, items: { type: ["string", "null"] } },
        one: { oneOf: [{ type: "number" }, { type: "integer" }] },
      },
      if: { properties: { kind: { const: "a" } } },
      then: { required: ["n"] },
    };
    const msgs = (v: unknown) => validateSchema(s, v).map((e) => `${e.instancePath} ${e.message}`);
    expect(msgs({ kind: "b", code: "CN" })).toEqual([]);
    expect(msgs({ kind: "a", code: "CN" })).toEqual([" must have required property 'n'", ' must match "then" schema']);
    expect(msgs({ kind: "c", code: "cn", zz: 1 }).sort()).toEqual([
      " must NOT have additional properties",
      '/code must match pattern "^[A-Z]{2}$"',
      "/kind must be equal to one of the allowed values",
    ]);
    expect(msgs({ kind: "b", code: "CN", n: 2.5 })).toEqual(["/n must be integer"]);
    expect(msgs({ kind: "b", code: "CN", n: 4 })).toEqual(["/n must be <= 3"]);
    // 3 characters, one of them outside the Basic Multilingual Plane (two UTF-16 units): ajv counts code points.
    expect(msgs({ kind: "b", code: "CN", text: "a😀b" })).toEqual([]);
    expect(msgs({ kind: "b", code: "CN", text: "abcd" })).toEqual(["/text must NOT have more than 3 characters"]);
    expect(msgs({ kind: "b", code: "CN", list: ["x", null, "x"] })).toEqual(["/list must NOT have duplicate items (items ## 0 and 2 are identical)"]);
    // 2 is a number and an integer: two schemas of oneOf pass.
    expect(msgs({ kind: "b", code: "CN", one: 2 })).toEqual(["/one must match exactly one schema in oneOf"]);
    expect(msgs({ kind: "b", code: "CN", one: 2.5 })).toEqual([]);
  });

  test("a keyword it does not implement is an error, never silently skipped", () => {
    expect(() => validateSchema({ type: "string", format: "email" }, "x")).toThrow(/"format" is not supported/);
  });
});

describe("files: data only", () => {
  test.each(['{"a":{"__proto__":{"polluted":1}}}', '{"constructor":{"prototype":{"x":1}}}', '[{"prototype":1}]'])("%s is refused", (text) => {
    expect(() => parsePackJson(text, "data/x.json")).toThrow(PackError);
    expect(() => parsePackJson(text, "data/x.json")).toThrow(/data\/x\.json: the key "(__proto__|constructor|prototype)" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  test("text that is not JSON says so", () => {
    expect(() => parsePackJson("{oops", "data/pack-x.json")).toThrow(/data\/pack-x\.json is not valid JSON/);
  });
});

describe("pack files", () => {
  test("the serialised bundled pack passes", () => {
    expect(checkPackFile(JSON.parse(makePack().text)).map((p) => p.text)).toEqual([]);
  });
  test("a missing or unknown dataset, a wrong format and a bad header are named", () => {
    const p = JSON.parse(makePack().text);
    delete p.datasets.hs;
    p.datasets.gallium = { dataset: "gallium", description: "x", records: [] };
    expect(checkPackFile(p).map((x) => `${x.rule}: ${x.message}`)).toEqual([
      'dataset-missing: the pack has no "hs" dataset',
      'dataset-unknown: "gallium" is not a dataset of this add-in',
    ]);
    const q = JSON.parse(makePack().text);
    q.format = "something/else";
    q.version = "2026-12-05";
    const texts = checkPackFile(q).map((x) => x.message);
    expect(texts).toContain('"format" is "something/else"; a pack says "rare-earth-trade-modeler/pack"');
    expect(texts.some((t) => /\/version must match pattern/.test(t))).toBe(true);
  });
  test("a rule failure names file, record and rule", () => {
    const bad = makePack((d) => {
      rec(d, "instruments", "MOFCOM-61-2025").suspensions[0].by = "MOFCOM-99-2025";
    });
    expect(checkPackFile(JSON.parse(bad.text)).map((p) => p.text)).toEqual([
      'instruments.json: record MOFCOM-61-2025 [ins-suspension-by] suspension 2025-11-07..2026-11-10: "by" "MOFCOM-99-2025" is not an instrument',
      "instruments.json: record MOFCOM-70-2025 [ins-suspends] \"suspends\" names MOFCOM-61-2025, but MOFCOM-61-2025 carries no suspension window by MOFCOM-70-2025",
    ]);
  });
  test("every text field is length-capped by its schema: an over-long one is named", () => {
    const long = makePack((d) => (rec(d, "instruments", "MOFCOM-61-2025").title = "x".repeat(5000)));
    expect(checkPackFile(JSON.parse(long.text)).map((p) => p.text)).toEqual([
      "instruments.json: record MOFCOM-61-2025 [schema] /records/" +
        long.datasets.instruments.records.findIndex((r: { id: string }) => r.id === "MOFCOM-61-2025") +
        "/title must NOT have more than 2000 characters",
    ]);
    // Every string in every schema has a maxLength, an enum or a const.
    const loose: string[] = [];
    const walk = (s: unknown, where: string) => {
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}/${i}`));
      if (!s || typeof s !== "object") return;
      const o = s as Record<string, unknown>;
      const isString = o.type === "string" || (Array.isArray(o.type) && o.type.includes("string"));
      if (isString && o.maxLength === undefined && o.enum === undefined && o.const === undefined) loose.push(where);
      for (const [k, v] of Object.entries(o)) walk(v, `${where}/${k}`);
    };
    for (const [name, schema] of Object.entries(DATASET_SCHEMAS)) walk(schema, name);
    expect(loose).toEqual([]);
  });

  test("the update the tests publish passes, and moves the horizon", () => {
    const u = extendedSuspensionPack();
    expect(checkPackFile(JSON.parse(u.text))).toEqual([]);
    expect(JSON.parse(u.text).datasets.instruments.horizon).toBe("2026-12-05");
  });
});

describe("data/latest.json", () => {
  const good = { version: "2026.12.15", file: "pack-2026.12.15.json", sha256: "a".repeat(64), minAddinVersion: "0.1.0" };
  test("a good one has no problem", () => expect(latestProblems(good)).toEqual([]));
  test.each([
    [{ ...good, file: "../secrets.json" }, /"file" must be a plain \.json file name/],
    [{ ...good, file: "https://evil.example/pack.json" }, /"file" must be a plain \.json file name/],
    [{ ...good, sha256: "ABC" }, /"sha256" must be the file's SHA-256/],
    [{ ...good, version: "latest" }, /"version" must be a pack version/],
    [{ ...good, overlay: { file: "o.json" } }, /"overlay.sha256"/],
    [{ ...good, extra: 1 }, /unknown field "extra"/],
    [[], /holds one JSON object/],
  ])("%j", (l, why) => expect(latestProblems(l).join("; ")).toMatch(why));
});

describe("overlays", () => {
  test("the organisation's overlay passes, adds its source, replaces Ann. 61 and adds a Thai MFN row", () => {
    const o = orgOverlay();
    expect(checkOverlayEnvelope(o, docs)).toEqual([]);
    const { datasets, info } = mergeOverlay(docs, o, { sha256: "f".repeat(64), file: "overlay.json" });
    expect(checkDatasets(datasets, { orgRecords: orgRecordKeys(info) }).map((p) => p.text)).toEqual([]);
    expect([...info.records.keys()].sort()).toEqual(["instruments MOFCOM-61-2025", "partner_tariffs org-th-mfn-850511", "sources ORG-1"]);
    expect(info.records.get("instruments MOFCOM-61-2025")!.replaced).toEqual(rec(docs, "instruments", "MOFCOM-61-2025"));
    expect(info.records.get("partner_tariffs org-th-mfn-850511")!.replaced).toBeUndefined();
    expect(rec(datasets, "instruments", "MOFCOM-61-2025").suspensions[0].to).toBe("2027-11-10");
    // the inputs are not changed
    expect(rec(docs, "instruments", "MOFCOM-61-2025").suspensions[0].to).toBe("2026-11-10");
    expect(datasets.partner_tariffs.records.length).toBe(docs.partner_tariffs.records.length + 1);
  });

  test("envelope problems name the record and the reason", () => {
    const o = orgOverlay() as unknown as { datasets: Record<string, Record<string, unknown[]>> };
    o.datasets.sources.records.push({ id: "S1", title: "mine", publisher: "me", url: null, date: null, confidence: "confirmed" });
    (o.datasets.partner_tariffs.records[0] as { sources: string[] }).sources = ["S15"];
    o.datasets.instruments.records.push({ ...(o.datasets.instruments.records[0] as object) });
    (o.datasets as Record<string, unknown>).gallium = { records: [] };
    o.datasets.prices = { editions: [] } as unknown as Record<string, unknown[]>;
    const texts = checkOverlayEnvelope(o, docs).map((p) => p.text);
    expect(texts).toEqual([
      "overlay: record S1 [overlay-source] source S1 is a built-in source; an overlay adds sources under new ids and cannot change the built-in ones",
      "overlay: record MOFCOM-61-2025 [overlay-key] datasets.instruments.records lists MOFCOM-61-2025 twice",
      "overlay: record org-th-mfn-850511 [overlay-source] partner_tariffs org-th-mfn-850511 cites none of the overlay's own sources (ORG-1, S1); organisation data always names its source",
      'overlay: record - [dataset-unknown] "gallium" is not a dataset of this add-in',
      'overlay: record - [envelope] datasets.prices.editions: an overlay can add or amend records, products of prices, not "editions"',
    ]);
  });

  test("after merging, the pack's own checks run: a record with an unknown source or a bad date is refused, naming it", () => {
    const o = orgOverlay();
    const th = o.datasets.partner_tariffs.records![0] as Record<string, unknown>;
    th.sources = ["ORG-1", "ORG-9"];
    th.from = "2025-02-30";
    expect(() => applyOverlayText(docs, JSON.stringify(o), { sha256: "0".repeat(64), file: "o.json" })).toThrow(
      /the pack with the overlay data\/o\.json failed its checks \(2 problems; first: partner_tariffs\.json: record org-th-mfn-850511 \[date-invalid\] from is "2025-02-30", not a valid YYYY-MM-DD date \| partner_tariffs\.json: record org-th-mfn-850511 \[source-unknown\] sources: source id "ORG-9" is not in sources\.json\)/,
    );
  });

  test("an organisation may record an event after the vendor's horizon with its own status; the vendor may not", () => {
    const add = (ins: Record<string, unknown>) =>
      (ins.events as unknown[]).push({ date: "2026-11-11", event: "status_report", note: "Suspension extended (broker notice).", status: "confirmed", sources: ["ORG-1"] });
    const o = orgOverlay();
    add(o.datasets.instruments.records![0] as Record<string, unknown>);
    expect(verifyPublished({ base: docs, overlay: { text: JSON.stringify(o), sha256: "1".repeat(64), file: "o.json" } }).ok).toBe(true);
    const vendor = makePack((d) => {
      add(rec(d, "instruments", "MOFCOM-61-2025"));
      d.sources.records.push({ id: "ORG-1", title: "t", publisher: "p", url: null, date: null, confidence: "secondary" });
    });
    expect(checkPackFile(JSON.parse(vendor.text)).map((p) => p.rule)).toEqual(["ins-horizon"]);
  });

  test("npm run pack -- --check names every problem and exits 1; a good overlay exits 0", () => {
    const { spawnSync } = require("child_process") as typeof import("child_process");
    const os = require("os") as typeof import("os");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "overlay-"));
    const good = path.join(dir, "good.json");
    fs.writeFileSync(good, overlayText());
    const bad = path.join(dir, "bad.json");
    const o = orgOverlay();
    (o.datasets.partner_tariffs.records![0] as Record<string, unknown>).rate_pct = -5;
    fs.writeFileSync(bad, JSON.stringify(o));
    const run = (f: string) => spawnSync(process.execPath, [path.resolve(__dirname, "../../scripts/pack.mjs"), "--check", f], { encoding: "utf8" });
    const ok = run(good);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/overlay records\s+3 \(1 replace built-in records, 2 added\)/);
    expect(ok.stdout).toContain("replaces instruments MOFCOM-61-2025");
    expect(ok.stdout).toContain(`overlay SHA-256        ${sha256(fs.readFileSync(good))}`);
    const no = run(bad);
    expect(no.status).toBe(1);
    expect(no.stderr).toMatch(/bad\.json: partner_tariffs\.json: record org-th-mfn-850511 \[schema\] \/records\/\d+\/rate_pct must be >= 0/);
  }, 60000);
});

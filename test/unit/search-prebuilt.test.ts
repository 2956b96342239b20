/**
 * The search index computed ahead of time (search-index.json, scripts/lib/search-index.cjs): as
 * JSON and back it answers every query exactly as the index built in the pane; a damaged file is
 * refused with a reason, never half-read; the pane takes it only for the data it was computed
 * from; and nothing in it depends on the day it was computed.
 */
import * as fs from "fs";
import * as path from "path";
import {
  buildIndex,
  restoreIndex,
  searchAll,
  serializeIndex,
  type SearchIndex,
  type SerializedIndex,
} from "../../src/taskpane/model/search";
import { KIND_ORDER, searchItems } from "../../src/taskpane/model/catalog";
import { acceptPrebuilt } from "../../src/taskpane/model/prebuilt";
import type { PackState } from "../../src/core/data/active";

const dir = path.resolve(__dirname, "../../src/data");
const datasets = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".json") && f !== "sources.json" && f !== "pack.json")
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))
  .sort((a, b) => (a.dataset < b.dataset ? -1 : 1));
const fns = [
  {
    id: "CN_LICENSE_REQUIRED",
    name: "CN_LICENSE_REQUIRED",
    description: "Whether China's 0.1% rule requires a licence",
    parameters: [{ name: "ratio" }],
  },
  {
    id: "TARIFF_RATE",
    name: "TARIFF_RATE",
    description: "Total tariff rate on a line from an origin on a date",
    parameters: [{ name: "hts" }, { name: "origin" }],
  },
];
const templates = [{ id: "bom-screen", title: "BOM exposure screen (China 0.1% rule)", description: "Per product" }];
const items = () => searchItems(datasets as never, fns as never, templates);
const built = buildIndex(items(), KIND_ORDER);
const file = (): SerializedIndex => JSON.parse(JSON.stringify(serializeIndex(built)));
const restored = restoreIndex(file()) as SearchIndex;

/** Everything a user sees of a search: groups, hits in order with score and matched words, "+N more", unknown words. */
function seen(idx: SearchIndex, q: string) {
  const r = searchAll(idx, q, { perGroup: 4 });
  return {
    partial: r.partial,
    unknown: r.unknown,
    groups: r.groups.map((g) => ({
      kind: g.kind,
      more: g.more,
      hits: g.hits.map((h) => [h.item.key, h.item.label, h.item.hint, h.score, h.matched]),
    })),
  };
}

// The queries the pane is asked in its tests and bench, every prefix of each, and some typos.
const QUERIES = [
  "dysprosium",
  "NdFeB magnet tariff China",
  "Annex 70 suspension",
  "processing share",
  "separation capacity",
  "terbium price 2025",
  "Japan tariff",
  "gallium",
  "Lynas",
  "China counter tariff",
  "China tariff US goods",
  "Thailand tariff US goods",
  "magnet production",
  "terbium",
  "0.1%",
  "0.1% rule",
  "Ann. 70",
  "No. 70",
  "8505.11",
  "8505.11.00.70",
  "germanium",
  "burma",
  "hhi",
  "section 301",
  "terbum",
  "neodymum oxide",
  "TRADE.TARIFF_RATE",
  "bom",
  "price_usd_kg",
  "2846.90",
];
const ALL = [...new Set(QUERIES.flatMap((q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1))))];

test("restored from its JSON, the index answers every query (and every prefix typed on the way) exactly as the one built here", () => {
  expect(typeof restored).toBe("object");
  expect(ALL.length).toBeGreaterThan(300);
  for (const q of ALL) expect({ q, ...seen(restored, q) }).toEqual({ q, ...seen(built, q) });
});

test("the file keeps what results show, not the words only the postings need, and is compact", () => {
  const f = file();
  expect(f.items).toHaveLength(built.entries.length);
  for (const it of f.items) {
    expect(it).not.toHaveProperty("text");
    expect(it).not.toHaveProperty("keywords");
  }
  const dy = f.items.find((i) => i.key === "entity:element:Dy");
  expect(dy).toMatchObject({ kind: "element", label: "Dysprosium", codes: ["Dy"] });
  // Every (word, item) pair is there once: as many postings as the built index has.
  expect(f.postings.reduce((n, p) => n + p.length, 0)).toBe(built.postItem.length);
  // Smaller than the same postings as [item, weight] pairs.
  const pairs = JSON.stringify(
    built.words.map((_, w) =>
      Array.from(built.postItem.slice(built.postStart[w], built.postStart[w + 1]), (i, k) => [
        i,
        built.postWeight[built.postStart[w] + k],
      ]).flat(),
    ),
  );
  expect(JSON.stringify(f.postings).length).toBeLessThan(pairs.length * 0.6);
});

describe("a damaged file is refused with a reason, never half-read", () => {
  const cases: [string, (f: SerializedIndex) => unknown][] = [
    ["not an object", () => "[]"],
    ["another format", (f) => ({ ...f, format: "trade-search-index/0" })],
    ["no tieRank", (f) => ({ ...f, tieRank: undefined })],
    ["a tieRank that repeats a rank", (f) => ({ ...f, tieRank: f.tieRank.map((r) => (r === 1 ? 0 : r)) })],
    ["an unsorted vocabulary", (f) => ({ ...f, words: [...f.words].reverse() })],
    ["fewer postings than words", (f) => ({ ...f, postings: f.postings.slice(1) })],
    ["a posting past the last item", (f) => ({ ...f, postings: [...f.postings.slice(0, -1), [f.items.length * f.weights.length]] })],
    ["a posting that is not a whole number", (f) => ({ ...f, postings: [[0.5], ...f.postings.slice(1)] })],
    ["a word without postings", (f) => ({ ...f, postings: [[], ...f.postings.slice(1)] })],
    ["an item twice", (f) => ({ ...f, items: [f.items[0], ...f.items.slice(0, -1)] })],
    ["an item without a label", (f) => ({ ...f, items: [{ ...f.items[0], label: undefined }, ...f.items.slice(1)] })],
    ["an item whose codes are not a list", (f) => ({ ...f, items: [{ ...f.items[0], codes: "Dy" as never }, ...f.items.slice(1)] })],
    ["an item whose names hold a number", (f) => ({ ...f, items: [{ ...f.items[0], names: [7 as never] }, ...f.items.slice(1)] })],
    ["an item with a weight of zero", (f) => ({ ...f, items: [{ ...f.items[0], weight: 0 }, ...f.items.slice(1)] })],
    ["an item whose order is not a number", (f) => ({ ...f, items: [{ ...f.items[0], order: "1" as never }, ...f.items.slice(1)] })],
    ["no weights", (f) => ({ ...f, weights: [] })],
    ["a negative weight", (f) => ({ ...f, weights: f.weights.map((w, i) => (i === 0 ? -w : w)) })],
  ];
  test.each(cases)("%s", (_what, damage) => {
    const r = restoreIndex(damage(file()));
    expect(typeof r).toBe("string");
    expect((r as string).length).toBeGreaterThan(5);
  });
});

describe("the pane takes it only for the data it was computed from", () => {
  const sha = "a".repeat(64);
  const header = { addinVersion: "1.2.3", pack: { version: "2026.12.07", sha256: sha } };
  const state = (over: Partial<PackState> = {}): PackState => ({
    version: "2026.12.07",
    compiled: "2026-12-07",
    minAddinVersion: "1.0.0",
    sha256: sha,
    origin: "bundled",
    horizons: { china: "", us: "", partners: {} },
    ...over,
  });
  const f = () => ({ ...file(), ...header });

  test("same add-in version, same pack (SHA-256), no overlay: the index", () => {
    const r = acceptPrebuilt(f(), state(), "1.2.3");
    expect(typeof r).toBe("object");
    expect(seen(r as SearchIndex, "dysprosium")).toEqual(seen(built, "dysprosium"));
  });
  test.each([
    ["another add-in version", () => acceptPrebuilt(f(), state(), "1.2.4"), /add-in 1\.2\.3, this is 1\.2\.4/],
    [
      "another pack (a published update)",
      () => acceptPrebuilt(f(), state({ version: "2026.12.15", sha256: "b".repeat(64), origin: "update" }), "1.2.3"),
      /data pack 2026\.12\.07, the active one is 2026\.12\.15/,
    ],
    ["a pack without a known SHA-256 (outside a build)", () => acceptPrebuilt(f(), state({ sha256: null }), "1.2.3"), /data pack/],
    [
      "an organisation overlay on the same pack",
      () =>
        acceptPrebuilt(
          f(),
          state({ overlay: { organisation: "Acme", version: "1", sha256: "c".repeat(64), file: "o.json", sources: [] } as never }),
          "1.2.3",
        ),
      /overlay/,
    ],
    ["no file (it could not be read)", () => acceptPrebuilt(null, state(), "1.2.3"), /no index file/],
    ["a file that names no pack", () => acceptPrebuilt({ ...file(), addinVersion: "1.2.3" }, state(), "1.2.3"), /names no data pack/],
  ])("%s: refused, with why", (_what, run, why) => {
    const r = run();
    expect(typeof r).toBe("string");
    expect(r).toMatch(why);
  });
  test("an index the shell's search already restored from the file is taken as it is, and only when the file is for the active data", () => {
    const restored = restoreIndex(f()) as SearchIndex;
    expect(acceptPrebuilt(f(), state(), "1.2.3", restored)).toBe(restored);
    expect(acceptPrebuilt(f(), state(), "1.2.4", restored)).toMatch(/add-in 1\.2\.3, this is 1\.2\.4/);
    expect(acceptPrebuilt(f(), state({ version: "2026.12.15", sha256: "b".repeat(64), origin: "update" }), "1.2.3", restored)).toMatch(/data pack/);
  });
});

test("nothing in it depends on the day it is computed (the build's day is not the user's)", () => {
  jest.useFakeTimers({ now: new Date("2026-12-07T10:00:00Z") });
  const a = JSON.stringify(serializeIndex(buildIndex(items(), KIND_ORDER)));
  jest.setSystemTime(new Date("2031-06-30T23:00:00Z"));
  const b = JSON.stringify(serializeIndex(buildIndex(items(), KIND_ORDER)));
  jest.useRealTimers();
  expect(b).toBe(a);
});

test("ties are broken in English collation whatever the runtime's language (prebuilt and pane-built agree)", () => {
  const two = [
    { key: "b", kind: "k", kindLabel: "K", label: "éclair" },
    { key: "a", kind: "k", kindLabel: "K", label: "Zebra" },
    { key: "c", kind: "k", kindLabel: "K", label: "apple" },
  ];
  const idx = buildIndex(two);
  // English collation: apple < éclair < Zebra (code-unit order would put "Zebra" first and "éclair" last).
  expect(Array.from(idx.tieRank)).toEqual([1, 2, 0]);
});

test("function names are ordered as an English collation orders them: '_' before letters and digits", () => {
  const { byFunctionName } = require("../../src/taskpane/model/order") as typeof import("../../src/taskpane/model/order");
  const names = [
    "TARIFFS",
    "TARIFF_STACK",
    "CNX",
    "CN_LICENSE_REQUIRED",
    "CN_CONTROLLED_VALUE",
    "HHI",
    "TARIFF_RATE",
    "A1",
    "A_1",
    "RAREEARTH_SHARE",
    "REF",
  ];
  const en = new Intl.Collator("en");
  expect(
    names
      .map((name) => ({ name }))
      .sort(byFunctionName)
      .map((f) => f.name),
  ).toEqual([...names].sort(en.compare));
});

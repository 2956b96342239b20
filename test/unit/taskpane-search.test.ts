/** The task pane's search index and catalog (pure; the data pack's real kinds). */
import { DID_YOU_MEAN, buildIndex, search, searchAll, type SearchItem } from "../../src/taskpane/model/search";
import { KIND_ORDER, datasetTable, searchItems, serialToIso } from "../../src/taskpane/model/catalog";
import { chinaShareByStage, instrumentLanes, productionByCountry } from "../../src/taskpane/model/pictures";
import production from "../../src/data/production.json";
import stages from "../../src/data/stage_shares.json";
import instruments from "../../src/data/instruments.json";

const toy: SearchItem[] = [
  { key: "e:Dy", kind: "element", kindLabel: "Elements", label: "Dysprosium", codes: ["Dy"] },
  { key: "e:Nd", kind: "element", kindLabel: "Elements", label: "Neodymium", codes: ["Nd"] },
  { key: "c:MM", kind: "country", kindLabel: "Countries", label: "Myanmar", codes: ["MM", "MMR"], names: ["Burma"] },
  { key: "h:850511", kind: "hs", kindLabel: "HS", label: "HS 850511", codes: ["850511"] },
  { key: "h:850519", kind: "hs", kindLabel: "HS", label: "HS 850519", codes: ["850519"] },
];

describe("search (toy index)", () => {
  const idx = buildIndex(toy);
  const top = (q: string) => search(idx, q)[0]?.hits[0]?.item.key;
  test("exact code wins, any case, dots ignored", () => {
    expect(top("dy")).toBe("e:Dy");
    expect(top("8505.11")).toBe("h:850511");
    expect(top("mmr")).toBe("c:MM");
  });
  test("numeric prefix finds both lines", () => {
    expect(search(idx, "8505")[0].hits.map((h) => h.item.key).sort()).toEqual(["h:850511", "h:850519"]);
  });
  test("name prefix, alias, one typo; no letter skipping", () => {
    expect(top("dysp")).toBe("e:Dy");
    expect(top("burma")).toBe("c:MM");
    expect(top("dysprosim")).toBe("e:Dy"); // one deletion
    expect(top("neodynium")).toBe("e:Nd"); // one substitution
    expect(top("dysprsm")).toBeUndefined(); // letters skipped: not a match
  });
  test("numbers and words of four letters or fewer never match by a typo", () => {
    expect(search(idx, "8501")).toEqual([]); // not 8505 (one substitution)
    expect(top("dz")).toBeUndefined();
    expect(top("mymr")).toBeUndefined();
  });
  test("every word must match, in any order", () => {
    const two = buildIndex([
      { key: "a", kind: "x", kindLabel: "X", label: "Terbium oxide", keywords: ["price_usd_kg"] },
      { key: "b", kind: "x", kindLabel: "X", label: "Terbium" },
      { key: "c", kind: "x", kindLabel: "X", label: "Cerium oxide", keywords: ["price_usd_kg"] },
    ]);
    expect(search(two, "price terbium").flatMap((g) => g.hits.map((h) => h.item.key))).toEqual(["a"]);
    expect(search(two, "terbium").flatMap((g) => g.hits.map((h) => h.item.key))).toEqual(["b", "a"]); // exact name first
  });
  test("no match → no groups; empty query → nothing", () => {
    expect(search(idx, "zzzz")).toEqual([]);
    expect(search(idx, "  ")).toEqual([]);
  });
  test("kind: prefix restricts", () => {
    expect(search(idx, "country:").map((g) => g.kind)).toEqual(["country"]);
  });
});

describe("what modellers type, over the whole real index", () => {
  const fns = [
    { id: "HHI", name: "HHI", description: "Herfindahl–Hirschman index (0–10,000) of market shares" },
    { id: "HHI_CLASS", name: "HHI_CLASS", description: "US merger-guidelines band of an HHI" },
  ];
  const idx = buildIndex(searchItems([production as never, instruments as never], fns, [{ id: "bom", title: "BOM exposure screen", description: "China's 0.1% rule per product" }]), KIND_ORDER);
  const keys = (q: string) => search(idx, q).flatMap((g) => g.hits.map((h) => h.item.key));
  const first = (q: string) => [...search(idx, q)].flatMap((g) => g.hits).sort((a, b) => b.score - a.score)[0]?.item.key;
  test("neodymium magnet tariff → the sintered NdFeB line 8505.11.00.70", () => {
    expect(first("neodymium magnet tariff")).toBe("entity:hts:8505110070");
  });
  test("NdFeB finds sintered NdFeB 8505.11.00.70 (spelled neodymium-iron-boron in the HTS)", () => {
    expect(keys("NdFeB")).toContain("entity:hts:8505110070");
  });
  test("announcement 61 → MOFCOM Ann. 61/2025 first", () => {
    expect(first("announcement 61")).toBe("entity:instrument:MOFCOM-61-2025");
  });
  test("terbium price → the priced Tb oxide", () => {
    expect(first("terbium price")).toBe("entity:product:TB_OXIDE");
  });
  test("suspension → the suspending instruments (Ann. 70/2025)", () => {
    expect(keys("suspension")).toContain("entity:instrument:MOFCOM-70-2025");
  });
  test("8505 brings 8505 lines only, never 8501 motors", () => {
    const k = keys("8505").filter((x) => x.startsWith("entity:hts:") || x.startsWith("entity:hs:"));
    expect(k.length).toBeGreaterThan(3);
    expect(k.every((x) => /:8505/.test(x))).toBe(true);
  });
  test("HHI brings the HHI functions, not the Philippines or Hong Kong", () => {
    expect(first("HHI")).toBe("function:HHI");
    expect(keys("HHI")).not.toContain("entity:country:PH");
    expect(keys("HHI")).not.toContain("entity:country:HK");
  });
  test("USGS never matches 'uses' by a typo", () => {
    // Elements have a 'uses' field and USGS-based class fields: only the latter may match.
    const hits = search(idx, "usgs").flatMap((g) => g.hits);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => h.score >= 30)).toBe(true);
    expect(keys("usgs")).not.toContain("entity:country:US");
  });
  test("HS headings carry their descriptions as the hint", () => {
    const hs = search(idx, "850511").flatMap((g) => g.hits).find((h) => h.item.key === "entity:hs:850511");
    expect(hs?.item.hint).toMatch(/magnet/i);
  });
  test("+N more: the per-group limit counts the rest, expand lifts it", () => {
    const g = search(idx, "country:").find((x) => x.kind === "country")!;
    expect(g.hits).toHaveLength(6);
    expect(g.more).toBeGreaterThan(200);
    const all = search(idx, "country:", { expand: new Set(["country"]) }).find((x) => x.kind === "country")!;
    expect(all.hits.length).toBe(200);
  });
  test("templates are searchable by name", () => {
    expect(first("bom exposure")).toBe("template:bom");
  });
});

describe("catalog over the real data pack", () => {
  const idx = buildIndex(searchItems([production as never], [{ id: "HHI", name: "HHI", description: "Herfindahl" }]));
  test("dysprosium → the element Dy first", () => {
    const g = search(idx, "dysprosium");
    expect(g[0].hits[0].item.key).toBe("entity:element:Dy");
  });
  test("CN → China; the dataset and the function are searchable", () => {
    expect(search(idx, "CN")[0].hits[0].item.key).toBe("entity:country:CN");
    expect(search(idx, "production").some((g) => g.kind === "dataset")).toBe(true);
    expect(search(idx, "TRADE.HHI")[0].hits[0].item.key).toBe("function:HHI");
  });
  test("dataset table: every record a row, unit in the value header, a source line per cited source", () => {
    const t = datasetTable(production as never, "2026-11-30");
    expect(t.rows).toHaveLength((production as { records: unknown[] }).records.length);
    expect(t.columns.find((c) => c.header === "value")?.unit).toBe("t REO");
    expect(t.sources.some((s) => s.startsWith("S2: "))).toBe(true);
  });
  test("Excel serial → ISO: 45658 = 2025-01-01 (1900 system)", () => {
    expect(serialToIso(45658)).toBe("2025-01-01");
  });
});

describe("pictures data", () => {
  test("MCS 2026, 2024: China 270,000 t first, Other last, world 380,000 (USGS MCS 2026 table)", () => {
    const r = productionByCountry(production as never, "MCS 2026", 2024, (c) => c);
    expect(r.points[0]).toMatchObject({ code: "CN", value: 270000 });
    expect(r.points[r.points.length - 1].code).toBe("OTHER");
    expect(r.world?.value).toBe(380000);
  });
  test("China by stage: refining 91% (2024, IEA commentary) and magnets 94% are the latest observations", () => {
    const { current } = chinaShareByStage(stages as never);
    expect(current.find((s) => s.stage === "refining")).toMatchObject({ value: 0.91, year: 2024 });
    expect(current.find((s) => s.stage === "magnets")).toMatchObject({ value: 0.94 });
  });
  test("Ann. 61 lane: in force from 2025-10-09, suspended 2025-11-07 → 2026-11-10, unconfirmed after the horizon", () => {
    const lane = instrumentLanes(instruments as never, "2026-05-31").find((l) => l.id === "MOFCOM-61-2025")!;
    expect(lane.spans).toEqual([
      { from: "2025-10-09", to: null, kind: "in-force" },
      expect.objectContaining({ from: "2025-11-07", to: "2026-11-10", kind: "suspended" }),
    ]);
    expect(lane.status).toBe("unconfirmed after horizon");
    expect(lane.group).toBe("China");
  });
});

/**
 * Questions as modellers type them, over every dataset of the pack: partial matches rank (with the
 * words they matched), words in no record are named, direction and stage words reach the
 * importer-side tariffs and the stage shares, spelling neighbours stay in their own group, and the
 * tokens of the trade ("0.1%", "Annex 70", "8505.11") mean what they say.
 */
describe("questions over the whole pack", () => {
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  const dir = path.resolve(__dirname, "../../src/data");
  const datasets = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "sources.json" && f !== "pack.json")
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
  const fns = [
    { id: "CN_CONTROLLED_VALUE", name: "CN_CONTROLLED_VALUE", description: "Value of China-origin controlled content under the 0.1% rule" },
    { id: "TARIFF_RATE", name: "TARIFF_RATE", description: "Total tariff rate on a line from an origin on a date" },
  ];
  const idx = buildIndex(searchItems(datasets as never, fns, [{ id: "bom", title: "BOM exposure screen (China 0.1% rule)", description: "Per product" }]), KIND_ORDER);
  const hits = (q: string) => searchAll(idx, q, { perGroup: 4 }).groups.flatMap((g) => g.hits.map((h) => ({ key: h.item.key, group: g.kind, matched: h.matched })));
  const top = (q: string, n = 3) => hits(q).slice(0, n).map((h) => h.key);

  test("a four-word question shows its best partial answers, with the words each matched", () => {
    const r = searchAll(idx, "NdFeB magnet tariff China");
    expect(r.groups.length).toBeGreaterThan(0);
    expect(top("NdFeB magnet tariff China", 1)).toEqual(["entity:hts:8505110070"]);
    expect(r.partial).toBe(true);
    for (const g of r.groups) if (g.kind !== DID_YOU_MEAN) for (const h of g.hits) expect(h.matched?.length).toBeGreaterThan(0);
  });
  test.each([
    ["Annex 70 suspension", "entity:instrument:MOFCOM-70-2025"],
    ["terbium price 2025", "entity:product:TB_OXIDE"],
    ["Japan tariff", "entity:country:JP"],
    ["processing share", "stage:refining"],
    ["separation capacity", "stage:refining"],
  ])("%s → %s first", (q, key) => {
    expect(top(q, 1)).toEqual([key]);
  });
  test("partial hits rank by how many words they match: no hit with fewer words above one with more", () => {
    for (const q of ["terbium price 2025", "NdFeB magnet tariff China", "separation capacity Japan"]) {
      const list = searchAll(idx, q).groups.flatMap((g) => g.hits);
      const all = list.filter((h) => !h.matched).length;
      const counts = list.map((h) => h.matched?.length ?? 99);
      // Within each group, descending by words matched.
      for (const g of searchAll(idx, q).groups) {
        const c = g.hits.map((h) => h.matched?.length ?? 99);
        expect(c).toEqual([...c].sort((a, b) => b - a));
      }
      expect(all + counts.length).toBeGreaterThan(0);
    }
  });
  test.each(["gallium", "Lynas", "germanium"])("%s is named as not in the data (no results, no 'fewer words')", (q) => {
    const r = searchAll(idx, q);
    expect(r.unknown).toEqual([q.toLowerCase()]);
    expect(r.groups.filter((g) => g.kind !== DID_YOU_MEAN)).toEqual([]);
  });
  test("a word in no record next to known words: the known words still answer, the unknown one is named", () => {
    const r = searchAll(idx, "gallium price");
    expect(r.unknown).toEqual(["gallium"]);
    expect(r.groups.length).toBeGreaterThan(0);
  });
  test.each([
    ["China counter tariff", "partner:CN"],
    ["China tariff US goods", "partner:CN"],
    ["Thailand tariff US goods", "partner:TH"],
  ])("direction: %s reaches the importer-side tariffs (%s), not the US tariff on China", (q, key) => {
    expect(top(q, 1)).toEqual([key]);
    expect(top(q)).not.toContain("entity:country:CN");
  });
  test.each([
    ["processing", "stage:refining"],
    ["refining", "stage:refining"],
    ["separation", "stage:refining"],
    ["magnet production", "stage:magnets"],
    ["mining", "stage:mining"],
  ])("stage: %s → %s first", (q, key) => {
    expect(top(q, 1)).toEqual([key]);
  });
  test("partner tariffs are results of their own: importer × line", () => {
    const h = hits("TH 8505.11").find((x) => x.key.startsWith("partner:TH:"));
    expect(h?.key).toMatch(/^partner:TH:8505\.11/);
  });
  test("terbium: Terbium's results only; Erbium and Er oxide are not mixed in, nor offered when the exact search is strong", () => {
    const r = searchAll(idx, "terbium");
    const keys = r.groups.flatMap((g) => g.hits.map((h) => h.item.key));
    expect(keys[0]).toBe("entity:element:Tb");
    expect(keys.some((k) => /:Er\b|ER_OXIDE/i.test(k))).toBe(false);
    expect(r.groups.some((g) => g.kind === DID_YOU_MEAN)).toBe(false);
  });
  test("a misspelling gets its neighbours in the 'Did you mean' group only", () => {
    const r = searchAll(idx, "terbum");
    expect(r.groups.filter((g) => g.kind !== DID_YOU_MEAN)).toEqual([]);
    const dym = r.groups.find((g) => g.kind === DID_YOU_MEAN)!;
    expect(dym.hits[0].item.key).toBe("entity:element:Tb");
  });
  test.each(["0.1%", "0.1% rule", "0.1 % rule"])("%s → Ann. 61/2025 first", (q) => {
    expect(top(q, 1)).toEqual(["entity:instrument:MOFCOM-61-2025"]);
  });
  test("'0.1%' is one token: it does not match every record carrying a 0 or a 1", () => {
    const n = hits("0.1%").length;
    expect(n).toBeLessThan(20);
  });
  test.each(["Annex 70", "Ann. 70", "No. 70", "announcement 70", "ann 70"])("%s → Ann. 70/2025 first", (q) => {
    expect(top(q, 1)).toEqual(["entity:instrument:MOFCOM-70-2025"]);
  });
  test("8505.11: the NdFeB line 8505.11.00.70 among the first four, every 8505.11 line listed without '+N more'", () => {
    expect(top("8505.11", 4)).toContain("entity:hts:8505110070");
    const hts = searchAll(idx, "8505.11").groups.find((g) => g.kind === "hts")!;
    expect(hts.more).toBe(0);
    expect(hts.hits.every((h) => /:850511/.test(h.item.key))).toBe(true);
  });
});

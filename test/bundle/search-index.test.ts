/**
 * dist/search-index.json, the pane's search index computed by the build: it is for this build's
 * data pack and add-in version, lists this build's functions and templates, and answers as an index
 * built from the built files themselves (the pack file, functions.json, the template list) would.
 */
import * as fs from "fs";
import * as path from "path";
import { distDir } from "../harness";
import { buildIndex, restoreIndex, searchAll, type SearchIndex } from "../../src/taskpane/model/search";
import { KIND_ORDER, searchItems } from "../../src/taskpane/model/catalog";
import { byDatasetName, byFunctionName } from "../../src/taskpane/model/order";

const pkg = require("../../package.json") as { version: string };
const dist = distDir();
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(dist, f), "utf8"));

const file = read("search-index.json");
const latest = read("data/latest.json") as { version: string; file: string; sha256: string };
const functions = (read("functions.json") as { functions: { id: string; name: string; description: string }[] }).functions;
const templates = (read("templates/index.json") as { templates: { id: string; title: string; description: string }[] }).templates;

test("names this build's add-in version and data pack (the file and SHA-256 data/latest.json names)", () => {
  expect(file.addinVersion).toBe(pkg.version);
  expect(file.pack).toEqual({ version: latest.version, sha256: latest.sha256 });
});

test("lists every function of functions.json and every template of the build, once", () => {
  const idx = restoreIndex(file) as SearchIndex;
  expect(typeof idx).toBe("object");
  const keys = idx.entries.map((e) => e.item.key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(keys.filter((k) => k.startsWith("function:")).sort()).toEqual(functions.map((f) => `function:${f.id}`).sort());
  expect(keys.filter((k) => k.startsWith("template:")).sort()).toEqual(templates.map((t) => `template:${t.id}`).sort());
});

test("answers as an index built from the built pack file, functions.json and the template list", () => {
  const pack = read(`data/${latest.file}`) as { datasets: Record<string, { dataset: string; records?: unknown[] }> };
  const datasets = Object.values(pack.datasets)
    .filter((d) => Array.isArray(d.records) && d.dataset !== "sources")
    .sort(byDatasetName);
  const sorted = [...functions].sort(byFunctionName);
  const mine = buildIndex(
    searchItems(
      datasets as never,
      sorted as never,
      templates.map(({ id, title, description }) => ({ id, title, description })),
    ),
    KIND_ORDER,
  );
  const theirs = restoreIndex(file) as SearchIndex;
  const seen = (idx: SearchIndex, q: string) =>
    searchAll(idx, q, { perGroup: 4 }).groups.map((g) => [g.kind, g.more, g.hits.map((h) => [h.item.key, h.score, h.matched])]);
  for (const q of [
    "dysprosium",
    "NdFeB magnet tariff China",
    "0.1% rule",
    "8505.11",
    "Japan tariff",
    "bom",
    "tariff rate",
    "terbum",
    "processing share",
  ])
    expect(seen(theirs, q)).toEqual(seen(mine, q));
  // And the first answer is the one a user expects.
  expect(searchAll(theirs, "dysprosium").groups[0].hits[0].item.key).toBe("entity:element:Dy");
});

test("the pane lists this build's functions and datasets in the order an English collation gives, without a collator", () => {
  const en = new Intl.Collator("en");
  const names = functions.map((f) => f.name);
  expect(names.length).toBeGreaterThan(20);
  expect([...functions].sort(byFunctionName).map((f) => f.name)).toEqual([...names].sort(en.compare));
  const pack = read(`data/${latest.file}`) as { datasets: Record<string, { dataset: string }> };
  const ds = Object.values(pack.datasets).map((d) => d.dataset);
  expect([...ds].sort((a, b) => byDatasetName({ dataset: a }, { dataset: b }))).toEqual([...ds].sort(en.compare));
});

test("shell-search.js, the shell's search, holds the search and the list writer only: no React, no core, no data; it checks the file against this build's version and data pack", () => {
  const js = fs.readFileSync(path.join(dist, "shell-search.js"), "utf8");
  expect(js).not.toMatch(/__TRADE_CORE__|react|createElement\(\s*"div"/i);
  // Small beside the scripts it comes before (the data pack alone is hundreds of kilobytes).
  expect(js.length).toBeLessThan(40_000);
  expect(js).toContain(JSON.stringify(pkg.version));
  expect(js).toContain(JSON.stringify(latest.sha256));
  // Loaded without the loader's fetched file (no window.__paneFetched), it does nothing and throws nothing.
  const vm = require("vm") as typeof import("vm");
  expect(() => vm.runInNewContext(js, { window: {} })).not.toThrow();
});

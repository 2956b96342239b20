/**
 * The built dist/functions.js in a bare vm context, called the way Excel calls it.
 */
import * as fs from "fs";
import * as path from "path";
import { isExcelError, loadBundle, ShimError } from "../harness";

const { loadExamples } = require("../../scripts/function-docs.cjs") as { loadExamples: () => Record<string, { formula: string; args?: unknown[]; result?: unknown }[]> };
const pkg = require("../../package.json") as { version: string };

const b = loadBundle();

describe("bundle registration", () => {
  test("every function in functions.json is registered by associate, and nothing else", () => {
    const ids = b.metadata.functions.map((f) => f.id).sort();
    expect([...b.registry.keys()].sort()).toEqual(ids);
    expect(ids).toEqual(expect.arrayContaining(["HHI", "VERSION"]));
  });
  test("metadata: descriptions for every function and parameter, help URL to its reference entry", () => {
    for (const f of b.metadata.functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(f.description && f.description.length).toBeGreaterThan(10);
      expect(f.helpUrl).toMatch(new RegExp(`/help/functions\\.html#${f.id.toLowerCase()}$`));
      for (const p of f.parameters) expect((p.description ?? "").length).toBeGreaterThan(5);
    }
    expect(b.metadata.allowErrorForDataTypeAny).toBe(true);
  });
  test("the bundle is self-contained and touches no DOM at load", () => {
    const js = fs.readFileSync(path.join(b.dist, "functions.js"), "utf8");
    // No chunk loading, and no global window/document (a property named "window" on our own objects is fine).
    expect(js).not.toMatch(/importScripts|__webpack_require__\.e\(|(?<![.\w$])(?:document|window|self|localStorage)\./);
    // pane.*.js are the task pane's on-demand views, never loaded by functions.js; pack-check.js is
    // the data-pack checker functions.js starts as a worker only when the host publishes other data;
    // boot.js is taskpane.html's loader (no webpack chunk: a copied file that starts the others);
    // shell-search.js is the static shell's search, the first script it starts.
    const chunks = fs.readdirSync(b.dist).filter((f) => /\.js$/.test(f) && !/^pane\./.test(f));
    expect(chunks.sort()).toEqual(["boot.js", "commands.js", "functions.js", "pack-check.js", "shell-search.js", "taskpane.js"]);
    expect(fs.readFileSync(path.join(b.dist, "boot.js"), "utf8")).not.toMatch(/__webpack_require__|import\(/);
    expect(fs.readFileSync(path.join(b.dist, "shell-search.js"), "utf8")).not.toMatch(/importScripts|__webpack_require__\.e\(/);
    const worker = fs.readFileSync(path.join(b.dist, "pack-check.js"), "utf8");
    expect(worker).not.toMatch(/importScripts|__webpack_require__\.e\(|(?<![.\w$])(?:document|window)\./);
  });
});

describe("HHI through the bundle", () => {
  test("issue's acceptance: shares 40/30/20/10 → 3000", () => {
    expect(b.call("HHI", [[40], [30], [20], [10]])).toBe(3000);
    expect(b.call("HHI", [[40, 30, 20, 10]])).toBe(3000);
  });
  test("a single value given to a matrix parameter", () => {
    expect(b.call("HHI", 1)).toBe(10000);
  });
  test("errors as Excel error values with messages", () => {
    const neg = b.call("HHI", [[10], [-1]]);
    expect(isExcelError(neg, "#NUM!")).toBe(true);
    const txt = b.call("HHI", [[10], ["abc"]]) as ShimError;
    expect(isExcelError(txt, "#VALUE!")).toBe(true);
    expect(txt.message).toContain("shares_or_values");
    const inErr = b.call("HHI", [[10], [{ code: "#N/A" }]]);
    expect(isExcelError(inErr, "#N/A")).toBe(true);
  });
  test("all blank → empty string, not 0", () => {
    expect(b.call("HHI", [[null], [""]])).toBe("");
  });
  test("VERSION is package.json's", () => {
    expect(b.call("VERSION")).toBe(pkg.version);
  });
});

describe("worked examples in the function reference", () => {
  const examples = loadExamples();
  const cases: [string, string, unknown[], unknown][] = [];
  for (const [id, list] of Object.entries(examples)) for (const e of list) if (e.args && "result" in e) cases.push([id, e.formula, e.args, e.result]);
  test.each(cases)("%s: %s", (id, _formula, args, result) => {
    const got = b.call(id, ...args);
    if (typeof result === "number") expect(got as number).toBeCloseTo(result, 6);
    else if (typeof result === "string" && /^#[A-Z/0!?]+/.test(result)) expect(isExcelError(got, result)).toBe(true);
    else expect(got).toEqual(result);
  });
  test("every example names a function that exists", () => {
    for (const id of Object.keys(examples)) expect(b.registry.has(id)).toBe(true);
  });
  test("every function has at least one worked example in the reference", () => {
    const without = b.metadata.functions.filter((f) => !(examples[f.id] && examples[f.id].length)).map((f) => f.id);
    expect(without).toEqual([]);
  });
});

/**
 * The direction of imports in src: the core at the bottom, the data-pack checker, templates and the
 * Office room above it, the pane and the custom-function facades on top. A lower layer never imports
 * a higher one (so the Office room can be tested with the core alone, and the core runs anywhere).
 * Read from the source files themselves, every static and dynamic import.
 */
import * as fs from "fs";
import * as path from "path";

const SRC = path.resolve(__dirname, "../../src");

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The top folder under src of every relative import of `file` ("core", "office", ...). */
function importedLayers(file: string): { spec: string; layer: string }[] {
  const text = fs.readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*(?:\/\*[^*]*\*\/\s*)?)["'](\.[^"']+)["']/g)].map((m) => m[1]);
  return specs.map((spec) => {
    const rel = path.relative(SRC, path.resolve(path.dirname(file), spec));
    return { spec, layer: rel.startsWith("..") ? "(outside src)" : rel.split(path.sep)[0] };
  });
}

/** Which layers each layer may import (itself included). */
const ALLOWED: Record<string, string[]> = {
  core: ["core", "data"],
  pack: ["core", "pack", "data"],
  templates: ["core", "templates", "data"],
  office: ["core", "pack", "templates", "office"],
};

describe("layers: imports run downwards only", () => {
  for (const [layer, allowed] of Object.entries(ALLOWED)) {
    test(`src/${layer} imports only ${allowed.join(", ")}`, () => {
      const bad: string[] = [];
      for (const f of files(path.join(SRC, layer))) {
        for (const { spec, layer: to } of importedLayers(f)) {
          if (!allowed.includes(to)) bad.push(`${path.relative(SRC, f)} → ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  test("the Office room's insert blocks come from the core", () => {
    const text = fs.readFileSync(path.join(SRC, "office/insert.ts"), "utf8");
    expect(text).toMatch(/from "\.\.\/core\/blocks"/);
  });
});

/**
 * REF's entity kinds are one explicit list (src/core/ref/kinds/index.ts): any
 * module of the registry sees every kind, whichever is imported first, with no
 * import for side effects.
 */
import * as fs from "fs";
import * as path from "path";

describe("the entity kinds", () => {
  test("are listed once, in priority order", () => {
    const { ENTITY_KINDS } = require("../../src/core/ref/kinds");
    expect(ENTITY_KINDS.map((k: { kind: string }) => k.kind)).toEqual(["country", "element", "aggregate", "product", "hs", "instrument", "hts"]);
  });

  test("the registry alone, loaded first, resolves every kind (no registration on import)", () => {
    jest.isolateModules(() => {
      const reg = require("../../src/core/ref/registry");
      const kinds: Record<string, string> = {
        CN: "country",
        Dy: "element",
        World: "aggregate",
        "Dy oxide": "product",
        "850511": "hs",
        "MOFCOM-61-2025": "instrument",
        "8505.11.00.70": "hts",
      };
      for (const [text, kind] of Object.entries(kinds)) expect([text, reg.resolveEntity(text)?.kind]).toEqual([text, kind]);
    });
  });

  test('"kind:text" picks one kind; ties go to the earlier kind ("Er" is erbium, "country:ER" Eritrea)', () => {
    const { resolveEntity, resolveEntities } = require("../../src/core/ref");
    expect(resolveEntity("Er")).toMatchObject({ kind: "element", id: "Er" });
    expect(resolveEntities("Er").map((e: { kind: string }) => e.kind)).toContain("country");
    expect(resolveEntity("country:ER")).toMatchObject({ kind: "country", id: "ER" });
  });

  test("no module in src registers a kind or imports one for its side effects", () => {
    const hits: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f.name)) {
          const src = fs.readFileSync(p, "utf8");
          if (/registerEntityKind|^import\s+["'][^"']*core\/(data|ref)[^"']*["'];/m.test(src)) hits.push(path.relative(process.cwd(), p));
        }
      }
    };
    walk(path.join(__dirname, "../../src"));
    expect(hits).toEqual([]);
  });
});

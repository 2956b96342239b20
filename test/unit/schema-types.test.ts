/**
 * The datasets' TypeScript types come from their JSON Schemas: the generated
 * src/core/data/schemas.generated.ts must match src/data/schema/*.schema.json.
 */
import * as fs from "fs";
import * as path from "path";

const { render, OUT } = require("../../scripts/gen-schema-types.cjs") as { render: (dir?: string) => string; OUT: string };

test("src/core/data/schemas.generated.ts is up to date (run `node scripts/gen-schema-types.cjs`)", () => {
  expect(fs.readFileSync(OUT, "utf8")).toBe(render());
});

test("every schema has its `as const` copy and a FromSchema type", () => {
  const text = render();
  const dir = path.resolve(__dirname, "../../src/data/schema");
  const names = fs.readdirSync(dir).filter((f) => f.endsWith(".schema.json"));
  expect(names.length).toBeGreaterThan(0);
  for (const f of names) {
    const stem = f.slice(0, -".schema.json".length);
    const camel = stem.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    const pascal = camel[0].toUpperCase() + camel.slice(1);
    expect(text).toContain(`export const ${camel}Schema = `);
    expect(text).toContain(`export type ${pascal}Doc = FromSchema<typeof ${camel}Schema>;`);
  }
});

test("a schema change shows up as a stale file", () => {
  const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "schemas-"));
  const src = path.resolve(__dirname, "../../src/data/schema");
  for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(tmp, f));
  const p = path.join(tmp, "hs.schema.json");
  const s = JSON.parse(fs.readFileSync(p, "utf8"));
  s.properties.nomenclature = { const: "HS 2027" };
  fs.writeFileSync(p, JSON.stringify(s));
  expect(render(tmp)).not.toBe(render());
  expect(render(tmp)).toContain('"const": "HS 2027"');
});

/**
 * The lint rule of eslint.config.mjs that keeps every Office.js call in
 * src/office/: fixtures linted through ESLint's Node API with the repository's
 * own config (in a child process, since the config is an ES module).
 */
import { spawnSync } from "child_process";
import * as path from "path";

const root = path.resolve(__dirname, "../..");

/** Lints `code` as if it were the file `file` (relative to the repository); returns "line:rule" per problem. */
function lintAs(cases: Record<string, string>): Record<string, string[]> {
  const script = `
    import { ESLint } from "eslint";
    const cases = JSON.parse(process.env.LINT_CASES);
    const eslint = new ESLint({ cwd: process.cwd() });
    const out = {};
    for (const [file, code] of Object.entries(cases)) {
      const [r] = await eslint.lintText(code, { filePath: file });
      out[file] = r.messages.map((m) => m.line + ":" + (m.ruleId ?? m.message));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    env: { ...process.env, LINT_CASES: JSON.stringify(cases) },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`eslint failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const VALUE_USES = [
  "export const a = Office.context;",
  "export const b = (globalThis as { Office?: typeof Office }).Office;",
  "export const c = () => Excel.run(async () => undefined);",
  "export const d = OfficeRuntime.storage;",
  "export const e = window.Excel;",
  'export const f = globalThis["Office"];',
  "const { Office: g } = globalThis as unknown as { Office: unknown };\nexport { g };",
  "export const h = (self as unknown as { OfficeRuntime: unknown })!.OfficeRuntime;",
];

const TYPE_USES = [
  "export type R = Excel.Range;",
  "export type O = typeof Office;",
  "export function f(ctx: Excel.RequestContext): Excel.RequestContext { return ctx; }",
  'export const label = { Excel: "x" }.Excel + "Office";',
];

describe("lint: Office.js globals only in src/office/", () => {
  const cases: Record<string, string> = {};
  VALUE_USES.forEach((code, i) => {
    cases[`src/taskpane/components/Fixture${i}.tsx`] = code;
    cases[`src/office/fixture${i}.ts`] = code;
    cases[`src/templates/fixture${i}.ts`] = code;
  });
  TYPE_USES.forEach((code, i) => (cases[`src/taskpane/model/typeFixture${i}.ts`] = code));
  let res: Record<string, string[]>;
  beforeAll(() => {
    res = lintAs(cases);
  }, 60_000);

  test.each(VALUE_USES.map((code, i) => [code, i]))("a value use outside src/office is an error: %s", (_code, i) => {
    for (const dir of ["src/taskpane/components/Fixture", "src/templates/fixture"]) {
      const file = `${dir}${i}.${dir.includes("components") ? "tsx" : "ts"}`;
      expect(res[file].some((m) => /no-restricted-(globals|syntax)$/.test(m))).toBe(true);
    }
  });

  test.each(VALUE_USES.map((code, i) => [code, i]))("the same code inside src/office passes: %s", (_code, i) => {
    expect(res[`src/office/fixture${i}.ts`].filter((m) => /no-restricted/.test(m))).toEqual([]);
  });

  test.each(TYPE_USES.map((code, i) => [code, i]))("type positions and unrelated names pass: %s", (_code, i) => {
    expect(res[`src/taskpane/model/typeFixture${i}.ts`].filter((m) => /no-restricted/.test(m))).toEqual([]);
  });
});

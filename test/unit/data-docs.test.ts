/** docs/data.md is generated from the data pack; this fails when the checked-in copy is stale. */
import * as fs from "fs";
import * as path from "path";

const { render, OUT } = require("../../scripts/gen-data-docs.cjs") as { render: () => string; OUT: string };

test("docs/data.md is up to date (run `node scripts/gen-data-docs.cjs`)", () => {
  expect(fs.existsSync(OUT)).toBe(true);
  expect(fs.readFileSync(OUT, "utf8")).toBe(render());
});

test("docs/data.md names every dataset, the horizon and what is unconfirmed", () => {
  const md = render();
  for (const f of fs.readdirSync(path.resolve(__dirname, "../../src/data")).filter((n) => n.endsWith(".json") && n !== "pack.json"))
    expect(md).toContain(`## ${f.slice(0, -5)}`);
  expect(md).toMatch(/Data horizon \*\*2026-05-31\*\*/);
  expect(md).toMatch(/Data version \*\*2026\.12\.07\*\* \(src\/data\/pack\.json\)/);
  expect(md).toContain("MCS2024-RU-reserves: status unconfirmed");
  expect(md).toMatch(/\| S2 \| Mineral Commodity Summaries 2026: Rare Earths \(v1\.3\), U\.S\. Geological Survey, 2026-05-27, https:/);
});

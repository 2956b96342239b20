/**
 * npm run docs: regenerates the checked-in references from their sources.
 *  - docs/functions.md from dist/functions.json (run `npm run build:test`, or a production build, first) and
 *    src/functions/examples/*.json
 *  - docs/data.md from the data pack (scripts/gen-data-docs.cjs), when present
 * `--check` writes nothing and exits 1 when a file is stale (used by npm test).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
const dist = resolve(root, process.env.DIST_DIR || "dist");
const { renderMarkdown } = require("./function-docs.cjs");

const outputs = [];
const metaPath = join(dist, "functions.json");
if (!existsSync(metaPath)) {
  console.error(`docs: ${metaPath} is missing; run \`npm run build:test\` first`);
  process.exit(1);
}
outputs.push(["docs/functions.md", renderMarkdown(JSON.parse(readFileSync(metaPath, "utf8"))) + "\n"]);
const dataDocs = join(root, "scripts", "gen-data-docs.cjs");
if (existsSync(dataDocs)) {
  const mod = require(dataDocs);
  if (typeof mod.render === "function") outputs.push(["docs/data.md", mod.render()]);
}

let stale = 0;
for (const [rel, text] of outputs) {
  const file = join(root, rel);
  const old = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (old === text) {
    console.log(`docs: ${rel} is up to date`);
    continue;
  }
  if (check) {
    stale++;
    console.error(`docs: ${rel} is stale; run \`npm run build:test\`, then \`npm run docs\`, and commit it`);
  } else {
    writeFileSync(file, text);
    console.log(`docs: wrote ${rel}`);
  }
}
process.exit(stale ? 1 : 0);

/**
 * npm run manifest: keeps the two checked-in manifests in step with their sources.
 *   - manifest.xml's <Version> is set from package.json's version (x.y.z → x.y.z.0);
 *   - manifest.dev.xml is regenerated from manifest.xml (own <Id>, "(dev)" names).
 * `npm version` runs it (package.json "version" script) and stages both files, so a version bump
 * carries the manifests along. With --check it changes nothing and exits 1 when either file is
 * stale (scripts/validate-manifest.mjs runs that check).
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { developmentManifest, officeVersion } = require("./lib/manifest.cjs");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The expected contents of manifest.xml and manifest.dev.xml, from manifest.xml and package.json. */
export function expectedManifests(dir = root) {
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const source = readFileSync(join(dir, "manifest.xml"), "utf8");
  const prod = source.replace(/<Version>[^<]*<\/Version>/, `<Version>${officeVersion(version)}</Version>`);
  return { "manifest.xml": prod, "manifest.dev.xml": developmentManifest(prod, { version }) };
}

/** The files among manifest.xml and manifest.dev.xml whose contents are not the expected ones. */
export function staleManifests(dir = root) {
  const want = expectedManifests(dir);
  const read = (f) => {
    try {
      return readFileSync(join(dir, f), "utf8");
    } catch {
      return null;
    }
  };
  return Object.keys(want).filter((f) => read(f) !== want[f]);
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes("--check")) {
    const stale = staleManifests();
    if (stale.length) {
      console.error(`manifest: ${stale.join(" and ")} out of date with manifest.xml/package.json: run \`npm run manifest\``);
      process.exit(1);
    }
    console.log("manifest: manifest.xml and manifest.dev.xml are up to date");
    return;
  }
  const want = expectedManifests();
  for (const [f, text] of Object.entries(want)) writeFileSync(join(root, f), text);
  console.log(`manifest: wrote ${Object.keys(want).join(", ")}`);
  // `npm version` commits what is staged after its "version" script: stage both manifests.
  if (args.includes("--git-add")) {
    const r = spawnSync("git", ["add", ...Object.keys(want)], { cwd: root, stdio: "inherit" });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

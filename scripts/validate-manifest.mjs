/**
 * Offline manifest validation (office-addin-manifest validate needs a network
 * service): xmllint against the XSDs in ../shared/schemas/office-addin-manifest/
 * plus our own structural checks that a schema cannot express.
 *
 * Usage: node scripts/validate-manifest.mjs [manifest.xml ...]
 * Checks every given manifest (default: manifest.xml and, if built, dist/manifest.xml).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = process.env.MANIFEST_SCHEMA_DIR || resolve(root, "..", "shared", "schemas", "office-addin-manifest");
const files = process.argv.slice(2).length ? process.argv.slice(2) : ["manifest.xml", ...(existsSync(join(root, "dist", "manifest.xml")) ? ["dist/manifest.xml"] : [])];

/** Structural checks; returns a list of problems. Exported for tests through a dynamic import. */
export function structuralProblems(xml, { baseDir = root, dev = true } = {}) {
  const problems = [];
  const ids = new Map();
  for (const m of xml.matchAll(/<bt:(Url|Image|String)\s+id="([^"]+)"\s+DefaultValue="([^"]*)"/g)) {
    if (ids.has(m[2])) problems.push(`resource id "${m[2]}" is defined twice`);
    ids.set(m[2], { kind: m[1], value: m[3] });
  }
  for (const m of xml.matchAll(/\bresid="([^"]+)"/g)) {
    if (!ids.has(m[1])) problems.push(`resid "${m[1]}" is used but not defined in <Resources>`);
    if (m[1].length > 32) problems.push(`resid "${m[1]}" is longer than 32 characters`);
  }
  // Shared runtime: Runtime, custom-functions Page and FunctionFile use the same resid, lifetime long.
  const runtime = /<Runtime\s+resid="([^"]+)"([^>]*)\/?>/.exec(xml);
  if (!runtime) problems.push("no <Runtime> (shared runtime) element");
  else {
    if (!/lifetime="long"/.test(runtime[2])) problems.push('<Runtime> must have lifetime="long"');
    const page = /<Page>\s*<SourceLocation\s+resid="([^"]+)"/.exec(xml);
    const ff = /<FunctionFile\s+resid="([^"]+)"/.exec(xml);
    if (!page || page[1] !== runtime[1]) problems.push(`custom functions <Page> resid must equal the Runtime resid "${runtime[1]}"`);
    if (!ff || ff[1] !== runtime[1]) problems.push(`<FunctionFile> resid must equal the Runtime resid "${runtime[1]}"`);
    const hostIdx = xml.indexOf('<Host xsi:type="Workbook">');
    const rtIdx = xml.indexOf("<Runtimes>");
    const affIdx = xml.indexOf("<AllFormFactors>");
    if (!(hostIdx >= 0 && rtIdx > hostIdx && rtIdx < affIdx)) problems.push("<Runtimes> must come directly after <Host> and before <AllFormFactors>");
  }
  if (!/<Set Name="SharedRuntime" MinVersion="1.1"\s*\/>/.test(xml)) problems.push('missing requirement <Set Name="SharedRuntime" MinVersion="1.1"/>');
  const ns = ids.get("Functions.Namespace");
  if (!ns || ns.value !== "TRADE") problems.push('custom functions namespace must be "TRADE"');
  else if (ns.value.length > 32) problems.push("namespace longer than 32 characters");
  // Every URL is https; dev manifests point at localhost:3000, production ones nowhere near localhost.
  for (const m of xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)) {
    if (!m[1].startsWith("https://")) problems.push(`URL is not https: ${m[1]}`);
    if (!dev && /localhost/.test(m[1])) problems.push(`production manifest still points at localhost: ${m[1]}`);
  }
  // Icons exist in assets/ at the sizes the manifest names.
  for (const m of xml.matchAll(/https:\/\/[^"]+\/assets\/(icon-\d+\.png)/g)) {
    if (!existsSync(join(baseDir, "assets", m[1]))) problems.push(`icon ${m[1]} is not in assets/`);
  }
  for (const size of [16, 32, 64, 80, 128]) if (!existsSync(join(baseDir, "assets", `icon-${size}.png`))) problems.push(`assets/icon-${size}.png is missing`);
  if (!/<DisplayName DefaultValue="Rare Earth Trade Modeler"\/>/.test(xml)) problems.push('DisplayName must be "Rare Earth Trade Modeler"');
  if (!/<Id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}<\/Id>/.test(xml)) problems.push("<Id> must be a fixed GUID");
  return problems;
}

function main() {
  let failed = false;
  const haveSchemas = existsSync(join(schemaDir, "OfficeAppManifestV1_1.xsd"));
  if (!haveSchemas) console.log(`validate: ${schemaDir} is absent: skipping the XSD check, running the structural checks only`);
  for (const f of files) {
    const file = resolve(root, f);
    if (haveSchemas) {
      try {
        execFileSync("xmllint", ["--noout", "--schema", join(schemaDir, "OfficeAppManifestV1_1.xsd"), file], { stdio: "pipe" });
        console.log(`validate: ${f}: XSD ok`);
      } catch (e) {
        failed = true;
        const out = `${e.stdout || ""}${e.stderr || ""}` || String(e);
        console.error(`validate: ${f}: XSD check failed\n${out}`);
      }
    }
    const built = f.startsWith("dist");
    const xml = readFileSync(file, "utf8");
    const isDevBuild = built && /https:\/\/localhost:3000\//.test(xml);
    const problems = structuralProblems(xml, { baseDir: built ? join(root, "dist") : root, dev: !built || isDevBuild });
    if (problems.length) {
      failed = true;
      console.error(`validate: ${f}: ${problems.length} structural problem(s):\n  - ${problems.join("\n  - ")}`);
    } else console.log(`validate: ${f}: structure ok`);
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

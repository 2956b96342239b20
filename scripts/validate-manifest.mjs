/**
 * Offline manifest validation (office-addin-manifest validate needs a network service):
 * the XML Schema check against the XSDs vendored in schemas/office-addin-manifest/ (with
 * xmllint-wasm, libxml2 compiled to WebAssembly, so it runs on Windows, macOS and Linux alike;
 * Debian's xmllint as well where it is installed), plus structural checks a schema cannot
 * express, plus a check that manifest.dev.xml and the <Version>s are in step (npm run manifest).
 *
 * Usage: node scripts/validate-manifest.mjs [manifest.xml ...]
 * Checks every given manifest (default: manifest.xml, manifest.dev.xml and, if built, dist/manifest.xml).
 * The XSD part never skips silently: when it cannot run, the script says so and fails.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { staleManifests } from "./manifest.mjs";

const require = createRequire(import.meta.url);
const { DEV_ID, PROD_ID, NAME, DEV_NAME, TEST_URL, officeVersion } = require("./lib/manifest.cjs");

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = process.env.MANIFEST_SCHEMA_DIR || join(root, "schemas", "office-addin-manifest");
const MAIN_XSD = "OfficeAppManifestV1_1.xsd";
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/**
 * Structural checks; returns a list of problems. `dev`: the development identity (own Id, "(dev)"
 * name) is expected, else the production one. `hosted`: a built production manifest, which must
 * not point at localhost. Exported for tests through a dynamic import.
 */
export function structuralProblems(xml, { baseDir = root, dev = false, hosted = false, version = pkg.version } = {}) {
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
    if (!(hostIdx >= 0 && rtIdx > hostIdx && rtIdx < affIdx))
      problems.push("<Runtimes> must come directly after <Host> and before <AllFormFactors>");
  }
  if (!/<Set Name="SharedRuntime" MinVersion="1.1"\s*\/>/.test(xml))
    problems.push('missing requirement <Set Name="SharedRuntime" MinVersion="1.1"/>');
  const ns = ids.get("Functions.Namespace");
  if (!ns || ns.value !== "TRADE") problems.push('custom functions namespace must be "TRADE"');
  else if (ns.value.length > 32) problems.push("namespace longer than 32 characters");
  // Every URL is https; sources and dev manifests point at localhost:3000, built production ones nowhere near it.
  for (const m of xml.matchAll(/(?:DefaultValue="|<AppDomain>)(https?:\/\/[^"<]+)/g)) {
    if (!m[1].startsWith("https://")) problems.push(`URL is not https: ${m[1]}`);
    if (hosted && /localhost/.test(m[1])) problems.push(`production manifest still points at localhost: ${m[1]}`);
  }
  // Icons exist in assets/ at the sizes the manifest names.
  for (const m of xml.matchAll(/https:\/\/[^"]+\/assets\/(icon-\d+\.png)/g)) {
    if (!existsSync(join(baseDir, "assets", m[1]))) problems.push(`icon ${m[1]} is not in assets/`);
  }
  for (const size of [16, 32, 64, 80, 128])
    if (!existsSync(join(baseDir, "assets", `icon-${size}.png`))) problems.push(`assets/icon-${size}.png is missing`);
  // Identity: the development manifest has its own Id and a "(dev)" name, so both can be installed side by side.
  const id = /<Id>([^<]*)<\/Id>/.exec(xml)?.[1];
  const name = /<DisplayName DefaultValue="([^"]*)"\/>/.exec(xml)?.[1];
  const [wantId, wantName] = dev ? [DEV_ID, DEV_NAME] : [PROD_ID, NAME];
  if (id !== wantId) problems.push(`<Id> must be the ${dev ? "development" : "production"} GUID ${wantId}, not ${id}`);
  if (name !== wantName) problems.push(`DisplayName must be "${wantName}", not "${name}"`);
  const v = /<Version>([^<]*)<\/Version>/.exec(xml)?.[1];
  if (v !== officeVersion(version))
    problems.push(`<Version> ${v} does not follow package.json ${version} (want ${officeVersion(version)}; run \`npm run manifest\`)`);
  return problems;
}

/** Debian's xmllint, when installed: a second, independent libxml2 build. */
function systemXmllint() {
  try {
    execFileSync("xmllint", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/** XSD problems of one manifest (empty when valid), with xmllint-wasm and, if present, the system xmllint. */
async function xsdProblems(file, withSystem) {
  const problems = [];
  const { validateXML } = await import("xmllint-wasm");
  const xsds = readdirSync(schemaDir).filter((f) => f.endsWith(".xsd"));
  const read = (f) => ({ fileName: f, contents: readFileSync(join(schemaDir, f), "utf8") });
  const r = await validateXML({
    xml: [{ fileName: basename(file), contents: readFileSync(file, "utf8") }],
    schema: [read(MAIN_XSD)],
    preload: xsds.filter((f) => f !== MAIN_XSD).map(read),
  });
  if (!r.valid) problems.push(`xmllint-wasm:\n${r.rawOutput.trim()}`);
  if (withSystem) {
    try {
      execFileSync("xmllint", ["--noout", "--schema", join(schemaDir, MAIN_XSD), file], { stdio: "pipe" });
    } catch (e) {
      problems.push(`xmllint:\n${`${e.stdout || ""}${e.stderr || ""}`.trim() || String(e)}`);
    }
  }
  return problems;
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length
    ? args
    : ["manifest.xml", "manifest.dev.xml", ...(existsSync(join(root, "dist", "manifest.xml")) ? ["dist/manifest.xml"] : [])];
  let failed = false;
  const haveSchemas = existsSync(join(schemaDir, MAIN_XSD));
  if (!haveSchemas) {
    // Never a silent skip: the schemas are part of the repository, so their absence is an error.
    failed = true;
    console.error(`validate: ERROR: ${join(schemaDir, MAIN_XSD)} is missing: the XSD check DID NOT RUN`);
  }
  const withSystem = haveSchemas && systemXmllint();
  // CI (.ci/run installs Debian's xmllint) runs both validators; missing one there is an error, not a skip.
  if (haveSchemas && !withSystem && process.env.CI === "true") {
    failed = true;
    console.error("validate: ERROR: CI=true but xmllint (Debian libxml2-utils) is not installed: the second XSD check DID NOT RUN");
  }
  if (!args.length) {
    const stale = staleManifests(root);
    if (stale.length) {
      failed = true;
      console.error(`validate: ${stale.join(" and ")} out of date with manifest.xml/package.json: run \`npm run manifest\``);
    } else console.log("validate: manifest.dev.xml and <Version> in step with manifest.xml and package.json");
  }
  for (const f of files) {
    const file = resolve(root, f);
    const xml = readFileSync(file, "utf8");
    if (haveSchemas) {
      const problems = await xsdProblems(file, withSystem);
      if (problems.length) {
        failed = true;
        console.error(`validate: ${f}: XSD check failed\n${problems.join("\n")}`);
      } else console.log(`validate: ${f}: XSD ok (xmllint-wasm${withSystem ? " and xmllint" : ""})`);
    }
    const built = f.replace(/\\/g, "/").startsWith("dist/");
    // manifest.dev.xml (and a development build's copy of it) has the development identity; any other the production one.
    const dev = basename(f) === "manifest.dev.xml";
    const problems = structuralProblems(xml, { baseDir: built ? join(root, "dist") : root, dev, hosted: built && !dev });
    if (problems.length) {
      failed = true;
      console.error(`validate: ${f}: ${problems.length} structural problem(s):\n  - ${problems.join("\n  - ")}`);
    } else console.log(`validate: ${f}: structure ok${xml.includes(TEST_URL) ? ` (a TEST BUILD for ${TEST_URL}: not deployable)` : ""}`);
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();

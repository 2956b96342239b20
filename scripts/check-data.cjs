#!/usr/bin/env node
/**
 * Validates the reference data pack (src/data/*.json) with the checker the add-in itself runs on
 * every pack and overlay it is offered (src/pack/check.ts): each dataset against its JSON
 * Schema (src/data/schema/<name>.schema.json; a missing schema is an error), then the generic and
 * dataset integrity rules (src/pack/rules.ts). The pack's header, src/data/pack.json, is
 * checked against src/data/schema/pack.schema.json.
 *
 * As a second opinion, every dataset is also validated with ajv against the same schema: where ajv
 * and the add-in's validator disagree on whether a dataset is valid, that is a problem too
 * ("schema-validators-disagree"), so the validator the add-in ships cannot drift from the standard.
 *
 * CLI:   node scripts/check-data.cjs [dataDir]    (exit 1 and one line per problem)
 * API:   const { checkPack } = require("./scripts/check-data.cjs");
 *        checkPack(dir, { schemaDir, datasetRules }) → [{ file, record, rule, message, text }]
 */
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");

require("./lib/ts-require.cjs");
const ROOT = path.join(__dirname, "..");
const { checkDatasets, checkHeader } = require(path.join(ROOT, "src", "pack", "check.ts"));
const { isRealDate, recordLabel } = require(path.join(ROOT, "src", "pack", "rules.ts"));

const DEFAULT_DATA_DIR = path.join(ROOT, "src", "data");
/** The pack's header, not a dataset. */
const HEADER_FILE = "pack.json";

function loadPack(dir) {
  const pack = {};
  const errors = [];
  let header;
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    let doc;
    try {
      doc = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    } catch (e) {
      errors.push({ file: f, record: "-", rule: "json-syntax", message: e.message });
      continue;
    }
    if (f === HEADER_FILE) header = doc;
    else pack[f.slice(0, -5)] = doc;
  }
  return { pack, header, errors };
}

/**
 * Checks a data directory. Options: schemaDir (default <dir>/schema), datasetRules (default true).
 * Returns the problems found, each { file, record, rule, message, text } where text is the printable line.
 */
function checkPack(dir = DEFAULT_DATA_DIR, opts = {}) {
  const schemaDir = opts.schemaDir || path.join(dir, "schema");
  const problems = [];
  const report = (file, record, rule, message) => {
    const rec = record === undefined || record === null ? "-" : String(record);
    problems.push({ file, record: rec, rule, message, text: `${file}: record ${rec} [${rule}] ${message}` });
  };
  const { pack, header, errors } = loadPack(dir);
  for (const e of errors) report(e.file, e.record, e.rule, e.message);
  if (header !== undefined) problems.push(...checkHeader(header, HEADER_FILE));

  const schemas = {};
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const name of Object.keys(pack)) {
    const file = path.join(schemaDir, `${name}.schema.json`);
    if (!fs.existsSync(file)) continue; // checkDatasets reports "schema-missing"
    try {
      schemas[name] = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
      report(`${name}.json`, "-", "schema-invalid", `${path.basename(file)}: ${e.message}`);
    }
  }
  const found = checkDatasets(pack, { schemas, datasetRules: opts.datasetRules !== false });
  problems.push(...found);
  // ajv's opinion on the same documents and schemas.
  for (const [name, schema] of Object.entries(schemas)) {
    let validate;
    try {
      validate = ajv.compile(schema);
    } catch (e) {
      report(`${name}.json`, "-", "schema-invalid", `${name}.schema.json: ${e.message}`);
      continue;
    }
    const ajvValid = validate(pack[name]);
    const oursValid = !found.some((p) => p.file === `${name}.json` && p.rule === "schema");
    if (ajvValid !== oursValid) {
      const detail = ajvValid ? "ajv finds no schema error" : `ajv: ${(validate.errors || []).slice(0, 2).map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ")}`;
      report(`${name}.json`, "-", "schema-validators-disagree", `the add-in's validator says ${oursValid ? "valid" : "invalid"}, ${detail}`);
    }
  }
  return problems;
}

module.exports = { checkPack, loadPack, isRealDate, recordLabel };

if (require.main === module) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DATA_DIR;
  const problems = checkPack(dir);
  if (problems.length) {
    for (const p of problems) console.error(`${path.relative(process.cwd(), path.join(dir, p.file))}: record ${p.record} [${p.rule}] ${p.message}`);
    console.error(`check-data: ${problems.length} problem(s) in ${path.relative(process.cwd(), dir) || "."}`);
    process.exit(1);
  }
  const n = fs.readdirSync(dir).filter((f) => f.endsWith(".json") && f !== HEADER_FILE).length;
  console.log(`check-data: ${n} dataset(s) and the pack header OK`);
}

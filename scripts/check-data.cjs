#!/usr/bin/env node
/**
 * Validates the reference data pack (src/data/*.json):
 *
 *  1. every dataset has a JSON Schema (draft-07) at src/data/schema/<name>.schema.json
 *     (a missing schema is an error) and validates against it (ajv);
 *  2. generic integrity rules on every dataset (below);
 *  3. dataset rules from every scripts/data-rules/*.cjs: each exports
 *     `(pack, report) => void`, where pack = { <dataset name>: document } and
 *     report(file, recordIdOrIndex, rule, message).
 *
 * CLI:   node scripts/check-data.cjs [dataDir]    (exit 1 and one line per problem)
 * API:   const { checkPack } = require("./scripts/check-data.cjs");
 *        checkPack(dir) → [{ file, record, rule, message, text }]
 *
 * Generic rules:
 *  - envelope         "dataset" equals the file name; "records" is an array
 *  - source-missing   every record outside sources.json carries a non-empty "sources" array
 *  - source-unknown   every id in any "sources" array (at any depth) or "source" string resolves in sources.json
 *  - date-invalid     every ISO date field is a real calendar date ("YYYY-MM-DD")
 *  - date-order       in any object with "from" and "to", from ≤ to (inclusive windows)
 *  - window-overlap   windows inside one array (e.g. "suspensions") do not overlap; records of a
 *                     dataset with "windowKey": [...fields] (or with a "rule" field) whose key is equal
 *                     do not overlap
 *  - id-duplicate     "id" values are unique within a dataset
 */
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");

const ROOT = path.join(__dirname, "..");
const DEFAULT_DATA_DIR = path.join(ROOT, "src", "data");
const DEFAULT_RULES_DIR = path.join(__dirname, "data-rules");

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Keys whose string values must be ISO dates (YYYY-MM-DD). sources.json "date" may be partial and is left to its schema. */
const DATE_KEY =
  /^(date|from|to|issued|effective|effective_from|effective_to|as_of|horizon|announced|signed|decided|start|end)$|_(date|from|to|on)$/;

function isRealDate(s) {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** A readable id for a record: its id / code / symbol / iso2, else its index. */
function recordLabel(rec, index) {
  if (rec && typeof rec === "object") {
    for (const k of ["id", "code", "symbol", "iso2", "hts", "hs6"]) {
      if (typeof rec[k] === "string" || typeof rec[k] === "number") return String(rec[k]);
    }
  }
  return `#${index}`;
}

function loadPack(dir) {
  const pack = {};
  const errors = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort()) {
    const name = f.slice(0, -5);
    try {
      pack[name] = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"));
    } catch (e) {
      errors.push({ file: f, record: "-", rule: "json-syntax", message: e.message });
    }
  }
  return { pack, errors };
}

/** Walks every value under `node`, calling visit(key, value, parent, pathParts). */
function walk(node, visit, parts = []) {
  if (Array.isArray(node)) {
    node.forEach((v, i) => {
      visit(i, v, node, parts.concat(i));
      walk(v, visit, parts.concat(i));
    });
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      visit(k, v, node, parts.concat(k));
      walk(v, visit, parts.concat(k));
    }
  }
}

function overlaps(a, b) {
  const aFrom = a.from || "0000-01-01";
  const aTo = a.to || "9999-12-31";
  const bFrom = b.from || "0000-01-01";
  const bTo = b.to || "9999-12-31";
  return aFrom <= bTo && bFrom <= aTo; // inclusive windows
}

function genericRules(pack, report) {
  const sourceIds = new Set(((pack.sources && pack.sources.records) || []).map((r) => r.id));
  for (const [name, doc] of Object.entries(pack)) {
    const file = `${name}.json`;
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      report(file, "-", "envelope", "the file must hold an object { dataset, description, records }");
      continue;
    }
    if (doc.dataset !== name)
      report(file, "-", "envelope", `"dataset" is ${JSON.stringify(doc.dataset)}; it must equal the file name "${name}"`);
    if (!Array.isArray(doc.records)) {
      report(file, "-", "envelope", `"records" must be an array`);
      continue;
    }
    // dataset-level dates (e.g. "horizon")
    for (const [k, v] of Object.entries(doc)) {
      if (k !== "records" && typeof v === "string" && DATE_KEY.test(k) && !isRealDate(v)) {
        report(file, "-", "date-invalid", `dataset field "${k}" is "${v}", not a valid YYYY-MM-DD date`);
      }
    }
    const ids = new Map();
    doc.records.forEach((rec, i) => {
      const label = recordLabel(rec, i);
      if (rec && typeof rec === "object" && rec.id !== undefined) {
        if (ids.has(rec.id)) report(file, label, "id-duplicate", `id "${rec.id}" also used by record ${ids.get(rec.id)}`);
        else ids.set(rec.id, `#${i}`);
      }
      if (name !== "sources") {
        if (!rec || !Array.isArray(rec.sources) || rec.sources.length === 0) {
          report(file, label, "source-missing", `record carries no "sources" (every row needs at least one source id)`);
        }
      }
      if (
        rec &&
        typeof rec.from === "string" &&
        typeof rec.to === "string" &&
        isRealDate(rec.from) &&
        isRealDate(rec.to) &&
        rec.from > rec.to
      ) {
        report(file, label, "date-order", `from ${rec.from} is after to ${rec.to}`);
      }
      walk(rec, (key, value, parent, parts) => {
        const where = parts.join(".");
        if (name !== "sources") {
          if (key === "sources" && Array.isArray(value)) {
            for (const id of value) {
              if (typeof id !== "string" || !sourceIds.has(id))
                report(file, label, "source-unknown", `${where}: source id ${JSON.stringify(id)} is not in sources.json`);
            }
          } else if (key === "source" && typeof value === "string" && !sourceIds.has(value)) {
            report(file, label, "source-unknown", `${where}: source id "${value}" is not in sources.json`);
          }
        }
        if (typeof key === "string" && typeof value === "string" && DATE_KEY.test(key) && !(name === "sources" && key === "date")) {
          if (!isRealDate(value)) report(file, label, "date-invalid", `${where} is "${value}", not a valid YYYY-MM-DD date`);
        }
        if (value && typeof value === "object" && !Array.isArray(value) && typeof value.from === "string" && typeof value.to === "string") {
          if (isRealDate(value.from) && isRealDate(value.to) && value.from > value.to) {
            report(file, label, "date-order", `${where}: from ${value.from} is after to ${value.to}`);
          }
        }
        if (Array.isArray(value)) {
          const wins = value.filter(
            (w) =>
              w &&
              typeof w === "object" &&
              !Array.isArray(w) &&
              (typeof w.from === "string" || typeof w.to === "string") &&
              !w.rule &&
              !w.layer,
          );
          for (let a = 0; a < wins.length; a++) {
            for (let b = a + 1; b < wins.length; b++) {
              if (overlaps(wins[a], wins[b])) {
                report(
                  file,
                  label,
                  "window-overlap",
                  `${where}: windows ${wins[a].from}..${wins[a].to ?? "open"} and ${wins[b].from}..${wins[b].to ?? "open"} overlap`,
                );
              }
            }
          }
        }
      });
    });
    // source ids cited outside the records (dataset-level metadata such as "editions")
    if (name !== "sources") {
      for (const [k, v] of Object.entries(doc)) {
        if (k === "records") continue;
        walk(v, (key, value, parent, parts) => {
          if (key === "sources" && Array.isArray(value)) {
            for (const id of value) {
              if (typeof id !== "string" || !sourceIds.has(id))
                report(file, "-", "source-unknown", `${[k, ...parts].join(".")}: source id ${JSON.stringify(id)} is not in sources.json`);
            }
          }
        });
      }
    }
    // windows across records of the same rule / window key
    const keyFields = Array.isArray(doc.windowKey) ? doc.windowKey : doc.records.some((r) => r && r.rule !== undefined) ? ["rule"] : null;
    if (keyFields) {
      const groups = new Map();
      doc.records.forEach((rec, i) => {
        if (!rec || typeof rec !== "object" || (rec.from === undefined && rec.to === undefined)) return;
        const key = JSON.stringify(keyFields.map((k) => rec[k] ?? null));
        if (!groups.has(key)) groups.set(key, []);
        groups.get(key).push({ rec, i });
      });
      for (const list of groups.values()) {
        for (let a = 0; a < list.length; a++) {
          for (let b = a + 1; b < list.length; b++) {
            if (overlaps(list[a].rec, list[b].rec)) {
              report(
                file,
                recordLabel(list[b].rec, list[b].i),
                "window-overlap",
                `${keyFields.map((k) => `${k}=${JSON.stringify(list[b].rec[k] ?? null)}`).join(", ")}: window ${list[b].rec.from ?? "open"}..${list[b].rec.to ?? "open"} overlaps record ${recordLabel(list[a].rec, list[a].i)} (${list[a].rec.from ?? "open"}..${list[a].rec.to ?? "open"})`,
              );
            }
          }
        }
      }
    }
  }
}

/** Maps an ajv instancePath ("/records/3/value") to the record label. */
function recordFromPath(doc, instancePath) {
  const m = /^\/records\/(\d+)/.exec(instancePath);
  if (!m) return "-";
  const i = +m[1];
  return recordLabel(doc.records && doc.records[i], i);
}

/**
 * Checks a data directory. Options: schemaDir (default <dir>/schema), rulesDir
 * (default scripts/data-rules). Returns the problems found, each
 * { file, record, rule, message, text } where text is the printable line.
 */
function checkPack(dir = DEFAULT_DATA_DIR, opts = {}) {
  const schemaDir = opts.schemaDir || path.join(dir, "schema");
  const rulesDir = opts.rulesDir || DEFAULT_RULES_DIR;
  const problems = [];
  const report = (file, record, rule, message) => {
    const rec = record === undefined || record === null ? "-" : String(record);
    problems.push({ file, record: rec, rule, message, text: `${file}: record ${rec} [${rule}] ${message}` });
  };
  const { pack, errors } = loadPack(dir);
  for (const e of errors) report(e.file, e.record, e.rule, e.message);

  // 1. schemas
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [name, doc] of Object.entries(pack)) {
    const file = `${name}.json`;
    const schemaFile = path.join(schemaDir, `${name}.schema.json`);
    if (!fs.existsSync(schemaFile)) {
      report(file, "-", "schema-missing", `no schema at ${path.relative(ROOT, schemaFile)}`);
      continue;
    }
    let validate;
    try {
      validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));
    } catch (e) {
      report(file, "-", "schema-invalid", `${path.basename(schemaFile)}: ${e.message}`);
      continue;
    }
    if (!validate(doc)) {
      for (const err of validate.errors || []) {
        const extra =
          err.params && err.params.additionalProperty
            ? ` ("${err.params.additionalProperty}")`
            : err.params && err.params.allowedValues
              ? ` (${err.params.allowedValues.join(", ")})`
              : "";
        report(file, recordFromPath(doc, err.instancePath), "schema", `${err.instancePath || "/"} ${err.message}${extra}`);
      }
    }
  }

  // 2. generic rules
  genericRules(pack, report);

  // 3. dataset rules
  if (fs.existsSync(rulesDir)) {
    for (const f of fs
      .readdirSync(rulesDir)
      .filter((n) => n.endsWith(".cjs"))
      .sort()) {
      const full = path.join(rulesDir, f);
      try {
        delete require.cache[require.resolve(full)];
        const rule = require(full);
        const fn = typeof rule === "function" ? rule : rule && typeof rule.default === "function" ? rule.default : null;
        if (!fn) {
          report(f, "-", "rule-file", `scripts/data-rules/${f} does not export a function (pack, report) => void`);
          continue;
        }
        fn(pack, report);
      } catch (e) {
        report(f, "-", "rule-crash", `scripts/data-rules/${f} threw: ${e && e.stack ? e.stack.split("\n").slice(0, 2).join(" ") : e}`);
      }
    }
  }
  return problems;
}

module.exports = { checkPack, loadPack, isRealDate, recordLabel };

if (require.main === module) {
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DATA_DIR;
  const problems = checkPack(dir);
  if (problems.length) {
    for (const p of problems)
      console.error(`${path.relative(process.cwd(), path.join(dir, p.file))}: record ${p.record} [${p.rule}] ${p.message}`);
    console.error(`check-data: ${problems.length} problem(s) in ${path.relative(process.cwd(), dir) || "."}`);
    process.exit(1);
  }
  const n = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).length;
  console.log(`check-data: ${n} dataset(s) OK`);
}

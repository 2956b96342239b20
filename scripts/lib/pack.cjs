/**
 * The data pack as a file: reads src/data (the header pack.json and every dataset), checks it with
 * the add-in's own checker (src/pack/check.ts, plus ajv through scripts/check-data.cjs), and
 * serialises it the way the add-in hashes it (src/core/pack/format.ts serializePack). Used by the
 * build (webpack.config.js: dist/data/pack-<version>.json and dist/data/latest.json, and the
 * bundled pack's SHA-256 compiled into functions.js) and by `npm run pack`.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

require("./ts-require.cjs");
const ROOT = path.resolve(__dirname, "..", "..");
const DATA_DIR = path.join(ROOT, "src", "data");

/** A module of the pack format (src/core/pack) or of the checker (src/pack). */
function core(name) {
  return require(path.join(ROOT, "src", "core", "pack", `${name}.ts`));
}
function checker(name) {
  return require(path.join(ROOT, "src", "pack", `${name}.ts`));
}

function sha256(bytes) {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** The pack of a data folder: { header, datasets, text, sha256, file, problems } (opts.check false: problems not looked for). */
function buildPack(dataDir = DATA_DIR, opts = {}) {
  const { checkPack } = require(path.join(ROOT, "scripts", "check-data.cjs"));
  const { serializePack, packFileName } = checker("files");
  const problems = opts.check === false ? [] : checkPack(dataDir);
  const header = JSON.parse(fs.readFileSync(path.join(dataDir, "pack.json"), "utf8"));
  const datasets = {};
  for (const f of fs.readdirSync(dataDir).filter((n) => n.endsWith(".json") && n !== "pack.json")) {
    datasets[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dataDir, f), "utf8"));
  }
  const text = serializePack(header, datasets);
  return { header, datasets, text, sha256: sha256(Buffer.from(text, "utf8")), file: packFileName(header.version), problems };
}

/** data/latest.json for a pack (and an overlay file). */
function latestFor(pack, overlay) {
  const latest = { version: pack.header.version, file: pack.file, sha256: pack.sha256, minAddinVersion: pack.header.minAddinVersion };
  if (overlay) latest.overlay = { file: overlay.file, sha256: overlay.sha256 };
  return JSON.stringify(latest, null, 2) + "\n";
}

/**
 * Checks an overlay file against a pack: its envelope, then the pack with the overlay merged, with
 * every problem naming the record, the field and the reason. Returns { problems, info, sha256 }.
 */
function checkOverlayFile(file, pack) {
  const { parsePackJson } = core("format");
  const { applyOverlayText } = checker("verify");
  const { checkOverlayEnvelope, checkDatasets } = checker("check");
  const { mergeOverlay, orgRecordKeys } = checker("overlay");
  const bytes = fs.readFileSync(file);
  const meta = { sha256: sha256(bytes), file: path.basename(file) };
  let overlay;
  try {
    overlay = parsePackJson(bytes.toString("utf8").replace(/^\uFEFF/, ""), path.basename(file));
  } catch (e) {
    return { problems: [{ text: e.message }], sha256: meta.sha256 };
  }
  const env = checkOverlayEnvelope(overlay, pack.datasets);
  if (env.length) return { problems: env, sha256: meta.sha256 };
  const merged = mergeOverlay(pack.datasets, overlay, meta);
  const problems = checkDatasets(merged.datasets, { orgRecords: orgRecordKeys(merged.info) });
  if (problems.length) return { problems, sha256: meta.sha256 };
  // The same path the add-in takes (parse, envelope, merge, check), to be sure both agree.
  applyOverlayText(pack.datasets, bytes.toString("utf8").replace(/^\uFEFF/, ""), meta);
  return { problems: [], info: merged.info, sha256: meta.sha256 };
}

module.exports = { buildPack, latestFor, checkOverlayFile, sha256, DATA_DIR };

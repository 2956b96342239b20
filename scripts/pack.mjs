#!/usr/bin/env node
/**
 * npm run pack: builds and checks the data pack from src/data and prints what an organisation
 * needs to publish it; checks an overlay of its own facts.
 *
 *   npm run pack                                   check src/data, print version, horizons, SHA-256
 *   npm run pack -- --out <dir>                    also write <dir>/pack-<version>.json and <dir>/latest.json
 *   npm run pack -- --overlay overlay.json [--out <dir>]
 *                                                  check the overlay on the pack; with --out, copy it there
 *                                                  as overlay-<sha8>.json and name it in latest.json
 *   npm run pack -- --check overlay.json          check an overlay (or a pack file) and name the record,
 *                                                  field and reason of every problem
 *   --data <dir>                                   another data folder than src/data (same layout)
 *
 * Exit codes: 0 ok, 1 problems found, 2 could not run (a missing file, a bad option).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { buildPack, latestFor, checkOverlayFile, DATA_DIR } = require("./lib/pack.cjs");

function usage(msg) {
  if (msg) console.error(`pack: ${msg}`);
  console.error("usage: npm run pack -- [--data <dir>] [--out <dir>] [--overlay <file>] [--check <file>]");
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = {};
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => (i + 1 < args.length ? args[++i] : usage(`${a} needs a value`));
  if (a === "--data") opts.data = resolve(value());
  else if (a === "--out") opts.out = resolve(value());
  else if (a === "--overlay") opts.overlay = resolve(value());
  else if (a === "--check") opts.check = resolve(value());
  else if (a === "--help" || a === "-h") usage();
  else usage(`unknown option ${a}`);
}
for (const f of [opts.data, opts.overlay, opts.check]) if (f && !existsSync(f)) usage(`${f} does not exist`);

const pack = buildPack(opts.data ?? DATA_DIR);
const partners = (pack.datasets.partner_tariffs?.importers ?? []).filter((i) => i.horizon).map((i) => `${i.iso2} ${i.horizon}`);
const say = (label, v) => console.log(`${label.padEnd(22)} ${v}`);

if (pack.problems.length) {
  for (const p of pack.problems) console.error(p.text);
  console.error(`pack: ${pack.problems.length} problem(s) in ${opts.data ?? "src/data"}; nothing written`);
  process.exit(1);
}

/** Prints an overlay's problems (record, field, reason) or its summary; returns true when it passed. */
function reportOverlay(file) {
  const r = checkOverlayFile(file, pack);
  if (r.problems.length) {
    for (const p of r.problems) console.error(`${basename(file)}: ${p.text}`);
    console.error(`pack: ${basename(file)} has ${r.problems.length} problem(s); an add-in would not use it`);
    return undefined;
  }
  const recs = [...r.info.records.values()];
  say("overlay", `${basename(file)}: ${r.info.organisation}, version ${r.info.version}`);
  say("overlay SHA-256", r.sha256);
  say("overlay records", `${recs.length} (${recs.filter((x) => x.replaced).length} replace built-in records, ${recs.filter((x) => !x.replaced).length} added)`);
  for (const x of recs) console.log(`  ${x.replaced ? "replaces" : "adds    "} ${x.dataset} ${x.key}`);
  return r;
}

if (opts.check) {
  // A pack file or an overlay: tell them apart by their "format".
  let doc;
  try {
    doc = JSON.parse(readFileSync(opts.check, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    console.error(`pack: ${basename(opts.check)} is not valid JSON (${e.message})`);
    process.exit(1);
  }
  if (doc && doc.format === "rare-earth-trade-modeler/pack") {
    require("./lib/ts-require.cjs");
    const { checkPackFile } = require(join(root, "src", "pack", "check.ts"));
    const problems = checkPackFile(doc);
    for (const p of problems) console.error(`${basename(opts.check)}: ${p.text}`);
    if (problems.length) process.exit(1);
    say("pack file", `${basename(opts.check)}: version ${doc.version}, OK`);
    process.exit(0);
  }
  process.exit(reportOverlay(opts.check) ? 0 : 1);
}

say("data pack", pack.header.version);
say("compiled", pack.header.compiled);
say("min add-in version", pack.header.minAddinVersion);
say("horizon, China", pack.datasets.instruments?.horizon ?? "?");
say("horizon, US tariffs", pack.datasets.tariff_layers?.horizon ?? "?");
if (partners.length) say("horizon, importers", partners.join(", "));
say("file", pack.file);
say("SHA-256", pack.sha256);
say("size", `${(Buffer.byteLength(pack.text) / 1024).toFixed(1)} KB`);

let overlay;
if (opts.overlay) {
  overlay = reportOverlay(opts.overlay);
  if (!overlay) process.exit(1);
}
if (opts.out) {
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, pack.file), pack.text);
  let ov;
  if (overlay) {
    ov = { file: `overlay-${overlay.sha256.slice(0, 8)}.json`, sha256: overlay.sha256 };
    copyFileSync(opts.overlay, join(opts.out, ov.file));
  }
  writeFileSync(join(opts.out, "latest.json"), latestFor(pack, ov));
  console.log(`wrote ${join(opts.out, pack.file)}${ov ? `, ${join(opts.out, ov.file)}` : ""} and ${join(opts.out, "latest.json")}`);
  console.log("publish: copy these files into data/ on the add-in's host (keep older pack files there: workbooks computed with them compare against them)");
}

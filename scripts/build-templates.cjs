#!/usr/bin/env node
/**
 * Generates the template workbooks (src/templates, defined in code) as .xlsx
 * files with ExcelJS, plus templates/index.json (the catalogue the task pane
 * can fetch), into <DIST_DIR or dist>/templates/.
 *
 *   node scripts/build-templates.cjs            # after `webpack`, e.g. as "postbuild"
 *   const { TemplatesPlugin } = require("./scripts/build-templates.cjs")   # or as a webpack plugin (build and dev server)
 *
 * Each workbook has exactly one sheet. Sheet-scoped defined names are written
 * into xl/workbook.xml directly (ExcelJS only writes workbook-scoped names),
 * with localSheetId="0". The workbook asks Excel to recalculate on open
 * (fullCalcOnLoad): formulas carry no cached values.
 */
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
require("./lib/ts-require.cjs");

const FILLS = {
  title: "FFDDEBF7",
  header: "FFD9E1F2",
  input: "FFFFF2CC",
  output: "FFE2EFDA",
  note: "FFF2F2F2",
  stamp: "FFFCE4D6",
};
const TONES = {
  bad: { font: "FF9C0006", fill: "FFFFC7CE" },
  good: { font: "FF006100", fill: "FFC6EFCE" },
  warn: { font: "FF9C5700", fill: "FFFFEB9C" },
};

function loadTemplates() {
  const { buildTemplates } = require(path.join(root, "src", "templates", "index.ts"));
  const { validateTemplate, isoToSerial } = require(path.join(root, "src", "templates", "model.ts"));
  let dataVersion = "unknown";
  try {
    dataVersion = require(path.join(root, "src", "core", "data", "pack.ts")).DATA_VERSION;
  } catch (e) {
    console.warn(`build-templates: data version unavailable (${e.message})`);
  }
  const pkg = require(path.join(root, "package.json"));
  return { buildTemplates, validateTemplate, isoToSerial, dataVersion, addinVersion: pkg.version };
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function escapeXml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function quoteSheet(name) {
  return `'${name.replace(/'/g, "''")}'`;
}

/** ExcelJS value for a date serial (ExcelJS takes JS Dates in UTC). */
function serialToDate(serial) {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86400000);
}

/** One template → .xlsx bytes (Buffer). */
async function templateToXlsx(t, isoToSerial) {
  const ExcelJS = require("exceljs");
  const JSZip = require("jszip");
  const wb = new ExcelJS.Workbook();
  wb.creator = "Rare Earth Trade Modeler";
  wb.calcProperties.fullCalcOnLoad = true;
  const ws = wb.addWorksheet(t.sheetName, { views: t.freezeRows ? [{ state: "frozen", ySplit: t.freezeRows }] : [{}] });
  t.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const [ref, c] of Object.entries(t.cells)) {
    const cell = ws.getCell(ref);
    if (c.f !== undefined) cell.value = { formula: c.f.slice(1) };
    else if (c.date !== undefined) cell.value = serialToDate(isoToSerial(c.date));
    else if (c.v !== undefined && c.v !== null) cell.value = c.v;
    const s = c.style || {};
    if (s.bold || s.italic) cell.font = { bold: !!s.bold, italic: !!s.italic };
    if (s.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILLS[s.fill] } };
    if (s.numFmt) cell.numFmt = s.numFmt;
    if (s.wrap) cell.alignment = { wrapText: true, vertical: "top" };
  }
  for (const v of t.validations) {
    const formula = `"${v.list.join(",")}"`;
    if (formula.length > 257) throw new Error(`${t.id}: validation list for ${v.ref} longer than Excel's 255 characters`);
    ws.dataValidations.add(v.ref, {
      type: "list",
      allowBlank: true,
      formulae: [formula],
      showInputMessage: true,
      promptTitle: v.prompt.slice(0, 32),
      prompt: v.prompt,
      showErrorMessage: true,
      errorStyle: v.strict === false ? "warning" : "stop",
      error: `Choose one of: ${v.list.join(", ")}`.slice(0, 255),
    });
  }
  for (const cf of t.conditional) {
    const value = typeof cf.value === "string" ? `"${cf.value}"` : typeof cf.value === "boolean" ? (cf.value ? "TRUE" : "FALSE") : String(cf.value);
    const tone = TONES[cf.tone];
    ws.addConditionalFormatting({
      ref: cf.ref,
      rules: [
        {
          type: "cellIs",
          operator: cf.op,
          formulae: [value],
          priority: 1,
          style: { font: { color: { argb: tone.font } }, fill: { type: "pattern", pattern: "solid", bgColor: { argb: tone.fill } } },
        },
      ],
    });
  }
  const raw = await wb.xlsx.writeBuffer();
  // Sheet-scoped names: ExcelJS cannot write them, so patch xl/workbook.xml.
  const zip = await JSZip.loadAsync(raw);
  let xml = await zip.file("xl/workbook.xml").async("string");
  const defs = t.names
    .map((n) => `<definedName name="${escapeXml(n.name)}" localSheetId="0" comment="${escapeXml(n.comment)}">${escapeXml(quoteSheet(t.sheetName))}!${n.ref}</definedName>`)
    .join("");
  if (defs) {
    if (/<definedNames>/.test(xml)) xml = xml.replace("<definedNames>", `<definedNames>${defs}`);
    else if (/<definedNames\/>/.test(xml)) xml = xml.replace("<definedNames/>", `<definedNames>${defs}</definedNames>`);
    else xml = xml.replace("</sheets>", `</sheets><definedNames>${defs}</definedNames>`);
    zip.file("xl/workbook.xml", xml);
  }
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/**
 * Builds every template. Returns [{ entry, file, bytes }] and, with outDir,
 * writes <outDir>/<id>.xlsx and <outDir>/index.json.
 */
async function generateTemplates({ outDir, generated = today() } = {}) {
  const { buildTemplates, validateTemplate, isoToSerial, dataVersion, addinVersion } = loadTemplates();
  const ctx = { generated, dataVersion, addinVersion };
  const templates = buildTemplates(ctx);
  const out = [];
  for (const t of templates) {
    const problems = validateTemplate(t);
    if (problems.length) throw new Error(`template ${t.id}: ${problems.join("; ")}`);
    const bytes = await templateToXlsx(t, isoToSerial);
    const entry = {
      id: t.id,
      title: t.title,
      description: t.description,
      sheetName: t.sheetName,
      file: `${t.id}.xlsx`,
      names: t.names,
      charts: t.charts,
      functions: t.functions,
      generated,
      dataVersion,
      bytes: bytes.length,
    };
    out.push({ entry, template: t, file: entry.file, bytes });
  }
  if (outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const o of out) fs.writeFileSync(path.join(outDir, o.file), o.bytes);
    fs.writeFileSync(path.join(outDir, "index.json"), JSON.stringify({ generated, dataVersion, addinVersion, templates: out.map((o) => o.entry) }, null, 2));
  }
  return out;
}

/** Webpack plugin: emits templates/*.xlsx and templates/index.json as assets (production build and dev server alike). */
class TemplatesPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("TemplatesPlugin", (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name: "TemplatesPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, async () => {
        for (const dir of ["src/templates", "src/core/data", "src/data"]) compilation.contextDependencies.add(path.join(root, dir));
        // Fresh TypeScript modules on every (re)build in watch mode.
        for (const k of Object.keys(require.cache)) if (k.startsWith(path.join(root, "src"))) delete require.cache[k];
        const out = await generateTemplates({});
        for (const o of out) compilation.emitAsset(`templates/${o.file}`, new sources.RawSource(o.bytes));
        compilation.emitAsset(
          "templates/index.json",
          new sources.RawSource(JSON.stringify({ generated: out[0]?.entry.generated, dataVersion: out[0]?.entry.dataVersion, templates: out.map((o) => o.entry) }, null, 2)),
        );
      });
    });
  }
}

module.exports = { generateTemplates, templateToXlsx, TemplatesPlugin };

if (require.main === module) {
  const outDir = path.resolve(root, process.env.DIST_DIR || "dist", "templates");
  generateTemplates({ outDir })
    .then((out) => console.log(`build-templates: wrote ${out.length} templates to ${path.relative(root, outDir) || outDir}: ${out.map((o) => `${o.file} (${o.bytes.length} bytes)`).join(", ")}`))
    .catch((e) => {
      console.error(`build-templates failed: ${e && e.stack ? e.stack : e}`);
      process.exit(1);
    });
}

#!/usr/bin/env node
/**
 * Generates the template workbooks (src/templates, defined in code) as .xlsx
 * files with ExcelJS, plus templates/index.json (the catalogue the task pane
 * can fetch), into <DIST_DIR or dist>/templates/.
 *
 *   node scripts/build-templates.cjs            # after `webpack` (reads dist/functions.js + functions.json)
 *   const { TemplatesPlugin } = require("./scripts/build-templates.cjs")   # or as a webpack plugin (build and dev server)
 *
 * Each workbook has exactly one sheet. Sheet-scoped defined names are written
 * into xl/workbook.xml directly (ExcelJS only writes workbook-scoped names),
 * with localSheetId="0".
 *
 * Add-in calls are written the way Excel saves them (src/templates/addinNames.ts
 * has the sources): `=TRADE.TARIFF_RATE(A20,...)` is stored as
 * `<f t="array" ref="D20">_xldudf_TRADE_TARIFF_RATE(A20,...)</f>` in a cell
 * with cm="1" (dynamic-array cell metadata in xl/metadata.xml, the record
 * Excel 365 writes; MS-XLSX dynamicArrayProperties,
 * https://learn.microsoft.com/en-us/openspecs/office_standards/ms-xlsx/878c8ac4-8548-4bfb-9ad4-b1378e0efed1).
 * Without that metadata Excel would open a formula that may return an array as
 * a legacy implicit-intersection formula and show it as `=@TRADE.X(...)`.
 *
 * Cached values: every formula cell carries the value the BUILT bundle computes
 * for it (the sheet is evaluated in HyperFormula with the TRADE functions of
 * dist/functions.js registered, the same bridge the template tests use,
 * test/hyperformula-adapter.ts). So a reader without Excel (pandas, openpyxl,
 * a viewer, a mail preview) and a recipient without the add-in see numbers.
 *
 * Recalculation on open: not forced. No fullCalcOnLoad, and calcId is that of
 * Excel 2019 / Microsoft 365 (191029): Excel recalculates every formula of a
 * file whose calcId is lower than its own engine's on load (MS-XLS RecalcId,
 * https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-xls/95ba561a-69a6-4661-a8dd-e03305bbff3f),
 * which for a recipient without the add-in would replace the cached values by
 * #NAME?. Binding does not need a recalculation: Excel binds the `_xldudf_`
 * names when the add-in registers its functions and then runs them
 * (https://github.com/OfficeDev/office-js/issues/3558). An Excel whose engine
 * is newer than 191029 recalculates on open anyway, which is harmless with the
 * add-in loaded.
 *
 * The add-in reference: a workbook Excel saves with custom functions in it
 * carries the add-in as a web extension ([MS-OWEXML], Office Web Extensions
 * XML, https://learn.microsoft.com/en-us/openspecs/office_standards/ms-owexml/):
 * xl/webextensions/webextension1.xml (CT_OsfWebExtension: the manifest <Id>
 * and version as its reference, 2.2.5) reached from xl/webextensions/taskpanes.xml
 * (CT_OsfTaskpanes, 2.2.9), which the package's root relationships name
 * (Type .../2011/relationships/webextensiontaskpanes). The templates carry the
 * same parts, so Excel knows which add-in the file's `_xldudf_` calls belong
 * to: the production manifest Id in a production build (webpack mode
 * "production"), the development Id otherwise (scripts/lib/manifest.cjs). The
 * store is how the add-in is deployed ("Automatically open a task pane with a
 * document", https://learn.microsoft.com/en-us/office/dev/add-ins/develop/automatically-open-a-task-pane-with-a-document,
 * table of store types): centralized deployment (store and storeType
 * "EXCatalog") for production, sideloading (store "developer", storeType
 * "Registry") for development. The task pane entry has visibility="0", so the
 * pane does not open by itself. The extension list says the add-in's custom
 * functions are used ([MS-OWEXML] 2.2.11 CT_ContainsCustomFunctions, in the
 * OfficeArt extension {D87F86FE-615C-45B5-9D79-34F1136793EB} seen in files
 * Excel saves; val="1" is written although those files omit it, since the
 * schema's default is false). [MS-OWEXML] also defines CT_CustomFunctionList
 * (2.2.13, the ids of the custom functions) but no element or extension URI
 * that carries it, and no Excel-saved file we could read shows one, so that
 * list is not written: docs/excel-manual-checks.md has the check that compares
 * our parts with a workbook Excel saves.
 */
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
require("./lib/ts-require.cjs");
const crypto = require("crypto");
const { PROD_ID, DEV_ID, officeVersion } = require("./lib/manifest.cjs");

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
  const { validateTemplate, isoToSerial, parseA1 } = require(path.join(root, "src", "templates", "model.ts"));
  const addin = require(path.join(root, "src", "templates", "addinNames.ts"));
  // The bundled pack's version (src/data/pack.json): the data the templates' cached values are computed with.
  const dataVersion = JSON.parse(fs.readFileSync(path.join(root, "src", "data", "pack.json"), "utf8")).version;
  const pkg = require(path.join(root, "package.json"));
  return { buildTemplates, validateTemplate, isoToSerial, parseA1, addin, dataVersion, addinVersion: pkg.version };
}

/** The functions bundle to compute cached values with: given, or dist/ (or DIST_DIR) on disk. */
function resolveBundle(opts) {
  if (opts.bundle) return opts.bundle;
  const { loadBundle } = require("./lib/bundle.cjs");
  return loadBundle(opts.bundleDir || path.resolve(root, process.env.DIST_DIR || "dist"));
}

/** Evaluates a template with the bundle: Map ref → stored value for every formula cell. */
function computeValues(t, bundle, isoToSerial, parseA1) {
  const { evaluateSheet } = require(path.join(root, "test", "hyperformula-adapter.ts"));
  const grid = [];
  const refs = [];
  for (const [ref, c] of Object.entries(t.cells)) {
    const { row, col } = parseA1(ref);
    const v = c.f !== undefined ? c.f : c.date !== undefined ? isoToSerial(c.date) : c.v;
    if (v === null || v === undefined) continue;
    // Text that starts with "=" is text, not a formula (HyperFormula's apostrophe convention).
    (grid[row] ??= [])[col] = c.f === undefined && typeof v === "string" && v.startsWith("=") ? "'" + v : v;
    if (c.f !== undefined) refs.push(ref);
  }
  for (let i = 0; i < grid.length; i++) grid[i] = Array.from({ length: (grid[i] ?? []).length }, (_, j) => (grid[i]?.[j] === undefined ? null : grid[i][j]));
  return evaluateSheet(bundle, t.sheetName, grid, t.names, refs);
}

/** The dynamic-array cell metadata Excel 365 writes (one XLDAPR record, referenced by cm="1"). */
const METADATA_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">' +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** Excel 2019 / Microsoft 365 calculation engine id (see the header). */
const CALC_ID = 191029;

const WE_NS = "http://schemas.microsoft.com/office/webextensions/webextension/2010/11";
const WETP_NS = "http://schemas.microsoft.com/office/webextensions/taskpanes/2010/11";
const OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
/** OfficeArt extension that flags custom functions in a web extension part (as Excel writes it). */
const CUSTOM_FUNCTIONS_EXT = "{D87F86FE-615C-45B5-9D79-34F1136793EB}";

/** A stable GUID from text (the web extension instance id): the same build gives the same file. */
function guidOf(text) {
  const h = crypto.createHash("sha1").update(text).digest("hex").toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16).toUpperCase()}${h.slice(17, 20)}-${h.slice(20, 32)}}`;
}

/**
 * The web extension parts of a template (see the header): [path, xml] pairs, the
 * content-type overrides and the root relationship. `production` picks the
 * manifest Id and the store.
 */
function webExtensionParts({ production, version }) {
  const id = production ? PROD_ID : DEV_ID;
  const store = production ? 'store="EXCatalog" storeType="EXCatalog"' : 'store="developer" storeType="Registry"';
  const webextension =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<we:webextension xmlns:we="${WE_NS}" id="${guidOf(`${id}|webextension1`)}">` +
    `<we:reference id="${id}" version="${officeVersion(version)}" ${store}/>` +
    "<we:alternateReferences/><we:properties/><we:bindings/>" +
    `<we:snapshot xmlns:r="${OFFICE_REL}"/>` +
    `<we:extLst><a:ext xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" uri="${CUSTOM_FUNCTIONS_EXT}"><we:containsCustomFunctions val="1"/></a:ext></we:extLst>` +
    "</we:webextension>";
  const taskpanes =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<wetp:taskpanes xmlns:wetp="${WETP_NS}"><wetp:taskpane dockstate="right" visibility="0" width="350" row="0">` +
    `<wetp:webextensionref xmlns:r="${OFFICE_REL}" r:id="rId1"/></wetp:taskpane></wetp:taskpanes>`;
  const taskpanesRels =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.microsoft.com/office/2011/relationships/webextension" Target="webextension1.xml"/></Relationships>';
  return {
    id,
    files: [
      ["xl/webextensions/webextension1.xml", webextension],
      ["xl/webextensions/taskpanes.xml", taskpanes],
      ["xl/webextensions/_rels/taskpanes.xml.rels", taskpanesRels],
    ],
    contentTypes:
      '<Override PartName="/xl/webextensions/webextension1.xml" ContentType="application/vnd.ms-office.webextension+xml"/>' +
      '<Override PartName="/xl/webextensions/taskpanes.xml" ContentType="application/vnd.ms-office.webextensiontaskpanes+xml"/>',
    rootRelationship: '<Relationship Id="rIdWebExtensions" Type="http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes" Target="xl/webextensions/taskpanes.xml"/>',
  };
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

/** A stored value → ExcelJS's formula result. */
function excelJsResult(v) {
  if (v === null || v === undefined) return undefined;
  return v;
}

/**
 * One template → .xlsx bytes (Buffer). `values`: Map ref → cached value of each
 * formula cell (computeValues); `addin`: src/templates/addinNames.ts; `ext`:
 * { production, version } for the add-in reference (development Id by default).
 */
async function templateToXlsx(t, isoToSerial, values, addin, ext = { production: false, version: require(path.join(root, "package.json")).version }) {
  const ExcelJS = require("exceljs");
  const JSZip = require("jszip");
  const wb = new ExcelJS.Workbook();
  wb.creator = "Rare Earth Trade Modeler";
  const ws = wb.addWorksheet(t.sheetName, { views: t.freezeRows ? [{ state: "frozen", ySplit: t.freezeRows }] : [{}] });
  t.columnWidths.forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const [ref, c] of Object.entries(t.cells)) {
    const cell = ws.getCell(ref);
    if (c.f !== undefined) {
      if (!values.has(ref)) throw new Error(`${t.id}: no cached value for ${ref}`);
      const result = excelJsResult(values.get(ref));
      const formula = addin.toStoredFormula(c.f).slice(1);
      // Add-in calls as Excel saves them: a dynamic-array formula over its own cell (cm="1" added below).
      cell.value = addin.callsAddin(c.f) ? { formula, result, shareType: "array", ref } : { formula, result };
    }
    else if (c.date !== undefined) cell.value = serialToDate(isoToSerial(c.date));
    else if (c.v !== undefined && c.v !== null) cell.value = c.v;
    const s = c.style || {};
    if (s.bold || s.italic) cell.font = { bold: !!s.bold, italic: !!s.italic };
    if (s.fill) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILLS[s.fill] } };
    if (s.numFmt) cell.numFmt = s.numFmt;
    if (s.wrap) cell.alignment = { wrapText: true, vertical: "top" };
  }
  for (const v of t.validations) {
    const formula = v.source ?? `"${v.list.join(",")}"`;
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
  }
  // No forced recalculation on open: Excel 365's engine id, no fullCalcOnLoad (see the header).
  xml = xml.replace(/<calcPr\b[^>]*\/>/, `<calcPr calcId="${CALC_ID}"/>`);
  if (!/<calcPr\b/.test(xml)) xml = xml.replace("</workbook>", `<calcPr calcId="${CALC_ID}"/></workbook>`);
  zip.file("xl/workbook.xml", xml);
  // Dynamic-array metadata for the add-in formula cells.
  const sheetPath = "xl/worksheets/sheet1.xml";
  const sheetXml = await zip.file(sheetPath).async("string");
  let arrays = 0;
  const marked = sheetXml.replace(/<c ([^>]*?)>(<f t="array" ref="[A-Z]+\d+")/g, (m, attrs, f) => {
    arrays++;
    return /\bcm=/.test(attrs) ? m : `<c ${attrs} cm="1">${f}`;
  });
  if (arrays) {
    zip.file(sheetPath, marked);
    zip.file("xl/metadata.xml", METADATA_XML);
    let ct = await zip.file("[Content_Types].xml").async("string");
    ct = ct.replace("</Types>", '<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/></Types>');
    zip.file("[Content_Types].xml", ct);
    let rels = await zip.file("xl/_rels/workbook.xml.rels").async("string");
    rels = rels.replace("</Relationships>", '<Relationship Id="rIdMeta1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/></Relationships>');
    zip.file("xl/_rels/workbook.xml.rels", rels);
  }
  // The add-in reference Excel writes for a workbook with custom functions (see the header).
  const we = webExtensionParts(ext);
  for (const [name, xml] of we.files) zip.file(name, xml);
  let types = await zip.file("[Content_Types].xml").async("string");
  zip.file("[Content_Types].xml", types.replace("</Types>", `${we.contentTypes}</Types>`));
  let rootRels = await zip.file("_rels/.rels").async("string");
  zip.file("_rels/.rels", rootRels.replace("</Relationships>", `${we.rootRelationship}</Relationships>`));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

/**
 * Builds every template. Returns [{ entry, template, file, bytes, values }] and,
 * with outDir, writes <outDir>/<id>.xlsx and <outDir>/index.json.
 * opts: { outDir, generated (ISO date), bundle (a loaded bundle) or bundleDir
 * (default dist/ or DIST_DIR), production (the production manifest Id in the
 * add-in reference; default false: the development Id) }.
 */
async function generateTemplates(opts = {}) {
  const { outDir, generated = today(), production = false } = opts;
  const { buildTemplates, validateTemplate, isoToSerial, parseA1, addin, dataVersion, addinVersion } = loadTemplates();
  const bundle = resolveBundle(opts);
  const ctx = { generated, dataVersion, addinVersion };
  const templates = buildTemplates(ctx);
  const out = [];
  for (const t of templates) {
    const problems = validateTemplate(t);
    if (problems.length) throw new Error(`template ${t.id}: ${problems.join("; ")}`);
    const values = computeValues(t, bundle, isoToSerial, parseA1);
    const bytes = await templateToXlsx(t, isoToSerial, values, addin, { production, version: addinVersion });
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
      addinId: production ? PROD_ID : DEV_ID,
      bytes: bytes.length,
    };
    out.push({ entry, template: t, file: entry.file, bytes, values });
  }
  if (outDir) {
    fs.mkdirSync(outDir, { recursive: true });
    for (const o of out) fs.writeFileSync(path.join(outDir, o.file), o.bytes);
    fs.writeFileSync(path.join(outDir, "index.json"), JSON.stringify({ generated, dataVersion, addinVersion, templates: out.map((o) => o.entry) }, null, 2));
  }
  return out;
}

/**
 * Webpack plugin: emits templates/*.xlsx and templates/index.json as assets
 * (production build and dev server alike). It runs after minification
 * (PROCESS_ASSETS_STAGE_SUMMARIZE) so the cached values come from the very
 * functions.js and functions.json this compilation emits. A production
 * compilation (webpack --mode production) writes the production manifest Id
 * into the templates' add-in reference; the dev server the development Id.
 */
class TemplatesPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("TemplatesPlugin", (compilation) => {
      compilation.hooks.processAssets.tapPromise({ name: "TemplatesPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE }, async () => {
        for (const dir of ["src/templates", "src/core/data", "src/data"]) compilation.contextDependencies.add(path.join(root, dir));
        // Fresh TypeScript modules on every (re)build in watch mode.
        for (const k of Object.keys(require.cache)) if (k.startsWith(path.join(root, "src"))) delete require.cache[k];
        const js = compilation.getAsset("functions.js");
        const json = compilation.getAsset("functions.json");
        if (!js || !json) {
          compilation.errors.push(new Error("TemplatesPlugin: functions.js or functions.json missing from the compilation; templates need them for cached values"));
          return;
        }
        const os = require("os");
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tpl-bundle-"));
        try {
          fs.writeFileSync(path.join(tmp, "functions.js"), js.source.source());
          fs.writeFileSync(path.join(tmp, "functions.json"), json.source.source());
          const { loadBundle } = require("./lib/bundle.cjs");
          const out = await generateTemplates({ bundle: loadBundle(tmp), production: compiler.options.mode === "production" });
          for (const o of out) compilation.emitAsset(`templates/${o.file}`, new sources.RawSource(o.bytes));
          compilation.emitAsset(
            "templates/index.json",
            new sources.RawSource(JSON.stringify({ generated: out[0]?.entry.generated, dataVersion: out[0]?.entry.dataVersion, templates: out.map((o) => o.entry) }, null, 2)),
          );
        } finally {
          fs.rmSync(tmp, { recursive: true, force: true });
        }
      });
    });
  }
}

module.exports = { generateTemplates, templateToXlsx, webExtensionParts, TemplatesPlugin };

if (require.main === module) {
  const outDir = path.resolve(root, process.env.DIST_DIR || "dist", "templates");
  // After `npm run build` (production): `node scripts/build-templates.cjs --production`.
  generateTemplates({ outDir, production: process.argv.includes("--production") || process.env.NODE_ENV === "production" })
    .then((out) => console.log(`build-templates: wrote ${out.length} templates to ${path.relative(root, outDir) || outDir}: ${out.map((o) => `${o.file} (${o.bytes.length} bytes)`).join(", ")}`))
    .catch((e) => {
      console.error(`build-templates failed: ${e && e.stack ? e.stack : e}`);
      process.exit(1);
    });
}

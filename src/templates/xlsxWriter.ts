/**
 * A small .xlsx writer (pure: no Office, no DOM, no library), for the share
 * copy the task pane builds in the browser. It writes what a share copy needs
 * and nothing more: values (numbers, text, booleans, errors), formulas with
 * their cached values (as dynamic-array formulas, cm="1", the way Excel 365
 * saves them, so they are not opened with implicit intersection), number
 * formats, bold/italic and a fill, column widths, frozen top rows, cell-value
 * and formula conditional formats, list validations, notes (legacy comments),
 * defined names, and workbook calc properties that do not force a
 * recalculation on open.
 *
 * Why not ExcelJS in the pane: it adds about a megabyte of script to the task
 * pane and pulls Node polyfills; this writer is a few kilobytes. The zip is
 * compressed with the platform's CompressionStream("deflate-raw") where it
 * exists (Chromium/WebView2, Safari 16.4+, Node 18+) and stored otherwise.
 *
 * Part layout follows ECMA-376 Part 1 (SpreadsheetML) as Excel writes it; the
 * dynamic-array metadata is the MS-XLSX XLDAPR record
 * (https://learn.microsoft.com/en-us/openspecs/office_standards/ms-xlsx/878c8ac4-8548-4bfb-9ad4-b1378e0efed1).
 */
import { columnLetters } from "../core/a1";

export type XValue = number | string | boolean | { error: string } | null;

export interface XCell {
  row: number;
  col: number;
  value: XValue;
  /** Formula without "=" (live formulas only; never an add-in call). */
  formula?: string;
  /** For a spilling live formula: the A1 range of its spill (anchor included). */
  arrayRef?: string;
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  /** Solid fill, "RRGGBB". */
  fill?: string;
  wrap?: boolean;
}

export interface XConditional {
  /** A1 ranges separated by spaces. */
  sqref: string;
  type: "cellIs" | "expression";
  operator?: "between" | "notBetween" | "equal" | "notEqual" | "greaterThan" | "lessThan" | "greaterThanOrEqual" | "lessThanOrEqual";
  /** Formulas without "=". */
  formulas: string[];
  fontColor?: string;
  fillColor?: string;
  bold?: boolean;
}

export interface XValidation {
  sqref: string;
  /** Literal list items. */
  list: string[];
  prompt?: string;
}

export interface XNote {
  row: number;
  col: number;
  text: string;
  author?: string;
}

export interface XSheet {
  name: string;
  /** Cells in any order. */
  cells: XCell[];
  /** Column widths in Excel's character units, by 0-based column (undefined = default). */
  colWidths?: (number | undefined)[];
  freezeRows?: number;
  conditional?: XConditional[];
  validations?: XValidation[];
  notes?: XNote[];
}

export interface XName {
  name: string;
  /** Formula without "=", e.g. "'Sheet 1'!$B$6". */
  formula: string;
  /** 0-based sheet index for a sheet-scoped name. */
  localSheet?: number;
}

export interface XBook {
  sheets: XSheet[];
  names?: XName[];
  title?: string;
  description?: string;
}

export interface WriteOptions {
  /** Compress with CompressionStream when available (default true). */
  compress?: boolean;
  /** Called every `progressEvery` rows so the caller can yield to the UI. */
  onProgress?: (rowsDone: number, rowsTotal: number) => Promise<void> | void;
  progressEvery?: number;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel 2019 / Microsoft 365 calculation engine id: a file with a lower id is fully recalculated on open. */
export const CALC_ID = 191029;

/** XML text: escaped, and without characters XML 1.0 forbids. */
export function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
export { quoteSheet };

function num(n: number): string {
  // Shortest round-trip representation; Excel reads full double precision.
  return Number.isFinite(n) ? String(n) : "0";
}

// ---------- styles ----------

class Styles {
  private numFmts = new Map<string, number>();
  private fonts = ["<font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"];
  private fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private xfIndex = new Map<string, number>([["0|0|0|0", 0]]);
  private dxfs: string[] = [];

  numFmtId(code: string | undefined): number {
    if (!code || code === "General") return 0;
    let id = this.numFmts.get(code);
    if (id === undefined) this.numFmts.set(code, (id = 164 + this.numFmts.size));
    return id;
  }

  private fontId(bold?: boolean, italic?: boolean): number {
    if (!bold && !italic) return 0;
    const xml = `<font>${bold ? "<b/>" : ""}${italic ? "<i/>" : ""}<sz val="11"/><name val="Calibri"/><family val="2"/></font>`;
    let i = this.fonts.indexOf(xml);
    if (i < 0) i = this.fonts.push(xml) - 1;
    return i;
  }

  private fillId(rgb?: string): number {
    if (!rgb) return 0;
    const xml = `<fill><patternFill patternType="solid"><fgColor rgb="FF${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
    let i = this.fills.indexOf(xml);
    if (i < 0) i = this.fills.push(xml) - 1;
    return i;
  }

  xf(c: Pick<XCell, "numFmt" | "bold" | "italic" | "fill" | "wrap">): number {
    const n = this.numFmtId(c.numFmt);
    const f = this.fontId(c.bold, c.italic);
    const fi = this.fillId(c.fill);
    const w = c.wrap ? 1 : 0;
    const k = `${n}|${f}|${fi}|${w}`;
    let i = this.xfIndex.get(k);
    if (i === undefined) {
      i = this.xfs.length;
      this.xfs.push(
        `<xf numFmtId="${n}" fontId="${f}" fillId="${fi}" borderId="0" xfId="0"${n ? ' applyNumberFormat="1"' : ""}${f ? ' applyFont="1"' : ""}${fi ? ' applyFill="1"' : ""}${w ? ' applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>' : "/>"}`,
      );
      this.xfIndex.set(k, i);
    }
    return i;
  }

  dxf(c: XConditional): number {
    const font = c.fontColor || c.bold ? `<font>${c.bold ? "<b/>" : ""}${c.fontColor ? `<color rgb="FF${c.fontColor}"/>` : ""}</font>` : "";
    const fill = c.fillColor ? `<fill><patternFill><bgColor rgb="FF${c.fillColor}"/></patternFill></fill>` : "";
    return this.dxfs.push(`<dxf>${font}${fill}</dxf>`) - 1;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${xmlText(code)}"/>`).join("");
    return (
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}">` +
      (this.numFmts.size ? `<numFmts count="${this.numFmts.size}">${numFmts}</numFmts>` : "") +
      `<fonts count="${this.fonts.length}">${this.fonts.join("")}</fonts>` +
      `<fills count="${this.fills.length}">${this.fills.join("")}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join("")}</dxfs>` +
      "</styleSheet>"
    );
  }
}

// ---------- sheet parts ----------

function cellXml(c: XCell, s: number): string {
  const r = a1(c.row, c.col);
  const st = s ? ` s="${s}"` : "";
  const v = c.value;
  if (c.formula !== undefined) {
    const f = `<f t="array" ref="${c.arrayRef ?? r}">${xmlText(c.formula)}</f>`;
    if (v === null || v === undefined) return `<c r="${r}"${st} cm="1">${f}</c>`;
    if (typeof v === "number") return `<c r="${r}"${st} cm="1">${f}<v>${num(v)}</v></c>`;
    if (typeof v === "boolean") return `<c r="${r}"${st} t="b" cm="1">${f}<v>${v ? 1 : 0}</v></c>`;
    if (typeof v === "object") return `<c r="${r}"${st} t="e" cm="1">${f}<v>${xmlText(v.error)}</v></c>`;
    return `<c r="${r}"${st} t="str" cm="1">${f}<v>${xmlText(v)}</v></c>`;
  }
  if (v === null || v === undefined || v === "") return `<c r="${r}"${st}/>`;
  if (typeof v === "number") return `<c r="${r}"${st}><v>${num(v)}</v></c>`;
  if (typeof v === "boolean") return `<c r="${r}"${st} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (typeof v === "object") return `<c r="${r}"${st} t="e"><v>${xmlText(v.error)}</v></c>`;
  return `<c r="${r}"${st} t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
}

async function sheetXml(sheet: XSheet, styles: Styles, hasNotes: boolean, opts: WriteOptions, done: { rows: number; total: number }): Promise<string> {
  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`);
  const freeze = sheet.freezeRows ?? 0;
  parts.push(
    freeze > 0
      ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${freeze}" topLeftCell="${a1(freeze, 0)}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
  );
  parts.push('<sheetFormatPr defaultRowHeight="15"/>');
  const widths = sheet.colWidths ?? [];
  const cols = widths.map((w, i) => (w === undefined ? "" : `<col min="${i + 1}" max="${i + 1}" width="${Math.max(0, Math.round(w * 100) / 100)}" customWidth="1"/>`)).join("");
  if (cols) parts.push(`<cols>${cols}</cols>`);
  parts.push("<sheetData>");
  const sorted = [...sheet.cells].sort((x, y) => x.row - y.row || x.col - y.col);
  const every = opts.progressEvery ?? 5000;
  let row = -1;
  let rowParts: string[] = [];
  const flush = () => {
    if (row >= 0) parts.push(`<row r="${row + 1}">${rowParts.join("")}</row>`);
    rowParts = [];
  };
  let lastReported = 0;
  for (const c of sorted) {
    if (c.row !== row) {
      flush();
      row = c.row;
      done.rows++;
      if (opts.onProgress && done.rows - lastReported >= every) {
        lastReported = done.rows;
        await opts.onProgress(done.rows, done.total);
      }
    }
    rowParts.push(cellXml(c, styles.xf(c)));
  }
  flush();
  parts.push("</sheetData>");
  let priority = 1;
  for (const cf of sheet.conditional ?? []) {
    const dxf = styles.dxf(cf);
    const op = cf.type === "cellIs" && cf.operator ? ` operator="${cf.operator}"` : "";
    parts.push(`<conditionalFormatting sqref="${cf.sqref}"><cfRule type="${cf.type}" dxfId="${dxf}" priority="${priority++}"${op}>${cf.formulas.map((f) => `<formula>${xmlText(f)}</formula>`).join("")}</cfRule></conditionalFormatting>`);
  }
  const dv = (sheet.validations ?? []).filter((v) => `"${v.list.join(",")}"`.length <= 257);
  if (dv.length) {
    parts.push(`<dataValidations count="${dv.length}">`);
    for (const v of dv) {
      const prompt = v.prompt ? ` showInputMessage="1" prompt="${xmlText(v.prompt.slice(0, 255))}"` : "";
      parts.push(`<dataValidation type="list" allowBlank="1" showErrorMessage="1"${prompt} sqref="${v.sqref}"><formula1>"${xmlText(v.list.join(","))}"</formula1></dataValidation>`);
    }
    parts.push("</dataValidations>");
  }
  if (hasNotes) parts.push('<legacyDrawing r:id="rIdVml"/>');
  parts.push("</worksheet>");
  return parts.join("");
}

function commentsXml(notes: XNote[]): string {
  const authors = [...new Set(notes.map((n) => n.author ?? ""))];
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN}"><authors>${authors.map((a) => `<author>${xmlText(a)}</author>`).join("")}</authors><commentList>` +
    notes.map((n) => `<comment ref="${a1(n.row, n.col)}" authorId="${authors.indexOf(n.author ?? "")}"><text><r><t xml:space="preserve">${xmlText(n.text)}</t></r></text></comment>`).join("") +
    "</commentList></comments>"
  );
}

function vmlXml(notes: XNote[], sheetIndex: number): string {
  const shapes = notes
    .map(
      (n, i) =>
        `<v:shape id="_x0000_s${sheetIndex * 1024 + 1025 + i}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:144pt;height:79pt;z-index:${i + 1};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">` +
        '<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>' +
        `<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${n.col + 1}, 15, ${Math.max(0, n.row - 1)}, 10, ${n.col + 3}, 15, ${n.row + 3}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>${n.row}</x:Row><x:Column>${n.col}</x:Column></x:ClientData></v:shape>`,
    )
    .join("");
  return (
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${sheetIndex + 1}"/></o:shapelayout>` +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>' +
    shapes +
    "</xml>"
  );
}

const METADATA_XML =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="${MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/** The whole workbook as .xlsx bytes. */
export async function writeXlsx(book: XBook, opts: WriteOptions = {}): Promise<Uint8Array> {
  const styles = new Styles();
  const files: [string, string][] = [];
  const done = { rows: 0, total: book.sheets.reduce((n, s) => n + new Set(s.cells.map((c) => c.row)).size, 0) };
  const overrides: string[] = [];
  let anyFormula = false;
  for (let i = 0; i < book.sheets.length; i++) {
    const sh = book.sheets[i];
    const notes = sh.notes ?? [];
    if (sh.cells.some((c) => c.formula !== undefined)) anyFormula = true;
    files.push([`xl/worksheets/sheet${i + 1}.xml`, await sheetXml(sh, styles, notes.length > 0, opts, done)]);
    overrides.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
    if (notes.length) {
      files.push([`xl/comments${i + 1}.xml`, commentsXml(notes)]);
      files.push([`xl/drawings/vmlDrawing${i + 1}.vml`, vmlXml(notes, i)]);
      files.push([
        `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rIdVml" Type="${REL}/vmlDrawing" Target="../drawings/vmlDrawing${i + 1}.vml"/><Relationship Id="rIdComments" Type="${REL}/comments" Target="../comments${i + 1}.xml"/></Relationships>`,
      ]);
      overrides.push(`<Override PartName="/xl/comments${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`);
    }
  }
  const sheetsXml = book.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rIdS${i + 1}"/>`).join("");
  const names = (book.names ?? []).map((n) => `<definedName name="${xmlText(n.name)}"${n.localSheet !== undefined ? ` localSheetId="${n.localSheet}"` : ""}>${xmlText(n.formula)}</definedName>`).join("");
  files.push([
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetsXml}</sheets>${names ? `<definedNames>${names}</definedNames>` : ""}<calcPr calcId="${CALC_ID}"/></workbook>`,
  ]);
  const wbRels = book.sheets.map((_, i) => `<Relationship Id="rIdS${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("");
  files.push([
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${wbRels}<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>${anyFormula ? `<Relationship Id="rIdMeta" Type="${REL}/sheetMetadata" Target="metadata.xml"/>` : ""}</Relationships>`,
  ]);
  files.push(["xl/styles.xml", styles.xml()]);
  if (anyFormula) {
    files.push(["xl/metadata.xml", METADATA_XML]);
    overrides.push('<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>');
  }
  const core =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
    `${book.title ? `<dc:title>${xmlText(book.title)}</dc:title>` : ""}${book.description ? `<dc:description>${xmlText(book.description)}</dc:description>` : ""}<dc:creator>Rare Earth Trade Modeler</dc:creator></cp:coreProperties>`;
  files.push(["docProps/core.xml", core]);
  files.push([
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      overrides.join("") +
      "</Types>",
  ]);
  files.push([
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  ]);
  // [Content_Types].xml first, as Excel writes it.
  files.sort((a, b) => (a[0] === "[Content_Types].xml" ? -1 : b[0] === "[Content_Types].xml" ? 1 : 0));
  return zip(files, opts.compress !== false);
}

// ---------- zip ----------

let crcTable: Uint32Array | undefined;
function crc32(data: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

type Compressor = { new (format: string): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } };

async function deflateRaw(data: Uint8Array): Promise<Uint8Array | undefined> {
  const CS = (globalThis as { CompressionStream?: Compressor }).CompressionStream;
  if (!CS) return undefined;
  try {
    const cs = new CS("deflate-raw");
    const writer = cs.writable.getWriter();
    void writer.write(data);
    void writer.close();
    const chunks: Uint8Array[] = [];
    const reader = cs.readable.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  } catch {
    return undefined; // "deflate-raw" unsupported: store
  }
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** A zip archive (deflate where the platform has it, else stored), no zip64 (parts under 4 GB). */
export async function zip(files: readonly [string, string | Uint8Array][], compress = true): Promise<Uint8Array> {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const data = typeof content === "string" ? utf8(content) : content;
    const nameBytes = utf8(name);
    const crc = crc32(data);
    const packed = compress ? await deflateRaw(data) : undefined;
    const method = packed ? 8 : 0;
    const body = packed ?? data;
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, method, true);
    lv.setUint16(10, 0, true);
    lv.setUint16(12, 0x21, true); // 1980-01-01
    lv.setUint32(14, crc, true);
    lv.setUint32(18, body.length, true);
    lv.setUint32(22, data.length, true);
    lv.setUint16(26, nameBytes.length, true);
    lv.setUint16(28, 0, true);
    local.set(nameBytes, 30);
    const central = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, body.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    central.set(nameBytes, 46);
    locals.push(local, body);
    centrals.push(central);
    offset += local.length + body.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, files.length, true);
  ev.setUint16(10, files.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let o = 0;
  for (const part of [...locals, ...centrals, end]) {
    out.set(part, o);
    o += part.length;
  }
  return out;
}

/**
 * A small .xlsx writer (pure: no Office, no DOM, no library), for the share
 * copy the task pane builds in the browser. It writes what a share copy needs
 * and nothing more: values (numbers, text, booleans, errors), formulas with
 * their cached values (as dynamic-array formulas, cm="1", the way Excel 365
 * saves them, so they are not opened with implicit intersection), number
 * formats, fonts, fills, borders and alignment, column widths and hidden
 * columns, row heights and hidden rows, merged cells, hyperlinks, frozen top
 * rows, cell-value and formula conditional formats, list validations, notes
 * (legacy comments), defined names (hidden ones stay hidden), and workbook
 * calc properties that do not force a recalculation on open. Formula text is
 * written as given: callers pass Excel's stored form (./storedForm.ts).
 *
 * Large sheets are streamed: a sheet may give its rows from a generator, and
 * each part is encoded and compressed piece by piece, so the whole sheet XML
 * never exists as one string (a 100,000 × 20 sheet is about 60 MB of XML).
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

/** A border line: ECMA-376 ST_BorderStyle and an "RRGGBB" colour. */
export interface XBorder {
  style: "thin" | "medium" | "thick" | "hair" | "dashed" | "dotted" | "double" | "mediumDashed" | "dashDot" | "mediumDashDot" | "dashDotDot" | "mediumDashDotDot" | "slantDashDot";
  color?: string;
}

/** How a cell looks beyond its number format (colours "RRGGBB"). */
export interface XStyle {
  font?: { name?: string; size?: number; bold?: boolean; italic?: boolean; underline?: "single" | "double" | "singleAccounting" | "doubleAccounting"; strike?: boolean; color?: string };
  fill?: string;
  border?: { top?: XBorder; bottom?: XBorder; left?: XBorder; right?: XBorder };
  align?: { h?: "left" | "center" | "right" | "fill" | "justify" | "centerContinuous" | "distributed"; v?: "top" | "center" | "bottom" | "justify" | "distributed"; wrap?: boolean; indent?: number };
}

export interface XCell {
  row: number;
  col: number;
  value: XValue;
  /** Formula without "=", in Excel's stored form (live formulas only; never an add-in call). */
  formula?: string;
  /** For a spilling live formula: the A1 range of its spill (anchor included). */
  arrayRef?: string;
  numFmt?: string;
  bold?: boolean;
  italic?: boolean;
  /** Solid fill, "RRGGBB". */
  fill?: string;
  wrap?: boolean;
  /** The full look (overrides bold/italic/fill/wrap). Share one object between cells that look alike. */
  style?: XStyle;
  /** The cell's style index when the row generator got it from `xfOf` (then numFmt and the look fields are not read). */
  s?: number;
}

/** Gives the style index of a number format and a look (for row generators: cache it per distinct pair). */
export type XfOf = (numFmt: string | undefined, style: XStyle | undefined) => number;

/** A row given by a sheet's row generator: its cells (in column order), height and visibility. */
export interface XRow {
  row: number;
  cells: XCell[];
  /** Height in points (a custom height). */
  height?: number;
  hidden?: boolean;
}

export interface XConditional {
  /** A1 ranges separated by spaces. */
  sqref: string;
  type: "cellIs" | "expression";
  operator?: "between" | "notBetween" | "equal" | "notEqual" | "greaterThan" | "lessThan" | "greaterThanOrEqual" | "lessThanOrEqual";
  /** Formulas without "=" (stored form). */
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

export interface XHyperlink {
  /** The cell (A1). */
  ref: string;
  /** An external address (URL, mailto:, file path). */
  target?: string;
  /** A place in this workbook ("'Sheet 1'!A3"). */
  location?: string;
  tooltip?: string;
}

export interface XSheet {
  name: string;
  /** Cells in any order (small sheets; for a streamed sheet, its rows' cells gathered, for tests). */
  cells: XCell[];
  /** Rows in increasing order (large sheets, streamed); when given, `cells` is not read. */
  rows?: (xfOf: XfOf) => Iterable<XRow>;
  /** How many rows `rows` gives (for progress). */
  rowCount?: number;
  /** Column widths in Excel's character units, by 0-based column (undefined = default). */
  colWidths?: (number | undefined)[];
  /** 0-based columns that are hidden. */
  hiddenCols?: number[];
  freezeRows?: number;
  /** Merged areas, A1 ranges ("A2:C2"). */
  merges?: string[];
  conditional?: XConditional[];
  validations?: XValidation[];
  notes?: XNote[];
  hyperlinks?: XHyperlink[];
}

export interface XName {
  name: string;
  /** Formula without "=", e.g. "'Sheet 1'!$B$6" (stored form). */
  formula: string;
  /** 0-based sheet index for a sheet-scoped name. */
  localSheet?: number;
  /** Hidden from the Name Manager, as it was in the original. */
  hidden?: boolean;
}

export interface XBook {
  sheets: XSheet[];
  /** The workbook's default (Normal) font; Calibri 11 when absent. */
  defaultFont?: { name: string; size: number };
  names?: XName[];
  title?: string;
  description?: string;
}

export interface WriteOptions {
  /** Compress with CompressionStream when available (default true). */
  compress?: boolean;
  /** Called every `progressEvery` rows so the caller can yield to the UI (or throw to stop). */
  onProgress?: (rowsDone: number, rowsTotal: number) => Promise<void> | void;
  progressEvery?: number;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
/** Excel 2019 / Microsoft 365 calculation engine id: a file with a lower id is fully recalculated on open. */
export const CALC_ID = 191029;
/** Excel's default column width in characters (Calibri 11). */
const DEFAULT_COL_WIDTH = 8.43;

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

const hex = (c: string | undefined) => (c && /^[0-9A-Fa-f]{6}$/.test(c) ? c.toUpperCase() : undefined);

// ---------- styles ----------

class Styles {
  private numFmts = new Map<string, number>();
  private fonts: string[];
  private fontIndex: Map<string, number>;
  constructor(private readonly normal = { name: "Calibri", size: 11 }) {
    this.fonts = [this.fontXml({})];
    this.fontIndex = new Map([[this.fonts[0], 0]]);
  }
  private fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>'];
  private borders = ["<border><left/><right/><top/><bottom/><diagonal/></border>"];
  private xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private xfIndex = new Map<string, number>([["0|0|0|0|", 0]]);
  private dxfs: string[] = [];
  /** Per look object: its font, fill, border and alignment parts (computed once). */
  private parts = new WeakMap<XStyle, [number, number, number, string]>();
  /** Per look object and number format: the xf. */
  private byStyle = new WeakMap<XStyle, Map<string, number>>();

  numFmtId(code: string | undefined): number {
    if (!code || code === "General") return 0;
    let id = this.numFmts.get(code);
    if (id === undefined) this.numFmts.set(code, (id = 164 + this.numFmts.size));
    return id;
  }

  private index(list: string[], map: Map<string, number> | undefined, xml: string): number {
    if (map) {
      let i = map.get(xml);
      if (i === undefined) map.set(xml, (i = list.push(xml) - 1));
      return i;
    }
    let i = list.indexOf(xml);
    if (i < 0) i = list.push(xml) - 1;
    return i;
  }

  private fontXml(f: NonNullable<XStyle["font"]>): string {
    const color = hex(f.color);
    return (
      "<font>" +
      (f.bold ? "<b/>" : "") +
      (f.italic ? "<i/>" : "") +
      (f.strike ? "<strike/>" : "") +
      (f.underline ? (f.underline === "single" ? "<u/>" : `<u val="${f.underline}"/>`) : "") +
      `<sz val="${f.size ?? this.normal.size}"/>` +
      (color ? `<color rgb="FF${color}"/>` : "") +
      `<name val="${xmlText(f.name ?? this.normal.name)}"/><family val="2"/></font>`
    );
  }

  private fillXml(rgb: string): string {
    return `<fill><patternFill patternType="solid"><fgColor rgb="FF${rgb}"/><bgColor indexed="64"/></patternFill></fill>`;
  }

  private borderXml(b: NonNullable<XStyle["border"]>): string {
    const side = (tag: string, x?: XBorder) => {
      if (!x) return `<${tag}/>`;
      const color = hex(x.color);
      return `<${tag} style="${x.style}">${color ? `<color rgb="FF${color}"/>` : '<color indexed="64"/>'}</${tag}>`;
    };
    return `<border>${side("left", b.left)}${side("right", b.right)}${side("top", b.top)}${side("bottom", b.bottom)}<diagonal/></border>`;
  }

  private styleParts(st: XStyle): [number, number, number, string] {
    let p = this.parts.get(st);
    if (!p) {
      const font = st.font ? this.index(this.fonts, this.fontIndex, this.fontXml(st.font)) : 0;
      const fillRgb = hex(st.fill);
      const fill = fillRgb ? this.index(this.fills, undefined, this.fillXml(fillRgb)) : 0;
      const b = st.border;
      const border = b && (b.top || b.bottom || b.left || b.right) ? this.index(this.borders, undefined, this.borderXml(b)) : 0;
      const a = st.align;
      const align =
        a && (a.h || a.v || a.wrap || a.indent)
          ? `<alignment${a.h ? ` horizontal="${a.h}"` : ""}${a.v ? ` vertical="${a.v}"` : ""}${a.wrap ? ' wrapText="1"' : ""}${a.indent ? ` indent="${Math.round(a.indent)}"` : ""}/>`
          : "";
      p = [font, fill, border, align];
      this.parts.set(st, p);
    }
    return p;
  }

  private xfOf(n: number, font: number, fill: number, border: number, align: string): number {
    const k = `${n}|${font}|${fill}|${border}|${align}`;
    let i = this.xfIndex.get(k);
    if (i === undefined) {
      i = this.xfs.length;
      this.xfs.push(
        `<xf numFmtId="${n}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${n ? ' applyNumberFormat="1"' : ""}${font ? ' applyFont="1"' : ""}${fill ? ' applyFill="1"' : ""}${border ? ' applyBorder="1"' : ""}${align ? ` applyAlignment="1">${align}</xf>` : "/>"}`,
      );
      this.xfIndex.set(k, i);
    }
    return i;
  }

  xf(c: Pick<XCell, "numFmt" | "bold" | "italic" | "fill" | "wrap" | "style">): number {
    if (c.style) {
      const code = c.numFmt ?? "";
      let m = this.byStyle.get(c.style);
      if (!m) this.byStyle.set(c.style, (m = new Map()));
      let i = m.get(code);
      if (i === undefined) {
        const [font, fill, border, align] = this.styleParts(c.style);
        m.set(code, (i = this.xfOf(this.numFmtId(c.numFmt), font, fill, border, align)));
      }
      return i;
    }
    if (!c.numFmt && !c.bold && !c.italic && !c.fill && !c.wrap) return 0;
    const font = c.bold || c.italic ? this.index(this.fonts, this.fontIndex, this.fontXml({ bold: c.bold, italic: c.italic })) : 0;
    const rgb = hex(c.fill);
    const fill = rgb ? this.index(this.fills, undefined, this.fillXml(rgb)) : 0;
    return this.xfOf(this.numFmtId(c.numFmt), font, fill, 0, c.wrap ? '<alignment wrapText="1" vertical="top"/>' : "");
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
      `<borders count="${this.borders.length}">${this.borders.join("")}</borders>` +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.xfs.length}">${this.xfs.join("")}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      `<dxfs count="${this.dxfs.length}">${this.dxfs.join("")}</dxfs>` +
      "</styleSheet>"
    );
  }
}

// ---------- sheet parts ----------

/** Column letters by index, computed once per column. */
const LETTERS: string[] = [];
function cellRef(row: number, col: number): string {
  return (LETTERS[col] ??= columnLetters(col)) + (row + 1);
}

function cellXml(c: XCell, s: number): string {
  const r = cellRef(c.row, c.col);
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

/** Rows of a sheet: its generator, or its cells grouped by row. */
function* rowsOf(sheet: XSheet, styles: Styles): Iterable<XRow> {
  if (sheet.rows) {
    yield* sheet.rows((numFmt, style) => styles.xf({ numFmt, style }));
    return;
  }
  const sorted = [...sheet.cells].sort((x, y) => x.row - y.row || x.col - y.col);
  let i = 0;
  while (i < sorted.length) {
    const row = sorted[i].row;
    const cells: XCell[] = [];
    while (i < sorted.length && sorted[i].row === row) cells.push(sorted[i++]);
    yield { row, cells };
  }
}

function rowCount(sheet: XSheet): number {
  if (sheet.rows) return sheet.rowCount ?? 0;
  return new Set(sheet.cells.map((c) => c.row)).size;
}

/** The sheet's XML in pieces (rows in batches), so it is never one string. */
async function* sheetXml(sheet: XSheet, styles: Styles, rels: { notes: boolean; links: Map<string, string> }, opts: WriteOptions, done: { rows: number; total: number }): AsyncGenerator<string> {
  const head: string[] = [`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}">`];
  const freeze = sheet.freezeRows ?? 0;
  head.push(
    freeze > 0
      ? `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${freeze}" topLeftCell="${a1(freeze, 0)}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
  );
  head.push('<sheetFormatPr defaultRowHeight="15"/>');
  const widths = sheet.colWidths ?? [];
  const hidden = new Set(sheet.hiddenCols ?? []);
  const colIdx = [...new Set([...widths.map((w, i) => (w === undefined ? -1 : i)).filter((i) => i >= 0), ...hidden])].sort((x, y) => x - y);
  const cols = colIdx
    .map((i) => {
      const w = widths[i];
      return `<col min="${i + 1}" max="${i + 1}" width="${w === undefined ? DEFAULT_COL_WIDTH : Math.max(0, Math.round(w * 100) / 100)}"${w === undefined ? "" : ' customWidth="1"'}${hidden.has(i) ? ' hidden="1"' : ""}/>`;
    })
    .join("");
  if (cols) head.push(`<cols>${cols}</cols>`);
  head.push("<sheetData>");
  yield head.join("");
  const every = opts.progressEvery ?? 5000;
  let lastReported = done.rows;
  let batch: string[] = [];
  for (const row of rowsOf(sheet, styles)) {
    const attrs = `${row.height !== undefined ? ` ht="${Math.round(row.height * 100) / 100}" customHeight="1"` : ""}${row.hidden ? ' hidden="1"' : ""}`;
    let xml = `<row r="${row.row + 1}"${attrs}>`;
    for (const c of row.cells) xml += cellXml(c, c.s ?? styles.xf(c));
    batch.push(xml + "</row>");
    done.rows++;
    if (batch.length >= 500) {
      yield batch.join("");
      batch = [];
    }
    if (opts.onProgress && done.rows - lastReported >= every) {
      lastReported = done.rows;
      await opts.onProgress(done.rows, done.total);
    }
  }
  batch.push("</sheetData>");
  if (sheet.merges?.length) batch.push(`<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>`);
  let priority = 1;
  for (const cf of sheet.conditional ?? []) {
    const dxf = styles.dxf(cf);
    const op = cf.type === "cellIs" && cf.operator ? ` operator="${cf.operator}"` : "";
    batch.push(`<conditionalFormatting sqref="${cf.sqref}"><cfRule type="${cf.type}" dxfId="${dxf}" priority="${priority++}"${op}>${cf.formulas.map((f) => `<formula>${xmlText(f)}</formula>`).join("")}</cfRule></conditionalFormatting>`);
  }
  const dv = (sheet.validations ?? []).filter((v) => `"${v.list.join(",")}"`.length <= 257);
  if (dv.length) {
    batch.push(`<dataValidations count="${dv.length}">`);
    for (const v of dv) {
      const prompt = v.prompt ? ` showInputMessage="1" prompt="${xmlText(v.prompt.slice(0, 255))}"` : "";
      batch.push(`<dataValidation type="list" allowBlank="1" showErrorMessage="1"${prompt} sqref="${v.sqref}"><formula1>"${xmlText(v.list.join(","))}"</formula1></dataValidation>`);
    }
    batch.push("</dataValidations>");
  }
  const links = sheet.hyperlinks ?? [];
  if (links.length) {
    batch.push("<hyperlinks>");
    for (const h of links) {
      const tip = h.tooltip ? ` tooltip="${xmlText(h.tooltip.slice(0, 255))}"` : "";
      if (h.target !== undefined) batch.push(`<hyperlink ref="${h.ref}" r:id="${rels.links.get(h.ref)}"${h.location ? ` location="${xmlText(h.location)}"` : ""}${tip}/>`);
      else batch.push(`<hyperlink ref="${h.ref}" location="${xmlText(h.location ?? "")}"${tip}/>`);
    }
    batch.push("</hyperlinks>");
  }
  if (rels.notes) batch.push('<legacyDrawing r:id="rIdVml"/>');
  batch.push("</worksheet>");
  yield batch.join("");
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

/** A part of the package: its text, or its text in pieces (streamed). */
type Part = [string, string | Uint8Array | (() => AsyncIterable<string>)];

/** The whole workbook as .xlsx bytes. */
export async function writeXlsx(book: XBook, opts: WriteOptions = {}): Promise<Uint8Array> {
  const styles = new Styles(book.defaultFont);
  const total = book.sheets.reduce((n, s) => n + rowCount(s), 0);
  const done = { rows: 0, total };
  const overrides: string[] = [];
  // Dynamic-array metadata is needed when any sheet has a formula; a streamed sheet may have one, so it is declared then too.
  const anyFormula = book.sheets.some((s) => !!s.rows || s.cells.some((c) => c.formula !== undefined));
  const files: Part[] = [];
  const sheetParts: Part[] = [];
  for (let i = 0; i < book.sheets.length; i++) {
    const sh = book.sheets[i];
    const notes = sh.notes ?? [];
    const external = (sh.hyperlinks ?? []).filter((h) => h.target !== undefined);
    const links = new Map(external.map((h, j) => [h.ref, `rIdH${j + 1}`]));
    sheetParts.push([`xl/worksheets/sheet${i + 1}.xml`, () => sheetXml(sh, styles, { notes: notes.length > 0, links }, opts, done)]);
    overrides.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`);
    const rels: string[] = [];
    if (notes.length) {
      sheetParts.push([`xl/comments${i + 1}.xml`, commentsXml(notes)]);
      sheetParts.push([`xl/drawings/vmlDrawing${i + 1}.vml`, vmlXml(notes, i)]);
      rels.push(`<Relationship Id="rIdVml" Type="${REL}/vmlDrawing" Target="../drawings/vmlDrawing${i + 1}.vml"/><Relationship Id="rIdComments" Type="${REL}/comments" Target="../comments${i + 1}.xml"/>`);
      overrides.push(`<Override PartName="/xl/comments${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>`);
    }
    for (const h of external) rels.push(`<Relationship Id="${links.get(h.ref)}" Type="${REL}/hyperlink" Target="${xmlText(h.target!)}" TargetMode="External"/>`);
    if (rels.length) sheetParts.push([`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${rels.join("")}</Relationships>`]);
  }
  const sheetsXml = book.sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rIdS${i + 1}"/>`).join("");
  const names = (book.names ?? [])
    .map((n) => `<definedName name="${xmlText(n.name)}"${n.localSheet !== undefined ? ` localSheetId="${n.localSheet}"` : ""}${n.hidden ? ' hidden="1"' : ""}>${xmlText(n.formula)}</definedName>`)
    .join("");
  if (anyFormula) overrides.push('<Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/>');
  // [Content_Types].xml first, as Excel writes it.
  files.push([
    "[Content_Types].xml",
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
      overrides.join("") +
      "</Types>",
  ]);
  files.push(...sheetParts);
  files.push([
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>${sheetsXml}</sheets>${names ? `<definedNames>${names}</definedNames>` : ""}<calcPr calcId="${CALC_ID}"/></workbook>`,
  ]);
  const wbRels = book.sheets.map((_, i) => `<Relationship Id="rIdS${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join("");
  files.push([
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${wbRels}<Relationship Id="rIdStyles" Type="${REL}/styles" Target="styles.xml"/>${anyFormula ? `<Relationship Id="rIdMeta" Type="${REL}/sheetMetadata" Target="metadata.xml"/>` : ""}</Relationships>`,
  ]);
  // Styles last among the xl parts: every sheet has added its looks by then.
  files.push(["xl/styles.xml", async function* () {
    yield styles.xml();
  }]);
  if (anyFormula) files.push(["xl/metadata.xml", METADATA_XML]);
  const core =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
    `${book.title ? `<dc:title>${xmlText(book.title)}</dc:title>` : ""}${book.description ? `<dc:description>${xmlText(book.description)}</dc:description>` : ""}<dc:creator>Rare Earth Trade Modeler</dc:creator></cp:coreProperties>`;
  files.push(["docProps/core.xml", core]);
  files.push([
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  ]);
  return zip(files, opts.compress !== false);
}

// ---------- zip ----------

let crcTable: Uint32Array | undefined;
/** CRC-32 of `data`, continuing from `crc` (0 to start). */
function crc32(data: Uint8Array, crc = 0): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  const t = crcTable;
  let x = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) x = t[(x ^ data[i]) & 0xff] ^ (x >>> 8);
  return (x ^ 0xffffffff) >>> 0;
}

type Compressor = { new (format: string): { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } };

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

const encoder = new TextEncoder();

/** One part's bytes: deflated where the platform can (CompressionStream "deflate-raw"), else stored; CRC and size of the original. */
async function pack(content: Part[1], compress: boolean): Promise<{ body: Uint8Array; crc: number; size: number; method: number }> {
  const pieces: AsyncIterable<string | Uint8Array> =
    typeof content === "function"
      ? content()
      : (async function* () {
          yield content;
        })();
  const CS = compress ? (globalThis as { CompressionStream?: Compressor }).CompressionStream : undefined;
  let cs: InstanceType<Compressor> | undefined;
  try {
    cs = CS ? new CS("deflate-raw") : undefined;
  } catch {
    cs = undefined; // "deflate-raw" unsupported: store
  }
  let crc = 0;
  let size = 0;
  if (!cs) {
    const chunks: Uint8Array[] = [];
    for await (const piece of pieces) {
      const bytes = typeof piece === "string" ? encoder.encode(piece) : piece;
      crc = crc32(bytes, crc);
      size += bytes.length;
      chunks.push(bytes);
    }
    return { body: concat(chunks, size), crc, size, method: 0 };
  }
  const writer = cs.writable.getWriter();
  const reader = cs.readable.getReader();
  const out: Uint8Array[] = [];
  let outLength = 0;
  const pump = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      out.push(value);
      outLength += value.length;
    }
  })();
  try {
    for await (const piece of pieces) {
      const bytes = typeof piece === "string" ? encoder.encode(piece) : piece;
      crc = crc32(bytes, crc);
      size += bytes.length;
      await writer.write(bytes);
    }
    await writer.close();
    await pump;
  } catch (e) {
    await writer.abort(e).catch(() => undefined);
    await pump.catch(() => undefined);
    throw e;
  }
  return { body: concat(out, outLength), crc, size, method: 8 };
}

/** A zip archive (deflate where the platform has it, else stored), no zip64 (parts under 4 GB). Parts may be streamed. */
export async function zip(files: readonly Part[], compress = true): Promise<Uint8Array> {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const [name, content] of files) {
    const nameBytes = encoder.encode(name);
    const { body, crc, size, method } = await pack(content, compress);
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
    lv.setUint32(22, size, true);
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
    cv.setUint32(24, size, true);
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
  return concat([...locals, ...centrals, end], offset + centralSize + 22);
}

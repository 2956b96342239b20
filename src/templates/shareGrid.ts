/**
 * What the share copy reads of a sheet, kept compact (pure: no Office).
 *
 * Office returns each chunk of a sheet as four 2-D arrays of JSON values
 * (formulas, values, value types, number formats). Held as they come, a
 * 100,000 × 20 sheet is eight million JavaScript values, about 1.8 GB in Node
 * and more than a task pane's WebView will give. The grid copies each chunk
 * into typed arrays as it arrives (a kind byte, a number, an index into a
 * string table, a number-format index and a look index per cell) and parses
 * the chunk's formulas for the dependency analysis (ParsedSheet, share.ts)
 * at once, so the chunk's arrays can be dropped before the next is read.
 */
import { isFormulaCell, ParsedSheet } from "./share";
import type { XBorder, XStyle } from "./xlsxWriter";
import type { EntityValue } from "../core/cards";

export const KIND_EMPTY = 0;
export const KIND_NUMBER = 1;
export const KIND_TEXT = 2;
export const KIND_BOOL = 3;
export const KIND_ERROR = 4;
/** A value Office could not flatten (an array or an entity): stored as #VALUE!. */
export const KIND_OBJECT = 5;

const ERROR_TEXT = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|BUSY!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!)/;

export class SheetGrid {
  readonly kind: Uint8Array;
  readonly num: Float64Array;
  /** Index into `texts` of a text or error value, or of a formula in `formulas`. */
  readonly textAt: Int32Array;
  readonly formulaAt: Int32Array;
  readonly texts: string[] = [];
  readonly formulas: string[] = [];
  /** Number format per cell: index into `numFmts` (0 = General). */
  readonly numFmt: Uint16Array;
  readonly numFmts: string[] = ["General"];
  private numFmtIndex = new Map<string, number>([["General", 0]]);
  /** Look (font, fill, borders, alignment) per cell: index into `styles` (0 = none read). Allocated on first use. */
  style?: Uint32Array;
  readonly styles: (XStyle | undefined)[] = [undefined];
  /** Per look: whether an empty cell with it shows anything (a fill or a border), so it is written. */
  readonly styleShows: boolean[] = [false];
  private styleIndex = new Map<string, number>();
  /** "r,c" (absolute) → the entity value (a TRADE.CARD card, a linked data type) shown there. */
  entities?: ReadonlyMap<string, EntityValue>;
  /** The formula cells, parsed for the dependency analysis, in row-major order. */
  readonly parsed: ParsedSheet;
  /** Characters of text read (values and formulas): the size budget counts them. */
  textChars = 0;
  /** Rows filled so far (chunks arrive in order). */
  filledRows = 0;

  constructor(
    readonly name: string,
    readonly row0: number,
    readonly col0: number,
    readonly rows: number,
    readonly cols: number,
  ) {
    const n = rows * cols;
    this.kind = new Uint8Array(n);
    this.num = new Float64Array(n);
    this.textAt = new Int32Array(n).fill(-1);
    this.formulaAt = new Int32Array(n).fill(-1);
    this.numFmt = new Uint16Array(n);
    this.parsed = new ParsedSheet(name);
  }

  get spills(): Map<string, { rows: number; cols: number }> {
    return this.parsed.spills;
  }

  /**
   * Copies one chunk (rows starting at absolute row `r0`, every column of the
   * grid) as Office returned it. Chunks must come in row order.
   */
  addChunk(r0: number, formulas: unknown[][], values: unknown[][], types: unknown[][], numberFormats?: unknown[][]): void {
    const i0 = r0 - this.row0;
    for (let i = 0; i < formulas.length; i++) {
      const fr = formulas[i];
      const vr = values[i] ?? [];
      const tr = types[i] ?? [];
      const nr = numberFormats?.[i];
      const base = (i0 + i) * this.cols;
      for (let j = 0; j < this.cols; j++) {
        const k = base + j;
        const f = fr[j];
        const v = vr[j];
        this.setValue(k, v, tr[j]);
        if (isFormulaCell(f, v)) {
          this.formulaAt[k] = this.formulas.push(f) - 1;
          this.textChars += f.length;
          this.parsed.add(r0 + i, this.col0 + j, f);
        }
        const nf = nr?.[j];
        if (typeof nf === "string" && nf !== "General") this.numFmt[k] = this.numFmtId(nf);
      }
    }
    this.filledRows = Math.max(this.filledRows, i0 + formulas.length);
  }

  private setValue(k: number, v: unknown, t: unknown): void {
    if (v === null || v === undefined || v === "") return;
    if (t === "Error" || (t === undefined && typeof v === "string" && ERROR_TEXT.test(v))) {
      this.kind[k] = KIND_ERROR;
      this.textAt[k] = this.texts.push(String(v)) - 1;
    } else if (typeof v === "number") {
      if (Number.isFinite(v)) {
        this.kind[k] = KIND_NUMBER;
        this.num[k] = v;
      } else {
        this.kind[k] = KIND_ERROR;
        this.textAt[k] = this.texts.push("#NUM!") - 1;
      }
    } else if (typeof v === "boolean") {
      this.kind[k] = KIND_BOOL;
      this.num[k] = v ? 1 : 0;
    } else if (typeof v === "object") this.kind[k] = KIND_OBJECT;
    else {
      const s = String(v);
      this.kind[k] = KIND_TEXT;
      this.textAt[k] = this.texts.push(s) - 1;
      this.textChars += s.length;
    }
  }

  numFmtId(code: string): number {
    let id = this.numFmtIndex.get(code);
    if (id === undefined) {
      id = this.numFmts.push(code) - 1;
      this.numFmtIndex.set(code, id);
    }
    return id;
  }

  /** Index (absolute row and column) of a cell, or -1 outside the grid. */
  index(r: number, c: number): number {
    const i = r - this.row0;
    const j = c - this.col0;
    return i >= 0 && i < this.rows && j >= 0 && j < this.cols ? i * this.cols + j : -1;
  }

  /** Sets the look of a cell (absolute row and column); identical looks share one entry. */
  setStyle(r: number, c: number, style: XStyle | undefined): void {
    const k = this.index(r, c);
    if (k < 0) return;
    if (!style) {
      if (this.style) this.style[k] = 0;
      return;
    }
    const id = this.styleId(style);
    if (!this.style) this.style = new Uint32Array(this.rows * this.cols);
    this.style[k] = id;
  }

  /** Sets one look for a column's cells from row r0 to r1 (absolute, inclusive). */
  fillStyle(r0: number, r1: number, c: number, style: XStyle | undefined): void {
    const id = style ? this.styleId(style) : 0;
    if (!id && !this.style) return;
    if (!this.style) this.style = new Uint32Array(this.rows * this.cols);
    for (let r = r0; r <= r1; r++) {
      const k = this.index(r, c);
      if (k >= 0) this.style[k] = id;
    }
  }

  private styleId(style: XStyle): number {
    const key = JSON.stringify(style);
    let id = this.styleIndex.get(key);
    if (id === undefined) {
      id = this.styles.push(style) - 1;
      this.styleShows.push(!!style.fill || !!(style.border && (style.border.top || style.border.bottom || style.border.left || style.border.right)));
      this.styleIndex.set(key, id);
    }
    return id;
  }

  /** The stored value of a cell by index: number, text, boolean, { error }, or null. */
  valueAt(k: number): number | string | boolean | { error: string } | null {
    switch (this.kind[k]) {
      case KIND_NUMBER:
        return this.num[k];
      case KIND_TEXT:
        return this.texts[this.textAt[k]];
      case KIND_BOOL:
        return this.num[k] === 1;
      case KIND_ERROR:
        return { error: this.texts[this.textAt[k]] };
      case KIND_OBJECT:
        return { error: "#VALUE!" };
      default:
        return null;
    }
  }

  formula(k: number): string | undefined {
    const i = this.formulaAt[k];
    return i >= 0 ? this.formulas[i] : undefined;
  }
}

// ---------- Looks as Office reports them → the writer's ----------

/** A cell's format as Range.format (a uniform block) or Range.getCellProperties reports it (ExcelApi 1.9). */
export interface OfficeLook {
  font?: { name?: string | null; size?: number | null; color?: string | null; bold?: boolean | null; italic?: boolean | null; underline?: string | null; strikethrough?: boolean | null };
  /** A fill colour, or { color, pattern } from getCellProperties ("None" = no fill). */
  fill?: string | null | { color?: string | null; pattern?: string | null };
  borders?: Partial<Record<"top" | "bottom" | "left" | "right", { style?: string | null; color?: string | null; weight?: string | null } | undefined>>;
  horizontalAlignment?: string | null;
  verticalAlignment?: string | null;
  wrapText?: boolean | null;
  indentLevel?: number | null;
}

/** The workbook's Normal font: a cell in it needs no font of its own. */
export interface NormalFont {
  name: string;
  size: number;
  color?: string;
}

const UNDERLINE: Record<string, NonNullable<XStyle["font"]>["underline"]> = { Single: "single", Double: "double", SingleAccountant: "singleAccounting", DoubleAccountant: "doubleAccounting" };
const H_ALIGN: Record<string, NonNullable<XStyle["align"]>["h"]> = { Left: "left", Center: "center", Right: "right", Fill: "fill", Justify: "justify", CenterAcrossSelection: "centerContinuous", Distributed: "distributed" };
const V_ALIGN: Record<string, NonNullable<XStyle["align"]>["v"]> = { Top: "top", Center: "center", Justify: "justify", Distributed: "distributed" };
/** Office's border style × weight → ECMA-376 ST_BorderStyle. */
function borderStyle(style: string, weight?: string | null): XBorder["style"] | undefined {
  const heavy = weight === "Medium" || weight === "Thick";
  switch (style) {
    case "Continuous":
      return weight === "Hairline" ? "hair" : weight === "Medium" ? "medium" : weight === "Thick" ? "thick" : "thin";
    case "Dash":
      return heavy ? "mediumDashed" : "dashed";
    case "DashDot":
      return heavy ? "mediumDashDot" : "dashDot";
    case "DashDotDot":
      return heavy ? "mediumDashDotDot" : "dashDotDot";
    case "Dot":
      return "dotted";
    case "Double":
      return "double";
    case "SlantDashDot":
      return "slantDashDot";
    default:
      return undefined; // None
  }
}

const rgb = (c: string | null | undefined): string | undefined => {
  const m = c ? /^#?([0-9A-Fa-f]{6})$/.exec(c.trim()) : null;
  return m ? m[1].toUpperCase() : undefined;
};

/**
 * The writer's look for a cell's Office format; undefined for a plain cell
 * (Normal font, no fill, no borders, general alignment). Unknown (null)
 * parts are left out.
 */
export function lookFromOffice(f: OfficeLook, normal: NormalFont): XStyle | undefined {
  const out: XStyle = {};
  const font = f.font;
  if (font) {
    const x: NonNullable<XStyle["font"]> = {};
    if (font.bold) x.bold = true;
    if (font.italic) x.italic = true;
    if (font.strikethrough) x.strike = true;
    const u = font.underline ? UNDERLINE[font.underline] : undefined;
    if (u) x.underline = u;
    const color = rgb(font.color);
    if (color && color !== (rgb(normal.color) ?? "000000")) x.color = color;
    const name = font.name ?? normal.name;
    const size = font.size ?? normal.size;
    if (Object.keys(x).length || name !== normal.name || size !== normal.size) out.font = { name, size, ...x };
  }
  const fill = typeof f.fill === "object" && f.fill !== null ? f.fill : { color: f.fill, pattern: undefined };
  const fillRgb = rgb(fill.color);
  // No fill reads as white in Range.format; getCellProperties says "None" as its pattern.
  if (fillRgb && fill.pattern !== "None" && !(fill.pattern === undefined && fillRgb === "FFFFFF")) out.fill = fillRgb;
  const border: NonNullable<XStyle["border"]> = {};
  for (const side of ["top", "bottom", "left", "right"] as const) {
    const b = f.borders?.[side];
    const st = b?.style ? borderStyle(b.style, b.weight) : undefined;
    if (st) border[side] = { style: st, color: rgb(b!.color) };
  }
  if (Object.keys(border).length) out.border = border;
  const align: NonNullable<XStyle["align"]> = {};
  const h = f.horizontalAlignment ? H_ALIGN[f.horizontalAlignment] : undefined;
  const v = f.verticalAlignment ? V_ALIGN[f.verticalAlignment] : undefined;
  if (h) align.h = h;
  if (v) align.v = v;
  if (f.wrapText) align.wrap = true;
  if (f.indentLevel) align.indent = f.indentLevel;
  if (Object.keys(align).length) out.align = align;
  return Object.keys(out).length ? out : undefined;
}

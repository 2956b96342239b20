/**
 * Reads a generated template .xlsx the way another reader would: ExcelJS
 * (cells, formulas, cached results) and JSZip (sheet-scoped defined names from
 * xl/workbook.xml, which ExcelJS does not model), and loads it into HyperFormula
 * with the TRADE functions registered. Add-in calls are stored in the file as
 * Excel saves them (`_xldudf_TRADE_X(`); the loader maps them back to
 * `TRADE.X(` for HyperFormula, as Excel binds them to the add-in.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { HyperFormula } from "hyperformula";
import { HF_CONFIG, registerTrade } from "../hyperformula-adapter";
import { toUiFormula } from "../../src/templates/addinNames";

export interface LoadedName {
  name: string;
  localSheetId?: number;
  ref: string;
}

export interface Loaded {
  hf: HyperFormula;
  sheetId: number;
  sheetName: string;
  names: LoadedName[];
  /** Formulas as stored in the file (with "="). */
  formulas: Map<string, string>;
  /** Cached results as stored in the file, parsed from the sheet XML (ExcelJS drops falsy ones); undefined when absent. */
  cached: Map<string, unknown>;
  workbook: ExcelJS.Workbook;
  get(ref: string): unknown;
}

/** Defined names straight from xl/workbook.xml. */
export async function readDefinedNames(bytes: Buffer | Uint8Array): Promise<LoadedName[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("xl/workbook.xml")!.async("string");
  const out: LoadedName[] = [];
  const re = /<definedName\b([^>]*)>([^<]*)<\/definedName>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const attrs = m[1];
    const name = /\bname="([^"]*)"/.exec(attrs)![1];
    const local = /\blocalSheetId="(\d+)"/.exec(attrs);
    out.push({ name, localSheetId: local ? Number(local[1]) : undefined, ref: m[2].replace(/&apos;/g, "'").replace(/&amp;/g, "&") });
  }
  return out;
}

function unescapeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** Cached values of the formula cells of sheet1, straight from the XML: number, text (t="str"), boolean (t="b") or { error } (t="e"). */
export async function readCachedValues(bytes: Buffer | Uint8Array): Promise<Map<string, unknown>> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
  const out = new Map<string, unknown>();
  for (const m of xml.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>(?:<f[^>]*>[^<]*<\/f>|<f[^>]*\/>)(?:<v>([^<]*)<\/v>|<v\/>)?/g)) {
    const t = /\bt="(\w+)"/.exec(m[2])?.[1];
    const raw = m[3];
    if (raw === undefined && t !== "str") continue;
    const text = unescapeXml(raw ?? "");
    out.set(m[1], t === "str" ? text : t === "b" ? text === "1" : t === "e" ? { error: text } : Number(text));
  }
  return out;
}

/** An ExcelJS cell value → HyperFormula raw content. */
function rawContent(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Math.round((v.getTime() - Date.UTC(1899, 11, 30)) / 86400000);
  if (typeof v === "object") {
    const o = v as any;
    if (typeof o.formula === "string") return "=" + toUiFormula(o.formula);
    if (typeof o.sharedFormula === "string") throw new Error("shared formulas are not expected in templates");
    if (Array.isArray(o.richText)) return o.richText.map((t: any) => t.text).join("");
    if ("error" in o) return o.error;
    return null;
  }
  if (typeof v === "string") return v.startsWith("=") ? "'" + v : v;
  return v;
}

export async function loadIntoHyperFormula(bytes: Buffer | Uint8Array, distDir?: string): Promise<Loaded> {
  registerTrade(distDir);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as any);
  if (workbook.worksheets.length !== 1) throw new Error(`expected one sheet, found ${workbook.worksheets.length}`);
  const ws = workbook.worksheets[0];
  const grid: unknown[][] = [];
  const formulas = new Map<string, string>();
  const cached = new Map<string, unknown>();
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const content = rawContent(cell.value);
      if (content === null) return;
      (grid[r - 1] ??= [])[c - 1] = content;
      const v = cell.value as any;
      if (v && typeof v === "object" && typeof v.formula === "string") formulas.set(cell.address, "=" + v.formula);
    });
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  const dense = grid.map((row) => Array.from({ length: row.length }, (_, j) => (row[j] === undefined ? null : row[j])));
  for (const [ref, value] of await readCachedValues(bytes)) cached.set(ref, value);
  const names = await readDefinedNames(bytes);
  const hf = HyperFormula.buildEmpty(HF_CONFIG);
  const sheetName = hf.addSheet(ws.name);
  const sheetId = hf.getSheetId(sheetName)!;
  // Names first (sheet-scoped, as in the file), then the content.
  hf.suspendEvaluation();
  for (const n of names) hf.addNamedExpression(n.name, "=" + n.ref, n.localSheetId === undefined ? undefined : sheetId);
  hf.setSheetContent(sheetId, dense as any);
  hf.resumeEvaluation();
  const get = (ref: string) => hf.getCellValue(hf.simpleCellAddressFromString(ref, sheetId)!);
  return { hf, sheetId, sheetName, names, formulas, cached, workbook, get };
}

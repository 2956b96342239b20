/**
 * Reads a generated template .xlsx with ExcelJS (cells, formulas) and JSZip
 * (sheet-scoped defined names from xl/workbook.xml, which ExcelJS does not
 * model) and loads it into HyperFormula with the TRADE functions registered.
 */
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { HyperFormula } from "hyperformula";
import { HF_CONFIG, registerTrade } from "../hyperformula-adapter";

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
  formulas: Map<string, string>;
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

/** An ExcelJS cell value → HyperFormula raw content. */
function rawContent(v: ExcelJS.CellValue): unknown {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Math.round((v.getTime() - Date.UTC(1899, 11, 30)) / 86400000);
  if (typeof v === "object") {
    const o = v as any;
    if (typeof o.formula === "string") return "=" + o.formula;
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
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const content = rawContent(cell.value);
      if (content === null) return;
      (grid[r - 1] ??= [])[c - 1] = content;
      if (typeof content === "string" && content.startsWith("=")) formulas.set(cell.address, content);
    });
  });
  for (let i = 0; i < grid.length; i++) grid[i] ??= [];
  const dense = grid.map((row) => Array.from({ length: row.length }, (_, j) => (row[j] === undefined ? null : row[j])));
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
  return { hf, sheetId, sheetName, names, formulas, workbook, get };
}

/**
 * Inserts a template workbook's sheet into the open workbook with
 * Workbook.insertWorksheetsFromBase64 (ExcelApi 1.13), as a NEW sheet with a
 * unique name, placed after the active sheet. Existing sheets are never
 * written: every later call addresses the inserted sheet by the id the API
 * returned.
 *
 * After insertion: the sheet gets its unique name; its sheet-scoped names are
 * checked and re-created if they did not survive (office-js #3583 reports names
 * coming back as #REF!); the template's charts are added with the Excel API
 * (charts cannot travel in the file: Excel on the web rejects source sheets
 * with charts, "UnsupportedFeature"). Errors are returned, never thrown.
 */
import type { TemplateEntry } from "../index";
import { uniqueSheetName } from "../share";
import { describeOfficeError, excelApi, supportsExcelApi } from "./host";

export type InsertTemplateOutcome =
  | { status: "inserted"; template: string; sheet: string; repairedNames: string[]; charts: number; warnings: string[] }
  | { status: "unsupported"; template: string; message: string }
  | { status: "error"; template: string; message: string };

export const INSERT_API = "1.13";

export const UNSUPPORTED_MESSAGE =
  "This version of Excel cannot insert template sheets (it needs the ExcelApi 1.13 requirement set, available in Microsoft 365 and Excel 2021 or later on Windows and Mac and in Excel on the web; not on iPad). Use Download to get the template as a workbook instead.";

export async function insertTemplate(entry: TemplateEntry, base64: string): Promise<InsertTemplateOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", template: entry.id, message: "Excel is not available: the pane runs in preview mode. Use Download, or open the pane in Excel." };
  if (!supportsExcelApi(INSERT_API)) return { status: "unsupported", template: entry.id, message: UNSUPPORTED_MESSAGE };
  if (!base64) return { status: "error", template: entry.id, message: `The template file ${entry.file} is empty.` };
  try {
    return await X.run(async (context) => {
      const wb = context.workbook;
      const sheets = wb.worksheets.load("items/name");
      const active = wb.worksheets.getActiveWorksheet();
      active.load("name");
      await context.sync();
      const existing = sheets.items.map((s) => s.name);
      const target = uniqueSheetName(entry.sheetName, existing);

      const ids = wb.insertWorksheetsFromBase64(base64, {
        sheetNamesToInsert: [entry.sheetName],
        positionType: "After" as Excel.WorksheetPositionType,
        relativeTo: active.name,
      });
      await context.sync();
      const id = ids.value?.[0];
      if (!id) return { status: "error" as const, template: entry.id, message: `Excel inserted no sheet from ${entry.file}.` };

      const ws = wb.worksheets.getItem(id);
      ws.load("name");
      const names = ws.names.load("items/name,items/formula");
      await context.sync();
      // Excel names a clashing sheet itself ("BOM screen (2)"); make it ours, checked against the sheets that existed before.
      if (ws.name !== target) ws.name = target;

      const warnings: string[] = [];
      const repaired: string[] = [];
      const have = new Map(names.items.map((n) => [n.name.toLowerCase(), n]));
      for (const n of entry.names) {
        const item = have.get(n.name.toLowerCase());
        const broken = !item || typeof item.formula !== "string" || /#REF!/i.test(item.formula);
        if (!broken) continue;
        if (item) item.delete();
        ws.names.add(n.name, ws.getRange(n.ref.replace(/\$/g, "")), n.comment);
        repaired.push(n.name);
      }
      for (const c of entry.charts) {
        const chart = ws.charts.add(c.type as Excel.ChartType, ws.getRange(c.source), "Columns" as Excel.ChartSeriesBy);
        chart.title.text = c.title;
        chart.setPosition(c.anchor, c.to);
      }
      ws.activate();
      await context.sync();
      if (repaired.length) warnings.push(`Re-created ${repaired.length} name(s) that did not survive insertion: ${repaired.join(", ")}.`);
      return { status: "inserted" as const, template: entry.id, sheet: target, repairedNames: repaired, charts: entry.charts.length, warnings };
    });
  } catch (e) {
    const msg = describeOfficeError(e);
    if (/UnsupportedFeature/i.test(msg)) return { status: "unsupported", template: entry.id, message: `Excel refused the template sheet (${msg}). ${UNSUPPORTED_MESSAGE}` };
    return { status: "error", template: entry.id, message: `Could not insert ${entry.title}: ${msg}` };
  }
}

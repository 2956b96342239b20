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
 * with charts, "UnsupportedFeature"). The file stores the add-in calls as
 * Excel saves them (`_xldudf_TRADE_X(`, see src/templates/addinNames.ts), which
 * Excel binds to the add-in while inserting. As a safeguard, any TRADE formula
 * of the inserted sheet is re-entered through Range.formulas, in the form a
 * user types (`=TRADE.X(`: the API takes the UI form, and a cell that still
 * reads `_xldudf_…` was not bound), so Excel binds it to the add-in's functions
 * (re-entering is the fix Microsoft gives for unbound custom-function cells,
 * https://github.com/OfficeDev/Excel-Custom-Functions/issues/108).
 * Once the sheet exists, any later failure (rename, names, charts) is returned
 * as "inserted" with warnings, so a retry never adds a duplicate sheet.
 * Inserting a sheet clears Excel's undo history (UNDO_NOTE). Errors are
 * returned, never thrown.
 */
import type { TemplateEntry } from "../templates/index";
import { uniqueSheetName } from "../templates/share";
import { callsAddin, toUiFormula } from "../templates/addinNames";
import { describeOfficeError, excelApi, supportsExcelApi } from "./capabilities";

export type InsertTemplateOutcome =
  | { status: "inserted"; template: string; sheet: string; repairedNames: string[]; charts: number; warnings: string[] }
  | { status: "unsupported"; template: string; message: string }
  | { status: "error"; template: string; message: string };

export const INSERT_API = "1.13";

export const UNSUPPORTED_MESSAGE =
  "This version of Excel cannot insert template sheets (it needs the ExcelApi 1.13 requirement set, available in Microsoft 365 and Excel 2021 or later on Windows and Mac and in Excel on the web; not on iPad). Use Download to get the template as a workbook instead.";

/** Excel clears its undo history when a sheet is inserted from a file (and when a sheet is renamed on Windows/Mac). */
export const UNDO_NOTE = "Excel clears its Undo history when it inserts a sheet: earlier steps cannot be undone afterwards.";

export async function insertTemplate(entry: TemplateEntry, base64: string): Promise<InsertTemplateOutcome> {
  const X = excelApi();
  if (!X) return { status: "error", template: entry.id, message: "Excel is not available: the pane runs in preview mode. Use Download, or open the pane in Excel." };
  if (!supportsExcelApi(INSERT_API)) return { status: "unsupported", template: entry.id, message: UNSUPPORTED_MESSAGE };
  if (!base64) return { status: "error", template: entry.id, message: `The template file ${entry.file} is empty.` };
  let inserted = false;
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
      // From here on the sheet exists: every later failure is a warning, never an error
      // (a retry would add a duplicate sheet).
      inserted = true;
      const warnings: string[] = [];
      const step = async (what: string, fn: () => void | Promise<void>) => {
        try {
          await fn();
          await context.sync();
        } catch (e) {
          warnings.push(`${what} failed: ${describeOfficeError(e)}.`);
        }
      };

      const ws = wb.worksheets.getItem(id);
      ws.load("name");
      const names = ws.names.load("items/name,items/formula");
      const used = ws.getUsedRangeOrNullObject(false);
      used.load("rowIndex,columnIndex,formulas");
      await context.sync();
      let sheet = ws.name;

      // Safeguard: re-enter the TRADE formulas so Excel binds them to the add-in's
      // custom functions (a file may carry them as unresolved names).
      await step("Re-entering the TRADE formulas", () => {
        if (used.isNullObject) return;
        const f = used.formulas as unknown[][];
        f.forEach((r, i) =>
          r.forEach((v, j) => {
            if (typeof v === "string" && v.startsWith("=") && callsAddin(v)) {
              ws.getRangeByIndexes(used.rowIndex + i, used.columnIndex + j, 1, 1).formulas = [[toUiFormula(v)]];
            }
          }),
        );
      });

      // Excel names a clashing sheet itself ("BOM screen (2)"); make it ours, checked against the sheets that existed before.
      if (ws.name !== target) {
        await step(`Renaming the sheet to “${target}”`, () => {
          ws.name = target;
        });
        if (!warnings.some((w) => w.startsWith("Renaming"))) sheet = target;
      }

      const repaired: string[] = [];
      await step("Repairing the template's names", () => {
        const have = new Map(names.items.map((n) => [n.name.toLowerCase(), n]));
        for (const n of entry.names) {
          const item = have.get(n.name.toLowerCase());
          const broken = !item || typeof item.formula !== "string" || /#REF!/i.test(item.formula);
          if (!broken) continue;
          if (item) item.delete();
          ws.names.add(n.name, ws.getRange(n.ref.replace(/\$/g, "")), n.comment);
          repaired.push(n.name);
        }
      });
      if (warnings.some((w) => w.startsWith("Repairing"))) repaired.length = 0;

      let charts = 0;
      for (const c of entry.charts) {
        await step(`Adding the chart “${c.title}”`, () => {
          const chart = ws.charts.add(c.type as Excel.ChartType, ws.getRange(c.source), "Columns" as Excel.ChartSeriesBy);
          chart.title.text = c.title;
          chart.setPosition(c.anchor, c.to);
        });
        if (!warnings.some((w) => w.startsWith(`Adding the chart “${c.title}”`))) charts++;
      }
      await step("Activating the new sheet", () => ws.activate());
      if (repaired.length) warnings.push(`Re-created ${repaired.length} name(s) that did not survive insertion: ${repaired.join(", ")}.`);
      return { status: "inserted" as const, template: entry.id, sheet, repairedNames: repaired, charts, warnings };
    });
  } catch (e) {
    const msg = describeOfficeError(e);
    if (inserted) {
      return { status: "inserted", template: entry.id, sheet: entry.sheetName, repairedNames: [], charts: 0, warnings: [`The sheet was inserted, but finishing it failed: ${msg}.`] };
    }
    if (/UnsupportedFeature/i.test(msg)) return { status: "unsupported", template: entry.id, message: `Excel refused the template sheet (${msg}). ${UNSUPPORTED_MESSAGE}` };
    return { status: "error", template: entry.id, message: `Could not insert ${entry.title}: ${msg}` };
  }
}

/**
 * The template catalogue: every template defined in code, built for a given
 * generation context. Pure (no Office, no ExcelJS): the build script
 * (scripts/build-templates.cjs) turns these into .xlsx files, the task pane
 * lists them and adds their charts after insertion.
 */
import { bomScreen } from "./bomScreen";
import type { BuildContext, ChartSpec, NameSpec, TemplateSheet } from "./model";
import { supplyConcentration } from "./supplyConcentration";
import { tariffScenario } from "./tariffScenario";
import { usAseanDeal } from "./usAseanDeal";

export type { BuildContext, TemplateSheet } from "./model";

const BUILDERS: readonly ((ctx: BuildContext) => TemplateSheet)[] = [bomScreen, tariffScenario, supplyConcentration, usAseanDeal];

export function buildTemplates(ctx: BuildContext): TemplateSheet[] {
  return BUILDERS.map((f) => f(ctx));
}

/** What the task pane needs to list, download, insert and finish a template (no cells). */
export interface TemplateEntry {
  id: string;
  title: string;
  description: string;
  sheetName: string;
  /** File name under templates/ next to taskpane.html. */
  file: string;
  names: readonly NameSpec[];
  charts: readonly ChartSpec[];
  functions: readonly string[];
}

export function templateFile(id: string): string {
  return `${id}.xlsx`;
}

export function catalogEntry(t: TemplateSheet): TemplateEntry {
  return { id: t.id, title: t.title, description: t.description, sheetName: t.sheetName, file: templateFile(t.id), names: t.names, charts: t.charts, functions: t.functions };
}

/**
 * The catalogue without generated content. Names and charts do not depend on
 * the generation date or data version, so the pane can use this directly.
 */
export function templateCatalog(): TemplateEntry[] {
  return buildTemplates({ generated: "1970-01-01", dataVersion: "", addinVersion: "" }).map(catalogEntry);
}

/**
 * Office side of entity cards: whether custom functions may return data types
 * on this host, and "Convert to cards" (TRADE.CARD formulas written next to the
 * selected cells, never over anything).
 *
 * Data types from custom functions need CustomFunctionsRuntime 1.4 (the
 * `allowCustomDataForDataTypeAny` metadata flag, which our functions.json sets)
 * and ExcelApi 1.16 (entity values): Excel on the web, Microsoft 365 on Windows
 * from Version 2208 and on Mac from 16.64; not perpetual Office 2021 or earlier,
 * nor iPad.
 *   https://learn.microsoft.com/javascript/api/requirement-sets/excel/custom-functions-requirement-sets
 *   https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts
 * A function can ask only where office.js is loaded: this add-in's manifest
 * requires the shared runtime (SharedRuntime 1.1), in which functions.js runs in
 * the task pane's page next to office.js, so `Office.context.requirements` is
 * there once Office has initialised. Before that (the first calculation of a
 * workbook may come first) and outside Office the answer is "unknown", and the
 * caller returns cards: a host that turns out not to support them shows
 * #VALUE! until the cell recalculates.
 */
type Requirements = { isSetSupported(name: string, version?: string): boolean };

/** true / false when the host says; undefined when it cannot be asked yet. */
export function dataTypesSupport(): boolean | undefined {
  try {
    const req = (globalThis as { Office?: { context?: { requirements?: Requirements } } }).Office?.context?.requirements;
    if (!req || typeof req.isSetSupported !== "function") return undefined;
    return req.isSetSupported("CustomFunctionsRuntime", "1.4") && req.isSetSupported("ExcelApi", "1.16");
  } catch {
    return undefined;
  }
}

/** What TRADE.CARD returns on this host: cards unless the host says it has no data types in custom functions. */
export function cardsAllowed(): boolean {
  return dataTypesSupport() !== false;
}

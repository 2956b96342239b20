/**
 * How a formula that calls our custom functions is written in each place it
 * travels (pure: no Office, no DOM).
 *
 * In a saved .xlsx, Excel stores a call to a JavaScript custom function under
 * the prefix `_xldudf_` followed by the namespace and the function id joined
 * by an underscore: `=CONTOSO.ADD(1,2)` is saved as `_xldudf_CONTOSO_ADD(1,2)`
 * (inside `<f t="array" ref="A1">` with `cm="1"` dynamic-array cell metadata),
 * and Excel binds that stored name to the add-in's function when the add-in
 * registers its functions. A file that stores the plain `CONTOSO.ADD(` name
 * opens as #NAME? and stays so until each cell is re-entered. Sources:
 *  - https://github.com/OfficeDev/Excel-Custom-Functions/issues/108 (Microsoft:
 *    "For Javascript Custom Functions, we by default save out with a different
 *    prefix _xldudf"; plain names do not calculate on open until re-entered)
 *  - https://github.com/OfficeDev/office-js/issues/6611 and its repro
 *    https://github.com/evelyn-chrono/officejs-custom-functions-name-error-repro
 *    (README "Underlying XML": a workbook saved by Excel with the add-in loaded
 *    holds `<f t="array" ref="A1">_xldudf_CONTOSO_ADD(1,2)</f><v>3</v>`; the
 *    same formula saved without the add-in holds `CONTOSO.ADD(1,2)` and #NAME?)
 *  - https://github.com/OfficeDev/office-js/issues/3558 (Microsoft: the
 *    `xldudf` names show until Excel has read the add-in's functions, then it
 *    changes them to their real names and runs them)
 *  - https://github.com/OfficeDev/office-js/issues/2568 (`_xldudf_XXXX` in
 *    sheetN.xml of a saved workbook)
 *
 * The Office.js API, on the other hand, reads and writes formulas in the form a
 * user types (Range.formulas: "the formula in A1-style notation", the English
 * function names; https://learn.microsoft.com/en-us/javascript/api/excel/excel.range#excel-excel-range-formulas-member),
 * so everything the task pane writes with `range.formulas` uses
 * `=TRADE.X(...)`. Workbook.insertWorksheetsFromBase64 takes a file, so the
 * templates carry the stored form and Excel binds it while inserting.
 */

export const NAMESPACE = "TRADE";
export const STORED_PREFIX = "_xldudf_";

/** Replaces string literals ("..." with "" escapes) by a same-length placeholder so text cannot look like a call. */
export function maskStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, (m) => '"' + " ".repeat(m.length - 2) + '"');
}

/** Applies `fn` to the parts of a formula outside string literals. */
function outsideStrings(formula: string, fn: (code: string) => string): string {
  const parts = formula.split(/("(?:[^"]|"")*")/);
  return parts.map((p, i) => (i % 2 === 1 ? p : fn(p))).join("");
}

// A TRADE.X( call not preceded by a name character (so MYTRADE.X( does not match).
// (The parenthesis is a lookahead so nested calls "TRADE.A(TRADE.B(" both match; no lookbehind, which older Safari lacks.)
const UI_CALL = new RegExp(`(^|[^A-Za-z0-9_.])${NAMESPACE}\\.([A-Za-z][A-Za-z0-9_]*)(?=\\s*\\()`, "gi");
const STORED_CALL = new RegExp(`(^|[^A-Za-z0-9_.])${STORED_PREFIX}${NAMESPACE}_([A-Za-z][A-Za-z0-9_]*)(?=\\s*\\()`, "gi");

/** `=TRADE.tariff_rate(A1)` → `=_xldudf_TRADE_TARIFF_RATE(A1)`: the form Excel saves in a file (ids upper-cased, as Excel registers them). */
export function toStoredFormula(formula: string): string {
  return outsideStrings(formula, (code) => code.replace(UI_CALL, (_m, pre: string, id: string) => `${pre}${STORED_PREFIX}${NAMESPACE}_${id.toUpperCase()}`));
}

/** `=_xldudf_TRADE_TARIFF_RATE(A1)` → `=TRADE.TARIFF_RATE(A1)`: the form a user types and Range.formulas takes. */
export function toUiFormula(formula: string): string {
  return outsideStrings(formula, (code) => code.replace(STORED_CALL, (_m, pre: string, id: string) => `${pre}${NAMESPACE}.${id.toUpperCase()}`));
}

/** True when the formula text calls one of our functions, in either form (text in quotes ignored). */
export function callsAddin(formula: unknown): boolean {
  if (typeof formula !== "string") return false;
  const code = maskStrings(formula);
  UI_CALL.lastIndex = 0;
  STORED_CALL.lastIndex = 0;
  const found = UI_CALL.test(code) || STORED_CALL.test(code);
  UI_CALL.lastIndex = 0;
  STORED_CALL.lastIndex = 0;
  return found;
}

/** The function ids a formula calls (either form), upper-case, in order of first appearance. */
export function calledIds(formula: string): string[] {
  const code = maskStrings(formula);
  const out: string[] = [];
  for (const re of [UI_CALL, STORED_CALL]) {
    re.lastIndex = 0;
    for (const m of code.matchAll(re)) {
      const id = m[2].toUpperCase();
      if (!out.includes(id)) out.push(id);
    }
    re.lastIndex = 0;
  }
  return out;
}

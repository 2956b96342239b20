/**
 * TRADE.* China rule and rare-earth content facade: thin JSDoc-tagged wrappers
 * over src/core/china (pure): each calls `run` with the function's declaration
 * (its parameters are declared once, next to the core implementation). Do not add
 * CustomFunctions.associate calls here (the metadata plugin appends them).
 */
import { chinaFunctions as F } from "../core/china";
import { run } from "./adapter";

/**
 * Share of one product's value that is rare-earth content: the sum of its BOM lines' rare-earth content values divided by the product value, optionally only the lines of one origin.
 * @customfunction RAREEARTH_SHARE
 * @helpurl https://localhost:3000/help/functions.html#rareearth_share
 * @param line_values Rare-earth content value of each BOM line (same currency as product_value); blank lines are skipped.
 * @param product_value The product's value (one value, more than 0).
 * @param [line_origins] Origin of each line (ISO code or name, e.g. "CN", "China", "MY"); needed only with origin. Hong Kong is not China.
 * @param [origin] Count only lines of this origin (e.g. "CN"); blank = all lines.
 * @returns A fraction from 0 to 1 (format as %); #NUM! when the lines exceed the product value. For the 0.1% test use TRADE.CN_LICENSE_REQUIRED (decimal-exact), not a comparison on this share.
 */
function RAREEARTH_SHARE(line_values: any[][], product_value: any, line_origins?: any[][], origin?: any): any {
  return run(F.RAREEARTH_SHARE, line_values, product_value, line_origins, origin);
}

/**
 * Value of the BOM lines that count toward China's 0.1% rule: China-origin lines whose item is on MOFCOM Ann. 61/2025 Annex 1 Part 1, when the rule (clause 1(1), effective 2025-12-01) is in force at as_of under the regime, as for CN_LICENSE_REQUIRED.
 * @customfunction CN_CONTROLLED_VALUE
 * @helpurl https://localhost:3000/help/functions.html#cn_controlled_value
 * @param line_values Value of each BOM line (same currency as the product value); blank lines are skipped.
 * @param line_items Item of each line: a Part 1 item ("Dy", "dysprosium oxide", "TbFe alloy", "Sm metal"), another rare-earth item ("Nd oxide", "NdFeB magnet": not counted) or "other" for non-rare-earth lines. Unknown items give #N/A naming the line.
 * @param line_origins Origin of each line: ISO code or name ("CN", "China", "PRC", "MY"). Hong Kong is not China.
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @param [regime] "as_written" (default: the instruments' own dates; suspensions end as written), "in_force" (ignore suspensions) or "suspended" (suspensions never end). Under as_written the rule is suspended 2025-11-07 to 2026-11-10 and the result is 0; use "in_force" to see the content from 2025-12-01 regardless.
 * @returns The summed value of the counted lines (0 when none count or the 0.1% rule is not in force).
 */
function CN_CONTROLLED_VALUE(line_values: any[][], line_items: any[][], line_origins: any[][], as_of?: any, regime?: any): any {
  return run(F.CN_CONTROLLED_VALUE, line_values, line_items, line_origins, as_of, regime);
}

/**
 * TRUE when China's 0.1% rule (MOFCOM Ann. 61/2025 clause 1(1)) would require a licence: the rule is in force at as_of under the regime, the product is in scope, and cn_value / product_value is 0.1% or more (decimal-exact). Element-wise; spills.
 * @customfunction CN_LICENSE_REQUIRED
 * @helpurl https://localhost:3000/help/functions.html#cn_license_required
 * @param cn_value Value of the China-origin Annex 1 Part 1 content (e.g. from CN_CONTROLLED_VALUE); a value or a range.
 * @param product_value Value of the foreign-made product (more than 0, same currency); a value or a range.
 * @param [product_type] "magnet" (rare-earth permanent-magnet material), "target" (sputtering target), "component" (a part or assembly containing them, e.g. a rotor) or "other"; blank = threshold test alone (the product is assumed in scope).
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @param [regime] "as_written" (default), "in_force" (ignore suspensions: worst case) or "suspended" (suspensions never end: status quo).
 * @param [scope] "strict" (default: magnets and targets, the confirmed Part 2 list) or "broad" (also components: the disputed reading).
 * @returns TRUE or FALSE for each product.
 */
function CN_LICENSE_REQUIRED(
  cn_value: any[][],
  product_value: any[][],
  product_type?: any[][],
  as_of?: any[][],
  regime?: any[][],
  scope?: any[][],
): any[][] {
  return run(F.CN_LICENSE_REQUIRED, cn_value, product_value, product_type, as_of, regime, scope);
}

/**
 * Explains CN_LICENSE_REQUIRED in one line: verdict, ratio to 4 significant digits against 0.1%, instrument and clause with citation, status on the date, regime and scope, and the valuation note. Same arguments; element-wise.
 * @customfunction CN_LICENSE_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#cn_license_explain
 * @param cn_value Value of the China-origin Annex 1 Part 1 content; a value or a range.
 * @param product_value Value of the foreign-made product (more than 0); a value or a range.
 * @param [product_type] "magnet", "target", "component" or "other"; blank = threshold test alone (assumed in scope).
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @param [regime] "as_written" (default), "in_force" or "suspended".
 * @param [scope] "strict" (default) or "broad".
 * @returns One line of text per product.
 */
function CN_LICENSE_EXPLAIN(
  cn_value: any[][],
  product_value: any[][],
  product_type?: any[][],
  as_of?: any[][],
  regime?: any[][],
  scope?: any[][],
): any[][] {
  return run(F.CN_LICENSE_EXPLAIN, cn_value, product_value, product_type, as_of, regime, scope);
}

/**
 * China-origin controlled value still allowed before China's 0.1% threshold: 0.1% × product_value − cn_value (negative when over; exactly 0 at the threshold). Element-wise; spills.
 * @customfunction CN_HEADROOM
 * @helpurl https://localhost:3000/help/functions.html#cn_headroom
 * @param cn_value Value of the China-origin Annex 1 Part 1 content; a value or a range.
 * @param product_value Value of the foreign-made product (more than 0); a value or a range.
 * @returns The headroom in the currency of the inputs.
 */
function CN_HEADROOM(cn_value: any[][], product_value: any[][]): any[][] {
  return run(F.CN_HEADROOM, cn_value, product_value);
}

/**
 * TRUE when China's export controls cover a rare-earth element on a date (Ann. 18/2025: Sm, Gd, Tb, Dy, Lu, Sc, Y from 2025-04-04; Ann. 57/2025: Ho, Er, Tm, Eu, Yb from 2025-11-08, suspended by Ann. 70). Element-wise.
 * @customfunction CN_CONTROLLED
 * @helpurl https://localhost:3000/help/functions.html#cn_controlled
 * @param element Element symbol or name, any case ("Dy", "dysprosium"); a value or a range.
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @param [regime] "as_written" (default), "in_force" (ignore suspensions) or "suspended" (suspensions never end).
 * @returns TRUE or FALSE; #N/A for text that is not a rare-earth element.
 */
function CN_CONTROLLED(element: any[][], as_of?: any[][], regime?: any[][]): any[][] {
  return run(F.CN_CONTROLLED, element, as_of, regime);
}

/**
 * Explains CN_CONTROLLED in one line: the announcement, control code, forms listed, status on the date and regime. Element-wise.
 * @customfunction CN_CONTROLLED_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#cn_controlled_explain
 * @param element Element symbol or name ("Dy", "holmium"); a value or a range.
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @param [regime] "as_written" (default), "in_force" or "suspended".
 * @returns One line of text per element.
 */
function CN_CONTROLLED_EXPLAIN(element: any[][], as_of?: any[][], regime?: any[][]): any[][] {
  return run(F.CN_CONTROLLED_EXPLAIN, element, as_of, regime);
}

/**
 * TRUE when an export ban or licence requirement applies to a rare-earth material leaving a country on a date (Malaysia's ban on raw rare-earth ore and concentrate from 2024-01-01; China's controls by element and form). Dates as written. Element-wise.
 * @customfunction EXPORT_RESTRICTED
 * @helpurl https://localhost:3000/help/functions.html#export_restricted
 * @param country Exporting country: ISO code or name ("MY", "Malaysia", "CN").
 * @param material "raw" (or "ore", "concentrate"), a form ("oxide", "metal", "alloy", "magnet", "target", "compound"), an element ("Dy"), an element with a form ("Dy oxide") or an Annex 1 item ("TbFe alloy").
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @returns TRUE or FALSE.
 */
function EXPORT_RESTRICTED(country: any[][], material: any[][], as_of?: any[][]): any[][] {
  return run(F.EXPORT_RESTRICTED, country, material, as_of);
}

/**
 * Explains EXPORT_RESTRICTED in one line: the measures found, what they list, their status on the date. Element-wise.
 * @customfunction EXPORT_RESTRICTED_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#export_restricted_explain
 * @param country Exporting country: ISO code or name ("MY", "Malaysia", "CN").
 * @param material "raw", "ore", "concentrate", "oxide", "metal", "alloy", "magnet", "target", "compound", an element or an element with a form.
 * @param [as_of] Date (Excel date or "YYYY-MM-DD"); blank = the calculation date.
 * @returns One line of text.
 */
function EXPORT_RESTRICTED_EXPLAIN(country: any[][], material: any[][], as_of?: any[][]): any[][] {
  return run(F.EXPORT_RESTRICTED_EXPLAIN, country, material, as_of);
}

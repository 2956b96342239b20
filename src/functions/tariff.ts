/**
 * TRADE.* tariff functions: the US tariff stack on rare-earth goods (MFN,
 * Section 301, IEEPA fentanyl and reciprocal, Section 232, Section 122), dated
 * and overridable. Thin wrappers over src/core/tariff: each calls `run` with the
 * function's declaration (parameters declared once, next to the core).
 */
import { tariffFunctions as F } from "../core/tariff";
import { run } from "./adapter";

/**
 * Total US ad valorem duty rate (a fraction, 0.371 = 37.1%) of all tariff layers that apply to an HTS line, origin and entry date.
 * @customfunction TARIFF_RATE
 * @helpurl https://localhost:3000/help/functions.html#tariff_rate
 * @param hts HTS code(s), 4 to 10 digits with or without dots, text or number, e.g. "8505.11.00.70"; longest-prefix match on the built-in lines.
 * @param origin Country of origin(s): ISO alpha-2 or alpha-3 code or name, e.g. "CN", "MYS", "Japan".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today (the calculation date).
 * @param [overrides] Optional range of your own layer rows, 6 columns: hts prefix ("*" = all), origin ("*" = all), layer, rate (fraction or "25%"), from, to (blank = open). A row replaces the built-in layer of the same name where it covers, or adds a layer; it keeps a built-in exemption of that layer that is more specific (explicit origin, else longer prefix) and overrides one as specific or less. A code outside the built-in table needs a row whose hts prefix covers it; then only your rows apply.
 * @returns The total rate as a fraction; an array when given ranges.
 */
function TARIFF_RATE(hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][]): any[][] {
  return run(F.TARIFF_RATE, hts, origin, as_of, overrides);
}

/**
 * Spills the US tariff stack for one HTS line, origin and date: one row per layer (layer, legal basis, rate, from, to, status, source) and a total row.
 * @customfunction TARIFF_BREAKDOWN
 * @helpurl https://localhost:3000/help/functions.html#tariff_breakdown
 * @param hts One HTS code, e.g. "8505.11.00.70" (sintered NdFeB magnets).
 * @param origin One country of origin: ISO code or name, e.g. "CN".
 * @param [as_of] Entry date: an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Optional range of your own layer rows: hts prefix, origin, layer, rate, from, to (same columns as the built-in table). A row keeps a built-in exemption of its layer that is more specific (explicit origin, else longer prefix) and overrides one as specific or less; a code outside the table needs a row whose hts prefix covers it.
 * @returns A table with a header row; rates as fractions, dates as Excel serials ("" = open-ended).
 */
function TARIFF_BREAKDOWN(hts: any, origin: any, as_of?: any, overrides?: any[][]): any[][] {
  return run(F.TARIFF_BREAKDOWN, hts, origin, as_of, overrides);
}

/**
 * One line of text explaining the US tariff stack: each layer and its rate, the total, the entry date, legal bases and any unconfirmed status.
 * @customfunction TARIFF_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#tariff_explain
 * @param hts HTS code(s), 4 to 10 digits with or without dots, e.g. "2846.90.20".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN", "Malaysia".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Optional range of your own layer rows: hts prefix, origin, layer, rate, from, to.
 * @returns The explanation text; an array when given ranges.
 */
function TARIFF_EXPLAIN(hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][]): any[][] {
  return run(F.TARIFF_EXPLAIN, hts, origin, as_of, overrides);
}

/**
 * US import duty on a customs value: value × TARIFF_RATE (all layers), in the currency of the value.
 * @customfunction DUTY
 * @helpurl https://localhost:3000/help/functions.html#duty
 * @param value Customs value(s) (US transaction value, FOB-type: excluding international freight and insurance), 0 or more.
 * @param hts HTS code(s), e.g. "8505.11.00.70".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Optional range of your own layer rows: hts prefix, origin, layer, rate, from, to.
 * @returns The duty amount; an array when given ranges.
 */
function DUTY(value: any[][], hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][]): any[][] {
  return run(F.DUTY, value, hts, origin, as_of, overrides);
}

/**
 * Landed cost in the US: customs value + duty on that value (all tariff layers) + freight + insurance; freight and insurance are not dutiable (US customs value is FOB-type).
 * @customfunction LANDED_COST
 * @helpurl https://localhost:3000/help/functions.html#landed_cost
 * @param value Customs value(s): the transaction value excluding international freight and insurance, 0 or more.
 * @param hts HTS code(s), e.g. "8505.11.00.70".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [freight] International freight to the US port, added after duty; blank = 0.
 * @param [insurance] Insurance, added after duty; blank = 0.
 * @param [overrides] Optional range of your own layer rows: hts prefix, origin, layer, rate, from, to.
 * @returns value + duty + freight + insurance (merchandise processing and harbor maintenance fees not included).
 */
function LANDED_COST(value: any[][], hts: any[][], origin: any[][], as_of?: any[][], freight?: any[][], insurance?: any[][], overrides?: any[][]): any[][] {
  return run(F.LANDED_COST, value, hts, origin, as_of, freight, insurance, overrides);
}

/**
 * Change in duty on a value when the tariff rate changes: value × (rate_after − rate_before).
 * @customfunction TARIFF_DELTA
 * @helpurl https://localhost:3000/help/functions.html#tariff_delta
 * @param value Customs value(s) in any currency, 0 or more.
 * @param rate_before Rate(s) before, as fractions (0.121) or percent text ("12.1%"), e.g. a TARIFF_RATE result.
 * @param rate_after Rate(s) after, as fractions or percent text.
 * @returns The extra duty (negative when the rate falls); an array when given ranges.
 */
function TARIFF_DELTA(value: any[][], rate_before: any[][], rate_after: any[][]): any[][] {
  return run(F.TARIFF_DELTA, value, rate_before, rate_after);
}

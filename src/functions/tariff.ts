/**
 * TRADE.* tariff functions: the US tariff stack on rare-earth goods (MFN,
 * Section 301, IEEPA fentanyl and reciprocal, Section 232, Section 122) and,
 * with the optional importer argument, the stacks of China, Malaysia,
 * Thailand, Cambodia and Vietnam; dated and overridable. The importer and
 * regime come after overrides so that every existing formula keeps its
 * meaning; a formula skips overrides with an empty argument
 * (=TRADE.TARIFF_RATE("8505.11","US","2026-01-15",,"CN")), which Excel passes
 * as null like any omitted optional parameter
 * (https://learn.microsoft.com/en-us/office/dev/add-ins/excel/custom-functions-parameter-options). Thin wrappers over src/core/tariff: each calls `run` with the
 * function's declaration (parameters declared once, next to the core).
 */
import { tariffFunctions as F } from "../core/tariff";
import { run } from "./adapter";

/**
 * Total ad valorem duty rate (a fraction, 0.371 = 37.1%) of all tariff layers that apply to an HTS line, origin and entry date, entering the US or another importer.
 * @customfunction TARIFF_RATE
 * @helpurl https://localhost:3000/help/functions.html#tariff_rate
 * @param hts HTS code(s), 4 to 10 digits with or without dots, text or number, e.g. "8505.11.00.70"; longest-prefix match on the built-in lines.
 * @param origin Country of origin(s): ISO alpha-2 or alpha-3 code or name, e.g. "CN", "MYS", "Japan".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today (the calculation date).
 * @param [overrides] Your own layer rows: hts prefix ("*" = all), origin ("*" = all), layer, rate, from, to, and optionally importer (blank = all). A row replaces the built-in layer of that name where it covers, or adds one.
 * @param [importer] Importing country: blank = US (default), or CN, MY, TH, KH, VN (code or name).
 * @param [regime] "in force" (blank: what applies on the date) or "committed" (the 2025-10-26 agreements' commitments as signed).
 * @returns The total rate as a fraction; an array when given ranges.
 */
function TARIFF_RATE(hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][], importer?: any[][], regime?: any[][]): any[][] {
  return run(F.TARIFF_RATE, hts, origin, as_of, overrides, importer, regime);
}

/**
 * Spills the tariff stack for one HTS line, origin and date (entering the US, or the importer given): one row per layer (layer, legal basis, rate, from, to, status, source) and a total row.
 * @customfunction TARIFF_BREAKDOWN
 * @helpurl https://localhost:3000/help/functions.html#tariff_breakdown
 * @param hts One HTS code, e.g. "8505.11.00.70" (sintered NdFeB magnets).
 * @param origin One country of origin: ISO code or name, e.g. "CN".
 * @param [as_of] Entry date: an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Your own layer rows: hts prefix, origin, layer, rate, from, to, and optionally importer (same columns as the built-in tables).
 * @param [importer] One importing country: blank = US (default), or CN, MY, TH, KH, VN (code or name).
 * @param [regime] One regime: "in force" (blank: what applies on the date) or "committed" (the 2025-10-26 agreements' commitments as signed).
 * @returns A table with a header row; rates as fractions, dates as Excel serials ("" = open-ended).
 */
function TARIFF_BREAKDOWN(hts: any, origin: any, as_of?: any, overrides?: any[][], importer?: any, regime?: any): any[][] {
  return run(F.TARIFF_BREAKDOWN, hts, origin, as_of, overrides, importer, regime);
}

/**
 * One line of text explaining the tariff stack (US or the importer given): each layer and its rate, the total, the entry date, legal bases, duty base and any unconfirmed status.
 * @customfunction TARIFF_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#tariff_explain
 * @param hts HTS code(s), 4 to 10 digits with or without dots, e.g. "2846.90.20".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN", "Malaysia".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Your own layer rows: hts prefix, origin, layer, rate, from, to, and optionally importer.
 * @param [importer] Importing country: blank = US (default), or CN, MY, TH, KH, VN (code or name).
 * @param [regime] "in force" (blank: what applies on the date) or "committed" (the 2025-10-26 agreements' commitments as signed).
 * @returns The explanation text; an array when given ranges.
 */
function TARIFF_EXPLAIN(hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][], importer?: any[][], regime?: any[][]): any[][] {
  return run(F.TARIFF_EXPLAIN, hts, origin, as_of, overrides, importer, regime);
}

/**
 * Import duty on a customs value: value × TARIFF_RATE (all layers), in the currency of the value; the value is on the importer's basis (US: FOB-type; CN, MY, TH, KH, VN: CIF).
 * @customfunction DUTY
 * @helpurl https://localhost:3000/help/functions.html#duty
 * @param value Customs value(s), 0 or more: US transaction value excluding freight and insurance; for CN, MY, TH, KH, VN the CIF value (goods + freight + insurance).
 * @param hts HTS code(s), e.g. "8505.11.00.70".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [overrides] Your own layer rows: hts prefix, origin, layer, rate, from, to, and optionally importer.
 * @param [importer] Importing country: blank = US (default), or CN, MY, TH, KH, VN (code or name).
 * @param [regime] "in force" (blank: what applies on the date) or "committed" (the 2025-10-26 agreements' commitments as signed).
 * @returns The duty amount; an array when given ranges.
 */
function DUTY(value: any[][], hts: any[][], origin: any[][], as_of?: any[][], overrides?: any[][], importer?: any[][], regime?: any[][]): any[][] {
  return run(F.DUTY, value, hts, origin, as_of, overrides, importer, regime);
}

/**
 * Landed cost: goods value + freight + insurance + duty. The US duty base excludes freight and insurance (FOB-type); CN, MY, TH, KH and VN use CIF, so duty is on value + freight + insurance.
 * @customfunction LANDED_COST
 * @helpurl https://localhost:3000/help/functions.html#landed_cost
 * @param value Transaction value(s) of the goods excluding international freight and insurance, 0 or more.
 * @param hts HTS code(s), e.g. "8505.11.00.70".
 * @param origin Country of origin(s): ISO code or name, e.g. "CN".
 * @param [as_of] Entry date(s): an Excel date or ISO text "YYYY-MM-DD"; blank = today.
 * @param [freight] International freight to the importer's port; blank = 0. Dutiable for CIF importers, not for the US.
 * @param [insurance] Insurance to the importer's port; blank = 0. Dutiable for CIF importers, not for the US.
 * @param [overrides] Your own layer rows: hts prefix, origin, layer, rate, from, to, and optionally importer.
 * @param [importer] Importing country: blank = US (default), or CN, MY, TH, KH, VN (code or name).
 * @param [regime] "in force" (blank: what applies on the date) or "committed" (the 2025-10-26 agreements' commitments as signed).
 * @returns value + freight + insurance + duty (port fees, MPF/HMF and import VAT not included).
 */
function LANDED_COST(
  value: any[][],
  hts: any[][],
  origin: any[][],
  as_of?: any[][],
  freight?: any[][],
  insurance?: any[][],
  overrides?: any[][],
  importer?: any[][],
  regime?: any[][],
): any[][] {
  return run(F.LANDED_COST, value, hts, origin, as_of, freight, insurance, overrides, importer, regime);
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

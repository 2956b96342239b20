/**
 * TRADE.* custom functions: trade-impact and concentration models (issue 6).
 * Thin facades over src/core/models/ (see docs/models.md for the equations).
 * CustomFunctions.associate calls are appended at build time; do not add them here.
 */
import { hhiClassFunctions } from "../core/models/hhiClass";
import { smartFunctions } from "../core/models/smart";
import { supplyFunctions } from "../core/models/supply";
import { swissFunctions } from "../core/models/swiss";
import { run } from "./adapter";

/** The declarations of this file's functions (parameters declared once, next to each core model). */
const F = { ...smartFunctions, ...swissFunctions, ...hhiClassFunctions, ...supplyFunctions };

/**
 * WITS/SMART partial-equilibrium effects of a tariff change in one importing market: spills per-partner trade creation, diversion, revenue and welfare with a total row. Tariffs are fractions (0.1 or "10%").
 * @customfunction SMART
 * @helpurl https://localhost:3000/help/functions.html#smart
 * @param imports_by_partner Imports of the product by exporting partner at world prices (any currency), one partner per row; optionally two columns with partner labels (e.g. country names) next to the values.
 * @param tariff_before Tariff before the change as a fraction (0.1 or "10%" = 10%): one value for all partners or one per partner row. Blank = 0.
 * @param tariff_after Tariff after the change as a fraction (0 = duty-free): one value for all partners or one per partner row. Blank = 0.
 * @param import_elasticity Import-demand elasticity of the product, required (SMART has no generic default): a positive magnitude such as 1.5 or the signed value -1.5.
 * @param [substitution_elasticity] Armington elasticity of substitution between partners' varieties, 0 or more. Default 1.5 (WITS).
 * @param [supply_elasticity] Export-supply elasticity, more than 0, or "infinite". Default 99 (WITS), used as given in the finite-supply adjustment.
 * @returns Header row; per partner: label or index, trade creation, trade diversion, total trade effect, new imports, tariff revenue before, after and change, welfare effect; then a Total row.
 */
function SMART(
  imports_by_partner: any[][],
  tariff_before: any[][],
  tariff_after: any[][],
  import_elasticity: any,
  substitution_elasticity?: any,
  supply_elasticity?: any,
): any[][] {
  return run(F.SMART, imports_by_partner, tariff_before, tariff_after, import_elasticity, substitution_elasticity, supply_elasticity);
}

/**
 * SMART trade creation for one partner: the change in imports from its own tariff change, M·Em·Δt/((1+t0)(1−Em/Ex)). Tariffs are fractions (0.1 or "10%").
 * @customfunction SMART_TRADE_CREATION
 * @helpurl https://localhost:3000/help/functions.html#smart_trade_creation
 * @param imports Imports from the partner at world prices (any currency); a value or a range.
 * @param tariff_before Tariff before the change as a fraction (0.1 or "10%" = 10%). Blank = 0.
 * @param tariff_after Tariff after the change as a fraction (0 = duty-free). Blank = 0.
 * @param import_elasticity Import-demand elasticity, required: a positive magnitude such as 1.5 or the signed value -1.5.
 * @param [supply_elasticity] Export-supply elasticity, more than 0, or "infinite". Default 99 (WITS).
 * @returns The change in imports (same currency as imports): positive for a tariff cut.
 */
function SMART_TRADE_CREATION(imports: any[][], tariff_before: any[][], tariff_after: any[][], import_elasticity: any[][], supply_elasticity?: any[][]): any[][] {
  return run(F.SMART_TRADE_CREATION, imports, tariff_before, tariff_after, import_elasticity, supply_elasticity);
}

/**
 * SMART tariff-revenue change for one partner without diversion: t1·(M + trade creation) − t0·M. Tariffs are fractions (0.1 or "10%").
 * @customfunction SMART_REVENUE_CHANGE
 * @helpurl https://localhost:3000/help/functions.html#smart_revenue_change
 * @param imports Imports from the partner at world prices (any currency); a value or a range.
 * @param tariff_before Tariff before the change as a fraction (0.1 or "10%" = 10%). Blank = 0.
 * @param tariff_after Tariff after the change as a fraction (0 = duty-free). Blank = 0.
 * @param import_elasticity Import-demand elasticity, required: a positive magnitude such as 1.5 or the signed value -1.5.
 * @param [supply_elasticity] Export-supply elasticity, more than 0, or "infinite". Default 99 (WITS).
 * @returns Tariff revenue after minus before (same currency as imports).
 */
function SMART_REVENUE_CHANGE(imports: any[][], tariff_before: any[][], tariff_after: any[][], import_elasticity: any[][], supply_elasticity?: any[][]): any[][] {
  return run(F.SMART_REVENUE_CHANGE, imports, tariff_before, tariff_after, import_elasticity, supply_elasticity);
}

/**
 * SMART welfare effect for one partner: the change in the dead-weight-loss triangle, ½·(t0 + t1)·trade creation. Tariffs are fractions (0.1 or "10%").
 * @customfunction SMART_WELFARE
 * @helpurl https://localhost:3000/help/functions.html#smart_welfare
 * @param imports Imports from the partner at world prices (any currency); a value or a range.
 * @param tariff_before Tariff before the change as a fraction (0.1 or "10%" = 10%). Blank = 0.
 * @param tariff_after Tariff after the change as a fraction (0 = duty-free). Blank = 0.
 * @param import_elasticity Import-demand elasticity, required: a positive magnitude such as 1.5 or the signed value -1.5.
 * @param [supply_elasticity] Export-supply elasticity, more than 0, or "infinite". Default 99 (WITS).
 * @returns The welfare gain (same currency as imports): positive for a cut, negative for a rise.
 */
function SMART_WELFARE(imports: any[][], tariff_before: any[][], tariff_after: any[][], import_elasticity: any[][], supply_elasticity?: any[][]): any[][] {
  return run(F.SMART_WELFARE, imports, tariff_before, tariff_after, import_elasticity, supply_elasticity);
}

/**
 * Swiss-formula tariff cut r1 = a·r0/(a + r0): high rates are cut most and no new rate exceeds a. Rates are fractions by default (0.1 = 10%); a is in percentage points.
 * @customfunction SWISS_FORMULA
 * @helpurl https://localhost:3000/help/functions.html#swiss_formula
 * @param rate Current tariff rate, 0 or more: a fraction (0.1 or "10%") by default, or percentage points (10) with units "percent". A value or a range.
 * @param [a] Swiss coefficient in percentage points (the ceiling of new rates), more than 0. Default 16 (WITS), also for an empty cell. "16%" also means 16 points.
 * @param [units] "fraction" (default: rate and result as fractions, 0.1 = 10%) or "percent" (rate and result in percentage points, 10 = 10%).
 * @returns The new rate, in the same units as rate.
 */
function SWISS_FORMULA(rate: any[][], a?: any[][], units?: any[][]): any[][] {
  return run(F.SWISS_FORMULA, rate, a, units);
}

/**
 * US merger-guidelines band of an HHI: "highly concentrated" above 1,800 under the 2023 guidelines; 2010 and 1992 bands as options.
 * @customfunction HHI_CLASS
 * @helpurl https://localhost:3000/help/functions.html#hhi_class
 * @param hhi Herfindahl–Hirschman index on the 0–10,000 scale (e.g. from TRADE.HHI); a value or a range.
 * @param [guidelines] "2023" (default: above 1,800 highly concentrated, otherwise not highly concentrated), "2010" (below 1,500 / 1,500–2,500 / above 2,500) or "1992" (also "1997": below 1,000 / 1,000–1,800 / above 1,800).
 * @returns "unconcentrated", "moderately concentrated", "highly concentrated" or (2023) "not highly concentrated".
 */
function HHI_CLASS(hhi: any[][], guidelines?: any[][]): any[][] {
  return run(F.HHI_CLASS, hhi, guidelines);
}

/**
 * One line explaining TRADE.HHI_CLASS: the band, the HHI, the thresholds applied and the guideline they come from.
 * @customfunction HHI_CLASS_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#hhi_class_explain
 * @param hhi Herfindahl–Hirschman index on the 0–10,000 scale (e.g. from TRADE.HHI); a value or a range.
 * @param [guidelines] "2023" (default), "2010" or "1992" (also "1997").
 * @returns One line of text per HHI.
 */
function HHI_CLASS_EXPLAIN(hhi: any[][], guidelines?: any[][]): any[][] {
  return run(F.HHI_CLASS_EXPLAIN, hhi, guidelines);
}

/**
 * A country's share of world rare-earth supply at a stage, as a fraction: mine production (USGS, derived) or separation/refining and magnet making (IEA via press summaries: secondary).
 * @customfunction SUPPLY_SHARE
 * @helpurl https://localhost:3000/help/functions.html#supply_share
 * @param country Country name or ISO code, e.g. "China", "CN", "CHN", "Burma"; a value or a range.
 * @param [stage] "mining" (default: USGS mine production / world total), "refining" (separation/refining) or "magnets" (sintered-magnet making); the last two come from IEA figures flagged secondary.
 * @param [year] Data year, e.g. 2024. Default: the newest edition's latest year (USGS 2025 estimate for mining).
 * @param [edition] Edition of the figure, e.g. "MCS 2025", "MCS 2026" or "IEA GCMO 2024". Default: the newest edition that reports the year.
 * @returns The share as a fraction (0.692 = 69.2%).
 */
function SUPPLY_SHARE(country: any[][], stage?: any[][], year?: any[][], edition?: any[][]): any[][] {
  return run(F.SUPPLY_SHARE, country, stage, year, edition);
}

/**
 * One line explaining TRADE.SUPPLY_SHARE: the share, stage, year, edition, how it was derived, its confirmation status and sources.
 * @customfunction SUPPLY_SHARE_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#supply_share_explain
 * @param country Country name or ISO code, e.g. "China" or "CN"; a value or a range.
 * @param [stage] "mining" (default), "refining" or "magnets".
 * @param [year] Data year, e.g. 2024. Default: the newest edition's latest year.
 * @param [edition] Edition, e.g. "MCS 2025". Default: the newest that reports the year.
 * @returns One line of text.
 */
function SUPPLY_SHARE_EXPLAIN(country: any[][], stage?: any[][], year?: any[][], edition?: any[][]): any[][] {
  return run(F.SUPPLY_SHARE_EXPLAIN, country, stage, year, edition);
}

/**
 * HHI (0–10,000) of the country shares of a supply-chain stage, from the same data as SUPPLY_SHARE; a lower bound where only some countries are listed.
 * @customfunction CONCENTRATION
 * @helpurl https://localhost:3000/help/functions.html#concentration
 * @param stage "mining" (USGS mine production by country), "refining" (separation/refining) or "magnets" (IEA figures, secondary); a value or a range.
 * @param [year] Data year, e.g. 2024. Default: the newest edition's latest year.
 * @param [edition] Edition, e.g. "MCS 2025" or "IEA GCMO 2024". Default: the newest that reports the year.
 * @returns The HHI on the 0–10,000 scale; TRADE.CONCENTRATION_EXPLAIN says whether it is a lower bound.
 */
function CONCENTRATION(stage: any[][], year?: any[][], edition?: any[][]): any[][] {
  return run(F.CONCENTRATION, stage, year, edition);
}

/**
 * One line explaining TRADE.CONCENTRATION: the HHI, year, edition, countries counted, status and whether it is a lower bound.
 * @customfunction CONCENTRATION_EXPLAIN
 * @helpurl https://localhost:3000/help/functions.html#concentration_explain
 * @param stage "mining", "refining" or "magnets"; a value or a range.
 * @param [year] Data year, e.g. 2024. Default: the newest edition's latest year.
 * @param [edition] Edition, e.g. "MCS 2025". Default: the newest that reports the year.
 * @returns One line of text.
 */
function CONCENTRATION_EXPLAIN(stage: any[][], year?: any[][], edition?: any[][]): any[][] {
  return run(F.CONCENTRATION_EXPLAIN, stage, year, edition);
}

/**
 * TRADE.* custom functions: foundation facade. Each function is a thin,
 * JSDoc-tagged wrapper (custom-functions-metadata reads the tags) that hands
 * Excel's inputs to the pure core and maps results and errors back to Excel.
 * CustomFunctions.associate calls are appended at build time by the metadata
 * plugin's loader; do not add them here.
 *
 * Other areas have facades of their own (one file each, listed in
 * webpack.config.js FUNCTION_FILES).
 */
import { hhiFunctions } from "../core/concentration";
import { versionFunctions } from "../core/version";
import { run } from "./adapter";
import { publishCore } from "../core/shared";
import { bundledPack, loaderDeps, refreshPack } from "./datapack";

/** The declarations of this file's functions (parameters declared once, next to the core). */
const F = { ...hhiFunctions, ...versionFunctions };

// The task pane in the same runtime uses this copy of the core and data pack (see core/shared.ts),
// and reads the host's published data through it.
publishCore().pack = { refresh: refreshPack, deps: loaderDeps, bundled: bundledPack };
// The data the host publishes (data/latest.json): functions called meanwhile wait for it (bounded).
void refreshPack(false);

/**
 * Herfindahl–Hirschman index (0–10,000) of market shares or raw values; blanks are ignored.
 * @customfunction HHI
 * @helpurl https://localhost:3000/help/functions.html#hhi
 * @param shares_or_values Shares (fractions like 0.4 or percents like 40) or raw values such as tonnes by country; raw values are normalised to shares of their total.
 * @param [basis] "auto" (default: fractions as given if they sum to 1 or less, otherwise normalised to the total), "fraction", "percent" (for an incomplete list of percent shares) or "values".
 * @returns The index on the 0–10,000 scale (a monopoly is 10,000).
 */
function HHI(shares_or_values: any[][], basis?: string): any {
  return run(F.HHI, shares_or_values, basis);
}

/**
 * The version of the Rare Earth Trade Modeler add-in.
 * @customfunction VERSION
 * @helpurl https://localhost:3000/help/functions.html#version
 * @returns The add-in version, e.g. "0.1.0".
 */
function VERSION(): string {
  return run(F.VERSION) as string;
}

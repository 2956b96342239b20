/**
 * Herfindahl–Hirschman index on the 0–10,000 scale.
 *
 * HHI = Σ sᵢ² with shares sᵢ in percent (so a monopoly is 10,000).
 * Inputs are shares or raw values, chosen by `basis`:
 *  - "fraction": shares as fractions of 1, used as given (an incomplete list is
 *    a lower bound: the missing rest of the market is not guessed);
 *  - "percent":  shares in percent, used as given;
 *  - "values":   raw quantities (tonnes, dollars), normalised to shares of their total;
 *  - "auto" (default): fractions as given when they sum to 1 or less, otherwise
 *    values normalised to their total (so percent shares that sum to 100 give the
 *    same index as "percent"). An incomplete list of percent shares needs "percent".
 * Blanks are ignored; negatives → #NUM!; text → #VALUE!; all blank → "".
 */
import { numError, valueError } from "./errors";
import { isBlank, toNumber, toOption } from "./input";
import { flatten } from "./broadcast";
import { declare } from "./signature";

export const HHI_BASES = ["auto", "fraction", "percent", "values"] as const;
export type HhiBasis = (typeof HHI_BASES)[number];

/** Tolerance on sums of shares (rounded published shares rarely add up exactly). */
const SUM_TOL = 1e-9;

export function hhiFromNumbers(xs: readonly number[], basis: HhiBasis = "auto"): number {
  let sum = 0;
  let sumSq = 0;
  for (const x of xs) {
    sum += x;
    sumSq += x * x;
  }
  if (sum === 0) return 0; // all zeros: no market, index 0
  const mode: "fraction" | "percent" | "values" = basis === "auto" ? (sum <= 1 + SUM_TOL ? "fraction" : "values") : basis;
  switch (mode) {
    case "fraction":
      if (sum > 1 + 1e-6) throw numError(`shares_or_values: fractions sum to ${sum}, more than 1`);
      return sumSq * 10_000;
    case "percent":
      if (sum > 100 + 1e-4) throw numError(`shares_or_values: percent shares sum to ${sum}, more than 100`);
      return sumSq;
    case "values":
      if (Number.isFinite(sumSq) && Number.isFinite(sum * sum)) return (sumSq / (sum * sum)) * 10_000;
      return hhiOfHugeValues(xs);
  }
}

/** Raw values so large that their squares overflow: the same index computed on values ÷ their maximum. */
function hhiOfHugeValues(xs: readonly number[]): number {
  let max = 0;
  for (const x of xs) if (x > max) max = x;
  let sum = 0;
  let sumSq = 0;
  for (const x of xs) {
    const y = x / max;
    sum += y;
    sumSq += y * y;
  }
  return (sumSq / (sum * sum)) * 10_000;
}

/** HHI over a range (or several cells): the core of TRADE.HHI. Returns "" when all cells are blank. */
export function hhi(shares_or_values: unknown, basisRaw?: unknown): number | "" {
  const basis = toOption(basisRaw ?? null, "basis", HHI_BASES, "auto");
  const cells = flatten(shares_or_values, "shares_or_values");
  const xs: number[] = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    let x: number;
    if (typeof c === "number" && Number.isFinite(c)) x = c; // the common case, no conversion
    else if (isBlank(c)) continue;
    else if (typeof c === "boolean") throw valueError(`shares_or_values: cell ${i + 1} is ${c ? "TRUE" : "FALSE"}, not a number`);
    else x = toNumber(c, `shares_or_values (cell ${i + 1})`);
    if (x < 0) throw numError(`shares_or_values: cell ${i + 1} is negative (${x})`);
    xs.push(x);
  }
  if (xs.length === 0) return "";
  return hhiFromNumbers(xs, basis);
}

/** The declaration of HHI. */
export const hhiFunctions = {
  HHI: declare(
    "HHI",
    "scalar",
    [
      { name: "shares_or_values", type: "number", shape: "range" },
      { name: "basis", type: "option", shape: "single", optional: true, default: "auto", options: HHI_BASES },
    ],
    (x: unknown, b: unknown) => hhi(x, b),
  ),
};

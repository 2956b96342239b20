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
import { cellValue, isBlank, toNumber, toOption } from "./input";
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
  return hhiFromSums(sum, sumSq, basis, () => xs);
}

/** The index from the sum and the sum of squares; `values` gives the numbers again when the squares overflow. */
function hhiFromSums(sum: number, sumSq: number, basis: HhiBasis, values: () => readonly number[]): number {
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
      return hhiOfHugeValues(values());
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

/**
 * HHI over a range (or several cells): the core of TRADE.HHI. Returns "" when all cells are blank.
 * One pass over Excel's 2-D array as it is (no flattened copy): sums and squares of the numbers,
 * any other cell through the input layer.
 */
export function hhi(shares_or_values: unknown, basisRaw?: unknown): number | "" {
  const basis = toOption(basisRaw ?? null, "basis", HHI_BASES, "auto");
  const m: readonly unknown[][] = Array.isArray(shares_or_values)
    ? shares_or_values.length > 0 && Array.isArray(shares_or_values[0])
      ? (shares_or_values as unknown[][])
      : [shares_or_values as unknown[]]
    : [[shares_or_values]];
  // Not inlined by the minifier: the loop must stay a function of its own (see sumRange).
  const count = /*@__NOINLINE__*/ sumRange(m);
  if (count === 0) return "";
  // A non-finite sum: an Infinity cell (numbersOf says which) or values whose sum overflows.
  if (!Number.isFinite(rangeSum)) numbersOf(m);
  return hhiFromSums(rangeSum, rangeSumSq, basis, () => numbersOf(m));
}

/** sumRange's sums, in module variables: storing them needs no type feedback (see sumRange). */
let rangeSum = 0;
let rangeSumSq = 0;

/**
 * The hot loop on its own (so the engine optimises it as a whole function, not by on-stack
 * replacement in the middle of hhi). It returns the count of numbers and leaves the sum and the
 * sum of squares in rangeSum and rangeSumSq: the loop is optimised while running the first time,
 * before any code after it has run, and a property store there (with no type feedback yet) would
 * deoptimise the cached loop code on every later call.
 */
function sumRange(m: readonly unknown[][]): number {
  const cols = m[0].length;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    if (typeof row !== "object" || row === null || row.length !== cols) throw valueError(`shares_or_values: the range is not rectangular (row ${i + 1})`);
    if (cols === 1) {
      // A column, Excel's usual shape: no inner loop. Infinity passes here and is caught by hhi.
      const x = row[0];
      if (typeof x === "number" && x >= 0) {
        sum += x;
        sumSq += x * x;
        count++;
        continue;
      }
      const y = cellNumber(x, i + 1);
      if (y === null) continue;
      sum += y;
      sumSq += y * y;
      count++;
      continue;
    }
    for (let j = 0; j < cols; j++) {
      const x = row[j];
      const y = typeof x === "number" && x >= 0 ? x : cellNumber(x, i * cols + j + 1);
      if (y === null) continue;
      sum += y;
      sumSq += y * y;
      count++;
    }
  }
  rangeSum = sum;
  rangeSumSq = sumSq;
  return count;
}

/** A cell that is not a non-negative finite number: null when blank, the number of numeric text, or the error. */
function cellNumber(c: unknown, cell: number): number | null {
  if (isBlank(c)) return null;
  const v = cellValue(c, `shares_or_values (cell ${cell})`);
  if (v === null || isBlank(v)) return null;
  if (typeof v === "boolean") throw valueError(`shares_or_values: cell ${cell} is ${v ? "TRUE" : "FALSE"}, not a number`);
  const x = toNumber(v, `shares_or_values (cell ${cell})`);
  if (x < 0) throw numError(`shares_or_values: cell ${cell} is negative (${x})`);
  return x;
}

/** The numbers of the range again, for the rare overflow path (values whose squares overflow). */
function numbersOf(m: readonly unknown[][]): number[] {
  const xs: number[] = [];
  let cell = 0;
  for (const row of m)
    for (const c of row) {
      cell++;
      const x = typeof c === "number" && c >= 0 && c < Infinity ? c : cellNumber(c, cell);
      if (x !== null) xs.push(x);
    }
  return xs;
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

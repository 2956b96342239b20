/**
 * The Swiss formula for tariff cuts (WTO/WITS): r1 = a·r0 / (a + r0).
 *
 * The coefficient a is the ceiling the new rate approaches, and is always given
 * in PERCENTAGE POINTS as in WTO negotiating texts and WITS (default 16, i.e. no
 * new rate above 16%). The rate r0 is read in the units chosen by `units`:
 *  - "fraction" (default): r0 = 0.1 (or "10%", or a cell formatted as 10%) is a
 *    10% tariff, and the result is a fraction (0.0615… = 6.15%);
 *  - "percent": r0 = 10 is a 10% tariff, and the result is in percent (6.15…).
 * Either way a is converted to the same units before applying the formula.
 * Text with a % sign for a ("16%") means 16 percentage points.
 *
 * Pure: no DOM, no Office.
 */
import { numError, valueError } from "../errors";
import { clip, normalise, parseNumberText, toNumber, toOption } from "../input";
import { elementwise } from "../signature";

export const SWISS_DEFAULT_A = 16;
export const SWISS_UNITS = ["fraction", "percent"] as const;
export type SwissUnits = (typeof SWISS_UNITS)[number];

/** r1 = a·r0/(a + r0) with a and r0 in the same units. r0 ≥ 0, a > 0. */
export function swiss(r0: number, a: number): number {
  if (r0 === 0) return 0;
  return (a * r0) / (a + r0);
}

/**
 * The coefficient in percentage points. Blank → 16, and so is the number 0 that
 * desktop Excel passes for an empty cell (a coefficient of 0 is impossible: it
 * would cut every rate to 0). Text "0" or "0%" typed by the user is still #NUM!.
 */
export function toSwissCoefficient(raw: unknown, arg = "a"): number {
  if (raw === 0) return SWISS_DEFAULT_A;
  const v = normalise(raw, arg);
  if (v === null) return SWISS_DEFAULT_A;
  let a: number;
  if (typeof v === "string" && v.endsWith("%")) {
    const p = parseNumberText(v.slice(0, -1));
    if (p === null) throw valueError(`${arg}: expected a coefficient in percentage points such as 16, got text "${clip(v)}"`);
    a = p;
  } else if (typeof v === "boolean") {
    throw valueError(`${arg}: expected a coefficient in percentage points such as 16, got ${v ? "TRUE" : "FALSE"}`);
  } else {
    a = toNumber(v, arg);
  }
  if (a <= 0) throw numError(`${arg} is ${a}; the Swiss coefficient must be more than 0 (percentage points, default 16)`);
  return a;
}

/** One element of TRADE.SWISS_FORMULA. */
export function swissElement(rateRaw: unknown, aRaw: unknown, unitsRaw: unknown): number {
  const units = toOption(unitsRaw ?? null, "units", SWISS_UNITS, "fraction");
  if (typeof rateRaw === "boolean") throw valueError(`rate: expected a tariff rate, got ${rateRaw ? "TRUE" : "FALSE"}`);
  const r0 = toNumber(rateRaw, "rate");
  if (r0 < 0) throw numError(`rate is negative (${r0}); the Swiss formula applies to tariffs of 0 or more`);
  const aPoints = toSwissCoefficient(aRaw);
  const a = units === "percent" ? aPoints : aPoints / 100;
  const r1 = swiss(r0, a);
  if (!Number.isFinite(r1)) throw numError("the result is too large to represent");
  return r1;
}

/** The declaration of SWISS_FORMULA. */
export const swissFunctions = {
  SWISS_FORMULA: elementwise(
    "SWISS_FORMULA",
    [
      { name: "rate", type: "number", required: true },
      { name: "a", type: "number", optional: true, default: SWISS_DEFAULT_A, zeroIsBlank: true },
      { name: "units", type: "option", optional: true, default: "fraction", options: SWISS_UNITS },
    ],
    (v) => swissElement(v[0], v[1], v[2]),
  ),
};

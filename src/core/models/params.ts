/**
 * Argument parsing shared by the trade-impact models (SMART and its scalar
 * helpers): tariffs, elasticities. Pure: no DOM, no Office.
 *
 * Conventions (docs/models.md):
 *  - Tariffs are ad valorem FRACTIONS: 0.1 (or the text "10%", or a cell formatted
 *    as 10%, which Excel stores as 0.1) is a 10% tariff. 10 would be 1,000%.
 *    A blank tariff is 0 (desktop Excel passes 0 for an empty cell anyway).
 *    A tariff of -100% or less is impossible (the domestic price would be zero
 *    or negative) → #NUM!.
 *  - The import-demand elasticity is accepted as a positive magnitude (1.5, as
 *    WITS prints it) or as the signed value (-1.5); it is used as -|x|.
 *  - The substitution elasticity is ≥ 0 (default 1.5, WITS).
 *  - The export-supply elasticity is > 0 (default 99, WITS), or the text
 *    "infinite" / "inf" for perfectly elastic export supply.
 */
import { numError, valueError } from "../errors";
import { clip, isBlank, normalise, toNumber } from "../input";

/** WITS/SMART default substitution (Armington) elasticity between exporters (source S29). */
export const DEFAULT_SUBSTITUTION_ELASTICITY = 1.5;
/** WITS/SMART default export-supply elasticity (source S29: "99", meant as near-infinite). */
export const DEFAULT_SUPPLY_ELASTICITY = 99;

/** A tariff as a fraction (> -1). Blank → 0. */
export function toTariff(raw: unknown, arg: string): number {
  if (typeof raw === "boolean") throw valueError(`${arg}: expected a tariff such as 0.1 or "10%", got ${raw ? "TRUE" : "FALSE"}`);
  const t = toNumber(raw, arg, { blank: 0 });
  if (t <= -1) throw numError(`${arg} is ${t} (${fmtPct(t)}); a tariff must be more than -100%`);
  return t;
}

/** The import-demand elasticity as a negative number (or 0). Blank is an error: SMART has no generic default. */
export function toImportElasticity(raw: unknown, arg = "import_elasticity"): number {
  if (isBlank(raw)) {
    throw valueError(`${arg} is blank; give the product's import-demand elasticity (e.g. 1.5 or -1.5): SMART has no generic default`);
  }
  if (typeof raw === "boolean") throw valueError(`${arg}: expected a number such as 1.5 or -1.5, got ${raw ? "TRUE" : "FALSE"}`);
  const e = toNumber(raw, arg);
  return e === 0 ? 0 : -Math.abs(e);
}

/** The substitution elasticity (≥ 0). Blank → 1.5. */
export function toSubstitutionElasticity(raw: unknown, arg = "substitution_elasticity"): number {
  if (typeof raw === "boolean") throw valueError(`${arg}: expected a number such as 1.5, got ${raw ? "TRUE" : "FALSE"}`);
  const e = toNumber(raw, arg, { blank: DEFAULT_SUBSTITUTION_ELASTICITY });
  if (e < 0) throw numError(`${arg} is ${e}; the substitution elasticity must be 0 or more (default 1.5)`);
  return e;
}

const INFINITE_WORDS = new Set(["inf", "infinite", "infinity", "∞"]);

/** The export-supply elasticity (> 0, or Infinity for "infinite"). Blank → 99. */
export function toSupplyElasticity(raw: unknown, arg = "supply_elasticity"): number {
  const v = normalise(raw, arg);
  if (v === null) return DEFAULT_SUPPLY_ELASTICITY;
  if (typeof v === "string" && INFINITE_WORDS.has(v.toLowerCase())) return Infinity;
  if (typeof v === "boolean") throw valueError(`${arg}: expected a number such as 99 or "infinite", got ${v ? "TRUE" : "FALSE"}`);
  let e: number;
  try {
    e = toNumber(v, arg);
  } catch {
    throw valueError(`${arg}: expected a number such as 99 or the text "infinite", got text "${clip(String(v))}"`);
  }
  if (e <= 0) throw numError(`${arg} is ${e}; the export-supply elasticity must be more than 0 (default 99; "infinite" for perfectly elastic supply)`);
  return e;
}

export function fmtPct(t: number): string {
  return `${+(t * 100).toPrecision(10)}%`;
}

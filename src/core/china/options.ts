/**
 * The option arguments of the China-rule functions: regime, scope, product type.
 * Unknown text → #VALUE! listing the options.
 */
import { valueError, listOptions } from "../errors";
import { clip, normalise, toOption } from "../input";
import { toAsOf } from "../dates";
import { REGIMES, Regime } from "./timeline";
import { part2Categories } from "../data/instruments";
import type { Part2Type } from "../data/instruments";

export { REGIMES };
export type { Regime };

export const SCOPES = ["strict", "broad"] as const;
export type Scope = (typeof SCOPES)[number];

export const PRODUCT_TYPES = ["magnet", "target", "component", "other"] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

const PRODUCT_ALIASES: ReadonlyMap<string, ProductType> = new Map(Object.entries({
  magnet: "magnet",
  magnets: "magnet",
  "permanent magnet": "magnet",
  "permanent-magnet material": "magnet",
  "magnet material": "magnet",
  target: "target",
  targets: "target",
  "sputtering target": "target",
  component: "component",
  components: "component",
  part: "component",
  parts: "component",
  assembly: "component",
  other: "other",
} as Record<string, ProductType>));

function key(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_]+/g, " ")
    .trim();
}

export function toRegime(raw: unknown): Regime {
  return toOption(raw, "regime", REGIMES, "as_written");
}

export function toScope(raw: unknown): Scope {
  return toOption(raw, "scope", SCOPES, "strict");
}

/** Product type, or undefined when omitted (the threshold test alone). */
export function toProductType(raw: unknown): ProductType | undefined {
  const v = normalise(raw, "product_type");
  if (v === null || v === 0) return undefined;
  const t = PRODUCT_ALIASES.get(key(String(v)));
  if (t) return t;
  throw valueError(
    `product_type: unknown option "${clip(String(v))}"; use ${listOptions(PRODUCT_TYPES)} (or leave it blank for the threshold test alone)`,
  );
}

/** The Part 2 category a product type falls in under a scope, or undefined when out of scope. Data-driven from cn_items.json. */
export function part2For(type: ProductType, scope: Scope) {
  if (type === "other") return undefined;
  const cat = part2Categories().find((c) => c.productType === (type as Part2Type));
  if (!cat) return undefined;
  return cat.scope === "strict" || scope === "broad" ? cat : undefined;
}

/** The product types in scope under a scope reading, e.g. "magnet, target". */
export function typesInScope(scope: Scope): string {
  return part2Categories()
    .filter((c) => c.scope === "strict" || scope === "broad")
    .map((c) => c.productType)
    .join(", ");
}

/** An as_of argument (the input layer's toAsOf). */
export { toAsOf };

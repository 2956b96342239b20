/**
 * US merger-guidelines concentration bands for an HHI (0–10,000 scale).
 *
 *  - 2023 Merger Guidelines (DOJ & FTC, 18 Dec 2023), Guideline 1 (§2.1):
 *    "Markets with an HHI greater than 1,800 are highly concentrated" — the 2023
 *    text defines only this band, so the result is "highly concentrated" above
 *    1,800 and "not highly concentrated" otherwise (1,800 itself is not).
 *  - 2010 Horizontal Merger Guidelines (19 Aug 2010) §5.3: unconcentrated
 *    below 1,500; moderately concentrated between 1,500 and 2,500 (both
 *    included); highly concentrated above 2,500.
 *  - 1992 Horizontal Merger Guidelines (rev. 1997) §1.51: unconcentrated below
 *    1,000; moderately concentrated between 1,000 and 1,800 (both included);
 *    highly concentrated above 1,800.
 *
 * Boundaries are compared after rounding the HHI to 12 significant digits, so
 * floating-point noise from share arithmetic (1800.0000000000002) cannot move
 * a market across a band.
 *
 * Pure: no DOM, no Office.
 */
import { numError, valueError } from "../errors";
import { toNumber, toOption } from "../input";
import { ParamDecl, elementwise } from "../signature";

export const HHI_GUIDELINES = ["2023", "2010", "1992", "1997"] as const;
export type HhiGuidelines = (typeof HHI_GUIDELINES)[number];

export type HhiBand = "unconcentrated" | "moderately concentrated" | "highly concentrated" | "not highly concentrated";

interface BandSet {
  /** Highly concentrated strictly above this. */
  high: number;
  /** Unconcentrated strictly below this (absent: no lower band). */
  low?: number;
  citation: string;
}

export const BAND_SETS: Readonly<Record<"2023" | "2010" | "1992", BandSet>> = {
  "2023": {
    high: 1800,
    citation: "US DOJ & FTC Merger Guidelines (2023), Guideline 1 §2.1: HHI greater than 1,800 is highly concentrated",
  },
  "2010": {
    high: 2500,
    low: 1500,
    citation: "US DOJ & FTC Horizontal Merger Guidelines (2010) §5.3: below 1,500 unconcentrated, 1,500–2,500 moderately, above 2,500 highly concentrated",
  },
  "1992": {
    high: 1800,
    low: 1000,
    citation: "US DOJ & FTC Horizontal Merger Guidelines (1992, rev. 1997) §1.51: below 1,000 unconcentrated, 1,000–1,800 moderately, above 1,800 highly concentrated",
  },
};

export function bandSetKey(g: HhiGuidelines): "2023" | "2010" | "1992" {
  return g === "1997" ? "1992" : g;
}

/** The band of an HHI (0–10,000) under a guideline set. */
export function hhiBand(hhi: number, guidelines: HhiGuidelines = "2023"): HhiBand {
  const set = BAND_SETS[bandSetKey(guidelines)];
  const h = Number(hhi.toPrecision(12));
  if (h > set.high) return "highly concentrated";
  if (set.low === undefined) return "not highly concentrated";
  return h < set.low ? "unconcentrated" : "moderately concentrated";
}

export function toHhi(raw: unknown, arg = "hhi"): number {
  if (typeof raw === "boolean") throw valueError(`${arg}: expected an HHI between 0 and 10,000, got ${raw ? "TRUE" : "FALSE"}`);
  const h = toNumber(raw, arg);
  if (h < 0 || h > 10000 * (1 + 1e-12)) throw numError(`${arg} is ${h}; an HHI is between 0 and 10,000 (shares in percent, squared and summed)`);
  return h;
}

export function toGuidelines(raw: unknown): HhiGuidelines {
  return toOption(raw ?? null, "guidelines", HHI_GUIDELINES, "2023");
}

/** One element of TRADE.HHI_CLASS. */
export function hhiClassElement(hhiRaw: unknown, guidelinesRaw: unknown): HhiBand {
  const g = toGuidelines(guidelinesRaw);
  return hhiBand(toHhi(hhiRaw), g);
}

function fmtInt(x: number): string {
  const r = Number(x.toPrecision(12));
  const [i, f] = String(r).split(".");
  const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return f ? `${grouped}.${f.slice(0, 2)}` : grouped;
}

/** One element of TRADE.HHI_CLASS_EXPLAIN: one line with the result, the number, the rule and its citation. */
export function hhiClassExplainElement(hhiRaw: unknown, guidelinesRaw: unknown): string {
  const g = toGuidelines(guidelinesRaw);
  const h = toHhi(hhiRaw);
  const band = hhiBand(h, g);
  const set = BAND_SETS[bandSetKey(g)];
  const year = bandSetKey(g);
  let rule: string;
  if (band === "highly concentrated") rule = `above ${fmtInt(set.high)}`;
  else if (band === "not highly concentrated") rule = `not above ${fmtInt(set.high)}; the 2023 text defines no lower band`;
  else if (band === "unconcentrated") rule = `below ${fmtInt(set.low!)}`;
  else rule = `from ${fmtInt(set.low!)} to ${fmtInt(set.high)}, both included`;
  return `HHI ${fmtInt(h)} is ${band} under the ${year} US merger guidelines (${rule}). Source: ${set.citation}. A merger-review yardstick used here as a descriptive scale, not an antitrust finding.`;
}

const HHI_CLASS_PARAMS: readonly ParamDecl[] = [
  { name: "hhi", type: "number", required: true },
  { name: "guidelines", type: "option", optional: true, default: "2023", options: HHI_GUIDELINES },
];

/** The declarations of HHI_CLASS and HHI_CLASS_EXPLAIN. */
export const hhiClassFunctions = {
  HHI_CLASS: elementwise("HHI_CLASS", HHI_CLASS_PARAMS, (v) => hhiClassElement(v[0], v[1])),
  HHI_CLASS_EXPLAIN: elementwise("HHI_CLASS_EXPLAIN", HHI_CLASS_PARAMS, (v) => hhiClassExplainElement(v[0], v[1])),
};

/**
 * Country arguments (origin, exporting country, a BOM line's origin, a supply
 * share's country): the one resolver every function uses. ISO alpha-2 or alpha-3
 * codes, names and aliases through the pack's countries ("CN", "CHN", "China",
 * "PRC", "Burma"); Hong Kong, Macao and Taiwan are separate entries, never China.
 * Pure.
 */
import { perPack } from "./data/active";
import { findCountry } from "./data/countries";
import type { Country } from "./data/countries";
import { naError, valueError } from "./errors";
import { clip, describe, normalise } from "./input";

export type { Country };

const HELP = 'use an ISO code ("CN", "MYS") or a name ("China", "Malaysia")';

const byTextOf = perPack(() => new Map<string, Country>());

/** The country a text names (trimmed, non-empty), or #N/A naming `arg`. Cached per text for the data pack. */
export function countryOf(text: string, arg: string): Country {
  const byText = byTextOf();
  let c = byText.get(text);
  if (c === undefined) {
    c = findCountry(text);
    if (!c) throw naError(`${arg}: "${clip(text)}" is not a known country; ${HELP}`);
    byText.set(text, c);
  }
  return c;
}

/** ISO alpha-2 of a country text, or #N/A naming `arg`. */
export function countryCode(text: string, arg: string): string {
  return countryOf(text, arg).iso2;
}

/**
 * A country argument: any input the input layer reads (text, a data type, an
 * entity card whose id is a country code). Blank → #VALUE! "is blank"; a number or
 * boolean → #VALUE!; an unknown name → #N/A.
 */
export function toCountry(raw: unknown, arg: string): Country {
  const v = typeof raw === "string" ? raw.trim() : normalise(raw, arg);
  if (v === null || v === "" || v === 0) throw valueError(`${arg} is blank; give a country such as "CN" or "China"`);
  if (typeof v !== "string") throw valueError(`${arg}: expected a country code or name such as "CN" or "Malaysia", got ${describe(v)}`);
  if (v.charCodeAt(0) === 35) normalise(v, arg); // "#N/A" typed or passed as text: the Excel error
  return countryOf(v, arg);
}

/** "China (CN)" for an ISO alpha-2 code (the code itself when unknown). */
export function countryLabel(iso2: string): string {
  const c = findCountry(iso2);
  return c ? `${c.name} (${iso2})` : iso2;
}

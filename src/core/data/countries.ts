/**
 * Countries and territories (src/data/countries.json, ISO 3166-1): lookups by
 * alpha-2, alpha-3, English name or alias, case- and space-insensitive.
 * Hong Kong, Macao and Taiwan are separate entries, never China.
 */
import countriesDoc from "../../data/countries.json";
import { normKey } from "./pack";
import type { CountriesDoc } from "./schemas.generated";

/** A country or territory; `groups` lists the groups it belongs to, e.g. ["EU"]. */
export type Country = CountriesDoc["records"][number];

// The JSON's shape is its schema's (scripts/check-data.cjs validates it at build and test time); JSON imports
// widen literals to string, hence the one checked `as` to the type derived from the schema.
const doc = countriesDoc as CountriesDoc;

let byKey: Map<string, Country> | null = null;
let byIso2: Map<string, Country> | null = null;

/** Key variants of a name: normalised, and without dots/commas/apostrophes ("U.S." = "US"). */
function keys(text: string): string[] {
  const k = normKey(text);
  const bare = k
    .replace(/[.,'()]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return bare === k ? [k] : [k, bare];
}

function index(): Map<string, Country> {
  if (!byKey) {
    byKey = new Map();
    byIso2 = new Map();
    for (const c of doc.records) {
      byIso2.set(c.iso2, c);
      for (const name of [c.iso2, c.iso3, c.name, ...c.aliases]) {
        for (const k of keys(name)) if (!byKey.has(k)) byKey.set(k, c);
      }
    }
  }
  return byKey;
}

/** A country by ISO alpha-2, alpha-3, name or alias ("CN", "chn", "China", "PRC", "Burma"). */
export function findCountry(text: string): Country | undefined {
  const idx = index();
  for (const k of keys(text)) {
    const c = idx.get(k);
    if (c) return c;
  }
  return undefined;
}

/** A country by its exact ISO alpha-2 code. */
export function countryByIso2(iso2: string): Country | undefined {
  index();
  return byIso2!.get(iso2.toUpperCase());
}

export function allCountries(): readonly Country[] {
  return doc.records;
}

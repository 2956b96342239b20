/**
 * Countries and territories (src/data/countries.json, ISO 3166-1): lookups by
 * alpha-2, alpha-3, English name or alias, case- and space-insensitive.
 * Hong Kong, Macao and Taiwan are separate entries, never China.
 */
import { dataset, perPack } from "./active";
import { normKey } from "./pack";
import type { CountriesDoc } from "./schemas.generated";

/** A country or territory; `groups` lists the groups it belongs to, e.g. ["EU"]. */
export type Country = CountriesDoc["records"][number];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = () => dataset<CountriesDoc>("countries");

/** Key variants of a name: normalised, and without dots/commas/apostrophes ("U.S." = "US"). */
function keys(text: string): string[] {
  const k = normKey(text);
  const bare = k
    .replace(/[.,'()]/g, "")
    .replace(/\s+/g, " ")
    .trim();
  return bare === k ? [k] : [k, bare];
}

const index = perPack(() => {
  const byKey = new Map<string, Country>();
  const byIso2 = new Map<string, Country>();
  for (const c of doc().records) {
    byIso2.set(c.iso2, c);
    for (const name of [c.iso2, c.iso3, c.name, ...c.aliases]) {
      for (const k of keys(name)) if (!byKey.has(k)) byKey.set(k, c);
    }
  }
  return { byKey, byIso2 };
});

/** A country by ISO alpha-2, alpha-3, name or alias ("CN", "chn", "China", "PRC", "Burma"). */
export function findCountry(text: string): Country | undefined {
  const idx = index().byKey;
  for (const k of keys(text)) {
    const c = idx.get(k);
    if (c) return c;
  }
  return undefined;
}

/** A country by its exact ISO alpha-2 code. */
export function countryByIso2(iso2: string): Country | undefined {
  return index().byIso2.get(iso2.toUpperCase());
}

export function allCountries(): readonly Country[] {
  return doc().records;
}

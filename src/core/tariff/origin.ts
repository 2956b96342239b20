/** Country of origin input → ISO alpha-2, cached. Pure. */
import { findCountry } from "../data/countries";
import { naError } from "../errors";

const cache = new Map<string, string>();

export function resolveOrigin(text: string, arg = "origin"): string {
  const hit = cache.get(text);
  if (hit) return hit;
  const c = findCountry(text);
  if (!c) throw naError(`${arg}: "${text}" is not a known country; use an ISO code ("CN", "MYS") or a name ("China", "Malaysia")`);
  cache.set(text, c.iso2);
  return c.iso2;
}

export function originName(iso2: string): string {
  const c = findCountry(iso2);
  return c ? `${c.name} (${iso2})` : iso2;
}

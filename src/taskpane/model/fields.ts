/**
 * The field browser's pure parts: ranking fields for a keyword, filtering entities, ordering
 * editions and laying out the preview grid (a row per entity, a column per year).
 * Pure: no DOM, no Office, no React.
 */
import { norm } from "./search";

export interface FieldLike {
  field: string;
  description: string;
  unit: string;
}

/**
 * How well a field matches the query words, 0 for no match. Every word must match somewhere; the
 * field's own name counts most: the whole name ("price_usd_kg" for "price usd kg"), then a word of
 * it ("price" in price_usd_kg), then part of it, then the description, unit or kind.
 */
export function fieldScore(f: FieldLike, kindLabel: string, query: string): number {
  const q = norm(query);
  if (!q) return 0;
  const name = f.field.toLowerCase();
  const nameWords = name.split("_");
  const desc = norm(`${f.description} ${f.unit} ${kindLabel}`);
  const words = q.split(" ").filter(Boolean);
  if (name === words.join("_")) return 10_000;
  let score = 0;
  for (const w of words) {
    if (nameWords[0] === w) score += 120;
    else if (nameWords.includes(w)) score += 100;
    else if (nameWords.some((n) => n.startsWith(w))) score += 60;
    else if (name.includes(w)) score += 40;
    else if (desc.split(" ").includes(w)) score += 10;
    else if (desc.includes(w)) score += 5;
    else return 0;
  }
  return score;
}

/** Fields that match `query`, best first; ties by shorter name, then alphabetically. */
export function rankFields<T extends { def: FieldLike; kindLabel: string }>(all: readonly T[], query: string): T[] {
  const scored = all.map((f) => ({ f, s: fieldScore(f.def, f.kindLabel, query) })).filter((x) => x.s > 0);
  scored.sort((a, b) => b.s - a.s || a.f.def.field.length - b.f.def.field.length || a.f.def.field.localeCompare(b.f.def.field));
  return scored.map((x) => x.f);
}

/** Entities whose label or code contains every word of `filter` (all of them for an empty filter). */
export function filterEntities<T extends { id: string; label: string; aliases?: readonly string[] }>(all: readonly T[], filter: string): T[] {
  const words = norm(filter).split(" ").filter(Boolean);
  if (!words.length) return [...all];
  const scored: { e: T; s: number }[] = [];
  for (const e of all) {
    const label = norm(e.label);
    const id = norm(e.id);
    const text = `${label} ${id} ${(e.aliases ?? []).map(norm).join(" ")}`;
    if (!words.every((w) => text.includes(w))) continue;
    const q = words.join(" ");
    // The code or the name typed whole first, then names that start with it.
    const s = id === q ? 3 : label === q ? 2 : label.startsWith(q) ? 1 : 0;
    scored.push({ e, s });
  }
  return scored.sort((a, b) => b.s - a.s).map((x) => x.e);
}

/**
 * A sort key for an edition's date: "MCS 2026" → 2026-00-00, "IEA commentary 2025-10-23" →
 * 2025-10-23, "DoD-MP Materials contract (July 2025)" → 2025-07-00.
 */
function editionDate(e: string): string {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(e);
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`;
  const year = /\b(19|20)\d{2}\b/.exec(e)?.[0];
  if (!year) return "0000-00-00";
  const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
  const m = new RegExp(`\\b(${months.join("|")})[a-z]*\\.?\\s+${year}\\b`, "i").exec(e);
  const month = m ? String(months.indexOf(m[1].toLowerCase()) + 1).padStart(2, "0") : "00";
  return `${year}-${month}-00`;
}

/** Editions newest first (by the date in their name), then alphabetically; duplicates once. */
export function orderEditions(list: Iterable<string>): string[] {
  return [...new Set(list)].sort((a, b) => editionDate(b).localeCompare(editionDate(a)) || a.localeCompare(b));
}

/** The preview grid's columns: the chosen years, or one "latest" column when none is chosen. */
export function previewColumns(years: readonly (number | string)[]): { key: string; year: number | string | undefined; label: string }[] {
  if (!years.length) return [{ key: "latest", year: undefined, label: "Latest" }];
  return years.map((y) => ({ key: String(y), year: y, label: String(y) }));
}

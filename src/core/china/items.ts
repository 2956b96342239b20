/**
 * Bill-of-materials item names → what they are for China's 0.1% rule.
 *
 * An item is given as an Ann. 61 Annex 1 Part 1 item name or alias ("dysprosium
 * oxide", "TbFe alloy", "Dy2O3"), an element symbol or name ("Dy": content of a
 * Part 1 element, counted), an element with a form ("Nd oxide", "Gd oxide": known,
 * not on Part 1), a few common non-Part-1 materials ("NdFeB magnet", "NdPr oxide"),
 * or "other"/"none" for lines that are not rare-earth items. Anything else is #N/A.
 * Data-driven: the Part 1 list and its aliases come from cn_items.json.
 */
import { perPack } from "../data/active";
import { naError } from "../errors";
import { clip } from "../input";
import { findElement } from "../data/elements";
import { part1Items } from "../data/instruments";
import type { Part1Item } from "../data/instruments";

export interface ItemInfo {
  /** Counts toward the 0.1% numerator (a Part 1 item) when China-origin and the list is in force. */
  part1: boolean;
  /** What the text was read as, for messages and explanations. */
  label: string;
  item?: Part1Item;
}

/** "Tb-Fe alloy" = "TbFe alloy" = "tb fe alloy" → "tbfealloy" (same as the items-alias rule in src/pack/rules.ts). */
export function compactKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s\-_.,'()]+/g, "");
}

const FORM_WORDS = new Set([
  "metal",
  "metals",
  "alloy",
  "alloys",
  "oxide",
  "oxides",
  "target",
  "targets",
  "compound",
  "compounds",
  "magnet",
  "magnets",
  "carbonate",
  "chloride",
  "fluoride",
  "nitrate",
  "concentrate",
  "ore",
  "powder",
]);

const NOT_RE = ["other", "none", "non-RE", "non-rare-earth", "not rare earth"];
const OTHER_RE = [
  "NdFeB",
  "NdFeB magnet",
  "NdFeB alloy",
  "NdPr",
  "NdPr oxide",
  "NdPr metal",
  "SmCo magnet",
  "mischmetal",
  "mixed rare earth",
  "rare earth concentrate",
];

interface Index {
  byKey: Map<string, Part1Item>;
  /** Elements with a Part 1 item, mapped to the item counted for the bare element (its metal if listed). */
  elementItem: Map<string, Part1Item>;
  /** Elements with a Part 1 alloy, for the "ambiguous alloy" message. */
  alloys: Map<string, Part1Item[]>;
}

const buildIndex = perPack((): Index => {
  const byKey = new Map<string, Part1Item>();
  const elementItem = new Map<string, Part1Item>();
  const alloys = new Map<string, Part1Item[]>();
  for (const it of part1Items()) {
    for (const n of [it.name, ...it.aliases]) byKey.set(compactKey(n), it);
    for (const el of it.elements) {
      const cur = elementItem.get(el);
      if (!cur || (it.form === "metal" && cur.form !== "metal")) elementItem.set(el, it);
      if (it.form === "alloy") alloys.set(el, [...(alloys.get(el) ?? []), it]);
    }
  }
  return { byKey, elementItem, alloys };
});

const NOT_RE_KEYS = new Set(NOT_RE.map(compactKey));
const OTHER_RE_KEYS = new Set(OTHER_RE.map(compactKey));

/** Reads one item text (already trimmed, non-empty). Throws #N/A for unknown items. */
export function resolveItem(text: string, where: string): ItemInfo {
  const idx = buildIndex();
  const k = compactKey(text);
  const hit = idx.byKey.get(k);
  if (hit) return { part1: true, label: hit.name, item: hit };
  if (NOT_RE_KEYS.has(k)) return { part1: false, label: "not a rare-earth item" };
  if (OTHER_RE_KEYS.has(k)) return { part1: false, label: `${text} (not on Annex 1 Part 1)` };
  const el = findElement(text);
  if (el) {
    const it = idx.elementItem.get(el.symbol);
    return it
      ? { part1: true, label: `${el.symbol} content (as ${it.name})`, item: it }
      : { part1: false, label: `${el.name} (not on Annex 1 Part 1)` };
  }
  const m = /^(.*?)[\s-]+([A-Za-z]+)$/.exec(text.trim());
  if (m && FORM_WORDS.has(m[2].toLowerCase())) {
    const e2 = findElement(m[1]);
    if (e2) {
      const form = m[2].toLowerCase();
      const alloys = idx.alloys.get(e2.symbol);
      if ((form === "alloy" || form === "alloys") && alloys) {
        throw naError(
          `${where}: "${clip(text)}" is ambiguous: Annex 1 Part 1 lists only these ${e2.name} alloys: ${alloys.map((a) => a.name).join(", ")}; name the alloy (e.g. "${alloys[0].aliases[0]}") or use "other"`,
        );
      }
      return { part1: false, label: `${e2.name} ${form} (not on Annex 1 Part 1)` };
    }
  }
  throw naError(
    `${where}: unknown item "${clip(text)}"; use an Annex 1 Part 1 item (e.g. "Dy", "dysprosium oxide", "TbFe alloy"), an element with a form (e.g. "Nd oxide"), or "other" for lines that are not rare-earth items`,
  );
}

/**
 * Turning the data pack's figures into card property values: units as Excel
 * number formats (FormattedNumber keeps the number a number for formulas that
 * read it through dot notation), a sublabel with the edition, year or date and
 * any status other than confirmed, and the figure's sources as attributions.
 *
 * Number formats follow Excel's format codes; literal text is quoted:
 * https://support.microsoft.com/office/number-format-codes-5026bbd6-04bc-48cd-bf33-80f18b4eae68
 * Property metadata (sublabel, attribution, excludeFrom):
 * https://learn.microsoft.com/office/dev/add-ins/excel/excel-data-types-entity-card#property-metadata
 */
import { isoFromSerial } from "../dates";
import type { Figure } from "../data";
import { getSource } from "../data";
import { packState, perPack } from "../data/active";
import type { ArrayElement, Attribution, PropertyMetadata, PropertyValue } from "./types";

/** Decimal places needed to show `x` exactly, up to `max` (so 12.1 → 1, 239 → 0, 0.0125 → 4 capped). */
export function decimalsOf(x: number, max: number): number {
  for (let d = 0; d < max; d++) {
    const scaled = x * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, Math.abs(scaled))) return d;
  }
  return max;
}

/** Money: whole dollars as such, else cents ($239, $3.50). */
const cents = (x: number): number => (decimalsOf(x, 2) === 0 ? 0 : 2);

const fixed = (d: number): string => (d > 0 ? "0." + "0".repeat(d) : "0");

/**
 * The Excel number format for a value in a unit of the data pack, or null when the
 * value is shown as a plain number. "t REO" → 270,000 t REO; "USD/kg" → $239/kg;
 * "fraction" → 12.1%; "date" → 2025-04-04; "USD" → $1,234.
 */
export function numberFormatFor(unit: string, value: number): string | null {
  switch (unit) {
    case "t REO":
    case "t":
      return `#,##${fixed(decimalsOf(value, 2))} "${unit}"`;
    case "USD/kg":
      return `"$"#,##${fixed(cents(value))}"/kg"`;
    case "USD":
      return `"$"#,##${fixed(cents(value))}`;
    case "fraction":
      return `${fixed(decimalsOf(value * 100, 2))}%`;
    case "date":
      return "yyyy-mm-dd";
    default:
      return null;
  }
}

/** A number (or date serial) as a card value: FormattedNumber where the unit has a format, else Double. */
export function numberValue(value: number, unit: string): PropertyValue & ArrayElement {
  const nf = numberFormatFor(unit, value);
  return nf === null ? { type: "Double", basicValue: value } : { type: "FormattedNumber", basicValue: value, numberFormat: nf };
}

export const text = (s: string): PropertyValue & ArrayElement => ({ type: "String", basicValue: s });

/** Words for a status other than confirmed (confirmed figures need no label). */
export function statusWords(status: Figure["status"]): string | undefined {
  switch (status) {
    case "confirmed-2nd":
      return "secondary source";
    case "unconfirmed":
      return "UNCONFIRMED";
    case "derived":
      return "derived";
    default:
      return undefined;
  }
}

/** "MCS 2026 · 2025 estimate · secondary source": edition, year (or date) and status, as far as the figure has them. */
export function sublabelOf(f: Figure, extra?: string): string | undefined {
  const parts: string[] = [];
  if (f.edition) parts.push(f.edition);
  if (f.year !== undefined) parts.push(`${f.year}${f.estimated ? " estimate" : ""}`);
  else if (f.estimated) parts.push("estimate");
  if (f.asOf) parts.push(`on ${f.asOf}`);
  const st = statusWords(f.status);
  if (st) parts.push(st);
  if (extra) parts.push(extra);
  return parts.length ? parts.join(" · ") : undefined;
}

const attributionCache = perPack(() => new Map<string, Attribution>());
/** Ids of the sources an organisation's overlay brought, in the active pack. */
const orgSourceIds = perPack(() => new Set((packState().overlay?.sources ?? []).map((s) => String(s.id))));

/**
 * A source of the registry as an attribution: its title, publisher and date, linked to its URL when
 * the pack has one; an organisation's source says "Organisation data (<organisation>)" first.
 */
export function attributionOf(id: string): Attribution {
  const cache = attributionCache();
  let a = cache.get(id);
  if (!a) {
    const s = getSource(id);
    if (!s) a = { sourceText: `source ${id} (not in the source registry)` };
    else {
      const org = orgSourceIds().has(id) ? `Organisation data (${packState().overlay!.organisation}): ` : "";
      const txt = org + [s.title, s.publisher, s.date].filter(Boolean).join(", ");
      a = s.url ? { sourceText: txt, sourceAddress: s.url } : { sourceText: `${txt} (URL not captured)` };
    }
    cache.set(id, a);
  }
  return a;
}

const metadataCaches = perPack(() => ({
  byKey: new Map<string, PropertyMetadata>(),
  /** The same, keyed by the (stable) sources array of a data-pack record, so most lookups build no key string. */
  byArray: new WeakMap<readonly string[], Map<string, PropertyMetadata>>(),
}));

/**
 * Metadata for a property from its figure's provenance: the sublabel (edition, year or date, status)
 * and, for figures that cite an organisation's source (an overlay), that source as an attribution
 * ("Organisation data (<organisation>): ..." with its link), so organisation data is named on the
 * figure itself. Other sources are not repeated per property: a card lists them once, by id, in its
 * Sources property (TRADE.SOURCE gives each one's title, publisher, date and link), which keeps a
 * column of cards within Excel's payload limit (see ./size.ts). Shared between properties and cards
 * with the same sources and sublabel (treat as read-only).
 */
export function metadataOf(sources: readonly string[] | undefined, sublabel: string | undefined): PropertyMetadata | undefined {
  const org = orgSourceIds();
  const orgCited = !!sources && org.size > 0 && sources.some((s) => org.has(s));
  if (!sublabel && !orgCited) return undefined;
  const { byKey: metadataCache, byArray: metadataByArray } = metadataCaches();
  let byLabel = sources ? metadataByArray.get(sources) : undefined;
  const hit = byLabel?.get(sublabel ?? "");
  if (hit) return hit;
  const key = `${sublabel ?? ""}\u0000${orgCited ? sources!.join("\u0001") : ""}`;
  let md = metadataCache.get(key);
  if (!md) {
    md = {};
    if (sublabel) md.sublabel = sublabel;
    if (orgCited) md.attribution = sources!.filter((s) => org.has(s)).map(attributionOf);
    if (metadataCache.size > 20_000) metadataCache.clear();
    metadataCache.set(key, md);
  }
  if (sources) {
    if (!byLabel) metadataByArray.set(sources, (byLabel = new Map()));
    if (byLabel.size < 64) byLabel.set(sublabel ?? "", md);
  }
  return md;
}

/** A date serial as ISO text (for sublabels and card titles). */
export const iso = (serial: number): string => isoFromSerial(serial);

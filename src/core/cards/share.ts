/**
 * A card for a file that leaves the add-in behind: its display text plus its
 * key figures as plain values (numbers stay numbers, with the number format the
 * card showed), each with its sublabel and sources, so a recipient without the
 * add-in (or without data types) still reads what the card said. Pure: works on
 * the entity JSON Excel returns from `Range.valuesAsJson`, cards from any version.
 */
import type { EntityValue, PropertyValue } from "./types";
import { fieldsOf, formatSource, getEntityKind, resolveEntities, type RefQuery } from "../data";
import { ymdFromSerial } from "../dates";
import { labelOf } from "./build";

/** The properties a share copy keeps, in this order, where a card has them. */
export const KEY_PROPERTIES: readonly string[] = [
  "Mine production",
  "Share of world mine production",
  "Reserves",
  "Price",
  "Atomic number",
  "Controlled by China",
  "MFN rate",
  "US tariff from China",
  "Status",
  "In force",
  "Description",
  "As of",
];

export interface SharedFigure {
  name: string;
  value: number | string | boolean;
  /** Excel number format of a formatted number ("#,##0 \"t REO\""). */
  numberFormat?: string;
  /** Edition, year or date and status, as the card's sublabel said. */
  sublabel?: string;
  /** Source texts (title, publisher, date) with their links. */
  sources: string[];
}

export interface SharedCard {
  /** The card's display text (what the cell showed). */
  text: string;
  /** The canonical code the card carried (its Id), or "" for a card from elsewhere. */
  id: string;
  figures: SharedFigure[];
  /** One line: "Dysprosium (Dy): Atomic number 66; Controlled by China TRUE (on 2026-03-01) ...". */
  summary: string;
}

/**
 * A value as the card's number format shows it, for the formats cards use
 * ("#,##0 \"t REO\"", "\"$\"#,##0\"/kg\"", "0.0%", "yyyy-mm-dd"); other formats: the plain number.
 */
export function formatShown(value: number, numberFormat: string | undefined): string {
  if (!numberFormat) return String(value);
  if (numberFormat === "yyyy-mm-dd") {
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(value) * 86_400_000);
    return d.toISOString().slice(0, 10);
  }
  const pct = /^0(?:\.(0+))?%$/.exec(numberFormat);
  if (pct) return `${(value * 100).toFixed(pct[1]?.length ?? 0)}%`;
  const m = /^("\$")?#,##0(?:\.(0+))?(?: ?"([^"]*)")?$/.exec(numberFormat);
  if (m) {
    const digits = m[2]?.length ?? 0;
    const [int, frac] = Math.abs(value).toFixed(digits).split(".");
    const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    const unit = m[3] ?? "";
    const sep = unit && !unit.startsWith("/") ? " " : "";
    return `${value < 0 ? "-" : ""}${m[1] ? "$" : ""}${grouped}${frac ? "." + frac : ""}${unit ? sep + unit.trim() : ""}`;
  }
  return String(value);
}

function scalar(v: PropertyValue): number | string | boolean | undefined {
  if (v.type === "String" || v.type === "Double" || v.type === "FormattedNumber" || v.type === "Boolean") return v.basicValue;
  return undefined;
}

/** True for an Excel entity value (a card from TRADE.CARD or any other entity). */
export function isEntityValue(x: unknown): x is EntityValue {
  return !!x && typeof x === "object" && (x as { type?: unknown }).type === "Entity";
}

/** Display text plus key figures of a card. */
export function cardToShare(card: EntityValue): SharedCard {
  const props = card.properties ?? {};
  const figures: SharedFigure[] = [];
  for (const name of KEY_PROPERTIES) {
    const p = props[name];
    if (!p) continue;
    const value = scalar(p);
    if (value === undefined) continue;
    const attributed = (p.propertyMetadata?.attribution ?? []).map((a) => [a.sourceText, a.sourceAddress].filter(Boolean).join(", "));
    const f: SharedFigure = { name, value, sources: attributed.length ? attributed : figureSources(card, name, p) };
    if (p.type === "FormattedNumber") f.numberFormat = p.numberFormat;
    if (p.propertyMetadata?.sublabel) f.sublabel = p.propertyMetadata.sublabel;
    figures.push(f);
  }
  const idProp = props.Id;
  const id = idProp && idProp.type === "String" ? idProp.basicValue : "";
  const text = card.text ?? id;
  const parts = figures.map((f) => `${f.name} ${typeof f.value === "boolean" ? (f.value ? "TRUE" : "FALSE") : typeof f.value === "number" ? formatShown(f.value, f.numberFormat) : f.value}${f.sublabel ? ` (${f.sublabel})` : ""}`);
  return { text, id, figures, summary: `${text}${id && id !== text ? ` (${id})` : ""}${parts.length ? ": " + parts.join("; ") : ""}` };
}

/**
 * The sources of a card's figure as "title, publisher, date, url" texts, for cards that list their
 * sources once by id (cards of this version: see metadataOf in ./format.ts): the figure is looked up
 * again in the data pack, as TRADE.REF has it, by the card's Id, the property's field, the card's
 * date and the edition its sublabel names. A property that is not a REF field (the tariff, China's
 * controls) gets the card's source ids. Cards from elsewhere: none.
 */
function figureSources(card: EntityValue, name: string, p: PropertyValue): string[] {
  const props = card.properties ?? {};
  const id = props.Id && props.Id.type === "String" ? props.Id.basicValue : "";
  const e = id ? resolveEntities(id)[0] : undefined;
  const kind = e ? getEntityKind(e.kind) : undefined;
  const cardIds = props.Sources && props.Sources.type === "String" ? props.Sources.basicValue : "";
  if (!e || !kind) return cardIds ? [`card sources: ${cardIds}`] : [];
  const def = fieldsOf(e).find((d) => labelOf(d.field) === name);
  if (!def) return cardIds ? [`card sources: ${cardIds}`] : [];
  const asOf = props["As of"];
  const q: RefQuery = {};
  if (def.time === "date" && asOf && (asOf.type === "FormattedNumber" || asOf.type === "Double")) {
    q.date = asOf.basicValue;
    q.year = ymdFromSerial(asOf.basicValue)[0];
  }
  const sub = p.propertyMetadata?.sublabel ?? "";
  const ed = (def.editions ?? []).find((x) => sub === x || sub.startsWith(`${x} ·`));
  if (ed) q.edition = ed;
  try {
    return (kind.get(e, def.field, q).sources ?? []).map(formatSource);
  } catch {
    return cardIds ? [`card sources: ${cardIds}`] : [];
  }
}

/** A card found in a sheet being shared: its address ("B2") and its entity JSON (Range.valuesAsJson). */
export interface CardCell {
  address: string;
  card: EntityValue;
}

export const SHARE_TABLE_HEADER = ["Cell", "Card", "Id", "Figure", "Value", "Edition, date, status", "Sources"] as const;

/** The note a share-ready copy prints above the table, saying what happened to the cards. */
export const SHARE_CARDS_NOTE =
  "Cards (TRADE.CARD) are replaced by their text in this copy; their key figures are listed here as values, with editions and sources (Cell: where the card's text is).";

/**
 * The key-figures table of a share-ready copy: a header, then one row per key
 * figure of each card (a card without key figures still gets a row with its
 * text). Values stay numbers (use `numberFormats` for their formats: the card's
 * own number format per row, null for text).
 */
export function shareCardsTable(cells: readonly CardCell[]): { rows: (string | number | boolean)[][]; numberFormats: (string | null)[] } {
  const rows: (string | number | boolean)[][] = [[...SHARE_TABLE_HEADER]];
  const numberFormats: (string | null)[] = [null];
  for (const { address, card } of cells) {
    const s = cardToShare(card);
    if (s.figures.length === 0) {
      rows.push([address, s.text, s.id, "", "", "", ""]);
      numberFormats.push(null);
      continue;
    }
    for (const f of s.figures) {
      rows.push([address, s.text, s.id, f.name, f.value, f.sublabel ?? "", f.sources.join("; ")]);
      numberFormats.push(f.numberFormat ?? null);
    }
  }
  return { rows, numberFormats };
}

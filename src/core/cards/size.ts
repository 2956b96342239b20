/**
 * The size of a spill of cards against Excel's payload limit. Excel takes at most
 * 5 MB of serialized data for one custom-function call, and that payload counts the
 * result and any entity values passed in as arguments (Microsoft's answer in
 * https://github.com/OfficeDev/office-js/issues/4654): past it the formula fails
 * without a message. So TRADE.CARD keeps one formula's cards and card arguments
 * within SPILL_BUDGET_BYTES (4 MB, a margin under Excel's 5 MB):
 *  1. cards are light to begin with (nested entities carry their code, text and
 *     icon; sources are listed once per card by id: see ./build.ts);
 *  2. a spill still over the budget gets compact cards: the same figures (every
 *     property dot notation reads stays), without the tables and lists (series by
 *     year, nested lists, tariff layers), which a card in one cell shows, and the
 *     card says so in its "Card detail" property;
 *  3. a spill over the budget even with compact cards is one #VALUE! naming the limit
 *     and how many rows fit.
 * Sizes are UTF-8 bytes of the JSON. Pure.
 */
import { TradeError } from "../errors";
import type { EntityValue, PropertyValue } from "./types";

/** Excel's limit for one custom-function payload (result plus entity arguments), in MB. */
export const EXCEL_PAYLOAD_LIMIT_MB = 5;
/** What one TRADE.CARD formula may return (with its card arguments): 4 MB, a margin under Excel's 5 MB. */
export const SPILL_BUDGET_BYTES = 4_000_000;
/** The property a compact card adds to say what it leaves out. */
export const CARD_DETAIL = "Card detail";
export const COMPACT_NOTE = `compact card: tables and lists left out, as this formula's cards would pass Excel's ${EXCEL_PAYLOAD_LIMIT_MB} MB limit; TRADE.CARD of one cell shows them`;

const NON_ASCII = /[^\u0000-\u007f]/;

/** UTF-8 length of a string. */
export function utf8Length(s: string): number {
  let n = s.length;
  if (!NON_ASCII.test(s)) return n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 2; // a surrogate pair: 4 bytes for 2 UTF-16 units
      i++;
    } else n += 2;
  }
  return n;
}

const sizes = new WeakMap<object, number>();

/** JSON size in UTF-8 bytes of a value as Excel receives it (memoised per object: cards are shared, read-only). */
export function jsonBytes(v: unknown): number {
  if (v === null || typeof v !== "object") return v === undefined ? 0 : utf8Length(JSON.stringify(v));
  let n = sizes.get(v);
  if (n === undefined) {
    n = utf8Length(JSON.stringify(v));
    sizes.set(v, n);
  }
  return n;
}

const compacts = new WeakMap<EntityValue, EntityValue>();

/** A card without its Array properties (tables and lists), saying so; the same object when it has none. */
export function compactCard(card: EntityValue): EntityValue {
  let c = compacts.get(card);
  if (c) return c;
  const dropped = Object.keys(card.properties).filter((k) => card.properties[k].type === "Array");
  if (!dropped.length) c = card;
  else {
    const properties: Record<string, PropertyValue> = {};
    for (const [k, v] of Object.entries(card.properties)) if (v.type !== "Array") properties[k] = v;
    properties[CARD_DETAIL] = {
      type: "String",
      basicValue: COMPACT_NOTE,
      propertyMetadata: { sublabel: `left out: ${dropped.join(", ")}`.slice(0, 160) },
    };
    const sections = (card.layouts?.card?.sections ?? [])
      .map((s) => ({ ...s, properties: s.properties.filter((p) => p in properties) }))
      .filter((s) => s.properties.length > 0);
    const last = sections[sections.length - 1];
    if (last) last.properties = [...last.properties, CARD_DETAIL];
    c = {
      ...card,
      properties,
      layouts: card.layouts ? { ...card.layouts, card: card.layouts.card ? { ...card.layouts.card, sections } : undefined } : undefined,
    };
    if (c.layouts && c.layouts.card === undefined) delete c.layouts.card;
    if (c.layouts === undefined) delete c.layouts;
  }
  compacts.set(card, c);
  return c;
}

/** "4.2 MB". */
export function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The #VALUE! for a spill whose cards (and card arguments) do not fit even as compact cards. */
export function spillTooLarge(cards: number, bytes: number, inputBytes: number): TradeError {
  const per = cards > 0 ? (bytes - inputBytes) / cards : bytes;
  const fit = Math.max(1, Math.floor((SPILL_BUDGET_BYTES - inputBytes) / Math.max(1, per)));
  const args = inputBytes > 0 ? ` (with ${mb(inputBytes)} of cards passed in as arguments)` : "";
  return new TradeError(
    "VALUE",
    `entity: ${cards} cards would be ${mb(bytes)} of data${args}, over the ${mb(SPILL_BUDGET_BYTES)} a TRADE.CARD formula keeps to (Excel takes at most ${EXCEL_PAYLOAD_LIMIT_MB} MB per custom-function call); split the range into formulas of about ${fit} rows, or use TRADE.REF for the figures`,
  );
}

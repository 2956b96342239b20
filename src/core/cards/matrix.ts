/**
 * TRADE.CARD over ranges: one card per cell of `entity`, broadcast with as_of and
 * edition like every element-wise function; rows whose entity is blank give "".
 * Each distinct (entity, date, edition) is built once per call, so a column that
 * repeats a code costs one card.
 */
import { Cell, Matrix, mapElements } from "../broadcast";
import { TradeError, asTradeError, valueError } from "../errors";
import { normalise, toText } from "../input";
import { toAsOf } from "../china/options";
import { todaySerial } from "../dates";
import { resolveEntities, unknownEntityError } from "../data";
import { buildCard } from "./build";
import type { EntityValue } from "./types";
import type { ParamDecl } from "../signature";

/** "entity": Excel entity values; "text": the entity's name (hosts without data types in custom functions). */
export type CardMode = "entity" | "text";

/** TRADE.CARD's parameters, declared like every function's (src/core/signature.ts); a bundle test checks them against functions.json. */
export const CARD_PARAMS: readonly ParamDecl[] = [
  { name: "entity", type: "any", required: true, zeroIsBlank: true },
  { name: "as_of", type: "date", optional: true },
  { name: "edition", type: "text", optional: true },
];

function editionArg(raw: unknown): string | undefined {
  const v = normalise(raw, "edition");
  if (v === null || v === 0) return undefined;
  if (typeof v === "boolean") throw valueError(`edition: expected text such as "MCS 2025", got ${v ? "TRUE" : "FALSE"}`);
  return String(v);
}

export function cardMatrix(
  entity: unknown,
  asOf: unknown,
  edition: unknown,
  mode: CardMode = "entity",
  today: () => number = todaySerial,
): Matrix<Cell<EntityValue | string>> {
  const memo = new Map<string, EntityValue | string | TradeError>();
  return mapElements([entity, asOf ?? null, edition ?? null], CARD_PARAMS, (v) => {
    const t = toText(v[0], "entity", { zeroIsBlank: true });
    const e = resolveEntities(t)[0];
    if (!e) throw unknownEntityError(t);
    if (mode === "text") return e.label;
    const d = toAsOf(v[1], today);
    const ed = editionArg(v[2]);
    const key = `${e.kind}\u0000${e.id}\u0000${d.date}\u0000${d.blank}\u0000${ed ?? ""}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      try {
        hit = buildCard(e, { asOf: d.date, asOfBlank: d.blank, edition: ed });
      } catch (err) {
        hit = asTradeError(err);
      }
      memo.set(key, hit);
    }
    if (hit instanceof TradeError) throw hit;
    return hit;
  });
}

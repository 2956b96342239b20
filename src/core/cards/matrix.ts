/**
 * TRADE.CARD over ranges: one card per cell of `entity`, broadcast with as_of and
 * edition like every element-wise function; rows whose entity is blank give "".
 * Each distinct (entity, date, edition) is built once per call, so a column that
 * repeats a code costs one card. Unknown texts are #N/A with close matches for a
 * bounded number of them per call (registry.ts); an edition that no figure of the
 * entity (or of the pack) has is #N/A naming the argument; the spill is kept
 * within Excel's payload limit (./size.ts).
 */
import { Cell, Matrix, mapElements } from "../broadcast";
import { TradeError, asTradeError, valueError } from "../errors";
import { normalise, toText } from "../input";
import { toAsOf } from "../china/options";
import { todaySerial } from "../dates";
import { resolveEntities, suggestionBudget, unknownEntityError } from "../data";
import { buildCard, checkCardEdition } from "./build";
import { SPILL_BUDGET_BYTES, compactCard, jsonBytes, spillTooLarge } from "./size";
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
  const budget = suggestionBudget();
  // The spill's size, estimated from the first card of each entity (cards of one entity on other dates
  // differ by a few statuses and rows); measured exactly only when the estimate comes near the budget.
  const firstBytes = new Map<string, number>();
  let estimate = 0;
  const out = mapElements([entity, asOf ?? null, edition ?? null], CARD_PARAMS, (v) => {
    const t = toText(v[0], "entity", { zeroIsBlank: true });
    const e = resolveEntities(t)[0];
    if (!e) throw unknownEntityError(t, budget);
    const ed = editionArg(v[2]);
    if (mode === "text") {
      if (ed !== undefined) checkCardEdition(e, ed); // the same answer to a nonsense edition as with data types
      return e.label;
    }
    const d = toAsOf(v[1], today);
    const key = `${e.kind}\u0000${e.id}\u0000${d.date}\u0000${d.blank}\u0000${ed ?? ""}`;
    let hit = memo.get(key);
    if (hit === undefined) {
      try {
        if (ed !== undefined) checkCardEdition(e, ed);
        hit = buildCard(e, { asOf: d.date, asOfBlank: d.blank, edition: ed });
      } catch (err) {
        hit = asTradeError(err);
      }
      memo.set(key, hit);
    }
    if (hit instanceof TradeError) throw hit;
    if (typeof hit !== "string") {
      const ek = `${e.kind}\u0000${e.id}`;
      let n = firstBytes.get(ek);
      if (n === undefined) firstBytes.set(ek, (n = jsonBytes(hit)));
      estimate += n + CELL_OVERHEAD;
    }
    return hit;
  });
  return mode === "entity" ? fitSpill(out, argumentBytes(entity), estimate) : out;
}

/** JSON size of the entity values passed in as the entity argument (Excel counts them in the same payload). */
function argumentBytes(raw: unknown): number {
  if (!Array.isArray(raw)) return raw !== null && typeof raw === "object" ? jsonBytes(raw) : 0;
  let n = 0;
  for (const row of raw) {
    if (Array.isArray(row)) {
      for (const x of row) if (x !== null && typeof x === "object") n += jsonBytes(x);
    } else if (row !== null && typeof row === "object") n += jsonBytes(row);
  }
  return n;
}

/** Bytes a cell adds to the serialized result beyond its value ("[", "]", ","; a margin). */
const CELL_OVERHEAD = 4;

function isCard(x: unknown): x is EntityValue {
  return typeof x === "object" && x !== null && (x as EntityValue).type === "Entity";
}

/**
 * Below this share of the budget an estimated spill is taken as it is: one entity's cards vary by date
 * (statuses, tariff layers, a line whose sub-lines differ on some dates) by up to 1.44× in the pack
 * (8505.11.00), and 0.65 × 1.44 < 1.
 */
const ESTIMATE_MARGIN = 0.65;

/**
 * The spill within SPILL_BUDGET_BYTES: as built when it fits; else with compact cards (no tables and
 * lists); else one #VALUE! naming the limit (./size.ts). `estimate`: the caller's estimate of the
 * cards' bytes; well under the budget, no card is measured.
 */
export function fitSpill(m: Matrix<Cell<EntityValue | string>>, inputBytes = 0, estimate?: number): Matrix<Cell<EntityValue | string>> {
  if (estimate !== undefined && inputBytes + estimate <= SPILL_BUDGET_BYTES * ESTIMATE_MARGIN) return m;
  // each cell also costs its separators in the serialized result
  let cards = 0;
  let bytes = inputBytes;
  for (const row of m)
    for (const x of row)
      if (isCard(x)) {
        cards++;
        bytes += jsonBytes(x) + CELL_OVERHEAD;
      }
  if (bytes <= SPILL_BUDGET_BYTES) return m;
  let compactBytes = inputBytes;
  const out = m.map((row) =>
    row.map((x) => {
      if (!isCard(x)) return x;
      const c = compactCard(x);
      compactBytes += jsonBytes(c) + CELL_OVERHEAD;
      return c;
    }),
  );
  if (compactBytes <= SPILL_BUDGET_BYTES) return out;
  throw spillTooLarge(cards, compactBytes, inputBytes);
}

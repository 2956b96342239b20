/**
 * REF kind "aggregate": the production tables' totals (World, Other countries).
 * Pure: no DOM, no Office.
 */
import { perPack } from "../../data/active";
import { normKey } from "../../data/pack";
import { productionAggregates, productionEditions } from "../../data/production";
import type { Entity, EntityKind } from "../types";
import { productionFields, productionGet, text, unknown } from "./shared";

const aggIndex = perPack((): Map<string, Entity> => {
  const aggKeys = new Map<string, Entity>();
  for (const a of productionAggregates()) {
    const e: Entity = { kind: "aggregate", id: a.code, label: a.name, aliases: a.aliases };
    for (const n of [a.code, a.name, ...a.aliases]) aggKeys.set(normKey(n), e);
  }
  return aggKeys;
});

export const aggregateKind: EntityKind = {
  kind: "aggregate",
  label: "World and other-country totals",
  find(t) {
    const e = aggIndex().get(normKey(t));
    return e ? { entity: e, score: t === e.id ? 3 : 2 } : undefined;
  },
  all: () => [...new Map([...aggIndex().values()].map((e) => [e.id, e])).values()],
  fields: (e) => [{ field: "name", description: "Name of the aggregate", unit: "text", time: "none" }, ...productionFields(e.id)],
  get(e, f, q) {
    if (f === "name")
      return text(
        e.label,
        productionEditions().flatMap((x) => x.sources ?? []),
      );
    const pf = productionGet(e.id, f, q);
    if (pf) return pf;
    throw unknown(f);
  },
};

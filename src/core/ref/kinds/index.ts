/**
 * Every entity kind TRADE.REF, TRADE.FIELDS and the task pane know, listed once.
 * The order is the priority among equally good matches: "Er" is erbium (element)
 * before Eritrea (country, ISO "ER") unless the field asked for belongs only to
 * the country. A new kind is a module in this folder plus one entry here.
 */
import type { EntityKind } from "../types";
import { countryKind } from "./country";
import { elementKind } from "./element";
import { aggregateKind } from "./aggregate";
import { productKind } from "./product";
import { hsKind } from "./hs";
import { instrumentKind } from "./instrument";
import { htsKind } from "./hts";

export const ENTITY_KINDS: readonly EntityKind[] = [countryKind, elementKind, aggregateKind, productKind, hsKind, instrumentKind, htsKind];

export { countryKind, elementKind, aggregateKind, productKind, hsKind, instrumentKind, htsKind };

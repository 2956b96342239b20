/**
 * The headline figure of an entity: what "Insert" on a search result writes
 * without opening the detail (a live TRADE.REF formula, or the value), and
 * the first line of the detail's answer block. Pure (no DOM, no Office).
 */
import { getEntityKind, type Entity, type FieldDef, type Figure } from "../../core/ref";
import { refFormula } from "../../core/blocks";
import { findEntity, refEntityText } from "./catalog";

/** Preferred headline fields per kind, first available wins. */
export const HEADLINE_FIELDS: Record<string, readonly string[]> = {
  country: ["production_t", "reserves_t", "name"],
  aggregate: ["production_t", "reserves_t"],
  element: ["us_net_import_reliance", "class_usgs", "atomic_number"],
  product: ["price_usd_kg", "price_floor_usd_kg", "name"],
  hts: ["mfn_rate", "description"],
  hs: ["description"],
  instrument: ["status", "in_force", "title"],
};

export interface Headline {
  entity: Entity;
  field: FieldDef;
  figure?: Figure;
  /** =TRADE.REF(...) pinned to the figure's year and edition where the field takes them. */
  formula: string;
}

/** The formula that reproduces a figure: year (or date) and edition pinned as shown. */
export function figureFormula(entity: Entity, field: FieldDef, f?: Figure): string {
  return refFormula({
    entity: refEntityText(entity),
    field: field.field,
    yearOrDate: field.time === "year" && f?.year ? f.year : f?.asOf && field.time === "date" ? f.asOf : undefined,
    edition: field.editions?.length && f?.edition ? f.edition : undefined,
  });
}

export function headline(key: string): Headline | undefined {
  const e = findEntity(key.replace(/^entity:/, ""));
  if (!e) return undefined;
  const k = getEntityKind(e.kind);
  if (!k) return undefined;
  const fields = k.fields(e);
  for (const name of HEADLINE_FIELDS[e.kind] ?? []) {
    const field = fields.find((f) => f.field === name);
    if (!field) continue;
    try {
      const figure = k.get(e, name, {});
      if (figure.value === null || figure.value === undefined) continue;
      return { entity: e, field, figure, formula: figureFormula(e, field, figure) };
    } catch {
      /* next candidate */
    }
  }
  return undefined;
}

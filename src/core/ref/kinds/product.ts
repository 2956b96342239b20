/**
 * REF kind "product": priced materials (oxides, metals, alloys) and their prices.
 * Pure: no DOM, no Office.
 */
import { allProducts, findProduct, getPrice, priceRecords } from "../../data/prices";
import type { Product } from "../../data/prices";
import { toFigure } from "../../data/select";
import type { Entity, EntityKind, FieldDef, Figure, RefQuery } from "../types";
import { editionsOf, text, unknown } from "./shared";

const productEntity = (p: Product): Entity => ({
  kind: "product",
  id: p.code,
  label: `${p.name} (${p.grade})`,
  aliases: [p.name, ...p.aliases],
});

function productFields(p: Product): FieldDef[] {
  const out: FieldDef[] = [
    { field: "name", description: "Product name", unit: "text", time: "none" },
    { field: "grade", description: "Grade / purity of the quoted product", unit: "text", time: "none" },
    { field: "element", description: "Element symbol", unit: "text", time: "none" },
    { field: "form", description: "oxide, metal or alloy", unit: "text", time: "none" },
    { field: "basis", description: "Price basis (FOB, ex-works; assessors)", unit: "text", time: "none" },
  ];
  const recs = priceRecords(p.code);
  if (recs.length) {
    out.push({
      field: "price_usd_kg",
      description: "Annual average price, USD/kg (default edition: newest that reports the year; ranges as text)",
      unit: "USD/kg",
      time: "year",
      editions: editionsOf(recs),
    });
    if (recs.some((r) => r.value_low !== undefined)) {
      out.push({
        field: "price_low_usd_kg",
        description: "Low end of a quoted price range (else the price)",
        unit: "USD/kg",
        time: "year",
      });
      out.push({
        field: "price_high_usd_kg",
        description: "High end of a quoted price range (else the price)",
        unit: "USD/kg",
        time: "year",
      });
    }
  }
  const floor = priceRecords(p.code, "price_floor");
  if (floor.length)
    out.push({
      field: "price_floor_usd_kg",
      description: "Contract price floor, USD/kg",
      unit: "USD/kg",
      time: "year",
      editions: editionsOf(floor),
    });
  return out;
}

function productGet(p: Product, field: string, q: RefQuery): Figure {
  const src = priceRecords(p.code)[0]?.sources;
  switch (field) {
    case "name":
      return text(p.name, src);
    case "grade":
      return text(p.grade, src);
    case "element":
      if (p.element === null) return text("", src, { note: "a mixture (no single element)" });
      return text(p.element, src);
    case "form":
      return text(p.form, src);
    case "basis":
      return text(p.basis, src);
    case "price_usd_kg":
      return toFigure(getPrice(p.code, q.year, q.edition));
    case "price_low_usd_kg":
    case "price_high_usd_kg": {
      const r = getPrice(p.code, q.year, q.edition);
      const v = field === "price_low_usd_kg" ? (r.value_low ?? r.value) : (r.value_high ?? r.value);
      return { ...toFigure(r), value: v, qualifier: undefined };
    }
    case "price_floor_usd_kg":
      if (priceRecords(p.code, "price_floor").length) return toFigure(getPrice(p.code, q.year, q.edition, "price_floor"));
      break;
  }
  throw unknown(field);
}

export const productKind: EntityKind = {
  kind: "product",
  label: "Priced products",
  find(t) {
    const p = findProduct(t);
    return p ? { entity: productEntity(p), score: t === p.code ? 3 : 2 } : undefined;
  },
  all: () => allProducts().map(productEntity),
  fields: (e) => productFields(findProduct(e.id)!),
  get: (e, f, q) => productGet(findProduct(e.id)!, f, q),
  names: () => allProducts().flatMap((p) => [p.code, p.name, ...p.aliases]),
};

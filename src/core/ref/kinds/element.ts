/**
 * REF kind "element": the rare-earth elements (plus Sc and Y), their classes
 * under both conventions, uses and US import reliance.
 * Pure: no DOM, no Office.
 */
import { countryByIso2 } from "../../data/countries";
import { allElements, classConventions, findElement } from "../../data/elements";
import type { Element } from "../../data/elements";
import { productsOfElement } from "../../data/prices";
import { toFigure } from "../../data/select";
import { netImportReliance, usImportRecords, usImportSourcesOf } from "../../data/trade";
import type { Entity, EntityKind, FieldDef, Figure, RefQuery } from "../types";
import { sourceFigure, text, unknown } from "./shared";

const elementEntity = (e: Element): Entity => ({ kind: "element", id: e.symbol, label: e.name, aliases: e.aliases });

/** us_imports material codes that describe an element (its own row, else its USGS heavy group). */
function nirMaterial(e: Element): string | undefined {
  if (usImportRecords("net_import_reliance", e.symbol).length) return e.symbol;
  if (e.classUsgs === "HREE" && e.symbol !== "Y") return "HREE";
  return undefined;
}

function elementFields(e: Element): FieldDef[] {
  const out: FieldDef[] = [
    { field: "symbol", description: "Chemical symbol", unit: "text", time: "none" },
    { field: "name", description: "English name", unit: "text", time: "none" },
    { field: "atomic_number", description: "Atomic number (Z)", unit: "number", time: "none" },
    {
      field: "class_usgs",
      description: "Class under convention A (USGS MCS 2026, default): LREE, HREE or separate (Sc)",
      unit: "text",
      time: "none",
    },
    {
      field: "class_alt",
      description: "Class under convention B (light La–Eu, heavy Gd–Lu; Y HREE-like; Sc separate)",
      unit: "text",
      time: "none",
    },
    { field: "uses", description: "Main uses (examples); see uses_status", unit: "text", time: "none" },
    {
      field: "uses_status",
      description: "Confirmation status of the uses (confirmed, confirmed-2nd, unconfirmed)",
      unit: "text",
      time: "none",
    },
  ];
  if (usImportSourcesOf(e.symbol).length)
    out.push({
      field: "us_import_sources",
      description: "US import sources of the element's compounds and metals, newest USGS edition (partner and share)",
      unit: "text",
      time: "none",
    });
  const mat = nirMaterial(e);
  if (mat)
    out.push({
      field: "us_net_import_reliance",
      description: `US net import reliance (${mat === "HREE" ? "heavy rare-earth compounds and metals, the USGS group" : "the element"}), share of apparent consumption`,
      unit: "fraction",
      time: "year",
    });
  if (productsOfElement(e.symbol).length)
    out.push({
      field: "products",
      description: "Priced products of this element (use them as REF entities for price_usd_kg)",
      unit: "text",
      time: "none",
    });
  out.push({ field: "source", description: "Sources of the element record", unit: "text", time: "none" });
  return out;
}

function elementGet(e: Element, field: string, q: RefQuery): Figure {
  const src = e.sources;
  switch (field) {
    case "symbol":
      return text(e.symbol, src, { status: "confirmed" });
    case "name":
      return text(e.name, src, { status: "confirmed" });
    case "atomic_number":
      return { value: e.atomicNumber, sources: src, status: "confirmed" };
    case "class_usgs":
      return text(e.classUsgs, src, { note: classConventions().class_usgs });
    case "class_alt":
      return text(e.classAlt, src, { note: classConventions().class_alt });
    case "uses":
      return text(e.uses.join("; "), src, { status: e.usesStatus, note: e.usesNote });
    case "uses_status":
      return text(e.usesStatus, src, { status: e.usesStatus, note: e.usesNote });
    case "us_import_sources": {
      const recs = usImportSourcesOf(e.symbol);
      if (!recs.length) break;
      const parts = recs.map(
        (r) =>
          `${r.partner === "OTHER" ? "other" : (countryByIso2(r.partner ?? "")?.name ?? r.partner)} ${Math.round((r.value ?? 0) * 100)}%`,
      );
      return text(parts.join(", "), recs[0].sources, {
        status: recs[0].status,
        edition: recs[0].edition,
        note: `${recs[0].period_from}–${recs[0].period_to}`,
      });
    }
    case "us_net_import_reliance": {
      const mat = nirMaterial(e);
      if (!mat) break;
      return toFigure(
        netImportReliance(mat, q.year, q.edition),
        mat === "HREE" ? { note: "USGS figure for heavy rare-earth compounds and metals as a group" } : {},
      );
    }
    case "source":
      return sourceFigure(src);
    case "products": {
      const prods = productsOfElement(e.symbol);
      if (!prods.length) break;
      return text(prods.map((p) => p.name).join(", "), src);
    }
  }
  throw unknown(field);
}

export const elementKind: EntityKind = {
  kind: "element",
  label: "Rare-earth elements",
  find(t) {
    const e = findElement(t);
    if (!e) return undefined;
    return { entity: elementEntity(e), score: t === e.symbol ? 3 : 2 };
  },
  all: () => allElements().map(elementEntity),
  fields: (en) => elementFields(findElement(en.id)!),
  get: (en, f, q) => elementGet(findElement(en.id)!, f, q),
  names: () => allElements().flatMap((e) => [e.symbol, e.name]),
};

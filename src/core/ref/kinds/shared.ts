/**
 * Helpers the entity kinds share: text and source figures, the editions of a
 * record set, and the production fields countries and aggregates both have.
 * Pure: no DOM, no Office.
 */
import { getProduction, getReserves, nationalEstimates, productionRecordsOf, productionShare } from "../../data/production";
import { toFigure } from "../../data/select";
import { formatSource } from "../../data/sources";
import { UnknownField } from "../types";
import type { FieldDef, Figure, RefQuery } from "../types";

export const text = (value: string, sources?: readonly string[], extra: Partial<Figure> = {}): Figure => ({ value, sources, ...extra });
export const sourceFigure = (ids: readonly string[]): Figure => ({ value: ids.map(formatSource).join("; "), sources: ids });
export const editionsOf = (recs: readonly { edition: string }[]): string[] => [...new Set(recs.map((r) => r.edition))];
export const unknown = (field: string): UnknownField => new UnknownField(field);

export function productionFields(code: string): FieldDef[] {
  const out: FieldDef[] = [];
  const prod = productionRecordsOf(code, "production");
  if (prod.length) {
    out.push({
      field: "production_t",
      description: "USGS mine production, t REO (default edition: the newest that reports the year)",
      unit: "t REO",
      time: "year",
      editions: editionsOf(prod),
    });
    if (code !== "WORLD")
      out.push({
        field: "production_share",
        description: "Share of world mine production (DERIVED: production / rounded world total, same edition)",
        unit: "fraction",
        time: "year",
        editions: editionsOf(prod),
      });
  }
  const res = productionRecordsOf(code, "reserves");
  if (res.length)
    out.push({
      field: "reserves_t",
      description: "USGS reserves, t REO, as reported by the edition (a year selects the newest edition reporting it)",
      unit: "t REO",
      time: "year",
      editions: editionsOf(res),
    });
  if (nationalEstimates(code).length)
    out.push({
      field: "resources_inferred_t",
      description: "Government estimate of inferred resources, t as reported (not USGS reserves: a low-confidence geological estimate, not stated in REO; see the note)",
      unit: "t",
      time: "none",
    });
  return out;
}

export function productionGet(code: string, field: string, q: RefQuery): Figure | undefined {
  switch (field) {
    case "production_t":
      return toFigure(getProduction(code, q.year, q.edition));
    case "reserves_t": {
      const r = getReserves(code, q.edition, q.year);
      return toFigure(r);
    }
    case "resources_inferred_t": {
      const e = nationalEstimates(code)[0];
      if (!e) return undefined;
      return { value: e.value, sources: e.sources, status: e.status, note: `${e.value_text}, ${e.by}, reported ${e.reported}. ${e.note}` };
    }
    case "production_share": {
      const s = productionShare(code, q.year, q.edition);
      return {
        value: s.value,
        sources: s.record.sources,
        status: "derived",
        edition: s.record.edition,
        year: s.record.year ?? undefined,
        estimated: !!s.record.estimated,
        note: `${s.record.value} / ${s.world.value} t REO (${s.record.edition}, ${s.record.year})`,
      };
    }
  }
  return undefined;
}

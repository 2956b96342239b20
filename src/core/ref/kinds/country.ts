/**
 * REF kind "country": countries and territories (ISO 3166-1), with their
 * production, stage shares and, for the US, the USGS salient statistics.
 * Pure: no DOM, no Office.
 */
import { allCountries, countryByIso2, findCountry } from "../../data/countries";
import type { Country } from "../../data/countries";
import { toFigure } from "../../data/select";
import { STAGES, Stage, stageShare, stageShareRecords } from "../../data/stages";
import { netImportReliance, usImportMeasures, usImportRecords, usImportShare, usSalient } from "../../data/trade";
import type { Entity, EntityKind, FieldDef, Figure, RefQuery } from "../types";
import { editionsOf, productionFields, productionGet, sourceFigure, text, unknown } from "./shared";

const STAGE_TEXT: Record<Stage, string> = {
  mining: "Share of world rare-earth mine production",
  refining: "Share of world rare-earth separation and refining",
  magnets: "Share of world sintered permanent-magnet manufacturing",
};

const SALIENT_FIELD = (measure: string, unit: string): string => `${measure}_${unit === "USD" ? "usd" : "t"}`;


const countryEntity = (c: Country): Entity => ({ kind: "country", id: c.iso2, label: c.name, aliases: [c.iso3, ...c.aliases] });

function countryFields(c: Country): FieldDef[] {
  const out: FieldDef[] = [
    { field: "name", description: "English short name", unit: "text", time: "none" },
    { field: "iso2", description: "ISO 3166-1 alpha-2 code", unit: "text", time: "none" },
    { field: "iso3", description: "ISO 3166-1 alpha-3 code", unit: "text", time: "none" },
    { field: "aliases", description: "Other names accepted for this country", unit: "text", time: "none" },
    { field: "groups", description: "Groups the country belongs to (EU)", unit: "text", time: "none" },
  ];
  out.push(...productionFields(c.iso2));
  for (const st of STAGES) {
    const recs = stageShareRecords(st, c.iso2);
    if (recs.length)
      out.push({
        field: `${st}_share`,
        description: `${STAGE_TEXT[st]} (IEA figures are secondary; USGS-derived mining shares are derived)`,
        unit: "fraction",
        time: "year",
        editions: editionsOf(recs),
      });
  }
  const imp = usImportRecords("import_share", "RE", c.iso2);
  if (imp.length)
    out.push({
      field: "us_import_share",
      description: "Share of US imports of rare-earth compounds and metals from this partner, for the 4-year period ending in the year",
      unit: "fraction",
      time: "year",
      editions: editionsOf(imp),
    });
  if (c.iso2 === "US") {
    out.push({
      field: "net_import_reliance",
      description: "US net import reliance, rare-earth compounds and metals (share of apparent consumption; '>95%' lower bounds as text)",
      unit: "fraction",
      time: "year",
      editions: editionsOf(usImportRecords("net_import_reliance", "RE")),
    });
    out.push({
      field: "net_import_reliance_concentrates",
      description: "US net import reliance, rare-earth mineral concentrates ('E' = net exporter)",
      unit: "fraction",
      time: "year",
      editions: editionsOf(usImportRecords("net_import_reliance", "RE_CONC")),
    });
    for (const m of usImportMeasures()) {
      if (m.measure === "import_share" || m.measure === "net_import_reliance") continue;
      out.push({
        field: SALIENT_FIELD(m.measure, m.unit),
        description: `US salient statistic: ${m.description}`,
        unit: m.unit,
        time: "year",
        editions: editionsOf(usImportRecords(m.measure, "RE")),
      });
    }
  }
  out.push({ field: "source", description: "Source of the country record (ISO 3166-1)", unit: "text", time: "none" });
  return out;
}

function countryGet(c: Country, field: string, q: RefQuery): Figure {
  const src = c.sources;
  switch (field) {
    case "name":
      return text(c.name, src);
    case "iso2":
      return text(c.iso2, src);
    case "iso3":
      return text(c.iso3, src);
    case "aliases":
      return text(c.aliases.join(", "), src);
    case "groups":
      return text((c.groups ?? []).join(", "), src);
    case "us_import_share":
      return toFigure(usImportShare(c.iso2, "RE", q.year, q.edition));
    case "source":
      return sourceFigure(src);
  }
  const pf = productionGet(c.iso2, field, q);
  if (pf) return pf;
  const m = /^(mining|refining|magnets)_share$/.exec(field);
  if (m) {
    const r = stageShare(m[1] as Stage, c.iso2, q.year, q.edition);
    return toFigure(r, {
      note: [r.note, r.projection ? "projection" : "", r.approximate ? "approximate" : ""].filter(Boolean).join("; ") || undefined,
    });
  }
  if (c.iso2 === "US") {
    if (field === "net_import_reliance") return toFigure(netImportReliance("RE", q.year, q.edition));
    if (field === "net_import_reliance_concentrates") return toFigure(netImportReliance("RE_CONC", q.year, q.edition));
    for (const me of usImportMeasures())
      if (SALIENT_FIELD(me.measure, me.unit) === field) return toFigure(usSalient(me.measure, q.year, q.edition));
  }
  throw unknown(field);
}

export const countryKind: EntityKind = {
  kind: "country",
  label: "Countries and territories",
  find(t) {
    const c = findCountry(t);
    if (!c) return undefined;
    return { entity: countryEntity(c), score: t === c.iso2 || t === c.iso3 ? 3 : 2 };
  },
  all: () => allCountries().map(countryEntity),
  fields: (e) => countryFields(countryByIso2(e.id)!),
  get: (e, f, q) => countryGet(countryByIso2(e.id)!, f, q),
  names: () => allCountries().flatMap((c) => [c.iso2, c.name, ...c.aliases]),
};

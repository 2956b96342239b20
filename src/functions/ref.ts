/**
 * TRADE.REF / FIELDS / DATA_VERSION / SOURCE: the reference data pack facade.
 * Thin JSDoc-tagged wrappers over src/core/data (pure): each calls `run` with the
 * function's declaration; the metadata plugin reads the tags. Do not add CustomFunctions.associate calls here.
 */
import { refFunctions as F } from "../core/data/ref";
import { run } from "./adapter";

/**
 * Looks up one reference figure (production, reserves, prices, stage shares, element and country facts, HS lines...) with its edition; element-wise over ranges.
 * @customfunction REF
 * @helpurl https://localhost:3000/help/functions.html#ref
 * @param entity What to look up: a country ("CN", "China", "Burma"), element ("Dy"), product ("Dy oxide"), HS or HTS code, instrument id, or "World". A range gives one result per cell; blank cells give empty results.
 * @param field The field, e.g. "production_t", "reserves_t", "atomic_number", "price_usd_kg"; add ".source", ".edition", ".status" or ".note" for a figure's provenance. TRADE.FIELDS lists an entity's fields.
 * @param [year_or_date] Data year (e.g. 2025) or date (for dated rules); blank = the newest figure.
 * @param [edition] Edition, e.g. "MCS 2025"; blank = the newest edition that reports the year.
 * @returns The value (numbers in the units TRADE.FIELDS shows); #N/A with a message when there is no such entity, field or figure.
 */
function REF(entity: any[][], field: any[][], year_or_date?: any[][], edition?: any[][]): any[][] {
  return run(F.REF, entity, field, year_or_date, edition);
}

/**
 * Lists the fields TRADE.REF can return for an entity: field, description and unit, under a header row (spills).
 * @customfunction FIELDS
 * @helpurl https://localhost:3000/help/functions.html#fields
 * @param entity The entity, e.g. "CN", "Dy", "Dy oxide", "850511".
 * @returns A table of field names, descriptions and units.
 */
function FIELDS(entity: any): any[][] {
  return run(F.FIELDS, entity);
}

/**
 * The version of the data pack in use, where it came from (bundled, an update the add-in's host publishes, an organisation's overlay) and its data horizons.
 * @customfunction DATA_VERSION
 * @helpurl https://localhost:3000/help/functions.html#data_version
 * @returns Text such as "2026.11.30 (bundled; horizon China 2026-05-31, US tariffs 2026-07-23; ...)"; when the host's update could not be used, the reason.
 */
function DATA_VERSION(): string {
  return run(F.DATA_VERSION) as string;
}

/**
 * Describes a source cited by the data pack as "title, publisher, date, url"; element-wise over ranges.
 * @customfunction SOURCE
 * @helpurl https://localhost:3000/help/functions.html#source
 * @param source_id A source id such as "S2" (from a figure's .sources field) or a range of ids.
 * @returns The source's title, publisher, date and URL.
 */
function SOURCE(source_id: any[][]): any[][] {
  return run(F.SOURCE, source_id);
}

/**
 * USGS mine production and reserves by country, year and edition
 * (src/data/production.json). Country codes are ISO alpha-2, plus "WORLD" and
 * "OTHER" (USGS's "Other countries" row). value null = NA (not available).
 */
import { naError } from "../errors";
import { dataset, perPack } from "./active";
import type { Status } from "./pack";
import type { ProductionDoc } from "./schemas.generated";
import { pick } from "./select";

export type ProductionRecord = ProductionDoc["records"][number];
export type EditionMeta = NonNullable<ProductionDoc["editions"]>[number];
export type Aggregate = NonNullable<ProductionDoc["aggregates"]>[number];

/** A government estimate that is not a USGS reserve (e.g. inferred resources); its note says how it differs. */
export type NationalEstimate = NonNullable<ProductionDoc["national_estimates"]>[number];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = perPack(() => {
  const raw = dataset<ProductionDoc>("production");
  return { ...raw, editions: raw.editions ?? [], aggregates: raw.aggregates ?? [] };
});

const index = perPack(() => {
  const idx = new Map<string, ProductionRecord[]>();
  for (const r of doc().records) {
    const k = `${r.measure}|${r.country}`;
    let list = idx.get(k);
    if (!list) idx.set(k, (list = []));
    list.push(r);
  }
  return idx;
});

/** Government estimates of a country that are not USGS reserves (kept apart from the USGS records). */
export function nationalEstimates(country: string): readonly NationalEstimate[] {
  return (doc().national_estimates ?? []).filter((e) => e.country === country);
}

/** Editions oldest → newest. */
export function productionEditions(): readonly EditionMeta[] {
  return doc().editions;
}

const editionOrder = perPack((): string[] => doc().editions.map((e) => e.edition));

export function productionAggregates(): readonly Aggregate[] {
  return doc().aggregates;
}

/** Every production/reserves record of a country (ISO alpha-2, "WORLD" or "OTHER"). */
export function productionRecordsOf(country: string, measure: "production" | "reserves"): readonly ProductionRecord[] {
  return index().get(`${measure}|${country}`) ?? [];
}

export function allProductionRecords(): readonly ProductionRecord[] {
  return doc().records;
}

/**
 * Mine production (t REO) of a country in a year. Default edition: the newest
 * that reports the year; no year: the newest edition's latest year.
 * Throws #N/A when there is no such figure.
 */
export function getProduction(country: string, year?: number, edition?: string): ProductionRecord {
  return pick(productionRecordsOf(country, "production"), editionOrder(), { year, edition }, `production of ${country}`);
}

/**
 * Reserves (t REO) as reported by an edition. `year` selects the newest edition
 * whose data years include it (USGS reserves carry no year of their own).
 */
export function getReserves(country: string, edition?: string, year?: number): ProductionRecord {
  const years = editionYears();
  return pick(
    productionRecordsOf(country, "reserves"),
    editionOrder(),
    { year, edition },
    `reserves of ${country}`,
    (r) => years.get(r.edition) ?? NO_YEARS,
  );
}

const NO_YEARS: readonly number[] = [];

/** Edition → its data years, built once per pack. */
const editionYears = perPack((): Map<string, readonly number[]> => new Map(doc().editions.map((e) => [e.edition, e.data_years ?? NO_YEARS])));

/**
 * Share of world mine production (DERIVED: country / rounded world total of the
 * same edition and year). Throws #N/A when either figure is missing or NA.
 */
export function productionShare(
  country: string,
  year?: number,
  edition?: string,
): { value: number; record: ProductionRecord; world: ProductionRecord; status: Status } {
  const record = getProduction(country, year, edition);
  const world = getProduction("WORLD", record.year ?? undefined, record.edition);
  if (typeof record.value !== "number" || typeof world.value !== "number" || world.value === 0) {
    throw naError(`production share of ${country}: ${record.edition} ${record.year} has no number to divide`);
  }
  return { value: record.value / world.value, record, world, status: "derived" };
}

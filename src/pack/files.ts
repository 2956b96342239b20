/**
 * The data pack's files as the build and `npm run pack` write them (serializePack: the bytes the
 * SHA-256 in data/latest.json is of) and how an overlay's records are matched to a pack's
 * (RECORD_KEYS). Not needed by the add-in at run time, so not part of functions.js.
 *
 * Pure: no DOM, no Office.
 */
import type { PackFile, PackHeader } from "../core/pack/format";

export const PACK_FORMAT = "rare-earth-trade-modeler/pack" as const;
export const OVERLAY_FORMAT = "rare-earth-trade-modeler/overlay" as const;
export const FORMAT_VERSION = 1;

/** The datasets a pack must carry, in the order they are serialised. */
export const DATASET_NAMES = [
  "cn_items",
  "countries",
  "elements",
  "hs",
  "hts_us",
  "instruments",
  "partner_tariffs",
  "prices",
  "production",
  "sources",
  "stage_shares",
  "tariff_layers",
  "us_imports",
] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];


/**
 * How records are matched in an overlay (same key = the overlay's record replaces the built-in
 * one; a new key adds a record), per dataset and per keyed list.
 */
export const RECORD_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  cn_items: { records: ["id"] },
  countries: { records: ["iso2"] },
  elements: { records: ["symbol"] },
  hs: { records: ["code"] },
  hts_us: { records: ["id"] },
  instruments: { records: ["id"] },
  partner_tariffs: { records: ["id"], lines: ["importer", "code"], importers: ["iso2"] },
  prices: { records: ["id"], products: ["code"] },
  production: { records: ["id"] },
  sources: { records: ["id"] },
  stage_shares: { records: ["id"] },
  tariff_layers: { records: ["id"] },
  us_imports: { records: ["id"] },
};

/** The key of a record in a keyed list ("MOFCOM-61-2025"; "TH 8505.11" for a partner line). */
export function recordKey(dataset: string, list: string, rec: unknown): string | undefined {
  const fields = RECORD_KEYS[dataset]?.[list];
  if (!fields || !rec || typeof rec !== "object") return undefined;
  const parts = fields.map((f) => (rec as Record<string, unknown>)[f]);
  if (parts.some((p) => typeof p !== "string" && typeof p !== "number")) return undefined;
  return parts.join(" ");
}

/** The pack file's text for a header and datasets: the datasets in DATASET_NAMES order, no white space (hashes are of these bytes). */
export function serializePack(header: PackHeader, datasets: Record<string, unknown>): string {
  const ordered: Record<string, unknown> = {};
  for (const n of DATASET_NAMES) if (datasets[n] !== undefined) ordered[n] = datasets[n];
  for (const n of Object.keys(datasets).sort()) if (!(n in ordered)) ordered[n] = datasets[n];
  const file: PackFile = {
    format: PACK_FORMAT,
    formatVersion: FORMAT_VERSION,
    version: header.version,
    compiled: header.compiled,
    minAddinVersion: header.minAddinVersion,
    ...(header.description ? { description: header.description } : {}),
    datasets: ordered,
  };
  return JSON.stringify(file);
}

/** The file name a pack of this version is published under. */
export function packFileName(version: string): string {
  return `pack-${version}.json`;
}


/**
 * Supply-chain stage shares (src/data/stage_shares.json): mining,
 * separation/refining and magnet manufacturing, by country and year; IEA
 * figures are secondary (confirmed-2nd), USGS-derived mining shares are derived.
 */
import { dataset, perPack } from "./active";
import type { StageSharesDoc } from "./schemas.generated";
import { pick } from "./select";

export type StageShareRecord = StageSharesDoc["records"][number];
export type Stage = StageShareRecord["stage"];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = perPack(() => {
  const raw = dataset<StageSharesDoc>("stage_shares");
  return { ...raw, editions: raw.editions ?? [], stages: raw.stages ?? [], notes: raw.notes ?? [] };
});

const index = perPack(() => {
  const idx = new Map<string, StageShareRecord[]>();
  for (const r of doc().records) {
    const k = `${r.stage}|${r.country}`;
    let list = idx.get(k);
    if (!list) idx.set(k, (list = []));
    list.push(r);
  }
  return idx;
});

export const STAGES: readonly Stage[] = ["mining", "refining", "magnets"];

export function stageShareRecords(stage: Stage, country: string): readonly StageShareRecord[] {
  return index().get(`${stage}|${country}`) ?? [];
}

export function allStageShareRecords(): readonly StageShareRecord[] {
  return doc().records;
}

export function stageEditions(): readonly NonNullable<StageSharesDoc["editions"]>[number][] {
  return doc().editions;
}

export function stageNotes(): readonly string[] {
  return doc().notes;
}

/** A country's share (fraction) of a stage in a year. Default: the newest edition (basis) that reports the year; no year: newest edition's latest year. */
export function stageShare(stage: Stage, country: string, year?: number, edition?: string): StageShareRecord {
  return pick(
    stageShareRecords(stage, country),
    doc().editions.map((e) => e.edition),
    { year, edition },
    `${stage} share of ${country}`,
  );
}

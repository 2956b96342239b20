/**
 * Supply-chain stage shares (src/data/stage_shares.json): mining,
 * separation/refining and magnet manufacturing, by country and year; IEA
 * figures are secondary (confirmed-2nd), USGS-derived mining shares are derived.
 */
import stageDoc from "../../data/stage_shares.json";
import { FigureRecord, pick } from "./select";

export type Stage = "mining" | "refining" | "magnets";

export interface StageShareRecord extends FigureRecord {
  stage: Stage;
  country: string;
  year: number;
  projection?: boolean;
  approximate?: boolean;
}

interface StageDoc {
  description: string;
  editions: { edition: string; note?: string; sources: string[] }[];
  stages: { stage: Stage; description: string }[];
  notes: string[];
  records: StageShareRecord[];
}

const doc = stageDoc as unknown as StageDoc;
let idx: Map<string, StageShareRecord[]> | null = null;

function index(): Map<string, StageShareRecord[]> {
  if (!idx) {
    idx = new Map();
    for (const r of doc.records) {
      const k = `${r.stage}|${r.country}`;
      let list = idx.get(k);
      if (!list) idx.set(k, (list = []));
      list.push(r);
    }
  }
  return idx;
}

export const STAGES: readonly Stage[] = ["mining", "refining", "magnets"];

export function stageShareRecords(stage: Stage, country: string): readonly StageShareRecord[] {
  return index().get(`${stage}|${country}`) ?? [];
}

export function allStageShareRecords(): readonly StageShareRecord[] {
  return doc.records;
}

export function stageEditions(): readonly { edition: string; note?: string; sources: string[] }[] {
  return doc.editions;
}

export function stageNotes(): readonly string[] {
  return doc.notes;
}

/** A country's share (fraction) of a stage in a year. Default: the newest edition (basis) that reports the year; no year: newest edition's latest year. */
export function stageShare(stage: Stage, country: string, year?: number, edition?: string): StageShareRecord {
  return pick(
    stageShareRecords(stage, country),
    doc.editions.map((e) => e.edition),
    { year, edition },
    `${stage} share of ${country}`,
  );
}

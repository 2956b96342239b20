/**
 * The source registry (src/data/sources.json): every figure in the pack cites
 * ids from here. Pure; the index is built once on first use.
 */
import { dataset, perPack } from "./active";

export type Confidence = "confirmed" | "secondary" | "unconfirmed";

export interface Source {
  id: string;
  title: string;
  publisher: string;
  /** null when the URL was not captured (see note). */
  url: string | null;
  /** Publication date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD; null if unknown. */
  date: string | null;
  confidence: Confidence;
  edition?: string;
  also?: string[];
  note?: string;
}

interface SourcesDoc {
  dataset: string;
  description: string;
  records: Source[];
}

const index = perPack(() => {
  const byId = new Map<string, Source>();
  const byUpper = new Map<string, Source>();
  for (const s of dataset<SourcesDoc>("sources").records) {
    byId.set(s.id, s);
    byUpper.set(s.id.toUpperCase(), s);
  }
  return { byId, byUpper };
});

/** A source by id (exact, or case-insensitive: "s1" finds "S1"). */
export function getSource(id: string): Source | undefined {
  const t = id.trim();
  const { byId, byUpper } = index();
  return byId.get(t) ?? byUpper.get(t.toUpperCase());
}

/** Every source, in file order (sorted by id). */
export function allSources(): readonly Source[] {
  return dataset<SourcesDoc>("sources").records;
}

/** "title, publisher, date, url" (missing parts left out; "URL not captured" when there is none). Unknown id → the id itself. */
export function formatSource(id: string): string {
  const s = getSource(id);
  if (!s) return id;
  const parts = [s.title, s.publisher];
  if (s.date) parts.push(s.date);
  parts.push(s.url ?? "URL not captured");
  return parts.join(", ");
}

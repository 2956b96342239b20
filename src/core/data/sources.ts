/**
 * The source registry (src/data/sources.json): every figure in the pack cites
 * ids from here. Pure; the index is built once on first use.
 */
import sourcesDoc from "../../data/sources.json";

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

let byId: Map<string, Source> | null = null;
let byUpper: Map<string, Source> | null = null;

function index(): Map<string, Source> {
  if (!byId) {
    byId = new Map();
    byUpper = new Map();
    for (const s of (sourcesDoc as unknown as SourcesDoc).records) {
      byId.set(s.id, s);
      byUpper.set(s.id.toUpperCase(), s);
    }
  }
  return byId;
}

/** A source by id (exact, or case-insensitive: "s1" finds "S1"). */
export function getSource(id: string): Source | undefined {
  const t = id.trim();
  return index().get(t) ?? byUpper!.get(t.toUpperCase());
}

/** Every source, in file order (sorted by id). */
export function allSources(): readonly Source[] {
  index();
  return (sourcesDoc as unknown as SourcesDoc).records;
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

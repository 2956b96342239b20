/**
 * Picking one figure among editions and years: "default edition = the newest
 * that reports the year". Shared by the dataset modules.
 */
import { naError } from "../errors";
import { matchEdition } from "./pack";
import type { Status } from "./pack";
import type { Figure } from "../ref/types";

/**
 * Fields every figure record of the pack has (production, prices, us_imports,
 * stage_shares): a structural constraint their schema-derived types meet.
 */
export interface FigureRecord {
  id: string;
  edition: string;
  /** null or absent: the record carries no year of its own (e.g. reserves, multi-year import shares). */
  year?: number | null;
  value: number | null;
  value_text?: string;
  qualifier?: string;
  estimated?: boolean;
  note?: string;
  status: Status;
  sources: readonly string[];
}

export interface PickQuery {
  year?: number;
  edition?: string;
}

/**
 * Chooses the record for a query. `editionOrder` lists editions oldest → newest.
 * `yearsOf(r)` gives the data years a record covers (default [r.year]).
 * Throws #N/A naming what is available when nothing matches.
 */
export function pick<R extends FigureRecord>(
  recs: readonly R[],
  editionOrder: readonly string[],
  q: PickQuery,
  what: string,
  yearsOf: (r: R) => readonly number[] = (r) => (r.year === null || r.year === undefined ? [] : [r.year]),
): R {
  if (recs.length === 0) throw naError(`${what}: no data`);
  let list = recs;
  if (q.edition !== undefined) {
    const available = [...new Set(recs.map((r) => r.edition))].sort((a, b) => editionOrder.indexOf(a) - editionOrder.indexOf(b));
    const ed = matchEdition(q.edition, available);
    list = list.filter((r) => r.edition === ed);
  }
  if (q.year !== undefined) {
    const y = q.year;
    const hit = list.filter((r) => yearsOf(r).includes(y));
    if (hit.length === 0) {
      const years = [...new Set(list.flatMap((r) => yearsOf(r)))].sort((a, b) => a - b);
      throw naError(
        `${what}: no figure for ${y}${q.edition !== undefined ? ` in ${list[0]?.edition ?? q.edition}` : ""}; available years: ${years.join(", ") || "none"}`,
      );
    }
    list = hit;
  }
  const rank = (r: R) => editionOrder.indexOf(r.edition);
  let best = list[0];
  for (const r of list) {
    const d = rank(r) - rank(best);
    if (d > 0 || (d === 0 && (r.year ?? 0) > (best.year ?? 0))) best = r;
  }
  return best;
}

/** Turns a record into a REF figure. Qualified values (">95%", "E", ranges) are returned as the printed text. */
export function toFigure(r: FigureRecord, extra: Partial<Figure> = {}): Figure {
  const value = r.qualifier ? (r.value_text ?? (r.value === null ? null : String(r.value))) : r.value;
  return {
    value,
    sources: r.sources,
    status: r.status,
    edition: r.edition,
    year: r.year ?? undefined,
    estimated: !!r.estimated,
    note: r.note,
    qualifier: r.qualifier,
    ...extra,
  };
}

/**
 * Status of an instrument (or one of its clauses) on a date, under a regime:
 *
 *  - as_written (default): the instrument's own dates; a suspension window is
 *    inclusive of both ends, and after its last day the measure applies as written;
 *  - in_force: suspensions are ignored (worst case);
 *  - suspended: a suspension, once started, never ends (status quo).
 *
 * Past the data horizon the answer still follows the regime; callers flag it as
 * unconfirmed (statusLine does). Pure and data-driven: everything comes from the
 * Instrument records loaded by ../data/instruments.ts.
 */
import { isoFromSerial } from "../dates";
import { builtInOf, type Clause, type Instrument, type Suspension } from "../data/instruments";
import { orgText } from "../data/org";

export const REGIMES = ["as_written", "in_force", "suspended"] as const;
export type Regime = (typeof REGIMES)[number];

export type StatusKind = "not_issued" | "not_yet_effective" | "in_force" | "suspended" | "ended" | "no_legal_effect";

export interface StatusAt {
  kind: StatusKind;
  instrument: Instrument;
  clause?: Clause;
  date: number;
  regime: Regime;
  /** Date the instrument or clause takes effect (serial), null if never. */
  effective: number | null;
  /** The window in effect when kind is "suspended" (or, under in_force, the window that was ignored). */
  window?: Suspension;
  /** as_written: a window that ended before the date (the measure applies as written after it). */
  ended?: Suspension;
}

function windowsFor(ins: Instrument, clause: Clause | undefined): readonly Suspension[] {
  if (ins.suspensions.length === 0) return ins.suspensions;
  return ins.suspensions.filter((s) => !s.clauses || (clause !== undefined && s.clauses.includes(clause.id)));
}

/** Status of `ins` (or its clause `clauseId`) on serial `date` under `regime`. */
export function statusAt(ins: Instrument, clauseId: string | undefined, date: number, regime: Regime): StatusAt {
  const clause = clauseId === undefined ? undefined : ins.clauses.find((c) => c.id === clauseId);
  if (clauseId !== undefined && !clause) throw new Error(`${ins.id} has no clause ${clauseId}`);
  const effective = clause ? clause.effective : ins.effective;
  const base = { instrument: ins, clause, date, regime, effective };
  if (date < ins.issued) return { ...base, kind: "not_issued" };
  let ended: Suspension | undefined;
  let ignored: Suspension | undefined;
  for (const w of windowsFor(ins, clause)) {
    if (date < w.from) continue;
    if (regime === "in_force") {
      if (date <= w.to) ignored = w;
      continue;
    }
    if (regime === "suspended" || date <= w.to) return { ...base, kind: "suspended", window: w };
    ended = w;
  }
  if (effective === null) return { ...base, kind: "no_legal_effect" };
  if (date < effective) return { ...base, kind: "not_yet_effective", window: ignored };
  if (ins.end !== undefined && date > ins.end) return { ...base, kind: "ended", ended };
  return { ...base, kind: "in_force", window: ignored, ended };
}

const RANK: Record<StatusKind, number> = { in_force: 5, suspended: 4, not_yet_effective: 3, ended: 2, no_legal_effect: 1, not_issued: 0 };

/**
 * Status of a whole instrument: in force when any clause is in force, else
 * suspended when any clause is, else the most advanced of the clause statuses.
 */
export function instrumentStatusAt(ins: Instrument, date: number, regime: Regime): StatusAt {
  let best = statusAt(ins, undefined, date, regime);
  for (const c of ins.clauses) {
    const s = statusAt(ins, c.id, date, regime);
    if (RANK[s.kind] > RANK[best.kind]) best = s;
  }
  return best;
}

const iso = isoFromSerial;

/** The status in words, as written for the regime, e.g. "suspended by Ann. 70/2025 until 2026-11-10". */
export function describeStatus(st: StatusAt): string {
  const what = st.clause ? `cl. ${st.clause.id}` : st.instrument.short;
  switch (st.kind) {
    case "not_issued":
      return `not yet issued (issued ${iso(st.instrument.issued)})`;
    case "no_legal_effect":
      return `no legal effect as a measure (${st.instrument.type.replace(/_/g, " ")})`;
    case "not_yet_effective": {
      const ign = st.window ? `; the suspension by ${st.window.byShort} is ignored under regime "in_force"` : "";
      return `not yet effective (takes effect ${iso(st.effective!)})${ign}`;
    }
    case "suspended": {
      const w = st.window!;
      const notYet =
        st.effective !== null && st.effective > w.from ? `; it had not taken effect before the suspension (due ${iso(st.effective)})` : "";
      if (st.regime === "suspended" && st.date > w.to) {
        return `suspended by ${w.byShort} (window ${iso(w.from)} to ${iso(w.to)}, assumed to continue under regime "suspended")${notYet}`;
      }
      return `suspended by ${w.byShort} until ${iso(w.to)}${notYet}`;
    }
    case "ended":
      return `no longer in force (${what} ended ${iso(st.instrument.end!)})`;
    case "in_force": {
      const since = st.effective !== null ? ` since ${iso(st.effective)}` : "";
      if (st.window)
        return `in force${since} (the suspension by ${st.window.byShort} until ${iso(st.window.to)} is ignored under regime "in_force")`;
      if (st.ended) return `in force${since} (the suspension by ${st.ended.byShort} ended ${iso(st.ended.to)}; applies as written)`;
      return `in force${since}`;
    }
  }
}

/**
 * The status for an explanation, with the data-horizon flag:
 * "suspended by Ann. 70/2025 until 2026-11-10" or
 * "past the data horizon (2026-05-31): status unconfirmed; as written: in force since ...".
 */
export function statusLine(st: StatusAt, horizon: number): string {
  const d = describeStatus(st);
  const how = st.regime === "as_written" ? "as written" : `under regime "${st.regime}"`;
  const org = st.instrument.org;
  if (org) return orgStatusLine(st, d, how, horizon);
  if (st.date <= horizon) return d;
  return `past the data horizon (${iso(horizon)}): status unconfirmed; ${how}: ${d}`;
}

/**
 * The status of an instrument whose record comes from an organisation's overlay: what the
 * organisation's record gives, with its source, and what the built-in record it replaced gives on
 * the same date and regime (unconfirmed past the built-in data's horizon), e.g.
 * "organisation data (Contoso; source ORG-1: ...): suspended by Ann. 70/2025 until 2027-11-10;
 * built-in record (past its data horizon 2026-05-31: unconfirmed), as written: in force since ...".
 */
function orgStatusLine(st: StatusAt, d: string, how: string, horizon: number): string {
  const org = st.instrument.org!;
  const head = `${orgText(org)}: ${d}`;
  const b = builtInOf(st.instrument);
  if (!b) return `${head} (the built-in data has no such instrument)`;
  const clause = st.clause && b.clauses.some((c) => c.id === st.clause!.id) ? st.clause.id : undefined;
  const bst = clause !== undefined ? statusAt(b, clause, st.date, st.regime) : instrumentStatusAt(b, st.date, st.regime);
  const label = st.date > horizon ? `built-in record (past its data horizon ${iso(horizon)}: unconfirmed), ${how}` : `built-in record, ${how}`;
  return `${head}; ${label}: ${describeStatus(bst)}`;
}

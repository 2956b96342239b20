/**
 * REF kind "instrument": the legal timeline (src/data/instruments.json), so
 * TRADE.REF("MOFCOM-61-2025", "status", DATE(2026,3,1)) answers under the
 * instrument's own dates (the status logic is ../../china/timeline.ts).
 * Pure: no DOM, no Office.
 */
import { isoFromSerial } from "../../dates";
import { describeStatus, instrumentStatusAt } from "../../china/timeline";
import {
  allInstruments,
  findInstrument,
  getInstrument,
  timelineHorizon,
  timelineHorizonNote,
  type Confirmation,
  type Instrument,
} from "../../data/instruments";
import type { Status } from "../../data/pack";
import { UnknownField } from "../types";
import type { Entity, EntityKind, FieldDef, Figure, RefQuery } from "../types";

const FIELDS: readonly FieldDef[] = [
  { field: "title", description: "Full title", unit: "text", time: "none" },
  { field: "short", description: 'Short label, e.g. "Ann. 61/2025"', unit: "text", time: "none" },
  { field: "citation", description: "Formal citation", unit: "text", time: "none" },
  {
    field: "type",
    description: "export_control, export_ban, suspension, guidance, tariff, trade_agreement, ...",
    unit: "text",
    time: "none",
  },
  { field: "authority", description: "Issuing authority", unit: "text", time: "none" },
  { field: "jurisdiction", description: "ISO code(s) of the jurisdiction(s)", unit: "text", time: "none" },
  { field: "issued", description: "Date issued (or announced/signed)", unit: "date", time: "none" },
  {
    field: "effective",
    description: "Earliest date any clause takes effect (#N/A if it never took effect as a measure)",
    unit: "date",
    time: "none",
  },
  { field: "end", description: "Last day in effect, if it ended", unit: "date", time: "none" },
  {
    field: "status",
    description:
      "Status on a date under the instrument's own dates (as_written): not issued, not yet effective, in force, suspended, ended, no legal effect; past the data horizon the status is unconfirmed",
    unit: "text",
    time: "date",
  },
  { field: "in_force", description: "TRUE when at least one clause is in force on the date (as_written)", unit: "boolean", time: "date" },
  { field: "suspended_from", description: "First day of the (first) suspension window", unit: "date", time: "none" },
  { field: "suspended_until", description: "Last day of the (first) suspension window (inclusive)", unit: "date", time: "none" },
  { field: "suspended_by", description: "Id of the suspending instrument", unit: "text", time: "none" },
  { field: "scope", description: "What it covers", unit: "text", time: "none" },
  { field: "status_note", description: "Latest status information and what is unconfirmed", unit: "text", time: "none" },
  { field: "confirmation", description: "confirmed, confirmed-2nd (secondary sources) or unconfirmed", unit: "text", time: "none" },
  { field: "horizon", description: "The data horizon: statuses are confirmed up to this date", unit: "date", time: "none" },
];

const LABEL_STATUS: Record<Confirmation, Status> = { confirmed: "confirmed", "confirmed-2nd": "confirmed-2nd", unconfirmed: "unconfirmed" };

function entityOf(i: Instrument): Entity {
  return { kind: "instrument", id: i.id, label: i.short, aliases: [i.title] };
}

function instrumentGet(entity: Entity, field: string, q: RefQuery): Figure {
  const i = getInstrument(entity.id)!;
  const base = { sources: i.sources, status: LABEL_STATUS[i.confirmation] };
  const date = (d: number | undefined | null, note?: string): Figure => ({ ...base, value: d === undefined ? null : d, note });
  switch (field) {
    case "title":
    case "short":
    case "citation":
    case "type":
    case "authority":
    case "jurisdiction":
    case "scope":
    case "confirmation":
      return { ...base, value: String(i[field]) };
    case "status_note":
      return { ...base, value: i.statusNote };
    case "issued":
      return date(i.issued);
    case "effective":
      return date(i.effective ?? undefined, i.effective === null ? "never took effect as a legal measure" : undefined);
    case "end":
      return date(i.end, i.end === undefined ? "no end date in the data" : undefined);
    case "suspended_from":
    case "suspended_until":
    case "suspended_by": {
      const s = i.suspensions[0];
      if (!s) return { ...base, value: null, note: "not suspended in the data" };
      return {
        value: field === "suspended_by" ? s.by : field === "suspended_from" ? s.from : s.to,
        sources: s.sources,
        status: LABEL_STATUS[s.confirmation],
        note: s.note,
      };
    }
    case "horizon":
      return { value: timelineHorizon(), note: timelineHorizonNote() };
    case "status":
    case "in_force": {
      const d = q.date;
      if (d === undefined) {
        return { ...base, value: null, note: "give a date (year_or_date), e.g. DATE(2026,3,1): the status depends on the date" };
      }
      const st = instrumentStatusAt(i, d, "as_written");
      const pastHorizon = d > timelineHorizon();
      return {
        value: field === "in_force" ? st.kind === "in_force" : st.kind.replace(/_/g, " "),
        sources: i.sources,
        status: pastHorizon ? "unconfirmed" : LABEL_STATUS[i.confirmation],
        asOf: isoFromSerial(d),
        note: describeStatus(st),
      };
    }
    default:
      throw new UnknownField(field);
  }
}

export const instrumentKind: EntityKind = {
  kind: "instrument",
  label: "Legal instruments",
  find(text) {
    const exact = getInstrument(text);
    if (exact) return { entity: entityOf(exact), score: 3 };
    const i = findInstrument(text);
    return i ? { entity: entityOf(i), score: 2 } : undefined;
  },
  all: () => allInstruments().map(entityOf),
  fields(entity) {
    const i = getInstrument(entity.id)!;
    return FIELDS.filter((f) => {
      if (f.field === "end") return i.end !== undefined;
      if (f.field.startsWith("suspended_")) return i.suspensions.length > 0;
      return true;
    });
  },
  get: instrumentGet,
  names: () => allInstruments().flatMap((i) => [i.id, i.short]),
};

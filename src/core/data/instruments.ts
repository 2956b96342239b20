/**
 * The legal timeline (src/data/instruments.json) and China's controlled items
 * (src/data/cn_items.json): loaded once, ISO dates turned into Excel serials
 * once, indexed by id and by name. Registers the "instrument" entity kind so
 * TRADE.REF("MOFCOM-61-2025", "status", DATE(2026,3,1)) works.
 *
 * The status logic itself (regimes, suspensions, the data horizon) lives in
 * ../china/timeline.ts; this module only loads and indexes.
 *
 * Pure: no DOM, no Office.
 */
import instrumentsDoc from "../../data/instruments.json";
import itemsDoc from "../../data/cn_items.json";
import { serialFromIso, isoFromSerial } from "../dates";
import { Entity, EntityKind, FieldDef, Figure, RefQuery, Status, normKey, registerEntityKind } from "./pack";
import { UnknownField } from "./entities";
import { describeStatus, instrumentStatusAt } from "../china/timeline";

export type Confirmation = "confirmed" | "confirmed-2nd" | "unconfirmed";
export type InstrumentType =
  | "export_control"
  | "export_ban"
  | "suspension"
  | "guidance"
  | "licensing_practice"
  | "political_statement"
  | "tariff"
  | "investigation"
  | "trade_agreement"
  | "memorandum";

export interface Clause {
  id: string;
  title: string;
  effective: number;
  summary: string;
  /** Exact decimal text of a value-ratio threshold ("0.001"), if the clause has one. */
  threshold?: string;
  test?: "at_least" | "exceeds";
}

export interface Suspension {
  from: number;
  to: number;
  /** Id of the suspending instrument. */
  by: string;
  /** Short label of the suspending instrument ("Ann. 70/2025"). */
  byShort: string;
  /** Clause ids; undefined = the whole instrument. */
  clauses?: readonly string[];
  note?: string;
  sources: readonly string[];
  confirmation: Confirmation;
}

export interface InstrumentEvent {
  date: number;
  event: string;
  note: string;
  sources: readonly string[];
  confirmation: Confirmation;
}

export interface Instrument {
  id: string;
  short: string;
  jurisdiction: string;
  authority: string;
  title: string;
  citation: string;
  type: InstrumentType;
  issued: number;
  /** Earliest clause date; null when it never took effect as a legal measure. */
  effective: number | null;
  /** Last day in effect (inclusive), if it ended. */
  end?: number;
  clauses: readonly Clause[];
  suspensions: readonly Suspension[];
  suspends: readonly string[];
  events: readonly InstrumentEvent[];
  exportingCountry?: string;
  restriction?: "licence" | "ban";
  elements: readonly string[];
  materials: readonly string[];
  scope: string;
  statusNote: string;
  confirmation: Confirmation;
  sources: readonly string[];
}

export type ItemForm = "metal" | "alloy" | "target" | "magnet" | "functional" | "oxide" | "compound";

export interface ControlledForm {
  form: ItemForm;
  controlCode: string;
  codeConfirmation: Confirmation;
  confirmation: Confirmation;
  note?: string;
}

/** A rare earth under China's export controls (Ann. 18 or Ann. 57). */
export interface ControlledElement {
  id: string;
  element: string;
  name: string;
  controlCode: string;
  codeConfirmation: Confirmation;
  instrument: Instrument;
  forms: readonly ControlledForm[];
  note?: string;
  confirmation: Confirmation;
  sources: readonly string[];
}

/** An Ann. 61 Annex 1 Part 1 item (China-origin input counting toward the 0.1% numerator). */
export interface Part1Item {
  id: string;
  name: string;
  elements: readonly string[];
  form: ItemForm;
  aliases: readonly string[];
  instrument: Instrument;
  clause: string;
  confirmation: Confirmation;
  sources: readonly string[];
}

export type Part2Type = "magnet" | "target" | "component";

/** An Ann. 61 Annex 1 Part 2 category (foreign-made products the 0.1% test applies to). */
export interface Part2Category {
  id: string;
  name: string;
  productType: Part2Type;
  scope: "strict" | "broad";
  examples: string;
  instrument: Instrument;
  clause: string;
  confirmation: Confirmation;
  sources: readonly string[];
}

// ---------------------------------------------------------------------------
// Loading (once)

/* eslint-disable @typescript-eslint/no-explicit-any */
function serial(iso: string): number {
  const s = serialFromIso(iso);
  if (s === null) throw new Error(`instruments.json: bad date ${iso}`);
  return s;
}

interface Loaded {
  list: Instrument[];
  byId: Map<string, Instrument>;
  byKey: Map<string, Instrument>;
  horizon: number;
  horizonIso: string;
  horizonNote: string;
  elements: Map<string, ControlledElement>;
  part1: Part1Item[];
  part2: Part2Category[];
}

let loaded: Loaded | null = null;

function load(): Loaded {
  if (loaded) return loaded;
  const doc = instrumentsDoc as any;
  const list: Instrument[] = (doc.records as any[]).map((r) => ({
    id: r.id,
    short: r.short,
    jurisdiction: r.jurisdiction,
    authority: r.authority,
    title: r.title,
    citation: r.citation,
    type: r.type,
    issued: serial(r.issued),
    effective: r.effective ? serial(r.effective) : null,
    end: r.end ? serial(r.end) : undefined,
    clauses: (r.clauses as any[]).map((c) => ({ ...c, effective: serial(c.effective) })),
    suspensions: (r.suspensions as any[]).map((s) => ({ ...s, confirmation: s.status, from: serial(s.from), to: serial(s.to) })),
    suspends: r.suspends ?? [],
    events: (r.events as any[]).map((e) => ({ ...e, confirmation: e.status, date: serial(e.date) })),
    exportingCountry: r.exporting_country,
    restriction: r.restriction,
    elements: r.elements ?? [],
    materials: r.materials ?? [],
    scope: r.scope,
    statusNote: r.status_note,
    confirmation: r.status,
    sources: r.sources,
  }));
  const byId = new Map(list.map((i) => [i.id, i]));
  for (const i of list) for (const s of i.suspensions) (s as { byShort: string }).byShort = byId.get(s.by)?.short ?? s.by;
  const byKey = new Map<string, Instrument>();
  for (const i of list) for (const n of instrumentNames(i)) if (!byKey.has(n)) byKey.set(n, i);

  const elements = new Map<string, ControlledElement>();
  const part1: Part1Item[] = [];
  const part2: Part2Category[] = [];
  for (const r of (itemsDoc as any).records as any[]) {
    const instrument = byId.get(r.instrument);
    if (!instrument) throw new Error(`cn_items.json: ${r.id} cites unknown instrument ${r.instrument}`);
    if (r.kind === "element") {
      elements.set(r.element, {
        id: r.id,
        element: r.element,
        name: r.name,
        controlCode: r.control_code,
        codeConfirmation: r.code_status,
        instrument,
        forms: (r.forms as any[]).map((f) => ({
          form: f.form,
          controlCode: f.control_code,
          codeConfirmation: f.code_status,
          confirmation: f.status,
          note: f.note,
        })),
        note: r.note,
        confirmation: r.status,
        sources: r.sources,
      });
    } else if (r.kind === "part1") {
      part1.push({
        id: r.id,
        name: r.name,
        elements: r.elements,
        form: r.form,
        aliases: r.aliases,
        instrument,
        clause: r.clause,
        confirmation: r.status,
        sources: r.sources,
      });
    } else {
      part2.push({
        id: r.id,
        name: r.name,
        productType: r.product_type,
        scope: r.scope,
        examples: r.examples,
        instrument,
        clause: r.clause,
        confirmation: r.status,
        sources: r.sources,
      });
    }
  }
  loaded = {
    list,
    byId,
    byKey,
    horizon: serial(doc.horizon),
    horizonIso: doc.horizon,
    horizonNote: doc.horizon_note,
    elements,
    part1,
    part2,
  };
  return loaded;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Lookup keys of an instrument: id, short label, and the short label without dots ("Ann 61/2025"). */
function instrumentNames(i: Instrument): string[] {
  const out = new Set<string>();
  for (const n of [i.id, i.short, i.short.replace(/\./g, "")]) out.add(normKey(n));
  return [...out];
}

export function allInstruments(): readonly Instrument[] {
  return load().list;
}

export function getInstrument(id: string): Instrument | undefined {
  return load().byId.get(id);
}

/** An instrument by id or short label, any case ("MOFCOM-61-2025", "Ann. 61/2025"). */
export function findInstrument(text: string): Instrument | undefined {
  const l = load();
  return l.byId.get(text.trim()) ?? l.byKey.get(normKey(text));
}

/** The data horizon of the timeline (serial): statuses after it are unconfirmed. */
export function timelineHorizon(): number {
  return load().horizon;
}

export function timelineHorizonIso(): string {
  return load().horizonIso;
}

export function timelineHorizonNote(): string {
  return load().horizonNote;
}

/** The controlled element record for a symbol ("Dy"), or undefined when China does not control it. */
export function controlledElement(symbol: string): ControlledElement | undefined {
  return load().elements.get(symbol);
}

export function controlledElements(): readonly ControlledElement[] {
  return [...load().elements.values()];
}

export function part1Items(): readonly Part1Item[] {
  return load().part1;
}

export function part2Categories(): readonly Part2Category[] {
  return load().part2;
}

/** The clause that carries a value-ratio threshold (the 0.1% rule), with its instrument. */
export function thresholdClause(): { instrument: Instrument; clause: Clause } {
  for (const instrument of load().list) {
    for (const clause of instrument.clauses) if (clause.threshold) return { instrument, clause };
  }
  throw new Error("instruments.json: no clause carries a threshold");
}

// ---------------------------------------------------------------------------
// TRADE.REF entity kind "instrument"

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

const instrumentKind: EntityKind = {
  kind: "instrument",
  label: "Legal instruments",
  find(text) {
    const l = load();
    const exact = l.byId.get(text);
    if (exact) return { entity: entityOf(exact), score: 3 };
    const i = l.byKey.get(normKey(text));
    return i ? { entity: entityOf(i), score: 2 } : undefined;
  },
  all: () => load().list.map(entityOf),
  fields(entity) {
    const i = getInstrument(entity.id)!;
    return FIELDS.filter((f) => {
      if (f.field === "end") return i.end !== undefined;
      if (f.field.startsWith("suspended_")) return i.suspensions.length > 0;
      return true;
    });
  },
  get: instrumentGet,
  names: () => load().list.flatMap((i) => [i.id, i.short]),
};

registerEntityKind(instrumentKind);

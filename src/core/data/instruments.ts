/**
 * The legal timeline (src/data/instruments.json) and China's controlled items
 * (src/data/cn_items.json): loaded once, ISO dates turned into Excel serials
 * once, indexed by id and by name. This module only loads and indexes: the
 * status logic (regimes, suspensions, the data horizon) lives in
 * ../china/timeline.ts and the REF kind "instrument" in ../ref/kinds/instrument.ts.
 *
 * Pure: no DOM, no Office.
 */
import { serialFromIso } from "../dates";
import { dataset, perPack } from "./active";
import { orgMark, type OrgMark } from "./org";
import { normKey } from "./pack";
import type { CnItemsDoc, InstrumentsDoc } from "./schemas.generated";

type InstrumentRecord = InstrumentsDoc["records"][number];
type ItemRecord = CnItemsDoc["records"][number];

export type Confirmation = InstrumentRecord["status"];
export type InstrumentType = InstrumentRecord["type"];

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
  /** Set when the record comes from an organisation's overlay. */
  org?: OrgMark;
}

export type ItemForm = Extract<ItemRecord, { kind: "part1" }>["form"];

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

export type Part2Type = Extract<ItemRecord, { kind: "part2" }>["product_type"];

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

/** A record as an Instrument (dates as serials); `byShort` of its suspensions is the suspending instrument's id until filled in. */
function toInstrument(r: InstrumentRecord): Instrument {
  return {
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
    clauses: r.clauses.map((c) => ({ ...c, effective: serial(c.effective) })),
    // byShort: the suspending instrument's short label, filled in below once every instrument is known.
    suspensions: r.suspensions.map((s) => ({ ...s, byShort: s.by, confirmation: s.status, from: serial(s.from), to: serial(s.to) })),
    suspends: r.suspends ?? [],
    events: r.events.map((e) => ({ ...e, confirmation: e.status, date: serial(e.date) })),
    exportingCountry: r.exporting_country,
    restriction: r.restriction,
    elements: r.elements ?? [],
    materials: r.materials ?? [],
    scope: r.scope,
    statusNote: r.status_note,
    confirmation: r.status,
    sources: r.sources,
    org: orgMark("instruments", r.id),
  };
}

const load = perPack((): Loaded => {
  // The documents' shape is their schemas': the build, the tests and the add-in check every pack against them.
  const doc = dataset<InstrumentsDoc>("instruments");
  const items = dataset<CnItemsDoc>("cn_items");
  const list: Instrument[] = doc.records.map(toInstrument);
  const byId = new Map(list.map((i) => [i.id, i]));
  for (const i of list) for (const s of i.suspensions) (s as { byShort: string }).byShort = byId.get(s.by)?.short ?? s.by;
  const byKey = new Map<string, Instrument>();
  for (const i of list) for (const n of instrumentNames(i)) if (!byKey.has(n)) byKey.set(n, i);

  const elements = new Map<string, ControlledElement>();
  const part1: Part1Item[] = [];
  const part2: Part2Category[] = [];
  for (const r of items.records) {
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
        forms: r.forms.map((f) => ({
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
  return {
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
});

const builtIns = perPack(() => new Map<string, Instrument>());

/**
 * The built-in record an organisation's record of this instrument replaced, as an Instrument, so
 * that an explanation can name what the built-in data says beside what the organisation says;
 * undefined when the instrument is built-in or the organisation added it.
 */
export function builtInOf(ins: Instrument): Instrument | undefined {
  const replaced = ins.org?.replaced;
  if (!replaced) return undefined;
  const cache = builtIns();
  let b = cache.get(ins.id);
  if (!b) {
    const { org: _org, ...plain } = toInstrument(replaced as unknown as InstrumentRecord);
    void _org;
    b = plain;
    for (const s of b.suspensions) (s as { byShort: string }).byShort = load().byId.get(s.by)?.short ?? s.by;
    cache.set(ins.id, b);
  }
  return b;
}

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

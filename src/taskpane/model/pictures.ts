/**
 * Data for the pictures (pure): world production by country for one edition
 * and year, China's share by stage, and the timeline lanes of the legal
 * instruments and tariff layers. Every point keeps its status and sources.
 */
import type { DatasetDoc } from "./datasetDoc";

export interface Point {
  label: string;
  code: string;
  value: number;
  status?: string;
  estimated?: boolean;
  sources: string[];
  note?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function editionsOf(d: DatasetDoc | undefined, measure?: string): string[] {
  if (!d) return [];
  const set = new Set<string>();
  for (const r of d.records) if (!measure || r.measure === measure) if (typeof r.edition === "string") set.add(r.edition);
  return [...set].sort();
}

export function yearsOf(d: DatasetDoc | undefined, edition: string, measure = "production"): number[] {
  if (!d) return [];
  const set = new Set<number>();
  for (const r of d.records) if (r.edition === edition && r.measure === measure && typeof r.year === "number") set.add(r.year);
  return [...set].sort((a, b) => a - b);
}

/**
 * Production by country (descending; "Other" last), and the world total as
 * printed by the source (rounded), for one edition and year.
 */
export function productionByCountry(
  d: DatasetDoc | undefined,
  edition: string,
  year: number,
  nameOf: (code: string) => string,
): { points: Point[]; world?: Point; missing: string[] } {
  const points: Point[] = [];
  const missing: string[] = [];
  let world: Point | undefined;
  let other: Point | undefined;
  for (const r of d?.records ?? []) {
    if (r.edition !== edition || r.year !== year || r.measure !== "production") continue;
    const code = String(r.country);
    const p: Point = {
      label: code === "WORLD" ? "World" : code === "OTHER" ? "Other countries" : nameOf(code),
      code,
      value: typeof r.value === "number" ? r.value : NaN,
      status: r.status as string | undefined,
      estimated: r.estimated === true,
      sources: (r.sources as string[]) ?? [],
      note: r.note as string | undefined,
    };
    if (!Number.isFinite(p.value)) {
      missing.push(p.label);
      continue;
    }
    if (code === "WORLD") world = p;
    else if (code === "OTHER") other = p;
    else points.push(p);
  }
  points.sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  if (other) points.push(other);
  return { points, world, missing };
}

export interface StageShare {
  stage: string;
  stageLabel: string;
  year: number;
  value: number;
  edition: string;
  status?: string;
  projection: boolean;
  sources: string[];
  note?: string;
}

/** China's share by stage: the latest non-projected figure per stage, and the projections after it. */
export function chinaShareByStage(d: DatasetDoc | undefined, country = "CN"): { current: StageShare[]; projections: StageShare[] } {
  if (!d) return { current: [], projections: [] };
  const stages = ((d.stages as { stage: string; description: string }[]) ?? []).map((s) => s.stage);
  const labelOf = new Map(((d.stages as { stage: string; description: string }[]) ?? []).map((s) => [s.stage, s.description]));
  const all: StageShare[] = [];
  for (const r of d.records) {
    if (r.country !== country || typeof r.value !== "number") continue;
    all.push({
      stage: String(r.stage),
      stageLabel: labelOf.get(String(r.stage)) ?? String(r.stage),
      year: Number(r.year),
      value: r.value,
      edition: String(r.edition ?? ""),
      status: r.status as string | undefined,
      projection: r.projection === true,
      sources: (r.sources as string[]) ?? [],
      note: r.note as string | undefined,
    });
  }
  const order = (s: string) => (stages.indexOf(s) < 0 ? 99 : stages.indexOf(s));
  const current: StageShare[] = [];
  for (const s of [...new Set(all.map((x) => x.stage))].sort((a, b) => order(a) - order(b))) {
    const obs = all.filter((x) => x.stage === s && !x.projection);
    // Latest year; a primary-source figure (not "derived") wins a tie.
    obs.sort((a, b) => b.year - a.year || (a.status === "derived" ? 1 : 0) - (b.status === "derived" ? 1 : 0));
    if (obs[0]) current.push(obs[0]);
  }
  const projections = all.filter((x) => x.projection).sort((a, b) => order(a.stage) - order(b.stage) || a.year - b.year);
  return { current, projections };
}

export interface LaneEvent {
  date: string;
  label: string;
}
export interface LaneSpan {
  from: string;
  /** null = open-ended (drawn to the right edge with an arrow). */
  to: string | null;
  kind: "in-force" | "suspended";
  label?: string;
  status?: string;
}
export interface Lane {
  id: string;
  group: string;
  label: string;
  spans: LaneSpan[];
  events: LaneEvent[];
  status?: string;
  sources: string[];
}

interface InstrumentRec {
  id: string;
  short?: string;
  title?: string;
  jurisdiction?: string;
  type?: string;
  issued?: string | null;
  effective?: string | null;
  end?: string | null;
  suspensions?: { from: string; to: string | null; by?: string; confirmation?: string }[];
  events?: { date: string; event: string; confirmation?: string; note?: string }[];
  confirmation?: string;
  sources?: string[];
}

const JURISDICTION: Record<string, string> = { CN: "China", US: "United States", MY: "Malaysia" };

/**
 * One lane per legal instrument (instruments.json): in force from its effective
 * date to its end (or open), suspension windows, and its dated events (issued,
 * struck down, ended, reports). Grouped by jurisdiction.
 */
export function instrumentLanes(d: DatasetDoc | undefined, horizon: string): Lane[] {
  if (!d) return [];
  const lanes: Lane[] = [];
  for (const raw of d.records) {
    const r = raw as unknown as InstrumentRec;
    const spans: LaneSpan[] = [];
    if (r.effective && ISO_DATE.test(r.effective)) spans.push({ from: r.effective, to: r.end ?? null, kind: "in-force" });
    for (const s of r.suspensions ?? []) spans.push({ from: s.from, to: s.to ?? null, kind: "suspended", label: s.by ? `suspended by ${s.by}` : "suspended", status: s.confirmation });
    const events: LaneEvent[] = [];
    if (r.issued) events.push({ date: r.issued, label: "issued" });
    if (r.effective && r.effective !== r.issued) events.push({ date: r.effective, label: "effective" });
    if (r.end) events.push({ date: r.end, label: "last day" });
    for (const s of r.suspensions ?? []) {
      events.push({ date: s.from, label: "suspended" });
      if (s.to) events.push({ date: s.to, label: s.to > horizon ? "suspension ends (unconfirmed)" : "suspension ends" });
    }
    for (const e of r.events ?? []) if (!events.some((x) => x.date === e.date)) events.push({ date: e.date, label: e.event.replace(/_/g, " ") + (e.confirmation === "unconfirmed" ? " (unconfirmed)" : "") });
    events.sort((a, b) => a.date.localeCompare(b.date));
    const unconfirmed =
      r.confirmation === "unconfirmed" ||
      (r.events ?? []).some((e) => e.confirmation === "unconfirmed") ||
      spans.some((s) => s.to === null || s.to > horizon);
    lanes.push({
      id: r.id,
      group: JURISDICTION[String(r.jurisdiction)] ?? (String(r.jurisdiction).includes("-") ? "Trade agreements" : String(r.jurisdiction)),
      label: r.short ?? r.id,
      spans,
      events,
      status: r.confirmation === "unconfirmed" ? "unconfirmed" : unconfirmed ? "unconfirmed after horizon" : r.confirmation,
      sources: r.sources ?? [],
    });
  }
  return lanes;
}

/** Days since 1970 for layout. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(iso + "T00:00:00Z") / 86400000);
}

/**
 * Splits a chart label into lines of at most `maxChars` characters at spaces (SVG text does not
 * wrap), so a label stays inside a narrow pane; a single word longer than a line is cut at the
 * line's length rather than running past the edge.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const max = Math.max(4, Math.floor(maxChars));
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let w = word;
    while (w.length > max) {
      if (line) {
        lines.push(line);
        line = "";
      }
      lines.push(w.slice(0, max));
      w = w.slice(max);
    }
    if (!line) line = w;
    else if (line.length + 1 + w.length <= max) line += ` ${w}`;
    else {
      lines.push(line);
      line = w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

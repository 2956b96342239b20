/**
 * The answer block at the top of a detail: what a modeller opens an entity for,
 * in a few lines, each with its sources, a tag for estimates, projections and
 * unconfirmed figures, and links to the instruments, products and lines it
 * names. Pure (no DOM, no Office, no React); the core does every computation.
 */
import { getEntityKind, type Entity, type Figure } from "../../core/ref";
import { controlQuery } from "../../core/china/controls";
import { instrumentStatusAt } from "../../core/china/timeline";
import { getInstrument, timelineHorizon } from "../../core/data/instruments";
import { importerTable, partnerData } from "../../core/data/tariffs";
import { stackFor } from "../../core/tariff/query";
import { pctText, type Stack } from "../../core/tariff/stack";
import { isoFromSerial, serialFromIso, todaySerial } from "../../core/dates";
import { figureFormula } from "./quick";
import { entityKey, formatValue, type DatasetDoc } from "./catalog";

export interface AnswerLink {
  /** Search-index key ("entity:instrument:MOFCOM-70-2025"). */
  key: string;
  label: string;
}

export interface AnswerLine {
  label: string;
  value: string;
  sources?: readonly string[];
  /** "estimate", "projection", "unconfirmed", "secondary source", "derived". */
  tags?: readonly string[];
  note?: string;
  links?: readonly AnswerLink[];
  /** A formula that gives the same figure in a cell. */
  formula?: string;
}

/** Labels a tariff stack's total needs next to its value (the stack's own status: past the horizon it is unconfirmed). */
export function stackTags(st: Stack): string[] {
  if (st.status === "unconfirmed") return ["unconfirmed"];
  if (st.status === "confirmed-2nd") return ["secondary source"];
  if (st.status === "includes organisation data" || st.status === "includes overrides and organisation data") return ["organisation data"];
  if (st.status === "ambiguous") return ["ambiguous"];
  return [];
}

/** Labels a figure needs next to its value. */
export function figureTags(f: Figure | undefined): string[] {
  if (!f) return [];
  const tags: string[] = [];
  if (f.estimated) tags.push("estimate");
  if (f.note && /\bprojection|projected|forecast\b/i.test(f.note)) tags.push("projection");
  if (f.status === "unconfirmed") tags.push("unconfirmed");
  else if (f.status === "confirmed-2nd") tags.push("secondary source");
  else if (f.status === "derived") tags.push("derived");
  return tags;
}

function get(e: Entity, field: string, query: { date?: number; year?: number } = {}): Figure | undefined {
  const k = getEntityKind(e.kind);
  try {
    return k?.get(e, field, query);
  } catch {
    return undefined;
  }
}

function fieldDef(e: Entity, field: string) {
  return getEntityKind(e.kind)?.fields(e).find((f) => f.field === field);
}

function figureLine(e: Entity, field: string, label: string): AnswerLine | undefined {
  const f = get(e, field);
  const def = fieldDef(e, field);
  if (!f || !def || f.value === null || f.value === "") return undefined;
  const when = [f.year ? String(f.year) : undefined, f.edition].filter(Boolean).join(", ");
  return {
    label,
    value: `${f.qualifier && typeof f.value !== "string" ? `${f.qualifier} ` : ""}${formatValue(f.value, def.unit)}${when ? ` (${when})` : ""}`,
    sources: f.sources,
    tags: figureTags(f),
    note: f.note,
    formula: figureFormula(e, def, f),
  };
}

function all(kind: string): readonly Entity[] {
  return getEntityKind(kind)?.all() ?? [];
}

function link(e: Entity): AnswerLink {
  return { key: `entity:${entityKey(e)}`, label: e.label };
}

/** Instruments whose citation appears in a text (the core's explanations cite them). */
function citedInstruments(text: string): AnswerLink[] {
  return all("instrument").filter((i) => {
    const c = get(i, "citation")?.value;
    return typeof c === "string" && c.length > 8 && text.includes(c.replace(/\s*\(.*\)\s*$/, ""));
  }).map(link);
}

/** Status of an instrument on a date (ISO), as the data pack states it. */
export function instrumentStatus(e: Entity, iso: string): AnswerLine | undefined {
  const date = serialFromIso(iso);
  if (date === undefined || date === null) return undefined;
  const f = get(e, "status", { date });
  if (!f || f.value === null) return undefined;
  return { label: `Status on ${iso}`, value: String(f.value), sources: f.sources, tags: figureTags(f), note: f.note };
}

export function todayIso(): string {
  return isoFromSerial(todaySerial());
}

export function answerFor(e: Entity): AnswerLine[] {
  const out: (AnswerLine | undefined)[] = [];
  const today = todayIso();
  if (e.kind === "instrument") {
    out.push(instrumentStatus(e, today) && { ...instrumentStatus(e, today)!, label: "Status today" });
    const by = get(e, "suspended_by");
    if (by && typeof by.value === "string" && by.value) {
      const from = get(e, "suspended_from")?.value;
      const until = get(e, "suspended_until")?.value;
      const target = all("instrument").find((i) => i.id === by.value);
      out.push({
        label: "Suspended by",
        value: `${target?.label ?? by.value}${typeof from === "number" ? `, ${isoFromSerial(from)}` : ""}${typeof until === "number" ? ` to ${isoFromSerial(until)}` : ""}`,
        sources: by.sources,
        tags: figureTags(by),
        links: target ? [link(target)] : [],
      });
    }
    // Instruments this one suspends (the reverse link).
    const suspends = all("instrument").filter((i) => get(i, "suspended_by")?.value === e.id);
    if (suspends.length) out.push({ label: "Suspends", value: suspends.map((i) => i.label).join(", "), links: suspends.map(link) });
  } else if (e.kind === "element") {
    try {
      // Typed: the status (and whether today is past the data horizon) travels with the answer.
      const c = controlQuery(e.id, todaySerial());
      const tags: string[] = [];
      if (c.pastHorizon) tags.push("unconfirmed");
      else if (c.confirmation === "unconfirmed") tags.push("unconfirmed");
      else if (c.confirmation === "confirmed-2nd") tags.push("secondary source");
      if (c.instrument?.org) tags.push("organisation data");
      out.push({
        label: "China export control today",
        value: c.controlled ? "Controlled" : "Not controlled",
        sources: c.sources,
        tags,
        note: c.explanation,
        links: citedInstruments(c.explanation),
        formula: `=TRADE.CN_CONTROLLED("${e.id}")`,
      });
    } catch {
      /* the core gives no answer for this element */
    }
    const products = all("product").filter((p) => get(p, "element")?.value === e.id);
    for (const p of products.slice(0, 2)) {
      const l = figureLine(p, "price_usd_kg", `Latest price: ${p.label}`);
      if (l) out.push({ ...l, links: [link(p)] });
    }
    const name = e.label.toLowerCase();
    const sym = new RegExp(`\\b${e.id}\\b`);
    let lines = all("hts").filter((h) => h.label.toLowerCase().includes(name) || sym.test(h.label));
    // No line names the element: the rare-earth metal and compound headings cover it.
    if (!lines.length) lines = all("hts").filter((h) => h.id.length === 8 && /^(280530|284690)/.test(h.id));
    const hs = all("hs").filter((h) => {
      const d = get(h, "description")?.value;
      return typeof d === "string" && d.toLowerCase().includes(name);
    });
    if (lines.length || hs.length)
      out.push({ label: "HTS/HS lines", value: [...lines, ...hs].map((h) => h.label.split(" ")[0] + (h.kind === "hs" ? h.label.slice(2) : "")).join(", "), links: [...lines, ...hs].map(link) });
  } else if (e.kind === "country" || e.kind === "aggregate") {
    out.push(figureLine(e, "production_t", "Mine production"));
    out.push(figureLine(e, "reserves_t", "Reserves"));
    out.push(figureLine(e, "resources_t", "Resources"));
    out.push(figureLine(e, "refining_share", "Share of world refining"));
    if (e.kind === "country") {
      const measures = all("instrument").filter((i) => String(get(i, "jurisdiction")?.value ?? "").split(/[,;\s]+/).includes(e.id));
      if (measures.length) {
        // Each instrument with its status today (in force, suspended, ended...), unconfirmed past the horizon.
        const today = todaySerial();
        const past = today > timelineHorizon();
        const statusOf = (m: Entity) => {
          const ins = getInstrument(m.id);
          return ins ? instrumentStatusAt(ins, today, "as_written").kind.replace(/_/g, " ") : "";
        };
        out.push({
          label: "Measures it issued (status today)",
          value: measures.map((m) => `${m.label} (${statusOf(m)})`).join(", "),
          tags: past ? ["unconfirmed"] : [],
          note: past ? `Statuses after ${isoFromSerial(timelineHorizon())} are not confirmed by public sources.` : undefined,
          links: measures.map((m) => ({ ...link(m), label: `${m.label} (${statusOf(m)})` })),
        });
      }
      const q = stackFor({ hts: "8505.11.00.70", origin: e.id, date: isoFromSerial(todaySerial()) });
      if (q.ok)
        out.push({
          label: "US tariff on NdFeB magnets from it today",
          value: `${pctText(q.stack.totalMicro)} (HTS 8505.11.00.70)`,
          tags: stackTags(q.stack),
          sources: [...new Set(q.stack.rows.flatMap((r) => r.sources))],
          formula: `=TRADE.TARIFF_RATE("8505.11.00.70","${e.id}")`,
          links: all("hts").filter((h) => h.id === "8505110070").map(link),
        });
    }
  } else if (e.kind === "hts" || e.kind === "hs") {
    const chain = all(e.kind).filter((h) => h.id !== e.id && e.id.startsWith(h.id)).sort((a, b) => a.id.length - b.id.length);
    const desc = get(e, "description");
    const text = [...chain.map((h) => (e.kind === "hs" ? String(get(h, "description")?.value ?? h.label) : h.label)), e.kind === "hs" ? String(desc?.value ?? "") : e.label]
      .filter(Boolean)
      .join(" › ");
    out.push({ label: "Heading", value: text, sources: desc?.sources, links: chain.map(link) });
    if (e.kind === "hts") out.push(figureLine(e, "mfn_rate", "MFN (column 1) rate"));
    else out.push(figureLine(e, "relevance", "Relevance"));
  } else if (e.kind === "product") {
    out.push(figureLine(e, "price_usd_kg", "Latest price"));
    const el = get(e, "element")?.value;
    const elem = all("element").find((x) => x.id === el);
    if (elem) out.push({ label: "Element", value: elem.label, links: [link(elem)] });
  }
  return out.filter((x): x is AnswerLine => !!x);
}

/** An importer other than the US, for its detail view: its lines with today's duty on US goods (typed, with status). */
export interface PartnerView {
  iso2: string;
  name: string;
  valuation: string;
  valuationBasis: string;
  dataFrom: string | null;
  horizon: string;
  pastHorizon: boolean;
  preferencesNote: string;
  summary: string;
  lines: { code: string; description: string; ratePct?: string; status?: string; message?: string }[];
  measures: (AnswerLink & { status: string })[];
}

export function partnerView(iso2: string): PartnerView | undefined {
  const imp = importerTable().get(iso2);
  const pd = partnerData(iso2);
  if (!imp || !pd) return undefined;
  const today = isoFromSerial(todaySerial());
  const lines = [...pd.lines.values()].map((l) => {
    const q = stackFor({ hts: l.hts, origin: "US", date: today, importer: iso2 });
    return q.ok
      ? { code: l.hts, description: l.description, ratePct: pctText(q.stack.totalMicro), status: q.stack.status }
      : { code: l.hts, description: l.description, message: q.message.replace(/^hts: /, "") };
  });
  const rates = [...new Set(lines.filter((l) => l.ratePct).map((l) => l.ratePct!))];
  const summary = rates.length === 0 ? "no line has a sourced rate today (see each line)" : rates.length === 1 ? `${rates[0]} on every line with a rate` : `${rates.join(", ")} depending on the line`;
  const insIds = [...new Set([...pd.rowsByLayer.values()].flat().concat(pd.commitments).map((r) => r.instrument).filter((x): x is string => !!x))];
  const now = todaySerial();
  const measures = insIds.flatMap((id) => {
    const ins = getInstrument(id);
    if (!ins) return [];
    return [{ key: `entity:instrument:${id}`, label: ins.short, status: instrumentStatusAt(ins, now, "as_written").kind.replace(/_/g, " ") }];
  });
  return {
    iso2,
    name: imp.name,
    valuation: imp.valuation,
    valuationBasis: imp.valuationBasis,
    dataFrom: imp.dataFromIso,
    horizon: imp.horizonIso,
    pastHorizon: now > imp.horizon,
    preferencesNote: imp.preferencesNote,
    summary,
    lines,
    measures,
  };
}

/** A supply-chain stage for its detail view: China's current share, the HHI and every share by country. */
export interface StageView {
  label: string;
  answer: AnswerLine[];
  rows: { id: string; country: string; year: number; valuePct: string; edition: string; tags: string[]; sources: readonly string[] }[];
}

export function stageView(d: DatasetDoc | undefined, stage: string): StageView | undefined {
  if (!d) return undefined;
  const st = ((d.stages as { stage: string; description: string }[]) ?? []).find((x) => x.stage === stage);
  if (!st) return undefined;
  const recs = d.records.filter((r) => r.stage === stage && typeof r.value === "number");
  const country = (c: unknown) => all("country").find((x) => x.id === c)?.label ?? String(c);
  const tagsOf = (r: Record<string, unknown>) => {
    const t: string[] = [];
    if (r.projection === true) t.push("projection");
    if (r.approximate === true) t.push("estimate");
    if (r.status === "unconfirmed") t.push("unconfirmed");
    else if (r.status === "confirmed-2nd") t.push("secondary source");
    else if (r.status === "derived") t.push("derived");
    return t;
  };
  const rows = recs
    .map((r) => ({
      id: String(r.id),
      country: country(r.country),
      year: Number(r.year),
      valuePct: `${Math.round(Number(r.value) * 1000) / 10}%`,
      edition: String(r.edition),
      tags: tagsOf(r),
      sources: (r.sources as string[]) ?? [],
      projection: r.projection === true,
    }))
    .sort((a, b) => b.year - a.year || a.country.localeCompare(b.country));
  const cn = recs.filter((r) => r.country === "CN" && r.projection !== true).sort((a, b) => Number(b.year) - Number(a.year) || (a.status === "derived" ? 1 : 0) - (b.status === "derived" ? 1 : 0))[0];
  const answer: AnswerLine[] = [];
  if (cn)
    answer.push({
      label: "China's share",
      value: `${Math.round(Number(cn.value) * 1000) / 10}% (${cn.year}, ${cn.edition})`,
      sources: (cn.sources as string[]) ?? [],
      tags: tagsOf(cn),
      note: cn.note as string | undefined,
      formula: `=TRADE.SUPPLY_SHARE("CN","${stage}")`,
    });
  return { label: `${st.description}: world shares by country`, answer, rows };
}

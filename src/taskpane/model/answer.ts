/**
 * The answer block at the top of a detail: what a modeller opens an entity for,
 * in a few lines, each with its sources, a tag for estimates, projections and
 * unconfirmed figures, and links to the instruments, products and lines it
 * names. Pure (no DOM, no Office, no React); the core does every computation.
 */
import { getEntityKind, type Entity, type Figure } from "../../core/ref";
import { cnControlled, cnControlledExplain } from "../../core/china/controls";
import { tariffRate } from "../../core/tariff";
import { isoFromSerial, serialFromIso, todaySerial } from "../../core/dates";
import { figureFormula } from "./quick";
import { entityKey, formatValue } from "./catalog";

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
      const c = cnControlled(e.id)[0][0];
      const why = String(cnControlledExplain(e.id)[0][0]);
      out.push({
        label: "China export control today",
        value: c === true ? "Controlled" : c === false ? "Not controlled" : "Unknown",
        note: why,
        links: citedInstruments(why),
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
      if (measures.length) out.push({ label: "Measures it issued", value: measures.map((i) => i.label).join(", "), links: measures.map(link) });
      try {
        const r = tariffRate("8505.11.00.70", e.id, "", undefined)[0][0];
        if (typeof r === "number")
          out.push({
            label: "US tariff on NdFeB magnets from it today",
            value: `${formatValue(r, "fraction")} (HTS 8505.11.00.70)`,
            formula: `=TRADE.TARIFF_RATE("8505.11.00.70","${e.id}")`,
            links: all("hts").filter((h) => h.id === "8505110070").map(link),
          });
      } catch {
        /* no tariff answer for this origin */
      }
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

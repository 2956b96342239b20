/**
 * The US tariff stack for one (HTS line, origin, entry date): which layers
 * apply, at what rate, and why. Layers and stacking rules are data
 * (tariff_layers.json); user override rows replace a built-in layer of the same
 * name where they cover the line, origin and date, or add a layer. A user row
 * does not cancel a built-in exemption of its layer that is more specific than
 * the row (see exemptionStands). A code outside the built-in table that an
 * override row's HTS prefix covers is a user-defined line for that call only
 * (userLine): only override rows apply to it. Pure.
 *
 * Rates are integer micro-units (1e-6 of value) so the rows add exactly.
 */
import { TradeError, naError } from "../errors";
import { isoFromSerial } from "../dates";
import { Exemption, HtsLine, LayerEvent, LayerRow, MICRO, TariffData, tariffData } from "../data/tariffs";
import { orgRowText, type OrgMark } from "../data/org";
import { dotted } from "./hts";

export interface StackRow {
  /** Display name: "Section 301", "IEEPA reciprocal (exempt)", "Section 122 (excluded)". */
  layer: string;
  key: string;
  basis: string;
  rateMicro: number;
  /** ISO dates of the row's window (null = open). */
  from: string | null;
  to: string | null;
  status: string;
  sources: readonly string[];
  override: boolean;
  note?: string;
  /** How a user row met a built-in exemption of its layer: the exemption kept, or overridden. */
  exemptNote?: string;
  /** Events of the row's instrument (a court decision ...), shown by the explanation from their date. */
  events?: readonly LayerEvent[];
  /** Local time of day the row took effect ("12:01 Beijing time"). */
  fromTime?: string;
  /** The row comes from an organisation's overlay (built-in rows only; a user's override row is `override`). */
  org?: OrgMark;
}

/** "in force": the layers in force on the date; "committed": agreements' commitments as signed replace the ordinary duty. */
export type Regime = "in force" | "committed";

export interface Stack {
  line: HtsLine;
  /** The code used for coverage: the user's digits when longer than the line, else the line's. */
  code: string;
  origin: string;
  date: number;
  rows: StackRow[];
  totalMicro: number;
  pastHorizon: boolean;
  /**
   * Overall status: "confirmed", "confirmed-2nd", "includes overrides", "unconfirmed";
   * "override" for a user-defined line (only override rows). A code whose sub-lines pay
   * different rates on the date has no stack (see splitError).
   */
  status: string;
  /** as_of was blank: `date` is the calculation date (set by the caller). */
  dateBlank: boolean;
  /** The importing country (ISO alpha-2); absent = the US. */
  importer?: string;
  /** Absent = "in force". */
  regime?: Regime;
  /** How a partner importer's code was resolved (through its HS 6-digit heading ...). */
  resolution?: string;
}

/**
 * The HTS line for a digit string: longest prefix in the table, or the single
 * 8-digit line under a short code; null when the table has no line for it;
 * #N/A when a short code covers several rate lines.
 */
export function lookupLine(d: string, data: TariffData = tariffData()): { line: HtsLine; code: string } | null {
  for (let len = d.length; len >= 8; len -= 2) {
    const l = data.lines.get(d.slice(0, len));
    if (l) return { line: l, code: d.length > l.id.length ? d : l.id };
  }
  if (d.length < 8) {
    const under = data.rateLines.filter((l) => l.id.startsWith(d));
    if (under.length === 1) return { line: under[0], code: under[0].id };
    if (under.length > 1) {
      const list = under.map((l) => `${l.hts} (${l.mfnText})`).join(", ");
      throw naError(`hts: ${dotted(d)} covers several lines with their own duties: ${list}; give 8 or 10 digits`);
    }
  }
  return null;
}

/** #N/A for a code outside the table that no override row's HTS prefix covers. */
export function notInTable(d: string): TradeError {
  return naError(
    `hts: ${dotted(d)} is not in the US tariff table (rare-earth lines: 2805.30, 2846.10, 2846.90, 3606.90.30, 2612.20, 2530.90.80, 7202.99.80, 8505.11, 8505.19, 8501.32, 8501.52) and no overrides row's hts prefix (other than "*") covers it; for other goods add overrides rows whose hts prefix covers the code, e.g. "${dotted(d.slice(0, 6))}" with an MFN row and any other layer`,
  );
}

/** The line for a digit string (lookupLine), or #N/A. */
export function findLine(d: string, data: TariffData = tariffData()): { line: HtsLine; code: string } {
  const r = lookupLine(d, data);
  if (!r) throw notInTable(d);
  return r;
}

export const USER_LINE_TEXT = "user-defined line: only your override rows apply; built-in layers are not applied to lines outside the table";

/**
 * A code outside the built-in table as a user-defined line, when some override
 * row's HTS prefix (not "*") covers it; else null. Built per call: never cache
 * it beyond the overrides it came from.
 */
export function userLine(d: string, ov: Overrides): HtsLine | null {
  if (!ov.count) return null;
  for (const rows of ov.byLayer.values()) {
    for (const r of rows) {
      if (r.prefixes.some((p) => p !== "" && d.startsWith(p))) {
        // status is unused (a user line has no built-in MFN row); "unconfirmed" is the honest default
        return { id: d, hts: dotted(d), level: d.length, description: USER_LINE_TEXT, mfnMicro: 0, mfnText: "not in the built-in table", status: "unconfirmed", sources: [], user: true };
      }
    }
  }
  return null;
}

export function covers(prefixes: readonly string[], code: string): number {
  // Length of the longest covering prefix, or -1.
  let best = -1;
  for (const p of prefixes) if (p.length > best && code.startsWith(p)) best = p.length;
  return best;
}

/** The most specific row of a list that covers (code, origin, date): explicit origin over "*", then the longest prefix; ties → the later row. */
export function pickRow(rows: readonly LayerRow[], code: string, origin: string, date: number): LayerRow | null {
  let best: LayerRow | null = null;
  let bestO = -1;
  let bestP = -1;
  for (const r of rows) {
    if (date < r.from || date > r.to) continue;
    let o: number;
    if (r.origins === null) o = 0;
    else if (r.origins.has(origin)) o = 1;
    else continue;
    const p = covers(r.prefixes, code);
    if (p < 0) continue;
    if (o > bestO || (o === bestO && p >= bestP)) {
      best = r;
      bestO = o;
      bestP = p;
    }
  }
  return best;
}

interface ExemptionHit {
  x: Exemption;
  /** Length of the exemption's prefix that covers the code. */
  len: number;
}

/** The most specific exemption covering (code, origin, date): explicit origin over "*", then the longest prefix. */
function findExemption(list: readonly Exemption[] | undefined, code: string, origin: string, date: number): ExemptionHit | null {
  if (!list) return null;
  let best: ExemptionHit | null = null;
  for (const x of list) {
    if (date < x.from || date > x.to) continue;
    if (x.origins !== null && !x.origins.has(origin)) continue;
    const len = covers(x.prefixes, code);
    if (len < 0) continue;
    if (!best || specificity(x.origins, len) > specificity(best.x.origins, best.len)) best = { x, len };
  }
  return best;
}

/** Explicit origin first, then prefix length (the order pickRow uses). */
function specificity(origins: ReadonlySet<string> | null, len: number): number {
  return (origins === null ? 0 : 100) + len;
}

/**
 * Whether a built-in exemption stands against the user row picked for its layer:
 * it does when it is more specific than the row (an explicit origin where the
 * row has "*", or else a longer HTS prefix); a row as specific or more overrides it.
 */
function exemptionStands(hit: ExemptionHit, u: LayerRow, code: string): boolean {
  return specificity(hit.x.origins, hit.len) > specificity(u.origins, covers(u.prefixes, code));
}

function scopeText(prefixLen: number, code: string, origins: ReadonlySet<string> | null): string {
  return `${prefixLen > 0 ? dotted(code.slice(0, prefixLen)) : "*"}, ${origins === null ? "every origin" : [...origins].join("/")}`;
}

export const STATUS_RANK: Record<string, number> = { confirmed: 0, "confirmed-2nd": 1, derived: 2, override: 3, unconfirmed: 4 };

/** Overrides prepared for lookups: rows by layer key, plus the display names of added layers. */
export interface Overrides {
  byLayer: ReadonlyMap<string, readonly LayerRow[]>;
  extraLayers: readonly string[];
  count: number;
}

export const NO_OVERRIDES: Overrides = { byLayer: new Map(), extraLayers: [], count: 0 };

/** The full stack. `code` is the digit string used for coverage (see findLine). */
export function resolveStack(line: HtsLine, code: string, origin: string, date: number, ov: Overrides = NO_OVERRIDES, data: TariffData = tariffData()): Stack {
  if (line.user) return resolveUserStack(line, code, origin, date, ov, data);
  const rows: StackRow[] = [];
  // 1. MFN
  const mfnOv = ov.count ? pickRow(ov.byLayer.get("mfn") ?? [], code, origin, date) : null;
  let mfnMicro = line.mfnMicro;
  if (mfnOv) {
    mfnMicro = mfnOv.rateMicro ?? 0;
    rows.push(fromRow(mfnOv, mfnMicro, true));
  } else {
    rows.push({
      layer: "MFN",
      key: "mfn",
      basis: `HTSUS column 1 general rate for ${line.hts} (${line.mfnText})`,
      rateMicro: line.mfnMicro,
      from: null,
      to: null,
      status: line.status,
      sources: line.sources,
      override: false,
      org: line.org,
    });
  }
  // 2. the other built-in layers, then layers only the user adds
  const names = ov.extraLayers.length ? [...data.layerOrder.slice(1), ...ov.extraLayers] : data.layerOrder.slice(1);
  for (const name of names) {
    const key = name.toLowerCase();
    const userRow = ov.count ? pickRow(ov.byLayer.get(key) ?? [], code, origin, date) : null;
    if (userRow) {
      const hit = findExemption(data.exemptionsByLayer.get(key), code, origin, date);
      const uScope = scopeText(covers(userRow.prefixes, code), code, userRow.origins);
      if (hit && exemptionStands(hit, userRow, code)) {
        const x = hit.x;
        const exemptNote = `built-in exemption kept: your overrides row ${userRow.overrideRow} (${uScope}) is less specific than the exemption (${scopeText(hit.len, code, x.origins)})`;
        rows.push({ layer: `${userRow.layer} (exempt)`, key, basis: x.basis, rateMicro: 0, from: x.fromIso, to: x.toIso, status: x.status, sources: x.sources, override: false, exemptNote, org: x.org });
      } else {
        const r = fromRow(userRow, rateOf(userRow, mfnMicro), true);
        if (hit) r.exemptNote = `your overrides row ${userRow.overrideRow} (${uScope}) overrides the built-in exemption (${scopeText(hit.len, code, hit.x.origins)}: ${hit.x.basis})`;
        rows.push(r);
      }
      continue;
    }
    const builtIn = data.rowsByLayer.get(key);
    const row = builtIn ? pickRow(builtIn, code, origin, date) : null;
    if (!row) continue;
    const hit = findExemption(data.exemptionsByLayer.get(key), code, origin, date);
    if (hit) {
      const ex = hit.x;
      rows.push({ layer: `${row.layer} (exempt)`, key, basis: ex.basis, rateMicro: 0, from: ex.fromIso, to: ex.toIso, status: ex.status, sources: ex.sources, override: false, org: ex.org });
    } else {
      rows.push(fromRow(row, rateOf(row, mfnMicro), false));
    }
  }
  applyExclusions(rows, date, data);
  const s = finish(line, code, origin, date, rows, data);
  if (code.length < 10) {
    const err = splitError(s, ov, data);
    if (err) throw err;
  }
  return s;
}

/**
 * A user-defined line (outside the table): only the override rows that cover
 * (code, origin, date) apply, MFN only from an MFN row; the stacking rules
 * between layers (exclusions) still apply. #N/A when no row applies.
 */
function resolveUserStack(line: HtsLine, code: string, origin: string, date: number, ov: Overrides, data: TariffData): Stack {
  const rows: StackRow[] = [];
  const mfnOv = pickRow(ov.byLayer.get("mfn") ?? [], code, origin, date);
  const mfnMicro = mfnOv ? (mfnOv.rateMicro ?? 0) : 0;
  if (mfnOv) rows.push(fromRow(mfnOv, mfnMicro, true));
  for (const name of [...data.layerOrder.slice(1), ...ov.extraLayers]) {
    const r = pickRow(ov.byLayer.get(name.toLowerCase()) ?? [], code, origin, date);
    if (r) rows.push(fromRow(r, rateOf(r, mfnMicro), true));
  }
  if (!rows.length) {
    throw naError(`hts: ${dotted(code)} is not in the built-in table and none of your overrides rows covers it for origin ${origin} on ${isoFromSerial(date)} (a line outside the table takes only your override rows); add a row for that origin and date`);
  }
  applyExclusions(rows, date, data);
  let total = 0;
  for (const r of rows) total += r.rateMicro;
  return { line, code, origin, date, rows, totalMicro: total, pastHorizon: false, status: "override", dateBlank: false };
}

/**
 * Codes longer than `code` that some row can tell apart from it on the date for the origin: a
 * built-in exemption, a built-in layer row or one of the user's override rows whose HTS prefix is
 * longer than the code and starts with it (e.g. 8505.11.00.70, exempt from the IEEPA reciprocal
 * duty from 2025-09-08, under 8505.11.00).
 */
function splitPrefixes(code: string, origin: string, date: number, ov: Overrides, data: TariffData): Set<string> {
  const out = new Set<string>();
  const scan = (w: { from: number; to: number; origins: ReadonlySet<string> | null; prefixes: readonly string[] }) => {
    if (date < w.from || date > w.to) return;
    if (w.origins !== null && !w.origins.has(origin)) return;
    for (const p of w.prefixes) if (p.length > code.length && p.startsWith(code)) out.add(p);
  };
  for (const list of data.exemptionsByLayer.values()) for (const x of list) scan(x);
  for (const list of data.rowsByLayer.values()) for (const r of list) scan(r);
  if (ov.count) for (const list of ov.byLayer.values()) for (const r of list) scan(r);
  return out;
}

/**
 * The #N/A for a code whose lines pay different rates on the date (as the partner importers answer
 * for a heading whose lines differ: partner.ts), naming each line with its rate and asking for the
 * 10-digit code; null when every line under the code pays the stack's rate. The lines compared: the
 * table's lines under the code (its 10-digit statistical lines), plus any longer prefix a row tells
 * apart that is not one of them, plus the code itself standing for lines the table does not list.
 */
function splitError(s: Stack, ov: Overrides, data: TariffData): TradeError | null {
  const { code, origin, date } = s;
  const split = splitPrefixes(code, origin, date, ov, data);
  if (!split.size) return null;
  const subs = new Map<string, HtsLine>();
  for (const l of data.lines.values()) if (l.id.length > code.length && l.id.startsWith(code)) subs.set(l.id, l);
  const listed = subs.size > 0;
  for (const p of split) if (!subs.has(p)) subs.set(p, data.lines.get(p) ?? s.line);
  const totals: { code: string; line: HtsLine; total: number }[] = [];
  for (const [sub, l] of subs) {
    if ([...subs.keys()].some((o) => o !== sub && o.length > sub.length && o.startsWith(sub))) continue; // a line with sub-lines of its own: they are compared
    totals.push({ code: sub, line: l, total: resolveStack(l, sub, origin, date, ov, data).totalMicro });
  }
  if (!listed) totals.push({ code, line: s.line, total: s.totalMicro }); // the lines the table does not list pay the code's own stack
  if (totals.every((t) => t.total === totals[0].total)) return null;
  const groups = new Map<number, string[]>();
  for (const t of totals.sort((a, b) => (a.code < b.code ? -1 : 1))) {
    const g = groups.get(t.total) ?? [];
    const desc = t.line.id === t.code && t.code !== code ? ` (${clipText(t.line.description, 40)})` : t.code === code ? " (other lines)" : "";
    g.push(`${dotted(t.code)}${desc}`);
    groups.set(t.total, g);
  }
  const list = [...groups]
    .sort((a, b) => a[1].length - b[1].length || a[0] - b[0])
    .map(([total, codes]) => `${codes.length > 1 ? codes.map((c) => c.replace(/ \(.*\)$/, "")).join(", ") : codes[0]} ${pctText(total)}`)
    .join("; ");
  return naError(`hts: ${dotted(code)} covers US lines with different rates from ${origin} on ${isoFromSerial(date)}: ${list}; give the 10-digit code`);
}

function clipText(t: string, max: number): string {
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

/**
 * The stack's overall status from its rows' ("unconfirmed" past the horizon or with an unconfirmed
 * row; "includes overrides" / "includes organisation data" where a user's or an organisation's row
 * applies; else the weakest of confirmed and confirmed-2nd). Rows in `skip` do not grade it.
 */
export function stackStatus(rows: readonly StackRow[], pastHorizon: boolean, skip: (r: StackRow) => boolean = () => false): string {
  let rank = 0;
  let override = false;
  let org = false;
  for (const r of rows) {
    if (skip(r)) continue;
    if (r.override) override = true;
    else if (r.org) org = true;
    const k = r.override || r.org ? STATUS_RANK.override : (STATUS_RANK[r.status] ?? 4);
    if (k > rank) rank = k;
  }
  if (pastHorizon || rank >= 4) return "unconfirmed";
  if (override || org) return override && org ? "includes overrides and organisation data" : override ? "includes overrides" : "includes organisation data";
  return rank >= 1 ? "confirmed-2nd" : "confirmed";
}

/** The breakdown's status of a row: "override" for a user's row, "org" for an organisation's, else the data's status. */
export function rowStatus(r: StackRow): string {
  return r.override ? "override" : r.org ? "org" : r.status;
}

/** " Organisation data: Section 122: organisation data (...), replacing the built-in record ...." for the rows that use it. */
export function orgNotes(rows: readonly StackRow[]): string {
  const notes = rows.filter((r) => r.org && !r.override).map((r) => `${r.layer}: ${orgRowText(r.org!)}`);
  return notes.length ? ` Organisation data: ${notes.join("; ")}.` : "";
}

function finish(line: HtsLine, code: string, origin: string, date: number, rows: StackRow[], data: TariffData): Stack {
  let total = 0;
  for (const r of rows) total += r.rateMicro;
  const pastHorizon = date > data.horizon;
  return { line, code, origin, date, rows, totalMicro: total, pastHorizon, status: stackStatus(rows, pastHorizon), dateBlank: false };
}

/** Exclusions between layers (decided on the rates before any exclusion). */
function applyExclusions(rows: StackRow[], date: number, data: TariffData): void {
  for (const x of data.exclusions) {
    if (date < x.from || date > x.to) continue;
    const by = rows.find((r) => r.key === x.key);
    if (!by || (x.whenPositive && by.rateMicro <= 0)) continue;
    for (const r of rows) {
      if (x.excludes.includes(r.key) && r.rateMicro > 0) {
        r.layer = `${r.layer} (excluded)`;
        r.note = `not applied: ${by.layer} applies`;
        r.basis = x.basis;
        r.rateMicro = 0;
        r.status = x.status;
        r.sources = x.sources;
        r.exemptNote = undefined;
        r.org = x.org;
      }
    }
  }
}

function rateOf(row: LayerRow, mfnMicro: number): number {
  if (row.rateMicro !== null) return row.rateMicro;
  const t = row.topupMicro ?? 0;
  return t > mfnMicro ? t - mfnMicro : 0;
}

export function fromRow(r: LayerRow, rate: number, override: boolean): StackRow {
  return {
    layer: r.layer,
    key: r.key,
    basis: r.basis,
    rateMicro: rate,
    from: r.fromIso,
    to: r.toIso,
    status: override ? "override" : r.status,
    sources: r.sources,
    override,
    note: r.note,
    events: r.events,
    fromTime: r.fromTime,
    org: override ? undefined : r.org,
  };
}

/** Events of the applied rows dated on or before the entry date: " Section 122: 2026-05-07 court decision: ... [sources]." */
export function eventsText(s: Stack): string {
  let out = "";
  for (const r of s.rows) {
    if (!r.events || r.rateMicro <= 0) continue;
    for (const e of r.events) {
      if (e.date > s.date) continue;
      out += ` ${r.layer}: ${e.dateIso} ${e.event.replace(/_/g, " ")}: ${e.note} (${e.status}; ${e.sources.join(", ")}).`;
    }
  }
  return out;
}

/** 21000 → "2.1%". */
export function pctText(micro: number): string {
  const v = micro / 10_000;
  return `${Number(v.toFixed(4))}%`;
}

export const BLANK_DATE_TEXT = " (the calculation date: as_of was blank)";
export const NO_MFN_TEXT = "No MFN: the column 1 rate of a line outside the table is not known; add an MFN overrides row";

/** The legal-basis text of a breakdown row: the basis, then the exclusion note and the exemption note. */
export function basisText(r: StackRow): string {
  let t = r.note ? `${r.basis} (${r.note})` : r.basis;
  if (r.exemptNote) t += `; ${r.exemptNote}`;
  return t;
}

/** One line: the total, each layer, the date, statuses and the horizon caveat. */
export function explainStack(s: Stack, originName: string): string {
  const parts = s.rows.map((r) => {
    const tag = r.override ? " [override]" : r.org ? " [organisation data]" : r.status === "unconfirmed" ? " [unconfirmed]" : "";
    const notApplied = r.layer.endsWith("(exempt)") || r.layer.endsWith("(excluded)");
    const why = notApplied ? ` (${r.note ?? r.basis}${r.exemptNote ? `; ${r.exemptNote}` : ""})` : r.exemptNote ? ` (${r.exemptNote})` : "";
    return `${r.layer} ${pctText(r.rateMicro)}${tag}${why}`;
  });
  const code = s.code.length > s.line.id.length ? dotted(s.code) : s.line.hts;
  const sum = parts.length ? parts.join(" + ") : "no layer";
  let text = `US duty on ${code} (${s.line.description}) from ${originName} entered ${isoFromSerial(s.date)}${s.dateBlank ? BLANK_DATE_TEXT : ""}: ${pctText(s.totalMicro)} = ${sum}. Status: ${s.status}.`;
  if (s.line.user && !s.rows.some((r) => r.key === "mfn")) text += ` ${NO_MFN_TEXT}.`;
  const unc = s.rows.filter((r) => r.status === "unconfirmed" && !r.override && !r.org).map((r) => r.layer);
  if (unc.length) text += ` Unconfirmed: ${unc.join(", ")}.`;
  text += orgNotes(s.rows);
  text += eventsText(s);
  if (s.pastHorizon) {
    const d = tariffData();
    text += ` ${isoFromSerial(s.date)} is after the tariff data horizon ${d.horizonIso}: the stack is UNCONFIRMED (${d.horizonNote}) Use overrides for your own assumptions.`;
  }
  const sources = [...new Set(s.rows.flatMap((r) => r.sources))];
  text += ` Sources: ${sources.length ? sources.join(", ") : "your overrides only"}.`;
  return text;
}

export { MICRO };

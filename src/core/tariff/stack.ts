/**
 * The US tariff stack for one (HTS line, origin, entry date): which layers
 * apply, at what rate, and why. Layers and stacking rules are data
 * (tariff_layers.json); user override rows replace a built-in layer of the same
 * name where they cover the line, origin and date, or add a layer. Pure.
 *
 * Rates are integer micro-units (1e-6 of value) so the rows add exactly.
 */
import { naError } from "../errors";
import { isoFromSerial } from "../dates";
import { Exemption, HtsLine, LayerRow, MICRO, TariffData, tariffData } from "../data/tariffs";
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
}

export interface Stack {
  line: HtsLine;
  /** The code used for coverage: the user's digits when longer than the line, else the line's. */
  code: string;
  origin: string;
  date: number;
  rows: StackRow[];
  totalMicro: number;
  pastHorizon: boolean;
  /** Overall status: "confirmed", "confirmed-2nd", "includes overrides", "unconfirmed". */
  status: string;
}

/** Resolves the HTS line for a digit string: longest prefix in the table, or the single 8-digit line under a short code. */
export function findLine(d: string, data: TariffData = tariffData()): { line: HtsLine; code: string } {
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
  throw naError(
    `hts: ${dotted(d)} is not in the US tariff table (rare-earth lines: 2805.30, 2846.10, 2846.90, 3606.90.30, 2612.20, 2530.90.80, 7202.99.80, 8505.11, 8505.19, 8501.32, 8501.52); add your own rows through overrides for other goods`,
  );
}

function covers(prefixes: readonly string[], code: string): number {
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

function findExemption(list: readonly Exemption[] | undefined, code: string, origin: string, date: number): Exemption | null {
  if (!list) return null;
  for (const x of list) {
    if (date < x.from || date > x.to) continue;
    if (x.origins !== null && !x.origins.has(origin)) continue;
    if (covers(x.prefixes, code) >= 0) return x;
  }
  return null;
}

const STATUS_RANK: Record<string, number> = { confirmed: 0, "confirmed-2nd": 1, derived: 2, override: 3, unconfirmed: 4 };

/** Overrides prepared for lookups: rows by layer key, plus the display names of added layers. */
export interface Overrides {
  byLayer: ReadonlyMap<string, readonly LayerRow[]>;
  extraLayers: readonly string[];
  count: number;
}

export const NO_OVERRIDES: Overrides = { byLayer: new Map(), extraLayers: [], count: 0 };

/** The full stack. `code` is the digit string used for coverage (see findLine). */
export function resolveStack(line: HtsLine, code: string, origin: string, date: number, ov: Overrides = NO_OVERRIDES, data: TariffData = tariffData()): Stack {
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
    });
  }
  // 2. the other built-in layers, then layers only the user adds
  const names = ov.extraLayers.length ? [...data.layerOrder.slice(1), ...ov.extraLayers] : data.layerOrder.slice(1);
  for (const name of names) {
    const key = name.toLowerCase();
    const userRow = ov.count ? pickRow(ov.byLayer.get(key) ?? [], code, origin, date) : null;
    if (userRow) {
      rows.push(fromRow(userRow, rateOf(userRow, mfnMicro), true));
      continue;
    }
    const builtIn = data.rowsByLayer.get(key);
    const row = builtIn ? pickRow(builtIn, code, origin, date) : null;
    if (!row) continue;
    const ex = findExemption(data.exemptionsByLayer.get(key), code, origin, date);
    if (ex) {
      rows.push({ layer: `${row.layer} (exempt)`, key, basis: ex.basis, rateMicro: 0, from: ex.fromIso, to: ex.toIso, status: ex.status, sources: ex.sources, override: false });
    } else {
      rows.push(fromRow(row, rateOf(row, mfnMicro), false));
    }
  }
  // 3. exclusions between layers (decided on the rates before any exclusion)
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
      }
    }
  }
  let total = 0;
  let rank = 0;
  for (const r of rows) {
    total += r.rateMicro;
    const k = STATUS_RANK[r.override ? "override" : r.status] ?? 4;
    if (k > rank) rank = k;
  }
  const pastHorizon = date > data.horizon;
  if (pastHorizon) rank = 4;
  const status = rank >= 4 ? "unconfirmed" : rank === 3 ? "includes overrides" : rank >= 1 ? "confirmed-2nd" : "confirmed";
  return { line, code, origin, date, rows, totalMicro: total, pastHorizon, status };
}

function rateOf(row: LayerRow, mfnMicro: number): number {
  if (row.rateMicro !== null) return row.rateMicro;
  const t = row.topupMicro ?? 0;
  return t > mfnMicro ? t - mfnMicro : 0;
}

function fromRow(r: LayerRow, rate: number, override: boolean): StackRow {
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
  };
}

/** 21000 → "2.1%". */
export function pctText(micro: number): string {
  const v = micro / 10_000;
  return `${Number(v.toFixed(4))}%`;
}

/** One line: the total, each layer, the date, statuses and the horizon caveat. */
export function explainStack(s: Stack, originName: string): string {
  const parts = s.rows.map((r) => {
    const tag = r.override ? " [override]" : r.status === "unconfirmed" ? " [unconfirmed]" : "";
    const why = r.layer.endsWith("(exempt)") || r.layer.endsWith("(excluded)") ? ` (${r.note ?? r.basis})` : "";
    return `${r.layer} ${pctText(r.rateMicro)}${tag}${why}`;
  });
  const code = s.code.length > s.line.id.length ? dotted(s.code) : s.line.hts;
  let text = `US duty on ${code} (${s.line.description}) from ${originName} entered ${isoFromSerial(s.date)}: ${pctText(s.totalMicro)} = ${parts.join(" + ")}. Status: ${s.status}.`;
  const unc = s.rows.filter((r) => r.status === "unconfirmed" && !r.override).map((r) => r.layer);
  if (unc.length) text += ` Unconfirmed: ${unc.join(", ")}.`;
  if (s.pastHorizon) {
    const d = tariffData();
    text += ` ${isoFromSerial(s.date)} is after the tariff data horizon ${d.horizonIso}: the stack is UNCONFIRMED (${d.horizonNote}) Use overrides for your own assumptions.`;
  }
  text += ` Sources: ${[...new Set(s.rows.flatMap((r) => r.sources))].join(", ")}.`;
  return text;
}

export { MICRO };

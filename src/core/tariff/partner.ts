/**
 * Tariff stacks of the partner importers (China, Malaysia, Thailand, Cambodia,
 * Vietnam; data in partner_tariffs.json): which national line a code means,
 * which layers apply on the entry date, and the explanation. The US stack is
 * stack.ts; both return the same Stack so every function reads them alike.
 *
 * Rules, as the data description states them:
 *  - a code is looked up by longest prefix among the importer's lines; a code
 *    that is not one of its lines (e.g. a US 10-digit number) resolves through
 *    its HS 6-digit heading when the data list every national line of that
 *    heading (complete_headings) and those lines give the same rate on the
 *    date; otherwise #N/A names the lines;
 *  - within one layer the most specific row applies (pickRow); a row of a layer
 *    that replaces the MFN row (provisional, preference, or in the committed
 *    regime a commitment) is applied instead of it; every other layer adds;
 *  - a rate that is not sourced (null) never becomes a number: the stack is
 *    #N/A and the message says which layer is missing and how an overrides row
 *    supplies it.
 * Pure.
 */
import { TradeError, naError } from "../errors";
import { isoFromSerial } from "../dates";
import { HtsLine, Importer, LayerRow, MICRO, PartnerData } from "../data/tariffs";
import { dotted } from "./hts";
import { Overrides, Regime, Stack, StackRow, eventsText, fromRow, orgNotes, pctText, pickRow, stackStatus } from "./stack";

/** Layer names (lower case) that the committed regime uses for commitments as signed. */
export const COMMITMENT_KEY = "commitment";

/** How a digit string maps to the importer's lines. */
export type PartnerLookup =
  | { kind: "line"; line: HtsLine; code: string }
  /** Through the HS 6-digit heading: every national line of it (their rates must agree on the date). */
  | { kind: "heading"; lines: readonly HtsLine[]; code: string; heading: string }
  /** Not in the importer's lines (a user-defined line if overrides cover it). */
  | { kind: "none"; code: string; why: string };

/** The importer's line(s) for a code (see the module comment); #N/A when a heading's lines were not all read. */
export function lookupPartnerLine(pd: PartnerData, d: string): PartnerLookup {
  for (let len = d.length; len >= 6; len -= 2) {
    const l = pd.lines.get(d.slice(0, len));
    if (l) return { kind: "line", line: l, code: d.length > l.id.length ? d : l.id };
  }
  const iso = pd.importer.iso2;
  if (d.length < 6) {
    const under = [...pd.lines.values()].filter((l) => l.id.startsWith(d));
    if (!under.length) return { kind: "none", code: d, why: `no ${iso} line under ${dotted(d)}` };
    throw naError(`hts: ${dotted(d)} is a heading that ${iso}'s tariff splits into several subheadings (${under.map((l) => l.hts).join(", ")} in the data); give at least the HS 6-digit subheading`);
  }
  const h = d.slice(0, 6);
  const lines = pd.linesByHs6.get(h);
  if (!lines || !lines.length) return { kind: "none", code: d, why: `no ${iso} line under ${dotted(h)}` };
  if (!pd.completeHeadings.has(h)) {
    // Excel keeps about 255 characters of a message: the lines' descriptions only while they fit
    const withText = lines.map((l) => `${l.hts} (${l.description})`).join(", ");
    const list = withText.length <= 90 ? withText : lines.map((l) => l.hts).join(", ");
    throw naError(
      `hts: ${dotted(d)} is not a ${iso} tariff line and ${iso} splits ${dotted(h)} into national lines not all in the data (known: ${list}); give the ${iso} line, or add overrides rows for ${dotted(d)}`,
    );
  }
  if (lines.length === 1) return { kind: "line", line: lines[0], code: lines[0].id };
  return { kind: "heading", lines, code: d, heading: h };
}

/** #N/A for a code outside the importer's lines that no override row covers. */
export function notInPartnerTable(pd: PartnerData, d: string): TradeError {
  const iso = pd.importer.iso2;
  const heads = [...pd.linesByHs6.keys()].map(dotted).join(", ");
  return naError(
    `hts: ${dotted(d)} is not in the ${pd.importer.name} (${iso}) tariff data (headings: ${heads}); for other goods add overrides rows with importer ${iso} whose hts prefix covers the code, e.g. "${dotted(d.slice(0, 6))}" with an MFN row`,
  );
}


/**
 * #N/A for a rate the data do not have. Excel keeps about 255 characters of a
 * message, so what is missing and the overrides row that supplies it come
 * first, the reason after.
 */
function missing(imp: Importer, layer: string, code: string, date: number, why: string): TradeError {
  const hint = `add an overrides row ("${dotted(code.slice(0, 6))}", origin, "${layer}", rate, from, to, "${imp.iso2}")`;
  return naError(`${imp.iso2} ${layer} for ${dotted(code)} on ${isoFromSerial(date)} is not in the data: ${hint}. ${why.replace(/\.$/, "")}.`, "importer");
}

function userOrBuiltin(key: string, ov: Overrides, pd: PartnerData, line: HtsLine, code: string, origin: string, date: number): { row: LayerRow; user: boolean } | null {
  const u = ov.count ? pickRow(ov.byLayer.get(key) ?? [], code, origin, date) : null;
  if (u) return { row: u, user: true };
  if (line.user) return null;
  const list = pd.rowsByLayer.get(key);
  const b = list ? pickRow(list, code, origin, date) : null;
  return b ? { row: b, user: false } : null;
}

/**
 * The stack of one partner line. `ov` holds only the override rows for this
 * importer (and those for every importer); `commitments` the user's Commitment
 * rows for it. Throws #N/A when a layer that applies has no sourced rate.
 */
export function resolvePartnerStack(
  pd: PartnerData,
  line: HtsLine,
  code: string,
  origin: string,
  date: number,
  ov: Overrides,
  regime: Regime,
  userCommitments: readonly LayerRow[],
): Stack {
  const imp = pd.importer;
  const rows: StackRow[] = [];
  const mfn = userOrBuiltin("mfn", ov, pd, line, code, origin, date);
  // the row that replaces MFN: a commitment as signed (committed regime), else the lowest provisional/preference rate
  let repl: { row: LayerRow; user: boolean } | null = null;
  if (regime === "committed") {
    const u = userCommitments.length ? pickRow(userCommitments, code, origin, date) : null;
    const b = !u && !line.user ? pickRow(pd.commitments, code, origin, date) : null;
    if (u || b) repl = { row: (u ?? b)!, user: !!u };
  }
  if (!repl) {
    const names = [...pd.replacing];
    for (const n of ov.extraLayers) if (!names.includes(n) && isReplacingName(n, pd)) names.push(n);
    for (const name of names) {
      const hit = userOrBuiltin(name.toLowerCase(), ov, pd, line, code, origin, date);
      if (!hit) continue;
      if (hit.row.rateMicro === null) throw missing(imp, hit.row.layer, code, date, `Not sourced: ${hit.row.basis}`);
      if (!repl || hit.row.rateMicro < (repl.row.rateMicro ?? Infinity)) repl = hit;
    }
  }
  if (repl) {
    if (repl.row.rateMicro === null) {
      throw missing(imp, repl.row.layer, code, date, `${repl.row.basis}${repl.row.note ? `. ${repl.row.note}` : ""}`);
    }
    const mfnText = mfn ? (mfn.row.rateMicro === null ? "not sourced" : pctText(mfn.row.rateMicro)) : "not in the data";
    rows.push({
      layer: "MFN (replaced)",
      key: "mfn",
      basis: `MFN ${mfnText}; ${repl.row.layer} applies instead`,
      rateMicro: 0,
      from: mfn ? mfn.row.fromIso : null,
      to: mfn ? mfn.row.toIso : null,
      status: mfn ? (mfn.user ? "override" : mfn.row.status) : "unconfirmed",
      sources: mfn ? mfn.row.sources : [],
      override: mfn ? mfn.user : false,
      note: mfn?.row.note,
      org: mfn && !mfn.user ? mfn.row.org : undefined,
    });
    rows.push(fromRow(repl.row, repl.row.rateMicro, repl.user));
  } else {
    if (!mfn) {
      const before = imp.dataFrom !== null && date < imp.dataFrom;
      const what = line.user
        ? "No overrides row gives the MFN rate of this user-defined line"
        : before
          ? `as_of ${isoFromSerial(date)} is before the ${imp.iso2} data (from ${imp.dataFromIso})`
          : "No MFN rate in the data for this line";
      throw missing(imp, "MFN", code, date, what);
    }
    if (mfn.row.rateMicro === null) throw missing(imp, "MFN", code, date, `Applied MFN not sourced: ${mfn.row.basis}`);
    rows.push(fromRow(mfn.row, mfn.row.rateMicro, mfn.user));
  }
  // additive layers: built-in ones in data order, then those only the user adds
  const additive = [...pd.additive];
  for (const n of ov.extraLayers) if (!additive.includes(n) && !isReplacingName(n, pd) && n.toLowerCase() !== "mfn") additive.push(n);
  for (const name of additive) {
    const hit = userOrBuiltin(name.toLowerCase(), ov, pd, line, code, origin, date);
    if (!hit) continue;
    if (hit.row.rateMicro === null) throw missing(imp, hit.row.layer, code, date, `${hit.row.basis}${hit.row.note ? `. ${hit.row.note}` : ""}`);
    rows.push(fromRow(hit.row, hit.row.rateMicro, hit.user));
  }
  let total = 0;
  for (const r of rows) total += r.rateMicro;
  const pastHorizon = !line.user && date > imp.horizon;
  // A replaced MFN row contributes nothing; its status does not grade the total.
  const status = line.user ? "override" : stackStatus(rows, pastHorizon, (r) => r.layer.endsWith("(replaced)"));
  return { line, code, origin, date, rows, totalMicro: total, pastHorizon, status, dateBlank: false, importer: imp.iso2, regime };
}

function isReplacingName(name: string, pd: PartnerData): boolean {
  const k = name.toLowerCase();
  return pd.replacing.some((n) => n.toLowerCase() === k) || k === "provisional" || k === "preference";
}

/**
 * The stack for a code resolved through its HS 6-digit heading: every national
 * line's stack must give the same total on the date; #N/A listing them otherwise.
 */
export function resolveHeadingStack(pd: PartnerData, lines: readonly HtsLine[], code: string, heading: string, resolve: (l: HtsLine) => Stack): Stack {
  const stacks = lines.map(resolve);
  const first = stacks[0];
  if (stacks.some((s) => s.totalMicro !== first.totalMicro)) {
    const list = stacks.map((s) => `${s.line.hts} ${pctText(s.totalMicro)}`).join(", ");
    throw naError(`hts: ${dotted(code)} is not a ${pd.importer.iso2} tariff line and ${pd.importer.iso2} splits ${dotted(heading)} into lines with different rates on ${isoFromSerial(first.date)} (${list}); give the ${pd.importer.iso2} line`);
  }
  const names = lines.map((l) => l.hts).join(" and ");
  // the heading's lines together describe what the code may be (not only the first line's goods)
  const line = { ...first.line, description: lines.map((l) => l.description).join(" / ") };
  return { ...first, line, code, resolution: `${dotted(code)} is not a ${pd.importer.iso2} tariff line: resolved through HS ${dotted(heading)}, whose ${pd.importer.iso2} lines ${names} give the same rate on that date` };
}

/** One line of text: the importer, total, each layer, regime, statuses, what is not modelled and the sources. */
export function explainPartnerStack(s: Stack, pd: PartnerData, originName: string, blankDateText: string): string {
  const imp = pd.importer;
  const parts = s.rows.map((r) => {
    const replaced = r.layer.endsWith("(replaced)");
    const tag = r.override ? " [override]" : r.org && !replaced ? " [organisation data]" : r.status === "unconfirmed" && !replaced ? " [unconfirmed]" : "";
    const when = r.fromTime && r.from ? ` (from ${r.from} ${r.fromTime})` : "";
    const why = r.layer.endsWith("(replaced)") ? ` (${r.basis})` : "";
    return `${r.layer} ${pctText(r.rateMicro)}${tag}${when}${why}`;
  });
  const code = s.code.length > s.line.id.length ? dotted(s.code) : s.line.hts;
  const regime = s.regime === "committed" ? "commitments as signed" : "in force";
  let text = `${imp.name} (${imp.iso2}) duty on ${code} (${s.line.description}) from ${originName} entered ${isoFromSerial(s.date)}${s.dateBlank ? blankDateText : ""}, ${regime}: ${pctText(s.totalMicro)} = ${parts.join(" + ")}. Status: ${s.status}.`;
  if (s.resolution) text += ` ${s.resolution}.`;
  const basis = s.rows.filter((r) => !r.layer.endsWith("(replaced)")).map((r) => `${r.layer}: ${r.basis}`);
  if (basis.length) text += ` Basis: ${basis.join("; ")}.`;
  text += orgNotes(s.rows.filter((r) => !r.layer.endsWith("(replaced)")));
  text += eventsText(s);
  text += ` Duty base: ${imp.valuation} (${imp.valuationStatus}).`;
  text += ` ${imp.preferencesNote}`;
  if (s.pastHorizon) {
    text += ` ${isoFromSerial(s.date)} is after the ${imp.iso2} data horizon ${imp.horizonIso}: the stack is UNCONFIRMED (${imp.horizonNote}) Use overrides for your own assumptions.`;
  }
  const sources = [...new Set(s.rows.flatMap((r) => r.sources))];
  text += ` Sources: ${sources.length ? sources.join(", ") : "your overrides only"}.`;
  return text;
}

export { MICRO };

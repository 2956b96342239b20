/**
 * Template: US–ASEAN deal scenario. Pick an importer (Malaysia, Thailand,
 * Cambodia, Vietnam or China) and a line, enter its imports by partner, and
 * get each partner's rate before (what is in force on a date) and after (the
 * 2025-10-26 commitments as signed, regime "committed") from the tariff
 * functions, then the SMART partial-equilibrium effects per partner: trade
 * creation, trade diversion (CES shares, written out in worksheet formulas so
 * no formula spills), tariff revenue and welfare.
 *
 * The importers' applied MFN rates were not found in any source (China's are
 * in the data), so the sheet carries an example overrides row for the MFN and
 * one for the commitment, both marked as examples to replace: without them
 * the rate cells answer #N/A with a message saying what is missing.
 */
import { BuildContext, SheetBuilder, TemplateSheet, stampRows } from "./model";

export const DEAL_IMPORTERS = ["MY", "TH", "KH", "VN", "CN"] as const;
/** Partners of the sample, with illustrative import values (world prices) to replace with the user's statistics. */
export const DEAL_PARTNERS: readonly (readonly [string, number])[] = [
  ["US", 1000],
  ["CN", 4000],
  ["JP", 800],
  ["KR", 300],
  ["DE", 200],
  ["AU", 100],
];
const SAMPLE = { importer: "MY", line: "8505.11", before: "2025-10-01", after: "2026-01-15", em: 1.5, es: 1.5, ex: 99, mfn: 0.05, commitment: 0 };

export function usAseanDeal(ctx: BuildContext): TemplateSheet {
  const b = new SheetBuilder();
  stampRows(b, "US–ASEAN deal scenario: rates before and after the 2025-10-26 commitments, and SMART effects by partner", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "Importer").put("B6", SAMPLE.importer, { fill: "input" }).put("C6", "Name Importer: MY, TH, KH, VN or CN. Their duty base is CIF (freight and insurance dutiable).", { italic: true });
  b.put("A7", "Line (HS or national)").put("B7", SAMPLE.line, { fill: "input" }).put("C7", "Name Line: an HS 6-digit heading (the ASEAN national lines were not read) or a China 8-digit line.", { italic: true });
  b.put("A8", "Date before").date("B8", SAMPLE.before, { fill: "input" }).put("C8", "Name BeforeDate: the rates in force on this entry date.", { italic: true });
  b.put("A9", "Date after").date("B9", SAMPLE.after, { fill: "input" }).put("C9", 'Name AfterDate: the commitments as signed on this date (regime "committed").', { italic: true });
  b.put("A10", "Import-demand elasticity").put("B10", SAMPLE.em, { fill: "input" }).put("C10", "Name ImportElasticity: no default in SMART; WITS publishes estimates by HS 6-digit product and country.", { italic: true });
  b.put("A11", "Substitution elasticity").put("B11", SAMPLE.es, { fill: "input" }).put("C11", "Name SubstElasticity: 1.5 is the WITS default.", { italic: true });
  b.put("A12", "Export-supply elasticity").put("B12", SAMPLE.ex, { fill: "input" }).put("C12", 'Name SupplyElasticity: 99 is the WITS default; "infinite" for a flat supply.', { italic: true });

  b.put("A14", "Overrides: your own rows (7 columns, importer last). The two rows below are EXAMPLES to replace with the rates of the importer's schedule and the agreement's annex.", { bold: true, fill: "header" });
  b.row("A15", ["HTS prefix (* = all)", "Origin (* = all)", "Layer", "Rate", "From", "To (blank = open)", "Importer"], { bold: true, fill: "header" });
  b.put("A16", SAMPLE.line, { fill: "input" }).put("B16", "*", { fill: "input" }).put("C16", "MFN", { fill: "input" }).put("D16", SAMPLE.mfn, { fill: "input", numFmt: "0.0%" });
  b.put("G16", SAMPLE.importer, { fill: "input" });
  b.put("H16", "EXAMPLE MFN, not a sourced rate: the applied MFN of MY, TH, KH and VN on this chain was not found; enter the rate from the national schedule.", { italic: true });
  b.put("A17", SAMPLE.line, { fill: "input" }).put("B17", "US", { fill: "input" }).put("C17", "Commitment", { fill: "input" }).put("D17", SAMPLE.commitment, { fill: "input", numFmt: "0.0%" });
  b.date("E17", "2025-10-26", { fill: "input" });
  b.put("G17", SAMPLE.importer, { fill: "input" });
  b.put("H17", "EXAMPLE commitment for US goods as signed (Malaysia's ART schedule was not read; Cambodia's 0% is built in).", { italic: true });
  for (let r = 18; r <= 20; r++) for (const c of "ABCDEFG") b.cells[`${c}${r}`] = { v: null, style: { fill: "input", ...(c === "D" ? { numFmt: "0.0%" } : c === "E" || c === "F" ? { numFmt: "yyyy-mm-dd" } : {}) } };

  b.put("A22", "Imports by partner (your data: the sample values are illustrative) and the SMART effects of moving from the rate before to the rate after", { bold: true, fill: "header" });
  b.row(
    "A23",
    ["Partner", "Imports", "Rate before (in force)", "Rate after (committed)", "Trade creation", "CES weight", "Trade diversion", "Total trade effect", "Revenue before", "Revenue after", "Revenue change", "Welfare"],
    { bold: true, fill: "header" },
  );
  const first = 24;
  const last = first + DEAL_PARTNERS.length - 1;
  const M = `$B$${first}:$B$${last}`;
  const W = `$F$${first}:$F$${last}`;
  DEAL_PARTNERS.forEach(([p, m], i) => {
    const r = first + i;
    b.put(`A${r}`, p, { fill: "input" }).put(`B${r}`, m, { fill: "input", numFmt: "#,##0" });
    b.formula(`C${r}`, `=TRADE.TARIFF_RATE(Line,A${r},BeforeDate,Overrides,Importer)`, { fill: "output", numFmt: "0.0%" });
    b.formula(`D${r}`, `=TRADE.TARIFF_RATE(Line,A${r},AfterDate,Overrides,Importer,"committed")`, { fill: "output", numFmt: "0.0%" });
    b.formula(`E${r}`, `=TRADE.SMART_TRADE_CREATION(B${r},C${r},D${r},ImportElasticity,SupplyElasticity)`, { fill: "output", numFmt: "#,##0.0" });
    b.formula(`F${r}`, `=B${r}*((1+D${r})/(1+C${r}))^(-SubstElasticity)`, { numFmt: "#,##0.0" });
    b.formula(`G${r}`, `=SUM(${M})*F${r}/SUM(${W})-B${r}`, { fill: "output", numFmt: "#,##0.0;[Red]-#,##0.0" });
    b.formula(`H${r}`, `=E${r}+G${r}`, { fill: "output", numFmt: "#,##0.0;[Red]-#,##0.0" });
    b.formula(`I${r}`, `=C${r}*B${r}`, { numFmt: "#,##0.0" });
    b.formula(`J${r}`, `=D${r}*(B${r}+H${r})`, { numFmt: "#,##0.0" });
    b.formula(`K${r}`, `=J${r}-I${r}`, { fill: "output", numFmt: "#,##0.0;[Red]-#,##0.0" });
    b.formula(`L${r}`, `=TRADE.SMART_WELFARE(B${r},C${r},D${r},ImportElasticity,SupplyElasticity)`, { fill: "output", numFmt: "#,##0.00;[Red]-#,##0.00" });
  });
  b.put(`A${last + 1}`, "Total", { bold: true });
  for (const c of "BEGHIJKL") b.formula(`${c}${last + 1}`, `=SUM(${c}${first}:${c}${last})`, { bold: true, numFmt: "#,##0.0;[Red]-#,##0.0" });
  b.put(`A${last + 2}`, "US explanation (after)", { bold: true });
  b.formula(`B${last + 2}`, `=TRADE.TARIFF_EXPLAIN(Line,A${first},AfterDate,Overrides,Importer,"committed")`, { wrap: false });

  const n0 = last + 4;
  b.put(`A${n0}`, "Where to find the imports by partner", { bold: true, fill: "header" });
  [
    "UN Comtrade (comtradeplus.un.org) and WITS (wits.worldbank.org): imports by reporter, partner and HS 6-digit code, annual and monthly.",
    "China: General Administration of Customs statistics (stats.customs.gov.cn), 8-digit lines by partner.",
    "Malaysia: Department of Statistics (dosm.gov.my) and MATRADE trade statistics; Thailand: Ministry of Commerce trade report (tradereport.moc.go.th); Vietnam: General Department of Customs (customs.gov.vn); Cambodia: General Department of Customs and Excise (customs.gov.kh).",
    "Use values at world prices (CIF values include freight and insurance; SMART takes the import value as reported by the importer).",
  ].forEach((t, i) => b.put(`A${n0 + 1 + i}`, t, { italic: true, fill: "note" }));
  const m0 = n0 + 6;
  b.put(`A${m0}`, "Notes", { bold: true, fill: "header" });
  [
    'Rate before: TRADE.TARIFF_RATE in force on the date before; rate after: the same with regime "committed" (the 2025-10-26 commitments as signed replace the ordinary duty on US goods). Partners other than the US keep their rate.',
    "Cambodia's elimination for US goods (100% of lines, reported implemented) and China's layers are built in; Malaysia's, Thailand's and Vietnam's per-line commitments were not published or not read: add your Commitment rows.",
    "A #N/A rate means a figure the data do not have (the message says which and how an overrides row supplies it); it is never read as 0.",
    "Trade creation and welfare: TRADE.SMART_TRADE_CREATION and TRADE.SMART_WELFARE. Diversion: CES shares with the substitution elasticity, total imports held fixed (TD = ΣM · w / Σw − M, w = M · ((1+t1)/(1+t0))^−σ), as TRADE.SMART computes it.",
    "Formulas call TRADE.* functions: recipients without the add-in see #NAME?; use the task pane's share-ready copy to send values.",
  ].forEach((t, i) => b.put(`A${m0 + 1 + i}`, t, { italic: true, fill: "note" }));

  return {
    id: "us-asean-deal",
    title: "US–ASEAN deal scenario",
    sheetName: "US-ASEAN deal",
    description: "Pick an importer (MY, TH, KH, VN, CN) and a line, enter imports by partner: rates in force and as committed on 2025-10-26, and SMART trade creation, diversion, revenue and welfare per partner.",
    functions: ["TARIFF_RATE", "TARIFF_EXPLAIN", "SMART_TRADE_CREATION", "SMART_WELFARE", "DATA_VERSION"],
    columnWidths: [24, 12, 18, 18, 14, 12, 14, 14, 14, 14, 14, 12],
    cells: b.cells,
    names: [
      { name: "Importer", ref: "$B$6", comment: "Importing country: MY, TH, KH, VN or CN" },
      { name: "Line", ref: "$B$7", comment: "HS 6-digit heading or national line" },
      { name: "BeforeDate", ref: "$B$8", comment: "Entry date for the rates in force" },
      { name: "AfterDate", ref: "$B$9", comment: "Entry date for the commitments as signed" },
      { name: "ImportElasticity", ref: "$B$10", comment: "Import-demand elasticity" },
      { name: "SubstElasticity", ref: "$B$11", comment: "Armington substitution elasticity" },
      { name: "SupplyElasticity", ref: "$B$12", comment: "Export-supply elasticity" },
      { name: "Overrides", ref: "$A$16:$G$20", comment: "Your own tariff rows: hts prefix, origin, layer, rate, from, to, importer" },
    ],
    validations: [
      { ref: "B6", list: [...DEAL_IMPORTERS], prompt: "Importer with tariff data: MY, TH, KH, VN or CN", strict: true },
      { ref: "C16:C20", list: ["MFN", "Provisional", "Preference", "Commitment", "Counter-tariff"], prompt: "Layer name; Commitment rows apply to the committed regime", strict: false },
    ],
    conditional: [
      { ref: `H${first}:H${last + 1}`, op: "greaterThan", value: 0, tone: "good" },
      { ref: `H${first}:H${last + 1}`, op: "lessThan", value: 0, tone: "bad" },
    ],
    charts: [],
    freezeRows: 0,
    expectations: dealExpectations(first),
  };
}

/**
 * Worked by hand from the sample: importer MY, line 8505.11, the example MFN
 * row (5%, every origin) and the example commitment (0% for US goods from
 * 2025-10-26). Before (2025-10-01, in force): 5% for every partner (Malaysia
 * has no other layer in the data). After (2026-01-15, committed): US 0%,
 * others 5%. SMART with Em = −1.5, Ex = 99, σ = 1.5:
 *   TC_k = M·Em·(t1−t0)/((1+t0)(1−Em/Ex)); w_k = M·((1+t1)/(1+t0))^−σ;
 *   TD_k = ΣM·w_k/Σw − M_k; revenue R0 = t0·M, R1 = t1·(M+TC+TD); W = ½(t0+t1)·TC.
 */
function dealExpectations(first: number) {
  const rows: { cell: string; value: number | string; tolerance?: number; contains?: boolean; why: string }[] = [];
  const em = -SAMPLE.em;
  const factor = 1 - em / SAMPLE.ex;
  const total = DEAL_PARTNERS.reduce((s, [, m]) => s + m, 0);
  const t0 = SAMPLE.mfn;
  const t1 = (p: string) => (p === "US" ? SAMPLE.commitment : SAMPLE.mfn);
  const w = DEAL_PARTNERS.map(([p, m]) => m * ((1 + t1(p)) / (1 + t0)) ** -SAMPLE.es);
  const sumW = w.reduce((a, x) => a + x, 0);
  DEAL_PARTNERS.forEach(([p, m], i) => {
    const r = first + i;
    const tc = (m * em * (t1(p) - t0)) / ((1 + t0) * factor);
    const td = (total * w[i]) / sumW - m;
    rows.push({ cell: `C${r}`, value: t0, tolerance: 1e-12, why: `${p}: the example MFN row, 5% in force on 2025-10-01` });
    rows.push({ cell: `D${r}`, value: t1(p), tolerance: 1e-12, why: p === "US" ? "US goods: the example commitment, 0% as signed" : `${p}: no commitment, MFN 5%` });
    rows.push({ cell: `E${r}`, value: tc, tolerance: 1e-9, why: `${p}: M·Em·Δt/((1+t0)(1−Em/Ex))` });
    rows.push({ cell: `G${r}`, value: td, tolerance: 1e-9, why: `${p}: ΣM·w/Σw − M` });
    rows.push({ cell: `K${r}`, value: t1(p) * (m + tc + td) - t0 * m, tolerance: 1e-9, why: `${p}: t1·(M + TC + TD) − t0·M` });
    rows.push({ cell: `L${r}`, value: 0.5 * (t0 + t1(p)) * tc, tolerance: 1e-9, why: `${p}: ½(t0 + t1)·TC` });
  });
  rows.push({ cell: `G${first + DEAL_PARTNERS.length}`, value: 0, tolerance: 1e-9, why: "diversion sums to zero (total imports held fixed)" });
  rows.push({ cell: `B${first + DEAL_PARTNERS.length + 1}`, value: "Malaysia (MY) duty", contains: true, why: "the explanation names the importer" });
  return rows;
}

/**
 * Template: tariff scenario. Two magnet HTS lines × seven origins (CN, MY, TH,
 * KH, VN, AU, JP): the US rate and duty on a stated customs value at a baseline
 * and a scenario entry date, the change, and an overrides block (the user's own
 * tariff layers, same columns as the built-in table) wired into every formula.
 */
import { BuildContext, SheetBuilder, TemplateSheet, stampRows } from "./model";

export const ORIGINS = ["CN", "MY", "TH", "KH", "VN", "AU", "JP"] as const;
export const LINES: readonly (readonly [string, string])[] = [
  ["8505.11.00.70", "Sintered NdFeB magnets"],
  ["8505.19.30", "Permanent magnets other than of metal (e.g. ferrite)"],
];
const LAYERS = ["MFN", "Section 301", "IEEPA fentanyl", "IEEPA reciprocal", "Section 122", "Section 232"];

export function tariffScenario(ctx: BuildContext): TemplateSheet {
  const b = new SheetBuilder();
  stampRows(b, "Tariff scenario: US duty on rare-earth magnets by origin, baseline vs scenario date", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "Customs value (USD)").put("B6", 100000, { fill: "input", numFmt: "#,##0" }).put("C6", "Per line and origin (name CustomsValue); US customs value is FOB-type (no freight or insurance).", { italic: true });
  b.put("A7", "Baseline entry date").date("B7", "2025-12-15", { fill: "input" }).put("C7", "Name BaselineDate.", { italic: true });
  b.put("A8", "Scenario entry date").date("B8", "2026-03-15", { fill: "input" }).put("C8", "Name ScenarioDate.", { italic: true });

  b.put("A10", "Overrides: your own tariff layers (replace a built-in layer of the same name where they cover, or add one). Clear a row to use the built-in data.", { bold: true, fill: "header" });
  b.row("A11", ["HTS prefix (* = all)", "Origin (* = all)", "Layer", "Rate", "From", "To (blank = open)"], { bold: true, fill: "header" });
  b.put("A12", "8505.11", { fill: "input" }).put("B12", "*", { fill: "input" }).put("C12", "Section 232", { fill: "input" }).put("D12", 0.25, { fill: "input", numFmt: "0.0%" });
  b.date("E12", "2026-03-01", { fill: "input" });
  b.put("G12", "Hypothetical: a Section 232 duty of 25% on magnets from 2026-03-01 (no such tariff is in force; Proclamation 11001 imposed none). Delete to compare with the built-in data.", { italic: true });
  for (let r = 13; r <= 16; r++) for (const c of "ABCDEF") b.cells[`${c}${r}`] = { v: null, style: { fill: "input", ...(c === "D" ? { numFmt: "0.0%" } : c >= "E" ? { numFmt: "yyyy-mm-dd" } : {}) } };

  b.put("A18", "Rates and duty by HTS line and origin", { bold: true, fill: "header" });
  b.row("A19", ["HTS", "Origin", "Line", "Rate at baseline", "Rate in scenario", "Duty at baseline", "Duty in scenario", "Change in duty", "Scenario: explanation"], { bold: true, fill: "header" });
  const first = 20;
  let r = first;
  for (const [hts] of LINES) {
    for (const o of ORIGINS) {
      b.put(`A${r}`, hts).put(`B${r}`, o, { fill: "input" });
      b.formula(`C${r}`, `=A${r}&" "&B${r}`);
      b.formula(`D${r}`, `=TRADE.TARIFF_RATE(A${r},B${r},BaselineDate,Overrides)`, { fill: "output", numFmt: "0.0%" });
      b.formula(`E${r}`, `=TRADE.TARIFF_RATE(A${r},B${r},ScenarioDate,Overrides)`, { fill: "output", numFmt: "0.0%" });
      b.formula(`F${r}`, `=TRADE.DUTY(CustomsValue,A${r},B${r},BaselineDate,Overrides)`, { fill: "output", numFmt: "#,##0" });
      b.formula(`G${r}`, `=TRADE.DUTY(CustomsValue,A${r},B${r},ScenarioDate,Overrides)`, { fill: "output", numFmt: "#,##0" });
      b.formula(`H${r}`, `=TRADE.TARIFF_DELTA(CustomsValue,D${r},E${r})`, { fill: "output", numFmt: "#,##0;[Red]-#,##0" });
      b.formula(`I${r}`, `=TRADE.TARIFF_EXPLAIN(A${r},B${r},ScenarioDate,Overrides)`, { wrap: false });
      r++;
    }
  }
  const last = r - 1; // 33
  b.put(`C${last + 1}`, "Total", { bold: true });
  for (const c of "FGH") b.formula(`${c}${last + 1}`, `=SUM(${c}${first}:${c}${last})`, { bold: true, numFmt: "#,##0;[Red]-#,##0" });

  const n0 = last + 3;
  b.put(`A${n0}`, "Notes", { bold: true, fill: "header" });
  [
    "Rates are the sum of the dated US layers (MFN, Section 301, IEEPA fentanyl and reciprocal until 2026-02-23, Section 122 from 2026-02-24 to 2026-07-23, Section 232) for an entry on each date; see TRADE.TARIFF_BREAKDOWN for the layers.",
    "IEEPA duties were struck down (Learning Resources v. Trump, 2026-02-20) and not collected from 2026-02-24; the Section 122 surcharge ends 2026-07-23; what follows is UNCONFIRMED, so later dates use the built-in data as written.",
    "Overrides: one row per layer you want to change or add (rates as fractions or \"25%\", dates as dates). They feed every formula through the name Overrides.",
    "Duty excludes merchandise processing and harbor maintenance fees. Change = value × (scenario rate − baseline rate).",
    "Formulas call TRADE.* functions: recipients without the add-in see #NAME?; use the task pane's share-ready copy to send values.",
  ].forEach((t, i) => b.put(`A${n0 + 1 + i}`, t, { italic: true, fill: "note" }));

  return {
    id: "tariff-scenario",
    title: "Tariff scenario",
    sheetName: "Tariff scenario",
    description: "US rate and duty for magnet HTS lines from CN, MY, TH, KH, VN, AU and JP at a baseline and a scenario date, the change, and your own override layers.",
    functions: ["TARIFF_RATE", "DUTY", "TARIFF_DELTA", "TARIFF_EXPLAIN", "DATA_VERSION"],
    columnWidths: [16, 12, 20, 14, 14, 14, 14, 14, 90],
    cells: b.cells,
    names: [
      { name: "CustomsValue", ref: "$B$6", comment: "Customs value per line and origin" },
      { name: "BaselineDate", ref: "$B$7", comment: "Baseline entry date" },
      { name: "ScenarioDate", ref: "$B$8", comment: "Scenario entry date" },
      { name: "Overrides", ref: "$A$12:$F$16", comment: "Your own tariff layer rows: hts prefix, origin, layer, rate, from, to" },
    ],
    validations: [
      { ref: `B${first}:B${last}`, list: [...ORIGINS], prompt: "Origin (ISO alpha-2); other codes are allowed", strict: false },
      { ref: "C12:C16", list: LAYERS, prompt: "Layer name; a new name adds a layer", strict: false },
    ],
    conditional: [
      { ref: `H${first}:H${last + 1}`, op: "greaterThan", value: 0, tone: "bad" },
      { ref: `H${first}:H${last + 1}`, op: "lessThan", value: 0, tone: "good" },
    ],
    charts: [{ type: "ColumnClustered", source: `C19:E${last}`, title: "US tariff rate: baseline vs scenario", anchor: "K5", to: "U24" }],
    freezeRows: 0,
    expectations: tariffExpectations(first),
  };
}

/**
 * Hand-worked from the dated US tariff layers (sources in tariff_layers.json) and the
 * HTSUS column 1 general rates (8505.11: 2.1%, 8505.19: 4.9%). Baseline 2025-12-15,
 * scenario 2026-03-15, customs value 100,000, the sample override (Section 232
 * 25% on 8505.11 from 2026-03-01).
 */
function tariffExpectations(first: number) {
  const rows: { cell: string; value: number | string; tolerance?: number; contains?: boolean; why: string }[] = [];
  // Baseline 2025-12-15, 8505.11.00.70: MFN 2.1 + S301 0 (0% until 2025-12-31) + CN fentanyl 10 (from 2025-11-10);
  // reciprocal exempt (EO 14346 Annex II, sintered NdFeB, from 2025-09-08) for every origin.
  const base1: Record<string, number> = { CN: 0.121, MY: 0.021, TH: 0.021, KH: 0.021, VN: 0.021, AU: 0.021, JP: 0.021 };
  // Scenario 2026-03-15: MFN 2.1 + CN S301 25 (from 2026-01-01) + override S232 25; IEEPA ended 2026-02-23;
  // Section 122 exempt for 8505.11.00.70 (critical-minerals annex) and in any case excluded by a positive S232.
  const scen1: Record<string, number> = { CN: 0.521, MY: 0.271, TH: 0.271, KH: 0.271, VN: 0.271, AU: 0.271, JP: 0.271 };
  // Baseline, 8505.19.30: MFN 4.9 + CN S301 25 (List 3) + CN fentanyl 10 + CN reciprocal 10;
  // MY/TH/KH 19, VN 20 (EO 14326), AU the 10% baseline, JP topped up to 15% in total (EO 14345).
  const base2: Record<string, number> = { CN: 0.499, MY: 0.239, TH: 0.239, KH: 0.239, VN: 0.249, AU: 0.149, JP: 0.15 };
  // Scenario: MFN 4.9 + Section 122 10 (not exempt) + CN S301 25; S232 on 8505.19 is 0% (Proclamation 11001), override is 8505.11 only.
  const scen2: Record<string, number> = { CN: 0.399, MY: 0.149, TH: 0.149, KH: 0.149, VN: 0.149, AU: 0.149, JP: 0.149 };
  const tables: [Record<string, number>, Record<string, number>][] = [
    [base1, scen1],
    [base2, scen2],
  ];
  let r = first;
  let totalBase = 0;
  let totalScen = 0;
  tables.forEach(([base, scen], li) => {
    for (const o of ORIGINS) {
      const hts = LINES[li][0];
      rows.push({ cell: `D${r}`, value: base[o], tolerance: 1e-9, why: `${hts} ${o} on 2025-12-15` });
      rows.push({ cell: `E${r}`, value: scen[o], tolerance: 1e-9, why: `${hts} ${o} on 2026-03-15` });
      rows.push({ cell: `F${r}`, value: 100000 * base[o], tolerance: 1e-6, why: "100,000 × baseline rate" });
      rows.push({ cell: `G${r}`, value: 100000 * scen[o], tolerance: 1e-6, why: "100,000 × scenario rate" });
      rows.push({ cell: `H${r}`, value: 100000 * (scen[o] - base[o]), tolerance: 1e-6, why: "100,000 × (scenario − baseline)" });
      totalBase += 100000 * base[o];
      totalScen += 100000 * scen[o];
      r++;
    }
  });
  rows.push({ cell: `F${r}`, value: totalBase, tolerance: 1e-6, why: "sum of baseline duties" });
  rows.push({ cell: `H${r}`, value: totalScen - totalBase, tolerance: 1e-6, why: "sum of changes" });
  rows.push({ cell: `I${first}`, value: "Section 232", contains: true, why: "the explanation names the override layer" });
  return rows;
}

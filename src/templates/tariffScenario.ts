/**
 * Template: tariff scenario. Two magnet HTS lines × seven origins (CN, MY, TH,
 * KH, VN, AU, JP), each with its own customs value:
 *  - on one entry date, the rate of each duty layer in its own column (read
 *    from TRADE.TARIFF_BREAKDOWN), the total with your overrides next to the
 *    built-in total, and the duty both ways;
 *  - the rate and duty on several entry dates side by side (defaults
 *    2025-12-01, 2026-01-15, 2026-02-24, 2026-07-24 and a blank = today);
 *  - an overrides block (your own tariff layers) wired into every "with
 *    overrides" formula, whose first row is a hypothetical Section 232 duty
 *    that is off unless you switch it on, and labelled wherever it applies.
 * No total adds unrelated line × origin combinations.
 */
import { BuildContext, ChartSpec, SheetBuilder, TemplateSheet, chartNotes, stampRows } from "./model";

export const ORIGINS = ["CN", "MY", "TH", "KH", "VN", "AU", "JP"] as const;
export const LINES: readonly (readonly [string, string])[] = [
  ["8505.11.00.70", "Sintered NdFeB magnets"],
  ["8505.19.30", "Permanent magnets other than of metal (e.g. ferrite)"],
];
/** The built-in layers shown in their own columns (names as TARIFF_BREAKDOWN starts them). */
export const LAYER_COLUMNS = ["MFN", "Section 301", "IEEPA fentanyl", "IEEPA reciprocal", "Section 122", "Section 232"] as const;
const LAYERS = [...LAYER_COLUMNS];
/** Default comparison dates; the last is blank (= the calculation date). */
export const COMPARISON_DATES = ["2025-12-01", "2026-01-15", "2026-02-24", "2026-07-24", ""] as const;
/** TARIFF_BREAKDOWN rows searched for a layer (row 1 is the header; the last row is the total). */
const BREAKDOWN_ROWS = 10;

export const TARIFF_LAYOUT = { entryDate: "B6", hypothetical: "B7", dates: "B8:F8", overridesFirst: 14, layerFirst: 22, dateFirst: 39 };

/**
 * The rate of one layer in a TARIFF_BREAKDOWN table (column 1 layer name,
 * column 3 rate): the first row whose name starts with `layer`, 0 when the
 * layer does not apply. Written as INDEX per row (no lookup over an array), so
 * it also runs in engines whose lookups need ranges.
 */
function layerRate(breakdown: string, layer: string): string {
  let f = "0";
  for (let k = BREAKDOWN_ROWS; k >= 2; k--) f = `IF(LEFT(INDEX(${breakdown},${k},1),${layer.length})="${layer}",INDEX(${breakdown},${k},3),${f})`;
  return `=IFERROR(${f},0)`;
}

export function tariffScenario(ctx: BuildContext): TemplateSheet {
  const b = new SheetBuilder();
  stampRows(b, "Tariff scenario: US duty on rare-earth magnets by origin, layer and entry date", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "Entry date (layer table)").date("B6", "2026-01-15", { fill: "input" }).put("C6", "Name EntryDate: the entry date of the layer-by-layer table.", { italic: true });
  b.put("A7", "Hypothetical Section 232").put("B7", false, { fill: "input" });
  b.put("C7", "Name HypotheticalS232On. FALSE (default): off. TRUE adds override row 14, a HYPOTHETICAL 25% Section 232 duty on 8505.11 from 2026-03-01 (no such tariff is in force).", { italic: true });
  b.put("A8", "Comparison dates");
  COMPARISON_DATES.forEach((d, i) => {
    const col = String.fromCharCode(66 + i); // B..F
    if (d) b.date(`${col}8`, d, { fill: "input" });
    else b.cells[`${col}8`] = { v: null, style: { fill: "input", numFmt: "yyyy-mm-dd" } };
  });
  b.put("A9", "(a blank date is the calculation date, today)", { italic: true });
  b.formula("A10", '=IF(HypotheticalS232On,"SCENARIO INCLUDES A HYPOTHETICAL Section 232 duty (override row 14): not a tariff in force","")', { bold: true });

  b.put("A12", "Overrides: your own tariff layers (replace a built-in layer of the same name where they cover, or add one). Clear a row to use the built-in data.", { bold: true, fill: "header" });
  b.row("A13", ["HTS prefix (* = all)", "Origin (* = all)", "Layer", "Rate", "From", "To (blank = open)"], { bold: true, fill: "header" });
  // Row 14: the hypothetical Section 232 row, present only while the switch is on.
  const on = (v: string) => `=IF(HypotheticalS232On,${v},"")`;
  b.formula("A14", on('"8505.11"')).formula("B14", on('"*"')).formula("C14", on('"Section 232"')).formula("D14", on("0.25"), { numFmt: "0.0%" }).formula("E14", on("46082"), { numFmt: "yyyy-mm-dd" }); // 2026-03-01 as a date serial
  b.formula("G14", '=IF(HypotheticalS232On,"ON: HYPOTHETICAL 25% Section 232 on 8505.11 from 2026-03-01 (Proclamation 11001 imposed none)","Off: hypothetical Section 232 row (switch it on in B7)")', { italic: true });
  for (let r = 15; r <= 18; r++) for (const c of "ABCDEF") b.cells[`${c}${r}`] = { v: null, style: { fill: "input", ...(c === "D" ? { numFmt: "0.0%" } : c >= "E" ? { numFmt: "yyyy-mm-dd" } : {}) } };

  // ---- Layer by layer on the entry date ----
  const first = TARIFF_LAYOUT.layerFirst;
  b.put(`A${first - 2}`, "Rates by duty layer on the entry date (with your overrides), and the built-in total next to it", { bold: true, fill: "header" });
  b.row(
    `A${first - 1}`,
    ["HTS", "Origin", "Customs value (USD)", ...LAYER_COLUMNS, "Other layers (overrides)", "Total rate", "Built-in rate (no overrides)", "Override effect", "Duty", "Duty, built-in", "Explanation (with overrides)"],
    { bold: true, fill: "header" },
  );
  let r = first;
  for (const [hts] of LINES) {
    for (const o of ORIGINS) {
      b.put(`A${r}`, hts).put(`B${r}`, o, { fill: "input" }).put(`C${r}`, 100000, { fill: "input", numFmt: "#,##0" });
      const bd = `TRADE.TARIFF_BREAKDOWN($A${r},$B${r},EntryDate,Overrides)`;
      LAYER_COLUMNS.forEach((layer, i) => b.formula(`${String.fromCharCode(68 + i)}${r}`, layerRate(bd, layer), { fill: "output", numFmt: "0.0%" })); // D..I
      b.formula(`J${r}`, `=K${r}-SUM(D${r}:I${r})`, { fill: "output", numFmt: "0.0%" });
      b.formula(`K${r}`, `=TRADE.TARIFF_RATE($A${r},$B${r},EntryDate,Overrides)`, { fill: "output", numFmt: "0.0%" });
      b.formula(`L${r}`, `=TRADE.TARIFF_RATE($A${r},$B${r},EntryDate)`, { fill: "output", numFmt: "0.0%" });
      b.formula(`M${r}`, `=K${r}-L${r}`, { fill: "output", numFmt: "0.0%;[Red]-0.0%" });
      b.formula(`N${r}`, `=TRADE.DUTY($C${r},$A${r},$B${r},EntryDate,Overrides)`, { fill: "output", numFmt: "#,##0" });
      b.formula(`O${r}`, `=TRADE.DUTY($C${r},$A${r},$B${r},EntryDate)`, { fill: "output", numFmt: "#,##0" });
      b.formula(`P${r}`, `=TRADE.TARIFF_EXPLAIN($A${r},$B${r},EntryDate,Overrides)`);
      r++;
    }
  }
  const last = r - 1;

  // ---- The comparison dates ----
  const d0 = TARIFF_LAYOUT.dateFirst;
  b.put(`A${d0 - 2}`, "Rate and duty on each comparison date (with your overrides); one row per HTS line and origin, no totals across them", { bold: true, fill: "header" });
  const dateCols = COMPARISON_DATES.map((_, i) => String.fromCharCode(66 + i)); // B..F (rates), G..K (duty)
  b.put(`A${d0 - 1}`, "HTS and origin", { bold: true, fill: "header" });
  // Static headers naming the date cell (TEXT(date, "yyyy-mm-dd") would depend on Excel's display language).
  dateCols.forEach((c, i) => {
    const which = i === dateCols.length - 1 ? `date ${i + 1} (${c}8; blank = today)` : `date ${i + 1} (${c}8)`;
    b.put(`${c}${d0 - 1}`, `Rate on ${which}`, { bold: true, fill: "header", wrap: true });
    b.put(`${String.fromCharCode(71 + i)}${d0 - 1}`, `Duty on ${which}`, { bold: true, fill: "header", wrap: true });
  });
  for (let i = 0; i <= last - first; i++) {
    const row = d0 + i;
    const src = first + i;
    b.formula(`A${row}`, `=$A${src}&" "&$B${src}`);
    dateCols.forEach((c, k) => {
      b.formula(`${c}${row}`, `=TRADE.TARIFF_RATE($A${src},$B${src},${c}$8,Overrides)`, { fill: "output", numFmt: "0.0%" });
      b.formula(`${String.fromCharCode(71 + k)}${row}`, `=TRADE.DUTY($C${src},$A${src},$B${src},${c}$8,Overrides)`, { fill: "output", numFmt: "#,##0" });
    });
  }
  const dLast = d0 + (last - first);

  const n0 = dLast + 2;
  b.put(`A${n0}`, "Notes", { bold: true, fill: "header" });
  [
    "Rates are the sum of the dated US layers (MFN, Section 301, IEEPA fentanyl and reciprocal until 2026-02-23, Section 122 from 2026-02-24 to 2026-07-23, Section 232) for an entry on each date; the layer columns read TRADE.TARIFF_BREAKDOWN, and \"Other layers\" holds any layer your overrides add.",
    "IEEPA duties were struck down (Learning Resources v. Trump, 2026-02-20) and not collected from 2026-02-24; the Section 122 surcharge ends 2026-07-23; what follows is UNCONFIRMED, so later dates use the built-in data as written.",
    "Overrides: one row per layer you want to change or add (rates as fractions or \"25%\", dates as dates). They feed every \"with overrides\" formula through the name Overrides; the \"built-in\" columns ignore them, so the override effect is shown next to them.",
    "Row 14 is a HYPOTHETICAL Section 232 duty for what-if analysis only; it is off unless B7 is TRUE, and the sheet says so in A10 and G14 when it is on.",
    "Each row is one HTS line from one origin with its own customs value (column C; US customs value is FOB-type, no freight or insurance). Duty excludes merchandise processing and harbor maintenance fees. Rows are not summed: they are alternatives, not one shipment.",
    "Formulas call TRADE.* functions: recipients without the add-in see the values saved with the file, or #NAME? after recalculation; use the task pane's share-ready copy to send values.",
  ].forEach((t, i) => b.put(`A${n0 + 1 + i}`, t, { italic: true, fill: "note" }));

  const charts: ChartSpec[] = [{ type: "ColumnClustered", source: `A${d0 - 1}:F${dLast}`, title: "US tariff rate by entry date", anchor: "R5", to: "AB30" }];
  chartNotes(b, charts);

  return {
    id: "tariff-scenario",
    title: "Tariff scenario",
    sheetName: "Tariff scenario",
    description: "US duty on magnet HTS lines from CN, MY, TH, KH, VN, AU and JP: each duty layer in its own column, your overrides next to the built-in rate, a customs value per row, and rates and duty on several entry dates side by side. A hypothetical Section 232 row is off by default.",
    functions: ["TARIFF_BREAKDOWN", "TARIFF_RATE", "DUTY", "TARIFF_EXPLAIN", "DATA_VERSION"],
    columnWidths: [22, 12, 16, 10, 12, 14, 16, 12, 12, 14, 12, 14, 12, 14, 14, 90],
    cells: b.cells,
    names: [
      { name: "EntryDate", ref: "$B$6", comment: "Entry date of the layer-by-layer table" },
      { name: "HypotheticalS232On", ref: "$B$7", comment: "TRUE adds the hypothetical Section 232 override row" },
      { name: "Overrides", ref: `$A$${TARIFF_LAYOUT.overridesFirst}:$F$18`, comment: "Your own tariff layer rows: hts prefix, origin, layer, rate, from, to" },
    ],
    validations: [
      { ref: "B7", list: ["TRUE", "FALSE"], prompt: "Hypothetical Section 232 override on (TRUE) or off (FALSE)" },
      { ref: `B${first}:B${last}`, list: [...ORIGINS], prompt: "Origin (ISO alpha-2); other codes are allowed", strict: false },
      { ref: "C15:C18", list: LAYERS, prompt: "Layer name; a new name adds a layer", strict: false },
    ],
    conditional: [
      { ref: "A10", op: "notEqual", value: "", tone: "bad" },
      { ref: "B7", op: "equal", value: true, tone: "bad" },
      { ref: `M${first}:M${last}`, op: "greaterThan", value: 0, tone: "bad" },
      { ref: `M${first}:M${last}`, op: "lessThan", value: 0, tone: "good" },
    ],
    charts,
    freezeRows: 0,
    expectations: tariffExpectations(first, d0),
  };
}

/**
 * Hand-worked from the dated US tariff layers (sources in tariff_layers.json) and the
 * HTSUS column 1 general rates (8505.11: 2.1%, 8505.19: 4.9%), customs value 100,000,
 * the hypothetical override off:
 *  - 8505.11.00.70: MFN 2.1; China Section 301 0% until 2025-12-31 and 25% from 2026-01-01
 *    (four-year review, permanent magnets); China IEEPA fentanyl 10% from 2025-11-10 until
 *    2026-02-23; reciprocal duties exempt (EO 14346 Annex II, sintered NdFeB) for every origin;
 *    Section 122 (2026-02-24 to 2026-07-23) exempt for this line (critical-minerals annex);
 *    Section 232 0% (Proclamation 11001).
 *  - 8505.19.30: MFN 4.9; China Section 301 List 3 25%; until 2026-02-23 IEEPA: China fentanyl
 *    10% + reciprocal 10%, MY/TH/KH 19%, VN 20%, AU 10%, JP topped up to 15% in total (EO 14345);
 *    from 2026-02-24 to 2026-07-23 Section 122 10% instead; after that none.
 */
function tariffExpectations(first: number, d0: number) {
  const rows: { cell: string; value: number | string; tolerance?: number; contains?: boolean; why: string }[] = [];
  const others = ["MY", "TH", "KH", "VN", "AU", "JP"];
  const at = (li: number, o: string) => first + li * ORIGINS.length + ORIGINS.indexOf(o as (typeof ORIGINS)[number]);
  const dateRow = (li: number, o: string) => d0 + li * ORIGINS.length + ORIGINS.indexOf(o as (typeof ORIGINS)[number]);
  // Layer table on 2026-01-15.
  const cn = at(0, "CN");
  rows.push({ cell: `D${cn}`, value: 0.021, tolerance: 1e-12, why: "MFN 2.1% on 8505.11.00.70" });
  rows.push({ cell: `E${cn}`, value: 0.25, tolerance: 1e-12, why: "China Section 301 25% from 2026-01-01" });
  rows.push({ cell: `F${cn}`, value: 0.1, tolerance: 1e-12, why: "China IEEPA fentanyl 10% on 2026-01-15" });
  rows.push({ cell: `G${cn}`, value: 0, tolerance: 0, why: "reciprocal: sintered NdFeB exempt" });
  rows.push({ cell: `H${cn}`, value: 0, tolerance: 0, why: "no Section 122 before 2026-02-24" });
  rows.push({ cell: `I${cn}`, value: 0, tolerance: 0, why: "Section 232 0% (Proclamation 11001); hypothetical row off" });
  rows.push({ cell: `J${cn}`, value: 0, tolerance: 1e-12, why: "no override layers" });
  rows.push({ cell: `K${cn}`, value: 0.371, tolerance: 1e-12, why: "2.1 + 25 + 10 = 37.1%" });
  rows.push({ cell: `L${cn}`, value: 0.371, tolerance: 1e-12, why: "built-in equals the total while the override is off" });
  rows.push({ cell: `M${cn}`, value: 0, tolerance: 1e-12, why: "no override effect" });
  rows.push({ cell: `N${cn}`, value: 37100, tolerance: 1e-6, why: "100,000 × 37.1%" });
  const jp19 = at(1, "JP");
  rows.push({ cell: `G${jp19}`, value: 0.101, tolerance: 1e-12, why: "8505.19.30 from Japan: reciprocal tops up to 15% (15 − 4.9)" });
  rows.push({ cell: `K${jp19}`, value: 0.15, tolerance: 1e-12, why: "4.9 + 10.1 = 15%" });
  rows.push({ cell: `E${at(1, "CN")}`, value: 0.25, tolerance: 1e-12, why: "8505.19.30 China: Section 301 List 3 25%" });
  rows.push({ cell: `K${at(1, "CN")}`, value: 0.499, tolerance: 1e-12, why: "4.9 + 25 + 10 + 10 = 49.9%" });
  for (const o of others) rows.push({ cell: `K${at(0, o)}`, value: 0.021, tolerance: 1e-12, why: `8505.11.00.70 from ${o}: MFN only` });
  // Comparison dates (columns B..E; F is today, not hand-worked).
  const d1 = { CN: [0.121, 0.371, 0.271, 0.271], other: [0.021, 0.021, 0.021, 0.021] };
  const d2: Record<string, number[]> = {
    CN: [0.499, 0.499, 0.399, 0.299],
    MY: [0.239, 0.239, 0.149, 0.049],
    TH: [0.239, 0.239, 0.149, 0.049],
    KH: [0.239, 0.239, 0.149, 0.049],
    VN: [0.249, 0.249, 0.149, 0.049],
    AU: [0.149, 0.149, 0.149, 0.049],
    JP: [0.15, 0.15, 0.149, 0.049],
  };
  const dates = ["2025-12-01", "2026-01-15", "2026-02-24", "2026-07-24"];
  dates.forEach((d, k) => {
    const col = String.fromCharCode(66 + k);
    for (const o of ORIGINS) {
      rows.push({ cell: `${col}${dateRow(0, o)}`, value: o === "CN" ? d1.CN[k] : d1.other[k], tolerance: 1e-12, why: `8505.11.00.70 ${o} entered ${d}` });
      rows.push({ cell: `${col}${dateRow(1, o)}`, value: d2[o][k], tolerance: 1e-12, why: `8505.19.30 ${o} entered ${d}` });
    }
  });
  rows.push({ cell: `G${dateRow(0, "CN")}`, value: 12100, tolerance: 1e-6, why: "100,000 × 12.1% on 2025-12-01" });
  rows.push({ cell: `J${dateRow(1, "CN")}`, value: 29900, tolerance: 1e-6, why: "100,000 × 29.9% on 2026-07-24" });
  rows.push({ cell: `P${cn}`, value: "Section 301", contains: true, why: "the explanation names the layers" });
  rows.push({ cell: "A10", value: "", why: "hypothetical override off: no banner" });
  return rows;
}

/**
 * Template: supply concentration. Mine production by country from TRADE.REF
 * (USGS MCS, with the edition shown next to every figure), shares, the HHI and
 * its merger-guideline band; the China / Malaysia / Australia / US / Burma
 * shares by stage (mining, refining, magnets) with an HHI per stage.
 */
import { BuildContext, ChartSpec, SheetBuilder, TemplateSheet, chartNotes, stampRows } from "./model";

/** The countries of the USGS MCS world-production table (MCS 2026 table), in its order. */
export const MCS_COUNTRIES: readonly (readonly [string, string])[] = [
  ["US", "United States"],
  ["AU", "Australia"],
  ["BR", "Brazil"],
  ["MM", "Burma (Myanmar)"],
  ["CA", "Canada"],
  ["CN", "China"],
  ["GL", "Greenland"],
  ["IN", "India"],
  ["MG", "Madagascar"],
  ["MY", "Malaysia"],
  ["NG", "Nigeria"],
  ["RU", "Russia"],
  ["ZA", "South Africa"],
  ["TZ", "Tanzania"],
  ["TH", "Thailand"],
  ["VN", "Vietnam"],
];

const STAGE_COUNTRIES = ["CN", "MY", "AU", "US", "MM"] as const;

export function supplyConcentration(ctx: BuildContext): TemplateSheet {
  const b = new SheetBuilder();
  stampRows(b, "Supply concentration: rare-earth mine production, shares and HHI by stage", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "USGS edition").put("B6", "MCS 2026", { fill: "input" }).put("C6", "Edition (name Edition): MCS 2025 reports 2023–2024, MCS 2026 reports 2024–2025.", { italic: true });
  b.put("A7", "Data year").put("B7", 2025, { fill: "input" }).put("C7", "Data year (name DataYear); 2025 figures are USGS estimates.", { italic: true });
  b.put("A8", "Merger guidelines").put("B8", "2023", { fill: "input" }).put("C8", 'Band definitions (name Guidelines): "2023" (>1,800 highly concentrated), "2010" or "1992".', { italic: true });
  // The years each edition reports (the data year's list depends on the edition, so no impossible pair is offered).
  b.put("V5", "MCS 2025 years", { italic: true }).put("V6", 2023).put("V7", 2024);
  b.put("W5", "MCS 2026 years", { italic: true }).put("W6", 2024).put("W7", 2025);
  b.put("A9", "Edition reports year?");
  b.formula("B9", `=OR(AND(Edition="MCS 2025",OR(DataYear=2023,DataYear=2024)),AND(Edition="MCS 2026",OR(DataYear=2024,DataYear=2025)))`, { fill: "output" });
  b.put("C9", "FALSE: the edition does not report that year (MCS 2025: 2023–2024; MCS 2026: 2024–2025) and the figures below are #N/A.", { italic: true });

  b.put("A10", "Mine production by country (t REO)", { bold: true, fill: "header" });
  b.row("A11", ["Code", "Country", "Production (t REO)", "Edition", "Share of listed total", "Share of world total"], { bold: true, fill: "header" });
  const first = 12;
  const last = first + MCS_COUNTRIES.length - 1; // 27
  MCS_COUNTRIES.forEach(([code, name], i) => {
    const r = first + i;
    b.put(`A${r}`, code).put(`B${r}`, name);
    b.formula(`C${r}`, `=TRADE.REF($A${r},"production_t",DataYear,Edition)`, { fill: "output", numFmt: "#,##0" });
    b.formula(`D${r}`, `=TRADE.REF($A${r},"production_t.edition",DataYear,Edition)`, { fill: "output" });
    b.formula(`E${r}`, `=IF(ISNUMBER(C${r}),C${r}/SUM($C$${first}:$C$${last}),"")`, { fill: "output", numFmt: "0.0%" });
    b.formula(`F${r}`, `=IF(ISNUMBER(C${r}),C${r}/$C$${last + 2},"")`, { fill: "output", numFmt: "0.0%" });
  });
  const tot = last + 1; // 28
  b.put(`B${tot}`, "Listed countries", { bold: true }).formula(`C${tot}`, `=SUM(C${first}:C${last})`, { bold: true, numFmt: "#,##0" });
  b.formula(`E${tot}`, `=SUM(E${first}:E${last})`, { bold: true, numFmt: "0.0%" }).formula(`F${tot}`, `=SUM(F${first}:F${last})`, { bold: true, numFmt: "0.0%" });
  b.put(`G${tot}`, "← the listed countries as a share of the world total; the rest is USGS's \"other countries\" and rounding (see the notes).", { italic: true });
  b.put(`B${tot + 1}`, "World total (USGS, rounded)", { italic: true }).formula(`C${tot + 1}`, `=TRADE.REF("World","production_t",DataYear,Edition)`, { italic: true, numFmt: "#,##0" });
  b.put(`D${tot + 1}`, "Other countries and rounding", { italic: true }).formula(`E${tot + 1}`, `=C${tot + 1}-C${tot}`, { italic: true, numFmt: "#,##0" });

  const h = tot + 3; // 31
  b.row(`A${h - 1}`, ["Mining HHI", "HHI (0–10,000)", "Band", "Check: Σ share² × 10,000"], { bold: true, fill: "header" });
  b.put(`A${h}`, "Listed countries");
  b.formula(`B${h}`, `=TRADE.HHI(C${first}:C${last})`, { fill: "output", numFmt: "#,##0" });
  b.formula(`C${h}`, `=TRADE.HHI_CLASS(B${h},Guidelines)`, { fill: "output" });
  b.formula(`D${h}`, `=SUMPRODUCT(E${first}:E${last},E${first}:E${last})*10000`, { numFmt: "#,##0", italic: true });

  const s0 = h + 3; // 34 header row
  b.put(`A${s0 - 1}`, "Shares by supply-chain stage (fractions of world; as reported, blank = not reported)", { bold: true, fill: "header" });
  b.row(`A${s0}`, ["Stage", "Year", ...STAGE_COUNTRIES, "Edition (China figure)", "HHI of reported shares (lower bound)", "Band"], { bold: true, fill: "header" });
  const stages: [string, number][] = [
    ["mining", 2025],
    ["refining", 2023],
    ["magnets", 2024],
  ];
  stages.forEach(([stage, year], i) => {
    const r = s0 + 1 + i;
    b.put(`A${r}`, stage, { fill: "input" }).put(`B${r}`, year, { fill: "input" });
    STAGE_COUNTRIES.forEach((_, j) => {
      const col = String.fromCharCode(67 + j); // C..G
      // Blank only where a country has no reported share; an unknown stage (a typo) is an error, shown by column H.
      b.formula(`${col}${r}`, `=IF(ISERROR($H${r}),$H${r},IFERROR(TRADE.REF(${col}$${s0},$A${r}&"_share",$B${r}),""))`, { fill: "output", numFmt: "0.0%" });
    });
    b.formula(`H${r}`, `=TRADE.REF("CN",$A${r}&"_share.edition",$B${r})`, { fill: "output" });
    b.formula(`I${r}`, `=TRADE.HHI(C${r}:G${r},"fraction")`, { fill: "output", numFmt: "#,##0" });
    b.formula(`J${r}`, `=TRADE.HHI_CLASS(I${r},Guidelines)`, { fill: "output" });
  });
  const s1 = s0 + stages.length; // 37

  const n0 = s1 + 2; // 39
  b.put(`A${n0}`, "Notes", { bold: true, fill: "header" });
  const notes = [
    "Production: USGS Mineral Commodity Summaries (t of rare-earth oxide equivalent); every figure carries its edition because MCS 2026 revised 2024 (e.g. Australia, Burma, Thailand).",
    'Two shares: "of listed total" divides by the sum of the listed countries (what the HHI uses; they add up to 100%); "of world total" divides by USGS\'s rounded world total (what TRADE.REF(code, "production_share") gives). They differ by USGS\'s "other countries" aggregate and by the rounding of the world total (row "Other countries and rounding").',
    'The HHI uses the listed countries only (USGS "Other countries" is an aggregate and is left out).',
    "The data year must be one the edition reports (MCS 2025: 2023–2024; MCS 2026: 2024–2025): the year's list follows the edition, and B9 turns FALSE otherwise. A stage name must be mining, refining or magnets: a typo is an error in its row, not a blank.",
    "Stage shares: mining from USGS (derived), refining and magnets from IEA figures quoted by secondary sources (confirmed-2nd). Countries without a reported share are blank, so a stage HHI is a lower bound.",
    "Bands: US merger guidelines (2023: above 1,800 is highly concentrated). They describe market concentration for merger review, not supply risk as such.",
    "Formulas call TRADE.* functions: recipients without the add-in see #NAME?; use the task pane's share-ready copy to send values.",
  ];
  notes.forEach((t, i) => b.put(`A${n0 + 1 + i}`, t, { italic: true, fill: "note" }));
  const charts: ChartSpec[] = [{ type: "BarClustered", source: `B11:C${last}`, title: "Mine production by country (t REO)", anchor: "L5", to: "T27" }];
  chartNotes(b, charts);

  return {
    id: "supply-concentration",
    title: "Supply concentration",
    sheetName: "Supply concentration",
    description: "Mine production and shares by country from TRADE.REF with the USGS edition shown, the HHI and its band, and China's share by stage with an HHI per stage.",
    functions: ["REF", "HHI", "HHI_CLASS", "DATA_VERSION"],
    columnWidths: [20, 24, 18, 14, 18, 16, 10, 26, 22, 26],
    cells: b.cells,
    names: [
      { name: "Edition", ref: "$B$6", comment: "USGS MCS edition for the production figures" },
      { name: "DataYear", ref: "$B$7", comment: "Data year of the production figures" },
      { name: "Guidelines", ref: "$B$8", comment: "Merger guidelines used for the HHI band" },
    ],
    validations: [
      { ref: "B6", list: ["MCS 2025", "MCS 2026"], prompt: "USGS edition" },
      { ref: "B7", list: ["2023", "2024", "2025"], source: 'IF($B$6="MCS 2025",$V$6:$V$7,$W$6:$W$7)', prompt: "Data year (MCS 2025: 2023–2024; MCS 2026: 2024–2025)" },
      { ref: `A${s0 + 1}:A${s1}`, list: ["mining", "refining", "magnets"], prompt: "Stage" },
      { ref: "B8", list: ["2023", "2010", "1992"], prompt: "Merger guidelines for the HHI band" },
    ],
    conditional: [
      { ref: "B9", op: "equal", value: false, tone: "bad" },
      { ref: `C${h}`, op: "equal", value: "highly concentrated", tone: "bad" },
      { ref: `J${s0 + 1}:J${s1}`, op: "equal", value: "highly concentrated", tone: "bad" },
      { ref: `C${h}`, op: "equal", value: "moderately concentrated", tone: "warn" },
      { ref: `J${s0 + 1}:J${s1}`, op: "equal", value: "moderately concentrated", tone: "warn" },
    ],
    charts,
    freezeRows: 0,
    expectations: supplyExpectations(first, h, s0),
  };
}

/**
 * Hand-worked expectations for the sample inputs (MCS 2026, data year 2025,
 * 2023 guidelines), from the USGS MCS 2026 world-production table (2025e column)
 * and §2 (stage shares).
 */
function supplyExpectations(first: number, h: number, s0: number) {
  const r = (code: string) => first + MCS_COUNTRIES.findIndex(([c]) => c === code);
  const listed = 51000 + 29000 + 2000 + 22000 + 0 + 270000 + 0 + 2900 + 2700 + 110 + 1500 + 2600 + 0 + 0 + 4800 + 150; // 388,760
  // Σ v² = 51000² + 29000² + 2000² + 22000² + 270000² + 2900² + 2700² + 110² + 1500² + 2600² + 4800² + 150² = 76,877,784,600
  const hhiMining = (10000 * 76877784600) / (listed * listed); // 5,086.72
  return [
    { cell: `C${r("CN")}`, value: 270000, why: "MCS 2026, China 2025e: 270,000 t" },
    { cell: `C${r("US")}`, value: 51000, why: "MCS 2026, United States 2025e: 51,000 t" },
    { cell: `C${r("MY")}`, value: 110, why: "MCS 2026, Malaysia 2025e: 110 t" },
    { cell: `C${r("CA")}`, value: 0, why: "MCS 2026, Canada: — (zero)" },
    { cell: `D${r("CN")}`, value: "MCS 2026", why: "edition of the figure" },
    { cell: `E${r("CN")}`, value: 270000 / listed, tolerance: 1e-9, why: "270,000 / 388,760 = 69.45%" },
    { cell: `F${r("CN")}`, value: 270000 / 390000, tolerance: 1e-9, why: "270,000 / 390,000 (rounded world total) = 69.23%" },
    { cell: `F${first + MCS_COUNTRIES.length}`, value: listed / 390000, tolerance: 1e-9, why: "388,760 / 390,000 = 99.68% of the world total is listed" },
    { cell: `E${first + MCS_COUNTRIES.length + 1}`, value: 390000 - listed, tolerance: 1e-9, why: "390,000 − 388,760 = 1,240 t other countries and rounding" },
    { cell: "B9", value: true, why: "MCS 2026 reports 2025" },
    { cell: `C${first + MCS_COUNTRIES.length}`, value: listed, why: "sum of the 16 listed countries = 388,760 t" },
    { cell: `C${first + MCS_COUNTRIES.length + 1}`, value: 390000, why: "MCS 2026 world total 2025e, rounded: 390,000 t" },
    { cell: `B${h}`, value: hhiMining, tolerance: 1e-6, why: "10,000 × Σ v² / (Σ v)² = 10,000 × 76,877,784,600 / 388,760² = 5,086.72" },
    { cell: `C${h}`, value: "highly concentrated", why: "5,086.72 > 1,800 (2023 guidelines)" },
    { cell: `D${h}`, value: hhiMining, tolerance: 1e-6, why: "native cross-check equals the HHI" },
    { cell: `C${s0 + 1}`, value: 0.692, tolerance: 1e-12, why: "mining 2025, China: 69.2% (USGS MCS 2026, derived)" },
    { cell: `F${s0 + 1}`, value: 0.131, tolerance: 1e-12, why: "mining 2025, US: 13.1%" },
    { cell: `I${s0 + 1}`, value: 10000 * (0.692 ** 2 + 0.131 ** 2 + 0.074 ** 2 + 0.056 ** 2), tolerance: 1e-6, why: "10,000 × (0.692² + 0.131² + 0.074² + 0.056²) = 5,046.37" },
    { cell: `I${s0 + 2}`, value: 10000 * (0.92 ** 2 + 0.05 ** 2), tolerance: 1e-6, why: "refining 2023 (IEA): 10,000 × (0.92² + 0.05²) = 8,489" },
    { cell: `D${s0 + 2}`, value: 0.05, tolerance: 1e-12, why: "refining 2023, Malaysia ~5% (IEA GCMO 2024)" },
    { cell: `I${s0 + 3}`, value: 8836, tolerance: 1e-6, why: "magnets 2024 (IEA): 10,000 × 0.94² = 8,836" },
    { cell: `J${s0 + 3}`, value: "highly concentrated", why: "8,836 > 1,800" },
    { cell: `H${s0 + 2}`, value: "IEA GCMO 2024", why: "edition of the refining figure" },
  ];
}

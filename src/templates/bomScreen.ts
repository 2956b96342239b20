/**
 * Template: BOM exposure screen for China's 0.1% rule (MOFCOM Ann. 61 cl. 1(1)).
 * Products and their BOM lines; each line's China-origin Annex 1 Part 1 value
 * (TRADE.CN_CONTROLLED_VALUE on the line), rolled up per product with SUMIFS;
 * per product the rare-earth share, the ratio, the licence verdict, the
 * headroom and the one-line explanation, all driven by the assumptions block
 * (as-of date, regime, scope) through sheet-scoped names.
 */
import { BuildContext, CellStyle, SheetBuilder, TemplateSheet, stampRows } from "./model";

export interface ProductRow {
  id: string;
  description: string;
  /** Blank ("") when the modeller has not classified the product yet (flagged in the sheet). */
  type: "magnet" | "target" | "component" | "other" | "";
  value: number;
}
export interface LineRow {
  product: string;
  component: string;
  item: string;
  /** As typed: an ISO code, a name ("China") or a code with a stray space ("CN "). */
  origin: string;
  /** A number, or a number typed as text ("0.40"), which TRADE reads as a number. */
  value: number | string;
}

/** The Annex 1 Part 1 items (MOFCOM Ann. 61/2025 Annex 1 Part 1) with the aliases the sample uses; for the native-formula variant. */
export const PART1_NAMES = [
  "Samarium metal", "Sm metal", "Dysprosium metal", "Dy metal", "Gadolinium metal", "Gd metal", "Terbium metal", "Tb metal",
  "Lutetium metal", "Lu metal", "Scandium metal", "Sc metal", "Yttrium metal", "Y metal", "Samarium-cobalt alloy", "SmCo alloy",
  "Terbium-iron alloy", "TbFe alloy", "Dysprosium-iron alloy", "DyFe alloy", "Terbium-dysprosium-iron alloy", "TbDyFe alloy",
  "Dysprosium oxide", "Dy oxide", "Terbium oxide", "Tb oxide",
];

export const SAMPLE_PRODUCTS: readonly ProductRow[] = [
  { id: "P1", description: "Sintered NdFeB magnet, Dy grade, made in Malaysia: over the threshold", type: "magnet", value: 50 },
  { id: "P2", description: "Same magnet with less China-origin DyFe: under the threshold", type: "magnet", value: 50 },
  { id: "P3", description: "NdFeB block exactly at 0.1% (1.13 / 1,130)", type: "magnet", value: 1130 },
  { id: "P4", description: "Magnet with mixed origins: Dy from Malaysia, Tb and Nd from China", type: "magnet", value: 80 },
  { id: "P5", description: "Traction motor (component): out of scope under strict", type: "component", value: 400 },
  { id: "P6", description: "Catalyst powder (other): no Part 1 content", type: "other", value: 20 },
  { id: "P7", description: "Gd sputtering target made in Japan: over the threshold", type: "target", value: 500 },
  { id: "P8", description: "Magnet whose origins were typed as names and values as text (\"China\", \"CN \", '0.40)", type: "magnet", value: 200 },
  { id: "P9", description: "Bonded magnet not yet classified: blank product type (assumed in scope, flagged)", type: "", value: 100 },
];

export const SAMPLE_LINES: readonly LineRow[] = [
  { product: "P1", component: "NdPr alloy feed", item: "Nd oxide", origin: "CN", value: 6 },
  { product: "P1", component: "Dy diffusion source", item: "DyFe alloy", origin: "CN", value: 0.4 },
  { product: "P1", component: "Iron, boron, processing", item: "other", origin: "MY", value: 10 },
  { product: "P2", component: "NdPr alloy feed", item: "Nd oxide", origin: "CN", value: 6 },
  { product: "P2", component: "Dy diffusion source", item: "DyFe alloy", origin: "CN", value: 0.04 },
  { product: "P2", component: "Iron, boron, processing", item: "other", origin: "MY", value: 10 },
  { product: "P3", component: "Tb grain-boundary additive", item: "Tb oxide", origin: "CN", value: 1.13 },
  { product: "P3", component: "Nd feed", item: "Nd oxide", origin: "JP", value: 300 },
  { product: "P4", component: "Dy metal (Lynas Malaysia)", item: "Dy metal", origin: "MY", value: 2 },
  { product: "P4", component: "Tb metal", item: "Tb metal", origin: "CN", value: 0.09 },
  { product: "P4", component: "Nd feed", item: "Nd oxide", origin: "CN", value: 12 },
  { product: "P5", component: "Rotor magnets' Dy source", item: "DyFe alloy", origin: "CN", value: 2 },
  { product: "P5", component: "Magnet Nd content", item: "Nd oxide", origin: "CN", value: 40 },
  { product: "P5", component: "Copper, steel, housing", item: "other", origin: "CN", value: 150 },
  { product: "P6", component: "La oxide", item: "La oxide", origin: "CN", value: 5 },
  { product: "P6", component: "Carrier", item: "other", origin: "CN", value: 10 },
  { product: "P7", component: "Gd metal", item: "Gd metal", origin: "CN", value: 1.5 },
  { product: "P7", component: "Backing plate, bonding", item: "other", origin: "JP", value: 100 },
  { product: "P8", component: "Dy diffusion source", item: "DyFe alloy", origin: "China", value: "0.40" },
  { product: "P8", component: "Nd feed", item: "Nd oxide", origin: "CN ", value: 10 },
  { product: "P9", component: "Dy oxide additive", item: "Dy oxide", origin: "CN", value: 0.5 },
];

export interface BomOptions {
  products?: readonly ProductRow[];
  lines?: readonly LineRow[];
  /** Empty product rows after the sample (default: up to 100 product rows in all). */
  spareProducts?: number;
  /** Empty line rows after the sample (default: up to 500 line rows in all). */
  spareLines?: number;
  /** Bench only: the same screen with native formulas (SUMIFS/IF), no TRADE functions and no explanation. */
  native?: boolean;
  /** Omit the notes, stamp, checks and comparison columns (bench). */
  bare?: boolean;
}

/** Rows of the fixed top part; the product block starts at firstProduct whatever the options. */
export const BOM_LAYOUT = {
  assumptions: { asOf: "B6", regime: "B7", scope: "B8", date1: "B10", date2: "B11" },
  summary: { licences: "B14", headroom: "B15", blankTypes: "B16", unknownProducts: "B17", outside: "B18" },
  productHeader: 28,
  firstProduct: 29,
  minProducts: 100,
  minLines: 500,
};

/** The side-by-side verdicts: [header, regime formula, date formula, name of the line column's range]. */
const COMPARE: readonly (readonly [string, string, string, string])[] = [
  ["as_written on the as-of date", '"as_written"', "AsOf", "LineCNWritten"],
  ["suspended on the as-of date", '"suspended"', "AsOf", "LineCNSuspended"],
  ["in_force on the as-of date", '"in_force"', "AsOf", "LineCNInForce"],
  ["Regime on date 1", "Regime", "FirstDate", "LineCNFirstDate"],
  ["Regime on date 2", "Regime", "SecondDate", "LineCNSecondDate"],
];

export function bomScreen(ctx: BuildContext, opts: BomOptions = {}): TemplateSheet {
  const products = opts.products ?? SAMPLE_PRODUCTS;
  const lines = opts.lines ?? SAMPLE_LINES;
  const spareP = opts.spareProducts ?? Math.max(0, BOM_LAYOUT.minProducts - products.length);
  const spareL = opts.spareLines ?? Math.max(0, BOM_LAYOUT.minLines - lines.length);
  const native = !!opts.native;
  const full = !native && !opts.bare;
  const b = new SheetBuilder();
  if (!opts.bare) stampRows(b, "BOM exposure screen: China's 0.1% rule (MOFCOM Ann. 61 cl. 1(1))", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "As-of date").date("B6", "2026-12-01", { fill: "input" }).put("C6", "Name AsOf: the date the rule is tested on (clear it for the calculation date).", { italic: true });
  b.put("A7", "Regime").put("B7", "as_written", { fill: "input" }).put("C7", 'Name Regime: "as_written" (instruments\' own dates; the Ann. 70 suspension ends 2026-11-10), "in_force" (ignore suspensions: worst case), "suspended" (suspensions continue).', { italic: true });
  b.put("A8", "Scope").put("B8", "strict", { fill: "input" }).put("C8", 'Name Scope: "strict" (magnets and targets, the confirmed Part 2 list) or "broad" (also parts and components containing them: disputed).', { italic: true });
  b.put("A9", "Threshold").put("B9", "0.1% or more", { italic: true }).put("C9", "China-origin Part 1 content ÷ product value ≥ 0.1% (inclusive, decimal-exact).", { italic: true });
  b.put("A10", "Compare on date 1").date("B10", "2026-06-01", { fill: "input" }).put("C10", "Name FirstDate: a second date for the side-by-side verdicts (under Regime).", { italic: true });
  b.put("A11", "Compare on date 2").date("B11", "2027-01-01", { fill: "input" }).put("C11", "Name SecondDate: a third date for the side-by-side verdicts (under Regime).", { italic: true });

  const p0 = BOM_LAYOUT.firstProduct;
  const pN = p0 + products.length + spareP - 1;
  const l0 = pN + 4; // first line row
  const lN = l0 + lines.length + spareL - 1;
  const rng = (col: string) => `$${col}$${l0}:$${col}$${lN}`;
  const prng = (col: string) => `$${col}$${p0}:$${col}$${pN}`;

  if (full) {
    b.put("A13", "Summary", { bold: true, fill: "header" });
    b.put("A14", "Products needing a licence").formula("B14", `=COUNTIF(${prng("J")},TRUE())`, { fill: "output" }).put("C14", "Under the as-of date, regime and scope above.", { italic: true });
    b.put("A15", "Total headroom").formula("B15", `=SUM(${prng("K")})`, { fill: "output", numFmt: "#,##0.00;[Red]-#,##0.00" }).put("C15", "China-origin Part 1 value still allowed before the threshold, summed over products (negative: over).", { italic: true });
    b.put("A16", "Products without a product type").formula("B16", `=COUNTIFS(${prng("A")},"<>",${prng("C")},"")`, { fill: "output" }).put("C16", "Their verdicts assume the product is in scope: choose magnet, target, component or other.", { italic: true });
    b.put("A17", "Lines with an unknown product id").formula("B17", `=COUNTIF(${rng("I")},"Not counted: product id*")`, { fill: "output" }).put("C17", "BOM lines whose product id is not in the product list count toward no product.", { italic: true });
    b.put("A18", "Entries below the line block").formula("B18", `=COUNTA($A$${lN + 1}:$H$${lN + 2000})`, { fill: "output" }).put("C18", `Anything typed below row ${lN} is NOT counted: insert rows inside the block (above row ${lN}) instead.`, { italic: true });

    b.put("A20", "Notes", { bold: true, fill: "header" });
    [
      "Rule: MOFCOM Ann. 61 [2025] clause 1(1): a foreign-made Annex 1 Part 2 item (magnet materials, sputtering targets) containing China-origin Annex 1 Part 1 items worth 0.1% or more of its value needs a Chinese licence. Ann. 70 suspended it from 2025-11-07 to 2026-11-10; its status after that is UNCONFIRMED.",
      "Only China-origin Part 1 items count (Sm, Dy, Gd, Tb, Lu, Sc, Y metals; SmCo, TbFe, DyFe, TbDyFe alloys; Dy and Tb oxides). China-origin Nd or Pr and non-Chinese Dy do not count. Column I of each BOM line says whether it counts and why.",
      "Origins and values are read the way the TRADE functions read them (columns G and H of the lines: \"China\", \"cn\" and \"CN \" are CN; '0.40 typed as text is 0.40), and every roll-up (SUMIFS) uses those columns, so native and TRADE figures agree.",
      "The rule does not define the value basis (price, cost or fair market value): use one basis for lines and products. Parts and components are in scope only under the disputed \"broad\" reading.",
      `Room for ${pN - p0 + 1} products (rows ${p0}–${pN}) and ${lN - l0 + 1} BOM lines (rows ${l0}–${lN}); insert rows inside a block to grow it (the names follow). Formulas call TRADE.* functions: use the task pane's share-ready copy to send values.`,
    ].forEach((t, i) => b.put(`A${21 + i}`, t, { italic: true, fill: "note" }));
  }

  b.put(`A${p0 - 2}`, "Products", { bold: true, fill: "header" });
  const productHeaders = ["Product id", "Description", "Product type", "Product value", "Rare-earth content value", "Rare-earth share", "China-origin rare-earth share", "China-origin Part 1 value", "Ratio", "Licence required", "Headroom", "Explanation"];
  if (full) productHeaders.push("Checks", ...COMPARE.map(([h]) => `Licence: ${h}`));
  b.row(`A${p0 - 1}`, productHeaders, { bold: true, fill: "header" });
  const input: CellStyle = { fill: "input" };
  const out: CellStyle = { fill: "output" };
  for (let i = 0; i < products.length + spareP; i++) {
    const r = p0 + i;
    const p = products[i];
    if (p) {
      b.put(`A${r}`, p.id, input).put(`B${r}`, p.description, input).put(`D${r}`, p.value, { ...input, numFmt: "#,##0.00" });
      b.cells[`C${r}`] = { v: p.type === "" ? null : p.type, style: input };
    } else for (const c of "ABCD") b.cells[`${c}${r}`] = { v: null, style: c === "D" ? { ...input, numFmt: "#,##0.00" } : input };
    const g = (f: string) => `=IF($A${r}="","",${f})`;
    // Roll-ups over the lines' values and origins as TRADE reads them (LineAmount, LineISO).
    b.formula(`E${r}`, g(`SUMIFS(LineAmount,LineProduct,$A${r},LineItem,"<>other")`), { ...out, numFmt: "#,##0.00" });
    b.formula(`H${r}`, g(`SUMIFS(LineCN,LineProduct,$A${r})`), { ...out, numFmt: "#,##0.00" });
    b.formula(`I${r}`, g(`H${r}/D${r}`), { ...out, numFmt: "0.000%" });
    if (native) {
      b.formula(`F${r}`, g(`E${r}/D${r}`), { ...out, numFmt: "0.0%" });
      b.formula(`G${r}`, g(`SUMIFS(LineAmount,LineProduct,$A${r},LineItem,"<>other",LineISO,"CN")/D${r}`), { ...out, numFmt: "0.0%" });
      b.formula(`J${r}`, g(`AND(OR(C${r}="magnet",C${r}="target",AND(Scope="broad",C${r}="component")),H${r}>=0.001*D${r})`), out);
      b.formula(`K${r}`, g(`0.001*D${r}-H${r}`), { ...out, numFmt: "#,##0.00" });
      b.formula(`L${r}`, g(`IF(J${r},"Licence required","No licence required")`));
    } else {
      b.formula(`F${r}`, g(`TRADE.RAREEARTH_SHARE(E${r},D${r})`), { ...out, numFmt: "0.0%" });
      b.formula(`G${r}`, g(`TRADE.RAREEARTH_SHARE(SUMIFS(LineAmount,LineProduct,$A${r},LineItem,"<>other",LineISO,"CN"),D${r})`), { ...out, numFmt: "0.0%" });
      b.formula(`J${r}`, g(`TRADE.CN_LICENSE_REQUIRED(H${r},D${r},C${r},AsOf,Regime,Scope)`), out);
      b.formula(`K${r}`, g(`TRADE.CN_HEADROOM(H${r},D${r})`), { ...out, numFmt: "#,##0.00;[Red]-#,##0.00" });
      b.formula(`L${r}`, g(`TRADE.CN_LICENSE_EXPLAIN(H${r},D${r},C${r},AsOf,Regime,Scope)`));
    }
    if (full) {
      b.formula(
        `M${r}`,
        g(`IF(C${r}="","No product type: assumed in scope",IF(AND(C${r}<>"magnet",C${r}<>"target",C${r}<>"component",C${r}<>"other"),"Unknown product type",IF(COUNTIF(LineProduct,$A${r})=0,"No BOM lines","OK")))`),
        out,
      );
      COMPARE.forEach(([, regime, date, lineRange], k) => {
        const col = String.fromCharCode(78 + k); // N..R
        b.formula(`${col}${r}`, g(`TRADE.CN_LICENSE_REQUIRED(SUMIFS(${lineRange},LineProduct,$A${r}),D${r},C${r},${date},${regime},Scope)`), out);
      });
    }
  }

  b.put(`A${l0 - 2}`, "BOM lines (one row per line; origins as ISO codes or names)", { bold: true, fill: "header" });
  const lineHeaders = ["Product id", "Component", "Rare-earth item", "Origin", "Value", "China-origin Part 1 value", "Origin as TRADE reads it", "Value as TRADE reads it"];
  if (full) lineHeaders.push("Counts toward the 0.1% numerator? Why", ...COMPARE.map(([h]) => `Part 1 value: ${h}`));
  b.row(`A${l0 - 1}`, lineHeaders, { bold: true, fill: "header" });
  for (let i = 0; i < lines.length + spareL; i++) {
    const r = l0 + i;
    const l = lines[i];
    if (l) b.put(`A${r}`, l.product, input).put(`B${r}`, l.component, input).put(`C${r}`, l.item, input).put(`D${r}`, l.origin, input).put(`E${r}`, l.value, { ...input, numFmt: "#,##0.00" });
    else for (const c of "ABCDE") b.cells[`${c}${r}`] = { v: null, style: c === "E" ? { ...input, numFmt: "#,##0.00" } : input };
    const blank = `AND($A${r}="",$E${r}="")`;
    if (native) {
      b.formula(`F${r}`, `=IF(AND(D${r}="CN",ISNUMBER(MATCH(C${r},Part1Items,0))),E${r},0)`, { ...out, numFmt: "#,##0.00" });
      b.formula(`G${r}`, `=D${r}`);
      b.formula(`H${r}`, `=E${r}`);
    } else {
      b.formula(`F${r}`, `=TRADE.CN_CONTROLLED_VALUE(E${r},C${r},D${r},AsOf,Regime)`, { ...out, numFmt: "#,##0.00" });
      // Origin and value exactly as the TRADE functions read them (a name or stray space → the ISO code; text "0.40" → 0.4).
      b.formula(`G${r}`, `=IF(OR(${blank},$D${r}=""),"",IFERROR(TRADE.REF($D${r},"iso2"),"?"))`, out);
      // value × (1 − 0): the value exactly as every TRADE function reads it (text "0.40" → 0.4 in any locale; negative → #NUM!).
      b.formula(`H${r}`, `=IF(${blank},"",TRADE.TARIFF_DELTA($E${r},0,1))`, { ...out, numFmt: "#,##0.00" });
    }
    if (full) {
      // Is the item on the Part 1 list at all? Asked on a date the rule is in force under "in_force" (it took effect 2025-12-01).
      const part1 = `IFERROR(TRADE.CN_CONTROLLED_VALUE(1,$C${r},"CN","2026-12-01","in_force")>0,FALSE)`;
      b.formula(
        `I${r}`,
        `=IF(${blank},"",IF(COUNTIF(${prng("A")},$A${r})=0,"Not counted: product id "&$A${r}&" is not in the product list",` +
          `IF(ISERROR($F${r}),"Check the line: the TRADE functions cannot read it (see column F)",IF($F${r}>0,"Yes: China-origin "&$C${r}&" is an Annex 1 Part 1 item",` +
          `IF($G${r}="?","No: origin "&$D${r}&" is not a country TRADE knows",IF($G${r}<>"CN","No: origin "&$G${r}&" is not China",` +
          `IF(NOT(${part1}),"No: "&$C${r}&" is not an Annex 1 Part 1 item","No: the rule is not in force on the as-of date under the regime")))))))`,
      );
      COMPARE.forEach(([, regime, date], k) => {
        const col = String.fromCharCode(74 + k); // J..N
        b.formula(`${col}${r}`, `=TRADE.CN_CONTROLLED_VALUE(E${r},C${r},D${r},${date},${regime})`, { numFmt: "#,##0.00" });
      });
    }
  }

  const names = [
    { name: "AsOf", ref: "$B$6", comment: "Date the rule is tested on" },
    { name: "Regime", ref: "$B$7", comment: "as_written, in_force or suspended" },
    { name: "Scope", ref: "$B$8", comment: "strict or broad" },
    { name: "LineProduct", ref: rng("A"), comment: "Product id of each BOM line" },
    { name: "LineItem", ref: rng("C"), comment: "Rare-earth item of each BOM line" },
    { name: "LineCN", ref: rng("F"), comment: "China-origin Part 1 value of each BOM line" },
    { name: "LineISO", ref: rng("G"), comment: "Origin of each BOM line as TRADE reads it (ISO code)" },
    { name: "LineAmount", ref: rng("H"), comment: "Value of each BOM line as TRADE reads it" },
  ];
  if (full) {
    names.push({ name: "FirstDate", ref: "$B$10", comment: "First comparison date" }, { name: "SecondDate", ref: "$B$11", comment: "Second comparison date" });
    COMPARE.forEach(([h, , , lineRange], k) => names.push({ name: lineRange, ref: rng(String.fromCharCode(74 + k)), comment: `China-origin Part 1 value of each line: ${h}` }));
  }
  if (native) {
    // The Part 1 list as a column of constants for MATCH (bench only).
    const c0 = lN + 3;
    PART1_NAMES.forEach((n, i) => b.put(`P${c0 + i}`, n));
    names.push({ name: "Part1Items", ref: `$P$${c0}:$P$${c0 + PART1_NAMES.length - 1}`, comment: "Annex 1 Part 1 item names" });
  }

  return {
    id: "bom-screen",
    title: "BOM exposure screen (China 0.1% rule)",
    sheetName: "BOM screen",
    description: `Up to ${pN - p0 + 1} products and ${lN - l0 + 1} BOM lines: China-origin Part 1 content, the 0.1% ratio, licence verdict, headroom and explanation, why each line counts or not, a summary, and the verdicts under each regime and on two more dates side by side.`,
    functions: native ? [] : full ? ["CN_CONTROLLED_VALUE", "RAREEARTH_SHARE", "CN_LICENSE_REQUIRED", "CN_HEADROOM", "CN_LICENSE_EXPLAIN", "DATA_VERSION", "REF", "TARIFF_DELTA"] : ["CN_CONTROLLED_VALUE", "RAREEARTH_SHARE", "CN_LICENSE_REQUIRED", "CN_HEADROOM", "CN_LICENSE_EXPLAIN", "REF", "TARIFF_DELTA"],
    columnWidths: [11, 46, 14, 14, 14, 12, 14, 14, 40, 12, 12, 100, 30, 16, 16, 16, 16, 16],
    cells: b.cells,
    names,
    validations: [
      { ref: "B7", list: ["as_written", "in_force", "suspended"], prompt: "Regime" },
      { ref: "B8", list: ["strict", "broad"], prompt: "Scope of Part 2" },
      { ref: `C${p0}:C${pN}`, list: ["magnet", "target", "component", "other"], prompt: "Product type" },
      { ref: `D${l0}:D${lN}`, list: ["CN", "MY", "JP", "AU", "US", "VN", "TH", "KH"], prompt: "Origin (ISO code or country name); other codes are allowed", strict: false },
    ],
    conditional: [
      { ref: `J${p0}:J${pN}`, op: "equal", value: true, tone: "bad" },
      { ref: `J${p0}:J${pN}`, op: "equal", value: false, tone: "good" },
      { ref: `K${p0}:K${pN}`, op: "lessThan", value: 0, tone: "bad" },
      ...(full
        ? ([
            { ref: `N${p0}:R${pN}`, op: "equal", value: true, tone: "bad" },
            { ref: "B16:B18", op: "greaterThan", value: 0, tone: "warn" },
            { ref: `M${p0}:M${pN}`, op: "equal", value: "No product type: assumed in scope", tone: "warn" },
          ] as const)
        : []),
    ],
    charts: [],
    freezeRows: 0,
    expectations: opts.products || opts.lines || !full ? [] : bomExpectations(p0, l0),
  };
}

/**
 * Hand-worked from MOFCOM Ann. 61/2025 (Ann. 61 cl. 1(1): China-origin Part 1
 * content ÷ value ≥ 0.1%; Part 2 = magnet and target materials; components only
 * under the disputed reading; Ann. 70 suspension 2025-11-07 → 2026-11-10, so on
 * 2026-12-01 "as written" the clause applies) and the sample rows above.
 */
function bomExpectations(p0: number, l0: number) {
  const row = (id: string) => p0 + SAMPLE_PRODUCTS.findIndex((p) => p.id === id);
  const e: { cell: string; value: number | string | boolean; tolerance?: number; contains?: boolean; why: string }[] = [];
  const add = (id: string, col: string, value: number | string | boolean, why: string, tolerance?: number) => e.push({ cell: `${col}${row(id)}`, value, why, tolerance });
  // P1 (case A): DyFe 0.40 China-origin on a 50.00 magnet → 0.8% ≥ 0.1% → licence; Nd oxide does not count.
  add("P1", "H", 0.4, "DyFe alloy (Part 1), CN: 0.40; Nd oxide not Part 1", 1e-12);
  add("P1", "I", 0.008, "0.40 / 50 = 0.8%", 1e-12);
  add("P1", "J", true, "magnet in scope, 0.8% ≥ 0.1%, clause in force on 2026-12-01 as written");
  add("P1", "K", 0.05 - 0.4, "0.1% × 50 − 0.40 = −0.35", 1e-9);
  add("P1", "E", 6.4, "rare-earth lines: Nd oxide 6.00 + DyFe 0.40", 1e-12);
  add("P1", "F", 6.4 / 50, "6.40 / 50 = 12.8%", 1e-12);
  // P2 (case B): 0.04 / 50 = 0.08% < 0.1%.
  add("P2", "I", 0.0008, "0.04 / 50 = 0.08%", 1e-12);
  add("P2", "J", false, "0.08% < 0.1%");
  add("P2", "K", 0.01, "0.05 − 0.04 = 0.01", 1e-9);
  // P3: exactly at the threshold in decimal (1.13 / 1130 is 0.000999… in binary floating point).
  add("P3", "J", true, '1.13 / 1,130 = 0.1% exactly: "0.1% or more" is met');
  add("P3", "K", 0, "1.13 − 1.13 = 0", 1e-12);
  // P4 (mixed origins): Dy metal from Malaysia does not count; Tb metal CN 0.09 counts; Nd oxide CN does not.
  add("P4", "H", 0.09, "only Tb metal (CN) counts", 1e-12);
  add("P4", "I", 0.09 / 80, "0.09 / 80 = 0.1125%", 1e-12);
  add("P4", "J", true, "0.1125% ≥ 0.1%");
  add("P4", "E", 14.09, "2.00 + 0.09 + 12.00", 1e-12);
  add("P4", "G", 12.09 / 80, "China-origin rare-earth lines 0.09 + 12.00 over 80 = 15.1125%", 1e-12);
  // P5 (case D): a motor is not a Part 2 item under the strict reading.
  add("P5", "I", 2 / 400, "2.00 / 400 = 0.5%", 1e-12);
  add("P5", "J", false, "component: out of scope under strict, whatever the ratio");
  add("P5", "K", 0.4 - 2, "0.1% × 400 − 2.00 = −1.60", 1e-9);
  e.push({ cell: `L${row("P5")}`, value: "not an Annex 1 Part 2 item", contains: true, why: "the explanation gives the scope reason" });
  // P6: no Part 1 content.
  add("P6", "H", 0, "La oxide is not Part 1", 0);
  add("P6", "J", false, "0% and type other");
  add("P6", "F", 0.25, "5 / 20", 1e-12);
  // P7: target, Gd metal CN 1.50 / 500 = 0.3%.
  add("P7", "J", true, "target in scope, 0.3% ≥ 0.1%");
  add("P7", "K", 0.5 - 1.5, "0.5 − 1.5 = −1.00", 1e-9);
  e.push({ cell: `L${row("P1")}`, value: "Licence required", contains: true, why: "verdict first in the explanation" });
  // P8: origins typed as "China" and "CN ", DyFe value typed as text '0.40: read as CN and 0.40 by TRADE and by the roll-ups alike.
  add("P8", "H", 0.4, "DyFe alloy, origin \"China\", value text \"0.40\" → 0.40 China-origin Part 1", 1e-12);
  add("P8", "E", 10.4, "0.40 + 10.00 (text value read as a number)", 1e-12);
  add("P8", "G", 10.4 / 200, "China-origin rare-earth lines (\"China\" and \"CN \" both CN): 10.40 / 200 = 5.2%", 1e-12);
  add("P8", "J", true, "0.40 / 200 = 0.2% ≥ 0.1%");
  // P9: blank product type: the threshold test alone (assumed in scope), and the sheet flags it.
  add("P9", "J", true, "0.50 / 100 = 0.5%; no product type: assumed in scope");
  e.push({ cell: `M${row("P9")}`, value: "No product type: assumed in scope", why: "blank type flagged in the sheet" });
  e.push({ cell: `M${row("P1")}`, value: "OK", why: "type set, lines present" });
  // Summary: licences P1, P3, P4, P7, P8, P9; headroom −0.35 + 0.01 + 0 − 0.01 − 1.60 + 0.02 − 1.00 − 0.20 − 0.40 = −3.53.
  e.push({ cell: "B14", value: 6, why: "P1, P3, P4, P7, P8, P9 need a licence" });
  e.push({ cell: "B15", value: -3.53, tolerance: 1e-9, why: "sum of the nine headrooms" });
  e.push({ cell: "B16", value: 1, why: "P9 has no product type" });
  e.push({ cell: "B17", value: 0, why: "every line's product is listed" });
  e.push({ cell: "B18", value: 0, why: "nothing below the line block" });
  // Side by side for P1 (0.8%): as_written and in_force on 2026-12-01 (after the suspension) TRUE; suspended FALSE;
  // as_written on 2026-06-01 (inside the Ann. 70 suspension) FALSE; on 2027-01-01 TRUE.
  add("P1", "N", true, "as_written, 2026-12-01");
  add("P1", "O", false, "suspended, 2026-12-01: suspension continues");
  add("P1", "P", true, "in_force, 2026-12-01");
  add("P1", "Q", false, "as_written, 2026-06-01: suspended by Ann. 70");
  add("P1", "R", true, "as_written, 2027-01-01");
  add("P2", "P", false, "0.08% < 0.1% under any regime");
  // Line level: why each line counts or not.
  e.push({ cell: `I${l0 + 1}`, value: "Yes", contains: true, why: "P1 DyFe alloy from CN counts" });
  e.push({ cell: `I${l0}`, value: "not an Annex 1 Part 1 item", contains: true, why: "P1 Nd oxide: Nd is not on Part 1" });
  e.push({ cell: `I${l0 + 8}`, value: "is not China", contains: true, why: "P4 Dy metal from Malaysia" });
  e.push({ cell: `G${l0 + 18}`, value: "CN", why: "\"China\" read as CN" });
  e.push({ cell: `G${l0 + 19}`, value: "CN", why: "\"CN \" read as CN" });
  e.push({ cell: `H${l0 + 18}`, value: 0.4, tolerance: 1e-12, why: "text \"0.40\" read as 0.40" });
  // Line level: the DyFe line of P1 counts in full, the Nd oxide line counts 0, Malaysian Dy 0.
  e.push({ cell: `F${l0 + 1}`, value: 0.4, tolerance: 1e-12, why: "P1 DyFe alloy CN 0.40" });
  e.push({ cell: `F${l0}`, value: 0, tolerance: 0, why: "P1 Nd oxide: not Part 1" });
  e.push({ cell: `F${l0 + 8}`, value: 0, tolerance: 0, why: "P4 Dy metal from Malaysia: not China-origin" });
  return e;
}

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
  type: "magnet" | "target" | "component" | "other";
  value: number;
}
export interface LineRow {
  product: string;
  component: string;
  item: string;
  origin: string;
  value: number;
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
];

export interface BomOptions {
  products?: readonly ProductRow[];
  lines?: readonly LineRow[];
  spareProducts?: number;
  spareLines?: number;
  /** Bench only: the same screen with native formulas (SUMIFS/IF), no TRADE functions and no explanation. */
  native?: boolean;
  /** Omit the notes and stamp (bench). */
  bare?: boolean;
}

export const BOM_LAYOUT = { assumptions: { asOf: "B6", regime: "B7", scope: "B8" }, productHeader: 12, firstProduct: 13 };

export function bomScreen(ctx: BuildContext, opts: BomOptions = {}): TemplateSheet {
  const products = opts.products ?? SAMPLE_PRODUCTS;
  const lines = opts.lines ?? SAMPLE_LINES;
  const spareP = opts.spareProducts ?? 3;
  const spareL = opts.spareLines ?? 4;
  const native = !!opts.native;
  const b = new SheetBuilder();
  if (!opts.bare) stampRows(b, "BOM exposure screen: China's 0.1% rule (MOFCOM Ann. 61 cl. 1(1))", ctx);

  b.put("A5", "Assumptions (edit the yellow cells)", { bold: true, fill: "header" });
  b.put("A6", "As-of date").date("B6", "2026-12-01", { fill: "input" }).put("C6", "Name AsOf: the date the rule is tested on (clear it for the calculation date).", { italic: true });
  b.put("A7", "Regime").put("B7", "as_written", { fill: "input" }).put("C7", 'Name Regime: "as_written" (instruments\' own dates; the Ann. 70 suspension ends 2026-11-10), "in_force" (ignore suspensions: worst case), "suspended" (suspensions continue).', { italic: true });
  b.put("A8", "Scope").put("B8", "strict", { fill: "input" }).put("C8", 'Name Scope: "strict" (magnets and targets, the confirmed Part 2 list) or "broad" (also parts and components containing them: disputed).', { italic: true });
  b.put("A9", "Threshold").put("B9", "0.1% or more", { italic: true }).put("C9", "China-origin Part 1 content ÷ product value ≥ 0.1% (inclusive, decimal-exact).", { italic: true });

  const p0 = BOM_LAYOUT.firstProduct;
  const pN = p0 + products.length + spareP - 1;
  const l0 = pN + 4; // first line row
  const lN = l0 + lines.length + spareL - 1;
  const rng = (col: string) => `$${col}$${l0}:$${col}$${lN}`;

  b.put(`A${p0 - 2}`, "Products", { bold: true, fill: "header" });
  b.row(
    `A${p0 - 1}`,
    ["Product id", "Description", "Product type", "Product value", "Rare-earth content value", "Rare-earth share", "China-origin rare-earth share", "China-origin Part 1 value", "Ratio", "Licence required", "Headroom", "Explanation"],
    { bold: true, fill: "header" },
  );
  const input: CellStyle = { fill: "input" };
  const out: CellStyle = { fill: "output" };
  for (let i = 0; i < products.length + spareP; i++) {
    const r = p0 + i;
    const p = products[i];
    if (p) {
      b.put(`A${r}`, p.id, input).put(`B${r}`, p.description, input).put(`C${r}`, p.type, input).put(`D${r}`, p.value, { ...input, numFmt: "#,##0.00" });
    } else for (const c of "ABCD") b.cells[`${c}${r}`] = { v: null, style: c === "D" ? { ...input, numFmt: "#,##0.00" } : input };
    const g = (f: string) => `=IF($A${r}="","",${f})`;
    b.formula(`E${r}`, g(`SUMIFS(LineValue,LineProduct,$A${r},LineItem,"<>other")`), { ...out, numFmt: "#,##0.00" });
    b.formula(`H${r}`, g(`SUMIFS(LineCN,LineProduct,$A${r})`), { ...out, numFmt: "#,##0.00" });
    b.formula(`I${r}`, g(`H${r}/D${r}`), { ...out, numFmt: "0.000%" });
    if (native) {
      b.formula(`F${r}`, g(`E${r}/D${r}`), { ...out, numFmt: "0.0%" });
      b.formula(`G${r}`, g(`SUMIFS(LineValue,LineProduct,$A${r},LineItem,"<>other",LineOrigin,"CN")/D${r}`), { ...out, numFmt: "0.0%" });
      b.formula(`J${r}`, g(`AND(OR(C${r}="magnet",C${r}="target",AND(Scope="broad",C${r}="component")),H${r}>=0.001*D${r})`), out);
      b.formula(`K${r}`, g(`0.001*D${r}-H${r}`), { ...out, numFmt: "#,##0.00" });
      b.formula(`L${r}`, g(`IF(J${r},"Licence required","No licence required")`));
    } else {
      b.formula(`F${r}`, g(`TRADE.RAREEARTH_SHARE(E${r},D${r})`), { ...out, numFmt: "0.0%" });
      b.formula(`G${r}`, g(`TRADE.RAREEARTH_SHARE(SUMIFS(LineValue,LineProduct,$A${r},LineItem,"<>other",LineOrigin,"CN"),D${r})`), { ...out, numFmt: "0.0%" });
      b.formula(`J${r}`, g(`TRADE.CN_LICENSE_REQUIRED(H${r},D${r},C${r},AsOf,Regime,Scope)`), out);
      b.formula(`K${r}`, g(`TRADE.CN_HEADROOM(H${r},D${r})`), { ...out, numFmt: "#,##0.00;[Red]-#,##0.00" });
      b.formula(`L${r}`, g(`TRADE.CN_LICENSE_EXPLAIN(H${r},D${r},C${r},AsOf,Regime,Scope)`));
    }
  }

  b.put(`A${l0 - 2}`, "BOM lines (one row per line; use ISO codes for origins so the China roll-up can match them)", { bold: true, fill: "header" });
  b.row(`A${l0 - 1}`, ["Product id", "Component", "Rare-earth item", "Origin", "Value", "China-origin Part 1 value"], { bold: true, fill: "header" });
  for (let i = 0; i < lines.length + spareL; i++) {
    const r = l0 + i;
    const l = lines[i];
    if (l) b.put(`A${r}`, l.product, input).put(`B${r}`, l.component, input).put(`C${r}`, l.item, input).put(`D${r}`, l.origin, input).put(`E${r}`, l.value, { ...input, numFmt: "#,##0.00" });
    else for (const c of "ABCDE") b.cells[`${c}${r}`] = { v: null, style: c === "E" ? { ...input, numFmt: "#,##0.00" } : input };
    b.formula(
      `F${r}`,
      native ? `=IF(AND(D${r}="CN",ISNUMBER(MATCH(C${r},Part1Items,0))),E${r},0)` : `=TRADE.CN_CONTROLLED_VALUE(E${r},C${r},D${r},AsOf,Regime)`,
      { ...out, numFmt: "#,##0.00" },
    );
  }

  const names = [
    { name: "AsOf", ref: "$B$6", comment: "Date the rule is tested on" },
    { name: "Regime", ref: "$B$7", comment: "as_written, in_force or suspended" },
    { name: "Scope", ref: "$B$8", comment: "strict or broad" },
    { name: "LineProduct", ref: rng("A"), comment: "Product id of each BOM line" },
    { name: "LineItem", ref: rng("C"), comment: "Rare-earth item of each BOM line" },
    { name: "LineOrigin", ref: rng("D"), comment: "Origin of each BOM line" },
    { name: "LineValue", ref: rng("E"), comment: "Value of each BOM line" },
    { name: "LineCN", ref: rng("F"), comment: "China-origin Part 1 value of each BOM line" },
  ];
  if (native) {
    // The Part 1 list as a column of constants for MATCH (bench only).
    const c0 = lN + 3;
    PART1_NAMES.forEach((n, i) => b.put(`H${c0 + i}`, n));
    names.push({ name: "Part1Items", ref: `$H$${c0}:$H$${c0 + PART1_NAMES.length - 1}`, comment: "Annex 1 Part 1 item names" });
  }

  if (!opts.bare) {
    const n0 = lN + 2;
    b.put(`A${n0}`, "Notes", { bold: true, fill: "header" });
    [
      "Rule: MOFCOM Ann. 61 [2025] clause 1(1): a foreign-made Annex 1 Part 2 item (magnet materials, sputtering targets) containing China-origin Annex 1 Part 1 items worth 0.1% or more of its value needs a Chinese licence. Ann. 70 suspended it from 2025-11-07 to 2026-11-10; its status after that is UNCONFIRMED.",
      "Only China-origin Part 1 items count (Sm, Dy, Gd, Tb, Lu, Sc, Y metals; SmCo, TbFe, DyFe, TbDyFe alloys; Dy and Tb oxides). China-origin Nd or Pr and non-Chinese Dy do not count.",
      "The rule does not define the value basis (price, cost or fair market value): use one basis for lines and products. Parts and components are in scope only under the disputed \"broad\" reading.",
      "Items: use a Part 1 name or alias (\"DyFe alloy\", \"Tb oxide\", \"Dy metal\"), an element with a form (\"Nd oxide\") or \"other\" for lines that are not rare-earth items.",
      "Formulas call TRADE.* functions: recipients without the add-in see #NAME?; use the task pane's share-ready copy to send values.",
    ].forEach((t, i) => b.put(`A${n0 + 1 + i}`, t, { italic: true, fill: "note" }));
  }

  return {
    id: "bom-screen",
    title: "BOM exposure screen (China 0.1% rule)",
    sheetName: "BOM screen",
    description: "Products and BOM lines with China-origin Part 1 content, the 0.1% ratio, licence verdict, headroom and explanation under a chosen as-of date, regime and scope.",
    functions: native ? [] : ["CN_CONTROLLED_VALUE", "RAREEARTH_SHARE", "CN_LICENSE_REQUIRED", "CN_HEADROOM", "CN_LICENSE_EXPLAIN", "DATA_VERSION"],
    columnWidths: [11, 46, 14, 14, 14, 12, 14, 14, 10, 12, 12, 100],
    cells: b.cells,
    names,
    validations: [
      { ref: "B7", list: ["as_written", "in_force", "suspended"], prompt: "Regime" },
      { ref: "B8", list: ["strict", "broad"], prompt: "Scope of Part 2" },
      { ref: `C${p0}:C${pN}`, list: ["magnet", "target", "component", "other"], prompt: "Product type" },
      { ref: `D${l0}:D${lN}`, list: ["CN", "MY", "JP", "AU", "US", "VN", "TH", "KH"], prompt: "Origin (ISO code); other codes are allowed", strict: false },
    ],
    conditional: [
      { ref: `J${p0}:J${pN}`, op: "equal", value: true, tone: "bad" },
      { ref: `J${p0}:J${pN}`, op: "equal", value: false, tone: "good" },
      { ref: `K${p0}:K${pN}`, op: "lessThan", value: 0, tone: "bad" },
    ],
    charts: [],
    freezeRows: 0,
    expectations: opts.products || opts.lines || native ? [] : bomExpectations(p0, l0),
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
  // Line level: the DyFe line of P1 counts in full, the Nd oxide line counts 0, Malaysian Dy 0.
  e.push({ cell: `F${l0 + 1}`, value: 0.4, tolerance: 1e-12, why: "P1 DyFe alloy CN 0.40" });
  e.push({ cell: `F${l0}`, value: 0, tolerance: 0, why: "P1 Nd oxide: not Part 1" });
  e.push({ cell: `F${l0 + 8}`, value: 0, tolerance: 0, why: "P4 Dy metal from Malaysia: not China-origin" });
  return e;
}

/**
 * Indicative prices in USD/kg (src/data/prices.json) by product, year and
 * edition. Products are found by code, name or alias ("Dy oxide",
 * "dysprosium oxide", "Dy2O3", "DY_OXIDE").
 */
import pricesDoc from "../../data/prices.json";
import { normKey } from "./pack";
import { FigureRecord, pick } from "./select";

export interface Product {
  code: string;
  name: string;
  grade: string;
  element: string | null;
  form: "oxide" | "metal" | "alloy";
  basis: string;
  aliases: string[];
}

export interface PriceRecord extends FigureRecord {
  product: string;
  measure: "annual_average" | "price_floor";
  year: number;
  value_low?: number;
  value_high?: number;
}

interface PricesDoc {
  description: string;
  unit: string;
  editions: { edition: string; sources: string[] }[];
  products: Product[];
  records: PriceRecord[];
}

const doc = pricesDoc as unknown as PricesDoc;
let byKey: Map<string, Product> | null = null;
let recs: Map<string, PriceRecord[]> | null = null;

function index(): Map<string, Product> {
  if (!byKey) {
    byKey = new Map();
    for (const p of doc.products) for (const n of [p.code, p.name, `${p.name} ${p.grade}`, ...p.aliases]) byKey.set(normKey(n), p);
    recs = new Map();
    for (const r of doc.records) {
      const k = `${r.product}|${r.measure}`;
      let list = recs.get(k);
      if (!list) recs.set(k, (list = []));
      list.push(r);
    }
  }
  return byKey;
}

/** A priced product by code, name or alias, any case. */
export function findProduct(text: string): Product | undefined {
  return index().get(normKey(text));
}

export function allProducts(): readonly Product[] {
  return doc.products;
}

let byElement: Map<string, Product[]> | null = null;
/** Priced products of an element symbol ("Dy" → [Dy oxide]). */
export function productsOfElement(symbol: string): readonly Product[] {
  if (!byElement) {
    byElement = new Map();
    for (const p of doc.products) {
      if (!p.element) continue;
      let l = byElement.get(p.element);
      if (!l) byElement.set(p.element, (l = []));
      l.push(p);
    }
  }
  return byElement.get(symbol) ?? [];
}

export function priceRecords(product: string, measure: "annual_average" | "price_floor" = "annual_average"): readonly PriceRecord[] {
  index();
  return recs!.get(`${product}|${measure}`) ?? [];
}

export function allPriceRecords(): readonly PriceRecord[] {
  return doc.records;
}

/** Annual average price (USD/kg) of a product in a year; default edition = newest that reports the year. */
export function getPrice(
  product: string,
  year?: number,
  edition?: string,
  measure: "annual_average" | "price_floor" = "annual_average",
): PriceRecord {
  return pick(
    priceRecords(product, measure),
    doc.editions.map((e) => e.edition),
    { year, edition },
    `${measure === "price_floor" ? "price floor" : "price"} of ${product}`,
  );
}

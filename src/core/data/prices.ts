/**
 * Indicative prices in USD/kg (src/data/prices.json) by product, year and
 * edition. Products are found by code, name or alias ("Dy oxide",
 * "dysprosium oxide", "Dy2O3", "DY_OXIDE").
 */
import { dataset, perPack } from "./active";
import { normKey } from "./pack";
import type { PricesDoc } from "./schemas.generated";
import { pick } from "./select";

export type Product = NonNullable<PricesDoc["products"]>[number];
export type PriceRecord = PricesDoc["records"][number];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = perPack(() => {
  const raw = dataset<PricesDoc>("prices");
  return { ...raw, editions: raw.editions ?? [], products: raw.products ?? [] };
});

const built = perPack(() => {
  const byKey = new Map<string, Product>();
  for (const p of doc().products) for (const n of [p.code, p.name, `${p.name} ${p.grade}`, ...p.aliases]) byKey.set(normKey(n), p);
  const recs = new Map<string, PriceRecord[]>();
  for (const r of doc().records) {
    const k = `${r.product}|${r.measure}`;
    let list = recs.get(k);
    if (!list) recs.set(k, (list = []));
    list.push(r);
  }
  const byElement = new Map<string, Product[]>();
  for (const p of doc().products) {
    if (!p.element) continue;
    let l = byElement.get(p.element);
    if (!l) byElement.set(p.element, (l = []));
    l.push(p);
  }
  return { byKey, recs, byElement };
});

/** A priced product by code, name or alias, any case. */
export function findProduct(text: string): Product | undefined {
  return built().byKey.get(normKey(text));
}

export function allProducts(): readonly Product[] {
  return doc().products;
}

/** Priced products of an element symbol ("Dy" → [Dy oxide]). */
export function productsOfElement(symbol: string): readonly Product[] {
  return built().byElement.get(symbol) ?? [];
}

export function priceRecords(product: string, measure: "annual_average" | "price_floor" = "annual_average"): readonly PriceRecord[] {
  return built().recs.get(`${product}|${measure}`) ?? [];
}

export function allPriceRecords(): readonly PriceRecord[] {
  return doc().records;
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
    doc().editions.map((e) => e.edition),
    { year, edition },
    `${measure === "price_floor" ? "price floor" : "price"} of ${product}`,
  );
}

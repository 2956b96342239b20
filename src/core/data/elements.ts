/**
 * The 17 rare-earth elements (src/data/elements.json): lookups by symbol, name
 * or alias in any case ("Dy", "DY", "dysprosium").
 */
import { dataset, perPack } from "./active";
import type { Status } from "./pack";
import { normKey } from "./pack";
import type { ElementsDoc } from "./schemas.generated";

type ElementRecord = ElementsDoc["records"][number];
export type ClassUsgs = ElementRecord["class_usgs"];
export type ClassAlt = ElementRecord["class_alt"];

export interface Element {
  symbol: string;
  name: string;
  atomicNumber: number;
  /** Convention A (USGS MCS 2026, default). */
  classUsgs: ClassUsgs;
  /** Convention B (light = La–Eu, heavy = Gd–Lu). */
  classAlt: ClassAlt;
  uses: readonly string[];
  usesStatus: Status;
  usesNote?: string;
  aliases: readonly string[];
  sources: readonly string[];
}

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = () => dataset<ElementsDoc>("elements");

const built = perPack(() => {
  const list: Element[] = doc().records.map((r) => ({
      symbol: r.symbol,
      name: r.name,
      atomicNumber: r.atomic_number,
      classUsgs: r.class_usgs,
      classAlt: r.class_alt,
      uses: r.uses,
      usesStatus: r.uses_status,
      usesNote: r.uses_note,
    aliases: r.aliases,
    sources: r.sources,
  }));
  const byKey = new Map<string, Element>();
  for (const e of list) for (const n of [e.symbol, e.name, ...e.aliases]) byKey.set(normKey(n), e);
  return { list, byKey };
});

const index = () => built().byKey;

/** An element by symbol, name or alias, any case ("Dy", "dysprosium"). */
export function findElement(text: string): Element | undefined {
  return index().get(normKey(text));
}

/** The 17 elements in atomic-number order as listed in the data. */
export function allElements(): readonly Element[] {
  return built().list;
}

/** Descriptions of the two class conventions. */
export function classConventions(): { class_usgs: string; class_alt: string } {
  return doc().conventions ?? { class_usgs: "", class_alt: "" };
}

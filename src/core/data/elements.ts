/**
 * The 17 rare-earth elements (src/data/elements.json): lookups by symbol, name
 * or alias in any case ("Dy", "DY", "dysprosium").
 */
import elementsDoc from "../../data/elements.json";
import type { Status } from "./pack";
import { normKey } from "./pack";

export type ClassUsgs = "LREE" | "HREE" | "separate";
export type ClassAlt = "LREE" | "HREE" | "HREE-like" | "separate";

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

interface ElementRecord {
  symbol: string;
  name: string;
  atomic_number: number;
  class_usgs: ClassUsgs;
  class_alt: ClassAlt;
  uses: string[];
  uses_status: Status;
  uses_note?: string;
  aliases: string[];
  sources: string[];
}

interface ElementsDoc {
  conventions: { class_usgs: string; class_alt: string };
  records: ElementRecord[];
}

let list: Element[] | null = null;
let byKey: Map<string, Element> | null = null;

function index(): Map<string, Element> {
  if (!byKey) {
    list = (elementsDoc as unknown as ElementsDoc).records.map((r) => ({
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
    byKey = new Map();
    for (const e of list) for (const n of [e.symbol, e.name, ...e.aliases]) byKey.set(normKey(n), e);
  }
  return byKey;
}

/** An element by symbol, name or alias, any case ("Dy", "dysprosium"). */
export function findElement(text: string): Element | undefined {
  return index().get(normKey(text));
}

/** The 17 elements in atomic-number order as listed in the data. */
export function allElements(): readonly Element[] {
  index();
  return list!;
}

/** Descriptions of the two class conventions. */
export function classConventions(): { class_usgs: string; class_alt: string } {
  return (elementsDoc as unknown as ElementsDoc).conventions;
}

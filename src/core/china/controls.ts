/**
 * Export controls by element and material:
 *  - CN_CONTROLLED(element, [as_of], [regime]): does China's dual-use export
 *    control cover the element on that date (Ann. 18 elements from 2025-04-04;
 *    Ann. 57 elements from 2025-11-08, suspended by Ann. 70)?
 *  - EXPORT_RESTRICTED(country, material, [as_of]): does an export ban or licence
 *    requirement apply (Malaysia's raw rare-earth ban; China's controls by element
 *    and form)? Dates as written (the instruments' own dates and suspensions).
 * Data-driven: instruments.json (exporting_country, restriction, elements,
 * materials) and cn_items.json (elements and their forms).
 */
import { perPack } from "../data/active";
import { Cell, Matrix, mapElements } from "../broadcast";
import { naError, valueError } from "../errors";
import { clip, toText } from "../input";
import { AS_OF_BLANK, isoFromSerial, todaySerial } from "../dates";
import { ParamDecl, declare } from "../signature";
import { findElement } from "../data/elements";
import type { Element } from "../data/elements";
import { toCountry } from "../country";
import {
  ControlledElement,
  Instrument,
  ItemForm,
  allInstruments,
  controlledElement,
  controlledElements,
  timelineHorizon,
} from "../data/instruments";
import { compactKey, resolveItem } from "./items";
import { Regime, StatusAt, statusAt, statusLine } from "./timeline";
import { REGIMES, toAsOf, toRegime } from "./options";

// ---------------------------------------------------------------------------
// CN_CONTROLLED

function elementArg(raw: unknown): Element {
  const text = toText(raw, "element", { zeroIsBlank: true });
  const el = findElement(text);
  if (!el)
    throw naError(
      `element: "${clip(text)}" is not a rare-earth element; use a symbol or name of one of the 17 rare earths (e.g. "Dy", "dysprosium")`,
    );
  return el;
}

interface ElementControl {
  el: Element;
  rec?: ControlledElement;
  status?: StatusAt;
  controlled: boolean;
}

function elementControl(el: Element, date: number, regime: Regime): ElementControl {
  const rec = controlledElement(el.symbol);
  if (!rec) return { el, controlled: false };
  const status = statusAt(rec.instrument, undefined, date, regime);
  return { el, rec, status, controlled: status.kind === "in_force" };
}

const whenText = (d: { date: number; blank: boolean }) =>
  `${isoFromSerial(d.date)}${d.blank ? " (the calculation date: as_of was blank)" : ""}`;

function controlledList(): string {
  const by = new Map<string, string[]>();
  for (const c of controlledElements()) by.set(c.instrument.short, [...(by.get(c.instrument.short) ?? []), c.element]);
  return [...by.entries()].map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ");
}

function codeText(rec: ControlledElement): string {
  return `control code ${rec.controlCode}${rec.codeConfirmation === "unconfirmed" ? " (UNCONFIRMED)" : ""}`;
}

// zeroIsBlank: desktop Excel passes 0 for an empty cell, and 0 is never an element (whole-column references give "").
const CONTROLLED_PARAMS: readonly ParamDecl[] = [
  { name: "element", type: "text", required: true, zeroIsBlank: true },
  { name: "as_of", type: "date", optional: true, default: AS_OF_BLANK, zeroIsBlank: true },
  { name: "regime", type: "option", optional: true, default: "as_written", options: REGIMES, zeroIsBlank: true },
];

export function cnControlled(
  elementRaw: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<boolean>> {
  return mapElements([elementRaw, asOfRaw, regimeRaw], CONTROLLED_PARAMS, (v) => {
    const el = elementArg(v[0]);
    const d = toAsOf(v[1], today);
    return elementControl(el, d.date, toRegime(v[2])).controlled;
  });
}

/** A typed answer for callers that are not cells (the task pane): whether China controls an element on a date, with the status that says so. */
export interface ControlAnswer {
  element: Element;
  controlled: boolean;
  /** The controlling instrument and its status on the date (absent when the element is on no list). */
  instrument?: ControlledElement["instrument"];
  status?: StatusAt;
  /** The date is after the data horizon: the status is unconfirmed. */
  pastHorizon: boolean;
  /** The record's own confirmation (confirmed, confirmed-2nd, unconfirmed). */
  confirmation?: string;
  explanation: string;
  sources: readonly string[];
}

/** CN_CONTROLLED for one element (symbol or name) on a date (serial), typed; throws #N/A for an unknown element. */
export function controlQuery(element: string, date: number, regime: Regime = "as_written"): ControlAnswer {
  const el = elementArg(element);
  const c = elementControl(el, date, regime);
  return {
    element: el,
    controlled: c.controlled,
    instrument: c.rec?.instrument,
    status: c.status,
    pastHorizon: date > timelineHorizon(),
    confirmation: c.rec?.confirmation,
    explanation: explainControlled(el, { date, blank: false }, regime),
    sources: c.rec ? [...new Set([...c.rec.sources, ...c.rec.instrument.sources])] : [],
  };
}

export function explainControlled(el: Element, d: { date: number; blank: boolean }, regime: Regime): string {
  const c = elementControl(el, d.date, regime);
  const head = `${el.name} (${el.symbol})`;
  const tail = `Regime ${regime}; date ${whenText(d)}.`;
  if (!c.rec) {
    return `${head}: not controlled: it is not listed in China's rare-earth export-control announcements (${controlledList()}). ${tail}`;
  }
  const rec = c.rec;
  const ins = rec.instrument;
  const forms = rec.forms.map((f) => f.form).join(", ");
  return (
    `${head}: ${c.controlled ? "controlled" : "not controlled"} on that date. ` +
    `${ins.citation}, ${codeText(rec)}; forms listed: ${forms}. ` +
    `Status: ${statusLine(c.status!, timelineHorizon())}. ${tail}`
  );
}

export function cnControlledExplain(
  elementRaw: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<string>> {
  return mapElements([elementRaw, asOfRaw, regimeRaw], CONTROLLED_PARAMS, (v) =>
    explainControlled(elementArg(v[0]), toAsOf(v[1], today), toRegime(v[2])),
  );
}

// ---------------------------------------------------------------------------
// EXPORT_RESTRICTED

export type Material =
  { raw: true; elements: readonly string[]; label: string } | { raw: false; form?: ItemForm; elements: readonly string[]; label: string };

const RAW_WORDS = [
  "raw",
  "ore",
  "ores",
  "concentrate",
  "concentrates",
  "raw ore",
  "raw material",
  "raw materials",
  "mineral concentrate",
  "unprocessed",
  "rare earth ore",
  "rare earth concentrate",
  "rare-earth ore",
  "rare-earth concentrate",
];
const FORM_WORDS: readonly (readonly [string, ItemForm])[] = Object.entries({
  metal: "metal",
  metals: "metal",
  alloy: "alloy",
  alloys: "alloy",
  target: "target",
  targets: "target",
  "sputtering target": "target",
  magnet: "magnet",
  magnets: "magnet",
  "permanent magnet": "magnet",
  "magnet material": "magnet",
  "permanent-magnet material": "magnet",
  oxide: "oxide",
  oxides: "oxide",
  compound: "compound",
  compounds: "compound",
  functional: "functional",
  "functional material": "functional",
} as Record<string, ItemForm>);
const RAW_KEYS = new Set(RAW_WORDS.map(compactKey));
const FORM_KEYS: ReadonlyMap<string, ItemForm> = new Map(FORM_WORDS.map(([k, v]) => [compactKey(k), v]));
/** Common magnet names → the element they are named after (NdFeB without Tb/Dy is not a listed item). */
const MAGNET_NAMES: ReadonlyMap<string, string> = new Map([
  ["ndfeb", "Nd"],
  ["ndfebmagnet", "Nd"],
  ["smco", "Sm"],
  ["smcomagnet", "Sm"],
]);

export const MATERIAL_HELP =
  'use "raw" ("ore", "concentrate"), a form ("oxide", "metal", "alloy", "magnet", "target", "compound"), an element ("Dy"), both ("Dy oxide") or an Annex 1 item ("TbFe alloy")';

/** Reads the material vocabulary. Unknown text → #VALUE! listing it. */
export function parseMaterial(text: string): Material {
  const k = compactKey(text);
  if (RAW_KEYS.has(k)) return { raw: true, elements: [], label: "raw rare-earth ore/concentrate" };
  const form = FORM_KEYS.get(k);
  if (form) return { raw: false, form, elements: [], label: form };
  const magnetOf = MAGNET_NAMES.get(k);
  if (magnetOf) return { raw: false, form: "magnet", elements: [magnetOf], label: text };
  const el = findElement(text);
  if (el) return { raw: false, elements: [el.symbol], label: el.name };
  const m = /^(.*?)[\s-]+([A-Za-z-]+(?: material)?)$/.exec(text.trim());
  if (m) {
    const e2 = findElement(m[1]);
    const fk = compactKey(m[2]);
    if (e2 && RAW_KEYS.has(fk)) return { raw: true, elements: [e2.symbol], label: `${e2.name} ${m[2]}` };
    if (e2 && FORM_KEYS.has(fk))
      return { raw: false, form: FORM_KEYS.get(fk), elements: [e2.symbol], label: `${e2.name} ${FORM_KEYS.get(fk)}` };
  }
  try {
    const it = resolveItem(text, "material");
    if (it.item) return { raw: false, form: it.item.form, elements: it.item.elements, label: it.item.name };
  } catch {
    // fall through to the vocabulary message
  }
  throw valueError(`material: "${clip(text)}" is not in the vocabulary; ${MATERIAL_HELP}`);
}

interface Hit {
  instrument: Instrument;
  status: StatusAt;
  applies: boolean;
  detail: string;
}

/** Exporting country (ISO alpha-2) → its restricting instruments, built once per data pack from instruments.json. */
const restrictionsByCountry = perPack((): Map<string, Instrument[]> => {
  const idx = new Map<string, Instrument[]>();
  for (const i of allInstruments()) {
    if (!i.exportingCountry || !i.restriction || (i.materials.length === 0 && i.elements.length === 0)) continue;
    const list = idx.get(i.exportingCountry);
    if (list) list.push(i);
    else idx.set(i.exportingCountry, [i]);
  }
  return idx;
});

const NO_INSTRUMENTS: readonly Instrument[] = [];

function restrictionsFor(iso2: string): readonly Instrument[] {
  return restrictionsByCountry().get(iso2) ?? NO_INSTRUMENTS;
}

function assess(iso2: string, mat: Material, date: number): Hit[] {
  const hits: Hit[] = [];
  for (const ins of restrictionsFor(iso2)) {
    const status = statusAt(ins, undefined, date, "as_written");
    const inForce = status.kind === "in_force";
    if (ins.materials.length > 0) {
      const covered = mat.raw;
      hits.push({
        instrument: ins,
        status,
        applies: covered && inForce,
        detail: covered
          ? `covers ${ins.materials.join("/")}`
          : `covers only ${ins.materials.join("/")} (processed products may be exported)`,
      });
      continue;
    }
    if (mat.raw) {
      hits.push({
        instrument: ins,
        status,
        applies: false,
        detail: "lists metals, alloys, targets, permanent-magnet and functional materials, oxides and compounds, not ores or concentrates",
      });
      continue;
    }
    const els = mat.elements.length ? mat.elements : ins.elements;
    const listed: string[] = [];
    const notListed: string[] = [];
    for (const sym of els) {
      const rec = controlledElement(sym);
      if (!rec || rec.instrument !== ins) {
        if (mat.elements.length) notListed.push(sym);
        continue;
      }
      if (!mat.form || rec.forms.some((f) => f.form === mat.form))
        listed.push(`${sym} (${rec.controlCode}${rec.codeConfirmation === "unconfirmed" ? ", code UNCONFIRMED" : ""})`);
      else notListed.push(`${sym} ${mat.form}`);
    }
    if (listed.length === 0 && mat.elements.length && notListed.every((s) => !s.includes(" "))) continue; // the element is not under this instrument at all
    const what = mat.form ? `${mat.form} of ` : "";
    const detail = listed.length ? `lists the ${what}${listed.join(", ")}` : `does not list ${notListed.join(", ") || `any ${mat.form}`}`;
    hits.push({ instrument: ins, status, applies: listed.length > 0 && inForce, detail });
  }
  return hits;
}

function countryArg(raw: unknown): { iso2: string; name: string } {
  return toCountry(raw, "country");
}

const RESTRICTED_PARAMS: readonly ParamDecl[] = [
  { name: "country", type: "country", required: true, zeroIsBlank: true },
  { name: "material", type: "text", required: true, zeroIsBlank: true },
  { name: "as_of", type: "date", optional: true, default: AS_OF_BLANK, zeroIsBlank: true },
];

export function exportRestricted(
  countryRaw: unknown,
  materialRaw: unknown,
  asOfRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<boolean>> {
  return mapElements([countryRaw, materialRaw, asOfRaw], RESTRICTED_PARAMS, (v) => {
    const c = countryArg(v[0]);
    const mat = parseMaterial(toText(v[1], "material", { zeroIsBlank: true }));
    const d = toAsOf(v[2], today);
    return assess(c.iso2, mat, d.date).some((h) => h.applies);
  });
}

export function explainRestricted(country: { iso2: string; name: string }, mat: Material, d: { date: number; blank: boolean }): string {
  const hits = assess(country.iso2, mat, d.date);
  const on = `on ${whenText(d)}`;
  if (hits.length === 0) {
    const all = [...restrictionsByCountry().keys()];
    const scope =
      restrictionsFor(country.iso2).length === 0
        ? `no export ban or licence requirement on rare-earth materials from ${country.name} is in the data (it covers ${all.join(", ")})`
        : `none of ${country.name}'s measures in the data covers it`;
    return `${country.name}, ${mat.label}: not restricted ${on}: ${scope}.`;
  }
  const restricted = hits.filter((h) => h.applies);
  const verdict = restricted.length
    ? `${restricted.some((h) => h.instrument.restriction === "ban") ? "export banned" : "export licence required"}`
    : "not restricted";
  const parts = hits.map(
    (h) => `${h.instrument.short} (${h.instrument.citation}) ${h.detail}; status: ${statusLine(h.status, timelineHorizon())}`,
  );
  return `${country.name}, ${mat.label}: ${verdict} ${on}. ${parts.join(". ")}. Dates as written (instruments' own dates and suspensions).`;
}

export function exportRestrictedExplain(
  countryRaw: unknown,
  materialRaw: unknown,
  asOfRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<string>> {
  return mapElements([countryRaw, materialRaw, asOfRaw], RESTRICTED_PARAMS, (v) =>
    explainRestricted(countryArg(v[0]), parseMaterial(toText(v[1], "material", { zeroIsBlank: true })), toAsOf(v[2], today)),
  );
}

/** The declarations of CN_CONTROLLED, EXPORT_RESTRICTED and their _EXPLAIN twins. */
export const controlFunctions = {
  CN_CONTROLLED: declare("CN_CONTROLLED", "matrix", CONTROLLED_PARAMS, (e: unknown, d: unknown, r: unknown) => cnControlled(e, d, r)),
  CN_CONTROLLED_EXPLAIN: declare("CN_CONTROLLED_EXPLAIN", "matrix", CONTROLLED_PARAMS, (e: unknown, d: unknown, r: unknown) =>
    cnControlledExplain(e, d, r),
  ),
  EXPORT_RESTRICTED: declare("EXPORT_RESTRICTED", "matrix", RESTRICTED_PARAMS, (c: unknown, m: unknown, d: unknown) => exportRestricted(c, m, d)),
  EXPORT_RESTRICTED_EXPLAIN: declare("EXPORT_RESTRICTED_EXPLAIN", "matrix", RESTRICTED_PARAMS, (c: unknown, m: unknown, d: unknown) =>
    exportRestrictedExplain(c, m, d),
  ),
};

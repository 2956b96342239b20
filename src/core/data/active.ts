/**
 * The active data pack: the datasets every loader reads, where they came from, and the
 * organisation records in them. At start it is the pack bundled into functions.js; the add-in then
 * reads the pack its host publishes (src/core/pack/load.ts) and, once that is checked, activates it
 * here. Every loader's indexes are built per pack (perPack): activating a pack makes them rebuild
 * on next use, so no answer mixes two packs.
 *
 * Functions called while the published pack is still being fetched and checked wait for it
 * (whenPackSettled, bounded by the loader's own timeouts and a hard cap), so a sheet is computed
 * from one pack.
 *
 * Pure: no DOM, no Office.
 */
import cnItems from "../../data/cn_items.json";
import countries from "../../data/countries.json";
import elements from "../../data/elements.json";
import hs from "../../data/hs.json";
import htsUs from "../../data/hts_us.json";
import instruments from "../../data/instruments.json";
import header from "../../data/pack.json";
import partnerTariffs from "../../data/partner_tariffs.json";
import prices from "../../data/prices.json";
import production from "../../data/production.json";
import sources from "../../data/sources.json";
import stageShares from "../../data/stage_shares.json";
import tariffLayers from "../../data/tariff_layers.json";
import usImports from "../../data/us_imports.json";
import type { PackHeader } from "../pack/format";
import type { OrgRecord, OverlayInfo } from "../pack/format";

/** The datasets bundled into this build, by name. */
export const BUNDLED_DATASETS: Readonly<Record<string, unknown>> = {
  cn_items: cnItems,
  countries,
  elements,
  hs,
  hts_us: htsUs,
  instruments,
  partner_tariffs: partnerTariffs,
  prices,
  production,
  sources,
  stage_shares: stageShares,
  tariff_layers: tariffLayers,
  us_imports: usImports,
};

export const BUNDLED_HEADER: PackHeader = header as PackHeader;

declare const __BUNDLED_PACK_SHA256__: string | undefined;
// Timers exist in every runtime this runs in (browsers, Excel's runtimes, Node); the core compiles without their typings.
declare function setTimeout(fn: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;
/** SHA-256 of the bundled pack's file (dist/data/pack-<version>.json), set by the build; null under plain Node. */
export const BUNDLED_SHA256: string | null = typeof __BUNDLED_PACK_SHA256__ === "string" ? __BUNDLED_PACK_SHA256__ : null;

/** Where the active pack came from. */
export type PackOrigin = "bundled" | "update" | "cache";

export interface Horizons {
  /** China's export-control statuses (instruments.json "horizon"). */
  china: string;
  /** US tariff layers (tariff_layers.json "horizon"). */
  us: string;
  /** Partner importers' statuses by ISO alpha-2 (partner_tariffs.json importers[].horizon). */
  partners: Readonly<Record<string, string>>;
}

export interface PackState {
  version: string;
  compiled: string;
  minAddinVersion: string;
  /** SHA-256 of the pack file (hex); null for the bundled pack outside a build. */
  sha256: string | null;
  origin: PackOrigin;
  /** The published file it came from ("pack-2026.12.15.json"). */
  file?: string;
  horizons: Horizons;
  /** The organisation's overlay on top, if any. */
  overlay?: OverlayInfo;
  /** Why a published pack is not the one in use (hash mismatch, failed checks, timeout...), or undefined. */
  notice?: string;
  /** When the host was last asked (ISO date-time), if it was. */
  checkedAt?: string;
}

interface Active {
  datasets: Readonly<Record<string, unknown>>;
  state: PackState;
}

export function horizonsOf(datasets: Readonly<Record<string, unknown>>): Horizons {
  const ins = datasets.instruments as { horizon?: string } | undefined;
  const tl = datasets.tariff_layers as { horizon?: string } | undefined;
  const pt = datasets.partner_tariffs as { importers?: { iso2: string; horizon?: string }[] } | undefined;
  const partners: Record<string, string> = {};
  for (const i of pt?.importers ?? []) if (i.horizon) partners[i.iso2] = i.horizon;
  return { china: ins?.horizon ?? "", us: tl?.horizon ?? "", partners };
}

function bundledActive(): Active {
  return {
    datasets: BUNDLED_DATASETS,
    state: {
      version: BUNDLED_HEADER.version,
      compiled: BUNDLED_HEADER.compiled,
      minAddinVersion: BUNDLED_HEADER.minAddinVersion,
      sha256: BUNDLED_SHA256,
      origin: "bundled",
      horizons: horizonsOf(BUNDLED_DATASETS),
    },
  };
}

let active: Active | null = null;
let generation = 0;
const listeners = new Set<(state: PackState) => void>();

function current(): Active {
  return (active ??= bundledActive());
}

/** A dataset document of the active pack ("countries" → { dataset, description, records }). */
export function dataset<T>(name: string): T {
  const d = current().datasets[name];
  if (d === undefined) throw new Error(`the active data pack has no dataset "${name}"`);
  return d as T;
}

/** Every dataset of the active pack by name. */
export function activeDatasets(): Readonly<Record<string, unknown>> {
  return current().datasets;
}

export function packState(): PackState {
  return current().state;
}

/** Increases each time another pack becomes active. */
export function packGeneration(): number {
  return generation;
}

/**
 * A value built from the active pack, rebuilt on first use after another pack becomes active:
 * `const index = perPack(() => buildIndex())`, then `index()` where the index is needed.
 */
export function perPack<T>(build: () => T): () => T {
  let built = -1;
  let value: T;
  return () => {
    if (built !== generation) {
      value = build();
      built = generation;
    }
    return value;
  };
}

/** The overlay's record for `<dataset> <key>` ("instruments", "MOFCOM-61-2025"), if the active pack has one. */
export function orgRecord(datasetName: string, key: string): OrgRecord | undefined {
  return current().state.overlay?.records.get(`${datasetName} ${key}`);
}

/** Makes a checked pack the active one (loaders rebuild on next use) and tells the listeners. */
export function activatePack(datasets: Readonly<Record<string, unknown>>, state: Omit<PackState, "horizons">): void {
  active = { datasets, state: { ...state, horizons: horizonsOf(datasets) } };
  generation++;
  for (const l of [...listeners]) l(active.state);
}

/** Back to the bundled pack, with a notice saying why (or none). */
export function activateBundled(notice?: string, checkedAt?: string): void {
  const b = bundledActive();
  activatePack(b.datasets, { ...b.state, notice, checkedAt });
}

/** Updates the notice (and when the host was asked) without changing the data. */
export function setPackNotice(notice: string | undefined, checkedAt?: string): void {
  const a = current();
  a.state = { ...a.state, notice, ...(checkedAt ? { checkedAt } : {}) };
  for (const l of [...listeners]) l(a.state);
}

/** Calls `fn` whenever the active pack or its notice changes; returns the unsubscribe function. */
export function onPackChange(fn: (state: PackState) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// ---------------------------------------------------------------------------
// Use: the first function result computed from each pack is announced once, so that the Office
// side can record in the workbook which data computed it.

let usedGeneration = -1;
const useListeners = new Set<(state: PackState) => void>();

/** Called by every function before it computes; tells the listeners once per active pack. */
export function notePackUse(): void {
  if (usedGeneration === generation) return;
  usedGeneration = generation;
  const st = current().state;
  for (const l of [...useListeners]) l(st);
}

/** Calls `fn` the first time a function computes with a pack (and again after another pack is activated); returns the unsubscribe function. */
export function onPackUse(fn: (state: PackState) => void): () => void {
  useListeners.add(fn);
  return () => useListeners.delete(fn);
}

/** true once some function has computed with the active pack. */
export function packUsed(): boolean {
  return usedGeneration === generation;
}

// ---------------------------------------------------------------------------
// Readiness: functions wait (bounded) while the published pack is being read.

let pending: Promise<void> | null = null;

/**
 * Marks the published pack as being read until `load` settles, or `maxWaitMs` have passed (after
 * which waiting functions answer from the pack active then, and the pack may still change later).
 */
export function beginPackLoad(load: Promise<unknown>, maxWaitMs: number): Promise<void> {
  let timer: unknown;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, maxWaitMs);
  });
  const p: Promise<void> = Promise.race([load.then(noop, noop), cap]).then(() => {
    if (timer !== undefined) clearTimeout(timer);
    if (pending === p) pending = null;
  });
  pending = p;
  return p;
}

function noop(): void {}

/** true when no published pack is being read (functions may answer at once). */
export function packSettled(): boolean {
  return pending === null;
}

/** Resolves when no published pack is being read. */
export function whenPackSettled(): Promise<void> {
  return pending ?? Promise.resolve();
}

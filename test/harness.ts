/**
 * Function harness for tests: the BUILT dist/functions.js loaded in a bare Node
 * `vm` context whose only global is a CustomFunctions shim (scripts/lib/bundle.cjs),
 * called the way Excel calls it: null for omitted optional arguments, 2-D arrays
 * for ranges (a single cell given to a matrix parameter arrives as [[v]]), date
 * serials for dates. Driven by dist/functions.json, so a function declared but
 * not registered (or the reverse) is caught.
 */
import * as path from "path";

/** A checked data pack to run the bundle with instead of its bundled one (see scripts/lib/bundle.cjs). */
export interface HarnessPack {
  datasets: Record<string, unknown>;
  state: { version: string; compiled: string; minAddinVersion: string; sha256: string | null; origin: "bundled" | "update" | "cache"; file?: string; overlay?: unknown; notice?: string };
}

const impl = require("../scripts/lib/bundle.cjs") as {
  loadBundle(dir: string, opts?: { pack?: HarnessPack }): Bundle;
  ShimError: new (code: string, message?: string) => ShimError;
  ERROR_CODES: Record<string, string>;
};

export interface FunctionMeta {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: { name: string; description?: string; type?: string; dimensionality?: string; optional?: boolean; repeating?: boolean }[];
  result: { type?: string; dimensionality?: string };
  options?: Record<string, unknown>;
}

export interface Metadata {
  functions: FunctionMeta[];
  allowCustomDataForDataTypeAny?: boolean;
  allowErrorForDataTypeAny?: boolean;
}

/** What the shim's CustomFunctions.Error instances look like. */
export interface ShimError {
  type: "CustomFunctions.Error";
  code: string;
  message?: string;
}

export interface Bundle {
  dist: string;
  metadata: Metadata;
  /** id → registered function */
  registry: Map<string, (...args: unknown[]) => unknown>;
  /** Calls TRADE.<id> like Excel: missing trailing optional args become null; scalars given to matrix params are wrapped as [[v]]. */
  call(id: string, ...args: unknown[]): unknown;
  /** The raw function (no argument adaptation). */
  fn(id: string): (...args: unknown[]) => unknown;
  /** The bundle's active data pack. */
  packState(): { version: string; origin: string; horizons: { china: string; us: string }; overlay?: { organisation: string; sha256: string }; notice?: string } | undefined;
}

export const ShimError = impl.ShimError;
export const ERROR_CODES = impl.ERROR_CODES;

export function distDir(): string {
  return path.resolve(__dirname, "..", process.env.DIST_DIR || "dist");
}

const cache = new Map<string, Bundle>();

/**
 * The built bundle, loaded once per folder, answering from its bundled data pack; with `pack`, a
 * fresh copy that answers from that pack instead (every existing test keeps the bundled one).
 */
export function loadBundle(dir = distDir(), opts: { pack?: HarnessPack } = {}): Bundle {
  if (opts.pack) return impl.loadBundle(dir, { pack: opts.pack });
  let b = cache.get(dir);
  if (!b) {
    b = impl.loadBundle(dir);
    cache.set(dir, b);
  }
  return b;
}

/** True for an Excel error value produced by the bundle, optionally of a given code ("#VALUE!"). */
export function isExcelError(v: unknown, code?: string): v is ShimError {
  return v instanceof impl.ShimError && (code === undefined || (v as ShimError).code === code);
}

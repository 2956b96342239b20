/**
 * The data pack as a file, the overlay an organisation adds on top of it, and data/latest.json,
 * which names both on the add-in's host:
 *
 *   data/latest.json       { version, file, sha256, minAddinVersion, overlay?: { file, sha256 } }
 *   data/pack-<v>.json     { format, formatVersion, version, compiled, minAddinVersion, datasets: { <name>: <document> } }
 *   data/<overlay>.json    { format, formatVersion, organisation, version, description?, datasets: { <name>: { records?, lines?, importers?, products? } } }
 *
 * A pack or overlay is data only: JSON, parsed with every key that could reach an object's
 * prototype refused (parsePackJson), size-capped, checked against its SHA-256 and then against the
 * same schemas and integrity rules as the build (check.ts).
 *
 * Pure: no DOM, no Office.
 */

/** One dataset document by name ("countries" → { dataset, description, records, ... }); untrusted until checked. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- documents are read field by field, each access guarded
export type Datasets = Record<string, any>;

/** One record an organisation's overlay supplied (src/pack/overlay.ts). */
export interface OrgRecord {
  dataset: string;
  /** "records", "lines", "importers" or "products". */
  list: string;
  key: string;
  record: Record<string, unknown>;
  /** The built-in record it replaced; undefined when it adds a record. */
  replaced?: Record<string, unknown>;
}

export interface OverlayInfo {
  organisation: string;
  version: string;
  description?: string;
  /** SHA-256 of the overlay file (hex). */
  sha256: string;
  file: string;
  /** The overlay's own sources. */
  sources: readonly Record<string, unknown>[];
  /** "<dataset> <key>" → the record (records of every list, sources included). */
  records: ReadonlyMap<string, OrgRecord>;
}

/** Largest pack or overlay file read (bytes): the bundled pack is about 0.3 MB. */
export const MAX_PACK_BYTES = 8 * 1024 * 1024;
export const MAX_OVERLAY_BYTES = 2 * 1024 * 1024;
export const MAX_LATEST_BYTES = 16 * 1024;

/** The pack's header (src/data/pack.json). */
export interface PackHeader {
  version: string;
  compiled: string;
  minAddinVersion: string;
  description?: string;
}

export interface PackFile extends PackHeader {
  format: "rare-earth-trade-modeler/pack";
  formatVersion: number;
  datasets: Record<string, unknown>;
}

export interface OverlayFile {
  format: "rare-earth-trade-modeler/overlay";
  formatVersion: number;
  organisation: string;
  version: string;
  description?: string;
  /** Per dataset, the lists it adds to or amends ("records", "lines", "importers", "products"). */
  datasets: Record<string, Record<string, Record<string, unknown>[]>>;
}

export interface LatestFile {
  version: string;
  file: string;
  sha256: string;
  minAddinVersion: string;
  overlay?: { file: string; sha256: string };
}

export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackError";
  }
}

/** Keys that could reach Object.prototype if a document were ever merged into a plain object. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** JSON.parse that refuses __proto__, constructor and prototype keys anywhere in the document. */
export function parsePackJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text, (key, value) => {
      if (FORBIDDEN_KEYS.has(key)) throw new PackError(`${what}: the key "${key}" is not allowed in a data file`);
      return value;
    });
  } catch (e) {
    if (e instanceof PackError) throw e;
    throw new PackError(`${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Compares "2026.11.30" and "2026.12.15.2" (or semver "0.1.0") part by part as numbers: <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => parseInt(x, 10));
  const pb = b.split(/[.-]/).map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = Number.isFinite(pa[i]) ? pa[i] : 0;
    const y = Number.isFinite(pb[i]) ? pb[i] : 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** A file named in data/latest.json: a plain name in the same folder, never a path or a URL. */
export const SAFE_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.json$/;

/** Problems of data/latest.json's content, as messages ([] = usable). */
export function latestProblems(latest: unknown): string[] {
  const out: string[] = [];
  if (!latest || typeof latest !== "object" || Array.isArray(latest)) return ["latest.json holds one JSON object"];
  const l = latest as Record<string, unknown>;
  const str = (k: string, re: RegExp, what: string) => {
    if (typeof l[k] !== "string" || !re.test(l[k] as string)) out.push(`"${k}" must be ${what}`);
  };
  str("version", /^\d{4}\.\d{2}\.\d{2}(\.\d{1,3})?$/, "a pack version (YYYY.MM.DD)");
  str("file", SAFE_FILE, "a plain .json file name in the same folder");
  str("sha256", /^[0-9a-f]{64}$/, "the file's SHA-256 in lower-case hex");
  str("minAddinVersion", /^\d+\.\d+\.\d+$/, "an add-in version (x.y.z)");
  for (const k of Object.keys(l)) if (!["version", "file", "sha256", "minAddinVersion", "overlay", "note"].includes(k)) out.push(`unknown field "${k}"`);
  if (l.overlay !== undefined) {
    const o = l.overlay as Record<string, unknown> | null;
    if (!o || typeof o !== "object") out.push(`"overlay" must be { file, sha256 }`);
    else {
      if (typeof o.file !== "string" || !SAFE_FILE.test(o.file)) out.push(`"overlay.file" must be a plain .json file name in the same folder`);
      if (typeof o.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(o.sha256)) out.push(`"overlay.sha256" must be the file's SHA-256 in lower-case hex`);
    }
  }
  return out;
}

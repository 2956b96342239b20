/**
 * Reads the data its host publishes: data/latest.json, the pack file it names and an optional
 * organisation overlay, all from the add-in's own origin. Every file is size-capped and checked
 * against the SHA-256 latest.json gives; then `verify` parses it as data only and checks it with the
 * same schemas and rules as the build (src/pack/verify.ts: in a worker in the add-in, directly under
 * Node); an overlay is merged and the result checked again. Anything that fails leaves the last
 * good published data this runtime cached (checked again) or else the bundled pack in use, with a
 * notice saying which and why.
 *
 * The platform (fetch, SHA-256, storage, the checker) is passed in, so the same code runs in the
 * task pane's page, in Excel's runtimes and under Node in tests.
 *
 * Pure: no DOM, no Office.
 */
import {
  MAX_LATEST_BYTES,
  MAX_OVERLAY_BYTES,
  MAX_PACK_BYTES,
  PackError,
  compareVersions,
  latestProblems,
  parsePackJson,
  type Datasets,
  type LatestFile,
  type OverlayInfo,
  type PackHeader,
} from "./format";

/** What the checker is asked (src/pack/verify.ts VerifyRequest). */
export interface VerifyRequest {
  pack?: { text: string; what: string };
  base?: Datasets;
  overlay?: { text: string; sha256: string; file: string };
}
export type VerifyResult = { ok: true; datasets: Datasets; header?: PackHeader; overlay?: OverlayInfo } | { ok: false; message: string };

export interface Fetched {
  status: number;
  /** The body as received (hashed). */
  bytes: Uint8Array;
  /** The body as UTF-8 text. */
  text: string;
}

export interface LoaderDeps {
  /**
   * GET a URL. Resolves for any HTTP status; rejects on a network failure, when `timeoutMs` passes
   * (an Error named "TimeoutError") or when the body is larger than `maxBytes` (a PackError).
   */
  get(url: string, opts: { timeoutMs: number; maxBytes: number; fresh?: boolean }): Promise<Fetched>;
  /** SHA-256 of bytes (or of a string's UTF-8 bytes), lower-case hex. */
  sha256(data: Uint8Array | string): Promise<string>;
  /** Where the last good published data is kept between sessions (localStorage in a page), if anywhere. */
  storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void };
  /** The folder that holds data/ (the add-in's own origin and path), ending in "/". */
  baseUrl: string;
  addinVersion: string;
  now(): Date;
  /** Ask the host again rather than a cache (the pane's "Check for data update"). */
  fresh?: boolean;
  /** Checks a pack file and/or overlay with the build's schemas and rules (src/pack/verify.ts verifyPublished); never rejects. */
  verify(req: VerifyRequest): Promise<VerifyResult>;
}

export const LATEST_TIMEOUT_MS = 5000;
export const FILE_TIMEOUT_MS = 15000;
const CACHE_KEY = "rare-earth-trade-modeler:last-good-data";

export interface Published {
  kind: "published";
  datasets: Datasets;
  header: PackHeader;
  sha256: string;
  /** "update" when read from the host now, "cache" for the last good copy, "bundled" when the host names the bundled pack. */
  origin: "update" | "cache" | "bundled";
  file: string;
  overlay?: OverlayInfo;
  /** Set when this is the last good copy because the host's current data could not be used. */
  notice?: string;
  checkedAt: string;
}

export interface UseBundled {
  kind: "bundled";
  /** Why nothing published is used (undefined when the host simply names the bundled pack). */
  notice?: string;
  checkedAt: string;
}

export interface BundledPack {
  header: PackHeader;
  sha256: string | null;
  datasets: Datasets;
}

interface Cached {
  latest: LatestFile;
  pack?: string;
  overlay?: string;
}

const short = (h: string) => h.slice(0, 8) + "…";

function reason(e: unknown, what: string, timeoutMs: number): string {
  if (e instanceof PackError) return e.message;
  if (e instanceof Error && e.name === "TimeoutError") return `${what} did not answer within ${timeoutMs / 1000} s`;
  return `${what} could not be read (${e instanceof Error ? e.message : String(e)})`;
}

export async function fetchChecked(deps: LoaderDeps, file: string, sha256: string, maxBytes: number): Promise<string> {
  const what = `data/${file}`;
  let r: Fetched;
  try {
    r = await deps.get(deps.baseUrl + "data/" + file, { timeoutMs: FILE_TIMEOUT_MS, maxBytes, fresh: deps.fresh });
  } catch (e) {
    throw new PackError(reason(e, what, FILE_TIMEOUT_MS));
  }
  if (r.status !== 200) throw new PackError(`${what}: HTTP ${r.status}`);
  if (r.bytes.length > maxBytes) throw new PackError(`${what} is larger than ${maxBytes / 1024 / 1024} MB`);
  const got = await deps.sha256(r.bytes);
  if (got !== sha256) throw new PackError(`${what} does not match the SHA-256 that data/latest.json gives (it is ${short(got)}, expected ${short(sha256)})`);
  return r.text;
}

/** Runs the checker and turns a failure into a PackError. */
export async function verified(deps: LoaderDeps, req: VerifyRequest): Promise<{ datasets: Datasets; header?: PackHeader; overlay?: OverlayInfo }> {
  let r: VerifyResult;
  try {
    r = await deps.verify(req);
  } catch (e) {
    throw new PackError(`the data could not be checked (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!r.ok) throw new PackError(r.message);
  return r;
}

function cachedCopy(deps: LoaderDeps): Cached | undefined {
  try {
    const t = deps.storage?.getItem(CACHE_KEY);
    return t ? (JSON.parse(t) as Cached) : undefined;
  } catch {
    return undefined;
  }
}

/** The last good published data, checked again, if it is newer than the bundled pack; else undefined. */
async function fromCache(deps: LoaderDeps, bundled: BundledPack, notice: string, checkedAt: string): Promise<Published | undefined> {
  const c = cachedCopy(deps);
  if (!c || latestProblems(c.latest).length) return undefined;
  try {
    if (c.pack === undefined ? c.latest.version !== bundled.header.version : compareVersions(c.latest.version, bundled.header.version) < 0) return undefined;
    if (c.pack !== undefined && (await deps.sha256(c.pack)) !== c.latest.sha256) return undefined;
    if (c.latest.overlay && (c.overlay === undefined || (await deps.sha256(c.overlay)) !== c.latest.overlay.sha256)) return undefined;
    if (c.pack === undefined && !c.latest.overlay) return undefined;
    const r = await verified(deps, {
      pack: c.pack !== undefined ? { text: c.pack, what: `the cached ${c.latest.file}` } : undefined,
      base: c.pack === undefined ? bundled.datasets : undefined,
      overlay: c.latest.overlay && c.overlay !== undefined ? { text: c.overlay, ...c.latest.overlay } : undefined,
    });
    const header = r.header ?? bundled.header;
    return { kind: "published", datasets: r.datasets, header, sha256: c.latest.sha256, origin: "cache", file: c.latest.file, overlay: r.overlay, notice, checkedAt };
  } catch {
    return undefined;
  }
}

function remember(deps: LoaderDeps, c: Cached): void {
  try {
    deps.storage?.setItem(CACHE_KEY, JSON.stringify(c));
  } catch {
    // A full or unavailable storage only means no copy for the next session.
  }
}

/**
 * Reads what the host publishes. Resolves (never rejects) with the data to use: the published pack
 * (with its overlay), the last good cached copy with a notice, or "use the bundled pack" with a notice.
 */
export async function readPublished(deps: LoaderDeps, bundled: BundledPack): Promise<Published | UseBundled> {
  const checkedAt = deps.now().toISOString();
  const fallback = async (why: string): Promise<Published | UseBundled> => {
    const cached = await fromCache(deps, bundled, `the host's data could not be used (${why}); using the last good copy, checked again`, checkedAt);
    return cached ?? { kind: "bundled", notice: `the host's data could not be used: ${why}`, checkedAt };
  };

  // 1. data/latest.json
  let latest: LatestFile;
  try {
    const r = await deps.get(deps.baseUrl + "data/latest.json", { timeoutMs: LATEST_TIMEOUT_MS, maxBytes: MAX_LATEST_BYTES, fresh: deps.fresh });
    if (r.status !== 200) return fallback(`data/latest.json: HTTP ${r.status}`);
    // latestProblems also refuses a "file" that is a path or a URL: only plain names in data/ are read.
    latest = parsePackJson(r.text, "data/latest.json") as LatestFile;
    const problems = latestProblems(latest);
    if (problems.length) return fallback(`data/latest.json is malformed: ${problems.join("; ")}`);
  } catch (e) {
    return fallback(reason(e, "data/latest.json", LATEST_TIMEOUT_MS));
  }
  if (compareVersions(latest.minAddinVersion, deps.addinVersion) > 0) {
    return fallback(`the published pack ${latest.version} needs add-in ${latest.minAddinVersion} or later (this is ${deps.addinVersion})`);
  }
  const order = compareVersions(latest.version, bundled.header.version);
  if (order < 0) return fallback(`the published pack ${latest.version} is older than the bundled pack ${bundled.header.version}`);

  // 2. the files: the pack (unless the host names the bundled one) and the organisation's overlay,
  //    each checked against its SHA-256, then both checked by the checker
  const isBundled = order === 0 && bundled.sha256 !== null && latest.sha256 === bundled.sha256;
  if (order === 0 && !isBundled) return fallback(`the published pack ${latest.version} differs from the bundled pack of the same version (SHA-256 ${short(latest.sha256)}); a changed pack needs a new version`);
  let packText: string | undefined;
  let overlayText: string | undefined;
  let datasets: Datasets = bundled.datasets;
  let header: PackHeader = bundled.header;
  let overlay: OverlayInfo | undefined;
  try {
    if (!isBundled) packText = await fetchChecked(deps, latest.file, latest.sha256, MAX_PACK_BYTES);
    if (latest.overlay) overlayText = await fetchChecked(deps, latest.overlay.file, latest.overlay.sha256, MAX_OVERLAY_BYTES);
    if (packText !== undefined || overlayText !== undefined) {
      const r = await verified(deps, {
        pack: packText !== undefined ? { text: packText, what: `data/${latest.file}` } : undefined,
        base: packText === undefined ? bundled.datasets : undefined,
        overlay: overlayText !== undefined && latest.overlay ? { text: overlayText, ...latest.overlay } : undefined,
      });
      datasets = r.datasets;
      overlay = r.overlay;
      if (r.header) header = r.header;
    }
  } catch (e) {
    return fallback(e instanceof PackError ? e.message : String(e));
  }
  if (header.version !== latest.version) return fallback(`data/${latest.file} holds pack ${header.version}, not ${latest.version} as data/latest.json says`);
  if (compareVersions(header.minAddinVersion, deps.addinVersion) > 0) return fallback(`data/${latest.file} needs add-in ${header.minAddinVersion} or later (this is ${deps.addinVersion})`);

  const published: Published = {
    kind: "published",
    datasets,
    header,
    sha256: latest.sha256,
    origin: packText === undefined ? "bundled" : "update",
    file: latest.file,
    overlay,
    checkedAt,
  };
  if (packText !== undefined || overlayText !== undefined) remember(deps, { latest, pack: packText, overlay: overlayText });
  return published;
}


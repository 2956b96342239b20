/**
 * Loads the data pack the add-in's host publishes (data/latest.json beside taskpane.html), in the
 * runtime that runs the custom functions: fetch from the add-in's own origin (the page's
 * Content-Security-Policy allows nothing else), SHA-256 with Web Crypto, the last good copy in
 * localStorage. The checks and the choice of pack are in src/core/pack/load.ts; this file only
 * supplies the platform. Where there is no fetch, no Web Crypto or no http(s) page (Node, tests,
 * a runtime without them), the bundled pack is used and nothing is fetched.
 *
 * No DOM: fetch, AbortController, crypto.subtle, TextEncoder/TextDecoder and localStorage only.
 */
import { BUNDLED_DATASETS, BUNDLED_HEADER, BUNDLED_SHA256, activateBundled, activatePack, beginPackLoad, packState, setPackNotice, type PackState } from "../core/data/active";
import { PackError } from "../core/pack/format";
import { readPublished, type BundledPack, type Fetched, type LoaderDeps, type VerifyRequest, type VerifyResult } from "../core/pack/load";
import { ADDIN_VERSION } from "../core/version";

/** Longest a function waits for the published pack before answering from the pack active then. */
export const PACK_WAIT_MS = 20000;

interface WorkerLike {
  onmessage: ((e: { data: { id: number; result: VerifyResult } }) => void) | null;
  onerror: ((e: { message?: string }) => void) | null;
  postMessage(msg: { id: number; request: VerifyRequest }): void;
  terminate(): void;
}

interface Platform {
  Worker?: new (url: string) => WorkerLike;
  fetch: (url: string, init: Record<string, unknown>) => Promise<{ status: number; headers: { get(n: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> }>;
  crypto: { subtle: { digest(alg: string, data: Uint8Array): Promise<ArrayBuffer> } };
  location: { href: string; protocol: string };
  localStorage?: { getItem(k: string): string | null; setItem(k: string, v: string): void; removeItem(k: string): void };
}

function platform(): Platform | undefined {
  const g = globalThis as unknown as Partial<Platform> & { AbortController?: unknown; TextDecoder?: unknown };
  if (typeof g.fetch !== "function" || !g.crypto?.subtle || typeof g.AbortController !== "function" || typeof g.TextDecoder !== "function") return undefined;
  if (!g.location || typeof g.location.href !== "string" || !/^https?:$/.test(g.location.protocol)) return undefined;
  return g as Platform;
}

function hex(buf: ArrayBuffer): string {
  return Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
}

function localStore(p: Platform): LoaderDeps["storage"] {
  try {
    return p.localStorage ?? undefined;
  } catch {
    return undefined; // storage disabled (e.g. some private modes)
  }
}

function deps(p: Platform, fresh: boolean): LoaderDeps {
  const decoder = new TextDecoder("utf-8");
  return {
    baseUrl: new URL(".", p.location.href).href,
    addinVersion: ADDIN_VERSION,
    now: () => new Date(),
    fresh,
    storage: localStore(p),
    verify: (req) => verifyInWorker(p, req),
    sha256: async (d) => hex(await p.crypto.subtle.digest("SHA-256", typeof d === "string" ? new TextEncoder().encode(d) : d)),
    get: async (url, { timeoutMs, maxBytes, fresh: noCache }): Promise<Fetched> => {
      const ctl = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ctl.abort();
      }, timeoutMs);
      try {
        const res = await p.fetch(url, { signal: ctl.signal, cache: noCache ? "no-cache" : "default", credentials: "same-origin", redirect: "error" });
        const tooLarge = (n: number) => {
          if (n > maxBytes) throw new PackError(`${url.replace(/^.*\/data\//, "data/")} is larger than ${(maxBytes / 1024 / 1024).toFixed(2)} MB`);
        };
        // Refused before it is read when the host says how large it is, and after in any case.
        tooLarge(Number(res.headers.get("content-length")) || 0);
        const bytes = new Uint8Array(await res.arrayBuffer());
        tooLarge(bytes.length);
        const text = decoder.decode(bytes);
        return { status: res.status, bytes, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
      } catch (e) {
        if (timedOut) {
          const t = new Error("timed out");
          t.name = "TimeoutError";
          throw t;
        }
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Longest the checker may take on one pack (it takes well under a second). */
const VERIFY_TIMEOUT_MS = 30000;
let worker: WorkerLike | undefined;
let seq = 0;
const waiting = new Map<number, (r: VerifyResult) => void>();

/**
 * Checks published data in a worker (dist/pack-check.js, src/pack/worker.ts): the checker is not
 * part of functions.js and does not run on the page's main thread. Without workers the data is
 * not used, and the notice says why.
 */
function verifyInWorker(p: Platform, req: VerifyRequest): Promise<VerifyResult> {
  if (typeof p.Worker !== "function") return Promise.resolve({ ok: false, message: "this runtime has no web workers to check a data update in" });
  const fail = (message: string) => {
    for (const done of waiting.values()) done({ ok: false, message });
    waiting.clear();
    worker?.terminate();
    worker = undefined;
  };
  if (!worker) {
    try {
      worker = new p.Worker(new URL("pack-check.js", p.location.href).href);
    } catch (e) {
      return Promise.resolve({ ok: false, message: `the data checker could not start (${e instanceof Error ? e.message : String(e)})` });
    }
    worker.onmessage = (e) => {
      const done = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      done?.(e.data.result);
    };
    worker.onerror = (e) => fail(`the data checker failed (${e.message ?? "pack-check.js could not run"})`);
  }
  const id = ++seq;
  return new Promise<VerifyResult>((resolve) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve({ ok: false, message: `the data checker did not answer within ${VERIFY_TIMEOUT_MS / 1000} s` });
    }, VERIFY_TIMEOUT_MS);
    waiting.set(id, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
    worker!.postMessage({ id, request: req });
  });
}

function samePack(state: PackState, sha256: string, overlaySha: string | undefined): boolean {
  return state.sha256 === sha256 && state.overlay?.sha256 === overlaySha;
}

/**
 * Reads the host's data/latest.json and what it names, and activates it when it passes every check
 * (see src/core/pack/load.ts). Functions called meanwhile wait for it (PACK_WAIT_MS at most).
 * `fresh` asks the host rather than the browser cache. Resolves with the active pack's state.
 */
export function refreshPack(fresh = false): Promise<PackState> {
  const p = platform();
  if (!p) return Promise.resolve(packState());
  const load = readPublished(deps(p, fresh), bundledPack()).then((r) => {
    const st = packState();
    if (r.kind === "bundled") {
      if (st.origin === "bundled" && !st.overlay) setPackNotice(r.notice, r.checkedAt);
      else activateBundled(r.notice, r.checkedAt);
    } else if (samePack(st, r.sha256, r.overlay?.sha256)) setPackNotice(r.notice, r.checkedAt);
    else {
      activatePack(r.datasets, {
        version: r.header.version,
        compiled: r.header.compiled,
        minAddinVersion: r.header.minAddinVersion,
        sha256: r.sha256,
        origin: r.origin,
        file: r.file,
        overlay: r.overlay,
        notice: r.notice,
        checkedAt: r.checkedAt,
      });
    }
    return packState();
  });
  beginPackLoad(load, PACK_WAIT_MS);
  return load;
}

/** The platform functions.js reads the host's data with (for the pane's "What changed"); undefined where there is none. */
export function loaderDeps(): LoaderDeps | undefined {
  const p = platform();
  return p ? deps(p, false) : undefined;
}

/** The pack bundled into functions.js. */
export function bundledPack(): BundledPack {
  return { header: BUNDLED_HEADER, sha256: BUNDLED_SHA256, datasets: BUNDLED_DATASETS };
}

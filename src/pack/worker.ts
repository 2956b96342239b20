/**
 * The data-pack checker as a web worker (dist/pack-check.js): functions.js posts a pack file's
 * text and/or an overlay (src/core/pack/load.ts) and gets back the checked datasets or the reason
 * they cannot be used. The checker (schemas, integrity rules) runs off the page's main thread and
 * is not part of functions.js, which loads on every start; this file is fetched only when the host
 * publishes data other than the bundled pack. A worker is a script of the add-in's own origin, so
 * the page's Content-Security-Policy allows it (worker-src falls back to script-src 'self').
 *
 * Messages: { id, request: VerifyRequest } → { id, result: VerifyResult }.
 */
import { verifyPublished, type VerifyRequest, type VerifyResult } from "./verify";

interface WorkerScope {
  onmessage: ((e: { data: { id: number; request: VerifyRequest } }) => void) | null;
  postMessage(msg: { id: number; result: VerifyResult }): void;
}

const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (e) => {
  const { id, request } = e.data;
  scope.postMessage({ id, result: verifyPublished(request) });
};

/**
 * Checks published data before the add-in uses it: a pack file's text (envelope, header, every
 * dataset against its schema and the integrity rules) and an organisation's overlay (its envelope,
 * then the pack with it merged, checked again). Runs in the add-in in a worker
 * (src/pack/worker.ts, off the page's main thread, so functions.js carries none of this code), and
 * directly under Node (tests, `npm run pack`).
 *
 * Pure: no DOM, no Office.
 */
import { PackError, parsePackJson, type Datasets, type OverlayFile, type OverlayInfo, type PackFile, type PackHeader } from "../core/pack/format";
import { checkDatasets, checkOverlayEnvelope, checkPackFile, type Problem } from "./check";
import { mergeOverlay, orgRecordKeys } from "./overlay";

export interface VerifyRequest {
  /** A pack file to check; without it the overlay goes on `base`. */
  pack?: { text: string; what: string };
  /** The datasets an overlay goes on when no pack file is given (the bundled pack). */
  base?: Datasets;
  overlay?: { text: string; sha256: string; file: string };
}

export type VerifyResult =
  | { ok: true; datasets: Datasets; header?: PackHeader; overlay?: OverlayInfo }
  | { ok: false; message: string };

function firstProblems(what: string, problems: Problem[]): string {
  const n = problems.length;
  return `${what} failed its checks (${n} problem${n === 1 ? "" : "s"}; first: ${problems
    .slice(0, 2)
    .map((p) => p.text)
    .join(" | ")})`;
}

/** A pack file's text → its datasets and header, or a PackError naming the first problems. */
export function readPackText(text: string, what: string): { datasets: Datasets; header: PackHeader } {
  const pack = parsePackJson(text, what) as PackFile;
  const problems = checkPackFile(pack);
  if (problems.length) throw new PackError(firstProblems(what, problems));
  const { version, compiled, minAddinVersion, description } = pack;
  return { datasets: pack.datasets as Datasets, header: { version, compiled, minAddinVersion, ...(description ? { description } : {}) } };
}

/** An overlay's text merged onto `base`, checked; or a PackError naming the first problems. */
export function applyOverlayText(base: Datasets, text: string, meta: { sha256: string; file: string }): { datasets: Datasets; overlay: OverlayInfo } {
  const what = `data/${meta.file}`;
  const overlay = parsePackJson(text, what) as OverlayFile;
  const env = checkOverlayEnvelope(overlay, base);
  if (env.length) throw new PackError(firstProblems(`the overlay ${what}`, env));
  const merged = mergeOverlay(base, overlay, meta);
  const problems = checkDatasets(merged.datasets, { orgRecords: orgRecordKeys(merged.info) });
  if (problems.length) throw new PackError(firstProblems(`the pack with the overlay ${what}`, problems));
  return { datasets: merged.datasets, overlay: merged.info };
}

/** Checks a pack file and/or an overlay; never throws. */
export function verifyPublished(req: VerifyRequest): VerifyResult {
  try {
    let datasets: Datasets;
    let header: PackHeader | undefined;
    if (req.pack) ({ datasets, header } = readPackText(req.pack.text, req.pack.what));
    else if (req.base) datasets = req.base;
    else return { ok: false, message: "nothing to check" };
    let overlay: OverlayInfo | undefined;
    if (req.overlay) ({ datasets, overlay } = applyOverlayText(datasets, req.overlay.text, req.overlay));
    return { ok: true, datasets, header, overlay };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

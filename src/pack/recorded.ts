/**
 * For the pane's "What changed": the datasets a workbook recorded it was computed with, read again
 * from the add-in's host through the same platform functions.js uses (fetch, SHA-256, the checker
 * in its worker), or the bundled pack when the workbook names it.
 *
 * Pure: no DOM, no Office.
 */
import { MAX_OVERLAY_BYTES, MAX_PACK_BYTES, PackError, SAFE_FILE, type Datasets } from "../core/pack/format";
import { fetchChecked, verified, type BundledPack, type LoaderDeps } from "../core/pack/load";

/**
 * The datasets a workbook recorded it was computed with (its stamp: pack version, SHA-256, file,
 * overlay), for "What changed": the bundled pack when the stamp names it, else the pack and overlay
 * files read again from the host and checked against the recorded SHA-256s. Rejects with a
 * PackError saying what could not be read.
 */
export async function readRecordedData(
  deps: LoaderDeps,
  stamp: { version: string; sha256: string | null; file?: string; overlay?: { file: string; sha256: string } },
  bundled: BundledPack,
): Promise<Datasets> {
  const isBundled = (stamp.sha256 !== null && stamp.sha256 === bundled.sha256) || (stamp.sha256 === null && stamp.version === bundled.header.version);
  let packText: string | undefined;
  if (!isBundled) {
    if (!stamp.file || !stamp.sha256 || !SAFE_FILE.test(stamp.file)) throw new PackError(`pack ${stamp.version} is not the bundled one and the workbook does not name its file`);
    packText = await fetchChecked(deps, stamp.file, stamp.sha256, MAX_PACK_BYTES);
  }
  let overlayText: string | undefined;
  if (stamp.overlay) {
    if (!SAFE_FILE.test(stamp.overlay.file)) throw new PackError(`the overlay file "${stamp.overlay.file}" is not a file in the data folder`);
    overlayText = await fetchChecked(deps, stamp.overlay.file, stamp.overlay.sha256, MAX_OVERLAY_BYTES);
  }
  if (packText === undefined && overlayText === undefined) return bundled.datasets;
  const r = await verified(deps, {
    pack: packText !== undefined ? { text: packText, what: `data/${stamp.file}` } : undefined,
    base: packText === undefined ? bundled.datasets : undefined,
    overlay: overlayText !== undefined && stamp.overlay ? { text: overlayText, ...stamp.overlay } : undefined,
  });
  return r.datasets;
}

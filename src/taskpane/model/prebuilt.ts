/**
 * The search index computed when the add-in was built (search-index.json beside taskpane.html), for
 * the data pack the add-in ships with. The pane searches with it from its first frame instead of
 * building the index on the page's thread first. It is taken only for exactly the data it was
 * computed from: the same add-in version, the active pack's SHA-256 and no organisation overlay.
 * For any other data (a published update, an overlay) the pane builds the index itself.
 *
 * Pure: no DOM, no Office, no React.
 */
import type { PackState } from "../../core/data/active";
import { restoreIndex, type SearchIndex } from "./search";

export interface PrebuiltHeader {
  addinVersion: string;
  pack: { version: string; sha256: string };
}

/**
 * The index for the active data, or why this file is not it. `restored`: the index already
 * restored from this very file (by the shell's search), returned instead of restoring it again.
 */
export function acceptPrebuilt(
  file: unknown,
  active: Pick<PackState, "version" | "sha256" | "overlay">,
  addinVersion: string,
  restored?: SearchIndex,
): SearchIndex | string {
  if (!file || typeof file !== "object") return "no index file";
  const h = file as Partial<PrebuiltHeader>;
  if (h.addinVersion !== addinVersion) return `computed for add-in ${String(h.addinVersion)}, this is ${addinVersion}`;
  if (!h.pack || typeof h.pack.sha256 !== "string") return "the file names no data pack";
  if (active.sha256 === null || h.pack.sha256 !== active.sha256)
    return `computed for data pack ${String(h.pack.version)}, the active one is ${active.version}`;
  if (active.overlay) return "the active data has an organisation overlay";
  return restored ?? restoreIndex(file);
}

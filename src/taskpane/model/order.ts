/**
 * Which datasets the pane lists, and the orders it lists datasets and functions in, shared with the build (which computes the
 * search index of the bundled data in Node and must list them as the pane does). Both are orders of
 * ASCII identifiers that need no collator: the first collation in a page loads the browser's
 * collation data, a few milliseconds on the page's thread just as the pane starts.
 *
 * Pure: no DOM, no Office, no React.
 */

/** Dataset names ("cn_items", "hts_us") by code unit. */
export function byDatasetName(a: { dataset: string }, b: { dataset: string }): number {
  return a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : 0;
}

/**
 * Function names are upper-case identifiers (A–Z, digits, "_"), ordered as a collation orders them:
 * "_" before digits and letters, so CN_X comes before CNX.
 */
export function byFunctionName(a: { name: string }, b: { name: string }): number {
  const x = a.name.replace(/_/g, " ");
  const y = b.name.replace(/_/g, " ");
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The pack's documents the pane lists as datasets: every one with records but the sources list, by name. */
export function paneDatasets<T extends { dataset: string; records: readonly unknown[] }>(docs: readonly unknown[]): T[] {
  return (docs as T[])
    .filter((d) => d && typeof d.dataset === "string" && Array.isArray(d.records) && d.dataset !== "sources")
    .sort(byDatasetName);
}

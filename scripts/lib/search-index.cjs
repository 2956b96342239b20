/**
 * The pane's search index of the data the add-in ships with, computed at build time
 * (dist/search-index.json): the pane reads it at start instead of building the index on the page's
 * main thread, so a query typed at once is answered as soon as the pane's scripts have run. The
 * pane uses it only for the pack it was computed from (SHA-256) and this add-in version; for any
 * other data (a published update, an organisation's overlay) it builds the index itself, as before.
 *
 * The items are those the pane would compute (src/taskpane/model/catalog.ts searchItems) from the
 * bundled pack, the build's functions.json and the template catalog; nothing in them depends on the
 * day they are computed (test/unit/search-prebuilt.test.ts checks both).
 */
const path = require("path");

const root = path.resolve(__dirname, "..", "..");

/**
 * @param {{ functions: unknown[], pack: { sha256: string, header: { version: string }, datasets: Record<string, unknown> }, addinVersion: string }} input
 * @returns {string} the file's text
 */
function searchIndexText({ functions, pack, addinVersion }) {
  require("./ts-require.cjs");
  const { searchItems, KIND_ORDER } = require(path.join(root, "src", "taskpane", "model", "catalog.ts"));
  const { buildIndex, serializeIndex } = require(path.join(root, "src", "taskpane", "model", "search.ts"));
  const { templateCatalog } = require(path.join(root, "src", "templates", "index.ts"));
  // The datasets and functions as the pane lists them (the same code: src/taskpane/model/order.ts).
  const { paneDatasets, byFunctionName } = require(path.join(root, "src", "taskpane", "model", "order.ts"));
  const datasets = paneDatasets(Object.values(pack.datasets));
  const sorted = [...functions].sort(byFunctionName);
  const templates = templateCatalog().map((t) => ({ id: t.id, title: t.title, description: t.description }));
  const index = serializeIndex(buildIndex(searchItems(datasets, sorted, templates), KIND_ORDER));
  return JSON.stringify({ addinVersion, pack: { version: pack.header.version, sha256: pack.sha256 }, ...index });
}

/**
 * For the build, in a process of its own (the core's modules keep the data they read, and the dev
 * server rebuilds after src/data changes): functions.json's text on stdin, the index on stdout.
 */
function main() {
  const chunks = [];
  process.stdin.on("data", (c) => chunks.push(c));
  process.stdin.on("end", () => {
    const { buildPack } = require("./pack.cjs");
    const { functions } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    const addinVersion = require(path.join(root, "package.json")).version;
    process.stdout.write(searchIndexText({ functions, pack: buildPack(undefined, { check: false }), addinVersion }));
  });
}

if (require.main === module) main();

module.exports = { searchIndexText };

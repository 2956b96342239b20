/**
 * Adds source records to src/data/sources.json safely while several people edit
 * the data pack: `flock /tmp/rem-sources.lock node scripts/add-sources.cjs new.json`.
 * new.json holds an array of source records; an id that already exists must be
 * identical (or the script refuses). Records stay sorted by id.
 */
const fs = require("fs");
const path = require("path");

const file = path.join(__dirname, "..", "src", "data", "sources.json");
const incoming = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const doc = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : { dataset: "sources", records: [] };
const byId = new Map(doc.records.map((r) => [r.id, r]));
for (const r of incoming) {
  const old = byId.get(r.id);
  if (old && JSON.stringify(old) !== JSON.stringify(r)) {
    console.error(`source ${r.id} already exists with different content; pick another id or edit it by hand`);
    process.exit(1);
  }
  byId.set(r.id, r);
}
doc.records = [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
fs.writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
console.log(`sources.json: ${doc.records.length} records`);

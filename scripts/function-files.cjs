/**
 * The facade files that declare TRADE.* custom functions, one per area. The
 * metadata plugin reads these and webpack bundles them as the `functions` entry.
 * Add a file here when an area gets its own facade.
 */
const fs = require("fs");
const path = require("path");

const dir = path.join(__dirname, "..", "src", "functions");
module.exports = fs
  .readdirSync(dir)
  // adapter.ts (results to Excel) and datapack.ts (reading the published data pack) declare no functions.
  .filter((f) => f.endsWith(".ts") && f !== "adapter.ts" && f !== "datapack.ts" && !f.endsWith(".d.ts"))
  .sort()
  .map((f) => "./src/functions/" + f);

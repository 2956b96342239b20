#!/usr/bin/env node
/**
 * Generates docs/data.md from the data pack (src/data/*.json and their schemas):
 * each dataset, its fields and units, editions, sources, the data horizon and
 * every figure that is not confirmed.
 *
 *   node scripts/gen-data-docs.cjs          write docs/data.md
 *   node scripts/gen-data-docs.cjs --check  exit 1 when docs/data.md is stale
 *
 * API: render(dataDir?) → markdown text.
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const DATA = path.join(ROOT, "src", "data");
const OUT = path.join(ROOT, "docs", "data.md");
/** The pack's header (version, compiled, minAddinVersion): not a dataset. */
const HEADER = "pack.json";

/** Descriptions of record fields that recur across datasets (a schema "description" wins). */
const FIELD_DOCS = {
  id: "Stable record id",
  sources: "Source ids (see Sources below)",
  status: "confirmed / confirmed-2nd (secondary source citing the primary) / unconfirmed / derived (calculated by us)",
  edition: "Edition / vintage the figure comes from",
  year: "Data year",
  value: "The figure (null = not available, never 0)",
  value_text: 'The figure as printed by the source when it is a bound or a range (">90,000,000", ">95%", "660–670")',
  qualifier: '">" lower bound, "E" net exporter, "range"',
  estimated: "true when the source marks the figure as an estimate",
  note: "Caveats",
  country: "ISO 3166-1 alpha-2, or WORLD / OTHER",
  partner: "ISO 3166-1 alpha-2 of the exporting partner, or OTHER",
  measure: "What the figure measures",
  material: "Material code (see materials)",
  period_from: "First year of the period",
  period_to: "Last year of the period",
  iso2: "ISO 3166-1 alpha-2",
  iso3: "ISO 3166-1 alpha-3",
  name: "Name",
  aliases: "Other accepted names",
  groups: "Groups (EU)",
  symbol: "Chemical symbol",
  atomic_number: "Atomic number",
  class_usgs: "Class, convention A (USGS MCS 2026)",
  class_alt: "Class, convention B (light La–Eu, heavy Gd–Lu)",
  uses: "Main uses (examples)",
  uses_status: "Status of the uses",
  uses_note: "Caveats on the uses",
  product: "Product code (see products)",
  value_low: "Low end of a range",
  value_high: "High end of a range",
  stage: "mining / refining / magnets",
  projection: "true for projections",
  approximate: "true for approximate (~) figures",
  code: "Code",
  description: "Description",
  wco_text: "WCO legal wording where confirmed",
  relevance: "Rare-earth goods classified here",
  title: "Title",
  publisher: "Publisher",
  url: "URL (null when not captured)",
  date: "Publication date (YYYY, YYYY-MM or YYYY-MM-DD)",
  confidence: "confirmed (primary read) / secondary / unconfirmed (weak source)",
  also: "Further URLs",
  unit: "Unit",
};


function esc(s) {
  return String(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function typeText(p) {
  if (!p) return "";
  if (p.const !== undefined) return `"${p.const}"`;
  if (p.enum) return p.enum.map((e) => JSON.stringify(e)).join(" / ");
  const t = Array.isArray(p.type) ? p.type.join(" or ") : p.type || (p.anyOf || p.oneOf ? "mixed" : "");
  if (t === "array" && p.items) return `array of ${typeText(p.items) || "items"}`;
  return t;
}

/** The record schema's properties, from items (with allOf/if-then merged loosely). */
function recordProps(schema) {
  const items = schema && schema.properties && schema.properties.records && schema.properties.records.items;
  if (!items) return { props: {}, required: [] };
  return { props: items.properties || {}, required: items.required || [] };
}

function statusCounts(records) {
  const c = {};
  for (const r of records) if (r && r.status) c[r.status] = (c[r.status] || 0) + 1;
  return c;
}

function recordName(r, i) {
  for (const k of ["id", "code", "symbol", "iso2"]) if (r && r[k] !== undefined) return String(r[k]);
  return `#${i}`;
}

/** Records whose status is unconfirmed or whose notes say UNCONFIRMED. */
function unconfirmed(records) {
  const out = [];
  records.forEach((r, i) => {
    if (!r || typeof r !== "object") return;
    const texts = [];
    if (r.status === "unconfirmed") texts.push("status unconfirmed");
    if (r.uses_status === "unconfirmed") texts.push("uses unconfirmed");
    for (const [k, v] of Object.entries(r))
      if (typeof v === "string" && /UNCONFIRMED|unconfirmed\)/.test(v) && k !== "status" && k !== "uses_status") texts.push(`${k}: ${v}`);
    if (texts.length) out.push(`${recordName(r, i)}: ${texts.join("; ")}`);
  });
  return out;
}

/** The first sentence (not split at abbreviations such as "U.S." or "Ann."), at most 200 characters. */
function short(text) {
  const m = /^(.*?[a-z0-9)][.;:])\s+[A-Z(]/.exec(text);
  const s = m && m[1].length >= 20 ? m[1] : text;
  return s.length > 200 ? s.slice(0, 197) + "..." : s;
}

function render(dataDir = DATA) {
  const files = fs
    .readdirSync(dataDir)
    .filter((f) => f.endsWith(".json") && f !== HEADER)
    .sort();
  const header = JSON.parse(fs.readFileSync(path.join(dataDir, HEADER), "utf8"));
  const docs = {};
  for (const f of files) docs[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dataDir, f), "utf8"));
  const sources = new Map(((docs.sources && docs.sources.records) || []).map((s) => [s.id, s]));
  const out = [];
  out.push("# Reference data pack");
  out.push("");
  out.push("<!-- Generated by `node scripts/gen-data-docs.cjs` from src/data/*.json and src/data/schema/. Do not edit. -->");
  out.push("");
  out.push(
    `Data version **${header.version}** (src/data/pack.json), compiled ${header.compiled}, readable by add-in ${header.minAddinVersion} and later. Data horizon **${(docs.instruments && docs.instruments.horizon) || "?"}** (China's statuses; US tariff layers ${(docs.tariff_layers && docs.tariff_layers.horizon) || "?"}): statuses are confirmed from public sources up to this date; anything after it is UNCONFIRMED.`,
  );
  out.push("");
  out.push("Every record carries source ids (see [Sources](#sources)) and, where the reference documents label it, a status:");
  out.push(
    "`confirmed` (read in a primary source or a verbatim copy), `confirmed-2nd` (read only in a secondary source that cites the primary; re-check before release),",
  );
  out.push("`unconfirmed` (could not be checked; placeholder or weak source) or `derived` (calculated by us from confirmed values).");
  out.push(
    "Not-available figures are `null` with a note, never 0. Estimates are flagged `estimated: true`. Every figure keeps its edition (USGS MCS 2025 and 2026 differ).",
  );
  out.push(
    "In Excel, `TRADE.REF(entity, field, [year_or_date], [edition])` reads the pack and `TRADE.FIELDS(entity)` lists an entity's fields; add `.source`, `.edition`, `.status` or `.note` to a field for a figure's provenance.",
  );
  out.push("Validation: `node scripts/check-data.cjs` (schemas and integrity rules).");
  out.push("");
  out.push("## Datasets");
  out.push("");
  out.push("| dataset | records | description |");
  out.push("|---|---|---|");
  for (const [name, doc] of Object.entries(docs))
    out.push(`| [${name}](#${name}) | ${(doc.records || []).length} | ${esc(short(doc.description || ""))} |`);
  out.push("");
  for (const [name, doc] of Object.entries(docs)) {
    const records = doc.records || [];
    const schemaFile = path.join(dataDir, "schema", `${name}.schema.json`);
    const schema = fs.existsSync(schemaFile) ? JSON.parse(fs.readFileSync(schemaFile, "utf8")) : null;
    out.push(`## ${name}`);
    out.push("");
    out.push(
      `File \`src/data/${name}.json\`, schema \`src/data/schema/${name}.schema.json\`${schema ? "" : " (MISSING)"}. ${records.length} records.`,
    );
    out.push("");
    if (doc.description) {
      out.push(doc.description);
      out.push("");
    }
    if (doc.unit) out.push(`Unit: **${doc.unit}**.`, "");
    if (doc.horizon) out.push(`Horizon: **${doc.horizon}**${doc.horizon_note ? ` (${doc.horizon_note})` : ""}.`, "");
    const { props, required } = recordProps(schema);
    if (Object.keys(props).length) {
      out.push("| field | type | required | meaning |");
      out.push("|---|---|---|---|");
      for (const [k, p] of Object.entries(props))
        out.push(
          `| \`${k}\` | ${esc(typeText(p))} | ${required.includes(k) ? "yes" : ""} | ${esc(p.description || FIELD_DOCS[k] || "")} |`,
        );
      out.push("");
    }
    if (Array.isArray(doc.measures)) {
      out.push("Measures and units:");
      out.push("");
      for (const m of doc.measures) out.push(`- \`${m.measure}\` (${m.unit}): ${m.description}`);
      out.push("");
    }
    if (Array.isArray(doc.materials)) out.push(`Materials: ${doc.materials.map((m) => `\`${m.code}\` ${m.name}`).join("; ")}.`, "");
    if (Array.isArray(doc.products)) out.push(`Products: ${doc.products.map((p) => `${p.name} (${p.grade}; ${p.basis})`).join("; ")}.`, "");
    if (Array.isArray(doc.editions)) {
      out.push("Editions (oldest first):");
      out.push("");
      for (const e of doc.editions) {
        const bits = [
          e.published ? `published ${e.published}` : "",
          e.data_years ? `data years ${e.data_years.join(", ")}` : "",
          e.complete === false ? "partial" : "",
          e.sources ? `sources ${e.sources.join(", ")}` : "",
        ].filter(Boolean);
        out.push(`- **${e.edition}**${bits.length ? ` (${bits.join("; ")})` : ""}${e.note ? `: ${e.note}` : ""}`);
      }
      out.push("");
    }
    if (doc.conventions) {
      for (const [k, v] of Object.entries(doc.conventions)) out.push(`- \`${k}\`: ${v}`);
      out.push("");
    }
    if (Array.isArray(doc.notes)) {
      out.push("Notes:");
      out.push("");
      for (const n of doc.notes) out.push(`- ${n}`);
      out.push("");
    }
    const counts = statusCounts(records);
    if (Object.keys(counts).length)
      out.push(
        `Status of the records: ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(", ")}.`,
        "",
      );
    if (name !== "sources") {
      const cited = new Set();
      const visit = (v) => {
        if (Array.isArray(v)) v.forEach(visit);
        else if (v && typeof v === "object") {
          for (const [k, x] of Object.entries(v)) {
            if (k === "sources" && Array.isArray(x)) x.forEach((s) => cited.add(s));
            else visit(x);
          }
        }
      };
      visit(doc);
      if (cited.size) out.push(`Sources cited: ${[...cited].sort((a, b) => a.localeCompare(b, "en", { numeric: true })).join(", ")}.`, "");
      const un = unconfirmed(records);
      if (un.length) {
        out.push("Not confirmed:");
        out.push("");
        for (const u of un) out.push(`- ${esc(u)}`);
        out.push("");
      }
    }
  }
  out.push("## Sources");
  out.push("");
  out.push("| id | source | confidence |");
  out.push("|---|---|---|");
  for (const s of [...sources.values()].sort((a, b) => a.id.localeCompare(b.id, "en", { numeric: true }))) {
    const text = [s.title, s.publisher, s.date, s.url || "URL not captured"].filter(Boolean).join(", ");
    out.push(`| ${esc(s.id)} | ${esc(text)}${s.note ? ` (${esc(s.note)})` : ""} | ${s.confidence} |`);
  }
  out.push("");
  return out.join("\n");
}

module.exports = { render, OUT };

if (require.main === module) {
  const text = render();
  if (process.argv.includes("--check")) {
    const old = fs.existsSync(OUT) ? fs.readFileSync(OUT, "utf8") : "";
    if (old !== text) {
      console.error("docs/data.md is stale: run `node scripts/gen-data-docs.cjs`");
      process.exit(1);
    }
    console.log("docs/data.md is up to date");
  } else {
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
  }
}

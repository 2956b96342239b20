/**
 * `trade-screen tariff`: the tariff stacks over a year of customs entries, with the functions' own
 * core. Per row: TARIFF_RATE, DUTY and LANDED_COST (called on columns of rows, batch by batch, as a
 * sheet calls them), the status of TARIFF_BREAKDOWN's total row, and TARIFF_EXPLAIN.
 *
 * The explanation and the status depend only on (hts, origin, date, importer, regime) and the
 * overrides, and customs entries repeat those a great deal, so each distinct combination is
 * explained once and the text reused (up to 100,000 combinations are remembered; then the memory
 * starts again); every row still gets exactly the function's text.
 */
import { tariffBreakdown, tariffExplain, tariffRate, duty as dutyOf, landedCost } from "../core/tariff";
import { parseOverrides } from "../core/tariff/overrides";
import { parseImporter, parseRegime } from "../core/tariff/importer";
import { TradeError, asTradeError } from "../core/errors";
import { serialFromIsoOrNull } from "../core/dates";
import { FieldDef, keepColumns, resolveColumns } from "./columns";
import { RunError } from "./errors";
import { Column, HeaderBlock, OutValue, OutputSpec, openSink } from "./output";
import { ErrorLog, Interrupt, Io, Progress, RunResult, breathe, codeOf, columnOf, looksDecimalComma, numberCell, own } from "./run";
import { InputSpec, Table, openTable, readAll } from "./table";

export const TARIFF_FIELDS: readonly FieldDef[] = [
  {
    key: "hts",
    aliases: ["hts code", "htsus", "hts number", "hs", "hs code", "tariff code", "commodity code"],
    required: true,
    what: 'the HTS (or HS) code, e.g. "8505.11.00.70"',
  },
  { key: "origin", aliases: ["country of origin", "coo", "origin country"], required: true, what: "the country of origin" },
  { key: "value", aliases: ["customs value", "entered value", "transaction value"], what: "the customs value (for DUTY and LANDED_COST)" },
  {
    key: "date",
    aliases: ["as of", "as_of", "entry date", "date of entry"],
    what: "the entry date (blank: --as-of, else the calculation date)",
  },
  { key: "importer", aliases: ["importing country", "import country"], what: "the importing country (blank: --importer, else the US)" },
  { key: "freight", aliases: [], what: "international freight (LANDED_COST)" },
  { key: "insurance", aliases: [], what: "insurance (LANDED_COST)" },
  { key: "regime", aliases: ["tariff regime"], what: '"in force" or "committed" (blank: --regime)' },
];

export interface TariffOptions {
  input: InputSpec;
  map: ReadonlyMap<string, string>;
  keep: readonly string[];
  out: OutputSpec;
  overrides?: InputSpec;
  /** For rows without a date. */
  asOf: string | null;
  importer: string | null;
  regime: string | null;
  decimalComma: boolean;
  /** Write TARIFF_EXPLAIN's text per row (off: --no-explain, for outputs a tenth of the size). */
  explain: boolean;
}

/** The overrides table as the functions take it (6 or 7 columns), with the file line of each of its rows. */
export async function readOverrides(spec: InputSpec): Promise<{ matrix: unknown[][]; describe: string }> {
  const { table, rows, matrix } = await readAll(spec);
  const lines = [table.headerLine, ...rows.map((r) => r.line)];
  const bad = rows.find((r) => r.error);
  if (bad) throw new RunError(`--overrides ${table.name}: ${bad.error}`);
  try {
    const ov = parseOverrides(matrix);
    return { matrix, describe: `${table.file} (${ov.count} row${ov.count === 1 ? "" : "s"} in the ${matrix[0].length}-column form)` };
  } catch (e) {
    const msg = asTradeError(e).message.replace(
      /^overrides row (\d+)/,
      (m, n: string) => `${m} (line ${lines[Number(n) - 1] ?? "?"} of ${table.name})`,
    );
    throw new RunError(`--overrides ${table.name}: ${msg}`);
  }
}

/** The defaults for blank cells, checked as the functions check them (exit 2 with their message). */
export function checkTariffDefaults(importer: string | null, regime: string | null): void {
  try {
    if (importer !== null) parseImporter(importer);
    if (regime !== null) parseRegime(regime);
  } catch (e) {
    throw new RunError(`--${asTradeError(e).message}`);
  }
}

const BATCH = 32768;
const EXPLAIN_CACHE = 100_000;

function blank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

export async function runTariff(
  opts: TariffOptions,
  io: Io,
  errors: ErrorLog,
  interrupt: Interrupt,
  header: (extra: HeaderBlock) => { title: string; block: HeaderBlock },
): Promise<RunResult> {
  const ov = opts.overrides ? await readOverrides(opts.overrides) : null;
  const OV = ov ? ov.matrix : null;
  const table: Table = await openTable(opts.input);
  const c = resolveColumns(table.header, TARIFF_FIELDS, opts.map, table.name);
  const keep = keepColumns(opts.keep, table.header, table.name);
  const name = (i: number) => (i >= 0 ? table.header[i] || `column ${i + 1}` : "");
  const args: [string, string][] = [
    ["hts", name(c.hts)],
    ["origin", name(c.origin)],
    ["as_of", c.date >= 0 ? name(c.date) : "--as-of"],
    ["value", name(c.value)],
    ["freight", name(c.freight)],
    ["insurance", name(c.insurance)],
    ["importer", c.importer >= 0 ? name(c.importer) : "--importer"],
    ["regime", c.regime >= 0 ? name(c.regime) : "--regime"],
  ];
  const colIndex = new Map<string, number>([
    [name(c.hts), c.hts],
    [name(c.origin), c.origin],
    [name(c.date), c.date],
    [name(c.value), c.value],
    [name(c.freight), c.freight],
    [name(c.insurance), c.insurance],
    [name(c.importer), c.importer],
    [name(c.regime), c.regime],
  ]);
  const hasValue = c.value >= 0;
  const columns: Column[] = [
    { header: "line", kind: "int" },
    { header: "hts", kind: "text" },
    { header: "origin", kind: "text" },
    { header: "importer", kind: "text" },
    { header: "date", kind: "date" },
    ...(hasValue ? [{ header: "value", kind: "money" as const }] : []),
    ...(c.freight >= 0 ? [{ header: "freight", kind: "money" as const }] : []),
    ...(c.insurance >= 0 ? [{ header: "insurance", kind: "money" as const }] : []),
    { header: "rate", kind: "rate" },
    ...(hasValue
      ? [
          { header: "duty", kind: "money" as const },
          { header: "landed_cost", kind: "money" as const },
        ]
      : []),
    { header: "status", kind: "text" },
    ...(opts.explain ? [{ header: "explanation", kind: "explain" as const }] : []),
    { header: "errors", kind: "text" },
    ...keep.map((k) => ({ header: k.name, kind: "text" as const })),
  ];
  const { title, block } = header([
    ["input", table.file],
    [
      "columns",
      Object.entries(c)
        .filter(([, i]) => i >= 0)
        .map(([k, i]) => `${k}="${table.header[i]}"`)
        .join(", "),
    ],
    ["overrides", ov ? ov.describe : "none"],
  ]);
  const sink = await openSink(opts.out, title, block, columns, "Tariffs");
  const progress = new Progress(io, "tariff", () => ({ done: table.position(), total: table.size }));
  // Explanations and statuses by (hts, origin, date, importer, regime), in two generations: a key used
  // in the last EXPLAIN_CACHE/2 distinct keys stays; older ones are dropped a generation at a time.
  type Said = [string | TradeError, string | TradeError, unknown];
  let cache = new Map<number, Said>();
  let older = new Map<number, Said>();
  const recall = (key: number): Said | undefined => {
    let v = cache.get(key);
    if (v === undefined) {
      v = older.get(key);
      if (v !== undefined) cache.set(key, v);
    }
    return v;
  };
  // The key of a row's (hts, origin, date, importer, regime), with no text built per row: each distinct
  // value of a column gets a small number (a text and the same digits as a number stay apart: the functions
  // read them differently), and pairs of numbers get a number of their own. Only the caches use keys, so
  // when the numbering grows past 4 million entries it starts again with empty caches (memory stays bounded).
  let ids: Map<unknown, number>[] = [];
  let pairs = new Map<number, number>();
  const restart = () => {
    ids = [0, 1, 2, 3, 4].map(() => new Map<unknown, number>());
    pairs = new Map();
    cache = new Map();
    older = new Map();
  };
  restart();
  const idOf = (m: Map<unknown, number>, v: unknown): number => {
    let i = m.get(v);
    if (i === undefined) m.set(typeof v === "string" ? own(v) : v, (i = m.size));
    return i;
  };
  const pair = (a: number, b: number): number => {
    const k = a * 67_108_864 + b; // a, b < 2^26: exact in a double
    let i = pairs.get(k);
    if (i === undefined) pairs.set(k, (i = pairs.size));
    return i;
  };
  const keyOf = (h: unknown, o: unknown, d: unknown, m: unknown, g: unknown): number =>
    pair(pair(pair(idOf(ids[0], h), idOf(ids[1], o)), pair(idOf(ids[3], m), idOf(ids[4], g))), idOf(ids[2], d));
  const dates = new Map<string, number | null>();
  /** An entry date: ISO text is read once per distinct text (as the functions read it) and given to them as its serial. */
  const dateCell = (raw: unknown): unknown => {
    if (typeof raw !== "string") return raw;
    let s = dates.get(raw);
    if (s === undefined) {
      s = serialFromIsoOrNull(raw);
      if (dates.size >= 10_000) dates.clear();
      dates.set(raw, s);
    }
    return s === null ? raw : s;
  };
  let rowsRead = 0;
  let decided = 0;
  let notDecided = 0;
  let stoppedAt = "";
  let decimalCommaHints = 0;
  try {
    for await (const batch of table.batches(BATCH)) {
      const rows = batch.filter((r) => {
        if (!r.error) return true;
        rowsRead++;
        notDecided++;
        errors.add(table.name, r.line, "", "", "#VALUE!", r.error);
        return false;
      });
      const n = rows.length;
      if (pairs.size > 4_000_000) restart();
      // One column per field as the functions take it (a 1-cell value when the input has no such column:
      // the functions broadcast it, as a sheet's single cell against a column).
      const get = (cells: unknown[], i: number) => (i < cells.length ? cells[i] : null);
      const column = (i: number, read: (v: unknown) => unknown): unknown => {
        if (i < 0) return read(null);
        const out: unknown[][] = new Array(n);
        for (let k = 0; k < n; k++) out[k] = [read(get(rows[k].cells, i))];
        return out;
      };
      const H = column(c.hts, (v) => v) as unknown[][];
      const O = column(c.origin, (v) => v) as unknown[][];
      const D = column(c.date, (v) => {
        const d = numberCell(v, false);
        return dateCell(blank(d) ? opts.asOf : d);
      });
      const V = column(c.value, (v) => numberCell(v, opts.decimalComma));
      const F = column(c.freight, (v) => numberCell(v, opts.decimalComma));
      const I = column(c.insurance, (v) => numberCell(v, opts.decimalComma));
      const M = column(c.importer, (v) => (blank(v) ? opts.importer : v));
      const G = column(c.regime, (v) => (blank(v) ? opts.regime : v));
      const at = (x: unknown, k: number): unknown => (Array.isArray(x) ? (x[k] as unknown[])[0] : x);
      const duty = hasValue ? dutyOf(V, H, O, D, OV, M, G) : null;
      const landed = hasValue ? landedCost(V, H, O, D, F, I, OV, M, G) : null;
      // explanations and statuses: once per distinct (hts, origin, date, importer, regime)
      const keys: number[] = new Array(n);
      const missH: unknown[][] = [];
      const missO: unknown[][] = [];
      const missD: unknown[][] = [];
      const missM: unknown[][] = [];
      const missG: unknown[][] = [];
      const missKeys: number[] = [];
      const pending = new Set<number>();
      for (let k = 0; k < n; k++) {
        const key = keyOf(H[k][0], O[k][0], at(D, k), at(M, k), at(G, k));
        keys[k] = key;
        if (recall(key) === undefined && !pending.has(key)) {
          pending.add(key);
          missKeys.push(key);
          missH.push(H[k]);
          missO.push(O[k]);
          missD.push([at(D, k)]);
          missM.push([at(M, k)]);
          missG.push([at(G, k)]);
        }
      }
      if (missKeys.length) {
        if (cache.size + missKeys.length > EXPLAIN_CACHE / 2) {
          older = cache;
          cache = new Map();
        }
        // TARIFF_RATE depends on nothing but the key, so it too is computed once per key (DUTY and
        // LANDED_COST, which also read the row's value, freight and insurance, are called on every row)
        const rates = tariffRate(missH, missO, missD, OV, missM, missG);
        const ex = opts.explain ? tariffExplain(missH, missO, missD, OV, missM, missG) : rates;
        for (let q = 0; q < missKeys.length; q++) {
          const e = ex[q][0];
          let status: string | TradeError = "";
          if ((typeof e === "string" && e !== "") || typeof e === "number") {
            try {
              const bd = tariffBreakdown(missH[q][0], missO[q][0], missD[q][0], OV, missM[q][0], missG[q][0]);
              status = String(bd[bd.length - 1][5]);
            } catch (err) {
              status = asTradeError(err);
            }
          } else if (e instanceof TradeError) status = e;
          cache.set(missKeys[q], [typeof e === "number" ? "" : (e as string | TradeError), status, rates[q][0]]);
        }
      }
      const out: OutValue[][] = new Array(n);
      for (let k = 0; k < n; k++) {
        rowsRead++;
        const r = rows[k];
        const [ex, st, cachedRate] = recall(keys[k])!;
        // Each row's own messages: the core keeps an error that names the date for that day only.
        const rt = cachedRate;
        const du = duty ? duty[k][0] : null;
        const lc = landed ? landed[k][0] : null;
        const anyError =
          rt instanceof TradeError ||
          du instanceof TradeError ||
          lc instanceof TradeError ||
          ex instanceof TradeError ||
          st instanceof TradeError;
        const found: TradeError[] = [];
        if (anyError)
          for (const x of [rt, du, lc, ex, st]) if (x instanceof TradeError && !found.some((f) => f.message === x.message)) found.push(x);
        const row: OutValue[] = [r.line, show(H[k][0]), show(O[k][0]), show(at(M, k)) ?? "US", dateOut(at(D, k))];
        if (hasValue) row.push(show(at(V, k)));
        if (c.freight >= 0) row.push(show(at(F, k)));
        if (c.insurance >= 0) row.push(show(at(I, k)));
        row.push(cellResult(rt));
        if (hasValue) row.push(cellResult(du), cellResult(lc));
        if (found.length) {
          // status: the first error; explanation: TARIFF_EXPLAIN's text whenever it has one (a bad value
          // or freight does not change the stack); every message in the errors column and file
          row.push(codeOf(found[0]));
          if (opts.explain) row.push(ex instanceof TradeError ? `${codeOf(ex)} ${ex.message}` : (ex as string));
          row.push(found.map((f) => `${codeOf(f)} ${f.message}`).join(" | "));
          for (const f of found) {
            // "overrides" in a message is the hint to add a row, unless the table itself is what is wrong
            const col = f.message.startsWith("overrides") ? "--overrides" : columnOf(f.message, args, name(c.hts));
            const ci = colIndex.get(col) ?? -1;
            const v = ci >= 0 ? get(r.cells, ci) : "";
            if (looksDecimalComma(v)) decimalCommaHints++;
            errors.add(table.name, r.line, col, v, codeOf(f), f.message);
          }
          notDecided++;
        } else if (rt === "" && (du === null || du === "") && (lc === null || lc === "")) {
          const msg = "hts and origin are blank (and value), so every tariff function leaves this row blank; give at least hts and origin";
          row.push("#VALUE!");
          if (opts.explain) row.push("");
          row.push(`#VALUE! ${msg}`);
          errors.add(table.name, r.line, name(c.hts), "", "#VALUE!", msg);
          notDecided++;
        } else {
          row.push(st as string);
          if (opts.explain) row.push(ex as string);
          row.push("");
          decided++;
        }
        for (const kc of keep) row.push(show(get(r.cells, kc.index)));
        out[k] = row;
      }
      await sink.write(out);
      progress.tick(rowsRead);
      await breathe();
      if (interrupt.requested()) {
        stoppedAt = `while reading line ${batch[batch.length - 1].line} of ${table.name}`;
        break;
      }
    }
  } finally {
    await table.close();
  }
  const result: RunResult = {
    rowsRead,
    decided,
    notDecided,
    blankRows: table.blankRows(),
    interrupted: stoppedAt !== "",
    status: "",
    outputs: [],
    details: [],
  };
  if (decimalCommaHints)
    result.details.push(
      `${decimalCommaHints} value(s) look like decimal-comma numbers ("12,5"); if the file uses decimal commas, run with --decimal-comma`,
    );
  result.status = stoppedAt
    ? `INCOMPLETE: interrupted (${interrupt.signal ?? "stopped"}) ${stoppedAt}; ${rowsRead.toLocaleString("en-US")} rows written, the rows after them were not read`
    : `complete${errors.count ? " with errors" : ""}: ${rowsRead.toLocaleString("en-US")} rows read; ${decided.toLocaleString("en-US")} decided, ${notDecided.toLocaleString("en-US")} in error; ${errors.count.toLocaleString("en-US")} entries in the errors file`;
  await sink.finish(result.status);
  result.outputs.push({ path: sink.path, rows: sink.rows, what: "rows" });
  progress.end();
  return result;
}

function show(v: unknown): OutValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof TradeError) return { error: codeOf(v) };
  return String(v);
}

/** An entry date as written out: a date (ISO text or a serial) as a date cell, anything else as typed. */
function dateOut(v: unknown): OutValue {
  if (typeof v === "number" && v >= 1 && v < 2_958_466) return { date: Math.floor(v) };
  if (typeof v === "string") {
    const s = serialFromIsoOrNull(v);
    if (s !== null) return { date: s };
  }
  return show(v);
}

function cellResult(v: unknown): OutValue {
  if (v instanceof TradeError) return { error: codeOf(v) };
  if (v === "" || v === null || v === undefined) return null;
  return v as OutValue;
}

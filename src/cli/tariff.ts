/**
 * `trade-screen tariff`: the tariff stacks over a year of customs entries, with the functions' own
 * core. Per row: TARIFF_RATE, DUTY and LANDED_COST, the status of TARIFF_BREAKDOWN's total row, and
 * TARIFF_EXPLAIN.
 *
 * The rate, the explanation and the status depend only on (hts, origin, date, importer, regime) and
 * the overrides, and customs entries repeat those a great deal, so each distinct combination is
 * resolved once, on columns of the batch's new combinations as a sheet calls the functions
 * (TariffColumns: TARIFF_RATE's total in micro-units, TARIFF_EXPLAIN and the breakdown's status, through
 * one context for the run, so a stack resolved for one batch serves the next), and the answers reused
 * (up to 100,000 combinations are remembered; then the memory, and the context, start again). DUTY
 * and LANDED_COST also read the row's value, freight and insurance: each row's are the functions' own
 * element code (dutyElement, landedCostElement) on its combination's total, so every row still gets
 * exactly the functions' numbers, texts and messages. The explanation is kept once per combination by
 * the output (TextTable), and rows refer to it.
 */
import { dutyElement, landedCostElement, TariffColumns, duty as dutyOf, landedCost } from "../core/tariff";
import { MICRO } from "../core/data/tariffs";
import { isBlank } from "../core/input";
import { parseOverrides } from "../core/tariff/overrides";
import { parseImporter, parseRegime } from "../core/tariff/importer";
import { TradeError, asTradeError } from "../core/errors";
import { isoFromSerial, serialFromIsoOrNull } from "../core/dates";
import { FieldDef, keepColumns, resolveColumns } from "./columns";
import { RunError } from "./errors";
import { Column, HeaderBlock, NumberText, OutValue, OutputSpec, TextRef, canonicalNumber, numberText, openSink } from "./output";
import { ErrorLog, Interrupt, Io, Progress, RunResult, batchDone, codeOf, columnOf, looksDecimalComma, numberCell, own } from "./run";
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
  /** The calculation date (serial) a blank date stands for when there is no asOf: the run's start. */
  today: number;
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

/**
 * Rows per batch: small enough that a batch's rows and cells die young (32,768 doubled the collector's
 * time; at 2,048 a batch's output rows still lived through a young collection and about a quarter of
 * what was allocated was promoted).
 */
const BATCH = 512;
/** Combinations remembered before the memory starts again (each holds its explanation: about 1 kB). */
const CACHE_MAX = 100_000;
/** Pairs of numbers below this are numbered through a table (4 MB, of which only the pages used are ever touched) rather than a map. */
const DENSE = 1024;
/** Numbers per key in runTariff's record of what its key gives. */
const REC = 4;

/**
 * Numbers for pairs of small numbers, handed out in order from 0: through a table when both are below
 * DENSE, else a map per first number (so every map key is a small integer).
 */
class Pairs {
  count = 0;
  /** A pair below DENSE: its number + 1 (0: none yet). */
  private readonly dense = new Int32Array(DENSE * DENSE);
  private readonly maps: (Map<number, number> | undefined)[] = [];

  of(a: number, b: number): number {
    if (a < DENSE && b < DENSE) {
      const j = a * DENSE + b;
      let i = this.dense[j];
      if (i === 0) this.dense[j] = i = ++this.count;
      return i - 1;
    }
    let t = this.maps[a];
    if (t === undefined) this.maps[a] = t = new Map();
    let i = t.get(b);
    if (i === undefined) t.set(b, (i = this.count++));
    return i;
  }
}

/**
 * What a (hts, origin, date, importer, regime) gives: TARIFF_EXPLAIN's text (or error; the text is
 * handed to the output's TextTable when the key is remembered, and "" kept here), the breakdown's
 * status, TARIFF_RATE and its total in micro-units.
 */
class Said {
  /** The rate as written (a number: its text made once per combination). */
  readonly rateOut: OutValue;
  constructor(
    public ex: string | TradeError,
    public st: string | TradeError,
    readonly rate: number | "" | TradeError,
    readonly total: number | "" | TradeError,
  ) {
    this.rateOut = typeof rate === "number" ? numberText(rate) : cellResult(rate);
  }

  /** Whether the rate, the explanation or the status is an error (asked once per key, when it is remembered). */
  failed(): boolean {
    return this.rate instanceof TradeError || this.ex instanceof TradeError || this.st instanceof TradeError;
  }
}

/**
 * A value, freight or insurance cell's own text, when that is exactly what JavaScript writes for its value
 * (most money is typed so): written as that text, not digit by digit again; to a sink that writes numbers
 * as text (CSV), the text itself, else with its number (NumberText).
 */
function moneyText(v: number, raw: string, asText: boolean): OutValue {
  return asText ? raw : new NumberText(v, raw);
}

/** Number(raw) when raw is text that String() writes back unchanged (canonicalNumber), else NaN. */
function canonicalOf(raw: unknown): number {
  return typeof raw === "string" ? canonicalNumber(raw) : NaN;
}

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
  // Each distinct cell of a key column (hts, origin, date, importer, regime) gets a small number (a text and
  // the same digits as a number stay apart: the functions read them differently), and with it, once, the value
  // the functions take and what the output shows for it. A row's key numbers its (hts, origin), its (importer,
  // regime), the pair of those, and that with its date, each level numbered on its own (Pairs) so that keys
  // are dense from 0. What a key gives is kept until CACHE_MAX keys are known, then everything starts again
  // (see restart): a year of entries has tens of thousands of combinations, and dropping some while the file
  // goes on only has them computed again (two generations of 50,000 recomputed a fifth of 55,000). A row
  // reads its key's state, total, rate, status and explanation's handle from one record of `rec` (one place
  // in memory per row: keys come in no order, and separate arrays, or a Said object per key scattered over
  // the heap, cost a cache miss each); the Said itself is read only for rows in error.
  const KEY_FIELDS = 5;
  let ids: Map<unknown, number>[] = [];
  let vals: unknown[][] = [];
  let ho = new Pairs();
  let mg = new Pairs();
  let hoMg = new Pairs();
  let keyOf = new Pairs();
  let said: (Said | undefined)[] = [];
  let cached = 0;
  /**
   * Per key, REC numbers from key * REC: its state (0 not yet known, 1 no error (the row's own value may
   * still have one), 2 an error or a blank rate), its total (state 1), the index of its rate and status in
   * shown (state 1: a handful of distinct pairs, read by every row), and its explanation's handle in
   * `texts` (NaN: no text).
   */
  let rec = new Float64Array(1024 * REC);
  const texts = opts.explain ? sink.texts() : null;
  const asText = sink.numbersAsText;
  // what the output shows for each number of the hts, origin, date and importer columns
  let hOut: OutValue[] = [];
  let oOut: OutValue[] = [];
  let dOut: OutValue[] = [];
  let mOut: OutValue[] = [];
  /** The rate as written and the status, one per distinct pair, for the keys without an error. */
  let shown: { rate: OutValue; status: string }[] = [];
  let shownAt = new Map<number, Map<string, number>>();
  let core = new TariffColumns(OV, opts.today);
  const restart = () => {
    core = new TariffColumns(OV, opts.today);
    ids = [];
    vals = [];
    for (let f = 0; f < KEY_FIELDS; f++) {
      ids.push(new Map<unknown, number>());
      vals.push([]);
    }
    ho = new Pairs();
    mg = new Pairs();
    hoMg = new Pairs();
    keyOf = new Pairs();
    said = [];
    cached = 0;
    rec.fill(0);
    shown = [];
    shownAt = new Map();
    texts?.clear();
    hOut = [];
    oOut = [];
    dOut = [];
    mOut = [];
  };
  restart();
  const remember = (key: number, v: Said): void => {
    const at = key * REC;
    if (at >= rec.length) {
      let size = rec.length;
      while (size <= at) size *= 2;
      const r = new Float64Array(size);
      r.set(rec);
      rec = r;
    }
    // filled in order: the array stays a plain list
    while (said.length < key) said.push(undefined);
    said[key] = v;
    cached++;
    if (texts !== null && typeof v.ex === "string" && v.ex !== "") {
      rec[at + 3] = texts.add(v.ex);
      v.ex = ""; // the output keeps it
    } else rec[at + 3] = NaN;
    if (typeof v.total !== "number" || typeof v.rate !== "number" || v.failed()) {
      rec[at] = 2;
      return;
    }
    let byStatus = shownAt.get(v.rate);
    if (byStatus === undefined) shownAt.set(v.rate, (byStatus = new Map()));
    const st = v.st as string;
    let si = byStatus.get(st);
    if (si === undefined) {
      byStatus.set(st, (si = shown.length));
      shown.push({ rate: v.rateOut, status: st });
    }
    rec[at] = 1;
    rec[at + 1] = v.total;
    rec[at + 2] = si;
  };
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
  // DUTY's and LANDED_COST's elements take the row's total through this (the cached total of its key,
  // or the error TARIFF_RATE's context throws for it), after checking the row's own value, freight and insurance.
  let rowTotal: number | TradeError = 0;
  const totalOfRow = (): number => {
    if (typeof rowTotal !== "number") throw rowTotal;
    return rowTotal;
  };
  const readDate = (v: unknown): unknown => {
    const d = numberCell(v, false);
    return dateCell(blank(d) ? opts.asOf : d);
  };
  const readMoney = (v: unknown): unknown => numberCell(v, opts.decimalComma);
  const readImporter = (v: unknown): unknown => (blank(v) ? opts.importer : v);
  const readRegime = (v: unknown): unknown => (blank(v) ? opts.regime : v);
  const same = (v: unknown): unknown => v;
  const keyColumns = [c.hts, c.origin, c.date, c.importer, c.regime];
  const keyReads = [same, same, readDate, readImporter, readRegime];
  const get = (cells: unknown[], i: number) => (i >= 0 && i < cells.length ? cells[i] : null);
  /** The number of field f's cell (a column the input lacks reads as a blank cell: null). */
  const idOf = (f: number, cells: unknown[]): number => {
    const raw = get(cells, keyColumns[f]);
    const m = ids[f];
    let i = m.get(raw);
    if (i === undefined) {
      m.set(typeof raw === "string" ? own(raw) : raw, (i = m.size));
      const v = keyReads[f](raw);
      vals[f].push(v);
      if (f === 0) hOut.push(show(v));
      else if (f === 1) oOut.push(show(v));
      else if (f === 2) {
        // a date as a date cell; to a sink that writes text, the text it would write for one
        const out = dateOut(v);
        dOut.push(asText && out !== null && typeof out === "object" && "date" in out ? isoFromSerial(out.date) : out);
      } else if (f === 3) mOut.push(show(v) ?? "US");
    }
    return i;
  };
  const width = columns.length;
  const rowArrays: OutValue[][] = [];
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
      // every new number of a level makes a new key, so the keys' count bounds all four
      if (keyOf.count > 4_000_000 || cached > CACHE_MAX) restart();
      // The numbers of each row's hts, origin, date, importer and regime, and its key; the keys not known yet
      // are resolved together, on columns of their values as a sheet calls the functions (when the input has
      // no such column, the value a blank cell gives: the functions broadcast it, as a sheet's single cell
      // against a column).
      const hId = new Int32Array(n);
      const oId = new Int32Array(n);
      const dId = new Int32Array(n);
      const mId = new Int32Array(n);
      const gId = new Int32Array(n);
      const keys = new Int32Array(n);
      const missH: unknown[][] = [];
      const missO: unknown[][] = [];
      const missD: unknown[][] = [];
      const missM: unknown[][] = [];
      const missG: unknown[][] = [];
      const missKeys: number[] = [];
      let pending: Set<number> | null = null;
      // In passes, so that different rows' reads of memory overlap: keys come in no order, so a row's entry in
      // keyOf's table and its key's record are each a cache miss, and in a pass that does nothing else the
      // processor has many of them in flight at once. The cells' numbers, then the keys, then the new keys.
      const hoMgOf = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        const cells = rows[k].cells;
        const h = (hId[k] = idOf(0, cells));
        const o = (oId[k] = idOf(1, cells));
        dId[k] = idOf(2, cells);
        const m = (mId[k] = idOf(3, cells));
        const g = (gId[k] = idOf(4, cells));
        hoMgOf[k] = hoMg.of(ho.of(h, o), mg.of(m, g));
      }
      for (let k = 0; k < n; k++) keys[k] = keyOf.of(hoMgOf[k], dId[k]);
      for (let k = 0; k < n; k++) {
        const key = keys[k];
        if (key * REC < rec.length && rec[key * REC] !== 0) continue;
        if (pending === null) pending = new Set();
        if (pending.has(key)) continue;
        pending.add(key);
        missKeys.push(key);
        missH.push([vals[0][hId[k]]]);
        missO.push([vals[1][oId[k]]]);
        missD.push([vals[2][dId[k]]]);
        missM.push([vals[3][mId[k]]]);
        missG.push([vals[4][gId[k]]]);
      }
      if (missKeys.length) {
        // TARIFF_RATE's total depends on nothing but the key, so it is computed once per key; DUTY and
        // LANDED_COST, which also read the row's value, freight and insurance, are computed per row from it
        // with the functions' own element code (dutyElement, landedCostElement)
        const totals = core.totalsMicro(missH, missO, missD, missM, missG);
        const ex = opts.explain ? core.explain(missH, missO, missD, missM, missG) : null;
        const fresh: Said[] = new Array(missKeys.length);
        const needStatus: number[] = [];
        for (let q = 0; q < missKeys.length; q++) {
          const t = totals[q][0] as number | "" | TradeError;
          const rate = typeof t === "number" ? t / MICRO : t; // TARIFF_RATE's element
          const e = ex ? (ex[q][0] as string | TradeError) : rate;
          let status: string | TradeError = "";
          if ((typeof e === "string" && e !== "") || typeof e === "number") needStatus.push(q);
          else if (e instanceof TradeError) status = e;
          fresh[q] = new Said(typeof e === "number" ? "" : e, status, rate, t);
        }
        if (needStatus.length) {
          // the status of TARIFF_BREAKDOWN's total row, for the keys with a stack
          const pick = (m: unknown[][]) => needStatus.map((q) => m[q]);
          const st = core.breakdownStatus(pick(missH), pick(missO), pick(missD), pick(missM), pick(missG));
          for (let i = 0; i < needStatus.length; i++) {
            const x = st[i][0];
            fresh[needStatus[i]].st = x instanceof TradeError ? x : String(x);
          }
        }
        for (let q = 0; q < missKeys.length; q++) remember(missKeys[q], fresh[q]);
      }
      const out: OutValue[][] = new Array(n);
      for (let k = 0; k < n; k++) {
        rowsRead++;
        const r = rows[k];
        const cells = r.cells;
        const key = keys[k];
        // Money typed as JavaScript writes it (most is) is read in one pass that also says so, and is written back
        // as typed; numberCell reads any other cell (and reads canonical text to the same number).
        const rawV = hasValue ? get(cells, c.value) : null;
        const rawF = get(cells, c.freight);
        const rawI = get(cells, c.insurance);
        const nV = canonicalOf(rawV);
        const nF = canonicalOf(rawF);
        const nI = canonicalOf(rawI);
        const V = nV === nV ? nV : hasValue ? readMoney(rawV) : null;
        const F = nF === nF ? nF : readMoney(rawF);
        const I = nI === nI ? nI : readMoney(rawI);
        const M = vals[3][mId[k]];
        // Each row's own messages: the core keeps an error that names the date for that day only.
        let du: unknown = null;
        let lc: unknown = null;
        const at = key * REC;
        const clean = rec[at] === 1;
        const s = clean ? null : (said[key] as Said);
        if (hasValue) {
          if (clean || s!.total !== "") {
            rowTotal = clean ? rec[at + 1] : (s!.total as number | TradeError);
            try {
              du = dutyElement(V, totalOfRow);
            } catch (err) {
              du = asTradeError(err);
            }
            try {
              lc = landedCostElement(V, F, I, M, totalOfRow);
            } catch (err) {
              lc = asTradeError(err);
            }
          } else if (isBlank(V) || V === 0) {
            // hts, origin and value blank: DUTY's and LANDED_COST's blank rule
            du = "";
            lc = "";
          } else {
            // a value without hts and origin: the functions' own answer (an error), rare enough to ask them
            const H = vals[0][hId[k]];
            const O = vals[1][oId[k]];
            const D = vals[2][dId[k]];
            const G = vals[4][gId[k]];
            du = dutyOf(V, H, O, D, OV, M, G)[0][0];
            lc = landedCost(V, H, O, D, F, I, OV, M, G)[0][0];
          }
        }
        // the sink is done with a batch's rows once write() returns, so their arrays are filled again
        let row = rowArrays[k];
        if (row === undefined) rowArrays[k] = row = new Array(width);
        let p = 0;
        row[p++] = r.line;
        row[p++] = hOut[hId[k]];
        row[p++] = oOut[oId[k]];
        row[p++] = mOut[mId[k]];
        row[p++] = dOut[dId[k]];
        if (hasValue) row[p++] = nV === nV ? moneyText(nV, rawV as string, asText) : show(V);
        if (c.freight >= 0) row[p++] = nF === nF ? moneyText(nF, rawF as string, asText) : show(F);
        if (c.insurance >= 0) row[p++] = nI === nI ? moneyText(nI, rawI as string, asText) : show(I);
        const sh = clean ? shown[rec[at + 2]] : null;
        row[p++] = sh !== null ? sh.rate : s!.rateOut;
        if (hasValue) {
          row[p++] = cellResult(du);
          row[p++] = cellResult(lc);
        }
        if (clean && !(du instanceof TradeError) && !(lc instanceof TradeError)) {
          row[p++] = sh!.status;
          if (opts.explain) row[p++] = explanation(rec[at + 3]);
          row[p++] = "";
          decided++;
        } else {
          const { ex, st, rate: rt } = said[key] as Said;
          const found: TradeError[] = [];
          for (const x of [rt, du, lc, ex, st]) if (x instanceof TradeError && !found.some((f) => f.message === x.message)) found.push(x);
          if (found.length) {
            // status: the first error; explanation: TARIFF_EXPLAIN's text whenever it has one (a bad value
            // or freight does not change the stack); every message in the errors column and file
            row[p++] = codeOf(found[0]);
            if (opts.explain) row[p++] = ex instanceof TradeError ? `${codeOf(ex)} ${ex.message}` : explanation(rec[at + 3]);
            row[p++] = found.map((f) => `${codeOf(f)} ${f.message}`).join(" | ");
            for (const f of found) {
              // "overrides" in a message is the hint to add a row, unless the table itself is what is wrong; an
              // error that names its argument (data missing for the importer) is that argument's column
              const named = f.arg === undefined ? undefined : args.find(([a]) => a === f.arg);
              const col = f.message.startsWith("overrides") ? "--overrides" : named ? named[1] : columnOf(f.message, args, name(c.hts));
              const ci = colIndex.get(col) ?? -1;
              const v = ci >= 0 ? get(cells, ci) : "";
              if (looksDecimalComma(v)) decimalCommaHints++;
              errors.add(table.name, r.line, col, v, codeOf(f), f.message);
            }
            notDecided++;
          } else if (rt === "" && (du === null || du === "") && (lc === null || lc === "")) {
            const msg =
              "hts and origin are blank (and value), so every tariff function leaves this row blank; give at least hts and origin";
            row[p++] = "#VALUE!";
            if (opts.explain) row[p++] = "";
            row[p++] = `#VALUE! ${msg}`;
            errors.add(table.name, r.line, name(c.hts), "", "#VALUE!", msg);
            notDecided++;
          } else {
            row[p++] = st as string;
            if (opts.explain) row[p++] = explanation(rec[at + 3]);
            row[p++] = "";
            decided++;
          }
        }
        for (const kc of keep) row[p++] = show(get(cells, kc.index));
        while (p < width) row[p++] = null;
        out[k] = row;
      }
      await sink.write(out);
      if (await batchDone(progress, rowsRead, interrupt)) {
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

/** A key's explanation as written, from its handle (NaN: none, an empty cell). */
function explanation(handle: number): OutValue {
  return handle === handle ? new TextRef(handle) : null;
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

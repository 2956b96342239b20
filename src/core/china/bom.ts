/**
 * BOM roll-ups for one product: RAREEARTH_SHARE and CN_CONTROLLED_VALUE.
 *
 * Lines are cells of parallel ranges (line_values with line_items / line_origins
 * of the same size; any shape, read row by row). A line whose value is blank (or
 * the desktop's 0 for an empty cell) with blank item and origin is skipped; when
 * every line is blank the result is "". Sums are compensated (Neumaier) and
 * rounded to 15 significant digits, so decimal inputs add up to their decimal sum
 * (0.1 + 0.2 = 0.3) and the 0.1% test on the result stays decimal-exact. The
 * share RAREEARTH_SHARE returns is rounded the same way only when rounding keeps
 * it on the same side of the 0.1% threshold as the exact decimal ratio.
 */
import { perPack } from "../data/active";
import { asMatrix, flatten } from "../broadcast";
import { TradeError, numError, valueError } from "../errors";
import { isBlank, isOmitted, normalise, single, toNumber } from "../input";
import { AS_OF_BLANK, toDateSerial, todaySerial } from "../dates";
import { declare } from "../signature";
import { thresholdClause } from "../data/instruments";
import type { Instrument } from "../data/instruments";
import { POW10, Threshold, compareRatio, threshold } from "../decimal";
import { resolveItem } from "./items";
import { countryCode as originCode, toCountry } from "../country";
import { statusAt } from "./timeline";
import { REGIMES, toRegime } from "./options";

/**
 * Rounds to 15 significant digits (Excel's precision): the decimal value of a sum or share of decimal inputs.
 *
 * What Number(s.toPrecision(15)) gives, mostly without writing the text: with d such that
 * p = |s|·10^d is in [10^14, 10^15), toPrecision's 15 digits are the integer c nearest the exact
 * |s|·10^d. p is that product within a sixteenth (its rounding error is half an ulp, and p < 2^50),
 * so when p is within 0.375 of an integer (more than 0.125 from a half), c = round(p) is those
 * digits; and c / 10^d (exact operands: c ≤ 10^15 < 2^53, 10^d ≤ 10^22; one correctly rounded
 * division) is the double nearest the decimal c·10^-d, which is what Number reads from the text.
 * Near a half, or for |s| outside [1e-7, 1e14) (where d could leave 0…22), the text decides.
 */
export function roundSum(s: number): number {
  if (!Number.isFinite(s)) throw numError("the sum of the lines is too large to represent");
  if (s === 0) return 0;
  const a = s < 0 ? -s : s;
  if (a >= 1e-7 && a < 1e14) {
    const d = 14 - Math.floor(Math.log10(a));
    const p = a * POW10[d];
    const c = Math.round(p);
    if (p >= 1e14 && p < 1e15 && Math.abs(p - c) < 0.375) return (s < 0 ? -c : c) / POW10[d];
  }
  const r = Number(s.toPrecision(15));
  return Number.isFinite(r) ? r : s;
}

function lineValue(raw: unknown, i: number): number {
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) throw valueError(`line_values: line ${i + 1} is not a finite number`);
    if (raw < 0) throw numError(`line_values: line ${i + 1} is negative (${raw})`);
    return raw;
  }
  if (typeof raw === "boolean") throw valueError(`line_values: line ${i + 1} is ${raw ? "TRUE" : "FALSE"}, not a number`);
  const v = toNumber(raw, `line_values (line ${i + 1})`);
  if (v < 0) throw numError(`line_values: line ${i + 1} is negative (${v})`);
  return v;
}

function sameLength(values: unknown[], other: unknown[], arg: string): void {
  if (other.length !== values.length) {
    throw valueError(
      `${arg} has ${other.length} cells but line_values has ${values.length}; use ranges of the same size (one cell per BOM line)`,
    );
  }
}

function productValue(raw: unknown): number | null {
  if (Array.isArray(raw)) {
    const cells = flatten(raw, "product_value");
    if (cells.length !== 1)
      throw valueError(
        `product_value: expected a single value (this function rolls up one product's BOM), got a range of ${cells.length} cells`,
      );
    raw = cells[0];
  }
  if (raw === 0 || isBlank(raw)) return raw === 0 ? 0 : null;
  const pv = toNumber(raw, "product_value");
  if (pv < 0) throw numError(`product_value is negative (${pv})`);
  return pv;
}

/**
 * RAREEARTH_SHARE: Σ line values (optionally of one origin) ÷ product value.
 *
 * An omitted origin, a blank one or desktop Excel's 0 for an empty cell (bare or
 * as [[0]]) means no origin filter; likewise for line_origins.
 *
 * The share is rounded to 15 significant digits (so 0.3/300 shows 0.001, not
 * 0.0009999999999999998) only when the rounded value stays on the same side of
 * the 0.1% threshold as the exact decimal ratio: 0.000999999999999999 is not
 * rounded up to 0.001, so a sheet's ">= 0.001" on the share never says met when
 * the rule is not. Threshold tests should still use CN_LICENSE_REQUIRED, which
 * decides "0.1% or more" decimal-exactly on the values themselves.
 */
export function rareEarthShare(
  lineValuesRaw: unknown,
  productValueRaw: unknown,
  lineOriginsRaw?: unknown,
  originRaw?: unknown,
): number | "" {
  const values = flatten(lineValuesRaw, "line_values");
  const filter = isOmitted(originRaw) ? null : toCountry(single(originRaw, "origin"), "origin").iso2;
  let origins: unknown[] | null = null;
  if (!isOmitted(lineOriginsRaw)) {
    origins = flatten(lineOriginsRaw, "line_origins");
    sameLength(values, origins, "line_origins");
  } else if (filter !== null) throw valueError("origin is given but line_origins is not; give the origin of each line to filter by origin");
  // origin texts are read only to filter by origin (the common call, one product's share, has no filter)
  const cache = filter === null ? null : new TextResolver("line_origins", originCode);
  // the compensated (Neumaier) sum, as accumulate() keeps it, on locals
  let sum = 0;
  let comp = 0;
  let lines = 0;
  for (let i = 0; i < values.length; i++) {
    const raw = values[i];
    const o = origins ? origins[i] : null;
    if ((raw === 0 || isBlank(raw)) && (o === null || isBlank(o) || o === 0)) continue;
    lines++;
    const v = isBlank(raw) ? 0 : lineValue(raw, i);
    if (cache !== null) {
      if (isBlank(o) || o === 0) {
        if (v === 0) continue;
        throw valueError(`line_origins: line ${i + 1} is blank; give the origin of every line with a value`);
      }
      const ot = typeof o === "string" ? o : textCell(o, "line_origins", i);
      if (ot === null) {
        if (v === 0) continue;
        throw valueError(`line_origins: line ${i + 1} is blank; give the origin of every line with a value`);
      }
      if (cache.get(ot, i + 1) !== filter) continue;
    }
    const t = sum + v;
    comp += neumaierError(sum, v, t);
    sum = t;
  }
  const pv = productValue(productValueRaw);
  if (pv === null) {
    if (lines === 0) return "";
    throw valueError("product_value is blank; a number is required");
  }
  if (pv === 0) {
    if (lines === 0) return "";
    // #DIV/0! carries no message in Excel, and desktop Excel passes 0 for an empty cell: say what is missing.
    throw valueError("product_value is 0 or an empty cell (Excel desktop passes 0 for one); the share needs a product value more than 0");
  }
  const total = roundSum(sum + comp);
  if (total > pv)
    throw numError(`the lines' rare-earth content (${total}) is more than product_value (${pv}); a share above 1 is impossible`);
  return shareNear(total, pv);
}

/** The 0.1% rule (Ann. 61/2025 cl. 1(1), from instruments.json) and its threshold, resolved once per data pack. */
const ruleClause = perPack((): { instrument: Instrument; clauseId: string; t: Threshold } => {
  const { instrument, clause } = thresholdClause();
  return { instrument, clauseId: clause.id, t: threshold(clause.threshold!) };
});

/**
 * total / pv, rounded to 15 significant digits unless rounding would put it on
 * the other side of the threshold from the exact decimal ratio (then the
 * unrounded quotient, or failing that the nearest double on the right side).
 */
function shareNear(total: number, pv: number): number {
  const x = total / pv;
  const t = ruleClause().t;
  const met = compareRatio(total, pv, t) >= 0;
  const r = roundSum(x);
  if ((r >= t.value) === met) return r;
  if ((x >= t.value) === met) return x;
  // Neither the quotient nor its rounding is on the exact side (within an ulp of the threshold).
  return met ? t.value : prevDouble(t.value);
}

/** The largest double below a positive finite x. */
function prevDouble(x: number): number {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  const lo = dv.getUint32(4);
  if (lo === 0) {
    dv.setUint32(0, dv.getUint32(0) - 1);
    dv.setUint32(4, 0xffffffff);
  } else dv.setUint32(4, lo - 1);
  return dv.getFloat64(0);
}

/**
 * What the addition t = sum + v lost to rounding: the term a compensated (Neumaier) sum adds to its
 * compensation. Every compensated sum of line values goes through it, so all of them (the functions'
 * and the command line's) add in the same way.
 */
export function neumaierError(sum: number, v: number, t: number): number {
  return Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
}

/** Adds v to a compensated (Neumaier) sum held in acc[0] (sum) and acc[1] (compensation). */
function accumulate(acc: Float64Array, v: number): void {
  const sum = acc[0];
  const t = sum + v;
  acc[1] += neumaierError(sum, v, t);
  acc[0] = t;
}

/** A range as a column of rows (Excel's n×1 shape stays as it is; other shapes are read row by row). */
/**
 * A BOM column for CN_CONTROLLED_VALUE's hot loop. A range whose first row has one
 * cell is used as it is, without walking all its rows first (Excel always passes
 * rectangular ranges; a 100k-line BOM would be walked three times for nothing):
 * the hot loop takes only one-cell rows and checkLineShape refuses any other row.
 */
function bomColumn(raw: unknown, arg: string): unknown[][] {
  if (Array.isArray(raw) && raw.length > 0 && Array.isArray(raw[0]) && (raw[0] as unknown[]).length === 1) return raw as unknown[][];
  return asColumn(raw, arg);
}

/** The slow path's shape check for line i of the three BOM columns (see bomColumn). */
function checkLineShape(values: unknown[][], items: unknown[][], origins: unknown[][], i: number): void {
  const cols: [unknown[][], string][] = [
    [values, "line_values"],
    [items, "line_items"],
    [origins, "line_origins"],
  ];
  for (const [m, arg] of cols) {
    const row = m[i];
    if (!Array.isArray(row) || row.length !== 1) throw valueError(`${arg}: the range is not rectangular (row ${i + 1})`);
  }
}

function asColumn(raw: unknown, arg: string): unknown[][] {
  const m = asMatrix(raw, arg);
  return m[0].length === 1 ? m : flatten(m, arg).map((x) => [x]);
}

/**
 * CN_CONTROLLED_VALUE: Σ values of China-origin lines whose item is on Ann. 61
 * Annex 1 Part 1, the numerator of the 0.1% rule. Lines count only when the rule
 * itself (Ann. 61 cl. 1(1), effective 2025-12-01) is in force on as_of under the
 * regime, by the same statusAt test CN_LICENSE_REQUIRED uses (otherwise 0; every
 * line is still validated). The Annex 1 list's own date (2025-10-09) is not the
 * gate: before 2025-12-01 nothing counts toward the rule.
 *
 * Hot path (hotLines): a line with a positive number and an item and an origin
 * text seen before costs two Map lookups and one addition; everything else (first
 * sight of a text, blanks, errors) goes through the slow path one line at a time.
 */
export function cnControlledValue(
  lineValuesRaw: unknown,
  lineItemsRaw: unknown,
  lineOriginsRaw: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  today: () => number = todaySerial,
): number | "" {
  const values = bomColumn(lineValuesRaw, "line_values");
  const items = bomColumn(lineItemsRaw, "line_items");
  const origins = bomColumn(lineOriginsRaw, "line_origins");
  sameLength(values, items, "line_items");
  sameLength(values, origins, "line_origins");
  const date = toDateSerial(single(asOfRaw, "as_of"), "as_of", today);
  const regime = toRegime(single(regimeRaw, "regime"));
  const rule = ruleClause();
  const ruleInForce = statusAt(rule.instrument, rule.clauseId, date, regime).kind === "in_force";
  const itemRes = new TextResolver("line_items", (t, w) => resolveItem(t, w).part1);
  const originRes = new TextResolver("line_origins", (t, w) => originCode(t, w) === "CN");
  // acc: [sum, Neumaier compensation, non-blank lines]
  const acc = new Float64Array(3);
  const n = values.length;
  let i = 0;
  while ((i = hotLines(values, items, origins, i, itemRes.hits, originRes.hits, ruleInForce, acc)) < n) {
    // A line the kernel does not take: blanks, text values, a text seen for the first time, errors.
    checkLineShape(values, items, origins, i);
    const raw = values[i][0];
    const it = items[i][0];
    const o = origins[i][0];
    const itemBlank = it === 0 || isBlank(it);
    const originBlank = o === 0 || isBlank(o);
    i++;
    if ((raw === 0 || isBlank(raw)) && itemBlank && originBlank) continue;
    const line = i - 1;
    const v = isBlank(raw) ? 0 : lineValue(raw, line);
    const itText = itemBlank ? null : textCell(it, "line_items", line);
    const oText = originBlank ? null : textCell(o, "line_origins", line);
    acc[2]++;
    if (itText === null || oText === null) {
      if (v === 0) continue;
      throw valueError(
        itText === null
          ? `line_items: line ${i} is blank; name the item (e.g. "Dy", "TbFe alloy") or use "other" for a line that is not a rare-earth item`
          : `line_origins: line ${i} is blank; give the origin of every line with a value`,
      );
    }
    const part1 = itemRes.get(itText, i);
    const china = originRes.get(oText, i);
    if (part1 && china && ruleInForce) accumulate(acc, v);
  }
  if (acc[2] === 0) return "";
  return roundSum(acc[0] + acc[1]);
}

/**
 * The hot loop of CN_CONTROLLED_VALUE from line `start`: lines with a positive
 * number, an item text and an origin text already resolved. Returns the index of
 * the first line it does not take (or the line count when done).
 */
function hotLines(
  values: unknown[][],
  items: unknown[][],
  origins: unknown[][],
  start: number,
  itemMap: ReadonlyMap<string, boolean | TradeError>,
  originMap: ReadonlyMap<string, boolean | TradeError>,
  ruleInForce: boolean,
  acc: Float64Array,
): number {
  const n = values.length;
  let sum = acc[0];
  let comp = acc[1];
  let lines = acc[2];
  let i = start;
  for (; i < n; i++) {
    const vr = values[i];
    const ir = items[i];
    const or = origins[i];
    // bomColumn left the rows unchecked: anything but a one-cell row goes to the slow path, which refuses it.
    if (vr.length !== 1 || ir.length !== 1 || or.length !== 1) break;
    const v = vr[0];
    const it = ir[0];
    const o = or[0];
    if (typeof v !== "number" || !(v > 0 && v < Infinity) || typeof it !== "string" || typeof o !== "string") break;
    const part1 = itemMap.get(it);
    const china = originMap.get(o);
    if (typeof part1 !== "boolean" || typeof china !== "boolean") break;
    lines++;
    if (part1 && china && ruleInForce) {
      // accumulate(), on locals
      const t = sum + v;
      comp += neumaierError(sum, v, t);
      sum = t;
    }
  }
  acc[0] = sum;
  acc[1] = comp;
  acc[2] = lines;
  return i;
}

/** A non-text cell where text belongs: null when blank; Excel error inputs propagate; numbers and booleans are #VALUE!. */
function textCell(raw: unknown, arg: string, i: number): string | null {
  if (raw === 0 || isBlank(raw)) return null;
  const v = normalise(raw, `${arg} (line ${i + 1})`);
  if (v === null) return null;
  if (typeof v === "string") return v;
  throw valueError(`${arg}: line ${i + 1} is ${typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v)}; expected text`);
}

/**
 * Resolves each distinct text of a range once per call (a 100,000-line BOM has a
 * handful of distinct items and origins). `hits` is exposed for hot loops: a
 * value of type T is a resolved text, a TradeError a text that failed.
 */
export class TextResolver<T> {
  readonly hits = new Map<string, T | TradeError>();
  constructor(
    private readonly arg: string,
    private readonly resolve: (text: string, where: string) => T,
  ) {}
  /** The resolved value, or throws the error naming the line (1-based). */
  get(text: string, line: number): T {
    let v = this.hits.get(text);
    if (v === undefined) {
      try {
        v = this.resolve(text.trim(), this.arg);
      } catch (e) {
        v = e instanceof TradeError ? e : new TradeError("VALUE", String(e));
      }
      this.hits.set(text, v);
    }
    if (v instanceof TradeError) throw new TradeError(v.kind, v.message.replace(this.arg, `${this.arg} (line ${line})`));
    return v;
  }
}

/** The declarations of RAREEARTH_SHARE and CN_CONTROLLED_VALUE (one product's BOM: ranges in, one value out). */
export const bomFunctions = {
  RAREEARTH_SHARE: declare(
    "RAREEARTH_SHARE",
    "scalar",
    [
      { name: "line_values", type: "number", shape: "range" },
      { name: "product_value", type: "number", shape: "single" },
      { name: "line_origins", type: "country", shape: "range", optional: true },
      { name: "origin", type: "country", shape: "single", optional: true, zeroIsBlank: true },
    ],
    (v: unknown, p: unknown, lo: unknown, o: unknown) => rareEarthShare(v, p, lo, o),
  ),
  CN_CONTROLLED_VALUE: declare(
    "CN_CONTROLLED_VALUE",
    "scalar",
    [
      { name: "line_values", type: "number", shape: "range" },
      { name: "line_items", type: "text", shape: "range" },
      { name: "line_origins", type: "country", shape: "range" },
      { name: "as_of", type: "date", shape: "single", optional: true, default: AS_OF_BLANK, zeroIsBlank: true },
      { name: "regime", type: "option", shape: "single", optional: true, default: "as_written", options: REGIMES, zeroIsBlank: true },
    ],
    (v: unknown, it: unknown, o: unknown, d: unknown, r: unknown) => cnControlledValue(v, it, o, d, r),
  ),
};

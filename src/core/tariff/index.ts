/**
 * TARIFF_RATE, TARIFF_BREAKDOWN, TARIFF_EXPLAIN, DUTY, LANDED_COST and
 * TARIFF_DELTA: the pure core behind src/functions/tariff.ts. Element-wise over
 * ranges (broadcasting and the blank-row rule from ../broadcast); overrides are
 * parsed once per call; each distinct (HTS, origin, date) is resolved once per
 * call; HTS and origin texts are resolved once per session (to digits and a
 * built-in line, or to "not in the table": a user-defined line made from the
 * overrides lives only in the call's context).
 *
 * Valuation (LANDED_COST, DUTY): US duties are assessed on the customs value,
 * normally the transaction value, which excludes international freight and
 * insurance (19 U.S.C. 1401a(b)(4)(A); CBP informed-compliance publication on
 * deductions of freight, source T-CBP-FREIGHT): so `value` is the FOB-type
 * customs value, duty = value × rate, and freight and insurance are added after
 * duty, never dutied. Merchandise processing and harbor maintenance fees are
 * not included.
 */
import { Matrix, mapElements } from "../broadcast";
import { AS_OF_BLANK, MAX_SERIAL, serialFromIso, toDateSerial, todaySerial } from "../dates";
import { TradeError, asTradeError, isTradeError, numError, valueError } from "../errors";
import { blankish, normalise, single, toNumber } from "../input";
import { countryLabel, toCountry } from "../country";
import { MICRO, tariffData } from "../data/tariffs";
import { dotted, htsDigits } from "./hts";
import { ParamDecl, declare } from "../signature";
import { parseOverrides } from "./overrides";
import { BLANK_DATE_TEXT, NO_MFN_TEXT, NO_OVERRIDES, USER_LINE_TEXT, Overrides, Stack, basisText, explainStack, lookupLine, notInTable, resolveStack, userLine } from "./stack";
import type { HtsLine } from "../data/tariffs";
import { isoFromSerial } from "../dates";

interface Resolved {
  /** null: not in the built-in table (`code` is the digits; see Ctx.lineOf). */
  line: HtsLine | null;
  code: string;
  idx: number;
  /** The number as typed, when the code came from a number (for the not-in-table message). */
  typed?: number;
}

const htsCache = new Map<unknown, Resolved | TradeError>();
const codeIdx = new Map<string, number>();
const originCache = new Map<unknown, { iso: string; idx: number } | TradeError>();
const originIdx = new Map<string, number>();

function resolveHts(raw: unknown): Resolved {
  let hit = htsCache.get(raw);
  if (hit === undefined) {
    try {
      const d = htsDigits(raw, "hts");
      const found = lookupLine(d, tariffData());
      const code = found ? found.code : d;
      // A number outside the table gets its own index: its message differs from the same digits as text.
      const typed = !found && typeof raw === "number" ? raw : undefined;
      const key = typed === undefined ? code : `#${code}`;
      let i = codeIdx.get(key);
      if (i === undefined) {
        i = codeIdx.size;
        codeIdx.set(key, i);
      }
      hit = { line: found ? found.line : null, code, idx: i };
      if (typed !== undefined) hit.typed = typed;
    } catch (e) {
      hit = isTradeError(e) ? e : valueError(`hts: ${String(e)}`);
    }
    if (typeof raw === "string" || typeof raw === "number") htsCache.set(raw, hit);
  }
  if (isTradeError(hit)) throw hit;
  return hit;
}

function resolveOriginRaw(raw: unknown): { iso: string; idx: number } {
  let hit = originCache.get(raw);
  if (hit === undefined) {
    try {
      const iso = toCountry(raw, "origin").iso2;
      let i = originIdx.get(iso);
      if (i === undefined) {
        i = originIdx.size;
        originIdx.set(iso, i);
      }
      hit = { iso, idx: i };
    } catch (e) {
      hit = isTradeError(e) ? e : valueError(`origin: ${String(e)}`);
    }
    if (typeof raw === "string") originCache.set(raw, hit);
  }
  if (isTradeError(hit)) throw hit;
  return hit;
}

let builtinBounds: number[] | null = null;

/** Adds the first day of a window and the day after it ends. */
function addWindow(set: Set<number>, w: { from: number; to: number }): void {
  set.add(w.from);
  set.add(w.to + 1);
}

/** Every date on which some built-in layer, exemption or exclusion starts or stops applying (sorted). */
function dataBoundaries(): number[] {
  if (builtinBounds) return builtinBounds;
  const d = tariffData();
  const set = new Set<number>([d.horizon + 1]);
  for (const rows of d.rowsByLayer.values()) for (const r of rows) addWindow(set, r);
  for (const xs of d.exemptionsByLayer.values()) for (const x of xs) addWindow(set, x);
  for (const x of d.exclusions) addWindow(set, x);
  builtinBounds = [...set].sort((a, b) => a - b);
  return builtinBounds;
}

/**
 * A number in the hts argument that is not a line of the table: said as the number
 * typed (a date serial such as 45751 would otherwise read as the code "0457.51").
 */
function numberNotInTable(n: number, digits: string): TradeError {
  const asDate = Number.isInteger(n) && n >= 1 && n <= MAX_SERIAL ? `; as an Excel date it is ${isoFromSerial(n)}` : "";
  return new TradeError(
    "VALUE",
    `hts: ${n} is a number that is not a line of the US tariff table (its digits read as ${dotted(digits)})${asDate}; give HTS codes as text such as "8505.11.00.70", or add overrides rows whose hts prefix covers the code`,
  );
}

/**
 * Per-call context: the date default and the stack cache. The stack of a line
 * and origin is constant between two boundary dates, so it is cached per
 * (line, origin, date segment): a column of 100,000 dates resolves a few
 * hundred stacks, not one per distinct date.
 */
class Ctx {
  private today = 0;
  private readonly totals = new Map<number, number | TradeError>();
  private readonly stacks = new Map<number, Stack>();
  /** User-defined lines (codes outside the table) of this call's overrides. */
  private readonly userLines = new Map<string, HtsLine | TradeError>();
  private readonly bounds: Float64Array;
  /** A malformed overrides table: every non-blank element of the result gives this error. */
  private readonly ovError: TradeError | null;
  readonly ov: Overrides;
  constructor(overrides: unknown) {
    let ov: Overrides = NO_OVERRIDES;
    let ovError: TradeError | null = null;
    try {
      ov = parseOverrides(overrides);
    } catch (e) {
      ovError = asTradeError(e);
    }
    this.ov = ov;
    this.ovError = ovError;
    let b = dataBoundaries();
    if (ov.count) {
      const set = new Set(b);
      for (const rows of ov.byLayer.values()) for (const r of rows) addWindow(set, r);
      b = [...set].sort((x, y) => x - y);
    }
    this.bounds = Float64Array.from(b);
  }

  /** Index of the segment holding `d`: the number of boundaries ≤ d. */
  private segment(d: number): number {
    const b = this.bounds;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (b[mid] <= d) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The entry date: the input layer's date argument (blank = the calculation date, read once per call). */
  date(raw: unknown): number {
    return toDateSerial(raw, "as_of", this.todaySerial, AS_OF_BLANK);
  }

  /** Whether an as_of value that date() accepted was blank (the calculation date). */
  private static blankDate(raw: unknown): boolean {
    if (blankish(raw)) return true;
    if (raw === null || typeof raw !== "object") return false;
    try {
      return blankish(normalise(raw, "as_of"));
    } catch {
      return false;
    }
  }

  /** The line of a resolved code: built-in, or a user-defined line from the overrides, or #N/A. */
  private lineOf(h: Resolved): HtsLine {
    if (h.line) return h.line;
    const key = h.typed === undefined ? h.code : `#${h.code}`;
    let l = this.userLines.get(key);
    if (l === undefined) {
      l = userLine(h.code, this.ov) ?? (h.typed !== undefined ? numberNotInTable(h.typed, h.code) : notInTable(h.code));
      this.userLines.set(key, l);
    }
    if (isTradeError(l)) throw l;
    return l;
  }

  private readonly todaySerial = (): number => {
    if (this.today === 0) this.today = todaySerial();
    return this.today;
  };

  /** Total rate in micro-units (cached per (hts, origin, date)). */
  totalMicro(hts: unknown, origin: unknown, asOf: unknown): number {
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const key = (h.idx * 4096 + o.idx) * 65_536 + this.segment(d);
    let t = this.totals.get(key);
    if (t === undefined) {
      try {
        t = resolveStack(h.line ?? this.lineOf(h), h.code, o.iso, d, this.ov).totalMicro;
      } catch (e) {
        t = isTradeError(e) ? e : valueError(String(e));
      }
      this.totals.set(key, t);
    }
    if (typeof t !== "number") throw t;
    return t;
  }

  stack(hts: unknown, origin: unknown, asOf: unknown): Stack {
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const blank = Ctx.blankDate(asOf);
    // exact date and the blank flag: the stack carries both for the explanation
    const key = ((h.idx * 4096 + o.idx) * 4_000_000 + d) * 2 + (blank ? 1 : 0);
    let s = this.stacks.get(key);
    if (!s) {
      s = resolveStack(h.line ?? this.lineOf(h), h.code, o.iso, d, this.ov);
      s.dateBlank = blank;
      this.stacks.set(key, s);
    }
    return s;
  }
}

const HTS_SPEC: ParamDecl = { name: "hts", type: "hts", required: true, zeroIsBlank: true };
const ORIGIN_SPEC: ParamDecl = { name: "origin", type: "country", required: true, zeroIsBlank: true };
const ASOF_SPEC: ParamDecl = { name: "as_of", type: "date", optional: true, default: AS_OF_BLANK, zeroIsBlank: true };
const OVERRIDES_SPEC: ParamDecl = { name: "overrides", type: "any", shape: "range", optional: true };
const FREIGHT_SPEC: ParamDecl = { name: "freight", type: "number", optional: true, default: 0 };
const INSURANCE_SPEC: ParamDecl = { name: "insurance", type: "number", optional: true, default: 0 };
const RATE_BEFORE_SPEC: ParamDecl = { name: "rate_before", type: "number", required: true };
const RATE_AFTER_SPEC: ParamDecl = { name: "rate_after", type: "number", required: true };

/** TARIFF_RATE: total ad valorem rate (fraction) element-wise. */
export function tariffRate(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements([hts, origin, asOf], [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC], (v) => ctx.totalMicro(v[0], v[1], v[2]) / MICRO);
}

/** TARIFF_EXPLAIN: one line of text per element. */
export function tariffExplain(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements([hts, origin, asOf], [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC], (v) => {
    const s = ctx.stack(v[0], v[1], v[2]);
    return explainStack(s, countryLabel(s.origin));
  });
}

export const BREAKDOWN_HEADER = ["layer", "legal basis", "rate", "from", "to", "status", "source"];

const BREAKDOWN_HINT = "TARIFF_BREAKDOWN takes one value, not a range; use TARIFF_RATE for a column of lines";

/** TARIFF_BREAKDOWN: header, one row per layer, a total row. Dates as Excel serials ("" = open). */
export function tariffBreakdown(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  const h = single(hts, "hts", BREAKDOWN_HINT);
  const o = single(origin, "origin", BREAKDOWN_HINT);
  const a = single(asOf, "as_of", BREAKDOWN_HINT);
  if (normalise(h, "hts") === null) throw valueError("hts is blank; give an HTS code such as \"8505.11.00.70\"");
  if (normalise(o, "origin") === null) throw valueError("origin is blank; give a country such as \"CN\"");
  const s = ctx.stack(h, o, a);
  const out: unknown[][] = [BREAKDOWN_HEADER.slice()];
  for (const r of s.rows) {
    out.push([
      r.layer,
      basisText(r),
      r.rateMicro / MICRO,
      r.from ? (serialFromIso(r.from) as number) : "",
      r.to ? (serialFromIso(r.to) as number) : "",
      r.status,
      r.sources.join(", "),
    ]);
  }
  const d = tariffData();
  const when = `${isoFromSerial(s.date)}${s.dateBlank ? BLANK_DATE_TEXT : ""}`;
  let basis = s.pastHorizon ? `sum of the layers for entry on ${when}; entry date after the data horizon ${d.horizonIso}: unconfirmed` : `sum of the layers for entry on ${when}`;
  if (s.line.user) basis += `; ${USER_LINE_TEXT}${s.rows.some((r) => r.key === "mfn") ? "" : `; ${NO_MFN_TEXT}`}`;
  if (s.caveats.length) basis += `; ambiguous: ${s.caveats.join("; ")}`;
  out.push([
    "Total",
    basis,
    s.totalMicro / MICRO,
    s.date,
    s.date,
    s.status,
    "",
  ]);
  return out;
}

const VALUE_SPEC: ParamDecl = { name: "value", type: "number", required: true };

function money(raw: unknown, arg: string): number {
  const n = toNumber(raw, arg);
  if (n < 0) throw numError(`${arg} is negative (${n}); a customs value is 0 or more`);
  return n;
}

/** DUTY = customs value × total rate. */
export function duty(value: unknown, hts: unknown, origin: unknown, asOf: unknown, overrides: unknown): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements([value, hts, origin, asOf], [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC], (v) => {
    const val = money(v[0], "value");
    return (val * ctx.totalMicro(v[1], v[2], v[3])) / MICRO;
  });
}

/** LANDED_COST = value + value × rate + freight + insurance (duty on the customs value only). */
export function landedCost(value: unknown, hts: unknown, origin: unknown, asOf: unknown, freight: unknown, insurance: unknown, overrides: unknown): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements(
    [value, hts, origin, asOf, freight, insurance],
    [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, FREIGHT_SPEC, INSURANCE_SPEC],
    (v) => {
      const val = money(v[0], "value");
      const f = toNumber(v[4], "freight", { blank: 0, nonNegative: true });
      const ins = toNumber(v[5], "insurance", { blank: 0, nonNegative: true });
      const dutyAmt = (val * ctx.totalMicro(v[1], v[2], v[3])) / MICRO;
      return val + dutyAmt + f + ins;
    },
  );
}

function rateArg(raw: unknown, arg: string): number {
  const r = toNumber(raw, arg);
  if (r < 0) throw numError(`${arg} is negative (${r}); a tariff rate is 0 or more`);
  return r;
}

/** TARIFF_DELTA = value × (rate_after − rate_before), exact for rates given to 1e-6. */
export function tariffDelta(value: unknown, before: unknown, after: unknown): Matrix<unknown> {
  return mapElements(
    [value, before, after],
    [VALUE_SPEC, RATE_BEFORE_SPEC, RATE_AFTER_SPEC],
    (v) => {
      const val = money(v[0], "value");
      const b = rateArg(v[1], "rate_before");
      const a = rateArg(v[2], "rate_after");
      const bm = Math.round(b * MICRO);
      const am = Math.round(a * MICRO);
      if (Math.abs(bm - b * MICRO) < 1e-6 && Math.abs(am - a * MICRO) < 1e-6) return (val * (am - bm)) / MICRO;
      return val * (a - b);
    },
  );
}

/** Every tariff function's declaration, by id (read by src/functions/tariff.ts). */
export const tariffFunctions = {
  TARIFF_RATE: declare("TARIFF_RATE", "matrix", [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC], (h: unknown, o: unknown, d: unknown, ov: unknown) =>
    tariffRate(h, o, d, ov),
  ),
  TARIFF_BREAKDOWN: declare(
    "TARIFF_BREAKDOWN",
    "matrix",
    [
      { ...HTS_SPEC, shape: "single" },
      { ...ORIGIN_SPEC, shape: "single" },
      { ...ASOF_SPEC, shape: "single" },
      OVERRIDES_SPEC,
    ],
    (h: unknown, o: unknown, d: unknown, ov: unknown) => tariffBreakdown(h, o, d, ov),
  ),
  TARIFF_EXPLAIN: declare("TARIFF_EXPLAIN", "matrix", [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC], (h: unknown, o: unknown, d: unknown, ov: unknown) =>
    tariffExplain(h, o, d, ov),
  ),
  DUTY: declare("DUTY", "matrix", [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC], (v: unknown, h: unknown, o: unknown, d: unknown, ov: unknown) =>
    duty(v, h, o, d, ov),
  ),
  LANDED_COST: declare(
    "LANDED_COST",
    "matrix",
    [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, FREIGHT_SPEC, INSURANCE_SPEC, OVERRIDES_SPEC],
    (v: unknown, h: unknown, o: unknown, d: unknown, f: unknown, i: unknown, ov: unknown) => landedCost(v, h, o, d, f, i, ov),
  ),
  TARIFF_DELTA: declare("TARIFF_DELTA", "matrix", [VALUE_SPEC, RATE_BEFORE_SPEC, RATE_AFTER_SPEC], (v: unknown, b: unknown, a: unknown) => tariffDelta(v, b, a)),
};

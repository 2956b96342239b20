/**
 * TARIFF_RATE, TARIFF_BREAKDOWN, TARIFF_EXPLAIN, DUTY, LANDED_COST and
 * TARIFF_DELTA: the pure core behind src/functions/tariff.ts. Element-wise over
 * ranges (broadcasting and the blank-row rule from ../broadcast); overrides are
 * parsed once per call; each distinct (HTS, origin, date) is resolved once per
 * call; HTS and origin texts are resolved once per session (to digits and a
 * built-in line, or to "not in the table": a user-defined line made from the
 * overrides lives only in the call's context).
 *
 * Importers: every function takes an optional `importer` (blank = the US, so
 * every formula written before importers existed keeps its result) and a
 * `regime` ("in force" or "committed"); the US stack is ./stack.ts, the partner
 * importers' ./partner.ts, both reached through ./importer.ts.
 *
 * Valuation (LANDED_COST, DUTY): US duties are assessed on the customs value,
 * normally the transaction value, which excludes international freight and
 * insurance (19 U.S.C. 1401a(b)(4)(A); CBP informed-compliance publication on
 * deductions of freight, source T-CBP-FREIGHT): so `value` is the FOB-type
 * customs value, duty = value × rate, and freight and insurance are added after
 * duty, never dutied. China, Malaysia, Thailand, Cambodia and Vietnam value
 * imports CIF (freight and insurance to the border are dutiable; the basis and
 * its status per importer are in partner_tariffs.json): LANDED_COST adds freight
 * and insurance to the duty base there. Merchandise processing and harbor
 * maintenance fees and import VAT are not included.
 */
import { Matrix, mapElements } from "../broadcast";
import { AS_OF_BLANK, MAX_SERIAL, serialFromIso, toDateSerial, todaySerial } from "../dates";
import { TradeError, asTradeError, isTradeError, numError, valueError } from "../errors";
import { blankish, normalise, single, toNumber } from "../input";
import { countryLabel, toCountry } from "../country";
import { MICRO, tariffData } from "../data/tariffs";
import { perPack } from "../data/active";
import { dotted, htsDigits } from "./hts";
import { ParamDecl, declare } from "../signature";
import { parseOverrides } from "./overrides";
import { BLANK_DATE_TEXT, NO_MFN_TEXT, NO_OVERRIDES, USER_LINE_TEXT, Overrides, Regime, Stack, basisText, lookupLine, rowStatus, notInTable, resolveStack, userLine } from "./stack";
import { DEFAULT_IMPORTER, ImporterOverrides, Resolution, explainAny, importerOf, overridesFor, parseImporter, parseRegime, partnerBoundaries, resolveCode, stackOf } from "./importer";
import type { HtsLine } from "../data/tariffs";
import { isoFromSerial } from "../dates";

interface Resolved {
  /** null: not in the built-in US table (`code` is the digits; see Ctx.lineOf). */
  line: HtsLine | null;
  code: string;
  idx: number;
  /** The digits as typed (partner importers resolve them against their own lines) and their cache index. */
  digits: string;
  dIdx: number;
  /** The US table's answer when it refuses the code (a short code over lines with different rates). */
  usError: TradeError | null;
  /** The number as typed, when the code came from a number (for the not-in-table message). */
  typed?: number;
}

/** Argument resolutions and their dense indexes (parts of the memo keys), per data pack. */
const caches = perPack(() => ({
  hts: new Map<unknown, Resolved | TradeError>(),
  codeIdx: new Map<string, number>(),
  digitsIdx: new Map<string, number>(),
  origin: new Map<unknown, { iso: string; idx: number } | TradeError>(),
  originIdx: new Map<string, number>(),
  importer: new Map<unknown, { iso: string; idx: number } | TradeError>(),
  importerIdx: new Map<string, number>([[DEFAULT_IMPORTER, 0]]),
  bounds: null as number[] | null,
}));

function resolveHts(raw: unknown): Resolved {
  const { hts: htsCache, codeIdx, digitsIdx } = caches();
  let hit = htsCache.get(raw);
  if (hit === undefined) {
    try {
      const d = htsDigits(raw, "hts");
      // a short US code covering several lines is #N/A for the US only: partner importers have their own lines
      let found: ReturnType<typeof lookupLine> = null;
      let usError: TradeError | null = null;
      try {
        found = lookupLine(d, tariffData());
      } catch (e) {
        usError = asTradeError(e);
      }
      const code = found ? found.code : d;
      // A number outside the table gets its own index: its message differs from the same digits as text.
      const typed = !found && typeof raw === "number" ? raw : undefined;
      const key = typed === undefined ? code : `#${code}`;
      let i = codeIdx.get(key);
      if (i === undefined) {
        i = codeIdx.size;
        codeIdx.set(key, i);
      }
      let di = digitsIdx.get(d);
      if (di === undefined) {
        di = digitsIdx.size;
        digitsIdx.set(d, di);
      }
      hit = { line: found ? found.line : null, code, idx: i, digits: d, dIdx: di, usError };
      if (typed !== undefined) hit.typed = typed;
    } catch (e) {
      hit = isTradeError(e) ? e : valueError(`hts: ${String(e)}`);
    }
    if (typeof raw === "string" || typeof raw === "number") htsCache.set(raw, hit);
  }
  if (isTradeError(hit)) throw hit;
  return hit;
}

/**
 * A country argument resolved to its ISO code and a small dense index (part of the memo keys),
 * cached per raw text; a bad argument is cached as its error and thrown on every use.
 */
function resolveCountryArg(
  raw: unknown,
  cache: Map<unknown, { iso: string; idx: number } | TradeError>,
  indexOf: Map<string, number>,
  arg: string,
  parse: (raw: unknown) => string,
): { iso: string; idx: number } {
  let hit = cache.get(raw);
  if (hit === undefined) {
    try {
      const iso = parse(raw);
      let i = indexOf.get(iso);
      if (i === undefined) {
        i = indexOf.size;
        indexOf.set(iso, i);
      }
      hit = { iso, idx: i };
    } catch (e) {
      hit = isTradeError(e) ? e : valueError(`${arg}: ${String(e)}`);
    }
    if (typeof raw === "string") cache.set(raw, hit);
  }
  if (isTradeError(hit)) throw hit;
  return hit;
}

const parseOrigin = (raw: unknown): string => toCountry(raw, "origin").iso2;

function resolveOriginRaw(raw: unknown): { iso: string; idx: number } {
  const c = caches();
  return resolveCountryArg(raw, c.origin, c.originIdx, "origin", parseOrigin);
}

const US_IMPORTER = { iso: DEFAULT_IMPORTER, idx: 0 };

function parseImporterArg(raw: unknown): string {
  const v = normalise(raw, "importer");
  if (v !== null && typeof v !== "string") throw valueError(`importer: expected a country code or name such as "CN", got ${String(v)}`);
  return parseImporter(v);
}

/** The importer argument (blank = the US), cached per raw text. */
function resolveImporterRaw(raw: unknown): { iso: string; idx: number } {
  if (raw === null || raw === undefined || raw === "" || raw === 0) return US_IMPORTER;
  const c = caches();
  return resolveCountryArg(raw, c.importer, c.importerIdx, "importer", parseImporterArg);
}

/** The regime argument: 0 = "in force" (blank), 1 = "committed". */
function resolveRegimeRaw(raw: unknown): 0 | 1 {
  if (raw === null || raw === undefined || raw === "" || raw === 0) return 0;
  const v = normalise(raw, "regime");
  if (v !== null && typeof v !== "string") throw valueError(`regime: expected "in force" or "committed", got ${String(v)}`);
  return parseRegime(v) === "committed" ? 1 : 0;
}

const REGIMES: readonly Regime[] = ["in force", "committed"];

/** Adds the first day of a window and the day after it ends. */
function addWindow(set: Set<number>, w: { from: number; to: number }): void {
  set.add(w.from);
  set.add(w.to + 1);
}

/** A cache key for one day of a date segment's key (the text is made only where a day's error is kept or looked for). */
function dayKeyOf(key: number, d: number): string {
  return `${key}:${d}`;
}

/** Every date on which some built-in layer, exemption or exclusion starts or stops applying (sorted). */
function dataBoundaries(): number[] {
  const c = caches();
  if (c.bounds) return c.bounds;
  const d = tariffData();
  const set = new Set<number>([d.horizon + 1]);
  for (const rows of d.rowsByLayer.values()) for (const r of rows) addWindow(set, r);
  for (const xs of d.exemptionsByLayer.values()) for (const x of xs) addWindow(set, x);
  for (const x of d.exclusions) addWindow(set, x);
  partnerBoundaries((w) => addWindow(set, w));
  c.bounds = [...set].sort((a, b) => a - b);
  return c.bounds;
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
  /** The override rows that apply to the US (the 6-column rows and those with importer US). */
  private readonly usOv: Overrides;
  private readonly partnerTotals = new Map<number, number | TradeError>();
  /** Errors whose message names the day (see remember), by line, origin and exact date. */
  private readonly dayErrors = new Map<string, TradeError>();
  private readonly partnerDayErrors = new Map<string, TradeError>();
  /** The stacks' statuses, cached as the totals are (see statusFor). */
  private readonly statuses = new Map<number, string | TradeError>();
  private readonly statusDayErrors = new Map<string, TradeError>();
  private readonly partnerStatuses = new Map<number, string | TradeError>();
  private readonly partnerStatusDayErrors = new Map<string, TradeError>();
  private readonly partnerOv = new Map<string, ImporterOverrides>();
  /** Partner code resolutions of this call (user-defined lines depend on the overrides), by importer and digits. */
  private readonly resolutions = new Map<string, Resolution | TradeError>();
  /** A malformed overrides table: every non-blank element of the result gives this error. */
  private readonly ovError: TradeError | null;
  readonly ov: Overrides;
  /** `today`: the calculation date's serial for blank dates (0: read when first needed). */
  constructor(overrides: unknown, today = 0) {
    this.today = today;
    let ov: Overrides = NO_OVERRIDES;
    let ovError: TradeError | null = null;
    try {
      ov = parseOverrides(overrides);
    } catch (e) {
      ovError = asTradeError(e);
    }
    this.ov = ov;
    this.ovError = ovError;
    this.usOv = overridesFor(ov, DEFAULT_IMPORTER).ov;
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
      l = userLine(h.code, this.usOv) ?? (h.typed !== undefined ? numberNotInTable(h.typed, h.code) : notInTable(h.code));
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
    if (h.usError) throw h.usError;
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const key = this.usKey(h, o, d);
    let t = this.recall(this.totals, key, this.dayErrors, d);
    if (t === undefined) {
      try {
        t = resolveStack(h.line ?? this.lineOf(h), h.code, o.iso, d, this.usOv).totalMicro;
      } catch (e) {
        t = isTradeError(e) ? e : valueError(String(e));
      }
      this.remember(this.totals, key, this.dayErrors, t, d);
    }
    if (typeof t !== "number") throw t;
    return t;
  }

  /**
   * stackFor(...).status, or the error stackFor throws, cached as the totals are: per (line, origin, date
   * segment) for the US and per (digits, origin, importer, regime, segment) for a partner importer. The
   * rows a stack applies are chosen only by windows whose first and day-after-last dates are boundaries, and
   * past the horizon starts a segment too, so its rows and its status are the same for every date of a
   * segment (the stack itself is not: it carries its date, which the explanation names). An error that
   * names the date is kept for that day only (see remember). The arguments are checked in stackFor's
   * order, so an argument's error comes first as it does there.
   */
  statusFor(hts: unknown, origin: unknown, asOf: unknown, importer: unknown, regime: unknown): string {
    const imp = resolveImporterRaw(importer);
    const reg = resolveRegimeRaw(regime);
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    const us = imp.idx === 0;
    if (us && h.usError) throw h.usError;
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const key = us ? this.usKey(h, o, d) : this.partnerKey(h, o, imp, reg, d);
    const bySegment = us ? this.statuses : this.partnerStatuses;
    const byDay = us ? this.statusDayErrors : this.partnerStatusDayErrors;
    let st = this.recall(bySegment, key, byDay, d);
    if (st === undefined) {
      try {
        st = this.stackFor(hts, origin, asOf, importer, regime).status;
      } catch (e) {
        st = asTradeError(e);
      }
      this.remember(bySegment, key, byDay, st, d);
    }
    if (typeof st !== "string") throw st;
    return st;
  }

  /** The cache key of a US stack's segment: (line, origin, date segment). */
  private usKey(h: Resolved, o: { idx: number }, d: number): number {
    return (h.idx * 4096 + o.idx) * 65_536 + this.segment(d);
  }

  /** The cache key of a partner importer's stack's segment: (digits, origin, importer, regime, date segment). */
  private partnerKey(h: Resolved, o: { idx: number }, imp: { idx: number }, reg: number, d: number): number {
    return (((h.dIdx * 4096 + o.idx) * 16 + imp.idx) * 2 + reg) * 65_536 + this.segment(d);
  }

  /** What remember kept for the segment `key`, or for its day `d` (an error that names the day). */
  private recall<T extends number | string>(bySegment: Map<number, T | TradeError>, key: number, byDay: Map<string, TradeError>, d: number): T | TradeError | undefined {
    return bySegment.get(key) ?? (byDay.size ? byDay.get(dayKeyOf(key, d)) : undefined);
  }

  /**
   * Caches a total or a status, or an error, for the date segment. An error whose message names the date
   * itself ("... on 2025-05-15 ...") is kept for that day only: another row in the same segment
   * must get its own date in its message, not the first row's.
   */
  private remember<T extends number | string>(
    bySegment: Map<number, T | TradeError>,
    key: number,
    byDay: Map<string, TradeError>,
    t: T | TradeError,
    d: number,
  ): void {
    if (isTradeError(t) && t.message.includes(isoFromSerial(d))) byDay.set(dayKeyOf(key, d), t);
    else bySegment.set(key, t);
  }

  stack(hts: unknown, origin: unknown, asOf: unknown): Stack {
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    if (h.usError) throw h.usError;
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const blank = Ctx.blankDate(asOf);
    // exact date and the blank flag: the stack carries both for the explanation
    const key = ((h.idx * 4096 + o.idx) * 4_000_000 + d) * 2 + (blank ? 1 : 0);
    let s = this.stacks.get(key);
    if (!s) {
      s = resolveStack(h.line ?? this.lineOf(h), h.code, o.iso, d, this.usOv);
      s.dateBlank = blank;
      this.stacks.set(key, s);
    }
    return s;
  }

  private overridesOf(iso: string): ImporterOverrides {
    let io = this.partnerOv.get(iso);
    if (!io) this.partnerOv.set(iso, (io = overridesFor(this.ov, iso)));
    return io;
  }

  /** A code's resolution for a partner importer (cached per call: user-defined lines come from this call's overrides). */
  private resolution(iso: string, digits: string): Resolution {
    const k = `${iso}|${digits}`;
    let r = this.resolutions.get(k);
    if (r === undefined) {
      try {
        r = resolveCode(iso, digits, this.overridesOf(iso));
      } catch (e) {
        r = asTradeError(e);
      }
      this.resolutions.set(k, r);
    }
    if (isTradeError(r)) throw r;
    return r;
  }

  /** Total rate in micro-units for any importer; the US path is totalMicro's (regime ignored: no US commitments). */
  totalFor(hts: unknown, origin: unknown, asOf: unknown, importer: unknown, regime: unknown): number {
    const imp = resolveImporterRaw(importer);
    const reg = resolveRegimeRaw(regime);
    if (imp.idx === 0) return this.totalMicro(hts, origin, asOf);
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const key = this.partnerKey(h, o, imp, reg, d);
    let t = this.recall(this.partnerTotals, key, this.partnerDayErrors, d);
    if (t === undefined) {
      try {
        t = stackOf(imp.iso, this.resolution(imp.iso, h.digits), o.iso, d, this.overridesOf(imp.iso), REGIMES[reg]).totalMicro;
      } catch (e) {
        t = asTradeError(e);
      }
      this.remember(this.partnerTotals, key, this.partnerDayErrors, t, d);
    }
    if (typeof t !== "number") throw t;
    return t;
  }

  /** The full stack for any importer (explanations, breakdowns). */
  stackFor(hts: unknown, origin: unknown, asOf: unknown, importer: unknown, regime: unknown): Stack {
    const imp = resolveImporterRaw(importer);
    const reg = resolveRegimeRaw(regime);
    if (imp.idx === 0) return this.stack(hts, origin, asOf);
    if (this.ovError) throw this.ovError;
    const h = resolveHts(hts);
    const o = resolveOriginRaw(origin);
    const d = this.date(asOf);
    const s = stackOf(imp.iso, this.resolution(imp.iso, h.digits), o.iso, d, this.overridesOf(imp.iso), REGIMES[reg]);
    s.dateBlank = Ctx.blankDate(asOf);
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
const IMPORTER_SPEC: ParamDecl = { name: "importer", type: "country", optional: true, default: DEFAULT_IMPORTER, zeroIsBlank: true };
const REGIME_SPEC: ParamDecl = { name: "regime", type: "option", optional: true, default: "in force", options: ["in force", "committed"] };
const RATE_SPECS = [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, IMPORTER_SPEC, REGIME_SPEC];

/** TARIFF_RATE: total ad valorem rate (fraction) element-wise; importer and regime optional (blank = the US, in force). */
export function tariffRate(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements([hts, origin, asOf, importer, regime], RATE_SPECS, (v) => ctx.totalFor(v[0], v[1], v[2], v[3], v[4]) / MICRO);
}

/**
 * TARIFF_RATE's elements before the division by MICRO: the total in micro-units (TARIFF_RATE's
 * element is this / MICRO; DUTY's and LANDED_COST's elements multiply by it through dutyElement and
 * landedCostElement), with TARIFF_RATE's blanks and errors. For callers that price many rows of the
 * same (hts, origin, date, importer, regime), such as the command-line screen.
 */
export function tariffTotalsMicro(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  return new TariffColumns(overrides).totalsMicro(hts, origin, asOf, importer, regime);
}

/** TARIFF_EXPLAIN: one line of text per element. */
export function tariffExplain(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  return new TariffColumns(overrides).explain(hts, origin, asOf, importer, regime);
}

export const BREAKDOWN_HEADER = ["layer", "legal basis", "rate", "from", "to", "status", "source"];

const BREAKDOWN_HINT = "TARIFF_BREAKDOWN takes one value, not a range; use TARIFF_RATE for a column of lines";

/** TARIFF_BREAKDOWN's arguments checked (single values, hts and origin not blank): hts, origin, as_of, importer, regime. */
function breakdownArgs(hts: unknown, origin: unknown, asOf: unknown, importer: unknown, regime: unknown): [unknown, unknown, unknown, unknown, unknown] {
  const h = single(hts, "hts", BREAKDOWN_HINT);
  const o = single(origin, "origin", BREAKDOWN_HINT);
  const a = single(asOf, "as_of", BREAKDOWN_HINT);
  const m = single(importer, "importer", BREAKDOWN_HINT);
  const g = single(regime, "regime", BREAKDOWN_HINT);
  if (normalise(h, "hts") === null) throw valueError("hts is blank; give an HTS code such as \"8505.11.00.70\"");
  if (normalise(o, "origin") === null) throw valueError("origin is blank; give a country such as \"CN\"");
  return [h, o, a, m, g];
}

/** The stack TARIFF_BREAKDOWN lays out: its arguments checked and resolved. */
function breakdownStack(ctx: Ctx, hts: unknown, origin: unknown, asOf: unknown, importer: unknown, regime: unknown): Stack {
  const [h, o, a, m, g] = breakdownArgs(hts, origin, asOf, importer, regime);
  return ctx.stackFor(h, o, a, m, g);
}

/** TARIFF_BREAKDOWN's arguments by name only: no blank rule (TARIFF_BREAKDOWN has its own messages for a blank hts or origin). */
const STATUS_SPECS = RATE_SPECS.map((p) => ({ name: p.name }));

/**
 * The status of TARIFF_BREAKDOWN's total row, element-wise over columns (one context for all of
 * them): each element is what TARIFF_BREAKDOWN(hts, origin, as_of, overrides, importer, regime)
 * gives in its last row's status column, or the error it throws (no blank rule: a blank hts or
 * origin is TARIFF_BREAKDOWN's own error). For callers that need only the status of many stacks.
 */
export function tariffBreakdownStatus(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  return new TariffColumns(overrides).breakdownStatus(hts, origin, asOf, importer, regime);
}

/**
 * tariffTotalsMicro, TARIFF_EXPLAIN and tariffBreakdownStatus for one overrides table over many calls,
 * through one context: each call gives exactly what the function gives for the same columns, and the
 * stacks, totals and statuses a call resolves are kept for the calls after it (the context's caches, which grow
 * with the distinct (hts, origin, date, importer, regime) seen: a caller that makes many calls starts a
 * new TariffColumns to bound them). A blank date is `today` (a serial) when given, else the calculation
 * date read by the first call that needs it, for every later call too.
 */
export class TariffColumns {
  private readonly ctx: Ctx;
  constructor(overrides: unknown, today?: number) {
    this.ctx = new Ctx(overrides, today);
  }
  totalsMicro(hts: unknown, origin: unknown, asOf: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
    const ctx = this.ctx;
    return mapElements([hts, origin, asOf, importer, regime], RATE_SPECS, (v) => ctx.totalFor(v[0], v[1], v[2], v[3], v[4]));
  }
  explain(hts: unknown, origin: unknown, asOf: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
    const ctx = this.ctx;
    return mapElements([hts, origin, asOf, importer, regime], RATE_SPECS, (v) => {
      const s = ctx.stackFor(v[0], v[1], v[2], v[3], v[4]);
      return explainAny(s, countryLabel(s.origin));
    });
  }
  breakdownStatus(hts: unknown, origin: unknown, asOf: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
    const ctx = this.ctx;
    return mapElements([hts, origin, asOf, importer, regime], STATUS_SPECS, (v) => {
      const [h, o, a, m, g] = breakdownArgs(v[0], v[1], v[2], v[3], v[4]);
      return ctx.statusFor(h, o, a, m, g);
    });
  }
}

/** TARIFF_BREAKDOWN: header, one row per layer, a total row. Dates as Excel serials ("" = open). */
export function tariffBreakdown(hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  const s = breakdownStack(new Ctx(overrides), hts, origin, asOf, importer, regime);
  const out: unknown[][] = [BREAKDOWN_HEADER.slice()];
  for (const r of s.rows) {
    out.push([
      r.layer,
      basisText(r),
      r.rateMicro / MICRO,
      r.from ? (serialFromIso(r.from) as number) : "",
      r.to ? (serialFromIso(r.to) as number) : "",
      rowStatus(r),
      r.sources.join(", "),
    ]);
  }
  const horizonIso = s.importer && s.importer !== DEFAULT_IMPORTER ? importerOf(s.importer).horizonIso : tariffData().horizonIso;
  const when = `${isoFromSerial(s.date)}${s.dateBlank ? BLANK_DATE_TEXT : ""}`;
  let basis = s.pastHorizon ? `sum of the layers for entry on ${when}; entry date after the data horizon ${horizonIso}: unconfirmed` : `sum of the layers for entry on ${when}`;
  if (s.importer && s.importer !== DEFAULT_IMPORTER) basis = `${importerOf(s.importer).name} (${s.importer}), ${s.regime === "committed" ? "commitments as signed" : "in force"}: ${basis}`;
  if (s.resolution) basis += `; ${s.resolution}`;
  if (s.line.user) basis += `; ${USER_LINE_TEXT}${s.rows.some((r) => r.key === "mfn") ? "" : `; ${NO_MFN_TEXT}`}`;
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

/**
 * One element of DUTY: the value checked (its error comes first), then `total()`, the element's
 * total rate in micro-units (throwing the rate's error), and value × rate. DUTY itself uses it, so a
 * caller that already has the total (see tariffTotalsMicro) gets exactly DUTY's element.
 */
export function dutyElement(value: unknown, total: () => number): number {
  const val = money(value, "value");
  return (val * total()) / MICRO;
}

/** DUTY = customs value × total rate. */
export function duty(value: unknown, hts: unknown, origin: unknown, asOf: unknown, overrides: unknown, importer: unknown = null, regime: unknown = null): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements([value, hts, origin, asOf, importer, regime], [VALUE_SPEC, ...RATE_SPECS], (v) =>
    dutyElement(v[0], () => ctx.totalFor(v[1], v[2], v[3], v[4], v[5])),
  );
}

/** Freight and insurance: blank is 0, negative is #NUM!. */
const CHARGE_OPTIONS = { blank: 0, nonNegative: true } as const;

/**
 * One element of LANDED_COST: value, freight and insurance checked (in that order, before the rate),
 * then `total()` (the element's total rate in micro-units, throwing the rate's error), then the
 * importer's valuation (FOB-type for the US, CIF for the importers that value CIF). LANDED_COST itself
 * uses it, so a caller that already has the total gets exactly LANDED_COST's element.
 */
export function landedCostElement(value: unknown, freight: unknown, insurance: unknown, importer: unknown, total: () => number): number {
  const val = money(value, "value");
  const f = toNumber(freight, "freight", CHARGE_OPTIONS);
  const ins = toNumber(insurance, "insurance", CHARGE_OPTIONS);
  const rate = total();
  const imp = resolveImporterRaw(importer);
  if (imp.idx !== 0 && importerOf(imp.iso).valuation === "CIF") {
    const cif = val + f + ins;
    return cif + (cif * rate) / MICRO;
  }
  return val + (val * rate) / MICRO + f + ins;
}

/**
 * LANDED_COST: the US (FOB-type customs value) = value + value × rate + freight +
 * insurance; a CIF importer = (value + freight + insurance) × (1 + rate).
 */
export function landedCost(
  value: unknown,
  hts: unknown,
  origin: unknown,
  asOf: unknown,
  freight: unknown,
  insurance: unknown,
  overrides: unknown,
  importer: unknown = null,
  regime: unknown = null,
): Matrix<unknown> {
  const ctx = new Ctx(overrides);
  return mapElements(
    [value, hts, origin, asOf, freight, insurance, importer, regime],
    [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, FREIGHT_SPEC, INSURANCE_SPEC, IMPORTER_SPEC, REGIME_SPEC],
    (v) => landedCostElement(v[0], v[4], v[5], v[6], () => ctx.totalFor(v[1], v[2], v[3], v[6], v[7])),
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
  TARIFF_RATE: declare("TARIFF_RATE", "matrix", [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC, IMPORTER_SPEC, REGIME_SPEC], (h: unknown, o: unknown, d: unknown, ov: unknown, m: unknown, g: unknown) =>
    tariffRate(h, o, d, ov, m, g),
  ),
  TARIFF_BREAKDOWN: declare(
    "TARIFF_BREAKDOWN",
    "matrix",
    [
      { ...HTS_SPEC, shape: "single" },
      { ...ORIGIN_SPEC, shape: "single" },
      { ...ASOF_SPEC, shape: "single" },
      OVERRIDES_SPEC,
      { ...IMPORTER_SPEC, shape: "single" },
      { ...REGIME_SPEC, shape: "single" },
    ],
    (h: unknown, o: unknown, d: unknown, ov: unknown, m: unknown, g: unknown) => tariffBreakdown(h, o, d, ov, m, g),
  ),
  TARIFF_EXPLAIN: declare("TARIFF_EXPLAIN", "matrix", [HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC, IMPORTER_SPEC, REGIME_SPEC], (h: unknown, o: unknown, d: unknown, ov: unknown, m: unknown, g: unknown) =>
    tariffExplain(h, o, d, ov, m, g),
  ),
  DUTY: declare(
    "DUTY",
    "matrix",
    [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, OVERRIDES_SPEC, IMPORTER_SPEC, REGIME_SPEC],
    (v: unknown, h: unknown, o: unknown, d: unknown, ov: unknown, m: unknown, g: unknown) => duty(v, h, o, d, ov, m, g),
  ),
  LANDED_COST: declare(
    "LANDED_COST",
    "matrix",
    [VALUE_SPEC, HTS_SPEC, ORIGIN_SPEC, ASOF_SPEC, FREIGHT_SPEC, INSURANCE_SPEC, OVERRIDES_SPEC, IMPORTER_SPEC, REGIME_SPEC],
    (v: unknown, h: unknown, o: unknown, d: unknown, f: unknown, i: unknown, ov: unknown, m: unknown, g: unknown) => landedCost(v, h, o, d, f, i, ov, m, g),
  ),
  TARIFF_DELTA: declare("TARIFF_DELTA", "matrix", [VALUE_SPEC, RATE_BEFORE_SPEC, RATE_AFTER_SPEC], (v: unknown, b: unknown, a: unknown) => tariffDelta(v, b, a)),
};

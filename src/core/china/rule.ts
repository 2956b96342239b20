/**
 * China's 0.1% rule (MOFCOM Ann. 61/2025 clause 1(1)): CN_LICENSE_REQUIRED,
 * CN_LICENSE_EXPLAIN and CN_HEADROOM.
 *
 * A licence is required when the clause is in force on as_of under the regime,
 * the product is an Annex 1 Part 2 item under the scope (an omitted product type
 * means: assumed in scope), and cn_value / product_value ≥ the threshold
 * ("0.1% or more"), decided decimal-exactly. The clause, its threshold and its
 * dates come from instruments.json; the Part 2 categories from cn_items.json.
 *
 * Broadcasting and the blank-row rule are the input layer's (mapElements; the hot
 * path of CN_LICENSE_REQUIRED follows the same shape and blank rules in its own loop).
 * The rule context of (product_type, as_of, regime, scope) is resolved once per run
 * of equal values (ContextMemo).
 */
import { perPack } from "../data/active";
import { Cell, Matrix, asMatrix, broadcastShape, mapElements } from "../broadcast";
import { TradeError, asTradeError, numError, valueError } from "../errors";
import { blankish, single, toNumber } from "../input";
import { AS_OF_BLANK, todaySerial, isoFromSerial } from "../dates";
import { ParamDecl, declare } from "../signature";
import { Threshold, compareRatio, headroom, threshold } from "../decimal";
import { Clause, Instrument, Part2Category, thresholdClause, timelineHorizon } from "../data/instruments";
import { getSource } from "../data/sources";
import { Regime, StatusAt, statusAt, statusLine } from "./timeline";
import { roundSum } from "./bom";
import { PRODUCT_TYPES, ProductType, REGIMES, SCOPES, Scope, part2For, toAsOf, toProductType, toRegime, toScope, typesInScope } from "./options";

interface Rule {
  instrument: Instrument;
  clause: Clause;
  t: Threshold;
  /** "0.1%" */
  pct: string;
}

/** The threshold clause (Ann. 61 cl. 1(1)) and its threshold, resolved once per data pack. */
export const theRule = perPack((): Rule => {
  const { instrument, clause } = thresholdClause();
  const t = threshold(clause.threshold!);
  return { instrument, clause, t, pct: `${Number((t.value * 100).toPrecision(12))}%` };
});

export interface RuleContext {
  date: number;
  dateBlank: boolean;
  regime: Regime;
  scope: Scope;
  productType?: ProductType;
  category?: Part2Category;
  status: StatusAt;
  inForce: boolean;
  inScope: boolean;
  /** In force and in scope: the threshold decides. */
  applies: boolean;
}

/** Resolves the per-product options once. Throws #VALUE! for unknown options or bad dates. */
export function ruleContext(
  productTypeRaw: unknown,
  asOfRaw: unknown,
  regimeRaw: unknown,
  scopeRaw: unknown,
  today: () => number = todaySerial,
): RuleContext {
  const productType = toProductType(productTypeRaw);
  const { date, blank: dateBlank } = toAsOf(asOfRaw, today);
  const regime = toRegime(regimeRaw);
  const scope = toScope(scopeRaw);
  const r = theRule();
  const status = statusAt(r.instrument, r.clause.id, date, regime);
  const inForce = status.kind === "in_force";
  const category = productType === undefined ? undefined : part2For(productType, scope);
  const inScope = productType === undefined || category !== undefined;
  return { date, dateBlank, regime, scope, productType, category, status, inForce, inScope, applies: inForce && inScope };
}

/** product_value 0 (typed, or an empty cell on Excel desktop) with a cn_value: the ratio is impossible. */
export const ZERO_PRODUCT_VALUE =
  "product_value is 0 or an empty cell (Excel desktop passes 0 for one); the share of China-origin content needs a product value more than 0";

/** Checks one (cn_value, product_value) pair; returns the numbers or throws the Excel error for bad input. */
export function checkValues(cnRaw: unknown, pvRaw: unknown): [number, number] {
  const cn = toNumber(cnRaw, "cn_value");
  const pv = toNumber(pvRaw, "product_value");
  if (cn < 0) throw numError(`cn_value is negative (${cn}); it must be 0 or more`);
  if (pv < 0) throw numError(`product_value is negative (${pv}); it must be more than 0`);
  // #DIV/0! carries no message in Excel, and desktop Excel passes 0 for an empty cell: say what is missing.
  if (pv === 0) throw valueError(ZERO_PRODUCT_VALUE);
  if (cn > pv)
    throw numError(`cn_value (${cn}) is more than product_value (${pv}); China-origin content cannot exceed the product's value`);
  return [cn, pv];
}

/**
 * The rule context of an element's (product_type, as_of, regime, scope), resolved once for a run
 * of elements with the same four values (the usual case: one value each, broadcast over a column).
 */
class ContextMemo {
  private k0: unknown = undefined;
  private k1: unknown = undefined;
  private k2: unknown = undefined;
  private k3: unknown = undefined;
  private hit: RuleContext | TradeError | undefined = undefined;
  constructor(private readonly today: () => number) {}
  get(v: readonly unknown[]): RuleContext {
    if (this.hit === undefined || v[2] !== this.k0 || v[3] !== this.k1 || v[4] !== this.k2 || v[5] !== this.k3) {
      this.k0 = v[2];
      this.k1 = v[3];
      this.k2 = v[4];
      this.k3 = v[5];
      try {
        this.hit = ruleContext(v[2], v[3], v[4], v[5], this.today);
      } catch (e) {
        this.hit = asTradeError(e);
      }
    }
    if (this.hit instanceof TradeError) throw this.hit;
    return this.hit;
  }
}

/** The parameters of CN_LICENSE_REQUIRED and CN_LICENSE_EXPLAIN (CN_HEADROOM takes the first two). */
const LICENSE_PARAMS: readonly ParamDecl[] = [
  { name: "cn_value", type: "number", required: true },
  { name: "product_value", type: "number", required: true, zeroIsBlank: true },
  { name: "product_type", type: "option", optional: true, options: PRODUCT_TYPES, zeroIsBlank: true },
  { name: "as_of", type: "date", optional: true, default: AS_OF_BLANK, zeroIsBlank: true },
  { name: "regime", type: "option", optional: true, default: "as_written", options: REGIMES, zeroIsBlank: true },
  { name: "scope", type: "option", optional: true, default: "strict", options: SCOPES, zeroIsBlank: true },
];

/**
 * CN_LICENSE_REQUIRED, element-wise with broadcasting. The common element (two numbers with
 * 0 ≤ cn ≤ pv, pv > 0) is decided in floating point unless within 1e-9 of the threshold, where
 * compareRatio decides decimal-exactly; anything else goes through checkValues.
 *
 * With one product type, date, regime and scope (the usual call: a column of products) the
 * elements run in valuePairs' dedicated loop: a 100,000-product column costs a number check and
 * a ratio per element. Otherwise mapElements broadcasts all six arguments.
 */
export function cnLicenseRequired(
  cnRaw: unknown,
  pvRaw: unknown,
  productTypeRaw?: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  scopeRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<boolean>> {
  const t = theRule().t;
  const tv = t.value;
  const tol = Math.abs(tv) * 1e-9;
  const single = singleContext(productTypeRaw, asOfRaw, regimeRaw, scopeRaw, today);
  if (single === null) {
    const contexts = new ContextMemo(today);
    return mapElements([cnRaw, pvRaw, productTypeRaw, asOfRaw, regimeRaw, scopeRaw], LICENSE_PARAMS, (v) => {
      const [cn, pv] = checkValues(v[0], v[1]);
      return contexts.get(v).applies && compareRatio(cn, pv, t) >= 0;
    });
  }
  return valuePairs(cnRaw, pvRaw, single, (c, p, ctx) => {
    if (!ctx.applies) return false;
    const gap = c / p - tv;
    return gap > tol ? true : gap < -tol ? false : compareRatio(c, p, t) >= 0;
  });
}

/**
 * The rule context of a call whose product_type, as_of, regime and scope are single values, or the
 * error every element then gives; null when any of them is a range (the elements then have contexts
 * of their own, and mapElements broadcasts all six arguments).
 */
function singleContext(productTypeRaw: unknown, asOfRaw: unknown, regimeRaw: unknown, scopeRaw: unknown, today: () => number): RuleContext | TradeError | null {
  if (!(isSingle(productTypeRaw) && isSingle(asOfRaw) && isSingle(regimeRaw) && isSingle(scopeRaw))) return null;
  try {
    return ruleContext(single(productTypeRaw, "product_type"), single(asOfRaw, "as_of"), single(regimeRaw, "regime"), single(scopeRaw, "scope"), today);
  } catch (e) {
    return asTradeError(e);
  }
}

/**
 * The elements of a call whose only ranges are cn_value and product_value (the other arguments
 * single values, resolved once to `ctx`), in a dedicated loop shaped by the broadcaster's own rules
 * (asMatrix, broadcastShape) with mapElements' answers: for the common pair (two numbers with
 * 0 ≤ cn ≤ pv, 0 < pv < ∞, which checkValues passes as they are) `f` at once; for any other the
 * blank rule (both blank or 0: ""), then checkValues, then the context's error if any, then `f`.
 * An error `f` throws stays in its element, as mapElements keeps it.
 */
function valuePairs<C, R>(cnRaw: unknown, pvRaw: unknown, ctx: C | TradeError, f: (cn: number, pv: number, ctx: C) => R): Matrix<Cell<R>> {
  const cm = asMatrix(cnRaw, "cn_value");
  const pm = asMatrix(pvRaw, "product_value");
  const [rows, cols] = broadcastShape([cm, pm], ["cn_value", "product_value"]);
  const ok = !(ctx instanceof TradeError);
  const cStepR = cm.length === 1 ? 0 : 1;
  const pStepR = pm.length === 1 ? 0 : 1;
  const cStepC = cm[0].length === 1 ? 0 : 1;
  const pStepC = pm[0].length === 1 ? 0 : 1;
  const out: Matrix<Cell<R>> = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const cr = cm[i * cStepR];
    const pr = pm[i * pStepR];
    const row = new Array<Cell<R>>(cols);
    for (let j = 0; j < cols; j++) {
      const c = cr[j * cStepC];
      const p = pr[j * pStepC];
      try {
        if (ok && typeof c === "number" && typeof p === "number" && c >= 0 && p > 0 && c <= p && p < Infinity) row[j] = f(c, p, ctx as C);
        else if (blankish(c) && blankish(p)) row[j] = "";
        else {
          const [cn, pv] = checkValues(c, p);
          row[j] = ctx instanceof TradeError ? ctx : f(cn, pv, ctx);
        }
      } catch (e) {
        row[j] = asTradeError(e);
      }
    }
    out[i] = row;
  }
  return out;
}

/** A single value, or a 1×1 range. */
function isSingle(raw: unknown): boolean {
  return !Array.isArray(raw) || (raw.length === 1 && Array.isArray(raw[0]) && (raw[0] as unknown[]).length === 1);
}

/**
 * CN_HEADROOM: threshold × product_value − cn_value, exactly 0 at the threshold,
 * rounded to 15 significant digits (so 0.1% × 50 − 0.04 shows 0.01, not
 * 0.010000000000000002; rounding relative to the result never changes its sign).
 * Its two arguments are the only ones, so it always runs in valuePairs' loop.
 */
export function cnHeadroom(cnRaw: unknown, pvRaw: unknown): Matrix<Cell<number>> {
  const t = theRule().t;
  return valuePairs(cnRaw, pvRaw, null, (cn, pv) => roundSum(headroom(cn, pv, t)));
}

// ---------------------------------------------------------------------------
// Explanation

/** The ratio as a percent to 4 significant digits ("0.8000%"). */
export function ratioPercent(cn: number, pv: number): string {
  const r = (cn / pv) * 100;
  return `${r === 0 ? "0.000" : r.toPrecision(4)}%`;
}

function scopeText(ctx: RuleContext): string {
  const inScopeList = typesInScope(ctx.scope);
  const head = `scope ${ctx.scope} (Part 2 items: ${inScopeList})`;
  if (ctx.productType === undefined)
    return `${head}; product_type not given: the product was assumed to be in scope (an Annex 1 Part 2 item) and only the threshold was tested`;
  if (ctx.category) {
    const disputed = ctx.category.confirmation === "unconfirmed" ? " - the disputed reading, UNCONFIRMED" : "";
    return `${head}; product_type ${ctx.productType}: in scope as ${ctx.category.name}${disputed}`;
  }
  return `${head}; product_type ${ctx.productType}: not an Annex 1 Part 2 item under this scope`;
}

/** One line for CN_LICENSE_EXPLAIN. */
export function explainLicense(cn: number, pv: number, ctx: RuleContext): string {
  const p = explainLicenseParts(cn, pv, ctx);
  return ownText(p.own) + p.rest;
}

/**
 * CN_LICENSE_EXPLAIN's line in two parts, own then rest: `own` is the product's verdict and ratio; `rest`
 * (the rule, its status on the date, the regime and the scope) depends only on the context, so a caller
 * explaining many products under one context passes `memo` and the rest is built once per context, as
 * are the texts around the product's numbers in `own`.
 */
export function explainLicenseParts(cn: number, pv: number, ctx: RuleContext, memo?: Map<RuleContext, ContextTexts>): ExplainParts {
  const r = theRule();
  const cmp = compareRatio(cn, pv, r.t);
  const meets = cmp >= 0;
  let texts = memo?.get(ctx);
  if (texts === undefined) {
    texts = contextTexts(ctx);
    memo?.set(ctx, texts);
  }
  return { own: [meets ? texts.meets : texts.below, cn, " / product value ", pv, " = ", ratioPercent(cn, pv), texts.after[cmp + 1]], rest: texts.rest };
}

/** A context's texts for explainLicenseParts. */
export interface ContextTexts {
  /** The start of `own` (the verdict, up to the numbers), when the ratio is below the threshold and when it meets it. */
  below: string;
  meets: string;
  /** The end of `own`, after the ratio's percent: by compareRatio's answer + 1 (below, exactly at, above the threshold). */
  after: readonly [string, string, string];
  rest: string;
}

function contextTexts(ctx: RuleContext): ContextTexts {
  const r = theRule();
  const lead = (meets: boolean): string => {
    let verdict: string;
    if (ctx.applies && meets) verdict = "Licence required";
    else {
      const why: string[] = [];
      if (!ctx.inForce) why.push(`${r.instrument.short} cl. ${r.clause.id} is not in force on that date under regime "${ctx.regime}"`);
      if (!ctx.inScope) why.push(`the product is not an Annex 1 Part 2 item under scope "${ctx.scope}"`);
      if (!meets) why.push(`the ratio is below ${r.pct}`);
      verdict = `No licence required (${why.join("; ")})`;
    }
    return `${verdict}. Ratio: China-origin Part 1 content `;
  };
  const src = getSource(r.instrument.sources[0]);
  const cite = `${r.instrument.citation}, clause ${r.clause.id} (${r.clause.title}; effective ${isoFromSerial(r.clause.effective)})${src?.url ? `, text: ${src.url}` : ""}`;
  const when = `${isoFromSerial(ctx.date)}${ctx.dateBlank ? " (the calculation date: as_of was blank)" : ""}`;
  const rest =
    `Rule: ${cite}. Status on ${when}: ${statusLine(ctx.status, timelineHorizon())}. ` +
    `Regime ${ctx.regime}; ${scopeText(ctx)}. ` +
    `Valuation: the rule does not define the value basis (price, cost or fair market value); values are taken as given.`;
  const after: [string, string, string] = [
    ` < ${r.pct}. `,
    ` ≥ ${r.pct} (exactly at the threshold in decimal: "0.1% or more" is met). `,
    ` ≥ ${r.pct}. `,
  ];
  return { below: lead(false), meets: lead(true), after, rest };
}

/**
 * CN_LICENSE_EXPLAIN's line as its product's own part and its context's part (see explainLicenseParts):
 * the line is ownText(own) + rest. `own` is in pieces, texts and the product's numbers (each written as
 * String(n)), so a caller writing many lines can write the numbers without making their texts; the
 * texts around them are the same strings for every product of a context.
 */
export interface ExplainParts {
  own: readonly (string | number)[];
  rest: string;
}

/** The text of an explanation's own part: its pieces in order, a number as String(n). */
export function ownText(own: readonly (string | number)[]): string {
  return own.join("");
}

/** CN_LICENSE_EXPLAIN, element-wise. */
export function cnLicenseExplain(
  cnRaw: unknown,
  pvRaw: unknown,
  productTypeRaw?: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  scopeRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<string>> {
  const element = explainElement(today);
  return mapElements([cnRaw, pvRaw, productTypeRaw, asOfRaw, regimeRaw, scopeRaw], LICENSE_PARAMS, (v) => {
    const p = element(v);
    return p === "" ? "" : ownText(p.own) + p.rest;
  });
}

/**
 * CN_LICENSE_EXPLAIN element-wise with each line in its two parts (own + rest is CN_LICENSE_EXPLAIN's
 * text, and the same errors and blanks): for a caller that writes many lines, whose rests repeat.
 * With one product type, date, regime and scope the elements run in valuePairs' loop (as
 * CN_LICENSE_REQUIRED's do) and the rest is built once.
 */
export function cnLicenseExplainParts(
  cnRaw: unknown,
  pvRaw: unknown,
  productTypeRaw?: unknown,
  asOfRaw?: unknown,
  regimeRaw?: unknown,
  scopeRaw?: unknown,
  today: () => number = todaySerial,
): Matrix<Cell<ExplainParts>> {
  const single = singleContext(productTypeRaw, asOfRaw, regimeRaw, scopeRaw, today);
  if (single === null) return mapElements([cnRaw, pvRaw, productTypeRaw, asOfRaw, regimeRaw, scopeRaw], LICENSE_PARAMS, explainElement(today));
  const memo = new Map<RuleContext, ContextTexts>();
  return valuePairs(cnRaw, pvRaw, single, (cn, pv, ctx) => explainLicenseParts(cn, pv, ctx, memo));
}

/** One element of CN_LICENSE_EXPLAIN: blank for a blank row, else the checked values' line in parts (contexts and their texts kept for the call). */
function explainElement(today: () => number): (v: unknown[]) => ExplainParts | "" {
  const contexts = new ContextMemo(today);
  const memo = new Map<RuleContext, ContextTexts>();
  return (v) => {
    if (blankish(v[0]) && blankish(v[1])) return "";
    const [cn, pv] = checkValues(v[0], v[1]);
    return explainLicenseParts(cn, pv, contexts.get(v), memo);
  };
}

/** The declarations of CN_LICENSE_REQUIRED, CN_LICENSE_EXPLAIN and CN_HEADROOM. */
export const ruleFunctions = {
  CN_LICENSE_REQUIRED: declare("CN_LICENSE_REQUIRED", "matrix", LICENSE_PARAMS, (c: unknown, p: unknown, t: unknown, d: unknown, r: unknown, s: unknown) =>
    cnLicenseRequired(c, p, t, d, r, s),
  ),
  CN_LICENSE_EXPLAIN: declare("CN_LICENSE_EXPLAIN", "matrix", LICENSE_PARAMS, (c: unknown, p: unknown, t: unknown, d: unknown, r: unknown, s: unknown) =>
    cnLicenseExplain(c, p, t, d, r, s),
  ),
  CN_HEADROOM: declare("CN_HEADROOM", "matrix", LICENSE_PARAMS.slice(0, 2), (c: unknown, p: unknown) => cnHeadroom(c, p)),
};

/**
 * WITS/SMART-style single-market partial-equilibrium model (docs/models.md).
 *
 * One importing market, one product, exporting partners k = 1..n. Imports M_k are
 * values at world prices (world price normalised to 1, as SMART does); tariffs t
 * are ad valorem fractions; the domestic price of partner k's variety is 1 + t_k.
 *
 *  Trade creation (first stage: total demand for the import good), linearised
 *  around the initial equilibrium with the finite-export-supply adjustment:
 *      TC_k = M_k · Em · (t1_k − t0_k) / [ (1 + t0_k) · (1 − Em/Ex) ]
 *  with Em ≤ 0 the import-demand elasticity and Ex > 0 the export-supply
 *  elasticity (Ex = ∞ gives the factor 1).
 *
 *  Trade diversion (second stage: allocation across partners), from the CES
 *  (Armington) share equations with substitution elasticity Es, holding the
 *  market's initial total M = Σ M_k fixed:
 *      s1_k = M_k · r_k^(−Es) / Σ_j M_j · r_j^(−Es),   r_k = (1 + t1_k)/(1 + t0_k)
 *      TD_k = M · s1_k − M_k          (Σ_k TD_k = 0)
 *
 *  New imports M1_k = M_k + TC_k + TD_k; tariff revenue R0_k = t0_k·M_k,
 *  R1_k = t1_k·M1_k; welfare (change in the dead-weight-loss triangle of partner
 *  k's tariff, linear demand): W_k = ½ · (t0_k + t1_k) · TC_k, which is
 *  ½ · t0 · TC for a cut to zero.
 *
 * Pure: no DOM, no Office.
 */
import { numError, valueError } from "../errors";
import { asMatrix, Matrix } from "../broadcast";
import { clip, isBlank, normalise, parseNumberText } from "../input";
import { DEFAULT_SUBSTITUTION_ELASTICITY, DEFAULT_SUPPLY_ELASTICITY, toImportElasticity, toSubstitutionElasticity, toSupplyElasticity, toTariff } from "./params";
import { ParamDecl, declare, elementwise } from "../signature";

/** Parameters of one partner's own-price (first-stage) effects. */
export interface CreationInput {
  imports: number;
  t0: number;
  t1: number;
  /** Import-demand elasticity, ≤ 0. */
  em: number;
  /** Export-supply elasticity, > 0 or Infinity. */
  ex: number;
}

/** The finite-supply factor 1 − Em/Ex (1 for Ex = ∞). */
export function supplyFactor(em: number, ex: number): number {
  return ex === Infinity ? 1 : 1 - em / ex;
}

/** Trade creation TC = M·Em·Δt / [(1 + t0)(1 − Em/Ex)]. */
export function tradeCreation({ imports, t0, t1, em, ex }: CreationInput): number {
  if (t1 === t0 || imports === 0 || em === 0) return 0;
  return (imports * em * (t1 - t0)) / ((1 + t0) * supplyFactor(em, ex));
}

/**
 * Revenue change for one partner on its own (no diversion: a single partner):
 * t1·(M + TC) − t0·M.
 */
export function revenueChange(c: CreationInput): number {
  const tc = tradeCreation(c);
  return c.t1 * (c.imports + tc) - c.t0 * c.imports;
}

/** Welfare effect ½·(t0 + t1)·TC (positive for a cut, negative for a rise). */
export function welfare(c: CreationInput): number {
  return 0.5 * (c.t0 + c.t1) * tradeCreation(c);
}

/** Checks a helper's result: never NaN/Infinity, never negative imports. */
function checkCreation(c: CreationInput, tc: number): void {
  if (!Number.isFinite(tc)) throw numError("the result is too large to represent");
  if (c.imports + tc < -1e-9 * Math.max(1, c.imports)) {
    throw numError(
      `the linear SMART approximation gives negative imports (${+(c.imports + tc).toPrecision(6)}): the tariff change is too large for this model`,
    );
  }
}

/** Parses one element of the scalar helpers' arguments. */
export function creationInput(vals: readonly unknown[]): CreationInput {
  const imports = toImports(vals[0], "imports");
  const t0 = toTariff(vals[1], "tariff_before");
  const t1 = toTariff(vals[2], "tariff_after");
  const em = toImportElasticity(vals[3]);
  const ex = toSupplyElasticity(vals[4] ?? null);
  return { imports, t0, t1, em, ex };
}

function toImports(raw: unknown, arg: string): number {
  if (typeof raw === "boolean") throw valueError(`${arg}: expected a number (imports at world prices), got ${raw ? "TRUE" : "FALSE"}`);
  const v = normalise(raw, arg);
  if (v === null) return 0;
  let m: number;
  if (typeof v === "number") m = v;
  else {
    const p = typeof v === "string" ? parseNumberText(v) : null;
    if (p === null) throw valueError(`${arg}: expected a number (imports at world prices), got text "${clip(String(v))}"`);
    m = p;
  }
  if (m < 0) throw numError(`${arg} is negative (${m}); imports must be 0 or more`);
  return m;
}

export function smartTradeCreation(vals: readonly unknown[]): number {
  const c = creationInput(vals);
  const tc = tradeCreation(c);
  checkCreation(c, tc);
  return tc + 0;
}

export function smartRevenueChange(vals: readonly unknown[]): number {
  const c = creationInput(vals);
  checkCreation(c, tradeCreation(c));
  const r = revenueChange(c);
  if (!Number.isFinite(r)) throw numError("the result is too large to represent");
  return r + 0;
}

export function smartWelfare(vals: readonly unknown[]): number {
  const c = creationInput(vals);
  checkCreation(c, tradeCreation(c));
  const w = welfare(c);
  if (!Number.isFinite(w)) throw numError("the result is too large to represent");
  return w + 0;
}

// ---------------------------------------------------------------------------
// The multi-partner table

export interface Partner {
  /** Label from the label column, or the 1-based row index. */
  label: string | number;
  /** Row in the input range (0-based). */
  row: number;
  imports: number;
  t0: number;
  t1: number;
}

export interface SmartParams {
  /** Import-demand elasticity (≤ 0). */
  em: number;
  /** Substitution elasticity (≥ 0). */
  es: number;
  /** Export-supply elasticity (> 0 or Infinity). */
  ex: number;
}

export interface PartnerResult {
  creation: number;
  diversion: number;
  total: number;
  newImports: number;
  revenueBefore: number;
  revenueAfter: number;
  revenueChange: number;
  welfare: number;
}

export const SMART_HEADER = [
  "Partner",
  "Trade creation",
  "Trade diversion",
  "Total trade effect",
  "New imports",
  "Tariff revenue before",
  "Tariff revenue after",
  "Tariff revenue change",
  "Welfare effect",
] as const;

/**
 * Trade diversion from the CES share equations, computed in log space so a
 * large substitution elasticity cannot overflow: w_k = M_k · exp(Es·(x_k − x_max)),
 * x_k = ln(1 + t0_k) − ln(1 + t1_k) (the fall in partner k's log domestic price).
 * Out: TD_k = w_k · (M / Σw) − M_k. With Es = 0 or a uniform change every
 * w_k = M_k and TD_k = 0 exactly.
 */
export function diversion(imports: readonly number[], t0: readonly number[], t1: readonly number[], es: number): number[] {
  const n = imports.length;
  const x = new Array<number>(n);
  let xMax = -Infinity;
  let total = 0;
  for (let k = 0; k < n; k++) {
    x[k] = Math.log1p(t0[k]) - Math.log1p(t1[k]);
    if (imports[k] > 0 && x[k] > xMax) xMax = x[k];
    total += imports[k];
  }
  const out = new Array<number>(n).fill(0);
  if (total === 0 || es === 0) return out;
  const w = new Array<number>(n);
  let sumW = 0;
  for (let k = 0; k < n; k++) {
    const d = x[k] - xMax; // ≤ 0 for partners with trade
    w[k] = imports[k] === 0 ? 0 : d === 0 ? imports[k] : imports[k] * Math.exp(es * d);
    sumW += w[k];
  }
  const scale = total / sumW;
  for (let k = 0; k < n; k++) out[k] = w[k] * scale - imports[k];
  return out;
}

/** Runs the model on parsed partners. Throws #NUM! when a partner's new imports would be negative. */
export function runSmart(partners: readonly Partner[], p: SmartParams): PartnerResult[] {
  const n = partners.length;
  const imports = partners.map((q) => q.imports);
  const td = diversion(
    imports,
    partners.map((q) => q.t0),
    partners.map((q) => q.t1),
    p.es,
  );
  const out: PartnerResult[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const q = partners[k];
    const c: CreationInput = { imports: q.imports, t0: q.t0, t1: q.t1, em: p.em, ex: p.ex };
    const tc = tradeCreation(c);
    let m1 = q.imports + tc + td[k];
    if (m1 < 0) {
      if (m1 < -1e-9 * Math.max(1, q.imports)) {
        throw numError(
          `partner ${describePartner(q)}: the linear SMART approximation gives negative new imports (${+m1.toPrecision(6)}); the tariff change is too large for this model`,
        );
      }
      m1 = 0;
    }
    const r0 = q.t0 * q.imports;
    const r1 = q.t1 * m1;
    const wk = 0.5 * (q.t0 + q.t1) * tc;
    if (!Number.isFinite(m1 + r0 + r1 + wk)) {
      throw numError(`partner ${describePartner(q)}: a result is too large to represent; check the size of imports and tariffs`);
    }
    out[k] = {
      creation: tc,
      diversion: td[k],
      total: tc + td[k],
      newImports: m1,
      revenueBefore: r0,
      revenueAfter: r1,
      revenueChange: r1 - r0,
      welfare: wk,
    };
  }
  return out;
}

function describePartner(q: Partner): string {
  return typeof q.label === "number" ? String(q.label) : `${q.row + 1} (${q.label})`;
}

/** Is a cell (after normalise) usable as a number? */
function isNumeric(v: unknown): boolean {
  if (typeof v === "number") return true;
  if (typeof v === "string") return parseNumberText(v) !== null;
  return false;
}

/** A cell as text for the label test: a data type or entity card through its value (an error cell is not a label). */
function labelText(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  try {
    return normalise(v, "imports_by_partner");
  } catch {
    return null;
  }
}

/** Which column of a 2-column imports range holds the labels (the one with non-numeric text), or -1. */
function labelColumn(m: Matrix): number {
  if (m[0].length !== 2) return -1;
  const textIn = [false, false];
  for (const row of m) {
    for (let j = 0; j < 2; j++) {
      const v = labelText(row[j]);
      if (typeof v === "string" && v.trim() !== "" && !isNumeric(v.trim()) && v.trim().charCodeAt(0) !== 35) textIn[j] = true;
    }
  }
  if (textIn[0] && !textIn[1]) return 0;
  if (textIn[1] && !textIn[0]) return 1;
  if (textIn[0] && textIn[1]) {
    throw valueError("imports_by_partner: both columns hold text; give partner labels in one column and imports (numbers) in the other");
  }
  // Two numeric columns: numeric labels (e.g. country codes as numbers) in the first column.
  return 0;
}

/** A per-partner argument: a single value, or one value per partner (a column or row of n cells). */
function perPartner(raw: unknown, arg: string, n: number): (k: number) => unknown {
  const m = asMatrix(raw, arg);
  const r = m.length;
  const c = m[0].length;
  if (r === 1 && c === 1) {
    const v = m[0][0];
    return () => v;
  }
  if (c === 1 && r === n) return (k) => m[k][0];
  if (r === 1 && c === n) return (k) => m[0][k];
  throw valueError(`${arg} is ${r}×${c}; give a single tariff or one per partner (${n} rows, like imports_by_partner)`);
}

/**
 * Parses SMART's inputs into partners (blank rows kept as null so the output rows
 * stay aligned with the input; trailing blank rows dropped).
 */
export function parsePartners(importsRaw: unknown, t0Raw: unknown, t1Raw: unknown): (Partner | null)[] {
  const m = asMatrix(importsRaw, "imports_by_partner");
  const cols = m[0].length;
  if (cols > 2) {
    throw valueError(
      `imports_by_partner has ${cols} columns; give one column of imports (partners in rows), optionally with a label column next to it`,
    );
  }
  const lc = labelColumn(m);
  const vc = cols === 2 ? 1 - lc : 0;
  const n = m.length;
  const t0At = perPartner(t0Raw, "tariff_before", n);
  const t1At = perPartner(t1Raw, "tariff_after", n);
  const out: (Partner | null)[] = [];
  let lastNonBlank = -1;
  for (let k = 0; k < n; k++) {
    const row = m[k];
    const labelRaw = lc >= 0 ? row[lc] : null;
    const valueRaw = row[vc];
    const hasLabel = !isBlank(labelRaw) && !(typeof labelRaw === "number" && labelRaw === 0);
    const name = `imports_by_partner row ${k + 1}`;
    if (!hasLabel && (isBlank(valueRaw) || valueRaw === 0)) {
      out.push(null);
      continue;
    }
    const imports = toImports(valueRaw, name);
    let label: string | number = k + 1;
    if (hasLabel) {
      const l = normalise(labelRaw, `${name} (label)`);
      label = typeof l === "boolean" ? (l ? "TRUE" : "FALSE") : (l as string | number);
    }
    const t0 = toTariff(t0At(k), n > 1 ? `tariff_before (row ${k + 1})` : "tariff_before");
    const t1 = toTariff(t1At(k), n > 1 ? `tariff_after (row ${k + 1})` : "tariff_after");
    out.push({ label, row: k, imports, t0, t1 });
    lastNonBlank = k;
  }
  return out.slice(0, lastNonBlank + 1);
}

/** The SMART spill: header, one row per partner ("" for blank input rows), total row. */
export function smartTable(
  importsRaw: unknown,
  t0Raw: unknown,
  t1Raw: unknown,
  emRaw: unknown,
  esRaw?: unknown,
  exRaw?: unknown,
): (string | number)[][] {
  const em = toImportElasticity(emRaw);
  const es = toSubstitutionElasticity(esRaw ?? null);
  const ex = toSupplyElasticity(exRaw ?? null);
  const rows = parsePartners(importsRaw, t0Raw, t1Raw);
  const partners = rows.filter((r): r is Partner => r !== null);
  if (partners.length === 0) throw valueError("imports_by_partner is blank; give imports by partner (one row each)");
  const results = runSmart(partners, { em, es, ex });
  const out: (string | number)[][] = new Array(rows.length + 2);
  out[0] = SMART_HEADER.slice();
  let c = 0, d = 0, tot = 0, m1 = 0, r0 = 0, r1 = 0, dr = 0, w = 0;
  let absImports = 0;
  let i = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (r === null) {
      out[k + 1] = ["", "", "", "", "", "", "", "", ""];
      continue;
    }
    const x = results[i++];
    // + 0 turns −0 into 0
    out[k + 1] = [r.label, x.creation + 0, x.diversion + 0, x.total + 0, x.newImports + 0, x.revenueBefore + 0, x.revenueAfter + 0, x.revenueChange + 0, x.welfare + 0];
    c += x.creation;
    d += x.diversion;
    tot += x.total;
    m1 += x.newImports;
    r0 += x.revenueBefore;
    r1 += x.revenueAfter;
    dr += x.revenueChange;
    w += x.welfare;
    absImports += r.imports;
  }
  // Diversion sums to zero in exact arithmetic; show 0 rather than rounding noise.
  if (Math.abs(d) <= 1e-12 * absImports) {
    d = 0;
    tot = c;
  }
  const total = ["Total", c + 0, d + 0, tot + 0, m1 + 0, r0 + 0, r1 + 0, dr + 0, w + 0];
  out[rows.length + 1] = total;
  // Sums of finite values can only overflow; the per-partner values were checked in runSmart.
  for (let j = 1; j < 9; j++) {
    if (!Number.isFinite(total[j] as number)) throw numError("a result is too large to represent; check the size of imports and tariffs");
  }
  return out;
}

/** The parameters of the scalar SMART helpers (element-wise; imports is the row input). */
const CREATION_PARAMS: readonly ParamDecl[] = [
  { name: "imports", type: "number", required: true },
  { name: "tariff_before", type: "number", default: 0 },
  { name: "tariff_after", type: "number", default: 0 },
  { name: "import_elasticity", type: "number" },
  { name: "supply_elasticity", type: "number", optional: true, default: DEFAULT_SUPPLY_ELASTICITY },
];

/** The declarations of SMART and its scalar helpers. */
export const smartFunctions = {
  SMART: declare(
    "SMART",
    "matrix",
    [
      { name: "imports_by_partner", type: "number", shape: "range" },
      { name: "tariff_before", type: "number", shape: "range", default: 0 },
      { name: "tariff_after", type: "number", shape: "range", default: 0 },
      { name: "import_elasticity", type: "number", shape: "single" },
      { name: "substitution_elasticity", type: "number", shape: "single", optional: true, default: DEFAULT_SUBSTITUTION_ELASTICITY },
      { name: "supply_elasticity", type: "number", shape: "single", optional: true, default: DEFAULT_SUPPLY_ELASTICITY },
    ],
    (m: unknown, t0: unknown, t1: unknown, em: unknown, es: unknown, ex: unknown) => smartTable(m, t0, t1, em, es, ex),
  ),
  SMART_TRADE_CREATION: elementwise("SMART_TRADE_CREATION", CREATION_PARAMS, smartTradeCreation),
  SMART_REVENUE_CHANGE: elementwise("SMART_REVENUE_CHANGE", CREATION_PARAMS, smartRevenueChange),
  SMART_WELFARE: elementwise("SMART_WELFARE", CREATION_PARAMS, smartWelfare),
};

/**
 * Formula text as Excel STORES it in a file (pure: no Office, no DOM).
 *
 * Range.formulas, NamedItem.formula and the conditional-format rules give a
 * formula the way a user types it (`=XLOOKUP(A1,B:B,C:C)`, `=SORT(A1#)`,
 * `=@A1:A9`, `=LET(x,1,x+1)`). An .xlsx file stores the same formula in
 * Excel's "future function" form, and a file that does not opens with #NAME?
 * once the cell recalculates:
 *  - a function added after Excel 2007 carries the prefix `_xlfn.`
 *    (`_xlfn.XLOOKUP`, `_xlfn.IFS`, `_xlfn.TEXTJOIN`, `_xlfn.STDEV.S`); FILTER
 *    and SORT carry `_xlfn._xlws.`;
 *  - the names LET and LAMBDA declare carry `_xlpm.` wherever they are used
 *    (`_xlfn.LET(_xlpm.x,1,_xlpm.x+1)`);
 *  - a spill reference `A1#` is `_xlfn.ANCHORARRAY(A1)`;
 *  - the implicit-intersection operator `@X` is `_xlfn.SINGLE(X)`.
 * Sources: [MS-XLSX] (Excel extensions to the Office Open XML SpreadsheetML
 * file format, https://learn.microsoft.com/en-us/openspecs/office_standards/ms-xlsx/2c5dee00-eff2-4b22-92b6-0738acd4475e),
 * section 2.2.2 Formulas and its list of "future functions" stored with
 * `_xlfn.`; Microsoft's support article "Issue: An _xlfn. prefix is displayed
 * in front of a formula"
 * (https://support.microsoft.com/office/issue-an-xlfn-prefix-is-displayed-in-front-of-a-formula-882f1ef7-68fb-4fcd-8d54-9fbb77fd5025);
 * the dynamic-array and LAMBDA families (ANCHORARRAY, SINGLE, `_xlws.` for
 * FILTER and SORT, `_xlpm.` parameters) as Excel 365 writes them. Four dotted
 * functions that were already in the 2007 file format (ECMA.CEILING,
 * ISO.CEILING, NETWORKDAYS.INTL, WORKDAY.INTL) take no prefix.
 *
 * The same lexer answers which calls a formula makes (so a call of a function
 * Excel does not have, another add-in's or a name-defined LAMBDA, can be told
 * from a built-in one) and moves row numbers (the share copy's stamp row).
 */

// ---------- Excel's own functions ----------

/** Worksheet functions of Excel 2007 and earlier: stored without a prefix. */
const LEGACY = `ABS ACCRINT ACCRINTM ACOS ACOSH ADDRESS AMORDEGRC AMORLINC AND AREAS ASC ASIN ASINH ATAN ATAN2 ATANH AVEDEV AVERAGE
AVERAGEA AVERAGEIF AVERAGEIFS BAHTTEXT BESSELI BESSELJ BESSELK BESSELY BETADIST BETAINV BIN2DEC BIN2HEX BIN2OCT BINOMDIST CALL
CEILING CELL CHAR CHIDIST CHIINV CHITEST CHOOSE CLEAN CODE COLUMN COLUMNS COMBIN COMPLEX CONCATENATE CONFIDENCE CONVERT CORREL COS
COSH COUNT COUNTA COUNTBLANK COUNTIF COUNTIFS COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD COUPNUM COUPPCD COVAR CRITBINOM CUBEKPIMEMBER
CUBEMEMBER CUBEMEMBERPROPERTY CUBERANKEDMEMBER CUBESET CUBESETCOUNT CUBEVALUE CUMIPMT CUMPRINC DATE DATEDIF DATEVALUE DAVERAGE DAY
DAYS360 DB DCOUNT DCOUNTA DDB DEC2BIN DEC2HEX DEC2OCT DEGREES DELTA DEVSQ DGET DISC DMAX DMIN DOLLAR DOLLARDE DOLLARFR DPRODUCT
DSTDEV DSTDEVP DSUM DURATION DVAR DVARP ECMA.CEILING EDATE EFFECT EOMONTH ERF ERFC ERROR.TYPE EVEN EXACT EXP EXPONDIST FACT
FACTDOUBLE FALSE FDIST FIND FINDB FINV FISHER FISHERINV FIXED FLOOR FORECAST FREQUENCY FTEST FV FVSCHEDULE GAMMADIST GAMMAINV
GAMMALN GCD GEOMEAN GESTEP GETPIVOTDATA GROWTH HARMEAN HEX2BIN HEX2DEC HEX2OCT HLOOKUP HOUR HYPERLINK HYPGEOMDIST IF IFERROR IMABS
IMAGINARY IMARGUMENT IMCONJUGATE IMCOS IMDIV IMEXP IMLN IMLOG10 IMLOG2 IMPOWER IMPRODUCT IMREAL IMSIN IMSQRT IMSUB IMSUM INDEX
INDIRECT INFO INT INTERCEPT INTRATE IPMT IRR ISBLANK ISERR ISERROR ISEVEN ISLOGICAL ISNA ISNONTEXT ISNUMBER ISO.CEILING ISODD ISPMT
ISREF ISTEXT JIS KURT LARGE LCM LEFT LEFTB LEN LENB LINEST LN LOG LOG10 LOGEST LOGINV LOGNORMDIST LOOKUP LOWER MATCH MAX MAXA
MDETERM MDURATION MEDIAN MID MIDB MIN MINA MINUTE MINVERSE MIRR MMULT MOD MODE MONTH MROUND MULTINOMIAL N NA NEGBINOMDIST
NETWORKDAYS NETWORKDAYS.INTL NOMINAL NORMDIST NORMINV NORMSDIST NORMSINV NOT NOW NPER NPV OCT2BIN OCT2DEC OCT2HEX ODD ODDFPRICE
ODDFYIELD ODDLPRICE ODDLYIELD OFFSET OR PEARSON PERCENTILE PERCENTRANK PERMUT PHONETIC PI PMT POISSON POWER PPMT PRICE PRICEDISC
PRICEMAT PROB PRODUCT PROPER PV QUARTILE QUOTIENT RADIANS RAND RANDBETWEEN RANK RATE RECEIVED REGISTER.ID REPLACE REPLACEB REPT
RIGHT RIGHTB ROMAN ROUND ROUNDDOWN ROUNDUP ROW ROWS RSQ RTD SEARCH SEARCHB SECOND SERIESSUM SIGN SIN SINH SKEW SLN SLOPE SMALL
SQRT SQRTPI STANDARDIZE STDEV STDEVA STDEVP STDEVPA STEYX SUBSTITUTE SUBTOTAL SUM SUMIF SUMIFS SUMPRODUCT SUMSQ SUMX2MY2 SUMX2PY2
SUMXMY2 SYD T TAN TANH TBILLEQ TBILLPRICE TBILLYIELD TDIST TEXT TIME TIMEVALUE TINV TODAY TRANSPOSE TREND TRIM TRIMMEAN TRUE TRUNC
TTEST TYPE UPPER USDOLLAR VALUE VAR VARA VARP VARPA VDB VLOOKUP WEEKDAY WEEKNUM WEIBULL WORKDAY WORKDAY.INTL XIRR XNPV YEAR
YEARFRAC YIELD YIELDDISC YIELDMAT ZTEST`;

/**
 * Functions added in Excel 2010 and later: stored as `_xlfn.NAME` ([MS-XLSX]
 * 2.2.2 future functions and the support article cited in the header), then
 * the Excel 365 dynamic-array, LAMBDA and text families.
 */
const FUTURE = `ACOT ACOTH AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR BITRSHIFT
BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST COMBINA CONCAT CONFIDENCE.NORM
CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DBCS DECIMAL ENCODEURL ERF.PRECISE ERFC.PRECISE EXPON.DIST F.DIST
F.DIST.RT F.INV F.INV.RT F.TEST FILTERXML FLOOR.MATH FLOOR.PRECISE FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY
FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS IMCOSH IMCOT
IMCSC IMCSCH IMSEC IMSECH IMSINH IMTAN ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL MUNIT
NEGBINOM.DIST NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC
PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC QUARTILE.INC QUERYSTRING RANK.AVG RANK.EQ RRI SEC SECH SHEET SHEETS
SKEW.P STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE VAR.P VAR.S WEBSERVICE
WEIBULL.DIST XOR Z.TEST
ANCHORARRAY ARRAYTOTEXT BYCOL BYROW CHOOSECOLS CHOOSEROWS DETECTLANGUAGE DROP EXPAND FIELDVALUE GROUPBY HSTACK IMAGE ISOMITTED
LAMBDA LET MAKEARRAY MAP PERCENTOF PIVOTBY RANDARRAY REDUCE REGEXEXTRACT REGEXREPLACE REGEXTEST SCAN SEQUENCE SINGLE SORTBY
STOCKHISTORY TAKE TEXTAFTER TEXTBEFORE TEXTSPLIT TOCOL TOROW TRANSLATE TRIMRANGE UNIQUE VALUETOTEXT VSTACK WRAPCOLS WRAPROWS
XLOOKUP XMATCH`;

/** Stored as `_xlfn._xlws.NAME`. */
const XLWS = "FILTER SORT";

const words = (s: string) => s.split(/\s+/).filter(Boolean);
export const FUTURE_FUNCTIONS: ReadonlySet<string> = new Set(words(FUTURE));
export const XLWS_FUNCTIONS: ReadonlySet<string> = new Set(words(XLWS));
/** Every worksheet function built into Excel (as named in English), of any version. */
export const EXCEL_FUNCTIONS: ReadonlySet<string> = new Set([...words(LEGACY), ...words(FUTURE), ...words(XLWS)]);

/** A function name without the file prefixes (`_xlfn.`, `_xlws.`), upper-case. */
export function bareFunctionName(name: string): string {
  if (name.charCodeAt(0) !== 95) return name.toUpperCase(); // no "_": no prefix
  return name.replace(/^_xlfn\./i, "").replace(/^_xlws\./i, "").toUpperCase();
}

/** True when Excel itself has the function (`XLOOKUP`, `_xlfn.XLOOKUP`, `stdev.s`); false for an add-in's, a VBA or XLL function, or a name. */
export function isExcelFunction(name: string): boolean {
  if (/^_xlfn\./i.test(name)) return true; // a future function this host does not know is still Excel's
  return EXCEL_FUNCTIONS.has(name.toUpperCase());
}

// ---------- Lexer ----------

/** Token kinds. */
export const K = {
  Str: 1, // "text"
  Sheet: 2, // Sheet1!  'My sheet'!  Sheet1:Sheet3!  (the qualifier, "!" included)
  Word: 3, // a reference, a name, TRUE/FALSE or a function name (then followed by Open)
  Num: 4,
  Err: 5, // #N/A ...
  Open: 6,
  Close: 7,
  Comma: 8,
  Op: 9,
  Space: 10,
  Brace: 11, // {array constant}, whole
  Bracket: 12, // [structured or external reference], whole
  At: 13, // @ (implicit intersection)
  Spill: 14, // # after a reference
  Other: 15,
} as const;

export interface Token {
  k: number;
  s: number;
  e: number;
}

/**
 * Tokens in typed arrays, reused from one formula to the next: the share copy
 * lexes every formula of a 100,000-row sheet twice (analysis, writing), and
 * token objects would be millions of allocations. A Tokens (and a Parsed) is
 * valid until the next call of lexInto/parseFormula.
 */
export interface Tokens {
  n: number;
  k: Uint8Array;
  s: Int32Array;
  e: Int32Array;
}

const ERRORS = /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|UNKNOWN!|BUSY!|PYTHON!|EXTERNAL!)/iy;
const ROW_RANGE = /\$?\d+:\$?\d+(?![\w.])/y;
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 92 || c === 36 || c >= 0xa1;
}
function isWordChar(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 58 || c === 63;
}
function isOperator(c: number): boolean {
  // + - * / ^ & = < > % :
  return c === 43 || c === 45 || c === 42 || c === 47 || c === 94 || c === 38 || c === 61 || c === 60 || c === 62 || c === 37 || c === 58;
}

let TOK: Tokens = { n: 0, k: new Uint8Array(64), s: new Int32Array(64), e: new Int32Array(64) };

function pushToken(k: number, s: number, e: number): void {
  const t = TOK;
  if (t.n === t.k.length) {
    const size = t.k.length * 2;
    const k2 = new Uint8Array(size);
    const s2 = new Int32Array(size);
    const e2 = new Int32Array(size);
    k2.set(t.k);
    s2.set(t.s);
    e2.set(t.e);
    TOK = { n: t.n, k: k2, s: s2, e: e2 };
  }
  const u = TOK;
  u.k[u.n] = k;
  u.s[u.n] = s;
  u.e[u.n] = e;
  u.n++;
}

/** Tokens of a formula (with or without its "="; the "=" is skipped) into the shared buffer. Never throws: what it cannot read is Other. */
export function lexInto(formula: string): Tokens {
  TOK.n = 0;
  const n = formula.length;
  let i = formula.charCodeAt(0) === 61 ? 1 : 0;
  while (i < n) {
    const c = formula.charCodeAt(i);
    const start = i;
    if (c === 34) {
      // "..." with "" escapes
      i++;
      while (i < n) {
        if (formula.charCodeAt(i) === 34) {
          if (formula.charCodeAt(i + 1) === 34) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      pushToken(K.Str, start, i);
      continue;
    }
    if (c === 39) {
      // 'Sheet name'! with '' escapes
      let j = i + 1;
      while (j < n) {
        if (formula.charCodeAt(j) === 39) {
          if (formula.charCodeAt(j + 1) === 39) j += 2;
          else break;
        } else j++;
      }
      if (formula.charCodeAt(j + 1) === 33) {
        i = j + 2;
        pushToken(K.Sheet, start, i);
      } else {
        i = Math.min(n, j + 1);
        pushToken(K.Other, start, i);
      }
      continue;
    }
    if (c === 91) {
      // [...] with nesting; ' escapes the next character inside structured references
      let depth = 0;
      while (i < n) {
        const d = formula.charCodeAt(i);
        if (d === 39) i += 2;
        else {
          if (d === 91) depth++;
          else if (d === 93 && --depth === 0) {
            i++;
            break;
          }
          i++;
        }
      }
      pushToken(K.Bracket, start, Math.min(i, n));
      continue;
    }
    if (c === 123) {
      // {array constant}
      i++;
      while (i < n && formula.charCodeAt(i) !== 125) {
        if (formula.charCodeAt(i) === 34) {
          i++;
          while (i < n && !(formula.charCodeAt(i) === 34 && formula.charCodeAt(i + 1) !== 34)) i += formula.charCodeAt(i) === 34 ? 2 : 1;
        }
        i++;
      }
      i = Math.min(n, i + 1);
      pushToken(K.Brace, start, i);
      continue;
    }
    if (c === 35) {
      const last = TOK.n - 1;
      if (last >= 0 && TOK.e[last] === i && (TOK.k[last] === K.Word || TOK.k[last] === K.Close)) {
        pushToken(K.Spill, i, i + 1);
        i++;
        continue;
      }
      ERRORS.lastIndex = i;
      const m = ERRORS.exec(formula);
      i = m ? i + m[0].length : i + 1;
      pushToken(m ? K.Err : K.Other, start, i);
      continue;
    }
    if (c === 64) {
      pushToken(K.At, i, i + 1);
      i++;
      continue;
    }
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      for (let d = c; i < n && (d === 32 || d === 10 || d === 13 || d === 9); d = formula.charCodeAt(++i));
      pushToken(K.Space, start, i);
      continue;
    }
    if (c === 40 || c === 41 || c === 44) {
      pushToken(c === 40 ? K.Open : c === 41 ? K.Close : K.Comma, i, i + 1);
      i++;
      continue;
    }
    if ((c >= 48 && c <= 57) || (c === 46 && formula.charCodeAt(i + 1) >= 48 && formula.charCodeAt(i + 1) <= 57) || c === 36) {
      ROW_RANGE.lastIndex = i;
      const rr = ROW_RANGE.exec(formula);
      if (rr) {
        i += rr[0].length;
        pushToken(K.Word, start, i);
        continue;
      }
      if (c !== 36) {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(formula)!;
        i += m[0].length;
        pushToken(K.Num, start, i);
        continue;
      }
    }
    if (isWordStart(c)) {
      while (i < n && isWordChar(formula.charCodeAt(i))) i++;
      if (formula.charCodeAt(i) === 33) {
        i++;
        pushToken(K.Sheet, start, i);
      } else pushToken(K.Word, start, i);
      continue;
    }
    pushToken(isOperator(c) ? K.Op : K.Other, i, i + 1);
    i++;
  }
  return TOK;
}

/** Tokens of a formula as objects (tests and small callers). */
export function lex(formula: string): Token[] {
  const t = lexInto(formula);
  const out: Token[] = [];
  for (let i = 0; i < t.n; i++) out.push({ k: t.k[i], s: t.s[i], e: t.e[i] });
  return out;
}

// ---------- Structure: calls and LET/LAMBDA names ----------

export interface Parsed {
  formula: string;
  t: Tokens;
  /** Per token: for a Word that names a function call (immediately followed by "("), the index of its "("; else -1. */
  callOpen: Int32Array;
  /** Per "(": the index of its matching ")" (-1 when unmatched). */
  close: Int32Array;
  /** Per token: 1 for the names LET and LAMBDA declare and their uses in scope. */
  param: Uint8Array;
}

let CALL_OPEN = new Int32Array(64);
let CLOSE = new Int32Array(64);
let PARAM = new Uint8Array(64);
const STACK: number[] = [];
const LET_OR_LAMBDA = /(?:LET|LAMBDA)\(/i;

const word = (p: Parsed, i: number) => p.formula.slice(p.t.s[i], p.t.e[i]);

/** Lexes and finds calls, matching parentheses and the names LET and LAMBDA declare (with where they are in scope). Valid until the next call. */
export function parseFormula(formula: string): Parsed {
  const t = lexInto(formula);
  const n = t.n;
  if (CALL_OPEN.length < n) {
    const size = Math.max(n, CALL_OPEN.length * 2);
    CALL_OPEN = new Int32Array(size);
    CLOSE = new Int32Array(size);
    PARAM = new Uint8Array(size);
  }
  const callOpen = CALL_OPEN;
  const close = CLOSE;
  const param = PARAM;
  STACK.length = 0;
  for (let i = 0; i < n; i++) {
    callOpen[i] = -1;
    close[i] = -1;
    param[i] = 0;
    const k = t.k[i];
    if (k === K.Open) {
      STACK.push(i);
      if (i > 0 && t.k[i - 1] === K.Word && t.e[i - 1] === t.s[i]) callOpen[i - 1] = i;
    } else if (k === K.Close && STACK.length) close[STACK.pop()!] = i;
  }
  const p: Parsed = { formula, t, callOpen, close, param };
  if (LET_OR_LAMBDA.test(formula)) findParams(p);
  return p;
}

function findParams(p: Parsed): void {
  const { t, callOpen, close, param } = p;
  for (let w = 0; w < t.n; w++) {
    const open = callOpen[w];
    if (open < 0) continue;
    const fn = bareFunctionName(word(p, w));
    if ((fn !== "LET" && fn !== "LAMBDA") || close[open] < 0) continue;
    const args = splitArgs(t, open, close[open]);
    const single = (a: [number, number]): number | undefined => {
      let found = -1;
      for (let i = a[0]; i < a[1]; i++) {
        if (t.k[i] === K.Space) continue;
        if (found >= 0) return undefined;
        found = i;
      }
      return found >= 0 && t.k[found] === K.Word && !word(p, found).includes(":") ? found : undefined;
    };
    const declared: { name: string; from: number; to: number }[] = [];
    if (fn === "LET") {
      for (let a = 0; a + 1 < args.length; a += 2) {
        const d = single(args[a]);
        if (d === undefined) break;
        param[d] = 1;
        declared.push({ name: bareParam(word(p, d)), from: args[a + 1][0], to: close[open] });
      }
    } else {
      for (let a = 0; a + 1 < args.length; a++) {
        const d = single(args[a]);
        if (d === undefined) continue;
        param[d] = 1;
        declared.push({ name: bareParam(word(p, d)), from: args[args.length - 1][0], to: close[open] });
      }
    }
    for (const d of declared)
      for (let i = d.from; i < d.to; i++) if (t.k[i] === K.Word && (i === 0 || t.k[i - 1] !== K.Sheet) && bareParam(word(p, i)) === d.name) param[i] = 1;
  }
}

function bareParam(name: string): string {
  return name.replace(/^_xlpm\./i, "").toUpperCase();
}

/** Token ranges [start, end) of the arguments of the call whose "(" is at `open`. */
function splitArgs(t: Tokens, open: number, closeAt: number): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < closeAt; i++) {
    const k = t.k[i];
    if (k === K.Open) depth++;
    else if (k === K.Close) depth--;
    else if (k === K.Comma && depth === 0) {
      out.push([start, i]);
      start = i + 1;
    }
  }
  out.push([start, closeAt]);
  return out;
}

/** The functions a formula calls, as written (LET/LAMBDA parameters called as functions left out). */
export function calledFunctions(formula: string): string[] {
  const p = parseFormula(formula);
  const out: string[] = [];
  for (let w = 0; w < p.t.n; w++) if (p.callOpen[w] >= 0 && !p.param[w]) out.push(word(p, w));
  return out;
}

// ---------- References ----------

/**
 * The rectangle an A1 word names (A1, $A$1:B2, A:C, 3:5) as [r0, c0, r1, c1]
 * (0-based; whole columns run over every row, whole rows over every column),
 * or undefined; read character by character (this runs for every reference
 * of every formula of a large sheet).
 */
export function areaOf(w: string): [number, number, number, number] | undefined {
  const n = w.length;
  let i = 0;
  let r: number;
  let c: number;
  // One side of a range: [$]letters[$]digits, [$]letters (column) or [$]digits (row); -1 for a missing part.
  const side = (): boolean => {
    if (w.charCodeAt(i) === 36) i++;
    c = 0;
    let nl = 0;
    for (; i < n; i++) {
      const ch = w.charCodeAt(i) | 32;
      if (ch < 97 || ch > 122) break;
      c = c * 26 + (ch - 96);
      nl++;
    }
    if (nl > 3) return false;
    if (nl && w.charCodeAt(i) === 36) i++;
    r = 0;
    let nd = 0;
    for (; i < n; i++) {
      const ch = w.charCodeAt(i);
      if (ch < 48 || ch > 57) break;
      r = r * 10 + (ch - 48);
      nd++;
    }
    if (!nl && !nd) return false;
    if (nd && (r < 1 || r > 1048576)) return false;
    if (nl && c > 16384) return false;
    r = nd ? r - 1 : -1;
    c = nl ? c - 1 : -1;
    return true;
  };
  if (!side()) return undefined;
  const ar = r!;
  const ac = c!;
  let br = ar;
  let bc = ac;
  let single = true;
  if (i < n) {
    if (w.charCodeAt(i) !== 58) return undefined;
    i++;
    if (!side() || i < n) return undefined;
    br = r!;
    bc = c!;
    single = false;
  }
  if (ar >= 0 && ac >= 0 && br >= 0 && bc >= 0) return [Math.min(ar, br), Math.min(ac, bc), Math.max(ar, br), Math.max(ac, bc)];
  if (single) return undefined; // a lone column or row is a name
  if (ar < 0 && br < 0 && ac >= 0 && bc >= 0) return [0, Math.min(ac, bc), 1048575, Math.max(ac, bc)];
  if (ac < 0 && bc < 0 && ar >= 0 && br >= 0) return [Math.min(ar, br), 0, Math.max(ar, br), 16383];
  return undefined;
}

/** A sheet qualifier token's sheet name ('It''s'! → It's; Sheet1! → Sheet1). */
export function qualifierName(q: string): string {
  const body = q.slice(0, -1);
  return body.startsWith("'") ? body.slice(1, -1).replace(/''/g, "'") : body;
}

/** Moves the row numbers of an A1 reference text `by` rows (relative and absolute alike; whole columns unchanged). */
function shiftRef(w: string, by: number): string {
  let out = "";
  let i = 0;
  const n = w.length;
  while (i < n) {
    const ch = w.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      let j = i;
      while (j < n && w.charCodeAt(j) >= 48 && w.charCodeAt(j) <= 57) j++;
      out += String(Number(w.slice(i, j)) + by);
      i = j;
    } else {
      out += w[i];
      i++;
    }
  }
  return out;
}

// ---------- Rewriting ----------

/** The end (token index, inclusive) of the operand that starts at token i: [qualifier] word [( ... )] [#], or ( ... ). */
function operandEnd(p: Parsed, i: number): number {
  const { t, callOpen, close } = p;
  const n = t.n;
  let j = i;
  if (j < n && t.k[j] === K.Sheet) j++;
  if (j >= n) return n - 1;
  if (t.k[j] === K.Open) return close[j] >= 0 ? close[j] : j;
  if (t.k[j] !== K.Word && t.k[j] !== K.Bracket) return j;
  if (callOpen[j] >= 0) j = close[callOpen[j]] >= 0 ? close[callOpen[j]] : j;
  else if (j + 1 < n && t.k[j + 1] === K.Bracket) j++;
  if (j + 1 < n && t.k[j + 1] === K.Spill) j++;
  return j;
}

export interface RewriteOptions {
  /** Write Excel's stored form (prefixes, ANCHORARRAY, SINGLE, _xlpm.). */
  stored?: boolean;
  /** Move references to `sheet` (unqualified ones are on `own`) `by` rows. */
  shift?: { sheet: string; own: string; by: number };
}

/**
 * A formula rewritten: to Excel's stored form and/or with its references to
 * one sheet moved down. Text in quotes, structured references and array
 * constants are never touched. Keeps a leading "=" when the input has one.
 */
export function rewriteFormula(formula: string, opts: RewriteOptions): string {
  const p = parseFormula(formula);
  const { t, callOpen, param } = p;
  const n = t.n;
  const lower = opts.shift ? opts.shift.sheet.toLowerCase() : "";
  const ownShifted = opts.shift ? opts.shift.own.toLowerCase() === lower : false;
  // Edits at token boundaries: text before a token, its replacement, text after it.
  let before: Map<number, string> | undefined;
  let after: Map<number, string> | undefined;
  let replace: Map<number, string> | undefined;
  const edit = (m: Map<number, string> | undefined, i: number, s: string, append: boolean): Map<number, string> => {
    const map = m ?? new Map<number, string>();
    map.set(i, append ? (map.get(i) ?? "") + s : s);
    return map;
  };
  for (let i = 0; i < n; i++) {
    const k = t.k[i];
    if (k === K.Word) {
      if (opts.stored && param[i]) {
        const w = word(p, i);
        if (!/^_xlpm\./i.test(w)) replace = edit(replace, i, `_xlpm.${w}`, false);
        continue;
      }
      if (callOpen[i] >= 0) {
        if (!opts.stored) continue;
        const bare = bareFunctionName(word(p, i));
        if (XLWS_FUNCTIONS.has(bare)) replace = edit(replace, i, `_xlfn._xlws.${bare}`, false);
        else if (FUTURE_FUNCTIONS.has(bare)) replace = edit(replace, i, `_xlfn.${bare}`, false);
        continue;
      }
      if (opts.shift && !param[i]) {
        const qualified = i > 0 && t.k[i - 1] === K.Sheet;
        if (qualified ? qualifierName(formula.slice(t.s[i - 1], t.e[i - 1])).toLowerCase() !== lower : !ownShifted) continue;
        const w = word(p, i);
        if (areaOf(w)) replace = edit(replace, i, shiftRef(w, opts.shift.by), false);
      }
      continue;
    }
    if (!opts.stored) continue;
    if (k === K.Spill) {
      // ref# → _xlfn.ANCHORARRAY(ref)
      const refStart = i >= 2 && t.k[i - 2] === K.Sheet ? i - 2 : i - 1;
      before = edit(before, refStart, "_xlfn.ANCHORARRAY(", true);
      replace = edit(replace, i, ")", false);
    } else if (k === K.At) {
      if (i + 1 >= n || t.k[i + 1] === K.Space) continue;
      replace = edit(replace, i, "_xlfn.SINGLE(", false);
      after = edit(after, operandEnd(p, i + 1), ")", true);
    }
  }
  if (!replace && !before && !after) return formula;
  let out = formula.charCodeAt(0) === 61 ? "=" : "";
  let pos = out.length;
  for (let i = 0; i < n; i++) {
    const s = t.s[i];
    const e = t.e[i];
    if (s > pos) out += formula.slice(pos, s);
    const b = before?.get(i);
    const r = replace?.get(i);
    const a = after?.get(i);
    out += (b ?? "") + (r !== undefined ? r : formula.slice(s, e)) + (a ?? "");
    pos = e;
  }
  return out + formula.slice(pos);
}

/** `=XLOOKUP(A1#,…)` → `=_xlfn.XLOOKUP(_xlfn.ANCHORARRAY(A1),…)`: the form Excel writes in a file. */
export function toStoredForm(formula: string): string {
  return rewriteFormula(formula, { stored: true });
}

/**
 * The inverse of toStoredForm: the typed form of a stored formula (prefixes
 * dropped, ANCHORARRAY(X) → X#, SINGLE(X) → @X). Used to read files back.
 */
export function fromStoredForm(formula: string): string {
  const p = parseFormula(formula);
  const { t, callOpen, close } = p;
  const replace = new Map<number, string>();
  for (let w = 0; w < t.n; w++) {
    const open = callOpen[w];
    if (open < 0) continue;
    const bare = bareFunctionName(word(p, w));
    const closeAt = close[open];
    if ((bare === "ANCHORARRAY" || bare === "SINGLE") && closeAt > open) {
      // @X when the argument is one operand (a reference, a name or a call), else @(…).
      const simple = open + 1 < closeAt && operandEnd(p, open + 1) === closeAt - 1;
      replace.set(w, bare === "ANCHORARRAY" ? "" : simple ? "@" : "@(");
      replace.set(open, "");
      replace.set(closeAt, bare === "ANCHORARRAY" ? "#" : simple ? "" : ")");
    }
  }
  let out = formula.charCodeAt(0) === 61 ? "=" : "";
  let pos = out.length;
  for (let i = 0; i < t.n; i++) {
    if (t.s[i] > pos) out += formula.slice(pos, t.s[i]);
    let piece = replace.has(i) ? replace.get(i)! : formula.slice(t.s[i], t.e[i]);
    if (!replace.has(i) && t.k[i] === K.Word) piece = piece.replace(/^_xlfn\._xlws\./i, "").replace(/^_xlfn\./i, "").replace(/^_xlpm\./i, "");
    out += piece;
    pos = t.e[i];
  }
  return out + formula.slice(pos);
}

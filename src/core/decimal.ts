/**
 * Decimal-exact threshold comparisons (the convention: "a ratio that is exactly at
 * a threshold in decimal terms meets it, whatever binary floating point does").
 *
 * A user who types 0.1 and 100 means the decimals 0.1 and 100, whose ratio is
 * exactly 0.001, although 0.1/100 in binary floating point is not. Each double is
 * read as the shortest decimal that round-trips to it (what Excel shows and what
 * JavaScript's Number→string gives), and the comparison num/den vs threshold is
 * then done exactly with BigInt. A fast path decides in floating point whenever
 * the ratio is clearly away from the threshold.
 */

/**
 * 10^k for k = 0..22, each exactly a double (10^k = 2^k · 5^k, and 5^22 < 2^53): a product or
 * quotient with one of them is one correctly rounded operation, which exact decimal arithmetic on
 * doubles relies on (roundSum, and the command line's number reading and writing).
 */
export const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** An exact decimal: mantissa × 10^exponent. */
export interface Decimal {
  m: bigint;
  e: number;
}

/** The shortest round-trip decimal of a finite double. */
export function decimalOf(x: number): Decimal {
  if (!Number.isFinite(x)) throw new RangeError(`not finite: ${x}`);
  return parseDecimal(String(x));
}

/** Parses "123.45", "-1e-7", "0.001" into an exact decimal. */
export function parseDecimal(s: string): Decimal {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) throw new RangeError(`not a decimal: ${s}`);
  const intPart = match[2] || "0";
  const frac = match[3] ?? "";
  const exp = (match[4] ? parseInt(match[4], 10) : 0) - frac.length;
  let m = BigInt(intPart + frac);
  if (match[1] === "-") m = -m;
  return { m, e: exp };
}

const TEN = BigInt(10);

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

/** Sign of a − b for exact decimals. */
export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  let am = a.m;
  let bm = b.m;
  if (a.e > b.e) am *= pow10(a.e - b.e);
  else if (b.e > a.e) bm *= pow10(b.e - a.e);
  return am < bm ? -1 : am > bm ? 1 : 0;
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { m: a.m * b.m, e: a.e + b.e };
}

/** A threshold given as decimal text, with its double for the fast path. */
export interface Threshold {
  text: string;
  value: number;
  dec: Decimal;
}

export function threshold(text: string): Threshold {
  return { text, value: Number(text), dec: parseDecimal(text) };
}

/**
 * Sign of (num / den) − t, exact in decimal terms. `den` must be > 0.
 * Fast path: when the floating-point ratio is more than a relative 1e-9 away
 * from the threshold, the binary result cannot be wrong about the side.
 */
export function compareRatio(num: number, den: number, t: Threshold): -1 | 0 | 1 {
  const r = num / den;
  const tv = t.value;
  const gap = r - tv;
  const tol = Math.abs(tv) * 1e-9 + 1e-300;
  if (gap > tol) return 1;
  if (gap < -tol) return -1;
  // Exact: num − t·den
  return compareDecimal(decimalOf(num), mulDecimal(t.dec, decimalOf(den)));
}

/** num/den ≥ t, decimal-exact (China's "0.1% or more"). */
export function ratioAtLeast(num: number, den: number, t: Threshold): boolean {
  return compareRatio(num, den, t) >= 0;
}

/** num/den > t, decimal-exact (the US EAR de minimis "exceeds"). */
export function ratioExceeds(num: number, den: number, t: Threshold): boolean {
  return compareRatio(num, den, t) > 0;
}

/**
 * t·den − num computed so that a ratio exactly at the threshold in decimal gives
 * exactly 0 (headroom). Away from the threshold this is the ordinary product.
 */
export function headroom(num: number, den: number, t: Threshold): number {
  if (compareRatio(num, den, t) === 0) return 0;
  return t.value * den - num;
}

/**
 * HTS code input: "8505.11.00.70", "8505110070", "8505.11.0070", 8505110070 or
 * 8505.11 (a number) → the digit string ("8505110070"). Pure.
 */
import { TradeError, valueError } from "../errors";
import { clip, normalise } from "../input";

/** Digits of an HTS code as typed (4–10 digits, an even count), or throws #VALUE! naming `arg`. */
export function htsDigits(raw: unknown, arg = "hts"): string {
  const v = normalise(raw, arg);
  if (v === null) throw valueError(`${arg} is blank; give an HTS code such as "8505.11.00.70"`);
  if (typeof v === "boolean") throw valueError(`${arg}: expected an HTS code, got ${v ? "TRUE" : "FALSE"}`);
  if (typeof v === "number") return digitsOfNumber(v, arg);
  return digitsOfText(v, arg);
}

function bad(arg: string, shown: string, why: string): TradeError {
  return valueError(`${arg}: "${clip(shown)}" is not an HTS code (${why}); use 4 to 10 digits with or without dots, e.g. "8505.11.00.70" or "8505110070"`);
}

function digitsOfNumber(n: number, arg: string): string {
  if (n <= 0 || !Number.isFinite(n)) throw bad(arg, String(n), "not a positive number");
  const s = String(n);
  if (/e/i.test(s)) throw bad(arg, s, "too many digits");
  const [intPart, frac = ""] = s.split(".");
  let d: string;
  if (frac === "") {
    // A whole number loses leading zeros (chapters 01-09): restore an even length.
    d = intPart.length % 2 === 1 ? "0" + intPart : intPart;
  } else {
    // 8505.11 or 2846.9 (Excel drops the trailing zero of 2846.90): heading + pairs.
    const head = intPart.padStart(4, "0");
    if (head.length !== 4) throw bad(arg, s, "a number with a decimal point must have 4 digits before it");
    d = head + (frac.length % 2 === 1 ? frac + "0" : frac);
  }
  if (d.length < 4 || d.length > 10) throw bad(arg, s, `${d.length} digits`);
  return d;
}

function digitsOfText(t: string, arg: string): string {
  const s = t.replace(/\s+/g, "");
  if (!/^[0-9.]+$/.test(s)) throw bad(arg, t, "only digits and dots are allowed");
  const d = s.replace(/\./g, "");
  if (d.length < 4 || d.length > 10) throw bad(arg, t, `${d.length} digits`);
  if (d.length % 2 === 1) throw bad(arg, t, "an odd number of digits");
  return d;
}

/** "8505110070" → "8505.11.00.70"; "850511" → "8505.11". */
export function dotted(digits: string): string {
  if (digits === "") return "*";
  let out = digits.slice(0, 4);
  for (let i = 4; i < digits.length; i += 2) out += "." + digits.slice(i, i + 2);
  return out;
}

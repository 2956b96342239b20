/**
 * Element-wise evaluation with Excel's broadcasting rules, the blank-row rule and
 * per-element errors.
 *
 * Broadcasting: every argument is a matrix (a single value is 1×1). Along each
 * dimension the sizes must be equal or 1; a size-1 dimension is repeated. So a
 * single value, a row against a matrix of the same width, a column against one of
 * the same height, or a row against a column (outer product) all work; anything
 * else is a #VALUE! that names the arguments and their shapes.
 *
 * Blank rule: an element whose required inputs are all blank
 * gives "" (so whole-column references work). Desktop Excel passes 0 for some
 * empty cells, so a required input marked `zeroIsBlank` (0 is never meaningful
 * there, e.g. a product value or a code) also counts as blank when it is 0; an
 * element counts as blank when every required input is blank or 0 and at least
 * one of them is truly blank or a zeroIsBlank 0.
 */
import { TradeError, asTradeError, valueError } from "./errors";
import { isBlank } from "./input";

export type Matrix<T = unknown> = T[][];
export type Cell<R> = R | "" | TradeError;

export interface ArgSpec {
  /** Argument name as the user sees it in Excel, for messages. */
  name: string;
  /** Counts toward the blank rule (all required blank → ""). */
  required?: boolean;
  /** 0 here can only be an empty desktop cell (never a meaningful value). */
  zeroIsBlank?: boolean;
}

/** Wraps a scalar as 1×1; checks a 2-D array is rectangular and non-empty. */
export function asMatrix(raw: unknown, arg: string): Matrix {
  if (!Array.isArray(raw)) return [[raw]];
  if (raw.length === 0) return [[null]];
  if (!Array.isArray(raw[0])) return [raw as unknown[]]; // a 1-D array: one row
  const cols = (raw[0] as unknown[]).length;
  for (let i = 0; i < raw.length; i++) {
    const row = raw[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw valueError(`${arg}: the range is not rectangular (row ${i + 1})`);
    }
  }
  if (cols === 0) return [[null]];
  return raw as Matrix;
}

export function shapeOf(m: Matrix): [number, number] {
  return [m.length, m[0].length];
}

function shapeText([r, c]: [number, number]): string {
  return `${r}×${c}`;
}

/** The broadcast shape of the given matrices, or #VALUE! naming the incompatible arguments. */
export function broadcastShape(mats: readonly Matrix[], names: readonly string[]): [number, number] {
  let rows = 1;
  let cols = 1;
  let rowsFrom = -1;
  let colsFrom = -1;
  for (let k = 0; k < mats.length; k++) {
    const [r, c] = shapeOf(mats[k]);
    if (r !== 1) {
      if (rows === 1) {
        rows = r;
        rowsFrom = k;
      } else if (r !== rows) {
        throw valueError(
          `${names[rowsFrom]} (${shapeText(shapeOf(mats[rowsFrom]))}) and ${names[k]} (${shapeText([r, c])}) have different numbers of rows; use ranges of the same size, a single row or column, or a single value`,
        );
      }
    }
    if (c !== 1) {
      if (cols === 1) {
        cols = c;
        colsFrom = k;
      } else if (c !== cols) {
        throw valueError(
          `${names[colsFrom]} (${shapeText(shapeOf(mats[colsFrom]))}) and ${names[k]} (${shapeText([r, c])}) have different numbers of columns; use ranges of the same size, a single row or column, or a single value`,
        );
      }
    }
  }
  return [rows, cols];
}

/**
 * Applies `fn` to every element of the broadcast arguments. `fn` receives the raw
 * cell values (one per argument, in a reused array: copy it if you keep it) and
 * returns a result or throws a TradeError; the error stays in that element.
 * Throws #VALUE! when the shapes are incompatible. This is the one broadcaster:
 * every element-wise function of every area goes through it.
 */
export function mapElements<R>(rawArgs: readonly unknown[], specs: readonly ArgSpec[], fn: (vals: unknown[]) => R): Matrix<Cell<R>> {
  const n = rawArgs.length;
  const mats: Matrix[] = [];
  const names: string[] = [];
  for (let k = 0; k < n; k++) {
    const name = specs[k]?.name ?? `argument ${k + 1}`;
    names.push(name);
    mats.push(asMatrix(rawArgs[k], name));
  }
  const [rows, cols] = broadcastShape(mats, names);
  const required: number[] = [];
  const zeroBlank: boolean[] = [];
  for (let k = 0; k < n; k++) {
    if (specs[k]?.required) required.push(k);
    zeroBlank.push(!!specs[k]?.zeroIsBlank);
  }
  const first = required.length > 0 ? required[0] : -1;
  // Arguments that are one cell (options, dates, a single value against a column) are set once;
  // per element only the others are read.
  const vals: unknown[] = [];
  const varying: number[] = [];
  for (let k = 0; k < n; k++) {
    const m = mats[k];
    const one = m.length === 1 && m[0].length === 1;
    vals.push(one ? m[0][0] : null);
    if (!one) varying.push(k);
  }
  const nv = varying.length;
  const out: Matrix<Cell<R>> = new Array(rows);
  if (cols === 1) {
    // A column (the usual case): packed one-element rows, no inner loop.
    for (let i = 0; i < rows; i++) {
      for (let q = 0; q < nv; q++) {
        const k = varying[q];
        const m = mats[k];
        vals[k] = m.length === 1 ? m[0][0] : m[i][0];
      }
      out[i] = [elementOf(vals, first, required, zeroBlank, fn)];
    }
    return out;
  }
  for (let i = 0; i < rows; i++) {
    const row: Cell<R>[] = new Array(cols);
    for (let j = 0; j < cols; j++) {
      for (let q = 0; q < nv; q++) {
        const k = varying[q];
        const m = mats[k];
        const r = m.length === 1 ? m[0] : m[i];
        vals[k] = r.length === 1 ? r[0] : r[j];
      }
      row[j] = elementOf(vals, first, required, zeroBlank, fn);
    }
    out[i] = row;
  }
  return out;
}

/** One element: the blank rule (the common case, a non-zero number in the first row input, decided at once), then `fn`. */
function elementOf<R>(vals: unknown[], first: number, required: readonly number[], zeroBlank: readonly boolean[], fn: (vals: unknown[]) => R): Cell<R> {
  if (first >= 0) {
    const v0 = vals[first];
    if (!(typeof v0 === "number" && v0 !== 0) && isBlankElement(vals, required, zeroBlank)) return "";
  }
  try {
    return fn(vals);
  } catch (e) {
    return asTradeError(e);
  }
}

function isBlankElement(vals: readonly unknown[], required: readonly number[], zeroBlank: readonly boolean[]): boolean {
  let evidence = false;
  for (const k of required) {
    const v = vals[k];
    if (isBlank(v)) evidence = true;
    else if (v === 0) {
      if (zeroBlank[k]) evidence = true;
    } else return false;
  }
  return evidence;
}

/** Flattens a range argument into its cells, row by row. */
export function flatten(raw: unknown, arg: string): unknown[] {
  const m = asMatrix(raw, arg);
  if (m.length === 1) return m[0];
  const out: unknown[] = [];
  for (const row of m) for (const v of row) out.push(v);
  return out;
}

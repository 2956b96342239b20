/**
 * The only place custom functions touch the CustomFunctions runtime: maps core
 * results to what Excel accepts. TradeErrors become CustomFunctions.Error (with
 * the message for #VALUE! and #N/A, the only codes that show one); non-finite
 * numbers become #NUM!; any unexpected exception becomes #VALUE! with a message.
 */
import { ERROR_TEXT, ErrorKind, TradeError, asTradeError, isTradeError } from "../core/errors";
import type { Matrix } from "../core/broadcast";
import { FunctionDecl, invoke } from "../core/signature";
import { notePackUse, packSettled, whenPackSettled } from "../core/data/active";

/** CustomFunctions.ErrorCode values are the texts Excel shows ("#VALUE!"), from the core's one table. */
const code = (kind: ErrorKind): CustomFunctions.ErrorCode => ERROR_TEXT[kind] as CustomFunctions.ErrorCode;

/** Codes whose custom message Excel displays. */
const WITH_MESSAGE: ReadonlySet<ErrorKind> = new Set<ErrorKind>(["VALUE", "NA"]);

export function excelError(e: TradeError): CustomFunctions.Error {
  // Output of #NAME? / #REF! is not allowed; they only arrive as inputs and leave as #VALUE!.
  const kind: ErrorKind = e.kind === "NAME" || e.kind === "REF" || e.kind === "NULL" ? "VALUE" : e.kind;
  return WITH_MESSAGE.has(kind) ? new CustomFunctions.Error(code(kind), e.message.slice(0, 255)) : new CustomFunctions.Error(code(kind));
}

export type ExcelScalar = number | string | boolean | CustomFunctions.Error;

/** One result value for a cell. */
export function toExcel(v: unknown): ExcelScalar {
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? v : excelError(new TradeError("NUM", "the result is not a finite number"));
    case "string":
    case "boolean":
      return v;
    default:
      if (isTradeError(v)) return excelError(v);
      if (v === null || v === undefined) return "";
      return excelError(new TradeError("VALUE", "internal error: unsupported result"));
  }
}

/**
 * A matrix result, element by element, converted IN PLACE (the core's result
 * arrays are fresh and owned by the caller, so no second 100k-row copy is made).
 */
export function toExcelMatrix(m: Matrix<unknown>): ExcelScalar[][] {
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (!(typeof v === "boolean" || typeof v === "string" || (typeof v === "number" && Number.isFinite(v)))) row[j] = toExcel(v);
    }
  }
  return m as ExcelScalar[][];
}

/** Runs a scalar-returning core call; any throw becomes an Excel error value. */
export function scalar(fn: () => unknown): ExcelScalar {
  try {
    return toExcel(fn());
  } catch (e) {
    return excelError(asTradeError(e));
  }
}

/** Runs a matrix-returning core call; a throw (e.g. incompatible shapes) becomes a single error cell. */
export function matrix(fn: () => Matrix<unknown>): ExcelScalar[][] {
  try {
    return toExcelMatrix(fn());
  } catch (e) {
    return [[excelError(asTradeError(e))]];
  }
}

/**
 * Runs a declared function (src/core/signature.ts) with the arguments as Excel
 * passes them: a "matrix" result spills (a throw becomes one error cell), a
 * "scalar" result fills one cell (a throw becomes its error).
 */
export function run(decl: FunctionDecl<"matrix">, ...args: unknown[]): ExcelScalar[][];
export function run(decl: FunctionDecl<"scalar">, ...args: unknown[]): ExcelScalar;
export function run(decl: FunctionDecl, ...args: unknown[]): ExcelScalar | ExcelScalar[][] {
  return whenDataReady(() => (decl.result === "matrix" ? matrix(() => invoke(decl, args) as Matrix<unknown>) : scalar(() => invoke(decl, args))));
}

/**
 * Runs `compute` now, or, while the host's published data pack is still being read, once it is
 * (src/functions/datapack.ts, bounded): a sheet is computed from one pack, not half from the
 * bundled one. Excel accepts a promise from any custom function, so the value is returned as a
 * promise only in that window; the declared return type is the settled value's.
 */
export function whenDataReady<T>(compute: () => T): T {
  if (packSettled()) {
    notePackUse();
    return compute();
  }
  return whenPackSettled().then(() => {
    notePackUse();
    return compute();
  }) as unknown as T;
}

/**
 * Function declarations: each function's parameters are declared once, next to
 * its core implementation (the way HyperFormula's function plugins declare
 * `implementedFunctions`). The Excel facade (src/functions/adapter.ts `run`)
 * reads a declaration to adapt what Excel passes (omitted → null, a single-value
 * parameter unwrapped from [[v]]) and to shape the result; the broadcaster
 * (mapElements, via `elementwise`) reads the same declaration for the
 * blank-row rule, desktop zeros and argument names in messages.
 *
 * The JSDoc facades in src/functions/*.ts still name the parameters (the
 * custom-functions metadata plugin reads only those); a bundle test checks that
 * the generated metadata and these declarations agree parameter by parameter.
 * Pure.
 */
import { ArgSpec, Cell, Matrix, mapElements } from "./broadcast";

/** What a parameter holds (for conversion, documentation and tests). */
export type ParamType = "number" | "text" | "date" | "option" | "country" | "hts" | "year_or_date" | "any";

/**
 * How a parameter is taken:
 *  - "element" (default): broadcast element-wise, like Excel's own functions;
 *  - "range": the whole range at once (BOM lines, HHI values, overrides table);
 *  - "single": one value; a 1×1 range is unwrapped, a larger range is #VALUE!.
 */
export type ParamShape = "element" | "range" | "single";

export interface ParamDecl extends ArgSpec {
  /** The name the user sees in Excel (and in messages); the same as the facade's parameter. */
  readonly name: string;
  readonly type: ParamType;
  /** May be omitted (a [name] parameter in the facade's JSDoc). */
  readonly optional?: boolean;
  /** What a blank or omitted value means (documentation; the converter applies it). */
  readonly default?: string | number | boolean;
  /** 0 is never meaningful here: desktop Excel's 0 for an empty cell counts as blank. */
  readonly zeroIsBlank?: boolean;
  /** A row input: the blank-row rule looks at it (all row inputs blank → ""). */
  readonly required?: boolean;
  readonly shape?: ParamShape;
  /** The accepted options of an "option" parameter. */
  readonly options?: readonly string[];
}

export type ResultShape = "scalar" | "matrix";

export interface FunctionDecl<K extends ResultShape = ResultShape> {
  /** The Excel function id (TRADE.<id>), which never changes. */
  readonly id: string;
  /** "matrix" results spill; "scalar" results fill one cell. */
  readonly result: K;
  readonly params: readonly ParamDecl[];
  /** The core implementation: one argument per parameter, null for an omitted one. */
  readonly impl: (...args: unknown[]) => unknown;
}

/** A table of declarations by function id (an area's `implementedFunctions`). */
export type FunctionTable = Readonly<Record<string, FunctionDecl>>;

/** A function that takes its arguments whole (ranges, single values) and returns a scalar or a matrix. */
export function declare<K extends ResultShape>(id: string, result: K, params: readonly ParamDecl[], impl: (...args: never[]) => unknown): FunctionDecl<K> {
  return Object.freeze({ id, result, params: Object.freeze(params.slice()), impl: impl as (...args: unknown[]) => unknown });
}

/**
 * An element-wise function: every parameter broadcast (Excel's rules, in
 * mapElements), the blank-row rule from the declaration, `fn` called once per
 * element with that element's values (in a reused array: copy it to keep it).
 */
export function elementwise<R>(id: string, params: readonly ParamDecl[], fn: (v: unknown[]) => R): FunctionDecl<"matrix"> {
  const frozen = Object.freeze(params.slice());
  return Object.freeze({
    id,
    result: "matrix" as const,
    params: frozen,
    impl: (...args: unknown[]): Matrix<Cell<R>> => mapElements(args, frozen, fn),
  });
}

/** Calls a declaration's implementation with the arguments as Excel passes them (omitted → null). */
export function invoke(decl: FunctionDecl, args: readonly unknown[]): unknown {
  const n = decl.params.length;
  const a = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const v = args[i];
    a[i] = v === undefined ? null : v;
  }
  return decl.impl(...a);
}

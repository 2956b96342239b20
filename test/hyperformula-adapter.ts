/**
 * Test-only bridge: every TRADE.* function of the BUILT dist/functions.js +
 * dist/functions.json registered as a HyperFormula custom function, so template
 * workbooks can be evaluated by a real formula engine. HyperFormula is a
 * devDependency used here under its "gpl-v3" license key (tests and benchmarks
 * only; it is never bundled into the add-in).
 *
 * Calling convention (the way Excel calls a JS custom function):
 *  - every parameter is `ANY`; HyperFormula's own vectorisation is switched off
 *    (our functions broadcast themselves, as in Excel);
 *  - a range argument arrives as a 2-D array (rows of values); a scalar given to a
 *    parameter whose dimensionality is "matrix" is wrapped as [[v]];
 *  - empty cells become null (what Excel passes), omitted optionals null;
 *  - HyperFormula error values become our CustomFunctions.Error shim values
 *    (allowErrorForDataTypeAny), and shim errors returned by a function become
 *    HyperFormula errors of the same code;
 *  - matrix results spill; the spill size is predicted from the broadcast shape of
 *    the range arguments (right for element-wise functions). A result larger than
 *    the predicted size is cut to it, a smaller one padded with "".
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type ConfigParams,
} from "hyperformula";
import { loadBundle, ShimError, type Bundle, type FunctionMeta } from "./harness";

export const NAMESPACE = "TRADE";

const TO_HF: Record<string, ErrorType> = {
  "#VALUE!": ErrorType.VALUE,
  "#N/A": ErrorType.NA,
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#NUM!": ErrorType.NUM,
  "#NAME?": ErrorType.NAME,
  "#REF!": ErrorType.REF,
  "#NULL!": ErrorType.VALUE,
};
const FROM_HF: Partial<Record<ErrorType, string>> = {
  [ErrorType.VALUE]: "#VALUE!",
  [ErrorType.NA]: "#N/A",
  [ErrorType.DIV_BY_ZERO]: "#DIV/0!",
  [ErrorType.NUM]: "#NUM!",
  [ErrorType.NAME]: "#NAME?",
  [ErrorType.REF]: "#REF!",
};

/** A HyperFormula internal scalar → what Excel hands a custom function. */
function toExcelArg(v: unknown): unknown {
  if (v === EmptyValue || v === undefined) return null;
  if (v instanceof CellError) return new ShimError(FROM_HF[v.type] ?? "#VALUE!", v.message);
  if (typeof v === "object" && v !== null && typeof (v as { get?: unknown }).get === "function") {
    // ExtendedNumber (date, percent, currency...): Excel passes the bare number.
    return (v as { get(): number }).get();
  }
  return v;
}

/** A value returned by a custom function → a HyperFormula scalar. */
function toHfValue(v: unknown): unknown {
  if (v instanceof ShimError) return new CellError(TO_HF[(v as ShimError).code] ?? ErrorType.VALUE, (v as ShimError).message);
  if (typeof v === "number") return Number.isFinite(v) ? v : new CellError(ErrorType.NUM, "non-finite number returned");
  if (typeof v === "string" || typeof v === "boolean") return v;
  if (v === null || v === undefined) return "";
  return new CellError(ErrorType.VALUE, "unsupported result type");
}

function methodName(id: string): string {
  return "fn_" + id.replace(/[^A-Za-z0-9_]/g, "_");
}

/** Builds the HyperFormula plugin class for a loaded bundle. */
export function tradePlugin(bundle: Bundle): { plugin: any; translations: Record<string, Record<string, string>>; ids: string[] } {
  const metas: FunctionMeta[] = bundle.metadata.functions.filter((f) => bundle.registry.has(f.id));
  class TradePlugin extends FunctionPlugin {}
  const implemented: Record<string, any> = {};
  const enGB: Record<string, string> = {};
  for (const meta of metas) {
    const key = `${NAMESPACE}.${meta.id}`;
    const m = methodName(meta.id);
    const f = bundle.registry.get(meta.id)!;
    const params = meta.parameters;
    const spills = meta.result?.dimensionality === "matrix";
    implemented[key] = {
      method: m,
      parameters: params.map((p) => ({ argumentType: FunctionArgumentType.ANY, optionalArg: !!p.optional })),
      vectorizationForbidden: true,
      ...(spills ? { sizeOfResultArrayMethod: m + "_size" } : {}),
    };
    enGB[key] = key;
    (TradePlugin.prototype as any)[m] = function (this: any, ast: any, state: any) {
      return this.runFunction(ast.args, state, this.metadata(key), (...args: unknown[]) => {
        const full: unknown[] = [];
        for (let i = 0; i < params.length; i++) {
          const a = args[i];
          let v: unknown;
          if (a instanceof SimpleRangeValue) v = a.data.map((row) => row.map(toExcelArg));
          else v = toExcelArg(a);
          if (params[i].dimensionality === "matrix" && !Array.isArray(v)) v = [[v]];
          full.push(v);
        }
        let out: unknown;
        try {
          out = f(...full);
        } catch (e) {
          // A facade must never throw; surface it as a #VALUE! naming the problem.
          return new CellError(ErrorType.VALUE, `uncaught exception in TRADE.${meta.id}: ${String(e)}`);
        }
        if (Array.isArray(out)) {
          const rows = out as unknown[][];
          if (!spills) return toHfValue(rows[0]?.[0]);
          const size = (this as any)[m + "_size"](ast, state) as ArraySize;
          const h = size.height;
          const w = size.width;
          if (h === 1 && w === 1) return toHfValue(rows[0]?.[0]);
          const data: any[][] = [];
          for (let r = 0; r < h; r++) {
            const row: any[] = [];
            for (let c = 0; c < w; c++) {
              const src = rows.length === 1 ? rows[0] : rows[r];
              const cell = src === undefined ? "" : src.length === 1 ? src[0] : src[c];
              row.push(toHfValue(cell === undefined ? "" : cell));
            }
            data.push(row);
          }
          return SimpleRangeValue.onlyValues(data);
        }
        return toHfValue(out);
      });
    };
    if (spills) {
      (TradePlugin.prototype as any)[m + "_size"] = function (this: any, ast: any, state: any) {
        let h = 1;
        let w = 1;
        for (const arg of ast.args ?? []) {
          const s = this.arraySizeForAst(arg, state) as ArraySize;
          // (isScalar() is also true for a reference, so compare the sizes themselves.)
          h = Math.max(h, s.height);
          w = Math.max(w, s.width);
        }
        return new ArraySize(w, h);
      };
    }
  }
  (TradePlugin as any).implementedFunctions = implemented;
  return { plugin: TradePlugin, translations: { enGB }, ids: metas.map((x) => x.id) };
}

let registeredFor: string | undefined;

/** Registers the TRADE plugin (once per bundle directory) and returns the bundle. */
export function registerTrade(dir?: string): Bundle {
  const bundle = loadBundle(dir);
  if (registeredFor === bundle.dist) return bundle;
  if (registeredFor !== undefined) HyperFormula.unregisterFunctionPlugin((globalThis as any).__tradePlugin);
  const { plugin, translations } = tradePlugin(bundle);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  (globalThis as any).__tradePlugin = plugin;
  registeredFor = bundle.dist;
  return bundle;
}

/** HyperFormula config used by the template tests and the bench. */
export const HF_CONFIG: Partial<ConfigParams> = {
  licenseKey: "gpl-v3",
  // Excel's 1900 date system and its behaviour for text comparisons.
  nullDate: { year: 1899, month: 12, day: 30 },
  caseSensitive: false,
  useArrayArithmetic: false,
  smartRounding: false,
  precisionRounding: 15,
};

/**
 * Registers the TRADE plugin for an already loaded bundle (the build script
 * loads the bundle the compilation just produced).
 */
export function registerTradeBundle(bundle: Bundle): void {
  if (registeredFor === bundle.dist) return;
  if (registeredFor !== undefined) HyperFormula.unregisterFunctionPlugin((globalThis as any).__tradePlugin);
  const { plugin, translations } = tradePlugin(bundle);
  HyperFormula.registerFunctionPlugin(plugin, translations);
  (globalThis as any).__tradePlugin = plugin;
  registeredFor = bundle.dist;
}

/** A value HyperFormula computed, in the terms a file stores: number, text, boolean, an error code, or null (empty). */
export type StoredValue = number | string | boolean | { error: string } | null;

export function storedValue(v: unknown): StoredValue {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "object" && v !== null && "value" in v && typeof (v as { value: unknown }).value === "string") {
    // DetailedCellError: .value is the Excel code ("#N/A").
    return { error: (v as { value: string }).value };
  }
  return { error: "#VALUE!" };
}

/**
 * Evaluates one sheet (a sparse grid of raw contents: formulas in the user's
 * form "=TRADE.X(...)", numbers, text, booleans) with sheet-scoped names
 * ("$B$6" refs on that sheet) and returns the value of every cell asked for.
 * The same engine and bridge as the template tests, so what a generated file
 * caches is what the tests check.
 */
export function evaluateSheet(
  bundle: Bundle,
  sheetName: string,
  grid: unknown[][],
  names: readonly { name: string; ref: string }[],
  cells: readonly string[],
): Map<string, StoredValue> {
  registerTradeBundle(bundle);
  const hf = HyperFormula.buildEmpty(HF_CONFIG);
  try {
    const name = hf.addSheet(sheetName);
    const id = hf.getSheetId(name)!;
    const quoted = `'${sheetName.replace(/'/g, "''")}'`;
    hf.suspendEvaluation();
    for (const n of names) hf.addNamedExpression(n.name, `=${quoted}!${n.ref}`, id);
    hf.setSheetContent(id, grid as any);
    hf.resumeEvaluation();
    const out = new Map<string, StoredValue>();
    for (const ref of cells) out.set(ref, storedValue(hf.getCellValue(hf.simpleCellAddressFromString(ref, id)!)));
    return out;
  } finally {
    hf.destroy();
  }
}

/**
 * Domain errors of the pure core. The Excel facade maps each kind to a
 * `CustomFunctions.Error` code; nothing here knows about Office.
 *
 * Kinds follow the add-in's error convention:
 *  - VALUE: bad type or shape (text where a number belongs, unknown option)
 *  - NA:    unknown code or no data
 *  - NUM:   impossible number (negative value, share above 1)
 *  - DIV0:  zero denominator
 *  - NULL, NAME, REF: only ever passed through when Excel hands them to us as inputs
 */
export type ErrorKind = "VALUE" | "NA" | "NUM" | "DIV0" | "NULL" | "NAME" | "REF";

/**
 * The one table of Excel error values: the kind, the text Excel shows in the cell
 * (also the CustomFunctions.ErrorCode value), the CustomFunctions.ErrorCode member
 * name and the Excel.ErrorCellValue `errorType`. The input layer reads error
 * inputs through it and the facade writes error results through it.
 */
export const EXCEL_ERRORS: readonly { readonly kind: ErrorKind; readonly text: string; readonly codeName: string; readonly errorType: string }[] = [
  { kind: "VALUE", text: "#VALUE!", codeName: "invalidValue", errorType: "Value" },
  { kind: "NA", text: "#N/A", codeName: "notAvailable", errorType: "NotAvailable" },
  { kind: "NUM", text: "#NUM!", codeName: "invalidNumber", errorType: "Num" },
  { kind: "DIV0", text: "#DIV/0!", codeName: "divisionByZero", errorType: "Div0" },
  { kind: "NULL", text: "#NULL!", codeName: "nullReference", errorType: "Null" },
  { kind: "NAME", text: "#NAME?", codeName: "invalidName", errorType: "Name" },
  { kind: "REF", text: "#REF!", codeName: "invalidReference", errorType: "Ref" },
];

/** The text Excel shows in the cell for each kind. */
export const ERROR_TEXT: Readonly<Record<ErrorKind, string>> = Object.freeze(
  Object.fromEntries(EXCEL_ERRORS.map((e) => [e.kind, e.text])) as Record<ErrorKind, string>,
);

/** Error kind by cell text (upper case), CustomFunctions.ErrorCode member name or Excel.ErrorCellValue errorType. */
export const ERROR_KIND_BY_NAME: ReadonlyMap<string, ErrorKind> = new Map(
  EXCEL_ERRORS.flatMap((e) => [
    [e.text, e.kind],
    [e.codeName, e.kind],
    [e.errorType, e.kind],
  ]),
);

export class TradeError extends Error {
  readonly kind: ErrorKind;
  /**
   * The argument the error is about, for a message that does not start with it ("KH MFN for 8505.11 … is
   * not in the data" is about the importer): a caller that reports errors per input column reads it
   * rather than guessing from the words of the message.
   */
  readonly arg: string | undefined;
  constructor(kind: ErrorKind, message: string, arg?: string) {
    super(message);
    this.kind = kind;
    this.name = "TradeError";
    this.arg = arg;
  }
  /** e.g. "#VALUE! product_value: expected a number, got text "abc"". */
  override toString(): string {
    return `${ERROR_TEXT[this.kind]} ${this.message}`;
  }
}

export const valueError = (message: string): TradeError => new TradeError("VALUE", message);
export const naError = (message: string, arg?: string): TradeError => new TradeError("NA", message, arg);
export const numError = (message: string): TradeError => new TradeError("NUM", message);
export const div0Error = (message: string): TradeError => new TradeError("DIV0", message);

export function isTradeError(x: unknown): x is TradeError {
  return x instanceof TradeError;
}

/**
 * Runs `fn`; a TradeError it throws is returned as a value, any other
 * exception becomes a #VALUE! with an "internal error" message (never an
 * uncaught exception in a cell).
 */
export function capture<T>(fn: () => T): T | TradeError {
  try {
    return fn();
  } catch (e) {
    return asTradeError(e);
  }
}

export function asTradeError(e: unknown): TradeError {
  if (e instanceof TradeError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new TradeError("VALUE", `internal error: ${msg}`);
}

/** Lists options for messages: `"a", "b" or "c"`. */
export function listOptions(options: readonly string[]): string {
  const q = options.map((o) => `"${o}"`);
  if (q.length <= 1) return q.join("");
  return `${q.slice(0, -1).join(", ")} or ${q[q.length - 1]}`;
}

/**
 * What the command-line screen refuses before it runs (exit code 2), and the cells of rows it
 * cannot read.
 */
import { TradeError } from "../core/errors";

/** A problem with the files or options: the run cannot start (or go on). Exit code 2, message only. */
export class RunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunError";
  }
}

/**
 * A cell the reader could not turn into a value (an XLSX formula saved without its result): held
 * as a TradeError, which the core's input layer throws as it is when a function reads the cell,
 * so the row's message is this one.
 */
export function unreadableCell(message: string): TradeError {
  return new TradeError("VALUE", message);
}

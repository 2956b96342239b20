/**
 * Share-ready copies and template insertion, the pure part (no Office): which
 * cells of a sheet call a TRADE function, what to write in their place, the
 * stamp, and unique sheet names. The Office calls live in ./office/.
 */
import { columnLetters } from "../core/a1";
import { callsAddin } from "./addinNames";

/** Removes string literals ("..." with "" escapes) so text cannot look like a call. */
function stripStrings(formula: string): string {
  return formula.replace(/"(?:[^"]|"")*"/g, '""');
}

/** True when a formula calls a TRADE function, typed (`TRADE.X(`) or stored (`_xldudf_TRADE_X(`); text in quotes ignored. */
export function callsTrade(formula: unknown): boolean {
  return typeof formula === "string" && formula.startsWith("=") && callsAddin(formula);
}

/** Spill references (A1#, $B$5#) in a formula, as upper-case A1 addresses without $. */
export function spillRefs(formula: string): string[] {
  const out: string[] = [];
  for (const m of stripStrings(formula).matchAll(/(?:^|[^A-Za-z0-9_!])\$?([A-Za-z]{1,3})\$?(\d+)#/g)) out.push(`${m[1].toUpperCase()}${m[2]}`);
  return out;
}

export interface ShareCell {
  row: number;
  col: number;
  /** A1 address on the sheet. */
  address: string;
  /** The formula being replaced. */
  formula: string;
}

export interface SharePlan {
  /** Cells (anchors) whose formulas are replaced by their values. */
  cells: ShareCell[];
  /** Formulas that stay (they call no TRADE function). */
  keptFormulas: number;
  /** Cells still computing in the original (#BUSY!, #GETTING_DATA): the copy must wait. */
  busy: string[];
}

/**
 * Which formula cells of a sheet's used range become values: every formula that
 * calls TRADE.*, plus any formula that reads the spill (A1#) of one of those
 * (its anchor becomes plain values, so A1# would turn into #REF!).
 * `formulas`/`values` are the used range's, starting at (row0, col0).
 */
export function planShareCopy(formulas: readonly (readonly unknown[])[], values: readonly (readonly unknown[])[], row0: number, col0: number): SharePlan {
  const cells: ShareCell[] = [];
  const replaced = new Set<string>();
  const others: ShareCell[] = [];
  const busy: string[] = [];
  for (let r = 0; r < formulas.length; r++) {
    for (let c = 0; c < formulas[r].length; c++) {
      const f = formulas[r][c];
      if (typeof f !== "string" || !f.startsWith("=")) continue;
      const address = `${columnLetters(col0 + c)}${row0 + r + 1}`;
      const cell = { row: row0 + r, col: col0 + c, address, formula: f };
      if (callsTrade(f)) {
        cells.push(cell);
        replaced.add(address);
        const v = values[r]?.[c];
        if (typeof v === "string" && /^#(BUSY|GETTING_DATA)/i.test(v)) busy.push(address);
      } else others.push(cell);
    }
  }
  let kept = 0;
  for (const o of others) {
    if (spillRefs(o.formula).some((a) => replaced.has(a))) cells.push(o);
    else kept++;
  }
  return { cells, keptFormulas: kept, busy };
}

/** What to write (through Range.formulas) so a value stays exactly that value. Errors are written as their code so they stay errors. */
export function valueAsInput(value: unknown, valueType?: string): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? value : "#NUM!";
  if (typeof value === "boolean") return value;
  const s = String(value);
  if (valueType === "Error") return s;
  if (s === "") return "";
  // Every text gets the apostrophe: Excel parses far more than digits ("2026-01",
  // "1E5", "(100)", "3-5", "Jan 2025", "#N/A" typed as text), so text stays text.
  return `'${s}`;
}

/** The stamp written at the top of a share-ready copy. */
export function shareStamp(when: Date, dataVersion: string, source: string, replacedCount: number): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())} ${pad(when.getHours())}:${pad(when.getMinutes())}`;
  return `Share-ready copy of '${source}': values as of ${date}, data version ${dataVersion}. ${replacedCount} TRADE formula${replacedCount === 1 ? "" : "s"} replaced by their values (no add-in needed to read them).`;
}

/** Characters Excel does not allow in a sheet name. */
const BAD_SHEET_CHARS = /[\\/?*[\]:]/g;

/** A sheet name not in `existing` (case-insensitive), ≤ 31 characters: "Name", "Name (2)", "Name (3)"... */
export function uniqueSheetName(base: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((s) => s.toLowerCase()));
  const clean = base.replace(BAD_SHEET_CHARS, " ").replace(/^'+|'+$/g, "").trim().slice(0, 31) || "Sheet";
  if (!taken.has(clean.toLowerCase())) return clean;
  for (let i = 2; i < 10000; i++) {
    const suffix = ` (${i})`;
    const name = clean.slice(0, 31 - suffix.length).trimEnd() + suffix;
    if (!taken.has(name.toLowerCase())) return name;
  }
  throw new Error("no free sheet name");
}

/** ArrayBuffer/bytes → base64 (browser and Node), in chunks so large files do not overflow the call stack. */
export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const g = globalThis as { btoa?: (s: string) => string; Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } };
  if (typeof g.btoa !== "function" && g.Buffer) return g.Buffer.from(u8).toString("base64");
  let bin = "";
  for (let i = 0; i < u8.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(u8.subarray(i, i + 0x8000)));
  return g.btoa!(bin);
}

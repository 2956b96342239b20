/**
 * Input tables for the command-line screen: a CSV file (any delimiter, UTF-8 with or without a
 * byte-order mark) or one sheet of an XLSX workbook, read as a header row and then rows in
 * batches, each row with the line (CSV) or row number (XLSX) a person would look for.
 *
 * Nothing is held beyond the current batch: a CSV is read in 256 KiB chunks (front to back, so a
 * named pipe serves as well as a file), an XLSX through ExcelJS's streaming reader. The header is the first non-blank row that does not start with "#"
 * (so the screen's own CSV outputs, whose header block lines start with "#", can be read back).
 * Blank rows are counted, not returned.
 *
 * CSV cells are text, as in the file; XLSX cells keep their types (numbers, text, booleans; dates
 * as Excel serial numbers, as Excel passes them to functions; error values as their text "#N/A",
 * which the core's input layer reads as the Excel error).
 */
import * as fs from "fs";
import * as path from "path";
import { StringDecoder } from "string_decoder";
import { CsvParser, CsvRecord, parseDelimiter, sniffDelimiter } from "./csv";
import { RunError, unreadableCell } from "./errors";

export interface InputSpec {
  file: string;
  /** XLSX: the sheet to read (default: the first). */
  sheet?: string;
  /** CSV: the delimiter (default: sniffed from the header line). */
  delimiter?: string;
}

export interface Row {
  /** CSV: the physical line the record starts on; XLSX: the row number. */
  line: number;
  /** Cells in header order (a short row has fewer). */
  cells: unknown[];
  /** Why the row cannot be read (a malformed CSV record, text that is not UTF-8). */
  error?: string;
}

export interface Table {
  file: string;
  /** The file name, for messages. */
  name: string;
  kind: "csv" | "xlsx";
  header: string[];
  headerLine: number;
  delimiter?: string;
  sheet?: string;
  /** Size of the file in bytes. */
  size: number;
  /** Bytes read so far (for the progress line's ETA). */
  position(): number;
  /** Blank rows seen so far. */
  blankRows(): number;
  /** The rows after the header, in batches of up to `n`. */
  batches(n: number): AsyncGenerator<Row[]>;
  close(): Promise<void>;
}

/** Read size: small enough that the records parsed from one read die young (a 1 MiB read kept ~25,000 records alive at once). */
const CHUNK = 1 << 18;
/** Characters of a read's text parsed at a time (a few hundred records). */
const PIECE = 1 << 14;

export function isXlsx(file: string): boolean {
  return /\.(xlsx|xlsm)$/i.test(file);
}

/** Opens a CSV or XLSX input and reads up to its header. Throws RunError (exit 2) when it cannot. */
export async function openTable(spec: InputSpec): Promise<Table> {
  let st: fs.Stats;
  try {
    st = fs.statSync(spec.file);
  } catch {
    throw new RunError(`${spec.file}: no such file`);
  }
  if (st.isDirectory()) throw new RunError(`${spec.file} is a folder, not a file`);
  if (isXlsx(spec.file)) return openXlsx(spec, st.size);
  if (/\.xls$/i.test(spec.file)) throw new RunError(`${spec.file}: the old .xls format is not read; save it as .xlsx or CSV UTF-8`);
  const t = new CsvTable(spec, st.size);
  await t.init();
  return t;
}

function blankText(s: unknown): boolean {
  return s === null || s === undefined || (typeof s === "string" && s.trim() === "");
}

class CsvTable implements Table {
  readonly kind = "csv" as const;
  readonly name: string;
  readonly file: string;
  header: string[] = [];
  headerLine = 0;
  delimiter = ",";
  private fd = -1;
  private pos = 0;
  private eof = false;
  private parser: CsvParser | null = null;
  private readonly decoder = new StringDecoder("utf8");
  private readonly queue: CsvRecord[] = [];
  private qi = 0;
  private blanks = 0;
  private suspect = false;
  private readonly chunk = Buffer.allocUnsafe(CHUNK);
  /** The last read's text not yet parsed: pending[pendingAt..], the input's end when pendingFinal. */
  private pending = "";
  private pendingAt = 0;
  private pendingFinal = false;
  private hasPending = false;

  constructor(
    private readonly spec: InputSpec,
    readonly size: number,
  ) {
    this.file = spec.file;
    this.name = path.basename(spec.file);
  }

  position(): number {
    return this.pos;
  }
  blankRows(): number {
    return this.blanks;
  }

  async init(): Promise<void> {
    try {
      this.fd = fs.openSync(this.file, "r");
    } catch (e) {
      throw new RunError(`${this.file} cannot be read (${(e as Error).message})`);
    }
    const first = await this.read();
    if (first >= 2 && ((this.chunk[0] === 0xff && this.chunk[1] === 0xfe) || (this.chunk[0] === 0xfe && this.chunk[1] === 0xff))) {
      throw new RunError(`${this.name} is UTF-16 text ("Unicode text" in Excel); save it as "CSV UTF-8" (or give the .xlsx)`);
    }
    let text = this.take(first);
    // A pipe may deliver the first line in pieces: read on until it is whole, since the delimiter is sniffed from it.
    while (!this.eof && text.indexOf("\n") === -1 && text.length < CHUNK) text += this.take(await this.read());
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    this.delimiter = this.spec.delimiter !== undefined ? parseDelimiter(this.spec.delimiter) : sniffDelimiter(text);
    try {
      this.parser = new CsvParser(this.delimiter);
    } catch (e) {
      throw new RunError(`--delimiter: ${(e as Error).message}`);
    }
    this.parse(text);
    // the header: the first non-blank record that is not a comment
    for (;;) {
      const r = await this.next();
      if (!r) throw new RunError(`${this.name} has no header row (the first non-blank line names the columns)`);
      if (r.fields.every(blankText)) continue;
      if (r.fields[0].startsWith("#") && r.fields.length >= 1) continue;
      if (r.error) throw new RunError(`${this.name}: the header on line ${r.line} cannot be read: ${r.error}`);
      this.header = r.fields.map((f) => f.trim());
      this.headerLine = r.line;
      return;
    }
  }

  /**
   * Takes a read's text to be parsed. It is parsed a piece at a time as its records are asked for (see
   * more()), not all at once: a read holds thousands of records, and a screen that allocates a few KB per
   * row kept them alive through two young collections, so most of them were promoted to the old space.
   */
  private parse(text: string): void {
    if (text.indexOf("\uFFFD") !== -1) this.suspect = true;
    this.pending = text;
    this.pendingAt = 0;
    this.pendingFinal = this.eof;
    this.hasPending = true;
  }

  /**
   * Parses the next piece of the last read's text into the queue (cut after a line break where there is
   * one: the parser takes text cut anywhere and keeps a record cut in two, but a cut at a line break
   * leaves it nothing to keep); false when all of that text is parsed. The records, their order and
   * their lines are those of parsing the whole text at once.
   */
  private more(): boolean {
    if (!this.hasPending) return false;
    const text = this.pending;
    const from = this.pendingAt;
    let to = text.length;
    if (to - from > PIECE) {
      const nl = text.lastIndexOf("\n", from + PIECE);
      to = nl >= from ? nl + 1 : from + PIECE;
    }
    const last = to === text.length;
    if (last) {
      this.hasPending = false;
      this.pending = "";
    } else this.pendingAt = to;
    this.parser!.feed(from === 0 && last ? text : text.slice(from, to), last && this.pendingFinal, this.emit);
    return true;
  }

  private readonly emit = (r: CsvRecord): void => {
    this.queue.push(r);
  };

  /**
   * Reads the next chunk from where the last one ended (not at an offset: a named pipe has none).
   * Asynchronous, so the event loop (and with it Ctrl+C) is served while a slow source has nothing
   * to give; the end of the input is a read of 0 bytes, never a short read (pipes give those).
   */
  private read(): Promise<number> {
    return new Promise((resolve, reject) =>
      fs.read(this.fd, this.chunk, 0, CHUNK, null, (e, n) =>
        e ? reject(new RunError(`${this.file} cannot be read (${e.message})`)) : resolve(n),
      ),
    );
  }

  /** The text of the `n` bytes just read (the decoder keeps a character cut at the chunk's end); at 0, the end of the input. */
  private take(n: number): string {
    this.pos += n;
    if (n === 0) {
      this.eof = true;
      return this.decoder.end();
    }
    return this.decoder.write(this.chunk.subarray(0, n));
  }

  /** Reads one more chunk into the queue; false at the end of the file. */
  private async fill(): Promise<boolean> {
    if (this.eof) return false;
    this.parse(this.take(await this.read()));
    return true;
  }

  private async next(): Promise<CsvRecord | undefined> {
    while (this.qi >= this.queue.length) {
      this.queue.length = 0;
      this.qi = 0;
      if (this.more()) continue;
      if (!(await this.fill())) return undefined;
    }
    return this.queue[this.qi++];
  }

  async *batches(size: number): AsyncGenerator<Row[]> {
    try {
      let batch: Row[] = [];
      for (;;) {
        if (this.qi >= this.queue.length) {
          this.queue.length = 0;
          this.qi = 0;
          // the rest of the read's records first: a batch ends where the read's records end, as before
          if (this.more()) continue;
          if (batch.length) {
            yield batch;
            batch = [];
          }
          if (!(await this.fill())) break;
          continue;
        }
        const r = this.queue[this.qi++];
        const f = r.fields;
        if (!r.error && (f.length === 0 || (f.length === 1 && f[0].trim() === "") || f.every(blankText))) {
          this.blanks++;
          continue;
        }
        const row: Row = { line: r.line, cells: f };
        if (r.error) row.error = `line ${r.line} cannot be read as CSV: ${r.error}`;
        else if (this.suspect && f.some((x) => x.indexOf("\uFFFD") !== -1)) {
          row.error = `line ${r.line} is not UTF-8 text (the file must be UTF-8, with or without a byte-order mark; save it as "CSV UTF-8")`;
        } else if (f.length > this.header.length && f.slice(this.header.length).some((x) => x.trim() !== "")) {
          row.error = `line ${r.line} has ${f.length} fields but the header (line ${this.headerLine}) has ${this.header.length}; is a delimiter inside an unquoted field?`;
        }
        batch.push(row);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.fd >= 0) {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

// ---------------------------------------------------------------------------
// XLSX

interface ExcelJsRow {
  number: number;
  cellCount: number;
  getCell(i: number): { value: unknown };
}
interface ExcelJsSheetReader extends AsyncIterable<ExcelJsRow> {
  name: string;
}

/** Days between 1899-12-30 (serial 0 of Excel's modern mapping) and 1970-01-01. */
const EPOCH = 25569;

/** An ExcelJS cell value as the screen reads it. */
export function xlsxCell(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case "number":
    case "string":
    case "boolean":
      return v;
  }
  if (v instanceof Date) return v.getTime() / 86_400_000 + EPOCH;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.error === "string") return o.error;
    if ("formula" in o || "sharedFormula" in o) {
      if (o.result === undefined || o.result === null)
        return unreadableCell("the cell holds a formula saved without its value; open the file in Excel and save it, or give values");
      return xlsxCell(o.result);
    }
    if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? "")).join("");
    if ("text" in o) return xlsxCell(o.text);
  }
  return String(v);
}

function cellText(v: unknown): string {
  const c = xlsxCell(v);
  return c === null || c === undefined ? "" : typeof c === "object" ? "" : String(c).trim();
}

async function openXlsx(spec: InputSpec, size: number): Promise<Table> {
  // ExcelJS is only loaded for XLSX inputs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ExcelJS = require("exceljs") as {
    stream: { xlsx: { WorkbookReader: new (input: unknown, opts: Record<string, string>) => AsyncIterable<ExcelJsSheetReader> } };
  };
  const name = path.basename(spec.file);
  let pos = 0;
  const stream = fs.createReadStream(spec.file, { highWaterMark: CHUNK });
  stream.on("data", (c) => {
    pos += c.length;
  });
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    sharedStrings: "cache",
    hyperlinks: "ignore",
    styles: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const sheets: string[] = [];
  let blanks = 0;
  // One generator over the chosen sheet's rows; the header is taken from it before openXlsx returns.
  const rows = (async function* (): AsyncGenerator<ExcelJsRow> {
    for await (const ws of reader) {
      sheets.push(ws.name);
      if (spec.sheet !== undefined ? ws.name !== spec.sheet : sheets.length > 1) {
        // A sheet before the one wanted is read through, not skipped: when a workbook stores its
        // sheets before its shared strings, ExcelJS parks each sheet in a temporary file, opens it
        // and deletes it as soon as the next sheet is asked for; a sheet left unread can then fail
        // to open its deleted file (ENOENT), at random, as an uncaught stream error.
        for await (const _row of ws) void _row;
        continue;
      }
      for await (const row of ws) yield row;
      if (spec.sheet === undefined) break;
      return;
    }
  })();
  let header: string[] = [];
  let headerLine = 0;
  try {
    for (;;) {
      const r = await rows.next();
      if (r.done) {
        if (spec.sheet !== undefined && !sheets.includes(spec.sheet))
          throw new RunError(
            `${name} has no sheet "${spec.sheet}"; its sheets are ${sheets.map((s) => `"${s}"`).join(", ") || "none that could be read"}`,
          );
        throw new RunError(
          `${name}${spec.sheet ? ` (sheet "${spec.sheet}")` : ""} has no header row (the first non-blank row names the columns)`,
        );
      }
      const cells: string[] = [];
      for (let i = 1; i <= r.value.cellCount; i++) cells.push(cellText(r.value.getCell(i).value));
      if (cells.every((c) => c === "") || cells[0].startsWith("#")) continue;
      header = cells;
      headerLine = r.value.number;
      break;
    }
  } catch (e) {
    stream.destroy();
    if (e instanceof RunError) throw e;
    throw new RunError(`${name} cannot be read as an XLSX workbook (${(e as Error).message})`);
  }
  while (header.length && header[header.length - 1] === "") header.pop();
  const sheetName = sheets[sheets.length - 1];
  const table: Table = {
    file: spec.file,
    name,
    kind: "xlsx",
    header,
    headerLine,
    sheet: sheetName,
    size,
    position: () => pos,
    blankRows: () => blanks,
    async *batches(n: number): AsyncGenerator<Row[]> {
      let batch: Row[] = [];
      try {
        for (;;) {
          let r: IteratorResult<ExcelJsRow>;
          try {
            r = await rows.next();
          } catch (e) {
            throw new RunError(`${name} cannot be read as an XLSX workbook (${(e as Error).message})`);
          }
          if (r.done) break;
          const row = r.value;
          const cells: unknown[] = [];
          let any = false;
          for (let i = 1; i <= row.cellCount; i++) {
            const c = xlsxCell(row.getCell(i).value);
            if (!blankText(c)) any = true;
            cells.push(c);
          }
          if (!any) {
            blanks++;
            continue;
          }
          const out: Row = { line: row.number, cells };
          if (cells.length > header.length && cells.slice(header.length).some((c) => !blankText(c)))
            out.error = `row ${row.number} has values right of the last column named in the header (row ${headerLine})`;
          batch.push(out);
          if (batch.length >= n) {
            yield batch;
            batch = [];
          }
        }
        if (batch.length) yield batch;
      } finally {
        stream.destroy();
      }
    },
    async close(): Promise<void> {
      stream.destroy();
    },
  };
  return table;
}

/** Every row of a small table (the overrides file), as a matrix of cells padded to the widest row. */
export async function readAll(spec: InputSpec): Promise<{ table: Table; rows: Row[]; matrix: unknown[][] }> {
  const table = await openTable(spec);
  const rows: Row[] = [];
  for await (const b of table.batches(4096)) rows.push(...b);
  const width = Math.max(table.header.length, ...rows.map((r) => r.cells.length));
  const pad = (cells: unknown[]) => {
    const out = cells.slice();
    while (out.length < width) out.push(null);
    return out;
  };
  return { table, rows, matrix: [pad(table.header), ...rows.map((r) => pad(r.cells))] };
}

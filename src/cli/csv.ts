/**
 * CSV for the command-line screen: a streaming reader (any one-character delimiter, UTF-8 with or
 * without a byte-order mark, RFC 4180 quoting with delimiters, quotes and line breaks inside quoted
 * fields, LF or CRLF line ends) and the writer's field formatting.
 *
 * The reader is fed decoded text in chunks of any size and emits records with the physical line
 * each starts on, so every message can name the line a spreadsheet or an editor shows. A record
 * without quotes (the common case in ERP exports) is split with String.split; a record with quotes
 * is read character by character. Malformed records (an unterminated quote, text after a closing
 * quote) come out as records with an `error`, never as an exception, and reading goes on with the
 * next line. A quote inside an unquoted field is kept as text, as Excel reads it.
 *
 * Pure: no I/O (src/cli/table.ts feeds it from files).
 */

export interface CsvRecord {
  /** Physical line (1-based) the record starts on. */
  line: number;
  fields: string[];
  /** Why the record cannot be read (its fields are then whatever could be read). */
  error?: string;
}

/** The longest record kept waiting for its closing quote before it is reported as unterminated. */
export const MAX_RECORD_CHARS = 1 << 20;

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvParser {
  private buf = "";
  private line = 1;
  private readonly d: string;
  private readonly dc: number;

  constructor(delimiter: string) {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r")
      throw new Error(`the delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
    this.d = delimiter;
    this.dc = delimiter.charCodeAt(0);
  }

  /**
   * Adds text and emits every complete record in it. With `final`, the rest is the last record
   * (a file need not end with a line break).
   */
  feed(text: string, final: boolean, emit: (r: CsvRecord) => void): void {
    const s = this.buf.length ? this.buf + text : text;
    const n = s.length;
    let p = 0;
    // Index of the next quote at or after p (-1: none in the rest of s), refreshed when p passes it.
    let q = s.indexOf('"');
    while (p < n) {
      let nl = s.indexOf("\n", p);
      if (q !== -1 && q < p) q = s.indexOf('"', p);
      if (q === -1 || (nl !== -1 && q > nl)) {
        // No quote before the line break: split the line.
        if (nl === -1) {
          if (!final) break;
          nl = n;
        }
        let end = nl;
        if (end > p && s.charCodeAt(end - 1) === CR) end--;
        emit({ line: this.line, fields: s.slice(p, end).split(this.d) });
        this.line++;
        p = nl + 1;
        continue;
      }
      const r = this.quoted(s, p, final);
      if (r === null) break; // incomplete: wait for more text
      emit(r.record);
      p = r.next;
    }
    this.buf = p < n ? s.slice(p) : "";
    if (this.buf.length > MAX_RECORD_CHARS && !final) {
      // A quote that never closes would otherwise hold the rest of the file in memory.
      const start = this.line;
      const nl = this.buf.indexOf("\n");
      emit({
        line: start,
        fields: [],
        error: `an opening quote is not closed within ${MAX_RECORD_CHARS.toLocaleString("en-US")} characters; close the quoted field (or double the quote inside it)`,
      });
      this.buf = nl === -1 ? "" : this.buf.slice(nl + 1);
      this.line++;
      if (this.buf.length) this.feed("", false, emit);
    }
  }

  /**
   * One record with a quote somewhere, from p. Returns null when the record is not complete in s
   * and more text may come.
   */
  private quoted(s: string, p: number, final: boolean): { record: CsvRecord; next: number } | null {
    const n = s.length;
    const d = this.dc;
    const start = this.line;
    let lines = 0;
    const fields: string[] = [];
    let i = p;
    let error: string | undefined;
    for (;;) {
      // one field from i
      if (i < n && s.charCodeAt(i) === QUOTE) {
        let value = "";
        let j = i + 1;
        for (;;) {
          const k = s.indexOf('"', j);
          if (k === -1) {
            if (!final) return null;
            value += s.slice(j);
            lines += count(s, j, n);
            error = `the quoted field ${fields.length + 1} that starts on line ${start} is not closed before the end of the file`;
            fields.push(value);
            this.line += lines + 1;
            return { record: { line: start, fields, error }, next: n };
          }
          value += s.slice(j, k);
          lines += count(s, j, k);
          if (k + 1 < n && s.charCodeAt(k + 1) === QUOTE) {
            value += '"';
            j = k + 2;
            continue;
          }
          if (k + 1 >= n && !final) return null; // a doubled quote may follow in the next chunk
          i = k + 1;
          break;
        }
        fields.push(value);
        if (i >= n) {
          if (!final) return null;
          break;
        }
        const c = s.charCodeAt(i);
        if (c === d) {
          i++;
          if (i >= n && !final) return null;
          if (i >= n) {
            fields.push("");
            break;
          }
          continue;
        }
        if (c === LF || (c === CR && i + 1 < n && s.charCodeAt(i + 1) === LF)) break;
        if (c === CR && i + 1 >= n && !final) return null;
        // Text after the closing quote: the record is malformed; skip to the end of its line.
        const nl = s.indexOf("\n", i);
        if (nl === -1 && !final) return null;
        error = `field ${fields.length} has text after its closing quote (${JSON.stringify(s.slice(i, Math.min(i + 20, nl === -1 ? n : nl)))}); a quote inside a quoted field is written twice ("")`;
        i = nl === -1 ? n : nl;
        break;
      }
      // unquoted field: up to the next delimiter or line break (a quote here is text, as Excel reads it)
      let k = i;
      while (k < n) {
        const c = s.charCodeAt(k);
        if (c === d || c === LF) break;
        k++;
      }
      if (k >= n && !final) return null;
      let end = k;
      if (k < n && s.charCodeAt(k) === LF && end > i && s.charCodeAt(end - 1) === CR) end--;
      else if (k >= n && end > i && s.charCodeAt(end - 1) === CR) end--;
      fields.push(s.slice(i, end));
      if (k < n && s.charCodeAt(k) === d) {
        i = k + 1;
        if (i >= n && !final) return null;
        if (i >= n) {
          fields.push("");
          break;
        }
        continue;
      }
      i = k;
      break;
    }
    // i is at the line break that ends the record (or the end of the text)
    let next = i;
    if (next < n && s.charCodeAt(next) === CR) next++;
    if (next < n && s.charCodeAt(next) === LF) next++;
    this.line += lines + 1;
    return { record: error ? { line: start, fields, error } : { line: start, fields }, next };
  }
}

function count(s: string, from: number, to: number): number {
  let c = 0;
  for (let i = s.indexOf("\n", from); i !== -1 && i < to; i = s.indexOf("\n", i + 1)) c++;
  return c;
}

/** Delimiters tried when none is given, in order of preference on a tie. */
export const DELIMITERS = [",", ";", "\t", "|"] as const;

/**
 * The delimiter of a file from its first non-blank line that is not a comment: the candidate that
 * occurs most often outside quotes (a comma on a tie or when none occurs: a one-column file).
 */
export function sniffDelimiter(head: string): string {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  let line = "";
  for (const l of text.split(/\r?\n/)) {
    if (l.trim() === "" || l.startsWith("#")) continue;
    line = l;
    break;
  }
  let best = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    let c = 0;
    let inQuotes = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (ch === '"') inQuotes = !inQuotes;
      else if (ch === d && !inQuotes) c++;
    }
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

/** A delimiter option as typed: "," ";" "|", "tab" or "\t" for a tab. */
export function parseDelimiter(text: string): string {
  const t = text.toLowerCase();
  if (t === "tab" || t === "\\t") return "\t";
  if (t === "comma") return ",";
  if (t === "semicolon") return ";";
  if (t === "pipe") return "|";
  return text;
}

/** Characters that make a field need quotes, per delimiter. */
const QUOTING = new Map<string, RegExp>();

/** Whether csvField quotes `text`: it holds a quote, a line break or a character of the delimiter. */
export function needsQuotes(text: string, delimiter: string): boolean {
  let re = QUOTING.get(delimiter);
  if (!re) QUOTING.set(delimiter, (re = new RegExp(`["\\r\\n${delimiter.replace(/[\\^\]\-]/g, "\\$&")}]`)));
  return re.test(text);
}

/** One field as CSV text: quoted when it holds the delimiter, a quote or a line break. */
export function csvField(text: string, delimiter: string): string {
  if (!needsQuotes(text, delimiter)) return text;
  return text.indexOf('"') === -1 ? `"${text}"` : `"${text.replace(/"/g, '""')}"`;
}

/** One record as a CSV line (with its line break). */
export function csvLine(fields: readonly string[], delimiter: string): string {
  let out = "";
  for (let i = 0; i < fields.length; i++) {
    if (i) out += delimiter;
    out += csvField(fields[i], delimiter);
  }
  return out + "\n";
}

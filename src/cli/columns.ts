/**
 * Which column of an input holds which field: found by header name (case, spaces, dashes and
 * underscores ignored: "Line Value", "line_value" and "LINE-VALUE" are one name), with a few usual
 * other names, or named with `--map field=Header,field=Header`. A field no column names, a
 * `--map` naming a field or a header that does not exist, or two columns claiming one field stop
 * the run (exit 2) with a message listing the header and the names looked for.
 *
 * Pure.
 */
import { RunError } from "./errors";

export interface FieldDef {
  /** The field's name: the function parameter it feeds, as in messages ("line_value", "hts"). */
  key: string;
  /** Other header names that mean this field, besides the key itself. */
  aliases: readonly string[];
  required?: boolean;
  /** What the column holds, for messages. */
  what: string;
}

/** Header text → its comparison key: "Country of Origin" → "countryoforigin". */
export function headerKey(h: string): string {
  return h
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.()/#]+/g, "");
}

/** `--map product=Part No,origin=COO` (repeatable) → field → header text. */
export function parseMap(specs: readonly string[], known: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const spec of specs) {
    for (const part of spec.split(",")) {
      if (part.trim() === "") continue;
      const eq = part.indexOf("=");
      if (eq <= 0) throw new RunError(`--map: "${part.trim()}" is not field=Header (e.g. --map "product=Part No,origin=COO")`);
      const field = part
        .slice(0, eq)
        .trim()
        .toLowerCase()
        .replace(/[\s-]+/g, "_");
      const header = part.slice(eq + 1).trim();
      if (!known.includes(field)) throw new RunError(`--map: unknown field "${field}"; the fields are ${known.join(", ")}`);
      if (header === "") throw new RunError(`--map: ${field}= names no column`);
      out.set(field, header);
    }
  }
  return out;
}

/**
 * The column index of each field in `header` (-1: absent, for optional fields). `map` gives
 * header names for fields; fields mapped elsewhere are not looked for under their own names.
 */
export function resolveColumns(
  header: readonly string[],
  fields: readonly FieldDef[],
  map: ReadonlyMap<string, string>,
  fileName: string,
): Record<string, number> {
  const keys = header.map(headerKey);
  const out: Record<string, number> = {};
  const taken = new Map<number, string>();
  const shown = () => (header.length ? header.map((h) => `"${h}"`).join(", ") : "nothing");
  // 1. --map
  for (const f of fields) {
    const want = map.get(f.key);
    if (want === undefined) continue;
    let i = header.indexOf(want);
    if (i < 0) {
      const k = headerKey(want);
      const hits = keys.flatMap((x, j) => (x === k ? [j] : []));
      if (hits.length > 1)
        throw new RunError(
          `--map ${f.key}=${want}: ${fileName} has ${hits.length} columns named so (${hits.map((j) => `column ${j + 1}`).join(", ")})`,
        );
      i = hits.length ? hits[0] : -1;
    }
    if (i < 0) throw new RunError(`--map ${f.key}=${want}: ${fileName} has no column "${want}"; its header is ${shown()}`);
    if (taken.has(i)) throw new RunError(`--map: column "${header[i]}" of ${fileName} is given to both ${taken.get(i)} and ${f.key}`);
    out[f.key] = i;
    taken.set(i, f.key);
  }
  // 2. the field's own name, then its other names (a column mapped with --map is not taken again)
  for (const f of fields) {
    if (out[f.key] !== undefined) continue;
    let found = -1;
    for (const name of [f.key, ...f.aliases]) {
      const k = headerKey(name);
      const hits = keys.flatMap((x, j) => (x === k && !taken.has(j) ? [j] : []));
      if (hits.length > 1) {
        throw new RunError(
          `${fileName}: ${hits.length} columns could be ${f.key} (${hits.map((j) => `"${header[j]}"`).join(", ")}); say which with --map ${f.key}=<header>`,
        );
      }
      if (hits.length === 1) {
        found = hits[0];
        break;
      }
    }
    if (found < 0 && f.required) {
      throw new RunError(
        `${fileName} has no column for ${f.key} (${f.what}); looked for ${[f.key, ...f.aliases].map((a) => `"${a}"`).join(", ")} in its header ${shown()}; name the column with --map ${f.key}=<header>`,
      );
    }
    out[f.key] = found;
    if (found >= 0) taken.set(found, f.key);
  }
  return out;
}

/** `--keep "Entry No,Broker"`: header columns carried through to the output as they are. */
export function keepColumns(specs: readonly string[], header: readonly string[], fileName: string): { name: string; index: number }[] {
  const out: { name: string; index: number }[] = [];
  for (const spec of specs) {
    for (const raw of spec.split(",")) {
      const name = raw.trim();
      if (!name) continue;
      let i = header.indexOf(name);
      if (i < 0) i = header.map(headerKey).indexOf(headerKey(name));
      if (i < 0)
        throw new RunError(`--keep ${name}: ${fileName} has no such column; its header is ${header.map((h) => `"${h}"`).join(", ")}`);
      out.push({ name: header[i], index: i });
    }
  }
  return out;
}

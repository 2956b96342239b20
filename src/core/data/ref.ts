/**
 * The pure core of TRADE.REF, TRADE.FIELDS, TRADE.DATA_VERSION and TRADE.SOURCE
 * (the facade src/functions/ref.ts only adapts to Excel).
 */
import { Cell, Matrix, asMatrix, broadcastShape, mapElements } from "../broadcast";
import { MAX_SERIAL, ymdFromSerial, serialFromIsoOrNull } from "../dates";
import { TradeError, asTradeError, naError, valueError } from "../errors";
import { blankish, clip, normalise, single, toText } from "../input";
import { closeMatches, matchIndex } from "./pack";
import { packState, perPack, type PackState } from "./active";
import {
  Entity,
  FIGURE_ATTRS,
  FigureAttr,
  RefQuery,
  SuggestionBudget,
  UnknownField,
  fieldsOf,
  figureAttr,
  getEntityKind,
  resolveEntities,
  suggestionBudget,
  unknownEntityError,
  unknownFieldError,
} from "../ref";
import { allSources, formatSource, getSource } from "./sources";
import { ParamDecl, declare } from "../signature";

const YEAR_MIN = 1900;
const YEAR_MAX = 2200;

/**
 * The optional year_or_date argument: a whole number 1900–2200 is a year; any
 * other number is an Excel date serial; text "2025" is a year, "2026-03-01" a date;
 * blank (or the desktop's 0) = not given.
 */
export function parseYearOrDate(raw: unknown, arg = "year_or_date"): RefQuery {
  const v = normalise(raw, arg);
  if (v === null || v === 0) return {};
  if (typeof v === "boolean") throw valueError(`${arg}: expected a year (e.g. 2025) or a date, got ${v ? "TRUE" : "FALSE"}`);
  if (typeof v === "number") {
    if (Number.isInteger(v) && v >= YEAR_MIN && v <= YEAR_MAX) return { year: v, yearOnly: true };
    if (v < 1 || v >= MAX_SERIAL + 1) throw valueError(`${arg}: ${v} is neither a year (1900–2200) nor an Excel date`);
    const serial = Math.floor(v);
    return { year: ymdFromSerial(serial)[0], date: serial };
  }
  const s = v.trim();
  if (/^\d{4}$/.test(s)) return { year: Number(s), yearOnly: true };
  const serial = serialFromIsoOrNull(s);
  if (serial !== null) return { year: ymdFromSerial(serial)[0], date: serial };
  throw valueError(`${arg}: "${clip(s)}" is not a year or a date; use e.g. 2025, DATE(2026,3,1) or "2026-03-01"`);
}

/** Field text → canonical key: lower case, spaces and dashes → "_". */
function fieldKey(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

function splitField(field: string): { base: string; attr?: FigureAttr } {
  const dot = field.lastIndexOf(".");
  if (dot > 0) {
    const attr = field.slice(dot + 1);
    if ((FIGURE_ATTRS as readonly string[]).includes(attr)) return { base: field.slice(0, dot), attr: attr as FigureAttr };
  }
  return { base: field };
}

/** Resolves the entity text to the candidate that has `field` (ties between kinds, e.g. "Er" element vs "ER" Eritrea, go to the one with the field). */
function entityFor(text: string, baseField: string, typedField: string, budget?: SuggestionBudget): Entity {
  const cands = resolveEntities(text);
  if (cands.length === 0) throw unknownEntityError(text, budget);
  for (const e of cands) if (fieldsOf(e).some((f) => f.field === baseField)) return e;
  throw unknownFieldError(cands[0], clip(typedField));
}

/**
 * One REF lookup (scalar inputs). Returns a number, text or boolean; throws a TradeError. `budget`:
 * the calling formula's close-match budget for unknown entities (absent = a single value: always suggest).
 */
export function refValue(entityRaw: unknown, fieldRaw: unknown, yearOrDateRaw: unknown, editionRaw: unknown, budget?: SuggestionBudget): number | string | boolean {
  const entityText = toText(entityRaw, "entity");
  const fraw = normalise(fieldRaw, "field");
  if (fraw === 0) throw valueError("field is blank; text is required (TRADE.FIELDS lists the fields)");
  const typedField = toText(fraw, "field");
  const field = fieldKey(typedField);
  const q = parseYearOrDate(yearOrDateRaw);
  const ed = normalise(editionRaw, "edition");
  if (ed !== null && ed !== 0) {
    if (typeof ed === "boolean") throw valueError(`edition: expected text such as "MCS 2025", got ${ed ? "TRUE" : "FALSE"}`);
    q.edition = clip(String(ed));
  }
  const { base, attr } = splitField(field);
  const entity = entityFor(entityText, base, typedField, budget);
  const kind = getEntityKind(entity.kind)!;
  let fig;
  try {
    fig = kind.get(entity, base, q);
  } catch (e) {
    if (e instanceof UnknownField) throw unknownFieldError(entity, clip(typedField));
    throw e;
  }
  if (attr) return figureAttr(fig, attr, formatSource);
  if (fig.value === null || fig.value === undefined) {
    const when = [fig.edition, fig.year].filter((x) => x !== undefined && x !== "").join(" ");
    throw naError(`${entity.label} ${base}${when ? ` (${when})` : ""}: not available${fig.note ? ` (${fig.note})` : ""}`);
  }
  return fig.value;
}

/**
 * TRADE.REF over ranges: element-wise with broadcasting. The entity is the
 * row input: an element whose entity cell is blank gives "" (so whole-column
 * references work); a blank field with an entity is a #VALUE!.
 */
export function refMatrix(entity: unknown, field: unknown, yearOrDate: unknown, edition: unknown): Matrix<Cell<number | string | boolean>> {
  // Whole columns repeat the same lookups: memoise per call on primitive inputs, in nested Maps keyed by
  // the cell values themselves (field → edition → entity → year_or_date). Field and edition are usually
  // one value for the whole call, so their inner Map is kept at hand: a repeat costs two Map hits.
  const memo = new Map<unknown, Map<unknown, Map<unknown, Map<unknown, RefAnswer>>>>();
  let lastField: unknown = undefined;
  let lastEdition: unknown = undefined;
  let byEntity: Map<unknown, Map<unknown, RefAnswer>> | undefined = undefined;
  // Unknown entities: close matches are searched for a bounded number of them per call (a column of
  // unknown part numbers costs about as much as a column of known codes).
  const budget = suggestionBudget();
  const lookup = (a: unknown, b: unknown, c: unknown, d: unknown): RefAnswer => {
    if (isObject(a) || isObject(b) || isObject(c) || isObject(d)) {
      try {
        return refValue(a, b, c, d, budget);
      } catch (e) {
        return asTradeError(e);
      }
    }
    if (byEntity === undefined || b !== lastField || d !== lastEdition) {
      let m1 = memo.get(b);
      if (m1 === undefined) memo.set(b, (m1 = new Map()));
      let m2 = m1.get(d);
      if (m2 === undefined) m1.set(d, (m2 = new Map()));
      byEntity = m2;
      lastField = b;
      lastEdition = d;
    }
    let byYear = byEntity.get(a);
    if (byYear === undefined) byEntity.set(a, (byYear = new Map()));
    let hit = byYear.get(c);
    if (hit === undefined) {
      try {
        hit = refValue(a, b, c, d, budget);
      } catch (e) {
        hit = asTradeError(e);
      }
      byYear.set(c, hit);
    }
    return hit;
  };
  const ed = edition ?? null;
  if (!isOneCell(field) || !isOneCell(ed)) {
    return mapElements([entity, field, yearOrDate ?? null, ed], REF_PARAMS, (v) => {
      const hit = lookup(v[0], v[1], v[2], v[3]);
      if (hit instanceof TradeError) throw hit;
      return hit;
    });
  }
  // One field and one edition (the usual call: a column of entities, perhaps of years): a loop over
  // the two varying ranges, shaped by the broadcaster's rules (asMatrix, broadcastShape) and with its
  // blank rule (entity is the row input; desktop's 0 counts as blank).
  const f = single(field, "field");
  const d = single(ed, "edition");
  const em = asMatrix(entity, "entity");
  const ym = asMatrix(yearOrDate ?? null, "year_or_date");
  const [rows, cols] = broadcastShape([em, asMatrix(field, "field"), ym], ["entity", "field", "year_or_date"]);
  const eStepR = em.length === 1 ? 0 : 1;
  const yStepR = ym.length === 1 ? 0 : 1;
  const eStepC = em[0].length === 1 ? 0 : 1;
  const yStepC = ym[0].length === 1 ? 0 : 1;
  const out: Matrix<Cell<number | string | boolean>> = new Array(rows);
  for (let i = 0; i < rows; i++) {
    const er = em[i * eStepR];
    const yr = ym[i * yStepR];
    const row = new Array<Cell<number | string | boolean>>(cols);
    for (let j = 0; j < cols; j++) {
      const a = er[j * eStepC];
      row[j] = blankish(a) ? "" : lookup(a, f, yr[j * yStepC], d);
    }
    out[i] = row;
  }
  return out;
}

/** A single value, or a 1×1 range. */
function isOneCell(raw: unknown): boolean {
  return !Array.isArray(raw) || (raw.length === 1 && Array.isArray(raw[0]) && (raw[0] as unknown[]).length === 1);
}

/** A data type, an entity card or an error object: looked up every time (its value is read by the input layer). */
function isObject(x: unknown): boolean {
  return typeof x === "object" && x !== null;
}

type RefAnswer = number | string | boolean | TradeError;

/** TRADE.FIELDS: header row, then [field, description, unit] for each field, then the provenance suffixes. */
export function fieldsTable(entityRaw: unknown): string[][] {
  const m = Array.isArray(entityRaw) ? (entityRaw as unknown[][]) : null;
  if (m && (m.length !== 1 || !Array.isArray(m[0]) || m[0].length !== 1))
    throw valueError("entity: give a single entity (one cell), not a range");
  const raw = m ? m[0][0] : entityRaw;
  const text = toText(raw, "entity");
  const cands = resolveEntities(text);
  if (cands.length === 0) throw unknownEntityError(text);
  const e = cands[0];
  const rows: string[][] = [["field", "description", "unit"]];
  for (const f of fieldsOf(e))
    rows.push([
      f.field,
      f.description + (f.time === "year" ? " [year_or_date: year]" : f.time === "date" ? " [year_or_date: date]" : ""),
      f.unit,
    ]);
  rows.push([
    "<field>.source",
    `Sources of a figure, e.g. REF(entity, "${fieldsOf(e).find((f) => f.time && f.time !== "none")?.field ?? fieldsOf(e)[0]?.field ?? "field"}.source", year)`,
    "text",
  ]);
  rows.push(["<field>.edition", "Edition the figure comes from (default: the newest that reports the year)", "text"]);
  rows.push(["<field>.status", "confirmed, confirmed-2nd, unconfirmed or derived", "text"]);
  rows.push(["<field>.note", "Caveats: estimates, NA, lower bounds, revisions (also .year, .estimated, .qualifier, .sources)", "text"]);
  if (cands.length > 1) {
    rows.push([
      `(also ${cands
        .slice(1)
        .map((c) => `${c.kind}:${c.id}`)
        .join(", ")})`,
      `"${text}" also names ${cands
        .slice(1)
        .map((c) => `${c.kind} ${c.label}`)
        .join(", ")}; prefix with the kind to choose, e.g. "${cands[1].kind}:${text}"`,
      "",
    ]);
  }
  return rows;
}

/** Where the active pack came from, in words. */
export function packOriginText(st: PackState = packState()): string {
  switch (st.origin) {
    case "update":
      return `update ${st.file ?? ""}`.trim();
    case "cache":
      return "last good update, cached";
    default:
      return st.checkedAt && !st.notice ? "bundled, as the host publishes" : "bundled";
  }
}

/**
 * TRADE.DATA_VERSION text: version, where it came from, the overlay, the horizons, and why the
 * host's update is not in use when it is not, e.g.
 * "2026.12.15 (update pack-2026.12.15.json; overlay Contoso 2026-12-07.1, 3f2a1b9c…; horizon China 2026-11-30, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)".
 */
export function dataVersionText(st: PackState = packState()): string {
  const parts = [packOriginText(st)];
  if (st.overlay) parts.push(`overlay ${st.overlay.organisation} ${st.overlay.version}, ${st.overlay.sha256.slice(0, 8)}…`);
  parts.push(`horizon China ${st.horizons.china}, US tariffs ${st.horizons.us}; statuses after a horizon are unconfirmed`);
  if (st.notice) parts.push(st.notice);
  return `${st.version} (${parts.join("; ")})`;
}

/** Unknown source ids already answered (the close-match search is the costly part), bounded; per pack. */
const unknownSourcesOf = perPack(() => new Map<string, TradeError>());
const UNKNOWN_SOURCES_MAX = 4096;
/** The source ids, prepared for close-match searches once per pack. */
const sourceIdIndex = perPack(() => matchIndex(allSources().map((x) => x.id)));
/** Close-match searches per TRADE.SOURCE call; beyond it an unknown id's message has no suggestion. */
const SUGGESTIONS_PER_CALL = 256;

function unknownSourceError(id: string, budget: { left: number }): TradeError {
  const unknownSources = unknownSourcesOf();
  let e = unknownSources.get(id);
  if (e) return e;
  const hint = 'source ids look like "S12" (from a figure\'s .sources field)';
  if (budget.left <= 0) return naError(`source_id: "${clip(id)}" is not in the source registry; ${hint}`);
  budget.left--;
  const m = closeMatches(id, sourceIdIndex());
  e = naError(`source_id: "${clip(id)}" is not in the source registry${m.length ? `; did you mean ${m.map((x) => `"${x}"`).join(", ")}?` : `; ${hint}`}`);
  if (unknownSources.size >= UNKNOWN_SOURCES_MAX) unknownSources.clear();
  unknownSources.set(id, e);
  return e;
}

/** TRADE.SOURCE for one id: "title, publisher, date, url"; unknown id → #N/A with close matches. */
export function sourceText(raw: unknown, budget = { left: SUGGESTIONS_PER_CALL }): string {
  const id = toText(raw, "source_id");
  const s = getSource(id);
  if (!s) throw unknownSourceError(id, budget);
  return formatSource(s.id);
}

/** TRADE.SOURCE over a range. */
export function sourceMatrix(ids: unknown): Matrix<Cell<string>> {
  const budget = { left: SUGGESTIONS_PER_CALL };
  return mapElements([ids], SOURCE_PARAMS, (v) => sourceText(v[0], budget));
}

export { TradeError };

const REF_PARAMS: readonly ParamDecl[] = [
  { name: "entity", type: "text", required: true, zeroIsBlank: true },
  { name: "field", type: "text" },
  { name: "year_or_date", type: "year_or_date", optional: true, zeroIsBlank: true },
  { name: "edition", type: "text", optional: true, zeroIsBlank: true },
];
const SOURCE_PARAMS: readonly ParamDecl[] = [{ name: "source_id", type: "text", required: true, zeroIsBlank: true }];

/** The declarations of REF, FIELDS, DATA_VERSION and SOURCE. */
export const refFunctions = {
  REF: declare("REF", "matrix", REF_PARAMS, (e: unknown, f: unknown, y: unknown, ed: unknown) => refMatrix(e, f, y, ed)),
  FIELDS: declare("FIELDS", "matrix", [{ name: "entity", type: "text", shape: "single" }], (e: unknown) => fieldsTable(e)),
  DATA_VERSION: declare("DATA_VERSION", "scalar", [], () => dataVersionText()),
  SOURCE: declare("SOURCE", "matrix", SOURCE_PARAMS, (ids: unknown) => sourceMatrix(ids)),
};

/**
 * The `overrides` range: rows in the same columns as the built-in layer table
 * (hts prefix, origin, layer, rate, from, to). Parsed once per call. Malformed
 * rows → #VALUE! naming the row and column; blank rows are skipped; a header row
 * (third cell "layer") is skipped. Pure.
 */
import { asMatrix } from "../broadcast";
import { isoFromSerial, toDateSerial, MAX_SERIAL } from "../dates";
import { TradeError, isTradeError, valueError } from "../errors";
import { isBlank, normalise, toNumber, toText } from "../input";
import { LayerRow, LAYER_ORDER } from "../data/tariffs";
import { htsDigits } from "./hts";
import { Overrides, NO_OVERRIDES } from "./stack";
import { countryCode } from "../country";

export const OVERRIDE_COLUMNS = ["hts prefix", "origin", "layer", "rate", "from", "to"] as const;

const BUILTIN = new Map(LAYER_ORDER.map((n) => [n.toLowerCase(), n]));

export function parseOverrides(raw: unknown): Overrides {
  if (raw === null || raw === undefined) return NO_OVERRIDES;
  if (!Array.isArray(raw) && isBlank(raw)) return NO_OVERRIDES;
  const m = asMatrix(raw, "overrides");
  const cols = m[0].length;
  const allBlank = m.every((row) => row.every((v) => isBlank(v)));
  if (allBlank) return NO_OVERRIDES;
  if (cols !== 6) {
    throw valueError(`overrides: expected 6 columns (${OVERRIDE_COLUMNS.join(", ")}), got ${cols}`);
  }
  const byLayer = new Map<string, LayerRow[]>();
  const extra: string[] = [];
  let count = 0;
  for (let i = 0; i < m.length; i++) {
    const row = m[i];
    if (row.every((v) => isBlank(v) || v === 0)) continue;
    if (i === 0 && typeof row[2] === "string" && row[2].trim().toLowerCase() === "layer") continue;
    const r = parseRow(row, i + 1);
    if (!byLayer.has(r.key)) byLayer.set(r.key, []);
    byLayer.get(r.key)!.push(r);
    if (!BUILTIN.has(r.key) && !extra.some((e) => e.toLowerCase() === r.key)) extra.push(r.layer);
    count++;
  }
  if (count === 0) return NO_OVERRIDES;
  return { byLayer, extraLayers: extra, count };
}

function cellError(rowNo: number, col: number, e: unknown, hint: string): TradeError {
  const msg = isTradeError(e) ? e.message.replace(/^[a-z_ ]+: /i, "") : String(e);
  return valueError(`overrides row ${rowNo}, column ${col + 1} (${OVERRIDE_COLUMNS[col]}): ${msg}; ${hint}`);
}

function parseRow(row: unknown[], rowNo: number): LayerRow {
  // hts prefix
  let prefix: string;
  const h = row[0];
  if (isBlank(h)) throw cellError(rowNo, 0, valueError("is blank"), 'give an HTS prefix such as "8505.11" or "*" for every line');
  if (typeof h === "string" && (h.trim() === "*" || h.trim().toLowerCase() === "all")) prefix = "";
  else {
    try {
      prefix = htsDigits(h, "hts prefix");
    } catch (e) {
      throw cellError(rowNo, 0, e, 'use 4 to 10 digits such as "8505.11.00.70", or "*"');
    }
  }
  // origin
  let origins: ReadonlySet<string> | null;
  const o = row[1];
  if (isBlank(o)) throw cellError(rowNo, 1, valueError("is blank"), 'give a country ("CN", "China") or "*" for every origin');
  const ot = String(normalise(o, "origin")).trim();
  if (ot === "*" || ot.toLowerCase() === "all") origins = null;
  else {
    try {
      origins = new Set([countryCode(ot, "origin")]);
    } catch (e) {
      throw cellError(rowNo, 1, e, 'give an ISO code or country name, or "*"');
    }
  }
  // layer
  let layer: string;
  try {
    layer = toText(row[2], "layer");
  } catch (e) {
    throw cellError(rowNo, 2, e, `name a layer (${LAYER_ORDER.join(", ")}) or a new one`);
  }
  const key = layer.toLowerCase();
  layer = BUILTIN.get(key) ?? layer;
  // rate
  let rate: number;
  try {
    rate = toNumber(row[3], "rate");
  } catch (e) {
    throw cellError(rowNo, 3, e, 'give a fraction such as 0.25 or a percent text such as "25%"');
  }
  if (rate < 0) throw cellError(rowNo, 3, valueError(`${rate} is negative`), "a rate is 0 or more");
  if (rate > 10) throw cellError(rowNo, 3, valueError(`${rate} is above 1000%`), 'rates are fractions: 0.25 or "25%" for 25%');
  // from / to
  let from: number;
  let to: number;
  try {
    from = toDateSerial(row[4], "from", () => 1);
  } catch (e) {
    throw cellError(rowNo, 4, e, "give a date or leave it blank (open)");
  }
  try {
    to = toDateSerial(row[5], "to", () => MAX_SERIAL);
  } catch (e) {
    throw cellError(rowNo, 5, e, "give a date or leave it blank (open)");
  }
  if (from > to) throw cellError(rowNo, 5, valueError(`${isoFromSerial(to)} is before from ${isoFromSerial(from)}`), "the window is inclusive: from ≤ to");
  return {
    id: `override-${rowNo}`,
    layer,
    key,
    basis: `user override (row ${rowNo} of overrides)`,
    prefixes: [prefix],
    origins,
    rateMicro: Math.round(rate * 1_000_000),
    from,
    to,
    fromIso: from > 1 ? isoFromSerial(from) : null,
    toIso: to < MAX_SERIAL ? isoFromSerial(to) : null,
    status: "override",
    sources: [],
    overrideRow: rowNo,
  };
}

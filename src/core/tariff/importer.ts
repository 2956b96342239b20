/**
 * The importer dimension of the tariff functions: which importers the data
 * know (the US by default, then the partner importers of partner_tariffs.json),
 * the regime option ("in force" or "committed"), the override rows that apply
 * to one importer, and one entry point that resolves a stack for any importer.
 * Pure.
 */
import { perPack } from "../data/active";
import { TradeError, naError, valueError } from "../errors";
import { findCountry } from "../data/countries";
import { HtsLine, Importer, LayerRow, importerTable, partnerData, tariffData } from "../data/tariffs";
import { COMMITMENT_KEY, explainPartnerStack, lookupPartnerLine, notInPartnerTable, resolveHeadingStack, resolvePartnerStack } from "./partner";
import { BLANK_DATE_TEXT, NO_OVERRIDES, Overrides, Regime, Stack, explainStack, lookupLine, notInTable, resolveStack, userLine } from "./stack";

export const DEFAULT_IMPORTER = "US";

/** ISO alpha-2 codes of the importers with data, the US first. */
export function importerCodes(): string[] {
  return [...importerTable().keys()];
}

export function importerOf(iso2: string): Importer {
  const i = importerTable().get(iso2);
  if (!i) throw naError(`importer: ${iso2} has no tariff data; importers: ${importerCodes().join(", ")}`);
  return i;
}

const importerCacheOf = perPack(() => new Map<string, string | TradeError>());

/** Importer text ("CN", "CHN", "China"; blank = the US) → ISO alpha-2 of an importer with data. */
export function parseImporter(text: string | null): string {
  if (text === null) return DEFAULT_IMPORTER;
  const t = text.trim();
  if (t === "") return DEFAULT_IMPORTER;
  const importerCache = importerCacheOf();
  let hit = importerCache.get(t);
  if (hit === undefined) {
    const c = findCountry(t);
    if (!c) hit = naError(`importer: "${t.slice(0, 40)}" is not a known country; importers: ${importerCodes().join(", ")} (blank = US)`);
    else if (!importerTable().has(c.iso2)) hit = naError(`importer: ${c.name} (${c.iso2}) has no tariff data; importers: ${importerCodes().join(", ")} (blank = US)`);
    else hit = c.iso2;
    importerCache.set(t, hit);
  }
  if (typeof hit !== "string") throw hit;
  return hit;
}

const REGIMES: ReadonlyMap<string, Regime> = new Map([
  ["in force", "in force"],
  ["in_force", "in force"],
  ["inforce", "in force"],
  ["applied", "in force"],
  ["committed", "committed"],
  ["commitments", "committed"],
  ["as signed", "committed"],
  ["signed", "committed"],
]);

/** Regime text (blank = "in force") → Regime; #VALUE! naming the options otherwise. */
export function parseRegime(text: string | null): Regime {
  if (text === null) return "in force";
  const t = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (t === "") return "in force";
  const r = REGIMES.get(t);
  if (!r) throw valueError(`regime: "${text.slice(0, 40)}" is not a regime; use "in force" (default: what applies on the date) or "committed" (agreements' commitments as signed)`);
  return r;
}

/** Overrides restricted to one importer (rows for it and rows for every importer), cached on the overrides object. */
export interface ImporterOverrides {
  ov: Overrides;
  /** The user's "Commitment" rows for this importer (committed regime). */
  commitments: readonly LayerRow[];
}

const filtered = new WeakMap<Overrides, Map<string, ImporterOverrides>>();

export function overridesFor(ov: Overrides, iso2: string): ImporterOverrides {
  if (!ov.count) return { ov: NO_OVERRIDES, commitments: [] };
  let byImp = filtered.get(ov);
  if (!byImp) filtered.set(ov, (byImp = new Map()));
  let hit = byImp.get(iso2);
  if (hit) return hit;
  const byLayer = new Map<string, LayerRow[]>();
  const extra: string[] = [];
  const commitments: LayerRow[] = [];
  let count = 0;
  for (const [key, rows] of ov.byLayer) {
    for (const r of rows) {
      if (r.importer && r.importer !== iso2) continue;
      if (key === COMMITMENT_KEY) {
        commitments.push(r);
        continue;
      }
      if (!byLayer.has(key)) byLayer.set(key, []);
      byLayer.get(key)!.push(r);
      count++;
    }
  }
  for (const name of ov.extraLayers) if (byLayer.has(name.toLowerCase())) extra.push(name);
  hit = { ov: count ? { byLayer, extraLayers: extra, count } : NO_OVERRIDES, commitments };
  byImp.set(iso2, hit);
  return hit;
}

/** A code resolved for one importer: a line (built-in or user-defined), or through a heading's lines. */
export type Resolution = { line: HtsLine; code: string } | { heading: string; lines: readonly HtsLine[]; code: string };

/** The line(s) a digit string means for an importer, given the call's overrides; #N/A when none. */
export function resolveCode(importer: string, d: string, io: ImporterOverrides): Resolution {
  if (importer === DEFAULT_IMPORTER) {
    const found = lookupLine(d, tariffData());
    if (found) return found;
    const u = userLine(d, io.ov);
    if (u) return { line: u, code: d };
    throw notInTable(d);
  }
  const pd = partnerData(importer)!;
  const r = lookupPartnerLine(pd, d);
  if (r.kind === "line") return { line: r.line, code: r.code };
  if (r.kind === "heading") return { heading: r.heading, lines: r.lines, code: r.code };
  const u = userLine(d, io.ov) ?? (io.commitments.length ? userLine(d, { byLayer: new Map([[COMMITMENT_KEY, io.commitments]]), extraLayers: [], count: io.commitments.length }) : null);
  if (u) return { line: u, code: d };
  throw notInPartnerTable(pd, d);
}

/** The stack of a resolved code for an importer on a date (the US ignores the regime: no US commitments are in the data). */
export function stackOf(importer: string, res: Resolution, origin: string, date: number, io: ImporterOverrides, regime: Regime): Stack {
  if (importer === DEFAULT_IMPORTER) {
    const r = res as { line: HtsLine; code: string };
    return resolveStack(r.line, r.code, origin, date, io.ov);
  }
  const pd = partnerData(importer)!;
  if ("heading" in res) {
    return resolveHeadingStack(pd, res.lines, res.code, res.heading, (l) => resolvePartnerStack(pd, l, l.id, origin, date, io.ov, regime, io.commitments));
  }
  return resolvePartnerStack(pd, res.line, res.code, origin, date, io.ov, regime, io.commitments);
}

/** The explanation of any importer's stack. */
export function explainAny(s: Stack, originName: string): string {
  if (!s.importer || s.importer === DEFAULT_IMPORTER) return explainStack(s, originName);
  return explainPartnerStack(s, partnerData(s.importer)!, originName, BLANK_DATE_TEXT);
}

/** Every date on which some partner row starts or stops applying, and each partner importer's data start and horizon. */
export function partnerBoundaries(add: (w: { from: number; to: number }) => void): void {
  for (const iso of importerCodes()) {
    const pd = partnerData(iso);
    if (!pd) continue;
    const imp = pd.importer;
    if (imp.dataFrom !== null) add({ from: imp.dataFrom, to: imp.dataFrom - 1 });
    add({ from: imp.horizon + 1, to: imp.horizon });
    for (const rows of pd.rowsByLayer.values()) for (const r of rows) add(r);
    for (const r of pd.commitments) add(r);
  }
}

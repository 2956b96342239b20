/**
 * Supply shares and concentration by supply-chain stage, from the data pack:
 *  - mining: USGS Mineral Commodity Summaries mine production (production.json):
 *    country production / the edition's rounded world total (DERIVED, as in
 *    the IEA stage shares). Years USGS does not cover (e.g. IEA projections
 *    for 2030) and IEA editions fall back to the stage-shares dataset.
 *  - refining (separation/refining) and magnets (sintered-magnet making): the
 *    stage-shares dataset (stage_shares.json), IEA figures from press summaries
 *    (status confirmed-2nd: secondary, to be re-checked against the IEA texts).
 *
 * CONCENTRATION is the HHI (0–10,000) of the country shares of one stage, year
 * and edition. USGS's "Other countries" row is an aggregate of small producers and
 * is left out; where the dataset lists only some countries (IEA stages) the HHI
 * is a LOWER BOUND: the unlisted share could add at most (100 − Σ listed %)².
 *
 * Pure: no DOM, no Office. Results are memoised per (stage, year, matched edition);
 * the record lookups use indexes built once.
 */
import { naError, valueError } from "../errors";
import { clip, isBlank, isBlankOrZero, normalise, toNumber } from "../input";
import { toCountry } from "../country";
import type { Status } from "../data/pack";
import { matchEdition } from "../data/pack";
import { allProductionRecords, getProduction, productionEditions, productionShare } from "../data/production";
import { allStageShareRecords, Stage, stageEditions, stageShareRecords, StageShareRecord } from "../data/stages";
import { pick } from "../data/select";
import { perPack } from "../data/active";
import { ParamDecl, elementwise } from "../signature";

const STAGE_ALIASES: ReadonlyMap<string, Stage> = new Map(Object.entries({
  mining: "mining",
  mine: "mining",
  mine_production: "mining",
  extraction: "mining",
  refining: "refining",
  separation: "refining",
  separation_refining: "refining",
  "separation/refining": "refining",
  processing: "refining",
  magnets: "magnets",
  magnet: "magnets",
  magnet_making: "magnets",
  magnet_manufacturing: "magnets",
} as Record<string, Stage>));

const STAGE_HELP = '"mining", "refining" (separation/refining) or "magnets"';

/**
 * A stage argument. `dflt` is for an optional stage (SUPPLY_SHARE): blank, or
 * desktop Excel's 0 for an empty cell, gives it. Without `dflt` the stage is the
 * required row input (CONCENTRATION) and a blank or 0 is #VALUE! "is blank"
 * (whole blank rows never get here: the broadcast layer gives them "").
 */
export function toStage(raw: unknown, arg = "stage", dflt?: Stage): Stage {
  if (isBlankOrZero(raw)) {
    if (dflt !== undefined) return dflt;
    throw valueError(`${arg} is blank; use ${STAGE_HELP}`);
  }
  const v = normalise(raw, arg);
  const key = String(v).trim().toLowerCase().replace(/[\s-]+/g, "_");
  const s = STAGE_ALIASES.get(key);
  if (!s) throw valueError(`${arg}: unknown stage "${clip(String(v))}"; use ${STAGE_HELP}${dflt !== undefined ? ` (default "${dflt}")` : ""}`);
  return s;
}

function toYear(raw: unknown, arg = "year"): number | undefined {
  if (isBlank(raw) || raw === 0) return undefined;
  const y = toNumber(raw, arg);
  if (!Number.isInteger(y) || y < 1900 || y > 2200) throw valueError(`${arg}: expected a year such as 2024, got ${y}`);
  return y;
}

function toEdition(raw: unknown, arg = "edition"): string | undefined {
  const v = normalise(raw, arg);
  if (v === null || v === 0) return undefined;
  return clip(String(v));
}

/** Figures with provenance, for the EXPLAIN twins. */
export interface ShareResult {
  value: number;
  country: string;
  stage: Stage;
  year: number | null;
  edition: string;
  status: Status;
  sources: readonly string[];
  approximate?: boolean;
  projection?: boolean;
  basis: "usgs" | "stage_shares";
}

const usgsEditionNames = perPack((): string[] => productionEditions().map((e) => e.edition));
const stageEditionNames = perPack((): string[] => stageEditions().map((e) => e.edition));

/** Does `edition` name a USGS edition ("MCS 2025", "2025"...)? undefined → yes (the default basis for mining). */
function isUsgsEdition(edition: string | undefined): boolean {
  if (edition === undefined) return true;
  try {
    matchEdition(edition, usgsEditionNames());
    return true;
  } catch {
    return false;
  }
}

// Indexes built once per data pack: no scan of the records per call.
const NO_RECORDS: readonly StageShareRecord[] = [];
const byStageOf = perPack(() => {
  const byStage = new Map<Stage, StageShareRecord[]>();
  for (const r of allStageShareRecords()) {
    const list = byStage.get(r.stage);
    if (list) list.push(r);
    else byStage.set(r.stage, [r]);
  }
  return byStage;
});
const stageEditionsAvailableOf = perPack(() => new Map<Stage, string[]>());

function stageRecords(stage: Stage): readonly StageShareRecord[] {
  return byStageOf().get(stage) ?? NO_RECORDS;
}

/** The editions a stage's records come from, oldest → newest (the list pick() matches an edition against). */
function editionsOfStage(stage: Stage): readonly string[] {
  const stageEditionsAvailable = stageEditionsAvailableOf();
  let list = stageEditionsAvailable.get(stage);
  if (!list) {
    const order = stageEditionNames();
    list = [...new Set(stageRecords(stage).map((r) => r.edition))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    stageEditionsAvailable.set(stage, list);
  }
  return list;
}

/** The data years any USGS edition covers. */
const usgsYearsCovered = perPack((): Set<number> => new Set(productionEditions().flatMap((e) => e.data_years ?? [])));

function stageResult(r: StageShareRecord, name: string): ShareResult {
  if (typeof r.value !== "number") throw naError(`${r.stage} share of ${name}: ${r.edition} ${r.year} has no number`);
  return {
    value: r.value,
    country: name,
    stage: r.stage,
    year: r.year,
    edition: r.edition,
    status: r.status,
    sources: r.sources,
    approximate: r.approximate,
    projection: r.projection,
    basis: "stage_shares",
  };
}

/** The share (fraction) of world supply at a stage for one country. */
export function supplyShare(countryRaw: unknown, stageRaw?: unknown, yearRaw?: unknown, editionRaw?: unknown): ShareResult {
  const c = toCountry(countryRaw, "country");
  const stage = toStage(stageRaw ?? null, "stage", "mining");
  const year = toYear(yearRaw ?? null);
  const edition = toEdition(editionRaw ?? null);
  if (stage === "mining" && isUsgsEdition(edition)) {
    if (year === undefined || usgsYearsCovered().has(year) || edition !== undefined) {
      let share;
      try {
        share = productionShare(c.iso2, year, edition);
      } catch (e) {
        // A country USGS does not list separately sits in "Other countries".
        if (getProductionSafe(c.iso2) === null) {
          throw naError(`${c.name}: USGS does not list its mine production separately (it is part of "Other countries"), so there is no share`);
        }
        throw e;
      }
      return {
        value: share.value,
        country: c.name,
        stage,
        year: share.record.year,
        edition: share.record.edition,
        status: "derived",
        sources: [...new Set([...share.record.sources, ...share.world.sources])],
        basis: "usgs",
      };
    }
  }
  const recs = stageShareRecords(stage, c.iso2);
  if (recs.length === 0) {
    throw naError(`${stage} share of ${c.name}: not in the stage-shares dataset (it lists ${listedCountries(stage)} for ${stage})`);
  }
  return stageResult(pick(recs, stageEditionNames(), { year, edition }, `${stage} share of ${c.name}`), c.name);
}

function getProductionSafe(iso2: string): number | null {
  try {
    return getProduction(iso2).value ?? 0;
  } catch {
    return null;
  }
}

function listedCountries(stage: Stage): string {
  return [...new Set(stageRecords(stage).map((r) => r.country))].join(", ") || "no country";
}

export interface ConcentrationResult {
  hhi: number;
  stage: Stage;
  year: number | null;
  edition: string;
  /** Sum of the listed shares (fraction). */
  covered: number;
  /** True when the listed shares do not cover (almost) the whole world: the HHI is a lower bound. */
  lowerBound: boolean;
  /** Largest possible HHI if the unlisted share were one country. */
  upperBound: number;
  countries: number;
  status: Status;
  basis: "usgs" | "stage_shares";
}

const memoOf = perPack(() => new Map<string, ConcentrationResult>());

/**
 * The edition as computeConcentration will read it ("usgs:MCS 2025", "stage:IEA GCMO 2024", ""
 * for the default), so "2025", "mcs 2025" and "MCS 2025" share one memo entry; null when the
 * text matches no edition (computeConcentration then throws the #N/A naming the editions).
 */
function editionKey(stage: Stage, edition: string | undefined): string | null {
  if (edition === undefined) return "";
  try {
    if (stage === "mining" && isUsgsEdition(edition)) return `usgs:${matchEdition(edition, usgsEditionNames())}`;
    return `stage:${matchEdition(edition, editionsOfStage(stage))}`;
  } catch {
    return null;
  }
}

/** The HHI of a stage's country shares (memoised on stage, year and the matched edition name). */
export function concentration(stageRaw: unknown, yearRaw?: unknown, editionRaw?: unknown): ConcentrationResult {
  const stage = toStage(stageRaw);
  const year = toYear(yearRaw ?? null);
  const edition = toEdition(editionRaw ?? null);
  const ed = editionKey(stage, edition);
  if (ed === null) return computeConcentration(stage, year, edition);
  const key = `${stage}|${year ?? ""}|${ed}`;
  const memo = memoOf();
  const hit = memo.get(key);
  if (hit) return hit;
  const res = computeConcentration(stage, year, edition);
  memo.set(key, res);
  return res;
}

function computeConcentration(stage: Stage, year: number | undefined, edition: string | undefined): ConcentrationResult {
  if (stage === "mining" && isUsgsEdition(edition)) {
    if (year === undefined || usgsYearsCovered().has(year) || edition !== undefined) {
      const world = getProduction("WORLD", year, edition);
      if (typeof world.value !== "number" || world.value <= 0) throw naError(`world mine production ${world.edition} ${world.year}: no number`);
      const rows = allProductionRecords().filter(
        (r) => r.measure === "production" && r.edition === world.edition && r.year === world.year && r.country !== "WORLD" && r.country !== "OTHER",
      );
      const shares = rows.map((r) => (typeof r.value === "number" ? r.value / world.value! : 0));
      return summarise(shares, stage, world.year, world.edition, "derived", "usgs", 0.01);
    }
  }
  const recs = stageRecords(stage);
  if (recs.length === 0) throw naError(`${stage}: no stage shares in the data pack`);
  const anchor = pick(recs, stageEditionNames(), { year, edition }, `${stage} shares`);
  const group = recs.filter((r) => r.edition === anchor.edition && r.year === anchor.year);
  const shares = group.map((r) => (typeof r.value === "number" ? r.value : 0));
  const status: Status = group.some((r) => r.status === "unconfirmed") ? "unconfirmed" : anchor.status;
  return summarise(shares, stage, anchor.year, anchor.edition, status, "stage_shares", 0.01);
}

function summarise(
  shares: number[],
  stage: Stage,
  year: number | null,
  edition: string,
  status: Status,
  basis: "usgs" | "stage_shares",
  tolerance: number,
): ConcentrationResult {
  let covered = 0;
  let hhi = 0;
  for (const s of shares) {
    covered += s;
    hhi += s * 100 * (s * 100);
  }
  const rest = Math.max(0, 1 - covered);
  return {
    hhi,
    stage,
    year,
    edition,
    covered,
    lowerBound: rest > tolerance,
    upperBound: hhi + rest * 100 * (rest * 100),
    countries: shares.length,
    status,
    basis,
  };
}

const STAGE_TEXT: Readonly<Record<Stage, string>> = {
  mining: "world mine production",
  refining: "separation/refining",
  magnets: "sintered-magnet making",
};

function pct(x: number): string {
  return `${+(x * 100).toPrecision(4)}%`;
}

function statusText(s: Status): string {
  switch (s) {
    case "confirmed-2nd":
      return "secondary (confirmed only in a press summary; re-check against the IEA text)";
    case "derived":
      return "derived by the add-in from confirmed figures";
    case "unconfirmed":
      return "UNCONFIRMED";
    default:
      return s;
  }
}

export function supplyShareExplain(countryRaw: unknown, stageRaw?: unknown, yearRaw?: unknown, editionRaw?: unknown): string {
  const r = supplyShare(countryRaw, stageRaw, yearRaw, editionRaw);
  const flags = [r.approximate ? "approximate" : "", r.projection ? "projection" : ""].filter(Boolean).join(", ");
  const how = r.basis === "usgs" ? "country mine production / rounded world total" : "stage-shares dataset";
  return `${r.country}: ${pct(r.value)} of ${STAGE_TEXT[r.stage]} in ${r.year ?? "n/a"}${flags ? ` (${flags})` : ""}; ${r.edition}, ${how}; status: ${statusText(r.status)}; sources ${r.sources.join(", ")}.`;
}

export function concentrationExplain(stageRaw: unknown, yearRaw?: unknown, editionRaw?: unknown): string {
  const r = concentration(stageRaw, yearRaw, editionRaw);
  const h = Math.round(r.hhi);
  const bound = r.lowerBound
    ? ` The listed shares cover ${pct(r.covered)}, so this is a lower bound (at most ${Math.round(r.upperBound)} if the rest were one country).`
    : r.basis === "usgs"
      ? ` USGS "Other countries" (small producers) left out.`
      : "";
  return `HHI ${h} for ${STAGE_TEXT[r.stage]} in ${r.year ?? "n/a"} from ${r.countries} listed ${r.countries === 1 ? "country" : "countries"} (${r.edition}); status: ${statusText(r.status)}.${bound}`;
}

// zeroIsBlank: desktop Excel passes 0 for an empty cell, and 0 is never a country, a stage, a year
// or an edition, so whole-column references give "" on empty rows.
const YEAR_PARAM: ParamDecl = { name: "year", type: "number", optional: true, zeroIsBlank: true };
const EDITION_PARAM: ParamDecl = { name: "edition", type: "text", optional: true, zeroIsBlank: true };
const SHARE_PARAMS: readonly ParamDecl[] = [
  { name: "country", type: "country", required: true, zeroIsBlank: true },
  { name: "stage", type: "option", optional: true, default: "mining", options: ["mining", "refining", "magnets"], zeroIsBlank: true },
  YEAR_PARAM,
  EDITION_PARAM,
];
const CONC_PARAMS: readonly ParamDecl[] = [
  { name: "stage", type: "option", required: true, options: ["mining", "refining", "magnets"], zeroIsBlank: true },
  YEAR_PARAM,
  EDITION_PARAM,
];

/** The declarations of SUPPLY_SHARE, CONCENTRATION and their _EXPLAIN twins. */
export const supplyFunctions = {
  SUPPLY_SHARE: elementwise("SUPPLY_SHARE", SHARE_PARAMS, (v) => supplyShare(v[0], v[1], v[2], v[3]).value),
  SUPPLY_SHARE_EXPLAIN: elementwise("SUPPLY_SHARE_EXPLAIN", SHARE_PARAMS, (v) => supplyShareExplain(v[0], v[1], v[2], v[3])),
  CONCENTRATION: elementwise("CONCENTRATION", CONC_PARAMS, (v) => concentration(v[0], v[1], v[2]).hhi),
  CONCENTRATION_EXPLAIN: elementwise("CONCENTRATION_EXPLAIN", CONC_PARAMS, (v) => concentrationExplain(v[0], v[1], v[2])),
};

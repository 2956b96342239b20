/**
 * US rare-earth trade (src/data/us_imports.json): import sources by partner,
 * net import reliance and salient statistics, with editions.
 */
import { dataset, perPack } from "./active";
import type { UsImportsDoc } from "./schemas.generated";
import { pick } from "./select";

/** A record; `material` is "RE" (rare-earth compounds and metals), "RE_CONC", "HREE", "Tb", "Y", "Sc", ... */
export type UsImportRecord = UsImportsDoc["records"][number];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = perPack(() => {
  const raw = dataset<UsImportsDoc>("us_imports");
  return { ...raw, materials: raw.materials ?? [], measures: raw.measures ?? [], notes: raw.notes ?? [] };
});
/** MCS editions oldest → newest. */
const EDITIONS = ["MCS 2024", "MCS 2025", "MCS 2026"];

function key(measure: string, material: string, partner?: string): string {
  return `${measure}|${material}|${partner ?? ""}`;
}

const index = perPack(() => {
  const idx = new Map<string, UsImportRecord[]>();
  for (const r of doc().records) {
    // import shares are keyed by the last year of their period
    const rec = r.measure === "import_share" ? { ...r, year: r.period_to } : r;
    const k = key(r.measure, r.material, r.partner);
    let list = idx.get(k);
    if (!list) idx.set(k, (list = []));
    list.push(rec);
  }
  return idx;
});

export function usImportRecords(measure: string, material: string, partner?: string): readonly UsImportRecord[] {
  return index().get(key(measure, material, partner)) ?? [];
}

export function usImportMaterials(): readonly { code: string; name: string }[] {
  return doc().materials;
}

export function usImportMeasures(): readonly { measure: string; unit: string; description: string }[] {
  return doc().measures;
}

export function usImportNotes(): readonly string[] {
  return doc().notes;
}

export function allUsImportRecords(): readonly UsImportRecord[] {
  return doc().records;
}

/** Share (fraction) of US imports of `material` from `partner` for the period ending in `year`. */
export function usImportShare(partner: string, material = "RE", year?: number, edition?: string): UsImportRecord {
  return pick(
    usImportRecords("import_share", material, partner),
    EDITIONS,
    { year, edition },
    `US import share of ${material} from ${partner}`,
  );
}

/** Net import reliance (fraction of apparent consumption) of a material in a year. */
export function netImportReliance(material = "RE", year?: number, edition?: string): UsImportRecord {
  return pick(usImportRecords("net_import_reliance", material), EDITIONS, { year, edition }, `US net import reliance for ${material}`);
}

/** A salient statistic (e.g. "imports_compounds") of the US in a year. */
export function usSalient(measure: string, year?: number, edition?: string): UsImportRecord {
  return pick(usImportRecords(measure, "RE"), EDITIONS, { year, edition }, `US ${measure}`);
}

/** Import sources of a material as text ("Germany 51%, China 40%, ...") for the newest edition. */
const sourcesOfCache = perPack(() => new Map<string, UsImportRecord[]>());
export function usImportSourcesOf(material: string): UsImportRecord[] {
  let cached = sourcesOfCache().get(material);
  if (cached) return cached;
  const out = doc().records.filter((r) => r.measure === "import_share" && r.material === material);
  if (out.length === 0) cached = [];
  else {
    const newest = out.reduce((a, r) => (EDITIONS.indexOf(r.edition) > EDITIONS.indexOf(a.edition) ? r : a)).edition;
    cached = out.filter((r) => r.edition === newest).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  }
  sourcesOfCache().set(material, cached);
  return cached;
}

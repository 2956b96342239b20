/**
 * REF kind "hts": US HTS lines (src/data/hts_us.json), their MFN rates and
 * descriptions; the additional duties are TRADE.TARIFF_RATE's (../../tariff).
 * Pure: no DOM, no Office.
 */
import { naError } from "../../errors";
import { MICRO, tariffData } from "../../data/tariffs";
import type { HtsLine } from "../../data/tariffs";
import type { Entity, EntityKind, FieldDef, Figure } from "../types";

const HTS_FIELDS: readonly FieldDef[] = [
  { field: "description", description: "HTSUS description of the line", unit: "text", time: "none" },
  { field: "mfn_rate", description: "Column 1 general (MFN) ad valorem rate as a fraction (0 = Free); additional duties are in TRADE.TARIFF_RATE", unit: "fraction", time: "none" },
  { field: "mfn_text", description: "Column 1 general rate as printed in the HTSUS (\"2.1%\", \"Free\")", unit: "text", time: "none" },
  { field: "hts", description: "The dotted HTS number", unit: "text", time: "none" },
  { field: "level", description: "8 = rate line, 10 = statistical reporting number", unit: "digits", time: "none" },
];

function entityOf(l: HtsLine): Entity {
  return { kind: "hts", id: l.id, label: `${l.hts} ${l.description}`, aliases: [l.hts] };
}

export const htsKind: EntityKind = {
  kind: "hts",
  label: "US HTS lines",
  find(text: string) {
    const t = text.replace(/^hts\s*/i, "").trim();
    if (!/^[0-9.\s]+$/.test(t)) return undefined;
    const d = t.replace(/[.\s]/g, "");
    const l = tariffData().lines.get(d);
    if (!l) return undefined;
    return { entity: entityOf(l), score: t === l.hts ? 3 : 2 };
  },
  all: () => [...tariffData().lines.values()].map(entityOf),
  fields: () => HTS_FIELDS,
  get(entity: Entity, field: string): Figure {
    const l = tariffData().lines.get(entity.id);
    if (!l) throw naError(`hts: ${entity.id} is not in the data pack`);
    const base = { sources: l.sources, status: l.status, note: l.note };
    switch (field) {
      case "description":
        return { ...base, value: l.description };
      case "mfn_rate":
        return { ...base, value: l.mfnMicro / MICRO };
      case "mfn_text":
        return { ...base, value: l.mfnText };
      case "hts":
        return { ...base, value: l.hts };
      case "level":
        return { ...base, value: l.level };
      default:
        throw naError(`field: "${field}" is not a field of an HTS line; fields: ${HTS_FIELDS.map((f) => f.field).join(", ")}`);
    }
  },
  names: () => [...tariffData().lines.values()].map((l) => l.hts),
};

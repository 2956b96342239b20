/**
 * REF kind "hs": HS 2022 six-digit lines relevant to rare earths.
 * Pure: no DOM, no Office.
 */
import { naError } from "../../errors";
import { allHsLines, findHs } from "../../data/hs";
import type { EntityKind, FieldDef } from "../types";
import { sourceFigure, text, unknown } from "./shared";

export const hsKind: EntityKind = {
  kind: "hs",
  label: "HS 2022 lines",
  find(t) {
    const hit = findHs(t);
    if (!hit) return undefined;
    return { entity: { kind: "hs", id: hit.line.code, label: `HS ${hit.line.code}` }, score: hit.exact ? 3 : 1 };
  },
  all: () => allHsLines().map((l) => ({ kind: "hs", id: l.code, label: `HS ${l.code}` })),
  fields: (e) => {
    const l = findHs(e.id)!.line;
    const out: FieldDef[] = [
      { field: "code", description: "HS 2022 six-digit code", unit: "text", time: "none" },
      { field: "description", description: "Description (UN Comtrade HS 2022 text)", unit: "text", time: "none" },
    ];
    if (l.wco_text) out.push({ field: "wco_text", description: "WCO legal wording, where confirmed", unit: "text", time: "none" });
    out.push({ field: "relevance", description: "Rare-earth goods classified here", unit: "text", time: "none" });
    out.push({ field: "status", description: "Confirmation status of the line", unit: "text", time: "none" });
    out.push({ field: "source", description: "Sources of the line", unit: "text", time: "none" });
    return out;
  },
  get(e, f) {
    const l = findHs(e.id)!.line;
    const meta = { status: l.status, note: l.note };
    switch (f) {
      case "code":
        return text(l.code, l.sources, meta);
      case "description":
        return text(l.description, l.sources, meta);
      case "wco_text":
        if (l.wco_text) return text(l.wco_text, l.sources, meta);
        throw naError(`wco_text: the WCO legal wording of HS ${l.code} was not confirmed`);
      case "relevance":
        return text(l.relevance, l.sources, meta);
      case "status":
        return text(l.status, l.sources, meta);
      case "source":
        return sourceFigure(l.sources);
    }
    throw unknown(f);
  },
  names: () => allHsLines().map((l) => l.code),
};

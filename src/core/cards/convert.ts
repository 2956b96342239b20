/**
 * "Convert to cards" in the task pane, the pure half: what each selected cell's
 * text names (resolved the way TRADE.REF resolves it), which cells are
 * ambiguous (the text names entities of several kinds, e.g. "Er": erbium or
 * Eritrea) and the TRADE.CARD formula each resolved cell gets. The Office half
 * (reading the selection, writing next to it without overwriting) is in
 * src/office/cards.ts.
 */
import { Entity, resolveEntities } from "../data";
import { canonicalId } from "./build";

export interface CardCandidate {
  kind: string;
  id: string;
  label: string;
  /** The code the formula uses ("Dy", "country:ER"...). */
  code: string;
}

export type CellResolution =
  | { status: "blank" }
  | { status: "unknown"; text: string }
  | { status: "resolved"; text: string; choice: CardCandidate; formula: string }
  | { status: "ambiguous"; text: string; candidates: CardCandidate[] };

const candidate = (e: Entity): CardCandidate => ({ kind: e.kind, id: e.id, label: e.label, code: canonicalId(e) });

/** `=TRADE.CARD("<code>")`, with the code quoted as an Excel string literal. */
export function cardFormula(code: string, asOfCell?: string): string {
  const lit = `"${code.replace(/"/g, '""')}"`;
  return asOfCell ? `=TRADE.CARD(${lit},${asOfCell})` : `=TRADE.CARD(${lit})`;
}

/**
 * What a cell's value names. Numbers are read as codes ("850511" typed as a number).
 * Several candidates of the same best kind resolution are ambiguous unless the
 * text is an exact code of exactly one of them (as "Dy" is).
 */
export function resolveCell(raw: unknown): CellResolution {
  if (raw === null || raw === undefined) return { status: "blank" };
  if (typeof raw !== "string" && typeof raw !== "number") return { status: "unknown", text: String(raw) };
  const t = String(raw).trim();
  if (t === "") return { status: "blank" };
  const cands = resolveEntities(t);
  if (cands.length === 0) return { status: "unknown", text: t };
  const exact = cands.filter((e) => e.id === t || (e.kind === "hts" && e.aliases?.[0] === t));
  if (cands.length === 1 || exact.length === 1) {
    const c = candidate(exact.length === 1 ? exact[0] : cands[0]);
    return { status: "resolved", text: t, choice: c, formula: cardFormula(c.code) };
  }
  return { status: "ambiguous", text: t, candidates: cands.map(candidate) };
}

/** Resolves a block of cells (rows of columns), e.g. a selection's values. */
export function resolveCells(values: readonly (readonly unknown[])[]): CellResolution[][] {
  return values.map((row) => row.map(resolveCell));
}

/**
 * HS 2022 six-digit lines relevant to rare earths (src/data/hs.json). Codes with
 * or without dots, as text or number; a longer code (an HTS line) falls back to
 * its six-digit HS line.
 */
import { dataset, perPack } from "./active";
import type { HsDoc } from "./schemas.generated";

export type HsLine = HsDoc["records"][number];

// The document's shape is its schema's: the build, the tests and the add-in check every pack against it.
const doc = () => dataset<HsDoc>("hs");

const index = perPack(() => {
  const byCode = new Map<string, HsLine>();
  for (const r of doc().records) byCode.set(r.code, r);
  return byCode;
});

/** Digits of a code typed as "8505.11", "850511", 850511 or "8505 11"; null if it is not a 6–10 digit code. */
export function hsDigits(text: string): string | null {
  const t = text.trim().replace(/[.\s-]/g, "");
  return /^\d{6,10}$/.test(t) ? t : null;
}

/** The HS line for a code: exact six digits, or the six-digit prefix of a longer (HTS) code (`exact` false). */
export function findHs(text: string): { line: HsLine; exact: boolean } | undefined {
  const d = hsDigits(text);
  if (!d) return undefined;
  const line = index().get(d.slice(0, 6));
  return line ? { line, exact: d.length === 6 } : undefined;
}

export function allHsLines(): readonly HsLine[] {
  return doc().records;
}

export function hsNomenclature(): string {
  return doc().nomenclature ?? "HS 2022";
}

/**
 * Origins: ISO codes or names via the pack's countries ("CN", "CHN", "China",
 * "PRC", "People's Republic of China"). Hong Kong, Macao and Taiwan are separate
 * entries and never China for origin. Plus the per-call text cache the BOM
 * roll-ups use for item and origin texts.
 */
import { naError, TradeError } from "../errors";
import { findCountry } from "../data/countries";

/** ISO alpha-2 of a country text, or #N/A naming `where`. */
export function originCode(text: string, where: string): string {
  const c = findCountry(text);
  if (!c) throw naError(`${where}: unknown country "${text}"; use an ISO code ("CN", "MY") or a name ("China", "Malaysia")`);
  return c.iso2;
}

/**
 * Resolves each distinct text of a range once per call (a 100,000-line BOM has a
 * handful of distinct items and origins). `hits` is exposed for hot loops: a
 * value of type T is a resolved text, a TradeError a text that failed.
 */
export class TextResolver<T> {
  readonly hits = new Map<string, T | TradeError>();
  constructor(
    private readonly arg: string,
    private readonly resolve: (text: string, where: string) => T,
  ) {}
  /** The resolved value, or throws the error naming the line (1-based). */
  get(text: string, line: number): T {
    let v = this.hits.get(text);
    if (v === undefined) {
      try {
        v = this.resolve(text.trim(), this.arg);
      } catch (e) {
        v = e instanceof TradeError ? e : new TradeError("VALUE", String(e));
      }
      this.hits.set(text, v);
    }
    if (v instanceof TradeError) throw new TradeError(v.kind, v.message.replace(this.arg, `${this.arg} (line ${line})`));
    return v;
  }
}

/**
 * The search results list, written with plain DOM calls (no React): the status line's text and
 * the groups of result rows. Two callers write it: the pane's search view on every keystroke, and
 * the static shell's search (shellSearch.ts), which answers a query typed before the pane's
 * scripts have run. Both write the same markup from the same results, so when the pane replaces
 * the shell, the list it writes looks exactly like the one it replaces.
 */
import { DID_YOU_MEAN, type SearchGroup, type SearchHit, type SearchResult } from "./model/search";

/**
 * Rows shown per group before "+N more": four keeps a broad one- or two-letter query (ten kinds
 * match) to about 40 rows, several screens of a 320-px pane (a keystroke writes only those that
 * can be on screen at once; see firstScreenRows).
 */
export const ROWS_PER_GROUP = 4;

/** What the data covers, for a query about something it does not. */
export const SCOPE_TEXT =
  "The data covers the 17 rare-earth elements and their priced products, 249 countries and territories, the HS/HTS lines of the rare-earth chain, China's export controls and the US and partner-country tariff measures.";

/** The status line under the box: what the list shows, or why it is empty, and any word that is not in the data. */
export function statusText(ready: boolean, query: string, result: SearchResult): string {
  if (!ready) return "Preparing the search index…";
  if (query.trim() === "") return "Type to search, or start from one of these.";
  const { groups, unknown, partial } = result;
  const quote = (ws: readonly string[]) => ws.map((w) => `“${w}”`).join(", ");
  const notIn = unknown.length ? `${quote(unknown)} ${unknown.length === 1 ? "is" : "are"} not in the data.` : "";
  const exact = groups.filter((g) => g.kind !== DID_YOU_MEAN);
  const total = exact.reduce((n, g) => n + g.hits.length + g.more, 0);
  const dym = groups.find((g) => g.kind === DID_YOU_MEAN);
  if (total === 0 && !dym) return notIn ? `${notIn} ${SCOPE_TEXT}` : `No match for “${query.trim()}”.`;
  const parts: string[] = [];
  if (notIn) parts.push(notIn);
  if (total)
    parts.push(
      `${total} result${total === 1 ? "" : "s"} in ${exact.length} group${exact.length === 1 ? "" : "s"}${partial ? ", none with every word: the closest first, each with the words it matches" : ""}.`,
    );
  else parts.push("No exact match.");
  if (dym) parts.push(`Did you mean: ${dym.hits.length + dym.more} spelling neighbour${dym.hits.length + dym.more === 1 ? "" : "s"}.`);
  return parts.join(" ");
}

/** A row's hint: for a partial hit, the words it matches first; for a spelling neighbour, its kind. */
export function hintOf(hit: SearchHit, groupKind: string): string {
  const base = hit.item.hint ?? "";
  if (groupKind === DID_YOU_MEAN) return `${hit.item.kindLabel}${base ? ` · ${base}` : ""}`;
  if (hit.matched) return `Matches ${hit.matched.join(", ")}${base ? ` · ${base}` : ""}`;
  return base;
}

/** A new element with its class, appended to `parent` when given. */
function el<K extends keyof HTMLElementTagNameMap>(parent: Element | null, tag: K, className: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  parent?.appendChild(e);
  return e;
}

/** A new, empty text node appended to `parent` (its data is rewritten in place later). */
function textNode(parent: Element): Text {
  return parent.appendChild(document.createTextNode(""));
}

/** Sets an attribute only when it changes (or removes it for undefined): no needless mutations. */
export function attr(e: Element, name: string, value: string | undefined): void {
  if (value === undefined) {
    if (e.hasAttribute(name)) e.removeAttribute(name);
  } else if (e.getAttribute(name) !== value) e.setAttribute(name, value);
}

/** Rewrites an element's text in place (its one text node's data) when it changes. */
export function text(e: Element, value: string): void {
  const t = e.firstChild;
  if (t && t === e.lastChild && t.nodeType === Node.TEXT_NODE) {
    if ((t as Text).data !== value) (t as Text).data = value;
  } else e.textContent = value;
}

/** Sets or removes (undefined) an attribute. */
function setAttr(e: Element, name: string, value: string | undefined): void {
  if (value === undefined) e.removeAttribute(name);
  else e.setAttribute(name, value);
}

/** What an insert button next to a result inserts, by the result's key. */
function insertWhat(key: string): string | undefined {
  if (key.startsWith("entity:")) return "its headline figure as a formula";
  if (key.startsWith("partner:") && key.split(":").length === 3) return "its duty rate on goods from the US as a formula";
  if (key.startsWith("stage:")) return "China's share as a formula";
  if (key.startsWith("dataset:")) return "as a table";
  if (key.startsWith("function:")) return "its first example";
  return undefined;
}

/** A result row and what it shows now (`key` null: retired, kept hidden for reuse). */
interface RowView {
  li: HTMLLIElement;
  open: HTMLButtonElement;
  label: Text;
  hint: Text;
  ins: HTMLButtonElement;
  key: string | null;
  /** The hint it shows (a partial hit's matched words vary for the same item between queries). */
  hintText: string;
  /** What its insert button inserts (undefined: no insert button), and the state it was written in. */
  what: string | undefined;
  canInsert: boolean | undefined;
  off: boolean | undefined;
  hidden: boolean;
}

/** A group's section and what it shows now (`kind` null: retired). */
interface SectionView {
  sec: HTMLElement;
  heading: HTMLHeadingElement;
  ul: HTMLUListElement;
  more: HTMLButtonElement;
  kind: string | null;
  label: string;
  /** What "+N more" says: "" hidden and unmarked, "cut" hidden for now (see renderGroups), else kind, count and label. */
  moreSays: string;
  hidden: boolean;
  rows: RowView[];
}

/**
 * What each results list shows, kept beside the DOM so that a keystroke compares against plain
 * objects instead of reading attributes and text back from the DOM (each read crosses into the
 * browser and most allocate a string), and writes only what differs.
 */
const listViews = new WeakMap<HTMLElement, SectionView[]>();

function newSection(list: HTMLElement): SectionView {
  const sec = el(null, "section", "rg");
  const heading = el(sec, "h2", "rg-h");
  const ul = el(sec, "ul", "rg-list");
  const more = el(sec, "button", "rg-more");
  more.type = "button";
  list.appendChild(sec);
  more.hidden = true;
  return { sec, heading, ul, more, kind: null, label: "", moreSays: "", hidden: false, rows: [] };
}

function newRow(ul: HTMLUListElement): RowView {
  const li = el(null, "li", "rr");
  const open = el(li, "button", "rr-open");
  open.type = "button";
  const label = textNode(el(open, "span", "rr-label"));
  const hint = textNode(el(open, "span", "rr-hint"));
  const ins = el(li, "button", "rr-ins");
  ins.type = "button";
  ins.setAttribute("data-insert", "1");
  ins.textContent = "+";
  ul.appendChild(li);
  ins.hidden = true;
  return { li, open, label, hint, ins, key: null, hintText: "", what: undefined, canInsert: undefined, off: undefined, hidden: false };
}

/** Shows or hides a row's or section's element when that changes. */
function showView(v: { hidden: boolean }, e: HTMLElement, visible: boolean): void {
  if (v.hidden === visible) {
    v.hidden = !visible;
    e.hidden = !visible;
  }
}

function writeRow(r: RowView, hit: SearchHit, groupKind: string, canInsert: boolean, off: boolean): void {
  const item = hit.item;
  showView(r, r.li, true);
  const hint = hintOf(hit, groupKind);
  if (hint !== r.hintText) {
    r.hint.data = hint;
    r.hintText = hint;
  }
  if (r.key === item.key && r.canInsert === canInsert && r.off === off) return;
  const ins = r.ins;
  if (r.key !== item.key) {
    r.open.setAttribute("data-result", item.key);
    if (r.label.data !== item.label) r.label.data = item.label;
  }
  const what = insertWhat(item.key);
  if (what !== r.what) ins.hidden = what === undefined;
  if (what === undefined) {
    if (r.key !== null && r.what !== undefined) ins.removeAttribute("data-quick");
  } else {
    if (r.key !== item.key) ins.setAttribute("data-quick", item.key);
    // In Excel the button inserts; in preview (no workbook) it copies what it would insert.
    if (r.key !== item.key || r.canInsert !== canInsert)
      ins.setAttribute("aria-label", `${canInsert ? "Insert" : "Copy"} ${item.label}: ${what}`);
    // What depends only on the kind of result and on whether inserting is possible now.
    if (r.what !== what || r.canInsert !== canInsert || r.off !== off) {
      setAttr(ins, "aria-disabled", canInsert && off ? "true" : undefined);
      setAttr(ins, "aria-describedby", canInsert ? undefined : "preview-banner");
      ins.setAttribute(
        "title",
        canInsert ? `Insert ${what} at the selected cell` : `Copy ${what}, to paste into Excel (inserting needs the add-in in Excel)`,
      );
      if (r.canInsert !== canInsert) ins.textContent = canInsert ? "+" : "Copy";
      setAttr(ins, "data-copy", canInsert ? undefined : "1");
    }
  }
  r.key = item.key;
  r.what = what;
  r.canInsert = canInsert;
  r.off = off;
}

/** Hides a row the results no longer need and drops its markers (a later keystroke reuses it). */
function retireRow(r: RowView): void {
  showView(r, r.li, false);
  if (r.key === null) return;
  r.open.removeAttribute("data-result");
  r.ins.removeAttribute("data-quick");
  r.key = null;
}

/**
 * Writes the groups into `list` as section.rg > h2.rg-h + ul.rg-list > li.rr rows + button.rg-more.
 * Every row has the same elements (open button with label and hint, insert button). Sections and
 * rows are reused by position; those the results do not need stay in place, hidden and stripped of
 * their ids and data-result/data-group markers, for a later keystroke to fill again. A keystroke
 * then mostly rewrites text and attributes: removing and re-creating elements as the number of
 * groups and rows went up and down cost about a quarter of its time.
 *
 * With a `budget`, only the first `budget` rows are written and everything after them is hidden
 * (not yet stripped: the call without a budget that follows does that); returns whether the whole
 * list was written.
 */
export function renderGroups(
  list: HTMLElement,
  groups: readonly SearchGroup[],
  canInsert: boolean,
  off: boolean,
  budget = Infinity,
): boolean {
  let views = listViews.get(list);
  if (!views) {
    // The list starts empty and only this function writes into it.
    list.textContent = "";
    views = [];
    listViews.set(list, views);
  }
  let left = budget;
  let gi = 0;
  let cut = false;
  for (; gi < groups.length && !cut; gi++) {
    const g = groups[gi];
    const s = views[gi] ?? (views[gi] = newSection(list));
    showView(s, s.sec, true);
    if (s.kind !== g.kind) {
      s.sec.setAttribute("aria-labelledby", `grp-${g.kind}`);
      s.sec.setAttribute("data-group", g.kind);
      s.heading.id = `grp-${g.kind}`;
      s.kind = g.kind;
    }
    if (s.label !== g.label) text(s.heading, (s.label = g.label));
    const n = Math.min(g.hits.length, left);
    for (let ri = 0; ri < n; ri++) writeRow(s.rows[ri] ?? (s.rows[ri] = newRow(s.ul)), g.hits[ri], g.kind, canInsert, off);
    left -= n;
    const more = s.more;
    if (n < g.hits.length) {
      // Out of budget inside this group: the rows after the cut may still show an earlier query.
      cut = true;
      for (let ri = n; ri < s.rows.length; ri++) showView(s.rows[ri], s.rows[ri].li, false);
      if (s.moreSays !== "cut") {
        more.hidden = true;
        s.moreSays = "cut";
      }
    } else {
      for (let ri = n; ri < s.rows.length; ri++) retireRow(s.rows[ri]);
      const says = g.more ? `${g.kind}|${g.more}|${g.label}` : "";
      if (s.moreSays !== says) {
        more.hidden = !g.more;
        if (g.more) {
          more.setAttribute("data-more", g.kind);
          more.setAttribute("data-testid", `more-${g.kind}`);
          more.setAttribute("aria-label", `Show ${g.more} more ${g.label}`);
          text(more, `+${g.more} more`);
        } else {
          more.removeAttribute("data-more");
          more.removeAttribute("data-testid");
        }
        s.moreSays = says;
      }
      if (left <= 0 && gi + 1 < groups.length) cut = true;
    }
  }
  if (cut) {
    for (; gi < views.length; gi++) showView(views[gi], views[gi].sec, false);
    return false;
  }
  for (; gi < views.length; gi++) {
    const s = views[gi];
    showView(s, s.sec, false);
    if (s.kind === null) continue;
    s.sec.removeAttribute("data-group");
    s.sec.removeAttribute("aria-labelledby");
    s.heading.removeAttribute("id");
    if (s.moreSays) {
      s.more.hidden = true;
      s.more.removeAttribute("data-more");
      s.more.removeAttribute("data-testid");
      s.moreSays = "";
    }
    s.kind = null;
    for (const r of s.rows) retireRow(r);
  }
  return true;
}

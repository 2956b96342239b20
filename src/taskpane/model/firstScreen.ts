/**
 * How much of a results list a keystroke writes at once: the rows that could be
 * on screen. The rest is written after the next frame, so a broad query (up to
 * ten groups of four rows) costs a keystroke no more than the few rows a user
 * can see. Pure: heights in CSS pixels, no DOM.
 */

/**
 * The least height of a result row: a one-line label (20-px line height), 4 px of padding above
 * and below and a 1-px border each side; its insert button is 28 px high with a 2-px margin.
 */
export const ROW_MIN_PX = 30;

/** The least height a group adds above its first row: a 20-px heading line and 4 px below it (groups after the first have 10 px more above). */
export const GROUP_HEAD_MIN_PX = 24;

/**
 * How many rows (counted across groups, in order) to write so that, were every row and heading as
 * short as it can be, the written rows reach past the bottom of the window, plus one. `sizes` are
 * the groups' row counts; `listTop` is the list's top relative to the window (negative when the
 * page is scrolled past it). At least one row, never more than there are.
 */
export function firstScreenRows(sizes: readonly number[], windowHeight: number, listTop: number): number {
  const total = sizes.reduce((n, s) => n + s, 0);
  // The height from the list's top to the window's bottom that rows must cover.
  let room = windowHeight - listTop;
  let rows = 0;
  for (const size of sizes) {
    if (room <= 0) break;
    room -= GROUP_HEAD_MIN_PX;
    const fit = room <= 0 ? 0 : Math.min(size, Math.ceil(room / ROW_MIN_PX));
    rows += fit;
    room -= fit * ROW_MIN_PX;
  }
  return Math.min(total, rows + 1);
}

/**
 * firstScreenRows: how many result rows a keystroke writes at once. Hand-worked cases and the
 * property that matters: at the least heights a row and a heading can have, the rows written reach
 * past the bottom of the window (or are all the rows there are).
 */
import fc from "fast-check";
import { firstScreenRows, GROUP_HEAD_MIN_PX, ROW_MIN_PX } from "../../src/taskpane/model/firstScreen";

/** The least height, from the list's top, of the first `rows` rows: headings and rows at their minimum. */
function minHeight(sizes: readonly number[], rows: number): number {
  let h = 0;
  for (const size of sizes) {
    if (rows <= 0) break;
    const n = Math.min(size, rows);
    h += GROUP_HEAD_MIN_PX + n * ROW_MIN_PX;
    rows -= n;
  }
  return h;
}

describe("firstScreenRows", () => {
  test("a 360×800 preview pane (list at 430 px), ten groups of four: two groups, two rows of the third, and one more", () => {
    // 370 px of room: 24 + 4×30 = 144 per full group → 288 after two; the third heading leaves 58 → 2 rows (60 ≥ 58).
    expect(firstScreenRows(Array(10).fill(4), 800, 430)).toBe(2 * 4 + 2 + 1);
  });

  test("a list below the window's bottom still gets its first row; an empty list gets none", () => {
    expect(firstScreenRows([4, 4], 600, 700)).toBe(1);
    expect(firstScreenRows([4, 4], 600, 600)).toBe(1);
    expect(firstScreenRows([], 800, 100)).toBe(0);
  });

  test("never more rows than there are", () => {
    expect(firstScreenRows([3, 1], 2000, 0)).toBe(4);
  });

  test("a page scrolled past the list's top needs more rows, not fewer", () => {
    expect(firstScreenRows(Array(10).fill(4), 800, -200)).toBeGreaterThan(firstScreenRows(Array(10).fill(4), 800, 0));
  });

  const sizes = fc.array(fc.integer({ min: 1, max: 200 }), { maxLength: 12 });
  test("at the least heights, the rows written reach past the window's bottom or are all there are", () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -2000, max: 3000 }), (s, height, top) => {
        const n = firstScreenRows(s, height, top);
        const total = s.reduce((a, b) => a + b, 0);
        expect(n).toBeLessThanOrEqual(total);
        if (total > 0) expect(n).toBeGreaterThanOrEqual(1);
        if (n < total) expect(top + minHeight(s, n)).toBeGreaterThanOrEqual(height);
      }),
    );
  });

  test("more room never means fewer rows", () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: -1000, max: 2000 }), (s, height, extra, top) => {
        expect(firstScreenRows(s, height + extra, top)).toBeGreaterThanOrEqual(firstScreenRows(s, height, top));
        expect(firstScreenRows(s, height, top - extra)).toBeGreaterThanOrEqual(firstScreenRows(s, height, top));
      }),
    );
  });
});

/** A1-style cell addressing helpers shared by the task pane and the templates (pure). */

/** Column letters for a 0-based column index (0 → A, 25 → Z, 26 → AA). */
export function columnLetters(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * Copying text for the pane's preview mode (no Excel to insert into): the asynchronous Clipboard
 * API where the page may use it, else a selected, off-screen text area and the copy command (the
 * way that still works inside frames whose policy withholds clipboard-write). DOM only, no Office.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    /* not allowed here: fall through to the copy command */
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.left = "-9999px";
  area.style.top = "0";
  const focused = document.activeElement as HTMLElement | null;
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  focused?.focus?.();
  if (!ok) throw new Error("the browser did not allow copying; select the formula text and copy it by hand");
}

/**
 * Capability checks: what the host supports (requirement sets), the Excel
 * namespace when present, Office error messages in words, and opening a URL in
 * the user's browser. Used by the other src/office modules and the pane. No React.
 */
type OfficeLike = { context?: { requirements?: { isSetSupported(name: string, version?: string): boolean } } };

export function excelApi(): typeof Excel | undefined {
  const g = globalThis as { Excel?: typeof Excel };
  return g.Excel && typeof g.Excel.run === "function" ? g.Excel : undefined;
}

/** True when the host supports ExcelApi `version` (false outside Office or when unknown). */
export function supportsExcelApi(version: string): boolean {
  const o = (globalThis as { Office?: OfficeLike }).Office;
  try {
    return !!o?.context?.requirements?.isSetSupported("ExcelApi", version);
  } catch {
    return false;
  }
}

/** Readable message for an Office error (its code and debug location when present). */
export function describeOfficeError(e: unknown): string {
  if (e && typeof e === "object") {
    const o = e as { message?: string; code?: string; debugInfo?: { errorLocation?: string; message?: string } };
    const parts = [o.message || o.debugInfo?.message || String(e)];
    if (o.code && !parts[0].includes(o.code)) parts.push(`(${o.code}${o.debugInfo?.errorLocation ? ` at ${o.debugInfo.errorLocation}` : ""})`);
    return parts.join(" ");
  }
  return String(e);
}

/** True when the host supports the requirement set `name` `version` (false outside Office or when unknown). */
export function supportsSet(name: string, version: string): boolean {
  const o = (globalThis as { Office?: OfficeLike }).Office;
  try {
    return !!o?.context?.requirements?.isSetSupported(name, version);
  } catch {
    return false;
  }
}

/**
 * Opens `url` (absolute) in the user's default browser with
 * Office.context.ui.openBrowserWindow (OpenBrowserWindowApi 1.1: Excel on
 * Windows, Mac and iPad; not Excel on the web). Returns false when the host
 * cannot, so the caller falls back to a normal link download.
 */
export function openInBrowser(url: string): boolean {
  if (!supportsSet("OpenBrowserWindowApi", "1.1")) return false;
  const o = (globalThis as { Office?: { context?: { ui?: { openBrowserWindow?(u: string): void } } } }).Office;
  const open = o?.context?.ui?.openBrowserWindow;
  if (typeof open !== "function") return false;
  try {
    open.call(o!.context!.ui, url);
    return true;
  } catch {
    return false;
  }
}

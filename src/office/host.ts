/**
 * Host detection: whether the task pane runs inside Excel, and office.js
 * initialisation for the ribbon commands. Outside Excel (a plain browser, or
 * office.js not reachable) the pane runs in read-only preview mode.
 */
export type HostMode = "excel" | "preview";

export interface HostInfo {
  mode: HostMode;
  /** Office theme colours when the host provides them. */
  theme?: { bodyBackgroundColor?: string; bodyForegroundColor?: string; controlBackgroundColor?: string; controlForegroundColor?: string };
}

function excelInfo(office: typeof Office): HostInfo {
  const t = office.context?.officeTheme;
  return { mode: "excel", theme: t ? { ...t } : undefined };
}

/**
 * Resolves once office.js has initialised (or immediately in preview mode).
 * After `timeoutMs` without Office.onReady it resolves in preview mode so the
 * pane renders, but keeps waiting: when onReady later reports Excel (a slow
 * start of the shared runtime), `onLateExcel` is called with the Excel host so
 * the pane can switch to Excel mode instead of staying in preview for its
 * whole (long) lifetime.
 */
export function detectHost(timeoutMs = 3000, onLateExcel?: (host: HostInfo) => void): Promise<HostInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.resolve({ mode: "preview" });
  return new Promise<HostInfo>((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve({ mode: "preview" });
    }, timeoutMs);
    office
      .onReady()
      .then((info) => {
        clearTimeout(timer);
        const host: HostInfo = info?.host === office.HostType?.Excel ? excelInfo(office) : { mode: "preview" };
        if (!settled) {
          settled = true;
          resolve(host);
        } else if (host.mode === "excel") onLateExcel?.(host);
      })
      .catch(() => {
        clearTimeout(timer);
        if (!settled) {
          settled = true;
          resolve({ mode: "preview" });
        }
      });
  });
}

/**
 * Waits for office.js to initialise: true once Office.onReady resolved, false
 * outside Office (office.js absent) or when it rejected. Never throws.
 */
export function whenOfficeReady(): Promise<boolean> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.resolve(false);
  return office.onReady().then(
    () => true,
    () => false,
  );
}

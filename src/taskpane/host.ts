/**
 * Host detection, the only place the task pane asks whether it runs inside Excel.
 * Outside Excel (a plain browser, or office.js not reachable) the pane runs in
 * read-only preview mode.
 */
export type HostMode = "excel" | "preview";

export interface HostInfo {
  mode: HostMode;
  /** Office theme colours when the host provides them. */
  theme?: { bodyBackgroundColor?: string; bodyForegroundColor?: string; controlBackgroundColor?: string; controlForegroundColor?: string };
}

/** Resolves once office.js has initialised (or immediately in preview mode). */
export function detectHost(timeoutMs = 3000): Promise<HostInfo> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office || typeof office.onReady !== "function") return Promise.resolve({ mode: "preview" });
  return new Promise<HostInfo>((resolve) => {
    const timer = setTimeout(() => resolve({ mode: "preview" }), timeoutMs);
    office
      .onReady()
      .then((info) => {
        clearTimeout(timer);
        if (info.host === office.HostType.Excel) {
          const t = office.context?.officeTheme;
          resolve({ mode: "excel", theme: t ? { ...t } : undefined });
        } else resolve({ mode: "preview" });
      })
      .catch(() => {
        clearTimeout(timer);
        resolve({ mode: "preview" });
      });
  });
}

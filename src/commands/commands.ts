/**
 * Ribbon command surface. The only button (Home › Rare Earth Trade › Open) is a
 * ShowTaskpane action declared in manifest.xml, so no command code is needed yet;
 * Office.onReady is awaited so that the shared runtime finishes initialising.
 */
const office = (globalThis as { Office?: typeof Office }).Office;
if (office && typeof office.onReady === "function") {
  office.onReady().catch(() => undefined);
}
export {};

/**
 * The pane's shell: the header, the view tabs and the search box, as static HTML that the build
 * writes into taskpane.html, with the CSS both that HTML and the React pane use. The browser paints
 * the shell as soon as it has parsed the page, before any script of ours runs; React then replaces
 * it with the same markup (same classes, same fixed heights), so nothing moves, and main.tsx carries
 * over anything typed in the box meanwhile (text, caret, focus).
 *
 * The CSS refers to Fluent's theme tokens (`var(--fontSizeBase300)`), which exist only inside the
 * FluentProvider React renders. The build gives every token a fallback from the light theme
 * (withThemeFallbacks), so the shell looks the same before React and a dark theme still applies
 * after it.
 *
 * Pure: strings only (webpack.config.js reads this file at build time).
 */

export type ViewTabId = "search" | "fields" | "pictures" | "templates" | "functions";

/** Short labels: the five fit one row of a 320 px pane (e2e checks none is clipped). "Help" is the function reference. */
export const VIEW_TABS: readonly { id: ViewTabId; label: string }[] = [
  { id: "search", label: "Search" },
  { id: "fields", label: "Fields" },
  { id: "pictures", label: "Charts" },
  { id: "templates", label: "Templates" },
  { id: "functions", label: "Help" },
];

export const PANE_TITLE = "Rare Earth Trade Modeler";
export const SEARCH_LABEL = "Search";
/** Short enough to show whole in a 320 px pane (e2e measures it against the box). */
export const SEARCH_PLACEHOLDER = "e.g. terbium price, 8505.11, Ann. 61";
export const SEARCH_HINT =
  "Searches elements, countries, HS/HTS codes, instruments, partner tariffs, stages, datasets, fields and functions. Best matches first; partial matches say which words they match. Down arrow moves to the results.";
export const CONNECTING_TEXT = "Connecting to Excel…";

/**
 * The pane's text font (Fluent's fontFamilyBase token, for the shell and React alike): Segoe UI where it
 * is installed (Windows, where Fluent's own stack starts with it), else the system's interface font
 * (San Francisco on a Mac, as Fluent's -apple-system gives; the desktop's font on Linux and ChromeOS).
 * Fluent's longer stack names five more families that a browser without Segoe UI looks up one by one
 * when the page is first laid out (on Linux, Chromium's first layout of the shell took 15–16 ms with
 * it and 12 ms with this one, against 3 ms for a page with one bare box); its "Segoe UI Web" is a web
 * font the pane never loads (fonts come from its own origin only).
 */
export const PANE_FONT_FAMILY = `"Segoe UI", system-ui, sans-serif`;

/** The version line: the add-in's version, the data pack, where it came from and its China horizon. */
export function versionParts(addin: string, pack: string, origin: string, horizon: string): { before: string; link: string; after: string } {
  return { before: `Version ${addin} · `, link: `data pack ${pack}`, after: ` (${origin}) · confirmed to ${horizon}` };
}

/**
 * The shell's rules. Heights of everything above the results are fixed (one-line version and
 * status lines with ellipsis, one row of tabs, a one-line label), so what React writes there
 * later cannot push the search box down. The results list's rules are here too: the shell's own
 * search (shellSearch.ts) writes result rows before React runs.
 */
export const SHELL_CSS = `
.pane{box-sizing:border-box;min-height:100vh;min-width:0;padding:8px 10px;font-family:var(--fontFamilyBase);font-size:var(--fontSizeBase300);line-height:var(--lineHeightBase300);font-weight:var(--fontWeightRegular);color:var(--colorNeutralForeground1);background-color:var(--colorNeutralBackground1)}
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.hd-title{margin:0;height:20px;font-size:var(--fontSizeBase300);line-height:20px;font-weight:var(--fontWeightSemibold);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.hd-line,.hd-status{margin:0;height:16px;font-size:var(--fontSizeBase200);line-height:16px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:var(--colorNeutralForeground2)}
.hd-status{display:flex;gap:4px;align-items:center;margin-top:2px}
.hd-status-text{flex:0 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis}
.hd-x{flex:0 0 auto;width:16px;height:16px;padding:0;border:0;border-radius:var(--borderRadiusMedium);background:transparent;color:var(--colorNeutralForeground2);font:inherit;font-size:14px;line-height:16px;cursor:pointer}
.hd-x:hover{background:var(--colorSubtleBackgroundHover)}
.data-link{background:transparent;border:0;padding:0;color:var(--colorBrandForegroundLink);font:inherit;text-decoration:underline;cursor:pointer}
.tabs{display:flex;flex-wrap:nowrap;gap:0;height:30px;margin-top:4px;overflow:hidden}
.tab{position:relative;flex:0 0 auto;display:inline-flex;flex-direction:column;align-items:center;background:transparent;border:0;border-radius:var(--borderRadiusMedium);padding:6px 6px 6px;font:inherit;font-size:13px;line-height:18px;color:var(--colorNeutralForeground2);cursor:pointer;white-space:nowrap}
.tab::before{content:attr(data-label) / "";font-weight:var(--fontWeightSemibold);height:0;overflow:hidden;visibility:hidden}
.tab:hover{color:var(--colorNeutralForeground1);background:var(--colorSubtleBackgroundHover)}
.tab[aria-selected=true]{color:var(--colorNeutralForeground1);font-weight:var(--fontWeightSemibold)}
.tab[aria-selected=true]::after{content:"";position:absolute;left:6px;right:6px;bottom:1px;height:3px;border-radius:var(--borderRadiusCircular);background:var(--colorCompoundBrandStroke)}
.tab:hover:not([aria-selected=true])::after{content:"";position:absolute;left:6px;right:6px;bottom:1px;height:3px;border-radius:var(--borderRadiusCircular);background:var(--colorNeutralStroke1Hover)}
@media (max-width:360px){.tab{padding-left:4px;padding-right:4px}.tab[aria-selected=true]::after,.tab:hover:not([aria-selected=true])::after{left:4px;right:4px}}
@media (forced-colors:active){.tab[aria-selected=true]::after{background:Highlight}}
.pane-main{margin-top:6px}
.sb-label{display:block;height:20px;margin:0 0 2px;font-size:var(--fontSizeBase300);line-height:20px;font-weight:var(--fontWeightSemibold);color:var(--colorNeutralForeground1)}
.sb{box-sizing:border-box;display:block;width:100%;height:32px;contain:size layout style;padding:0 10px;font:inherit;font-size:var(--fontSizeBase300);color:var(--colorNeutralForeground1);background:var(--colorNeutralBackground1);border:1px solid var(--colorNeutralStroke1);border-bottom-color:var(--colorNeutralStrokeAccessible);border-radius:var(--borderRadiusMedium)}
.sb:focus{outline:none;border-bottom:2px solid var(--colorCompoundBrandStroke)}
.sb:focus-visible{outline:2px solid var(--colorStrokeFocus2);outline-offset:1px}
.sb::placeholder{color:var(--colorNeutralForeground4)}
.sb-status-line{min-height:20px;margin-top:6px}
.sb-status{font-size:var(--fontSizeBase200);line-height:var(--lineHeightBase200)}
/* Rows and groups the current results do not use are kept hidden for reuse (see resultsList.ts). */
#search-results [hidden]{display:none!important}
.rg{margin-top:10px}
.rg-h{margin:0 0 4px;font-size:var(--fontSizeBase300);font-weight:var(--fontWeightSemibold)}
.rg-list{list-style:none;margin:0;padding:0}
.rr{display:flex;align-items:flex-start;gap:2px;min-width:0}
.rr-open{flex:1 1 auto;min-width:0;display:flex;flex-direction:column;text-align:left;background:transparent;border:1px solid transparent;border-radius:var(--borderRadiusMedium);padding:4px 6px;color:var(--colorNeutralForeground1);font:inherit;font-size:var(--fontSizeBase300);cursor:pointer}
.rr-open:hover,.rr-ins:hover,.rg-more:hover{background:var(--colorSubtleBackgroundHover)}
.rr-label{font-weight:var(--fontWeightSemibold);overflow-wrap:anywhere}
.rr-hint{font-size:var(--fontSizeBase200);color:var(--colorNeutralForeground2);overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical}
.rr-ins{flex:0 0 auto;min-width:28px;height:28px;margin-top:2px;border:1px solid var(--colorNeutralStroke1);border-radius:var(--borderRadiusMedium);background:var(--colorNeutralBackground1);color:var(--colorNeutralForeground1);font:inherit;font-weight:600;cursor:pointer}
.rr-ins[aria-disabled=true]{color:var(--colorNeutralForegroundDisabled);border-color:var(--colorNeutralStrokeDisabled);cursor:not-allowed}
.rg-more{background:transparent;border:0;padding:2px 6px;color:var(--colorBrandForegroundLink);font:inherit;font-size:var(--fontSizeBase200);cursor:pointer}
`;

/** `var(--token)` → `var(--token, <the theme's value>)` for every token the theme has. */
export function withThemeFallbacks(css: string, theme: Readonly<Record<string, string | number>>): string {
  return css.replace(/var\(--([A-Za-z0-9]+)\)/g, (m, name: string) => (name in theme ? `var(--${name}, ${theme[name]})` : m));
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The shell's markup, inside #root: the same elements, classes and text React renders first (App
 * in "pending" mode: connecting to Excel, the Search tab, an empty box, its status line and results
 * list). The shell's elements have no data-testid: tests that wait for the pane wait for React's.
 */
export function shellHtml(info: { addin: string; pack: string; origin: string; horizon: string }): string {
  const v = versionParts(info.addin, info.pack, info.origin, info.horizon);
  const tabs = VIEW_TABS.map(
    (t) =>
      `<button type="button" role="tab" id="tab-${t.id}" class="tab" data-label="${esc(t.label)}" aria-selected="${t.id === "search"}" aria-controls="panel" tabindex="${t.id === "search" ? 0 : -1}">${esc(t.label)}</button>`,
  ).join("");
  return (
    `<div class="pane" id="pane-shell">` +
    `<header class="hd"><h1 class="hd-title">${esc(PANE_TITLE)}</h1>` +
    `<p class="hd-line">${esc(v.before)}<span class="data-link">${esc(v.link)}</span>${esc(v.after)}</p>` +
    `<p class="hd-status"><span class="hd-status-text">${esc(CONNECTING_TEXT)}</span></p></header>` +
    `<nav aria-label="Views"><div role="tablist" aria-label="Views" class="tabs">${tabs}</div></nav>` +
    `<main class="pane-main"><div id="panel" role="tabpanel" aria-labelledby="tab-search"><section aria-label="Search reference data">` +
    `<label for="search-box" class="sb-label">${esc(SEARCH_LABEL)}</label>` +
    `<input id="search-box" class="sb" type="search" placeholder="${esc(SEARCH_PLACEHOLDER)}" aria-controls="search-results" aria-describedby="search-hint" autocomplete="off" spellcheck="false">` +
    // hidden, not visually hidden: the box's description still reads it (aria-describedby names it), and the
    // first layout does not set its 35 words one per line in a 1 px box (about 2 ms of a cold page's layout)
    `<p id="search-hint" hidden>${esc(SEARCH_HINT)}</p>` +
    `<div role="status" aria-live="polite" aria-atomic="true" class="sb-status-line"><span class="sb-status"></span></div>` +
    `<div id="search-results"></div>` +
    `</section></div></main></div>`
  );
}

/**
 * The task pane: search, detail, field browser, pictures and function help over
 * the sourced reference data; inserts into the workbook through office/insert.ts.
 * Office-free: every Office call goes through src/office/ (host detection,
 * inserts), so the pane renders in a plain browser (preview mode, inserting disabled).
 */
import { FluentProvider, Text, tokens } from "@fluentui/react-components";
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ADDIN_VERSION } from "../core/version";
import { blockText, copyNoun, type Block } from "../core/blocks";
import { copyText } from "./clipboard";
import { insertBlock, type InsertTarget } from "../office/insert";
import { readSelection } from "../office/selection";
import { ActionsContext, DataContext, type PaneActions, type PaneData, type Tab as TabId } from "./context";
import type { HostInfo } from "../office/host";
import { KIND_ORDER, searchItems, type DatasetDoc, type FunctionExample, type FunctionMeta } from "./model/catalog";
import { packGeneration, packState } from "../core/data/active";
import { packOriginText } from "../core/data/ref";
import { usePackState, useWorkbookStamp } from "./pack";
import { packDatasets } from "./bundled";
import { buildIndex, type SearchIndex } from "./model/search";
import { acceptPrebuilt } from "./model/prebuilt";
import { paneShell, type FetchedFile } from "./shellState";
import { singleFlight } from "./model/busy";
import { themeFor } from "./theme";
import { SearchView } from "./components/SearchView";
import { InsertStatus, type InsertState } from "./components/InsertStatus";
import { ConvertToCards } from "./components/CardsPanel";
import { ViewTabs } from "./components/ViewTabs";
import { CONNECTING_TEXT, PANE_TITLE, SHELL_CSS, VIEW_TABS, versionParts } from "./shell";
import { DATE_FIELD_CSS, TARIFF_STACK_CSS } from "./styles";

// Heavy views load on demand (separate chunks of the pane; functions.js stays one file).
const DetailView = lazy(() => import(/* webpackChunkName: "detail" */ "./components/DetailView").then((m) => ({ default: m.DetailView })));
const FieldBrowser = lazy(() => import(/* webpackChunkName: "fields" */ "./components/FieldBrowser").then((m) => ({ default: m.FieldBrowser })));
const Pictures = lazy(() => import(/* webpackChunkName: "pictures" */ "./components/Pictures").then((m) => ({ default: m.Pictures })));
const TemplatesPanel = lazy(() => import(/* webpackChunkName: "templates" */ "./components/TemplatesPanel").then((m) => ({ default: m.TemplatesPanel })));
const FunctionHelp = lazy(() => import(/* webpackChunkName: "function-help" */ "./components/FunctionHelp").then((m) => ({ default: m.FunctionHelp })));
const DataPanel = lazy(() => import(/* webpackChunkName: "data" */ "./components/DataPanel").then((m) => ({ default: m.DataPanel })));
// Shown only when there is something to say about the data (a notice, a workbook computed with other data).
const DataBanner = lazy(() => import(/* webpackChunkName: "data" */ "./components/DataBanner").then((m) => ({ default: m.DataBanner })));

const RECENT_KEY = "trade-pane-recent";
function loadRecent(): string[] {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(RECENT_KEY) ?? "[]") as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").slice(0, 10) : [];
  } catch {
    return [];
  }
}
function saveRecent(list: readonly string[]): void {
  try {
    globalThis.localStorage?.setItem(RECENT_KEY, JSON.stringify(list));
  } catch {
    /* storage unavailable (private mode, policy): recent items last for the session only */
  }
}

export interface AppProps {
  host: HostInfo;
  /** True until Office.onReady has answered: no preview banner yet, inserting off. */
  pending?: boolean;
  /** The datasets to show (tests); by default the active data pack's, following it when it changes. */
  datasets?: readonly DatasetDoc[];
  examples?: Readonly<Record<string, readonly FunctionExample[]>>;
  loadFunctions?: () => Promise<FunctionMeta[]>;
  /** Overrides office/insert.ts (tests). */
  insert?: (block: Block, target?: InsertTarget) => ReturnType<typeof insertBlock>;
  /** Overrides office/selection.ts (tests). */
  selection?: typeof readSelection;
  /** Text already in the search box (typed into the static shell before the pane started). */
  initialQuery?: string;
  /**
   * The search index computed with the add-in (search-index.json, fetched by the page's loader
   * with the scripts): its value once read (null when it could not be), and the read itself.
   */
  prebuiltIndex?: FetchedFile;
}

/**
 * The add-in's own index when it is for the active data (model/prebuilt.ts), with the pack
 * generation it is for. When the shell's search has already restored it from the same file, its
 * index is taken as it is (the checks against the active data are made here all the same).
 */
function takePrebuilt(file: unknown): { index: SearchIndex; generation: number } | null {
  const shell = paneShell();
  const r = acceptPrebuilt(file, packState(), ADDIN_VERSION, shell && shell.file === file ? shell.index : undefined);
  return typeof r === "string" ? null : { index: r, generation: packGeneration() };
}

const CSS = `
.data-table{border-collapse:collapse;font-size:12px;min-width:100%}
.data-table th,.data-table td{border:1px solid var(--colorNeutralStroke2);padding:2px 4px;vertical-align:top;text-align:left}
.data-table thead th{background:var(--colorNeutralBackground3)}
.kv{border-collapse:collapse;font-size:12px;width:100%;table-layout:fixed}
.kv th,.kv td{border-bottom:1px solid var(--colorNeutralStroke2);padding:3px 4px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
.kv th{font-weight:600;width:38%}
a:focus-visible,button:focus-visible,[tabindex]:focus-visible,h2:focus-visible{outline:2px solid var(--colorStrokeFocus2);outline-offset:1px}
.native-select{box-sizing:border-box;width:100%;max-width:100%;min-width:0;font:inherit;font-size:var(--fontSizeBase300);padding:4px 6px;border:1px solid var(--colorNeutralStroke1);border-radius:var(--borderRadiusMedium);background:var(--colorNeutralBackground1);color:var(--colorNeutralForeground1)}
.native-date{font:inherit;font-size:var(--fontSizeBase200);max-width:100%}
.fb{min-width:0;max-width:100%}
.fb-label{display:block;margin:8px 0 2px;font-size:var(--fontSizeBase300);font-weight:var(--fontWeightSemibold);padding:0}
.fb-fields{border:0;margin:0;padding:0;min-width:0}
.fb-checks{max-height:180px;overflow-y:auto;border:1px solid var(--colorNeutralStroke2);border-radius:var(--borderRadiusMedium);padding:2px 4px}
.fb-check{display:block;font-size:var(--fontSizeBase200);padding:2px 0;overflow-wrap:anywhere}
.fb-row{display:flex;gap:8px;flex-wrap:wrap;align-items:flex-end}
.fb-row>span{flex:1 1 120px;min-width:0}
.fb-matches{margin:4px 0}
.chips{list-style:none;margin:2px 0 4px;padding:0;display:flex;flex-wrap:wrap;gap:4px}
.chip{display:inline-flex;align-items:center;gap:2px;max-width:100%;min-width:0;padding:0 2px 0 8px;border-radius:12px;background:var(--colorNeutralBackground3);font-size:var(--fontSizeBase200);line-height:22px}
.chip-label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
.chip-x{flex:0 0 auto;width:20px;height:20px;padding:0;border:0;border-radius:10px;background:transparent;color:var(--colorNeutralForeground2);font:inherit;font-size:14px;line-height:20px;cursor:pointer}
.chip-x:hover{background:var(--colorSubtleBackgroundHover)}
.answer{border:1px solid var(--colorNeutralStroke1);border-left:4px solid var(--colorBrandStroke1);border-radius:4px;padding:6px 8px;margin:0 0 8px;background:var(--colorNeutralBackground2)}
.answer dl{margin:0}
.answer-row{padding:2px 0}
.answer dt{font-size:var(--fontSizeBase200);color:var(--colorNeutralForeground2)}
.answer dd{margin:0;font-size:var(--fontSizeBase300);overflow-wrap:anywhere}
.answer-value{font-weight:var(--fontWeightSemibold)}
.answer-note{display:block;font-size:var(--fontSizeBase200);color:var(--colorNeutralForeground2)}
.on-date{font-size:var(--fontSizeBase200)}
.tag{display:inline-block;font-size:10px;line-height:14px;padding:0 4px;margin-left:4px;border-radius:3px;background:var(--colorNeutralBackground4);color:var(--colorNeutralForeground1)}
.tag-unconfirmed{background:var(--colorPaletteYellowBackground2)}
.tag-projection,.tag-estimate{background:var(--colorPaletteBlueBackground2)}
.refs{font-size:10px;color:var(--colorNeutralForeground2);margin-left:2px}
.when{color:var(--colorNeutralForeground2);font-size:var(--fontSizeBase200)}
.kv tr.unc td{background:var(--colorPaletteYellowBackground1)}
.insert-row{display:flex;gap:4px;align-items:center;margin:4px 0}
.insert-row select{flex:1 1 auto}
.detail-actions{display:flex;gap:6px;flex-wrap:wrap;align-items:center;margin:6px 0}
.detail-h3{font-size:var(--fontSizeBase300);margin:10px 0 4px}
.sources{margin:4px 0;padding-left:22px;font-size:var(--fontSizeBase200)}
.sources li,.fh a,.fh code{overflow-wrap:anywhere}
.clamp{display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden}
.tl-legend{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:var(--fontSizeBase200);margin:0 0 4px}
.tl-key{display:inline-flex;align-items:center;gap:4px}
.tl-sw{display:inline-block;width:12px;height:8px}
.tl-lane{cursor:pointer}
.tl-lane:focus{outline:none}
.tl-lane:focus-visible>rect:first-child{stroke:var(--colorStrokeFocus2);stroke-width:2}
.tl-lane:hover>rect:first-child{fill:var(--colorSubtleBackgroundHover)}
.sticky-back{position:sticky;top:0;z-index:2;background:var(--colorNeutralBackground1);padding:2px 0}
.tag-org,.tag-organisation-data{background:var(--colorPaletteLavenderBackground2)}
.tag-ambiguous{background:var(--colorPaletteYellowBackground2)}
.tag-added{background:var(--colorPaletteGreenBackground2)}
.tag-removed{background:var(--colorPaletteRedBackground2)}
.tag-changed{background:var(--colorPaletteYellowBackground2)}
.wc-list,.wc-fields{margin:2px 0;padding-left:18px;font-size:var(--fontSizeBase200)}
.wc-list>li{margin-bottom:4px;overflow-wrap:anywhere}
`;

export function App({ host, pending = false, datasets: datasetsProp, examples = {}, loadFunctions, insert = insertBlock, selection = readSelection, initialQuery = "", prebuiltIndex }: AppProps) {
  const canInsert = host.mode === "excel" && !pending;
  const inExcel = host.mode === "excel" && !pending;
  const pack = usePackState();
  const stamp = useWorkbookStamp();
  const generation = packGeneration();
  // The active pack's datasets: a new list (and search index) when another pack becomes active.
  const datasets = useMemo(() => datasetsProp ?? packDatasets(), [datasetsProp, generation]);
  const [dataOpen, setDataOpen] = useState(false);
  const [recalc, setRecalc] = useState<{ busy: boolean; text?: string; error?: boolean }>({ busy: false });
  const onRecalc = () => {
    if (recalc.busy) return;
    setRecalc({ busy: true, text: "Recalculating the workbook…" });
    import(/* webpackChunkName: "data" */ "./workbookData")
      .then((m) => m.recalculate())
      .then((err) => {
        if (err) return setRecalc({ busy: false, error: true, text: `Could not recalculate the workbook: ${err}` });
        setRecalc({ busy: false, text: `Recalculated the workbook with data pack ${pack.version}${pack.overlay ? " and the organisation's overlay" : ""}.` });
      });
  };
  const [tab, setTab] = useState<TabId>("search");
  const tabRef = useRef(tab);
  tabRef.current = tab;
  const query = useRef(initialQuery);
  const [detail, setDetail] = useState<string | null>(null);
  const detailRef = useRef(detail);
  detailRef.current = detail;
  const [fb, setFb] = useState<{ kind?: string; entity?: string }>({});
  const [functions, setFunctions] = useState<FunctionMeta[]>([]);
  const [functionsError, setFunctionsError] = useState<string | undefined>();
  const [ins, setIns] = useState<InsertState>(null);
  const [copied, setCopied] = useState<{ text: string; error?: boolean } | null>(null);
  const lastBlock = useRef<Block | null>(null);
  // Where Back goes: the places the user opened details from (a result, a timeline lane, another detail).
  const history = useRef<Place[]>([]);
  const [, setHistoryLength] = useState(0);
  const [recent, setRecent] = useState<string[]>(loadRecent);
  const [builtIndex, setBuiltIndex] = useState<SearchIndex | null>(null);
  // The index computed with the add-in, when it is for the active data: taken at the first render
  // if the loader has read it by then, else as soon as it has. It serves as long as that pack is
  // active; for any other data the pane builds its own below.
  const [prebuilt, setPrebuilt] = useState(() => (prebuiltIndex?.done && !datasetsProp ? takePrebuilt(prebuiltIndex.value) : null));
  useEffect(() => {
    if (!prebuiltIndex || prebuiltIndex.done || datasetsProp) return;
    let live = true;
    void prebuiltIndex.promise.then((v) => {
      if (live) setPrebuilt(takePrebuilt(v));
    });
    return () => {
      live = false;
    };
  }, [prebuiltIndex, datasetsProp]);
  const usePrebuilt = prebuilt !== null && prebuilt.generation === generation && !datasetsProp;
  const index = usePrebuilt ? prebuilt.index : builtIndex;

  // Building it here: functions.json and the template list arrive just after the first paint; the
  // index is built once both have settled (one build, not three, on the main thread while the user
  // starts typing), or after a short wait without them, and rebuilt if they come later.
  const [functionsSettled, setFunctionsSettled] = useState(!loadFunctions);
  const [templatesSettled, setTemplatesSettled] = useState(false);
  const [waited, setWaited] = useState(false);
  useEffect(() => {
    if (!loadFunctions) return;
    loadFunctions()
      .then(setFunctions, (e) => setFunctionsError(e instanceof Error ? e.message : String(e)))
      .finally(() => setFunctionsSettled(true));
  }, [loadFunctions]);
  const [templates, setTemplates] = useState<{ id: string; title: string; description: string }[]>([]);
  // The template list only feeds an index built here: with the add-in's own index it waits until
  // other data becomes active.
  const needTemplates = !usePrebuilt;
  useEffect(() => {
    if (!needTemplates) return;
    import(/* webpackChunkName: "templates-catalog" */ "../templates/index")
      .then(
        (m) => setTemplates(m.templateCatalog().map((t) => ({ id: t.id, title: t.title, description: t.description }))),
        () => undefined,
      )
      .finally(() => setTemplatesSettled(true));
    const t = setTimeout(() => setWaited(true), 800);
    return () => clearTimeout(t);
  }, [needTemplates]);
  const ready = (functionsSettled && templatesSettled) || waited;
  useEffect(() => {
    if (!ready || usePrebuilt) return;
    const t = setTimeout(() => setBuiltIndex(buildIndex(searchItems(datasets, functions, templates), KIND_ORDER)), 0);
    return () => clearTimeout(t);
  }, [ready, datasets, functions, templates, usePrebuilt]);
  const indexFrom = usePrebuilt ? "add-in" : "pane";
  const data: PaneData = useMemo(() => ({ datasets, functions, functionsError, examples, index, indexFrom, pack }), [datasets, functions, functionsError, examples, index, indexFrom, pack]);

  // One insert at a time: clicks while an Excel.run is busy are ignored (the buttons show disabledFocusable).
  const gate = useMemo(() => singleFlight(insert), [insert]);
  const run = useCallback(
    (block: Block, target?: InsertTarget) => {
      const pending = gate.run(block, target);
      if (!pending) return;
      lastBlock.current = block;
      setIns({ busy: true, what: block.what });
      pending.then(
        (outcome) => setIns({ busy: false, outcome }),
        (e) => setIns({ busy: false, outcome: { status: "error", what: block.what, message: e instanceof Error ? e.message : String(e) } }),
      );
    },
    [gate],
  );
  const busy = ins?.busy === true;

  const actions: PaneActions = useMemo(
    () => ({
      canInsert,
      busy,
      insert: (b) => run(b, "selection"),
      copy: (b) => {
        const text = blockText(b);
        const noun = copyNoun(b);
        copyText(text).then(
          () => setCopied({ text: `Copied the ${noun}${noun === "formula" || noun === "value" ? ` ${text.length > 80 ? `${text.slice(0, 77)}…` : text}` : ` (${b.cells.length} row${b.cells.length === 1 ? "" : "s"})`}: paste it into a cell in Excel.` }),
          (e) => setCopied({ text: `Could not copy: ${e instanceof Error ? e.message : String(e)}`, error: true }),
        );
      },
      insertAt: (b, target) => run(b, target),
      readSelection: selection,
      open: (key) => {
        history.current = [...history.current, { tab: tabRef.current, detail: detailRef.current, focus: focusSelector(document.activeElement), key }].slice(-20);
        setHistoryLength(history.current.length);
        setDetail(key);
        setTab("search");
        setRecent((r) => {
          const next = [key, ...r.filter((x) => x !== key)].slice(0, 10);
          saveRecent(next);
          return next;
        });
      },
      browseFields: (kind, entity) => {
        setFb({ kind, entity });
        setTab("fields");
      },
      setTab,
    }),
    [canInsert, busy, run, selection],
  );

  // Back: to the place the detail was opened from (the results, the timeline, the previous
  // detail), with focus on what opened it; with no history, to the results.
  const back = () => {
    const from = history.current[history.current.length - 1];
    history.current = history.current.slice(0, -1);
    setHistoryLength(history.current.length);
    setTab(from?.tab ?? "search");
    setDetail(from?.detail ?? null);
    const target = from?.focus ?? (detail ? `[data-result="${CSS_escape(detail)}"]` : null);
    const focus = (tries: number) =>
      requestAnimationFrame(() => {
        const el = target ? document.querySelector<HTMLElement>(target) : null;
        if (el) el.focus();
        else if (tries > 0) focus(tries - 1);
        else (document.querySelector<HTMLElement>("#detail-heading") ?? document.getElementById("search-box"))?.focus();
      });
    focus(30);
  };
  const backTo = history.current[history.current.length - 1];
  const backLabel = !backTo ? "Results" : backTo.detail ? "Back" : backTo.tab === "search" ? "Results" : (VIEW_TABS.find((t) => t.id === backTo.tab)?.label ?? "Back");
  const fallback = <Text size={200}>Loading…</Text>;
  const version = versionParts(ADDIN_VERSION, pack.version, `${packOriginText(pack)}`, pack.horizons.china);

  return (
    // The pane's box is an inner div, not the provider: Fluent copies the provider's class onto
    // the portals it opens (menus, tooltips), which must not get the pane's full-height box.
    <FluentProvider theme={themeFor(host)}>
      <div className="pane">
      {typeof document !== "undefined" && document.getElementById("shell-css") ? null : <style>{SHELL_CSS}</style>}
      <style>{CSS + DATE_FIELD_CSS + TARIFF_STACK_CSS}</style>
      <DataContext.Provider value={data}>
        <ActionsContext.Provider value={actions}>
          {/* The same header as the static shell (shell.ts): one line each, so nothing below moves. */}
          <header className="hd">
            <h1 className="hd-title">{PANE_TITLE}</h1>
            <p className="hd-line" data-testid="version" title={`${version.before}${version.link}${version.after}${pack.overlay ? ` + ${pack.overlay.organisation}` : ""}`}>
              {version.before}
              <button type="button" className="data-link" data-testid="open-data" onClick={() => setDataOpen(true)} aria-label={`Data pack ${pack.version}, ${packOriginText(pack)}: open the data view`}>
                {version.link}
              </button>
              {version.after}
              {pack.overlay ? ` + ${pack.overlay.organisation}` : ""}
            </p>
            <HostStatus pending={pending} mode={host.mode} />
          </header>
          {pack.notice || (inExcel && stamp) ? (
            <Suspense fallback={null}>
              <DataBanner pack={pack} stamp={stamp} inExcel={inExcel} onOpen={() => setDataOpen(true)} onRecalc={onRecalc} />
            </Suspense>
          ) : null}
          {recalc.text ? (
            <Text as="p" block size={200} role="status" data-testid="recalc-status" style={{ margin: "0 0 6px", color: recalc.error ? tokens.colorPaletteRedForeground1 : undefined }}>
              {recalc.text}
            </Text>
          ) : null}
          <nav aria-label="Views">
            <ViewTabs
              selected={tab}
              onSelect={(t) => {
                setDataOpen(false);
                // The Search tab shows the results (not a detail left open earlier).
                if (t === "search") {
                  setDetail(null);
                  history.current = [];
                  setHistoryLength(0);
                }
                setTab(t);
              }}
              panelId="panel"
            />
          </nav>
          <InsertStatus
            copied={copied}
            onDismissCopied={() => setCopied(null)}
            state={ins}
            onDismiss={() => setIns(null)}
            onNextFree={() => {
              if (ins && !ins.busy && ins.outcome.status === "occupied" && lastBlock.current) {
                const n = ins.outcome.nextFree;
                run(lastBlock.current, { sheet: n.sheet, row: n.row, col: n.col });
              }
            }}
            onNewSheet={() => lastBlock.current && run(lastBlock.current, "new-sheet")}
          />
          <main className="pane-main">
            <div id="panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            <Suspense fallback={fallback}>
            {dataOpen ? (
              <DataPanel pack={pack} stamp={stamp} inExcel={inExcel} onBack={() => setDataOpen(false)} onRecalc={onRecalc} />
            ) : tab === "search" ? (
              detail ? (
                <DetailView itemKey={detail} onBack={back} backLabel={backLabel} />
              ) : (
                <SearchView initialQuery={query.current} onQuery={(q) => (query.current = q)} recent={recent} />
              )
            ) : tab === "fields" ? (
              <FieldBrowser kind={fb.kind} entity={fb.entity} onChange={(kind, entity) => setFb({ kind, entity })} />
            ) : tab === "pictures" ? (
              <Pictures />
            ) : tab === "templates" ? (
              <TemplatesPanel canInsert={canInsert} />
            ) : (
              <FunctionHelp />
            )}
            </Suspense>
            </div>
          </main>
          {/* Once the index is ready (it appears where it stays, not above a list that then grows). */}
          {tab === "search" && !detail && index ? <ConvertToCards /> : null}
        </ActionsContext.Provider>
      </DataContext.Provider>
      </div>
    </FluentProvider>
  );
}

/** A place in the pane Back can return to, and what had focus there. */
interface Place {
  tab: TabId;
  detail: string | null;
  focus: string | null;
  /** The detail opened from here. */
  key: string;
}

/** A selector that finds `el` again after React re-renders its view (by its data key or id). */
function focusSelector(el: Element | null): string | null {
  if (!el || el === document.body) return null;
  const h = el as HTMLElement;
  if (h.dataset?.result) return `[data-result="${CSS_escape(h.dataset.result)}"]`;
  if (h.dataset?.lane) return `[data-lane="${CSS_escape(h.dataset.lane)}"]`;
  if (h.dataset?.testid) return `[data-testid="${CSS_escape(h.dataset.testid)}"]`;
  if (h.id) return `#${CSS_escape(h.id)}`;
  return null;
}

const PREVIEW_DISMISSED = "trade-pane-preview-dismissed";

/**
 * The header's status line (one line, fixed height): connecting, connected, or the preview notice
 * (not in Excel), which can be dismissed for the session. Dismissed, its text stays for screen
 * readers (insert buttons point at it to say why they are off) and the line takes no room.
 */
function HostStatus({ pending, mode }: { pending: boolean; mode: HostInfo["mode"] }) {
  const [dismissed, setDismissed] = useState(() => {
    try {
      return globalThis.sessionStorage?.getItem(PREVIEW_DISMISSED) === "1";
    } catch {
      return false;
    }
  });
  if (pending)
    return (
      <p className="hd-status">
        <span className="hd-status-text">{CONNECTING_TEXT}</span>
      </p>
    );
  if (mode === "preview") {
    const text = "Preview: not in Excel, so inserting is off. Open the add-in in Excel to insert; search, details, pictures and help work here.";
    return (
      <p className={dismissed ? "visually-hidden" : "hd-status"} id="preview-banner" data-testid="preview-banner" title={text}>
        <span className="hd-status-text">
          <strong>Preview</strong>: not in Excel, so inserting is off.<span className="visually-hidden"> Open the add-in in Excel to insert; search, details, pictures and help work here.</span>
        </span>
        {dismissed ? null : (
          <button
            type="button"
            className="hd-x"
            aria-label="Dismiss the preview notice"
            data-testid="dismiss-preview"
            onClick={() => {
              setDismissed(true);
              try {
                globalThis.sessionStorage?.setItem(PREVIEW_DISMISSED, "1");
              } catch {
                /* storage unavailable: dismissed until the pane reloads */
              }
              document.getElementById("search-box")?.focus();
            }}
          >
            ×
          </button>
        )}
      </p>
    );
  }
  return (
    <p className="hd-status" data-testid="excel-ready" title="Connected to Excel. Inserts go to the selected cell and never overwrite data.">
      <span className="hd-status-text">Connected to Excel; inserts never overwrite data.</span>
    </p>
  );
}

function CSS_escape(s: string): string {
  return typeof CSS !== "undefined" && typeof (globalThis as { CSS?: { escape?(s: string): string } }).CSS?.escape === "function"
    ? (globalThis as unknown as { CSS: { escape(s: string): string } }).CSS.escape(s)
    : s.replace(/["\\]/g, "\\$&");
}

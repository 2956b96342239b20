/**
 * The task pane: search, detail, field browser, pictures and function help over
 * the sourced reference data; inserts into the workbook through office/insert.ts.
 * Office-free: every Office call goes through src/office/ (host detection,
 * inserts), so the pane renders in a plain browser (preview mode, inserting disabled).
 */
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Text, tokens } from "@fluentui/react-components";
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ADDIN_VERSION } from "../core/version";
import type { Block } from "./model/blocks";
import { insertBlock, type InsertTarget } from "../office/insert";
import { readSelection } from "../office/selection";
import { ActionsContext, DataContext, type PaneActions, type PaneData, type Tab as TabId } from "./context";
import type { HostInfo } from "../office/host";
import { KIND_ORDER, searchItems, type DatasetDoc, type FunctionExample, type FunctionMeta } from "./model/catalog";
import { packGeneration } from "../core/data/active";
import { packOriginText } from "../core/data/ref";
import { usePackState, useWorkbookStamp } from "./pack";
import { packDatasets } from "./bundled";
import { buildIndex, type SearchIndex } from "./model/search";
import { singleFlight } from "./model/busy";
import { themeFor } from "./theme";
import { SearchView } from "./components/SearchView";
import { InsertStatus, type InsertState } from "./components/InsertStatus";
import { ConvertToCards } from "./components/CardsPanel";
import { ViewTabs, VIEW_TABS_CSS } from "./components/ViewTabs";

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
}

const CSS = `
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.data-table{border-collapse:collapse;font-size:12px;min-width:100%}
.data-table th,.data-table td{border:1px solid var(--colorNeutralStroke2);padding:2px 4px;vertical-align:top;text-align:left}
.data-table thead th{background:var(--colorNeutralBackground3)}
.kv{border-collapse:collapse;font-size:12px;width:100%;table-layout:fixed}
.kv th,.kv td{border-bottom:1px solid var(--colorNeutralStroke2);padding:3px 4px;vertical-align:top;text-align:left;overflow-wrap:anywhere}
.kv th{font-weight:600;width:38%}
a:focus-visible,button:focus-visible,[tabindex]:focus-visible,h2:focus-visible{outline:2px solid var(--colorStrokeFocus2);outline-offset:1px}
.sb-label{display:block;font-size:var(--fontSizeBase300);line-height:var(--lineHeightBase300);color:var(--colorNeutralForeground1);margin-bottom:4px}
/* The search box is a layout root (size and layout containment): the layouts the browser forces while editing its text stay inside the box instead of re-laying out the page on every keystroke. */
.sb{box-sizing:border-box;display:block;width:100%;height:32px;contain:size layout style;padding:0 10px;font:inherit;font-size:var(--fontSizeBase300);color:var(--colorNeutralForeground1);background:var(--colorNeutralBackground1);border:1px solid var(--colorNeutralStroke1);border-bottom-color:var(--colorNeutralStrokeAccessible);border-radius:var(--borderRadiusMedium)}
.sb:focus{outline:none;border-bottom:2px solid var(--colorCompoundBrandStroke)}
.sb:focus-visible{outline:2px solid var(--colorStrokeFocus2);outline-offset:1px}
.sb::placeholder{color:var(--colorNeutralForeground4)}
.sb-status{font-size:var(--fontSizeBase200);line-height:var(--lineHeightBase200)}
.sb-hint{margin:2px 0 0;font-size:var(--fontSizeBase200);color:var(--colorNeutralForeground3)}
/* Rows and groups the current results do not use are kept hidden for reuse (see SearchView). */
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
.sources li{overflow-wrap:anywhere}
.clamp{display:-webkit-box;-webkit-line-clamp:4;-webkit-box-orient:vertical;overflow:hidden}
.tl-legend{display:flex;flex-wrap:wrap;gap:4px 10px;font-size:var(--fontSizeBase200);margin:0 0 4px}
.tl-key{display:inline-flex;align-items:center;gap:4px}
.tl-sw{display:inline-block;width:12px;height:8px}
.tl-lane{cursor:pointer}
.tl-lane:focus{outline:none}
.tl-lane:focus-visible>rect:first-child{stroke:var(--colorStrokeFocus2);stroke-width:2}
.tl-lane:hover>rect:first-child{fill:var(--colorSubtleBackgroundHover)}
.sticky-back{position:sticky;top:0;z-index:2;background:var(--colorNeutralBackground1);padding:2px 0}
.tag-org{background:var(--colorPaletteLavenderBackground2)}
.tag-added{background:var(--colorPaletteGreenBackground2)}
.tag-removed{background:var(--colorPaletteRedBackground2)}
.tag-changed{background:var(--colorPaletteYellowBackground2)}
.wc-list,.wc-fields{margin:2px 0;padding-left:18px;font-size:var(--fontSizeBase200)}
.wc-list>li{margin-bottom:4px;overflow-wrap:anywhere}
.data-link{background:transparent;border:0;padding:0;color:var(--colorBrandForegroundLink);font:inherit;text-decoration:underline;cursor:pointer}
`;

export function App({ host, pending = false, datasets: datasetsProp, examples = {}, loadFunctions, insert = insertBlock, selection = readSelection }: AppProps) {
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
  const query = useRef("");
  const [detail, setDetail] = useState<string | null>(null);
  const [fb, setFb] = useState<{ kind?: string; entity?: string }>({});
  const [functions, setFunctions] = useState<FunctionMeta[]>([]);
  const [functionsError, setFunctionsError] = useState<string | undefined>();
  const [ins, setIns] = useState<InsertState>(null);
  const lastBlock = useRef<Block | null>(null);
  const returnFocus = useRef<string | null>(null);
  const [recent, setRecent] = useState<string[]>(loadRecent);
  const [index, setIndex] = useState<SearchIndex | null>(null);

  // functions.json and the template list arrive just after the first paint; the index is built
  // once both have settled (one build, not three, on the main thread while the user starts
  // typing), or after a short wait without them, and rebuilt if they come later.
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
  useEffect(() => {
    import(/* webpackChunkName: "templates-catalog" */ "../templates/index")
      .then(
        (m) => setTemplates(m.templateCatalog().map((t) => ({ id: t.id, title: t.title, description: t.description }))),
        () => undefined,
      )
      .finally(() => setTemplatesSettled(true));
    const t = setTimeout(() => setWaited(true), 800);
    return () => clearTimeout(t);
  }, []);
  const ready = (functionsSettled && templatesSettled) || waited;
  useEffect(() => {
    if (!ready) return;
    const t = setTimeout(() => setIndex(buildIndex(searchItems(datasets, functions, templates), KIND_ORDER)), 0);
    return () => clearTimeout(t);
  }, [ready, datasets, functions, templates]);
  const data: PaneData = useMemo(() => ({ datasets, functions, functionsError, examples, index, pack }), [datasets, functions, functionsError, examples, index, pack]);

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
      insertAt: (b, target) => run(b, target),
      readSelection: selection,
      open: (key) => {
        returnFocus.current = key;
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

  const back = () => {
    const key = returnFocus.current;
    setDetail(null);
    const focus = (tries: number) =>
      requestAnimationFrame(() => {
        const el = key ? document.querySelector<HTMLElement>(`[data-result="${CSS_escape(key)}"]`) : null;
        if (el) el.focus();
        else if (tries > 0) focus(tries - 1);
        else document.getElementById("search-box")?.focus();
      });
    focus(3);
  };
  const fallback = <Text size={200}>Loading…</Text>;

  return (
    <FluentProvider theme={themeFor(host)} style={{ minHeight: "100vh", padding: "10px 12px", boxSizing: "border-box", minWidth: 0 }}>
      <style>{CSS + VIEW_TABS_CSS}</style>
      <DataContext.Provider value={data}>
        <ActionsContext.Provider value={actions}>
          <header>
            <Subtitle2 as="h1" block style={{ margin: 0 }}>
              Rare Earth Trade Modeler
            </Subtitle2>
            <Text size={200} as="p" block data-testid="version" style={{ margin: "2px 0 6px", color: tokens.colorNeutralForeground2 }}>
              Version {ADDIN_VERSION} ·{" "}
              <button type="button" className="data-link" data-testid="open-data" onClick={() => setDataOpen(true)} aria-label={`Data pack ${pack.version}, ${packOriginText(pack)}: open the data view`}>
                data pack {pack.version}
              </button>{" "}
              ({packOriginText(pack)}{pack.overlay ? ` + ${pack.overlay.organisation}` : ""}) · confirmed to {pack.horizons.china}
            </Text>
          {pending ? (
            <Text as="p" block size={200} style={{ margin: "0 0 6px" }}>
              Connecting to Excel…
            </Text>
          ) : host.mode === "preview" ? (
            <MessageBar intent="info" data-testid="preview-banner" id="preview-banner" style={{ marginBottom: 6 }}>
              <MessageBarBody>
                <MessageBarTitle>Preview</MessageBarTitle>
                Not running in Excel: open in Excel to insert data. Search, details, pictures and help work here.
              </MessageBarBody>
            </MessageBar>
          ) : (
            <Text as="p" block size={200} data-testid="excel-ready" style={{ margin: "0 0 6px" }}>
              Connected to Excel. Inserts go to the selected cell and never overwrite data.
            </Text>
          )}
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
                setTab(t);
              }}
              panelId="panel"
            />
          </nav>
          <InsertStatus
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
          <main style={{ marginTop: 8 }}>
            <div id="panel" role="tabpanel" aria-labelledby={`tab-${tab}`}>
            <Suspense fallback={fallback}>
            {dataOpen ? (
              <DataPanel pack={pack} stamp={stamp} inExcel={inExcel} onBack={() => setDataOpen(false)} onRecalc={onRecalc} />
            ) : tab === "search" ? (
              detail ? (
                <DetailView itemKey={detail} onBack={back} />
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
          {tab === "search" && !detail ? <ConvertToCards /> : null}
        </ActionsContext.Provider>
      </DataContext.Provider>
    </FluentProvider>
  );
}

function CSS_escape(s: string): string {
  return typeof CSS !== "undefined" && typeof (globalThis as { CSS?: { escape?(s: string): string } }).CSS?.escape === "function"
    ? (globalThis as unknown as { CSS: { escape(s: string): string } }).CSS.escape(s)
    : s.replace(/["\\]/g, "\\$&");
}

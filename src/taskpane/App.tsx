/**
 * The task pane: search, detail, field browser, pictures and function help over
 * the sourced reference data; inserts into the workbook through office/insert.ts.
 * Office-free: every Office call goes through src/office/ (host detection,
 * inserts), so the pane renders in a plain browser (preview mode, inserting disabled).
 */
import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, Tab, TabList, Text, tokens } from "@fluentui/react-components";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ADDIN_VERSION } from "../core/version";
import type { Block } from "./model/blocks";
import { insertBlock, type InsertTarget } from "../office/insert";
import { ActionsContext, DataContext, type PaneActions, type PaneData, type Tab as TabId } from "./context";
import type { HostInfo } from "../office/host";
import { DATA_HORIZON, DATA_VERSION, KIND_ORDER, searchItems, type DatasetDoc, type FunctionExample, type FunctionMeta } from "./model/catalog";
import { buildIndex } from "./model/search";
import { singleFlight } from "./model/busy";
import { themeFor } from "./theme";
import { SearchView } from "./components/SearchView";
import { DetailView } from "./components/DetailView";
import { TemplatesPanel } from "./components/TemplatesPanel";
import { FieldBrowser } from "./components/FieldBrowser";
import { Pictures } from "./components/Pictures";
import { FunctionHelp } from "./components/FunctionHelp";
import { InsertStatus, type InsertState } from "./components/InsertStatus";
import { ConvertToCards } from "./components/CardsPanel";

export interface AppProps {
  host: HostInfo;
  datasets?: readonly DatasetDoc[];
  examples?: Readonly<Record<string, readonly FunctionExample[]>>;
  loadFunctions?: () => Promise<FunctionMeta[]>;
  /** Overrides office/insert.ts (tests). */
  insert?: (block: Block, target?: InsertTarget) => ReturnType<typeof insertBlock>;
}

const CSS = `
.visually-hidden{position:absolute!important;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.data-table{border-collapse:collapse;font-size:12px;min-width:100%}
.data-table th,.data-table td{border:1px solid var(--colorNeutralStroke2);padding:2px 4px;vertical-align:top;text-align:left}
.data-table thead th{background:var(--colorNeutralBackground3)}
`;

export function App({ host, datasets = [], examples = {}, loadFunctions, insert = insertBlock }: AppProps) {
  const canInsert = host.mode === "excel";
  const [tab, setTab] = useState<TabId>("search");
  const [query, setQuery] = useState("");
  const [detail, setDetail] = useState<string | null>(null);
  const [fb, setFb] = useState<{ kind?: string; entity?: string }>({});
  const [functions, setFunctions] = useState<FunctionMeta[]>([]);
  const [functionsError, setFunctionsError] = useState<string | undefined>();
  const [ins, setIns] = useState<InsertState>(null);
  const lastBlock = useRef<Block | null>(null);
  const returnFocus = useRef<string | null>(null);

  useEffect(() => {
    if (!loadFunctions) return;
    loadFunctions().then(setFunctions, (e) => setFunctionsError(e instanceof Error ? e.message : String(e)));
  }, [loadFunctions]);

  const index = useMemo(() => buildIndex(searchItems(datasets, functions), KIND_ORDER), [datasets, functions]);
  const data: PaneData = useMemo(() => ({ datasets, functions, functionsError, examples, index }), [datasets, functions, functionsError, examples, index]);

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
      open: (key) => {
        returnFocus.current = key;
        setDetail(key);
        setTab("search");
      },
      browseFields: (kind, entity) => {
        setFb({ kind, entity });
        setTab("fields");
      },
      setTab,
    }),
    [canInsert, busy, run],
  );

  const back = () => {
    const key = returnFocus.current;
    setDetail(null);
    requestAnimationFrame(() => {
      const el = key ? document.querySelector<HTMLElement>(`[data-result="${CSS_escape(key)}"]`) : null;
      (el ?? document.getElementById("search-box"))?.focus();
    });
  };

  return (
    <FluentProvider theme={themeFor(host)} style={{ minHeight: "100vh", padding: "10px 12px", boxSizing: "border-box", minWidth: 0 }}>
      <style>{CSS}</style>
      <DataContext.Provider value={data}>
        <ActionsContext.Provider value={actions}>
          <header>
            <Subtitle2 as="h1" block style={{ margin: 0 }}>
              Rare Earth Trade Modeler
            </Subtitle2>
            <Text size={200} as="p" block data-testid="version" style={{ margin: "2px 0 6px", color: tokens.colorNeutralForeground2 }}>
              Version {ADDIN_VERSION} · data pack {DATA_VERSION} · confirmed to {DATA_HORIZON}
            </Text>
          </header>
          {host.mode === "preview" ? (
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
          <nav aria-label="Views">
            <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(d.value as TabId)} size="small" style={{ flexWrap: "wrap" }}>
              <Tab value="search" id="tab-search" aria-controls="panel">Search</Tab>
              <Tab value="fields" id="tab-fields" aria-controls="panel">Fields</Tab>
              <Tab value="pictures" id="tab-pictures" aria-controls="panel">Pictures</Tab>
              <Tab value="templates" id="tab-templates" aria-controls="panel">Templates</Tab>
              <Tab value="functions" id="tab-functions" aria-controls="panel">Functions</Tab>
            </TabList>
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
          <main id="panel" role="tabpanel" aria-labelledby={`tab-${tab}`} style={{ marginTop: 8 }}>
            {tab === "search" ? (
              detail ? (
                <DetailView itemKey={detail} onBack={back} />
              ) : (
                <SearchView query={query} setQuery={setQuery} />
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

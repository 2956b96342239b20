/* eslint-disable @typescript-eslint/no-this-alias -- the fake's proxies close over the fake itself */
/**
 * One fake Excel for every test of the Office modules (src/office): the task
 * pane's block inserts, template insertion, cards, the selection and the
 * share-ready copy. (test/e2e/fake-office.ts is a different thing: a stand-in
 * for office.js that runs inside the browser page of the e2e suite.)
 *
 * Office's batch rule is kept: proxies queue their writes and reads, and
 * context.sync() runs the queue in call order; the first failing op rejects the
 * sync and the later ops of that batch do not run (the earlier ones stay done,
 * as in Excel). A property must be load()-ed and then sync()-ed before it is
 * read; reading it earlier gives office-addin-mock's "not loaded" marker, as
 * real Office would refuse it. The read-only results (used ranges, spill
 * parents and spill ranges) are office-addin-mock OfficeMockObjects; the
 * *OrNullObject ones answer isNullObject after a sync without a load, as Office does.
 *
 * Workbook model: sheets with a stable id and a name; cells in a Map
 * "r,c" → { f?: formula, v: value shown, t?: valueType }. The fake does not
 * calculate: a formula's value is what the test seeds ("(calc)" by default).
 * Spills: the anchor holds the formula, the spilled cells hold their shown
 * values, and `spills` maps the anchor to its size. Writing a spill's anchor
 * removes the spill; writing into a spill without its anchor fails (Excel
 * would show #SPILL!).
 *
 * Two logs of the same writes, for the two ways tests look at them:
 * `writes` ({op, sheet name, A1 address, data}) and `log` ({op, sheet id, detail}),
 * so a test can prove which sheet was (not) written.
 *
 * Read-only mode (`readOnly = true`, for the share-ready copy, which must only
 * read): every write or structural change throws at the call, before it is
 * queued; `snapshot()` with no sheet captures the whole workbook (cells,
 * spills, names, looks) to prove it unchanged; `reads` logs each range read of
 * cell contents (to check chunking); `Excel.createWorkbook` records the
 * base64 it gets in `created`. Collections (worksheets, names, tables,
 * comments, conditional formats) give their items only after load() + sync().
 *
 * What a share copy reads beyond values, modelled as Excel reports it:
 * hidden rows and columns (Range.rowHidden/columnHidden, getRowProperties,
 * getColumnProperties), row heights, hidden names (NamedItem.visible), cell
 * looks (FakeCell.look: Range.format's font, fill, alignment and borders,
 * which read null when the cells of a range differ; getCellProperties per
 * cell), hyperlinks (FakeCell.link), merged areas (getMergedAreasOrNullObject),
 * notes (Worksheet.notes, ExcelApi 1.18) apart from threaded comments
 * (Worksheet.comments, 1.10; `notesAsComments` keeps the older model in which
 * notes also read as comments). `responseLimit` makes a sync whose loaded data
 * exceeds that many characters of JSON fail as Excel on the web does over its
 * 5 MB limit (ResponsePayloadSizeLimitExceeded); `payloadFailures` counts them.
 */
import { OfficeMockObject } from "office-addin-mock";

export type Scalar = string | number | boolean;

/** office-addin-mock's marker for a property read before load() + sync(). */
export const NOT_LOADED = "Error, property was not loaded";

export interface FakeCell {
  /** Formula text ("=..."), when the cell holds a formula. */
  f?: string;
  /** The value shown (a formula's value as Excel had calculated it). */
  v: Scalar;
  /** valueType when not implied by `v` (e.g. "Error"). */
  t?: string;
  /** Written with the text prefix (an apostrophe), which is not part of the value. */
  quoted?: boolean;
  /** Number format ("General" when absent). */
  nf?: string;
  /** Range.valuesAsJson of the cell (a data type such as an entity), when it has one. */
  json?: unknown;
  /** How the cell looks (absent: Excel's defaults, Calibri 11, no fill, no borders). */
  look?: FakeLook;
  /** The cell's hyperlink (Insert › Link). */
  link?: { address?: string; documentReference?: string; screenTip?: string };
}

/** A cell's look as Office reports it (colours "#RRGGBB"; border styles and weights are Office's names). */
export interface FakeLook {
  font?: { name?: string; size?: number; color?: string; bold?: boolean; italic?: boolean; underline?: string; strikethrough?: boolean };
  fill?: string;
  borders?: Partial<Record<"top" | "bottom" | "left" | "right", { style: string; color?: string; weight?: string }>>;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
}

/** Excel's defaults for a cell without a look. */
export const DEFAULT_LOOK = {
  font: { name: "Calibri", size: 11, color: "#000000", bold: false, italic: false, underline: "None", strikethrough: false },
  fill: "#FFFFFF",
  horizontalAlignment: "General",
  verticalAlignment: "Bottom",
  wrapText: false,
  indentLevel: 0,
};

/** A conditional format as Excel reports it (CellValue or Custom). */
export interface FakeConditional {
  address: string;
  type: string;
  rule?: { operator?: string; formula1?: string; formula2?: string; formula?: string };
  font?: { color?: string; bold?: boolean };
  fill?: { color?: string };
}

export interface FakeTable {
  name: string;
  sheet: string;
  address: string;
  style?: string;
}

export interface FakeSheet {
  id: string;
  name: string;
  cells: Map<string, FakeCell>;
  /** Sheet-scoped defined names, by lower-case name. */
  names: Map<string, { name: string; formula: string; comment?: string; visible?: boolean }>;
  charts: { type: string; source: string; title?: string; anchor?: string; to?: string }[];
  tables: FakeTable[];
  /** PivotTables on the sheet, by name (Worksheet.pivotTables, ExcelApi 1.8). */
  pivots: string[];
  /** Shapes and pictures on the sheet, by name (Worksheet.shapes, ExcelApi 1.9). */
  shapes: string[];
  /** "r,c" of a spill anchor → its spill size. */
  spills: Map<string, { rows: number; cols: number }>;
  /** Worksheet.protection.protected */
  protected?: boolean;
  /** Column index → width in points (48 when absent, Excel's default). */
  colWidths: Map<number, number>;
  conditional: FakeConditional[];
  /** Column index → the data validation over the whole used column. */
  validations: Map<number, { type: string; source?: string; prompt?: string }>;
  /** Notes at 0-based cells (Worksheet.notes, ExcelApi 1.18; also read as comments while `notesAsComments`). */
  notes: { r: number; c: number; text: string; author?: string }[];
  /** Threaded comments (Worksheet.comments, ExcelApi 1.10). */
  threads: { r: number; c: number; text: string; author: string }[];
  /** Rows frozen at the top (Worksheet.freezePanes). */
  freezeRows?: number;
  hiddenRows: Set<number>;
  hiddenCols: Set<number>;
  /** Row index → custom height in points (15 when absent, Excel's standard height). */
  rowHeights: Map<number, number>;
  /** Merged areas, A1 ("A1:C1"). */
  merges: string[];
}

/** A write as the task pane's tests see it: sheet by name, A1 address (no sheet). */
export interface WriteLog {
  op: string;
  sheet: string;
  address: string;
  data?: unknown;
}

/** A write or structural change as the template tests see it: sheet by id. */
export interface LogEntry {
  op: string;
  sheetId: string;
  detail?: unknown;
}

type OfficeError = Error & { code?: string };

const officeError = (message: string, code: string): OfficeError => Object.assign(new Error(message), { code });

/** Column index (0-based) → letters. */
function letters(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** A1 address of a block (0-based indexes). */
export function a1(row: number, col: number, rows = 1, cols = 1): string {
  const tl = `${letters(col)}${row + 1}`;
  return rows === 1 && cols === 1 ? tl : `${tl}:${letters(col + cols - 1)}${row + rows}`;
}

/** One value for a block: the common one, or null when the cells differ (as Range properties report it). */
function uniform<T>(values: T[]): T | null {
  return values.every((v) => v === values[0]) ? values[0] : null;
}

function parseCell(a: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(a.replace(/\$/g, ""));
  if (!m) throw new Error(`not a cell address: ${a}`);
  let c = 0;
  for (const ch of m[1]) c = c * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, c - 1];
}

/** "B12" → the fake's "r,c" key. */
export function key(address: string): string {
  const [r, c] = parseCell(address);
  return `${r},${c}`;
}

/** A value as written through formulas/values: a formula, a text-prefixed constant, an error text, a constant. */
function cellOf(v: unknown): FakeCell | undefined {
  if (v === "" || v === null || v === undefined) return undefined; // writing "" clears the cell
  if (typeof v === "string" && v.startsWith("=")) return { f: v, v: "(calc)" };
  if (typeof v === "string" && v.startsWith("'")) return { v: v.slice(1), quoted: true };
  if (typeof v === "string" && v.startsWith("#")) return { v, t: "Error" };
  return { v: v as Scalar };
}

function valueType(c: FakeCell | undefined): string {
  if (!c) return "Empty";
  if (c.t) return c.t;
  return typeof c.v === "number" ? "Double" : typeof c.v === "boolean" ? "Boolean" : "String";
}

/** Names listed by a load() argument ("a,b/c", ["a"], { select: "a" }); undefined = everything. */
function propsOf(arg: unknown): string[] | undefined {
  if (arg === undefined) return undefined;
  const text = Array.isArray(arg) ? arg.join(",") : typeof arg === "string" ? arg : String((arg as { select?: string }).select ?? "");
  return text
    .split(",")
    .map((p) => p.trim().split("/")[0])
    .filter(Boolean);
}

export class FakeExcel {
  sheets: FakeSheet[] = [];
  /** The active sheet (by id) and the active cell on it. */
  activeId: string;
  activeCell = { row: 0, col: 0 };
  /** Name of the sheet the code under test last activated. */
  activated?: string;
  /** The last selection the code made. */
  selected?: { sheet: string; address: string };
  writes: WriteLog[] = [];
  log: LogEntry[] = [];
  /** Range reads of cell contents (formulas, values or valuesAsJson) as they reached the fake: to check chunking. */
  reads: { sheetId: string; r: number; c: number; h: number; w: number }[] = [];
  /** When true, every write or structural change throws at the call (the share-ready copy only reads). */
  readOnly = false;
  /** The base64 of each Excel.createWorkbook call. */
  created: string[] = [];
  /** Range.getSpillingToRangeOrNullObject calls. */
  spillChecks = 0;
  /** The selected block on the active sheet (Workbook.getSelectedRange); the active cell when unset. */
  selection?: { row: number; col: number; rows: number; cols: number };
  /** Excel.run calls, and the options each got. */
  runs = 0;
  runOptions: unknown[] = [];
  syncCount = 0;
  /** Requirement sets (ExcelApi versions) the fake Office reports: by default a host with 1.13 (not 1.20). */
  apis = new Set<string>(["1.1", "1.4", "1.7", "1.10", "1.12", "1.13"]);
  /** Workbook-scoped defined names (visible unless `visible` is false). */
  workbookNames: { name: string; formula: string; visible?: boolean }[] = [];
  /** Worksheet.comments also lists the notes (the older model); false models Excel: threaded comments only. */
  notesAsComments = true;
  /** Largest loaded data per sync, in characters of JSON; above it the sync fails (ResponsePayloadSizeLimitExceeded). */
  responseLimit?: number;
  /** Syncs that failed over responseLimit. */
  payloadFailures = 0;
  /** getCellProperties calls (cells each), to check how looks are read. */
  cellPropertyReads: { sheetId: string; cells: number; what: string }[] = [];
  private batchBytes = 0;
  /** Set to make the next sync reject before any op runs (e.g. cell-edit mode). */
  failNextSync?: OfficeError;
  /**
   * Op → error thrown (once) when Excel reaches it: "formulas", "values", "numberFormat", "bold",
   * "italic", "table", "autofit", "activate", "select", "rename", "addName", "addChart", "delete",
   * "copy", "insertRow", "addSheet", "insertWorksheets", "deleteName", and "read" (a range read of cell contents).
   */
  failOps = new Map<string, OfficeError>();
  /** What insertWorksheetsFromBase64 does: insert the template sheet (with its names), or fail. */
  insertBehaviour: "ok" | "unsupported-feature" | "names-broken" = "ok";
  /** The sheet a template base64 ("BASE64:<name>") stands for. */
  templateSheet?: { name: string; cells: [string, FakeCell][]; names: { name: string; formula: string }[] };
  /** The Excel namespace: `globalThis.Excel = fake.root` (or install()). */
  readonly root: { run: (a: unknown, b?: unknown) => Promise<unknown>; createWorkbook: (base64: string) => Promise<void> };

  private queue: (() => void)[] = [];
  private mocks: OfficeMockObject[] = [];
  private nextId = 100;

  constructor(names: string[] = ["Sheet1"]) {
    for (const n of names) this.addSheet(n);
    this.activeId = this.sheets[0].id;
    this.root = {
      run: async (a: unknown, b?: unknown) => {
        const cb = (typeof a === "function" ? a : b) as (ctx: unknown) => Promise<unknown>;
        this.runs++;
        this.runOptions.push(typeof a === "function" ? undefined : a);
        this.queue = [];
        return cb(this.context());
      },
      createWorkbook: async (base64: string) => {
        this.created.push(base64);
      },
    };
  }

  // ---------------------------------------------------------------------------
  // Set-up and inspection (tests)

  /** Installs the Excel and Office globals (Office answers requirement sets from `apis`). */
  install(): void {
    (globalThis as any).Excel = this.root;
    this.installOffice();
  }

  /** Installs only the Office global. */
  installOffice(): void {
    (globalThis as any).Office = {
      context: { requirements: { isSetSupported: (set: string, v?: string) => set === "ExcelApi" && this.apis.has(v ?? "1.1") } },
    };
  }

  uninstall(): void {
    delete (globalThis as any).Office;
    delete (globalThis as any).Excel;
  }

  /** The active sheet (by name) and cell; assign to move them. */
  get active(): { sheet: string; row: number; col: number } {
    return { sheet: this.byId(this.activeId).name, ...this.activeCell };
  }
  set active(a: { sheet: string; row: number; col: number }) {
    this.activeId = this.byName(a.sheet).id;
    this.activeCell = { row: a.row, col: a.col };
  }

  addSheet(name: string): FakeSheet {
    const s: FakeSheet = {
      id: `{S${this.nextId++}}`,
      name,
      cells: new Map(),
      names: new Map(),
      charts: [],
      tables: [],
      spills: new Map(),
      colWidths: new Map(),
      conditional: [],
      validations: new Map(),
      notes: [],
      threads: [],
      pivots: [],
      shapes: [],
      hiddenRows: new Set(),
      hiddenCols: new Set(),
      rowHeights: new Map(),
      merges: [],
    };
    this.sheets.push(s);
    return s;
  }

  byName(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** Same as byName. */
  sheet(name: string): FakeSheet {
    return this.byName(name);
  }

  private byId(id: string): FakeSheet {
    const s = this.sheets.find((x) => x.id === id);
    if (!s) throw new Error(`no sheet ${id}`);
    return s;
  }

  /** Seeds a cell as a user would type it: a constant, "'text" or a formula "=..." (its value "(calc)"). */
  set(sheet: string, row: number, col: number, v: Scalar): this {
    const c = cellOf(v);
    if (c) this.byName(sheet).cells.set(`${row},${col}`, c);
    else this.byName(sheet).cells.delete(`${row},${col}`);
    return this;
  }

  /** Seeds a cell exactly (formula, shown value, value type, number format) by A1 address. */
  cell(sheet: string, address: string, cell: FakeCell): this {
    this.byName(sheet).cells.set(key(address), cell);
    return this;
  }

  /** Seeds a spilled formula at (row, col): the anchor and the other rows×cols cells show `value`. */
  spill(sheet: string, row: number, col: number, rows: number, cols: number, formula: string, value: Scalar = ""): this {
    const s = this.byName(sheet);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) s.cells.set(`${row + r},${col + c}`, { v: value });
    s.cells.set(`${row},${col}`, { f: formula, v: value });
    s.spills.set(`${row},${col}`, { rows, cols });
    return this;
  }

  /** What the cell holds: its formula, else its value (a text prefix is not part of it). */
  get(sheet: string, address: string): Scalar | undefined {
    const c = this.byName(sheet).cells.get(key(address));
    return c ? (c.f ?? c.v) : undefined;
  }

  /** The cell as written: the formula, or the constant with its text prefix. */
  raw(sheet: string, address: string): Scalar | undefined {
    const c = this.byName(sheet).cells.get(key(address));
    return c ? (c.f ?? (c.quoted ? `'${c.v}` : c.v)) : undefined;
  }

  /** Deep snapshot of one sheet, or with no name of the whole workbook (to prove it unchanged). */
  snapshot(name?: string): string {
    const one = (s: FakeSheet) => ({
      ...s,
      cells: [...s.cells].sort(),
      names: [...s.names].sort(),
      spills: [...s.spills].sort(),
      colWidths: [...s.colWidths].sort(),
      validations: [...s.validations].sort(),
      hiddenRows: [...s.hiddenRows].sort(),
      hiddenCols: [...s.hiddenCols].sort(),
      rowHeights: [...s.rowHeights].sort(),
    });
    if (name !== undefined) return JSON.stringify(one(this.byName(name)));
    return JSON.stringify({ sheets: this.sheets.map(one), workbookNames: this.workbookNames, activeId: this.activeId });
  }

  /** The active sheet's name. */
  activeSheetName(): string {
    return this.byId(this.activeId).name;
  }

  /** Refuses a write in read-only mode: called when the code under test asks for the write, before it is queued. */
  private writing(op: string): void {
    if (this.readOnly) throw new Error(`the fake workbook is read-only: ${op} refused`);
  }

  /** Queues a write (refused at once in read-only mode); `fn` runs at the next sync. */
  private queueWrite(op: string, fn: () => void): void {
    this.writing(op);
    this.queue.push(fn);
  }

  /** Throws (once) the error registered for `op`. */
  maybeFail(op: string): void {
    const e = this.failOps.get(op);
    if (e) {
      this.failOps.delete(op);
      throw e;
    }
  }

  // ---------------------------------------------------------------------------
  // Internals

  private write(op: string, s: FakeSheet, r: number, c: number, h: number, w: number, data?: unknown, detail?: unknown): void {
    this.writes.push(data === undefined ? { op, sheet: s.name, address: a1(r, c, h, w) } : { op, sheet: s.name, address: a1(r, c, h, w), data });
    this.log.push(detail === undefined ? { op, sheetId: s.id } : { op, sheetId: s.id, detail });
  }

  private spillCovering(s: FakeSheet, r: number, c: number): { row: number; col: number; rows: number; cols: number } | undefined {
    for (const [k, sp] of s.spills) {
      const [ar, ac] = k.split(",").map(Number);
      if (r >= ar && r < ar + sp.rows && c >= ac && c < ac + sp.cols) return { row: ar, col: ac, ...sp };
    }
    return undefined;
  }

  /**
   * An object whose properties (plain values or whole objects, such as a data
   * validation's rule) are readable only after load() + sync(): before, they
   * read as office-addin-mock's "not loaded" marker. The values are taken at the sync.
   */
  private gated(keys: string[], data: () => Record<string, unknown>, writable: string[] = []): any {
    const loaded = new Set<string>();
    let snap: Record<string, unknown> = {};
    const o: any = {
      load: (arg?: unknown) => {
        const props = propsOf(arg);
        this.queue.push(() => {
          snap = data();
          (props ?? keys).forEach((p) => loaded.add(p));
        });
        return o;
      },
    };
    for (const p of keys)
      Object.defineProperty(o, p, {
        get: () => (loaded.has(p) ? snap[p] : NOT_LOADED),
        // A writable property (font.bold) is a write: it goes to the object's set_<name>.
        set: writable.includes(p) ? (v: unknown) => o[`set_${p}`](v) : undefined,
        enumerable: true,
      });
    return o;
  }

  /** A cell's look with Excel's defaults filled in. */
  lookOf(s: FakeSheet, r: number, c: number) {
    const look = s.cells.get(`${r},${c}`)?.look;
    if (!look) return PLAIN;
    return lookWithDefaults(look);
  }

  /** CellProperties.format as Excel returns it, with the parts the load options ask for. */
  private cellFormat(l: ReturnType<FakeExcel["lookOf"]>, opts: any): any {
    return cellFormatOf(l, opts);
  }

  private track(m: OfficeMockObject): OfficeMockObject {
    this.mocks.push(m);
    return m;
  }

  /** An *OrNullObject result: isNullObject can be loaded, and is readable after a sync without a load too (as in Office). */
  private nullable(data: Record<string, unknown>, isNull: boolean): OfficeMockObject {
    const m = new OfficeMockObject({ ...data, isNullObject: isNull });
    Object.defineProperty(m, "isNullObject", { value: isNull, configurable: true });
    return this.track(m);
  }

  /** A collection whose items are readable only after load() + sync(), as in Office. */
  private collection(items: () => unknown[], extra: Record<string, unknown> = {}): any {
    let loaded = false;
    const col: any = {
      ...extra,
      load: () => {
        this.queue.push(() => (loaded = true));
        return col;
      },
    };
    Object.defineProperty(col, "items", {
      get: () => {
        if (!loaded) throw new Error("the fake refuses to read items before load() and sync()");
        return items();
      },
    });
    return col;
  }

  /** A sheet's scoped names: items (name, formula, delete()) after load() + sync(); add() queues a write. */
  private sheetNames(sheet: () => FakeSheet): any {
    const self = this;
    return this.collection(
      () =>
        [...sheet().names.values()].map((n) => ({
          name: n.name,
          formula: n.formula,
          ...(n.visible === undefined ? {} : { visible: n.visible }),
          delete: () =>
            self.queueWrite("deleteName", () => {
              self.maybeFail("deleteName");
              const s = sheet();
              s.names.delete(n.name.toLowerCase());
              self.log.push({ op: "deleteName", sheetId: s.id, detail: n.name });
            }),
        })),
      {
        add(name: string, range: any, comment?: string) {
          self.queueWrite("addName", () => {
            self.maybeFail("addName");
            const s = sheet();
            s.names.set(name.toLowerCase(), { name, formula: `='${s.name}'!${range.__address}`, comment });
            self.log.push({ op: "addName", sheetId: s.id, detail: name });
          });
        },
      },
    );
  }

  private async sync(): Promise<void> {
    this.syncCount++;
    const q = this.queue;
    this.queue = [];
    if (this.failNextSync) {
      const e = this.failNextSync;
      this.failNextSync = undefined;
      throw e;
    }
    for (const m of this.mocks) await m.sync();
    this.mocks = [];
    // As in Office: the ops of a batch run in order; the first failure rejects the sync and later ops do not run.
    this.batchBytes = 0;
    for (const op of q) op();
    if (this.responseLimit !== undefined && this.batchBytes > this.responseLimit) {
      this.payloadFailures++;
      throw officeError("The response payload size has exceeded the limit. Please refer to the documentation: https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins.", "ResponsePayloadSizeLimitExceeded");
    }
  }

  /** Counts loaded data toward this sync's response size. */
  charge(data: unknown): void {
    if (this.responseLimit !== undefined) this.batchBytes += JSON.stringify(data).length;
  }

  private context(): any {
    const self = this;
    const worksheets: any = this.collection(() => self.sheets.map((s) => ({ name: s.name, id: s.id, names: self.sheetNames(() => s) })), {
      getActiveWorksheet: () => {
        const s = self.byId(self.activeId);
        return self.sheetProxy(() => s);
      },
      getItem: (k: string) => {
        const s = self.sheets.find((x) => x.id === k || x.name === k);
        if (!s) throw officeError("The requested resource doesn't exist.", "ItemNotFound");
        return self.sheetProxy(() => s);
      },
      getItemOrNullObject: (k: string) => {
        const s = self.sheets.find((x) => x.id === k || x.name.toLowerCase() === k.toLowerCase());
        if (!s) return self.nullable({ name: "" }, true);
        const ws = self.sheetProxy(() => s);
        Object.defineProperty(ws, "isNullObject", { value: false });
        return ws;
      },
      add: (name: string) => {
        self.writing("addSheet");
        self.maybeFail("addSheet");
        if (self.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw officeError("A sheet with that name already exists.", "ItemAlreadyExists");
        const s = self.addSheet(name);
        self.log.push({ op: "addSheet", sheetId: s.id, detail: name });
        return self.sheetProxy(() => s);
      },
    });
    return {
      workbook: {
        worksheets,
        getActiveCell: () => {
          const s = self.byId(self.activeId);
          return self.range(() => s, self.activeCell.row, self.activeCell.col, 1, 1);
        },
        getSelectedRange: () => {
          const s = self.byId(self.activeId);
          const sel = self.selection ?? { ...self.activeCell, rows: 1, cols: 1 };
          return self.range(() => s, sel.row, sel.col, sel.rows, sel.cols);
        },
        tables: self.collection(() => self.sheets.flatMap((s) => s.tables.map((t) => ({ name: t.name })))),
        names: self.collection(() => self.workbookNames.map((n) => ({ ...n }))),
        insertWorksheetsFromBase64(base64: string, options: any) {
          const result: { value?: string[] } = {};
          self.queueWrite("insertWorksheets", () => {
            self.maybeFail("insertWorksheets");
            if (self.insertBehaviour === "unsupported-feature") throw officeError("This feature isn't supported.", "UnsupportedFeature");
            const t = self.templateSheet!;
            if (base64 !== "BASE64:" + t.name) throw new Error("unexpected base64");
            if (options?.sheetNamesToInsert?.[0] !== t.name) throw new Error("sheetNamesToInsert must name the template sheet");
            // Excel's own clash rule: "Name (2)".
            let name = t.name;
            for (let i = 2; self.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()); i++) name = `${t.name} (${i})`;
            const s = self.addSheet(name);
            for (const [k, c] of t.cells) s.cells.set(k, { ...c });
            for (const n of t.names)
              s.names.set(n.name.toLowerCase(), { name: n.name, formula: self.insertBehaviour === "names-broken" ? "=#REF!" : n.formula.replace(`'${t.name}'`, `'${name}'`) });
            self.log.push({ op: "insertWorksheets", sheetId: s.id, detail: options });
            result.value = [s.id];
          });
          return result;
        },
      },
      sync: () => self.sync(),
    };
  }

  /** A Worksheet proxy over a sheet that may exist only after the next sync (a copy). */
  private sheetProxy(sheet: () => FakeSheet): any {
    const self = this;
    const loaded = new Set<string>();
    let pendingName: string | undefined;
    const m: any = {
      load(arg?: unknown) {
        const props = propsOf(arg) ?? ["name", "id", "protection"];
        self.queue.push(() => props.forEach((p) => loaded.add(p)));
        return m;
      },
      getUsedRangeOrNullObject: (valuesOnly?: boolean) => self.usedRange(sheet(), !!valuesOnly),
      getCell: (r: number, c: number) => self.range(sheet, r, c, 1, 1),
      getRangeByIndexes: (r: number, c: number, h: number, w: number) => self.range(sheet, r, c, h, w),
      getRange: (address: string) => self.addressRange(sheet, address),
      activate: () =>
        self.queueWrite("activate", () => {
          self.maybeFail("activate");
          const s = sheet();
          self.activeId = s.id;
          self.activated = s.name;
        }),
      delete: () =>
        self.queueWrite("delete", () => {
          self.maybeFail("delete");
          const s = sheet();
          self.sheets = self.sheets.filter((x) => x !== s);
          self.log.push({ op: "delete", sheetId: s.id, detail: s.name });
        }),
      protection: {
        load: () => undefined,
        get protected() {
          return !!sheet().protected;
        },
      },
      copy: (position: string, relativeTo: any) => self.copySheet(sheet(), position, relativeTo),
      // Worksheet.tables: add() queues a write; items (name) after load() + sync().
      tables: self.collection(() => sheet().tables.map((t) => ({ name: t.name })), {
        add(range: any) {
          const table: { name?: string; style?: string } = {};
          self.queueWrite("table", () => {
            self.maybeFail("table");
            const s = sheet();
            const { r, c, h, w } = range.__info;
            if (self.workbookNames.some((n) => n.name.toLowerCase() === String(table.name).toLowerCase()))
              throw officeError("A table can't overlap a range that contains a name.", "InvalidArgument");
            s.tables.push({ name: String(table.name), sheet: s.name, address: a1(r, c, h, w), style: table.style });
            self.write("table", s, r, c, h, w, table.name);
          });
          return table;
        },
      }),
    };
    Object.defineProperty(m, "id", {
      get: () => {
        try {
          return sheet().id;
        } catch {
          return NOT_LOADED;
        }
      },
    });
    Object.defineProperty(m, "name", {
      get: () => {
        if (pendingName !== undefined) return pendingName;
        return loaded.has("name") ? sheet().name : NOT_LOADED;
      },
      set: (v: string) => {
        self.writing("rename");
        pendingName = v;
        self.queueWrite("rename", () => {
          self.maybeFail("rename");
          const s = sheet();
          if (self.sheets.some((x) => x !== s && x.name.toLowerCase() === v.toLowerCase())) throw officeError("A sheet with that name already exists.", "ItemAlreadyExists");
          self.log.push({ op: "rename", sheetId: s.id, detail: { from: s.name, to: v } });
          s.name = v;
        });
      },
    });
    m.names = self.sheetNames(sheet);
    m.comments = self.collection(() => [
      ...sheet().threads.map((n) => ({ id: `thread-${n.r}-${n.c}`, content: n.text, authorName: n.author, getLocation: () => self.nullable({ rowIndex: n.r, columnIndex: n.c }, false) })),
      ...(self.notesAsComments ? sheet().notes.map((n) => ({ id: `note-${n.r}-${n.c}`, content: n.text, authorName: "Analyst", getLocation: () => self.nullable({ rowIndex: n.r, columnIndex: n.c }, false) })) : []),
    ]);
    m.notes = self.collection(() =>
      sheet().notes.map((n) => ({ content: n.text, authorName: n.author ?? "Analyst", getLocation: () => self.nullable({ rowIndex: n.r, columnIndex: n.c }, false) })),
    );
    m.freezePanes = {
      getLocationOrNullObject: () => {
        const rows = sheet().freezeRows ?? 0;
        return self.nullable({ rowIndex: 0, rowCount: rows }, !rows);
      },
      freezeRows: () => self.writing("freezeRows"),
    };
    // Worksheet.charts: add() queues a write; items (name) after load() + sync().
    m.charts = self.collection(() => sheet().charts.map((c, i) => ({ name: c.title || `Chart ${i + 1}` })), {
      add(type: string, range: any, seriesBy: string) {
        const chart = {
          type,
          source: range.__address,
          seriesBy,
          title: { text: "" },
          anchor: "",
          to: "",
          setPosition(a: string, b: string) {
            chart.anchor = a;
            chart.to = b;
          },
        };
        self.queueWrite("addChart", () => {
          self.maybeFail("addChart");
          const s = sheet();
          s.charts.push({ type, source: chart.source, title: chart.title.text, anchor: chart.anchor, to: chart.to });
          self.log.push({ op: "addChart", sheetId: s.id, detail: chart.source });
        });
        return chart;
      },
    });
    // PivotTables (ExcelApi 1.8) and shapes, pictures included (1.9): items (name) after load() + sync().
    m.pivotTables = self.collection(() => sheet().pivots.map((name) => ({ name })));
    m.shapes = self.collection(() => sheet().shapes.map((name) => ({ name })));
    return m;
  }

  /** Worksheet.copy: the copy exists after the next sync; calls on it are queued against it. */
  private copySheet(src: FakeSheet, position: string, relativeTo: any): any {
    let copy: FakeSheet | undefined;
    this.queueWrite("copy", () => {
      this.maybeFail("copy");
      let name = `${src.name} (2)`;
      for (let i = 3; this.sheets.some((s) => s.name === name); i++) name = `${src.name} (${i})`;
      copy = this.addSheet(name);
      for (const [k, c] of src.cells) copy.cells.set(k, { ...c });
      for (const [k, n] of src.names) copy.names.set(k, { ...n });
      for (const [k, sp] of src.spills) copy.spills.set(k, { ...sp });
      this.log.push({ op: "copy", sheetId: copy.id, detail: { from: src.id, position, relativeTo: relativeTo?.name } });
    });
    return this.sheetProxy(() => {
      if (!copy) throw new Error("the copy does not exist before the sync");
      return copy;
    });
  }

  private usedRange(s: FakeSheet, valuesOnly: boolean): any {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    const cover = (r: number, c: number) => {
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    };
    for (const [k, cell] of s.cells) {
      if (valuesOnly && cell.f === undefined && cell.v === "") continue;
      const [r, c] = k.split(",").map(Number);
      cover(r, c);
    }
    for (const [k, sp] of s.spills) {
      const [r, c] = k.split(",").map(Number);
      cover(r, c);
      cover(r + sp.rows - 1, c + sp.cols - 1);
    }
    if (r1 < 0) return this.nullable({ rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0, formulas: [], values: [], valueTypes: [] }, true);
    const { formulas, values, valueTypes } = this.grid(s, r0, c0, r1 - r0 + 1, c1 - c0 + 1);
    return this.nullable({ rowIndex: r0, columnIndex: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1, formulas, values, valueTypes }, false);
  }

  /** formulas / values / valueTypes / numberFormat / hasSpill of a block, as Excel reports them now. */
  private grid(s: FakeSheet, r: number, c: number, h: number, w: number) {
    const formulas: Scalar[][] = [];
    const values: Scalar[][] = [];
    const valueTypes: string[][] = [];
    const numberFormat: string[][] = [];
    const valuesAsJson: unknown[][] = [];
    let spilled = 0;
    for (let i = 0; i < h; i++) {
      formulas.push([]);
      values.push([]);
      valueTypes.push([]);
      numberFormat.push([]);
      valuesAsJson.push([]);
      for (let j = 0; j < w; j++) {
        const cell = s.cells.get(`${r + i},${c + j}`);
        formulas[i].push(cell ? (cell.f ?? cell.v) : "");
        values[i].push(cell ? cell.v : "");
        valueTypes[i].push(valueType(cell));
        numberFormat[i].push(cell?.nf ?? "General");
        valuesAsJson[i].push(cell?.json ?? { type: valueType(cell), basicValue: cell ? cell.v : "" });
        if (this.spillCovering(s, r + i, c + j)) spilled++;
      }
    }
    const hasSpill = spilled === 0 ? false : spilled === h * w ? true : null;
    return { formulas, values, valueTypes, numberFormat, valuesAsJson, hasSpill };
  }

  private addressRange(sheet: () => FakeSheet, address: string): any {
    const row = /^(\d+):(\d+)$/.exec(address);
    if (row) {
      const self = this;
      return {
        __address: address,
        insert: (dir: string) =>
          self.queueWrite("insertRow", () => {
            self.maybeFail("insertRow");
            const s = sheet();
            const at = Number(row[1]) - 1;
            const shift = <T>(m: Map<string, T>) => {
              const next = new Map<string, T>();
              for (const [k, v] of m) {
                const [r, c] = k.split(",").map(Number);
                next.set(`${r >= at ? r + 1 : r},${c}`, v);
              }
              return next;
            };
            s.cells = shift(s.cells);
            s.spills = shift(s.spills);
            self.log.push({ op: "insertRow", sheetId: s.id, detail: { at, dir } });
          }),
      };
    }
    const [a, b] = address.split(":");
    const [r, c] = parseCell(a);
    const [r2, c2] = b ? parseCell(b) : [r, c];
    const range = this.range(sheet, r, c, r2 - r + 1, c2 - c + 1);
    range.__address = address;
    return range;
  }

  /** A Range proxy: reads after load() + sync(); writes queued and applied in order at sync. */
  private range(sheet: () => FakeSheet, r: number, c: number, h: number, w: number): any {
    const self = this;
    const range: any = { __address: a1(r, c, h, w), __info: { r, c, h, w } };
    const loaded = new Set<string>();
    const loadedHidden = new Set<string>();
    let snap: Record<string, unknown> = {};
    range.load = (arg?: unknown) => {
      const props = propsOf(arg) ?? ["address", "rowIndex", "columnIndex", "rowCount", "columnCount", "formulas", "values", "valueTypes", "numberFormat", "hasSpill"];
      self.queue.push(() => {
        const s = sheet();
        if (props.some((p) => p === "formulas" || p === "values" || p === "valuesAsJson")) {
          self.reads.push({ sheetId: s.id, r, c, h, w });
          self.maybeFail("read");
        }
        snap = { ...self.grid(s, r, c, h, w), address: `${s.name}!${a1(r, c, h, w)}`, rowIndex: r, columnIndex: c, rowCount: h, columnCount: w };
        self.charge(props.map((p) => snap[p]));
        props.forEach((p) => (p === "rowHidden" || p === "columnHidden" ? loadedHidden.add(p) : loaded.add(p)));
      });
      return range;
    };
    const readable = (p: string) => () => (loaded.has(p) ? snap[p] : NOT_LOADED);
    for (const p of ["address", "rowIndex", "columnIndex", "rowCount", "columnCount", "valueTypes", "hasSpill", "valuesAsJson"]) Object.defineProperty(range, p, { get: readable(p) });
    const put = (op: "formulas" | "values") => (vals: unknown[][]) => {
      const s = sheet();
      self.maybeFail(op);
      if (vals.length !== h || vals.some((row) => row.length !== w))
        throw officeError("The number of rows or columns in the input array doesn't match the size or dimensions of the range.", "InvalidArgument");
      // Writing into a spill without its anchor would make the anchor's formula show #SPILL!.
      const inArea = (rr: number, cc: number) => rr >= r && rr < r + h && cc >= c && cc < c + w;
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          const sp = self.spillCovering(s, r + i, c + j);
          if (sp && !inArea(sp.row, sp.col)) throw new Error(`the fake refuses to write into a spill at ${a1(r + i, c + j)} (Excel would show #SPILL!)`);
        }
      vals.forEach((row, i) =>
        row.forEach((v, j) => {
          // Overwriting a spill's anchor removes its spill: the spilled cells become empty (as in Excel).
          const k = `${r + i},${c + j}`;
          const sp = s.spills.get(k);
          if (sp) {
            for (let x = 0; x < sp.rows; x++) for (let y = 0; y < sp.cols; y++) if (x || y) s.cells.delete(`${r + i + x},${c + j + y}`);
            s.spills.delete(k);
          }
          const cell = cellOf(v);
          if (cell) s.cells.set(k, cell);
          else s.cells.delete(k);
        }),
      );
      self.write(op, s, r, c, h, w, vals, { r, c, h, w, vals });
    };
    for (const op of ["formulas", "values"] as const)
      Object.defineProperty(range, op, { get: readable(op), set: (v: unknown[][]) => self.queueWrite(op, () => put(op)(v)) });
    Object.defineProperty(range, "numberFormat", {
      get: readable("numberFormat"),
      set: (v: unknown[][]) =>
        self.queueWrite("numberFormat", () => {
          self.maybeFail("numberFormat");
          self.write("numberFormat", sheet(), r, c, h, w, v);
        }),
    });
    // Range.format of a block: each property one value when every cell agrees, else null (as Excel reports it).
    const looks = () => {
      const out: ReturnType<FakeExcel["lookOf"]>[] = [];
      for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) out.push(self.lookOf(sheet(), r + i, c + j));
      return out;
    };
    range.format = self.gated(["columnWidth", "rowHeight", "horizontalAlignment", "verticalAlignment", "wrapText", "indentLevel"], () => {
      const widths = Array.from({ length: w }, (_, j) => sheet().colWidths.get(c + j) ?? 48);
      const heights = Array.from({ length: h }, (_, i) => sheet().rowHeights.get(r + i) ?? 15);
      const l = looks();
      return {
        columnWidth: uniform(widths),
        rowHeight: uniform(heights),
        horizontalAlignment: uniform(l.map((x) => x.horizontalAlignment)),
        verticalAlignment: uniform(l.map((x) => x.verticalAlignment)),
        wrapText: uniform(l.map((x) => x.wrapText)),
        indentLevel: uniform(l.map((x) => x.indentLevel)),
      };
    });
    const fontKeys = ["name", "size", "color", "bold", "italic", "underline", "strikethrough"] as const;
    const font = self.gated([...fontKeys], () => {
      const l = looks();
      return Object.fromEntries(fontKeys.map((k) => [k, uniform(l.map((x) => x.font[k]))]));
    }, ["bold", "italic"]);
    for (const op of ["bold", "italic"] as const)
      Object.defineProperty(font, `set_${op}`, {
        value: (on: boolean) =>
          self.queueWrite(op, () => {
            if (!on) return;
            self.maybeFail(op);
            self.write(op, sheet(), r, c, h, w);
          }),
      });
    const fill = self.gated(["color"], () => ({ color: uniform(looks().map((x) => x.fill)) }));
    // Borders by side of the block: edges are the outer cells' sides, insides the lines between cells ("None" for a one-cell span).
    const sideOf = (side: string) => {
      const sides: { style: string; color: string; weight: string }[] = [];
      const b = (i: number, j: number, k: "top" | "bottom" | "left" | "right") => self.lookOf(sheet(), r + i, c + j).borders[k];
      for (let i = 0; i < h; i++)
        for (let j = 0; j < w; j++) {
          if (side === "EdgeTop" && i === 0) sides.push(b(i, j, "top"));
          if (side === "EdgeBottom" && i === h - 1) sides.push(b(i, j, "bottom"));
          if (side === "EdgeLeft" && j === 0) sides.push(b(i, j, "left"));
          if (side === "EdgeRight" && j === w - 1) sides.push(b(i, j, "right"));
          if (side === "InsideHorizontal" && i < h - 1) sides.push(b(i, j, "bottom"), b(i + 1, j, "top"));
          if (side === "InsideVertical" && j < w - 1) sides.push(b(i, j, "right"), b(i, j + 1, "left"));
        }
      if (!sides.length) return { sideIndex: side, style: "None", color: "#000000", weight: "Thin" };
      return { sideIndex: side, style: uniform(sides.map((x) => x.style)), color: uniform(sides.map((x) => x.color)), weight: uniform(sides.map((x) => x.weight)) };
    };
    const SIDES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideVertical", "InsideHorizontal"];
    const borders = self.collection(() => SIDES.map(sideOf), {
      getItem: (side: string) => self.gated(["sideIndex", "style", "color", "weight"], () => sideOf(side)),
    });
    Object.assign(range.format, {
      font,
      fill,
      borders,
      autofitColumns: () =>
        self.queueWrite("autofit", () => {
          self.maybeFail("autofit");
          self.write("autofit", sheet(), r, c, h, w);
        }),
    });
    for (const p of ["rowHidden", "columnHidden"] as const)
      Object.defineProperty(range, p, {
        get: () => {
          if (!loadedHidden.has(p)) return NOT_LOADED;
          const s = sheet();
          return p === "rowHidden" ? uniform(Array.from({ length: h }, (_, i) => s.hiddenRows.has(r + i))) : uniform(Array.from({ length: w }, (_, j) => s.hiddenCols.has(c + j)));
        },
      });
    // getCellProperties / getRowProperties / getColumnProperties (ExcelApi 1.9): the value after the sync.
    const result = (compute: () => unknown, what: string) => {
      let value: unknown = NOT_LOADED;
      self.queue.push(() => {
        value = compute();
        self.charge(value);
        if (what) self.cellPropertyReads.push({ sheetId: sheet().id, cells: h * w, what });
      });
      return {
        get value() {
          return value;
        },
      };
    };
    range.getCellProperties = (opts: any) =>
      result(
        () =>
          Array.from({ length: h }, (_, i) =>
            Array.from({ length: w }, (_, j) => {
              const cell = sheet().cells.get(`${r + i},${c + j}`);
              const out: any = {};
              if (opts.format) out.format = self.cellFormat(self.lookOf(sheet(), r + i, c + j), opts.format);
              if (opts.hyperlink && cell?.link) out.hyperlink = { ...cell.link };
              return out;
            }),
          ),
        Object.keys(opts).sort().join(","),
      );
    range.getRowProperties = (opts: any) =>
      result(
        () =>
          Array.from({ length: h }, (_, i) => {
            const s = sheet();
            const out: any = {};
            if (opts.rowIndex) out.rowIndex = r + i;
            if (opts.rowHidden) out.rowHidden = s.hiddenRows.has(r + i);
            if (opts.format) out.format = { rowHeight: s.rowHeights.get(r + i) ?? 15, useStandardHeight: !s.rowHeights.has(r + i) };
            return out;
          }),
        "",
      );
    range.getColumnProperties = (opts: any) =>
      result(
        () =>
          Array.from({ length: w }, (_, j) => {
            const s = sheet();
            const out: any = {};
            if (opts.columnIndex) out.columnIndex = c + j;
            if (opts.columnHidden) out.columnHidden = s.hiddenCols.has(c + j);
            if (opts.format) out.format = { columnWidth: s.colWidths.get(c + j) ?? 48, useStandardWidth: !s.colWidths.has(c + j) };
            return out;
          }),
        "",
      );
    range.getMergedAreasOrNullObject = () => {
      const s = sheet();
      const inBlock = s.merges.filter((m) => {
        const [a, b] = m.split(":");
        const [r0, c0] = parseCell(a);
        const [r1, c1] = parseCell(b ?? a);
        return r0 < r + h && r1 >= r && c0 < c + w && c1 >= c;
      });
      return self.nullable({ address: inBlock.map((m) => `${s.name}!${m}`).join(","), areaCount: inBlock.length }, inBlock.length === 0);
    };
    // The data validation of a block of whole used columns: "Inconsistent" when its columns differ.
    range.dataValidation = self.gated(["type", "rule", "prompt"], () => {
      const dvs = Array.from({ length: w }, (_, j) => sheet().validations.get(c + j));
      const same = dvs.every((d) => JSON.stringify(d) === JSON.stringify(dvs[0]));
      const dv = same ? dvs[0] : undefined;
      return {
        type: !same ? "Inconsistent" : (dv?.type ?? "None"),
        rule: dv?.source ? { list: { source: dv.source, inCellDropDown: true } } : {},
        prompt: { message: dv?.prompt ?? "", showPrompt: !!dv?.prompt, title: "" },
      };
    });
    range.conditionalFormats = self.collection(() =>
      sheet().conditional.map((cf) => {
        const font = () => self.track(new OfficeMockObject({ color: cf.font?.color ?? "", bold: cf.font?.bold ?? false }));
        const fill = () => self.track(new OfficeMockObject({ color: cf.fill?.color ?? "" }));
        return {
          type: cf.type,
          getRange: () => self.track(new OfficeMockObject({ address: `${sheet().name}!${cf.address}` })),
          cellValue: Object.assign(
            self.gated(["rule"], () => ({ rule: { operator: cf.rule?.operator, formula1: cf.rule?.formula1, formula2: cf.rule?.formula2 } })),
            { format: { font: font(), fill: fill() } },
          ),
          custom: { rule: self.track(new OfficeMockObject({ formula: cf.rule?.formula ?? "" })), format: { font: font(), fill: fill() } },
        };
      }),
    );
    range.select = () =>
      self.queueWrite("select", () => {
        self.maybeFail("select");
        const s = sheet();
        // Range.select works only on the active sheet.
        if (self.activeId !== s.id) throw officeError("The selection is not on the active sheet.", "InvalidSelection");
        self.selected = { sheet: s.name, address: a1(r, c, h, w) };
      });
    range.getSpillParentOrNullObject = () => {
      const s = sheet();
      const sp = h === 1 && w === 1 ? self.spillCovering(s, r, c) : undefined;
      return self.nullable({ address: sp ? `${s.name}!${a1(sp.row, sp.col)}` : "" }, !sp);
    };
    range.getSpillingToRangeOrNullObject = () => {
      self.spillChecks++;
      const sp = sheet().spills.get(`${r},${c}`);
      return self.nullable({ rowIndex: r, columnIndex: c, rowCount: sp?.rows ?? 0, columnCount: sp?.cols ?? 0 }, !sp);
    };
    Object.defineProperty(range, "worksheet", { get: () => self.sheetProxy(sheet) });
    return range;
  }
}

/** A look with Excel's defaults filled in. */
function lookWithDefaults(l: FakeLook) {
  const none = { style: "None", color: "#000000", weight: "Thin" };
  const side = (k: "top" | "bottom" | "left" | "right") => ({ ...none, ...(l.borders?.[k] ?? {}) });
  return {
    font: { ...DEFAULT_LOOK.font, ...(l.font ?? {}) },
    fill: l.fill ?? DEFAULT_LOOK.fill,
    hasFill: l.fill !== undefined,
    horizontalAlignment: l.horizontalAlignment ?? DEFAULT_LOOK.horizontalAlignment,
    verticalAlignment: l.verticalAlignment ?? DEFAULT_LOOK.verticalAlignment,
    wrapText: l.wrapText ?? DEFAULT_LOOK.wrapText,
    indentLevel: l.indentLevel ?? DEFAULT_LOOK.indentLevel,
    borders: { top: side("top"), bottom: side("bottom"), left: side("left"), right: side("right") },
  };
}

/** The look of a cell with none of its own. */
const PLAIN = lookWithDefaults({});

/** CellProperties.format as Excel returns it, with the parts the load options ask for. */
function cellFormatOf(l: ReturnType<typeof lookWithDefaults>, opts: any): any {
  const out: any = {};
  const pick = (src: any, want: any) => Object.fromEntries(Object.keys(src).filter((k) => want === true || want?.[k]).map((k) => [k, src[k]]));
  if (opts.font) out.font = pick(l.font, opts.font);
  if (opts.fill) out.fill = pick({ color: l.fill, pattern: l.hasFill ? "Solid" : "None" }, opts.fill);
  if (opts.borders) out.borders = Object.fromEntries(Object.entries(l.borders).map(([k, v]) => [k, pick(v, opts.borders)]));
  for (const k of ["horizontalAlignment", "verticalAlignment", "wrapText", "indentLevel"] as const) if (opts[k]) out[k] = l[k];
  return out;
}

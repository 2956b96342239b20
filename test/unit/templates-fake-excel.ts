/**
 * A small fake Excel for the template Office modules, built on office-addin-mock:
 * used ranges and spill ranges are OfficeMockObjects (worksheets emulate their
 * load/sync rule for `name`), so
 * reading a property that was not load()-ed and sync()-ed gives the mock's "not
 * loaded" marker as real Office would refuse it. Writes are queued and applied
 * on context.sync(), and logged per sheet id, so a test can prove that no
 * existing sheet was written.
 *
 * Cells: Map "r,c" → { f?: formula, v: value, t?: valueType }. The fake does not
 * calculate; a formula's value is whatever the test seeds (as Excel had
 * calculated it).
 */
/* eslint-disable @typescript-eslint/no-this-alias -- closures over the fake itself */
import { OfficeMockObject } from "office-addin-mock";

export interface FakeCell {
  f?: string;
  v: string | number | boolean;
  t?: string;
}
export interface FakeSheet {
  id: string;
  name: string;
  cells: Map<string, FakeCell>;
  names: Map<string, { name: string; formula: string; comment?: string }>;
  charts: { type: string; source: string; title?: string; anchor?: string; to?: string }[];
  /** "r,c" of a spill anchor → its spill size. */
  spills: Map<string, { rows: number; cols: number }>;
  /** Worksheet.protection.protected */
  protected?: boolean;
}
export interface LogEntry {
  op: string;
  sheetId: string;
  detail?: unknown;
}

function col(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}
function parseCell(a: string): [number, number] {
  const m = /^([A-Z]+)(\d+)$/.exec(a.replace(/\$/g, ""))!;
  return [Number(m[2]) - 1, col(m[1])];
}

export class FakeExcel {
  sheets: FakeSheet[] = [];
  activeId: string;
  log: LogEntry[] = [];
  /** Excel.run calls. */
  runs = 0;
  apis = new Set(["1.1", "1.4", "1.7", "1.10", "1.12", "1.13"]);
  /** What insertWorksheetsFromBase64 does: insert the template sheet (with its names), or fail. */
  insertBehaviour: "ok" | "unsupported-feature" | "names-broken" = "ok";
  /** The sheet a template base64 stands for (the test sets it). */
  templateSheet?: { name: string; cells: [string, FakeCell][]; names: { name: string; formula: string }[] };
  /** op name ("formulas", "rename", "addChart", "addName", "delete", "copy", "insertRow") → error thrown (once) when Excel would run it. */
  failOps = new Map<string, Error & { code?: string }>();
  /** Every op that reached the fake's sync, in order (reads included as "read"). */
  private queue: (() => void)[] = [];
  private afterSync: (() => void)[] = [];
  private mocks: OfficeMockObject[] = [];
  /** Range reads (load) as they reached the fake: to check chunking. */
  reads: { sheetId: string; r: number; c: number; h: number; w: number }[] = [];
  private nextId = 100;

  constructor(names: string[] = ["Sheet1"]) {
    for (const n of names) this.addSheet(n);
    this.activeId = this.sheets[0].id;
  }

  addSheet(name: string): FakeSheet {
    const s: FakeSheet = { id: `{S${this.nextId++}}`, name, cells: new Map(), names: new Map(), charts: [], spills: new Map() };
    this.sheets.push(s);
    return s;
  }

  byName(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** Deep snapshot of every sheet (to prove an original is unchanged). */
  snapshot(name: string): string {
    const s = this.byName(name);
    return JSON.stringify({ name: s.name, cells: [...s.cells.entries()].sort(), names: [...s.names.entries()].sort(), charts: s.charts });
  }

  install(): void {
    const self = this;
    (globalThis as any).Office = { context: { requirements: { isSetSupported: (_: string, v?: string) => self.apis.has(v ?? "1.1") } } };
    (globalThis as any).Excel = {
      run: (a: any, b?: any) => {
        const cb: (ctx: any) => Promise<unknown> = typeof a === "function" ? a : b;
        self.runs++;
        return cb(self.context());
      },
    };
  }

  uninstall(): void {
    delete (globalThis as any).Office;
    delete (globalThis as any).Excel;
  }

  /** Throws (once) the error registered for `op`. */
  maybeFail(op: string): void {
    const e = this.failOps.get(op);
    if (e) {
      this.failOps.delete(op);
      throw e;
    }
  }

  private track<T extends OfficeMockObject>(m: T): T {
    this.mocks.push(m);
    return m;
  }

  /** *OrNullObject results: isNullObject is readable after a sync without being loaded (as in Office). */
  private nullable<T extends OfficeMockObject>(m: T, isNull: boolean): T {
    Object.defineProperty(m, "isNullObject", { value: isNull, configurable: true });
    return this.track(m);
  }

  private context(): any {
    const self = this;
    const worksheets: any = {
      load() {
        this.items = self.sheets.map((s) => ({ name: s.name, id: s.id }));
        return this;
      },
      getActiveWorksheet: () => self.sheetMock(self.sheets.find((s) => s.id === self.activeId)!),
      getItem: (key: string) => {
        const s = self.sheets.find((x) => x.id === key || x.name === key);
        if (!s) throw Object.assign(new Error("The requested resource doesn't exist."), { code: "ItemNotFound" });
        return self.sheetMock(s);
      },
    };
    return {
      workbook: {
        worksheets,
        insertWorksheetsFromBase64(base64: string, options: any) {
          const result: { value?: string[] } = {};
          self.queue.push(() => {
            if (self.insertBehaviour === "unsupported-feature") throw Object.assign(new Error("This feature isn't supported."), { code: "UnsupportedFeature" });
            const t = self.templateSheet!;
            if (base64 !== "BASE64:" + t.name) throw new Error("unexpected base64");
            if (options?.sheetNamesToInsert?.[0] !== t.name) throw new Error("sheetNamesToInsert must name the template sheet");
            // Excel's own clash rule: "Name (2)".
            let name = t.name;
            for (let i = 2; self.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase()); i++) name = `${t.name} (${i})`;
            const s = self.addSheet(name);
            for (const [k, c] of t.cells) s.cells.set(k, { ...c });
            for (const n of t.names) s.names.set(n.name.toLowerCase(), { name: n.name, formula: self.insertBehaviour === "names-broken" ? "=#REF!" : n.formula.replace(`'${t.name}'`, `'${name}'`) });
            self.log.push({ op: "insertWorksheets", sheetId: s.id, detail: options });
            result.value = [s.id];
          });
          return result;
        },
      },
      sync: () => self.sync(),
    };
  }

  private sheetMock(s: FakeSheet): any {
    const self = this;
    // Worksheet: `name` must be load()-ed and sync()-ed before it is read (as in Office); setting it queues a rename.
    let loadRequested = false;
    let loaded = false;
    let pendingName: string | undefined;
    const m: any = {
      id: s.id,
      load(props: string) {
        if (/\bname\b/.test(props)) loadRequested = true;
        self.afterSync.push(() => {
          if (loadRequested) loaded = true;
        });
        return m;
      },
      getUsedRangeOrNullObject: () => self.usedRange(s),
      getCell: (r: number, c: number) => ({ getSpillingToRangeOrNullObject: () => self.spillMock(s, r, c) }),
      getRangeByIndexes: (r: number, c: number, h: number, w: number) => self.writeRange(s, r, c, h, w),
      getRange: (address: string) => self.addressRange(s, address),
      activate: () => self.queue.push(() => (self.activeId = s.id)),
      delete: () =>
        self.queue.push(() => {
          self.maybeFail("delete");
          self.sheets = self.sheets.filter((x) => x !== s);
          self.log.push({ op: "delete", sheetId: s.id, detail: s.name });
        }),
      protection: { load: () => undefined, get protected() { return !!s.protected; } },
      copy: (position: string, relativeTo: any) => self.copySheet(s, position, relativeTo),
    };
    Object.defineProperty(m, "name", {
      get: () => {
        if (pendingName !== undefined) return pendingName;
        if (!loaded) return "Error, property was not loaded";
        return s.name;
      },
      set: (v: string) => {
        pendingName = v;
        self.queue.push(() => {
          self.maybeFail("rename");
          if (self.sheets.some((x) => x !== s && x.name.toLowerCase() === v.toLowerCase())) throw Object.assign(new Error("name taken"), { code: "ItemAlreadyExists" });
          self.log.push({ op: "rename", sheetId: s.id, detail: { from: s.name, to: v } });
          s.name = v;
        });
      },
    });
    m.names = {
      load() {
        this.items = [...s.names.values()].map((n) => ({
          name: n.name,
          formula: n.formula,
          delete: () => self.queue.push(() => (s.names.delete(n.name.toLowerCase()), self.log.push({ op: "deleteName", sheetId: s.id, detail: n.name }))),
        }));
        return this;
      },
      add(name: string, range: any, comment?: string) {
        self.queue.push(() => {
          self.maybeFail("addName");
          s.names.set(name.toLowerCase(), { name, formula: `='${s.name}'!${range.__address}`, comment });
          self.log.push({ op: "addName", sheetId: s.id, detail: name });
        });
      },
    };
    m.charts = {
      add(type: string, range: any, seriesBy: string) {
        const chart = { type, source: range.__address, seriesBy, title: { text: "" }, anchor: "", to: "", setPosition(a: string, b: string) { chart.anchor = a; chart.to = b; } };
        self.queue.push(() => {
          self.maybeFail("addChart");
          s.charts.push({ type, source: chart.source, title: chart.title.text, anchor: chart.anchor, to: chart.to });
          self.log.push({ op: "addChart", sheetId: s.id, detail: chart.source });
        });
        return chart;
      },
    };
    return m;
  }

  private copySheet(src: FakeSheet, position: string, relativeTo: any): any {
    const self = this;
    let copy: FakeSheet | undefined;
    const proxy: any = {};
    // The copy exists after the next sync; calls on it are queued against it.
    const deferred = <T>(fn: (s: FakeSheet) => T) => () => fn(copy!);
    self.queue.push(() => {
      self.maybeFail("copy");
      let name = `${src.name} (2)`;
      for (let i = 3; self.sheets.some((s) => s.name === name); i++) name = `${src.name} (${i})`;
      copy = self.addSheet(name);
      for (const [k, c] of src.cells) copy.cells.set(k, { ...c });
      for (const [k, n] of src.names) copy.names.set(k, { ...n });
      for (const [k, sp] of src.spills) copy.spills.set(k, { ...sp });
      self.log.push({ op: "copy", sheetId: copy.id, detail: { from: src.id, position, relativeTo: relativeTo?.name } });
    });
    Object.defineProperty(proxy, "name", {
      set: (v: string) => self.queue.push(deferred((s) => (self.maybeFail("rename"), self.log.push({ op: "rename", sheetId: s.id, detail: { from: s.name, to: v } }), (s.name = v)))),
    });
    let idLoaded = false;
    proxy.load = (props: string) => {
      if (/\bid\b/.test(props)) self.afterSync.push(() => (idLoaded = copy !== undefined));
      return proxy;
    };
    Object.defineProperty(proxy, "id", { get: () => (idLoaded ? copy!.id : "Error, property was not loaded") });
    proxy.getRangeByIndexes = (r: number, c: number, h: number, w: number) => self.lazyWriteRange(() => copy!, r, c, h, w);
    proxy.getRange = (address: string) => self.lazyAddressRange(() => copy!, address);
    proxy.activate = () => self.queue.push(deferred((s) => (self.activeId = s.id)));
    return proxy;
  }

  private usedRange(s: FakeSheet): any {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const k of s.cells.keys()) {
      const [r, c] = k.split(",").map(Number);
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    }
    if (r1 < 0) return this.nullable(new OfficeMockObject({ rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0, formulas: [], values: [], valueTypes: [] }), true);
    const formulas: unknown[][] = [], values: unknown[][] = [], valueTypes: string[][] = [];
    for (let r = r0; r <= r1; r++) {
      formulas.push([]); values.push([]); valueTypes.push([]);
      for (let c = c0; c <= c1; c++) {
        const cell = s.cells.get(`${r},${c}`);
        formulas[r - r0].push(cell ? cell.f ?? cell.v : "");
        values[r - r0].push(cell ? cell.v : "");
        valueTypes[r - r0].push(cell?.t ?? (cell === undefined ? "Empty" : typeof cell.v === "number" ? "Double" : typeof cell.v === "boolean" ? "Boolean" : "String"));
      }
    }
    return this.nullable(new OfficeMockObject({ rowIndex: r0, columnIndex: c0, rowCount: r1 - r0 + 1, columnCount: c1 - c0 + 1, formulas, values, valueTypes }), false);
  }

  private spillMock(s: FakeSheet, r: number, c: number): any {
    const sp = s.spills.get(`${r},${c}`);
    return this.nullable(new OfficeMockObject({ rowIndex: r, columnIndex: c, rowCount: sp?.rows ?? 0, columnCount: sp?.cols ?? 0 }), !sp);
  }

  private writeRange(s: FakeSheet, r: number, c: number, h: number, w: number): any {
    return this.lazyWriteRange(() => s, r, c, h, w);
  }

  private lazyWriteRange(sheet: () => FakeSheet, r: number, c: number, h: number, w: number): any {
    const self = this;
    const range: any = { format: { font: {} }, __address: `R${r}C${c}` };
    const apply = (vals: unknown[][], kind: string) => {
      const s = sheet();
      self.maybeFail(kind);
      if (vals.length !== h || vals.some((row) => row.length !== w)) throw Object.assign(new Error("dimension mismatch"), { code: "InvalidArgument" });
      vals.forEach((row, i) =>
        row.forEach((v, j) => {
          // Overwriting a spill's anchor removes its spill: the spilled cells become empty (as in Excel).
          const sp = s.spills.get(`${r + i},${c + j}`);
          if (sp) for (let a = 0; a < sp.rows; a++) for (let b = 0; b < sp.cols; b++) if (a || b) s.cells.delete(`${r + i + a},${c + j + b}`);
          const formula = typeof v === "string" && v.startsWith("=") ? v : undefined;
          const value = typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
          s.cells.set(`${r + i},${c + j}`, formula ? { f: formula, v: "(calc)" } : { v: value as any, t: typeof v === "string" && /^#/.test(v) ? "Error" : undefined });
          s.spills.delete(`${r + i},${c + j}`);
        }),
      );
      self.log.push({ op: kind, sheetId: s.id, detail: { r, c, h, w, vals } });
    };
    // Reads: load() queues a snapshot taken when the fake syncs (after earlier queued writes).
    let snap: { formulas: unknown[][]; values: unknown[][]; valueTypes: string[][] } | undefined;
    range.load = () => {
      self.queue.push(() => {
        const cur = sheet();
        snap = { formulas: [], values: [], valueTypes: [] };
        for (let i = 0; i < h; i++) {
          snap.formulas.push([]); snap.values.push([]); snap.valueTypes.push([]);
          for (let j = 0; j < w; j++) {
            const cell = cur.cells.get(`${r + i},${c + j}`);
            snap.formulas[i].push(cell ? cell.f ?? cell.v : "");
            snap.values[i].push(cell ? cell.v : "");
            snap.valueTypes[i].push(cell?.t ?? (cell === undefined ? "Empty" : typeof cell.v === "number" ? "Double" : typeof cell.v === "boolean" ? "Boolean" : "String"));
          }
        }
        self.reads.push({ sheetId: cur.id, r, c, h, w });
      });
      return range;
    };
    const loaded = (k: "formulas" | "values" | "valueTypes") => (snap ? snap[k] : "Error, property was not loaded");
    Object.defineProperty(range, "formulas", { get: () => loaded("formulas"), set: (v: unknown[][]) => self.queue.push(() => apply(v, "formulas")) });
    Object.defineProperty(range, "values", { get: () => loaded("values"), set: (v: unknown[][]) => self.queue.push(() => apply(v, "values")) });
    Object.defineProperty(range, "valueTypes", { get: () => loaded("valueTypes") });
    Object.defineProperty(range.format.font, "italic", { set: () => self.queue.push(() => self.log.push({ op: "italic", sheetId: sheet().id })) });
    return range;
  }

  private addressRange(s: FakeSheet, address: string): any {
    return this.lazyAddressRange(() => s, address);
  }

  private lazyAddressRange(sheet: () => FakeSheet, address: string): any {
    const self = this;
    const row = /^(\d+):(\d+)$/.exec(address);
    if (row) {
      return {
        __address: address,
        insert: (dir: string) =>
          self.queue.push(() => {
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
    const range = this.lazyWriteRange(sheet, r, c, r2 - r + 1, c2 - c + 1);
    range.__address = address;
    return range;
  }

  private async sync(): Promise<void> {
    for (const m of this.mocks) await m.sync();
    this.mocks = [];
    const q = this.queue;
    this.queue = [];
    const a = this.afterSync;
    this.afterSync = [];
    // As in Office: the ops of a batch run in order; the first failure rejects the sync and later ops do not run.
    for (const op of q) op();
    for (const f of a) f();
  }
}

/** "B12" → the fake's "r,c" key. */
export function key(a1: string): string {
  const [r, c] = parseCell(a1);
  return `${r},${c}`;
}

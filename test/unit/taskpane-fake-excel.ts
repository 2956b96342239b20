/* eslint-disable @typescript-eslint/no-this-alias -- the fake workbook's nested mock objects refer back to it */
/**
 * A small fake Excel workbook for the task pane's insert tests, built on
 * office-addin-mock: every Range, the active cell, the used range and each
 * Worksheet are OfficeMockObjects, so reading a property that was not
 * load()-ed and sync()-ed gives the mock's "not loaded" marker exactly as real
 * Office would refuse it. context.sync() resolves the loads and then commits
 * the writes queued on the range mocks (formulas, numberFormat, font) into the
 * fake grid, and logs each write as {op, sheet, address}.
 */
import { OfficeMockObject } from "office-addin-mock";
import { a1 } from "../../src/taskpane/model/blocks";

type Scalar = string | number | boolean;

export interface WriteLog {
  op: string;
  sheet: string;
  address: string;
  data?: unknown;
}

interface FakeSheet {
  name: string;
  /** "r,c" → formula or constant as written (formulas start with "="). */
  cells: Map<string, Scalar>;
  mock: any;
  tables: { name: string; sheet: string; address: string; style?: string }[];
  /** Spilled formulas: the anchor holds the formula (in `cells`); the other cells show `value` (e.g. ""). */
  spills: { row: number; col: number; rows: number; cols: number; value: Scalar }[];
}

export class FakeExcel {
  sheets: FakeSheet[] = [];
  active = { sheet: "Sheet1", row: 0, col: 0 };
  writes: WriteLog[] = [];
  syncCount = 0;
  selected?: { sheet: string; address: string };
  activated?: string;
  /** Set to make the next sync reject (e.g. cell-edit mode). */
  failNextSync?: Error & { code?: string };
  /** Commit step ("formulas", "table", "bold", "italic", "numberFormat", "autofit", "activate", "select") → error thrown when Excel reaches it (later steps of that sync do not run). */
  failOps = new Map<string, Error & { code?: string }>();
  /** Requirement sets the fake Office reports (installOffice). */
  apis = new Set<string>(["1.1", "1.4", "1.7", "1.10"]);
  /** Workbook-scoped defined names. */
  definedNames: string[] = [];
  /** Options passed to each Excel.run. */
  runOptions: unknown[] = [];
  /** Commit-time actions (select, activate, autofit) in call order. */
  private actions: { op: string; sheet: string; address: string; apply: () => void }[] = [];
  root: any;
  private pending: { kind: "range"; sheet: FakeSheet; row: number; col: number; rows: number; cols: number; mock: any; seed: any; hasSpill: boolean | null }[] = [];
  private tablesPending: { sheet: FakeSheet; rangeMock: any; table: any; rangeInfo: { row: number; col: number; rows: number; cols: number } }[] = [];
  private loadedMocks: any[] = [];

  constructor(sheetNames: string[] = ["Sheet1"]) {
    for (const n of sheetNames) this.addSheet(n);
    const self = this;
    const data = {
      context: {
        workbook: {
          getActiveCell() {
            const s = self.sheet(self.active.sheet);
            return self.rangeMock(s, self.active.row, self.active.col, 1, 1);
          },
          worksheets: {
            getActiveWorksheet() {
              return self.sheet(self.active.sheet).mock;
            },
            getItem(name: string) {
              const s = self.sheets.find((x) => x.name === name);
              if (!s) throw Object.assign(new Error(`The requested resource doesn't exist.`), { code: "ItemNotFound" });
              return s.mock;
            },
            add(name: string) {
              if (self.sheets.some((x) => x.name.toLowerCase() === name.toLowerCase())) throw Object.assign(new Error("name taken"), { code: "ItemAlreadyExists" });
              return self.addSheet(name).mock;
            },
            load(this: any) {
              this.items = self.sheets.map((s) => ({ name: s.name }));
              return this;
            },
          },
          tables: {
            load(this: any) {
              this.items = self.sheets.flatMap((s) => s.tables.map((t) => ({ name: t.name })));
              return this;
            },
          },
          names: {
            load(this: any) {
              this.items = self.definedNames.map((name) => ({ name }));
              return this;
            },
          },
        },
        sync: async () => self.sync(),
      },
      run: async (a: any, b?: any) => {
        const cb: (ctx: any) => Promise<unknown> = typeof a === "function" ? a : b;
        self.runOptions.push(typeof a === "function" ? undefined : a);
        self.pending = [];
        self.actions = [];
        self.tablesPending = [];
        return cb(self.root.context);
      },
    };
    this.root = new OfficeMockObject(data);
  }

  /** Installs a fake Office global whose requirements answer from `apis`. */
  installOffice(): void {
    (globalThis as any).Office = { context: { requirements: { isSetSupported: (set: string, v?: string) => set === "ExcelApi" && this.apis.has(v ?? "1.1") } } };
  }

  /** Seeds a spilled formula at (row, col): the anchor shows `value`, and so do the other rows×cols cells. */
  spill(sheet: string, row: number, col: number, rows: number, cols: number, formula: string, value: Scalar = ""): this {
    const s = this.sheet(sheet);
    s.cells.set(`${row},${col}`, formula);
    s.spills.push({ row, col, rows, cols, value });
    return this;
  }

  private spillAt(s: FakeSheet, r: number, c: number) {
    return s.spills.find((p) => r >= p.row && r < p.row + p.rows && c >= p.col && c < p.col + p.cols);
  }

  private maybeFail(op: string): void {
    const e = this.failOps.get(op);
    if (e) {
      this.failOps.delete(op);
      throw e;
    }
  }

  sheet(name: string): FakeSheet {
    const s = this.sheets.find((x) => x.name === name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  /** Seeds a cell: a constant, or a formula text starting with "=". */
  set(sheet: string, row: number, col: number, v: Scalar): this {
    this.sheet(sheet).cells.set(`${row},${col}`, v);
    return this;
  }

  /** What the cell shows as a constant: a leading apostrophe (text prefix) is not part of the value. */
  get(sheet: string, address: string): Scalar | undefined {
    const v = this.raw(sheet, address);
    return typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
  }

  /** The cell exactly as written (formula text, or constant with its apostrophe). */
  raw(sheet: string, address: string): Scalar | undefined {
    const m = /^([A-Z]+)(\d+)$/.exec(address);
    if (!m) throw new Error(address);
    let col = 0;
    for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
    return this.sheet(sheet).cells.get(`${Number(m[2]) - 1},${col - 1}`);
  }

  private addSheet(name: string): FakeSheet {
    const self = this;
    const s: FakeSheet = { name, cells: new Map(), mock: undefined, tables: [], spills: [] };
    s.mock = new OfficeMockObject({
      name,
      getRangeByIndexes(row: number, col: number, rows: number, cols: number) {
        return self.rangeMock(s, row, col, rows, cols);
      },
      getUsedRangeOrNullObject() {
        return self.usedRangeMock(s);
      },
      activate() {
        self.actions.push({ op: "activate", sheet: s.name, address: "", apply: () => (self.activated = s.name) });
      },
      tables: {
        add(range: any) {
          const table: any = { name: undefined, style: undefined };
          self.tablesPending.push({ sheet: s, rangeMock: range, table, rangeInfo: range.__info });
          return table;
        },
      },
    });
    this.sheets.push(s);
    return s;
  }

  private usedRangeMock(s: FakeSheet): any {
    let minR = Infinity;
    let maxR = -Infinity;
    for (const [k, v] of s.cells) {
      if (v === "") continue;
      const r = Number(k.split(",")[0]);
      minR = Math.min(minR, r);
      maxR = Math.max(maxR, r);
    }
    for (const p of s.spills) {
      minR = Math.min(minR, p.row);
      maxR = Math.max(maxR, p.row + p.rows - 1);
    }
    const empty = minR === Infinity;
    const m = new OfficeMockObject({ isNullObject: empty, rowIndex: empty ? 0 : minR, rowCount: empty ? 0 : maxR - minR + 1 });
    this.loadedMocks.push(m);
    return m;
  }

  private rangeMock(s: FakeSheet, row: number, col: number, rows: number, cols: number): any {
    const self = this;
    const formulas: Scalar[][] = [];
    const values: Scalar[][] = [];
    const valueTypes: string[][] = [];
    let spilled = 0;
    for (let r = 0; r < rows; r++) {
      formulas.push([]);
      values.push([]);
      valueTypes.push([]);
      for (let c = 0; c < cols; c++) {
        const sp = this.spillAt(s, row + r, col + c);
        const isAnchor = sp && sp.row === row + r && sp.col === col + c;
        if (sp) spilled++;
        const raw = s.cells.get(`${row + r},${col + c}`);
        if (sp && !isAnchor) {
          // A spilled cell: formulas and values both give the shown value (here often ""), valueType "String".
          formulas[r].push(sp.value);
          values[r].push(sp.value);
          valueTypes[r].push(typeof sp.value === "number" ? "Double" : "String");
          continue;
        }
        const v = raw ?? "";
        formulas[r].push(v);
        // A formula's value: the fake does not calculate, it shows "(calc)" (a spill anchor its spill value).
        const shown = isAnchor ? sp!.value : typeof v === "string" && v.startsWith("=") ? "(calc)" : typeof v === "string" && v.startsWith("'") ? v.slice(1) : v;
        values[r].push(shown);
        valueTypes[r].push(raw === undefined || raw === "" ? "Empty" : typeof shown === "number" ? "Double" : typeof shown === "boolean" ? "Boolean" : "String");
      }
    }
    const hasSpill = spilled === 0 ? false : spilled === rows * cols ? true : null;
    const seed: any = { bold: false, italic: false, formulas, values, numberFormat: formulas.map((r) => r.map(() => "General")) };
    const mock: any = new OfficeMockObject({
      rowIndex: row,
      columnIndex: col,
      rowCount: rows,
      columnCount: cols,
      address: `${s.name}!${a1(row, col, rows, cols)}`,
      formulas,
      values,
      valueTypes,
      // office-addin-mock cannot hold null: seeded as false, the real value (true/false/null) is set once loaded (commit()).
      hasSpill: hasSpill === true,
      numberFormat: seed.numberFormat,
      format: { font: { bold: false, italic: false } },
      select() {
        self.actions.push({ op: "select", sheet: s.name, address: a1(row, col, rows, cols), apply: () => {
          // Range.select works only on the active sheet.
          if (self.activeSheetName() !== s.name) throw Object.assign(new Error("The selection is not on the active sheet."), { code: "InvalidSelection" });
          self.selected = { sheet: s.name, address: a1(row, col, rows, cols) };
        } });
      },
      getSpillParentOrNullObject() {
        const sp = rows === 1 && cols === 1 ? self.spillAt(s, row, col) : undefined;
        const m = new OfficeMockObject({ address: sp ? `${s.name}!${a1(sp.row, sp.col)}` : "" });
        // *OrNullObject: isNullObject is readable after a sync without being loaded (as in Office).
        Object.defineProperty(m, "isNullObject", { value: !sp, configurable: true });
        self.loadedMocks.push(m);
        return m;
      },
    });
    mock.format.autofitColumns = () => self.actions.push({ op: "autofit", sheet: s.name, address: a1(row, col, rows, cols), apply: () => self.writes.push({ op: "autofit", sheet: s.name, address: a1(row, col, rows, cols) }) });
    mock.worksheet = s.mock;
    mock.__info = { row, col, rows, cols };
    this.pending.push({ kind: "range", sheet: s, row, col, rows, cols, mock, seed, hasSpill });
    return mock;
  }

  /** The active sheet: the last activated one, else `active.sheet`. */
  activeSheetName(): string {
    return this.activated ?? this.active.sheet;
  }

  private async sync(): Promise<void> {
    this.syncCount++;
    if (this.failNextSync) {
      const e = this.failNextSync;
      this.failNextSync = undefined;
      this.pending = [];
      this.tablesPending = [];
      this.actions = [];
      throw e;
    }
    try {
      await this.commit();
    } finally {
      this.tablesPending = [];
      this.actions = [];
    }
  }

  private async commit(): Promise<void> {
    for (const s of this.sheets) await s.mock.sync();
    for (const m of this.loadedMocks) await m.sync();
    for (const p of this.pending) {
      await p.mock.sync();
      if (typeof p.mock.hasSpill === "boolean") p.mock.hasSpill = p.hasSpill;
    }
    await new Promise((r) => setTimeout(r, 0));
    // Commit writes in the order the ranges were created.
    for (const p of this.pending) {
      const { mock, seed, sheet, row, col, rows, cols } = p;
      const addr = a1(row, col, rows, cols);
      if (Array.isArray(mock.formulas) && mock.formulas !== seed.formulas) {
        const f = mock.formulas as Scalar[][];
        this.maybeFail("formulas");
        if (f.length !== rows || f.some((r) => r.length !== cols)) throw Object.assign(new Error("The number of rows or columns in the input array doesn't match the size or dimensions of the range."), { code: "InvalidArgument" });
        f.forEach((r, i) =>
          r.forEach((v, j) => {
            if (this.spillAt(sheet, row + i, col + j)) throw new Error(`the fake refuses to write into a spill at ${a1(row + i, col + j)} (Excel would show #SPILL!)`);
            sheet.cells.set(`${row + i},${col + j}`, v);
          }),
        );
        this.writes.push({ op: "formulas", sheet: sheet.name, address: addr, data: f });
        seed.formulas = mock.formulas;
      }
      if (Array.isArray(mock.numberFormat) && mock.numberFormat !== seed.numberFormat) {
        this.maybeFail("numberFormat");
        this.writes.push({ op: "numberFormat", sheet: sheet.name, address: addr, data: mock.numberFormat });
        seed.numberFormat = mock.numberFormat;
      }
      if (mock.format.font.bold === true && !seed.bold) {
        this.maybeFail("bold");
        seed.bold = true;
        this.writes.push({ op: "bold", sheet: sheet.name, address: addr });
      }
      if (mock.format.font.italic === true && !seed.italic) {
        this.maybeFail("italic");
        seed.italic = true;
        this.writes.push({ op: "italic", sheet: sheet.name, address: addr });
      }
    }
    for (const t of this.tablesPending) {
      this.maybeFail("table");
      const { row, col, rows, cols } = t.rangeInfo;
      if (this.definedNames.some((n) => n.toLowerCase() === String(t.table.name).toLowerCase())) throw Object.assign(new Error("A table can't overlap a range that contains a name."), { code: "InvalidArgument" });
      t.sheet.tables.push({ name: t.table.name, sheet: t.sheet.name, address: a1(row, col, rows, cols), style: t.table.style });
      this.writes.push({ op: "table", sheet: t.sheet.name, address: a1(row, col, rows, cols), data: t.table.name });
    }
    this.tablesPending = [];
    for (const a of this.actions) {
      this.maybeFail(a.op);
      a.apply();
    }
  }
}

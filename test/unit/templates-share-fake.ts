/**
 * A read-only fake Excel for the share-ready copy (src/office/shareCopy.ts),
 * built on office-addin-mock: every range the module reads is an
 * OfficeMockObject, so a property read without load() + sync() gives the
 * mock's "not loaded" marker instead of data, as Office would refuse it. The
 * fake has no write operation at all (any write would throw), the workbook's
 * content can be snapshotted to prove it unchanged, and every range read is
 * logged (to check chunking). Excel.createWorkbook records the base64 it gets.
 *
 * Cells: Map "r,c" → { f?: formula, v: value, t?: valueType, nf?: number format }.
 * The fake does not calculate: a formula's value is what the test seeds.
 */
/* eslint-disable @typescript-eslint/no-this-alias -- closures over the fake itself */
import { OfficeMockObject } from "office-addin-mock";

export interface ShareFakeCell {
  f?: string;
  v: string | number | boolean;
  t?: string;
  nf?: string;
}

export interface ShareFakeSheet {
  name: string;
  cells: Map<string, ShareFakeCell>;
  spills: Map<string, { rows: number; cols: number }>;
  names: { name: string; formula: string }[];
  colWidths: Map<number, number>;
  conditional: { address: string; type: string; rule?: { operator?: string; formula1?: string; formula2?: string; formula?: string }; font?: { color?: string; bold?: boolean }; fill?: { color?: string } }[];
  /** Column index → list validation source over the whole used column. */
  validations: Map<number, { type: string; source?: string; prompt?: string }>;
  notes: { r: number; c: number; text: string }[];
  freezeRows?: number;
}

function letters(c: number): string {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function key(a1: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return `${Number(m[2]) - 1},${c - 1}`;
}

export class ShareFakeExcel {
  sheets: ShareFakeSheet[] = [];
  activeName: string;
  workbookNames: { name: string; formula: string }[] = [];
  apis = new Set(["1.1", "1.4", "1.6", "1.7", "1.8", "1.10", "1.12"]);
  created: string[] = [];
  reads: { sheet: string; r: number; c: number; h: number; w: number }[] = [];
  /** getSpillingToRangeOrNullObject calls. */
  spillChecks = 0;
  /** Fail the n-th range read (1-based) with this error. */
  failRead?: { at: number; error: Error };
  private mocks: OfficeMockObject[] = [];
  private afterSync: (() => void)[] = [];

  constructor(names: string[]) {
    for (const n of names) this.addSheet(n);
    this.activeName = names[0];
  }

  addSheet(name: string): ShareFakeSheet {
    const s: ShareFakeSheet = { name, cells: new Map(), spills: new Map(), names: [], colWidths: new Map(), conditional: [], validations: new Map(), notes: [] };
    this.sheets.push(s);
    return s;
  }

  sheet(name: string): ShareFakeSheet {
    return this.sheets.find((s) => s.name === name)!;
  }

  /** Seeds a cell by A1 address. */
  set(sheet: string, a1: string, cell: ShareFakeCell): void {
    this.sheet(sheet).cells.set(key(a1), cell);
  }

  snapshot(): string {
    return JSON.stringify(this.sheets.map((s) => ({ ...s, cells: [...s.cells].sort(), spills: [...s.spills].sort(), colWidths: [...s.colWidths], validations: [...s.validations] })).concat([this.workbookNames as any]));
  }

  install(): void {
    const self = this;
    (globalThis as any).Office = { context: { requirements: { isSetSupported: (_: string, v?: string) => self.apis.has(v ?? "1.1") } } };
    (globalThis as any).Excel = {
      run: (cb: (ctx: any) => Promise<unknown>) => cb(self.context()),
      createWorkbook: async (b64: string) => {
        self.created.push(b64);
      },
    };
  }

  uninstall(): void {
    delete (globalThis as any).Office;
    delete (globalThis as any).Excel;
  }

  private mock<T extends Record<string, unknown>>(data: T, isNull?: boolean): any {
    const m = new OfficeMockObject(data as any);
    if (isNull !== undefined) Object.defineProperty(m, "isNullObject", { value: isNull });
    this.mocks.push(m);
    return m;
  }

  /** A collection whose items are readable after load() + sync(). */
  private collection(items: () => unknown[]): any {
    const self = this;
    let loaded = false;
    const col: any = {
      load() {
        self.afterSync.push(() => (loaded = true));
        return col;
      },
    };
    Object.defineProperty(col, "items", {
      get: () => {
        if (!loaded) throw new Error("items not loaded");
        return items();
      },
    });
    return col;
  }

  private used(s: ShareFakeSheet): { r0: number; c0: number; r1: number; c1: number } | undefined {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const k of s.cells.keys()) {
      const [r, c] = k.split(",").map(Number);
      r0 = Math.min(r0, r); c0 = Math.min(c0, c); r1 = Math.max(r1, r); c1 = Math.max(c1, c);
    }
    return r1 < 0 ? undefined : { r0, c0, r1, c1 };
  }

  private range(s: ShareFakeSheet, r: number, c: number, h: number, w: number): any {
    const self = this;
    const grid = <T>(f: (cell: ShareFakeCell | undefined) => T): T[][] =>
      Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => f(s.cells.get(`${r + i},${c + j}`))));
    const type = (cell?: ShareFakeCell) => cell?.t ?? (cell === undefined ? "Empty" : typeof cell.v === "number" ? "Double" : typeof cell.v === "boolean" ? "Boolean" : "String");
    const dv = w === 1 ? s.validations.get(c) : undefined;
    // Range.hasSpill: true when every cell is in a spill, false when none is, null when mixed.
    let inSpill = 0;
    for (const [k, sp] of s.spills) {
      const [ar, ac] = k.split(",").map(Number);
      const rr = Math.max(0, Math.min(r + h, ar + sp.rows) - Math.max(r, ar));
      const cc = Math.max(0, Math.min(c + w, ac + sp.cols) - Math.max(c, ac));
      inSpill += rr * cc;
    }
    const hasSpill = inSpill === 0 ? false : inSpill === h * w ? true : null;
    const m = this.mock({
      address: `'${s.name}'!${letters(c)}${r + 1}:${letters(c + w - 1)}${r + h}`,
      formulas: grid((x) => (x ? (x.f ?? x.v) : "")),
      values: grid((x) => (x ? x.v : "")),
      valueTypes: grid(type),
      numberFormat: grid((x) => x?.nf ?? "General"),
      // (office-addin-mock cannot hold null: "mixed" stands for it.)
      hasSpill: (hasSpill === null ? "mixed" : hasSpill) as any,
      format: { columnWidth: w === 1 ? (s.colWidths.get(c) ?? 48) : 0 },
      dataValidation: { type: dv?.type ?? "None", rule: 0, prompt: 0 },
    });
    // rule and prompt are plain objects in Office (loaded whole), not navigation properties as the mock would make them.
    Object.defineProperty(m.dataValidation, "rule", { get: () => (dv?.source ? { list: { source: dv.source, inCellDropDown: true } } : {}) });
    Object.defineProperty(m.dataValidation, "prompt", { get: () => ({ message: dv?.prompt ?? "", showPrompt: !!dv?.prompt, title: "" }) });
    const load = m.load.bind(m);
    m.load = (props?: string) => {
      if (props && /formulas|values/.test(props)) {
        self.reads.push({ sheet: s.name, r, c, h, w });
        if (self.failRead && self.reads.length === self.failRead.at) {
          const e = self.failRead.error;
          self.afterSync.push(() => {
            throw e;
          });
        }
      }
      return load(props);
    };
    m.conditionalFormats = this.collection(() =>
      s.conditional.map((cf) => ({
        type: cf.type,
        getRange: () => this.mock({ address: `'${s.name}'!${cf.address}` }),
        cellValue: { load: () => undefined, rule: { operator: cf.rule?.operator, formula1: cf.rule?.formula1, formula2: cf.rule?.formula2 }, format: { font: this.mock({ color: cf.font?.color ?? "", bold: cf.font?.bold ?? false }), fill: this.mock({ color: cf.fill?.color ?? "" }) } },
        custom: { rule: this.mock({ formula: cf.rule?.formula ?? "" }), format: { font: this.mock({ color: cf.font?.color ?? "", bold: cf.font?.bold ?? false }), fill: this.mock({ color: cf.fill?.color ?? "" }) } },
      })),
    );
    return m;
  }

  private worksheet(s: ShareFakeSheet): any {
    const self = this;
    const ws: any = this.mock({ name: s.name });
    ws.getUsedRangeOrNullObject = () => {
      const u = self.used(s);
      return self.mock(u ? { rowIndex: u.r0, columnIndex: u.c0, rowCount: u.r1 - u.r0 + 1, columnCount: u.c1 - u.c0 + 1 } : { rowIndex: 0, columnIndex: 0, rowCount: 0, columnCount: 0 }, !u);
    };
    ws.getRangeByIndexes = (r: number, c: number, h: number, w: number) => self.range(s, r, c, h, w);
    ws.getCell = (r: number, c: number) => ({
      getSpillingToRangeOrNullObject: () => {
        self.spillChecks++;
        const sp = s.spills.get(`${r},${c}`);
        return self.mock({ rowCount: sp?.rows ?? 0, columnCount: sp?.cols ?? 0 }, !sp);
      },
    });
    ws.names = this.collection(() => s.names.map((n) => ({ ...n })));
    ws.comments = this.collection(() => s.notes.map((n) => ({ content: n.text, authorName: "Analyst", getLocation: () => self.mock({ rowIndex: n.r, columnIndex: n.c }) })));
    ws.freezePanes = { getLocationOrNullObject: () => self.mock({ rowIndex: 0, rowCount: s.freezeRows ?? 0 }, !s.freezeRows) };
    return ws;
  }

  private context(): any {
    const self = this;
    return {
      workbook: {
        worksheets: Object.assign(
          this.collection(() => self.sheets.map((s) => ({ name: s.name, names: self.worksheet(s).names }))),
          {
            getActiveWorksheet: () => self.worksheet(self.sheet(self.activeName)),
            getItemOrNullObject: (name: string) => {
              const s = self.sheets.find((x) => x.name.toLowerCase() === name.toLowerCase());
              if (s) {
                const ws = self.worksheet(s);
                Object.defineProperty(ws, "isNullObject", { value: false });
                return ws;
              }
              return { isNullObject: true };
            },
          },
        ),
        names: this.collection(() => self.workbookNames.map((n) => ({ ...n }))),
      },
      sync: async () => {
        const mocks = self.mocks;
        self.mocks = [];
        for (const m of mocks) await m.sync();
        const after = self.afterSync;
        self.afterSync = [];
        for (const f of after) f();
      },
    };
  }
}

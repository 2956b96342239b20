/**
 * Large sheets in a share-ready copy, against the one fake Excel (test/fake-excel.ts)
 * with Excel on the web's response limit modelled (`responseLimit`: a sync whose
 * loaded data is over that many characters of JSON fails with
 * ResponsePayloadSizeLimitExceeded). Chunks are sized by bytes, a chunk that
 * still fails is read again in halves, a single row too big for one response
 * gets a clear message, a sheet over the size budget is refused before any of
 * its cells is read, and Cancel stops the copy with nothing created. Copies
 * are read back with ExcelJS / JSZip. The sheets here are small, with a small
 * response limit and byte target to force several chunks and the retry; a
 * 100,000 × 20 sheet is timed in the bench (npm run bench, scripts/bench/templates.mjs).
 */
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { makeShareReadyCopy, type ShareCopyOutcome } from "../../src/office/shareCopy";
import { FakeExcel } from "../fake-excel";

const NOW = new Date(2026, 10, 30, 14, 5);

afterEach(() => {
  delete (globalThis as any).Office;
  delete (globalThis as any).Excel;
});

function fake(): FakeExcel {
  const x = new FakeExcel(["Big"]);
  x.apis = new Set(["1.1", "1.4", "1.6", "1.7", "1.8", "1.9", "1.10", "1.12", "1.13", "1.18"]);
  x.notesAsComments = false;
  x.readOnly = true;
  return x;
}

function fileOf(x: FakeExcel, out: ShareCopyOutcome): Uint8Array {
  if (out.status === "download") return out.file;
  if (out.status === "opened") return Uint8Array.from(Buffer.from(x.created[0], "base64"));
  throw new Error(`no file: ${JSON.stringify(out)}`);
}

/** Long text (a product description of `n` characters, different per row and column). */
const text = (r: number, c: number, n: number) => `row ${r} col ${c} `.padEnd(n, "abcdefghij");

/** Big: `rows` rows of `cols` long-text columns, then a TRADE formula reading the first and a native formula. */
function longTextSheet(x: FakeExcel, rows: number, cols: number, chars: number): void {
  const s = x.sheet("Big");
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) s.cells.set(`${r},${c}`, { v: text(r, c, chars) });
    s.cells.set(`${r},${cols}`, { f: `=TRADE.REF(A${r + 1},"name")`, v: `name ${r}` });
    s.cells.set(`${r},${cols + 1}`, { f: `=LEN(A${r + 1})`, v: chars });
  }
}

/** A response limit small enough that a few rows of long text exceed it (Excel on the web's is 5 MB; the code under test only compares sizes). */
const LIMIT = 30_000;

describe("chunks sized by bytes, with a smaller-chunk retry", () => {
  test("long text: chunks are sized by the bytes of a row, not the cell cap; no request over the limit; every value in the copy", async () => {
    const x = fake();
    x.responseLimit = LIMIT;
    // 60 rows × 4 cells of 300 characters (and a TRADE and a LEN column): a row is about 2,600 characters of JSON (formulas and values each carry the text).
    longTextSheet(x, 60, 4, 300);
    x.install();
    // At most 60 cells (10 rows of 6 columns) a request, 8,000 characters of JSON as the target: 10 rows would be 26,000.
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, chunkCells: 60, chunkBytes: 8000 });
    expect(out.status).toMatch(/opened|download/);
    expect(x.payloadFailures).toBe(0);
    const reads = x.reads.filter((r) => r.w === 6);
    expect(reads.reduce((n, r) => n + r.h, 0)).toBe(60);
    // The first (probe) read takes the cell cap; every later one is held to the byte target: 3 rows of 2,600 characters, well under the 10-row cap.
    expect(reads[0].h).toBe(10);
    for (const r of reads.slice(1, -1)) expect(r.h).toBe(3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileOf(x, out)) as any);
    const ws = wb.getWorksheet("Big")!;
    for (const r of [0, 29, 59]) {
      expect(ws.getCell(r + 2, 1).value).toBe(text(r, 0, 300));
      expect(ws.getCell(r + 2, 5).value).toBe(`name ${r}`); // the TRADE cell as its value
      expect((ws.getCell(r + 2, 6).value as any).formula).toBe(`LEN(A${r + 2})`);
    }
  });

  test("a forced payload failure: the chunk is read again in halves until it fits, and each row is in the copy once", async () => {
    const x = fake();
    x.responseLimit = LIMIT;
    longTextSheet(x, 60, 4, 300);
    x.install();
    // A byte target far above the limit (as if the measure were wrong) and a cell cap above the sheet: the first read asks for all 60 rows (about 156,000 characters).
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, chunkCells: 600, chunkBytes: 100_000_000 });
    expect(out.status).toMatch(/opened|download/);
    expect(x.payloadFailures).toBeGreaterThan(0);
    const reads = x.reads.filter((r) => r.w === 6);
    // 60 rows fail, then 30, then 15; 7 rows (about 18,000 characters) fit.
    expect(reads.slice(0, 4).map((r) => [r.r, r.h])).toEqual([
      [0, 60],
      [0, 30],
      [0, 15],
      [0, 7],
    ]);
    expect(reads.reduce((n, r) => n + r.h, 0)).toBeGreaterThan(60);
    const zip = await JSZip.loadAsync(fileOf(x, out));
    const sheet = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    const rowsInCopy = [...sheet.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1]));
    expect(rowsInCopy).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    expect(sheet).toContain(text(59, 3, 300));
  });

  test("one injected ResponsePayloadSizeLimitExceeded on a read that would fit: retried in halves, the copy complete", async () => {
    const x = fake();
    longTextSheet(x, 40, 2, 20);
    x.failOps.set("read", Object.assign(new Error("The response payload size has exceeded the limit."), { code: "ResponsePayloadSizeLimitExceeded" }));
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toMatch(/opened|download/);
    const reads = x.reads.filter((r) => r.w === 4);
    expect(reads.slice(0, 2).map((r) => [r.r, r.h])).toEqual([
      [0, 40],
      [0, 20],
    ]);
    expect(reads.slice(1).reduce((n, r) => n + r.h, 0)).toBe(40);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(fileOf(x, out)) as any);
    const ws = wb.getWorksheet("Big")!;
    expect(ws.getCell(41, 1).value).toBe(text(39, 0, 20));
    expect(ws.getCell(41, 3).value).toBe("name 39");
  });

  test("a single row larger than one response: a clear message, no copy, the workbook untouched", async () => {
    const x = fake();
    x.responseLimit = LIMIT;
    longTextSheet(x, 1, 4, 5000);
    x.install();
    const before = x.snapshot();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out).toEqual({ status: "error", message: expect.stringMatching(/row 1 of 'Big' holds more than Excel can return in one request \(about 5 MB\).*only read, not changed/) });
    expect(x.created).toEqual([]);
    expect(x.snapshot()).toBe(before);
  });
});

describe("the size budget", () => {
  test("a sheet over the cell budget is refused before any cell is read, with its size and what to do", async () => {
    const x = fake();
    const s = x.sheet("Big");
    s.cells.set("0,0", { f: '=TRADE.REF("CN","name")', v: "China" });
    s.cells.set("4999,19", { v: 1 });
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, budget: { cells: 50_000 } });
    expect(out.status).toBe("too-large");
    expect(out.status === "too-large" && out.message).toMatch(/'Big' uses 5,000 rows × 20 columns = 100,000 cells; a share-ready copy reads at most 50,000 cells of a sheet .*Copy the part you want to share to a new sheet.*not changed/);
    expect(x.reads).toEqual([]);
    expect(x.created).toEqual([]);
  });

  test("text over the budget is refused as it is read", async () => {
    const x = fake();
    longTextSheet(x, 500, 4, 1000);
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, budget: { text: 1_000_000 } });
    expect(out.status).toBe("too-large");
    expect(out.status === "too-large" && out.message).toMatch(/more text than a share-ready copy reads \(1 million characters/);
    expect(x.created).toEqual([]);
  });
});

describe("progress and Cancel", () => {
  test("progress is reported while reading and writing, with fractions that only grow", async () => {
    const x = fake();
    longTextSheet(x, 3000, 2, 20);
    x.install();
    const seen: [string, number | undefined][] = [];
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, onProgress: (m, f) => seen.push([m, f]) });
    expect(out.status).toMatch(/opened|download/);
    expect(seen.some(([m]) => /^Reading 'Big': \d+%/.test(m))).toBe(true);
    expect(seen.some(([m]) => /^Writing the copy: [\d,]+ of [\d,]+ rows/.test(m))).toBe(true);
    const fractions = seen.map(([, f]) => f).filter((f): f is number => f !== undefined);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(Math.max(...fractions)).toBeLessThanOrEqual(1);
  });

  test.each(["Reading 'Big'", "Writing the copy"])("Cancel while %s…: cancelled, no workbook created, nothing written", async (when) => {
    const x = fake();
    longTextSheet(x, 6000, 2, 20);
    x.install();
    const before = x.snapshot();
    const abort = new AbortController();
    const out = await makeShareReadyCopy({
      dataVersion: "v",
      now: NOW,
      signal: abort.signal,
      onProgress: (m) => {
        if (m.startsWith(when)) abort.abort();
      },
    });
    expect(out).toEqual({ status: "cancelled", message: "Cancelled: no copy was made. Your workbook was only read, not changed." });
    expect(x.created).toEqual([]);
    expect(x.snapshot()).toBe(before);
    expect(x.writes).toEqual([]);
  });
});

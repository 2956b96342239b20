/**
 * What a share-ready copy keeps of a sheet beyond its values, against the one
 * fake Excel (test/fake-excel.ts): fonts, fills, borders, alignment, merged
 * cells, row heights and hyperlinks; hidden rows and columns stay hidden, hidden
 * names stay hidden; notes are copied as text without author names or left out,
 * as chosen, and comment threads are never copied; what cannot be read on an
 * older Excel is listed as not carried over. Each copy is read back with
 * ExcelJS (and JSZip for what ExcelJS does not model), against expectations
 * written from the seeded sheet.
 */
jest.mock("office-addin-manifest", () => jest.requireActual("office-addin-manifest/lib/officeApp"));
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { makeShareReadyCopy, type ShareCopyOutcome } from "../../src/office/shareCopy";
import { FakeExcel } from "../fake-excel";

const NOW = new Date(2026, 10, 30, 14, 5);
const MODERN = ["1.1", "1.4", "1.6", "1.7", "1.8", "1.9", "1.10", "1.12", "1.13", "1.18"];

afterEach(() => {
  delete (globalThis as any).Office;
  delete (globalThis as any).Excel;
});

async function readBack(x: FakeExcel, out: ShareCopyOutcome) {
  const bytes = out.status === "download" ? out.file : out.status === "opened" ? Uint8Array.from(Buffer.from(x.created[0], "base64")) : undefined;
  if (!bytes) throw new Error(`no file: ${JSON.stringify(out)}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as any);
  const zip = await JSZip.loadAsync(bytes);
  const xml = async (name: string) => (await zip.file(name)?.async("string")) ?? "";
  return { wb, ws: wb.getWorksheet("Look")!, xml };
}

/**
 * Sheet "Look" (row numbers of the original; the copy is one row lower):
 *  A1:C1 merged header: Arial 12 bold dark blue on light blue, centred, a medium bottom border;
 *  row 2: A2 a TRADE call, B2 a percentage with a note by Ana Ruiz, C2 wrapped text at the top, indented, with a comment thread;
 *  row 3 hidden, row 4 30 points high, column D hidden (D2 holds a value);
 *  A5:B5 thin borders all round; C3 a web link with a tip, C4 a link to A2 of this sheet, C5 a link to another sheet;
 *  E2 a live formula using the hidden name Rate and E3 one using the visible name Hi.
 */
function lookFake(apis = MODERN): FakeExcel {
  const x = new FakeExcel(["Look", "Other"]);
  x.apis = new Set(apis);
  x.notesAsComments = false;
  x.readOnly = true;
  const S = "Look";
  const s = x.sheet(S);
  x.cell(S, "A1", { v: "Rare-earth exposure", look: { font: { name: "Arial", size: 12, bold: true, color: "#1F4E79" }, fill: "#DDEBF7", horizontalAlignment: "Center", borders: { bottom: { style: "Continuous", weight: "Medium", color: "#000000" } } } });
  s.merges.push("A1:C1");
  x.cell(S, "A2", { f: '=TRADE.REF("CN","name")', v: "China" });
  x.cell(S, "B2", { v: 0.121, nf: "0.0%" });
  x.cell(S, "C2", { v: "Customs value, USD, excluding freight", look: { wrapText: true, verticalAlignment: "Top", indentLevel: 1 } });
  x.cell(S, "D2", { v: "internal cost" });
  x.cell(S, "A3", { v: "hidden row" });
  x.cell(S, "A4", { v: "tall row" });
  x.cell(S, "C3", { v: "USGS", link: { address: "https://www.usgs.gov/centers/national-minerals-information-center/rare-earths-statistics-and-information", screenTip: "USGS rare earths" } });
  x.cell(S, "C4", { v: "back to the verdict", link: { documentReference: "Look!A2" } });
  x.cell(S, "C5", { v: "to Other", link: { documentReference: "Other!A1" } });
  const thin = { style: "Continuous", weight: "Thin", color: "#000000" };
  for (const a of ["A5", "B5"]) x.cell(S, a, { v: a === "A5" ? "total" : 3, look: { borders: { top: thin, bottom: thin, left: thin, right: thin } } });
  x.cell(S, "E2", { f: "=B2*Rate", v: 0.242 });
  x.cell(S, "E3", { f: "=Hi&\"!\"", v: "hello!" });
  x.workbookNames.push({ name: "Rate", formula: "=Look!$F$1", visible: false }, { name: "Hi", formula: "=Look!$F$2" });
  x.cell(S, "F1", { v: 2 });
  x.cell(S, "F2", { v: "hello" });
  s.hiddenRows.add(2);
  s.rowHeights.set(3, 30);
  s.hiddenCols.add(3);
  s.notes.push({ r: 1, c: 1, text: "Ana Ruiz:\nCustoms value in USD", author: "Ana Ruiz" });
  s.threads.push({ r: 1, c: 2, text: "Should this include freight?", author: "Ben Okafor" });
  x.active = { sheet: S, row: 0, col: 0 };
  x.install();
  return x;
}

describe("formatting is carried over", () => {
  test("fonts, fills, borders, alignment, merged cells, row heights and hyperlinks, read back by ExcelJS", async () => {
    const x = lookFake();
    const before = x.snapshot();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    expect(x.snapshot()).toBe(before);
    expect(x.writes).toEqual([]);
    const { ws, xml } = await readBack(x, out);
    const header = ws.getCell("A2");
    expect(header.value).toBe("Rare-earth exposure");
    expect(header.font).toMatchObject({ name: "Arial", size: 12, bold: true, color: { argb: "FF1F4E79" } });
    expect(header.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } });
    expect(header.alignment).toMatchObject({ horizontal: "center" });
    expect(header.border?.bottom).toMatchObject({ style: "medium", color: { argb: "FF000000" } });
    // The merge, one row lower.
    expect((ws as any).model.merges).toEqual(["A2:C2"]);
    expect(ws.getCell("C3").alignment).toMatchObject({ wrapText: true, vertical: "top", indent: 1 });
    expect(ws.getCell("C3").value).toBe("Customs value, USD, excluding freight");
    expect(ws.getCell("C3").numFmt ?? "General").toBe("General");
    expect(ws.getCell("B3").numFmt).toBe("0.0%");
    for (const a of ["A6", "B6"]) expect(ws.getCell(a).border).toMatchObject({ top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } });
    // Row 4 of the original (30 points) is row 5 of the copy.
    expect(ws.getRow(5).height).toBe(30);
    // Hyperlinks: the web link with its tip, the link to A2 now pointing at A3; the link to another sheet is not carried.
    expect(ws.getCell("C4").hyperlink).toBe("https://www.usgs.gov/centers/national-minerals-information-center/rare-earths-statistics-and-information");
    const sheetXml = await xml("xl/worksheets/sheet1.xml");
    expect(sheetXml).toMatch(/<hyperlink ref="C4" r:id="rIdH1" tooltip="USGS rare earths"\/>/);
    expect(sheetXml).toContain(`<hyperlink ref="C5" location="Look!A3"/>`);
    expect(sheetXml).not.toMatch(/<hyperlink ref="C6"/);
    expect(await xml("xl/worksheets/_rels/sheet1.xml.rels")).toContain('TargetMode="External"');
    if (out.status !== "opened") return;
    expect(out.summary.notCarried).toContain("1 hyperlink to other sheets or names (the copy has one sheet)");
    // The cell whose look is Excel's default carries no font of its own.
    expect(ws.getCell("A4").font?.bold).toBeFalsy();
  });

  test("a column whose cells look alike is set from one probe; a mixed one is read cell by cell, within the budget", async () => {
    // Column A: 50 bold cells (a TRADE call on top); column B: 50 cells, every other one filled red.
    const x = new FakeExcel(["Look"]);
    x.apis = new Set(MODERN);
    x.readOnly = true;
    x.cell("Look", "A1", { f: '=TRADE.REF("CN","name")', v: "China", look: { font: { bold: true } } });
    for (let r = 2; r <= 50; r++) x.cell("Look", `A${r}`, { v: r, look: { font: { bold: true } } });
    for (let r = 1; r <= 50; r++) x.cell("Look", `B${r}`, { v: r, look: r % 2 ? { fill: "#FFC7CE" } : undefined });
    x.install();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, budget: { lookCells: 30 } });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const { ws } = await readBack(x, out);
    for (const r of [2, 26, 51]) expect([r, ws.getCell(`A${r}`).font?.bold]).toEqual([r, true]);
    // Column B: cells B1..B30 read one by one (copy rows 2..31): odd rows filled, even rows plain.
    expect(ws.getCell("B2").fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    expect(ws.getCell("B3").fill?.type === "pattern" && (ws.getCell("B3").fill as any).pattern !== "none").toBe(false);
    expect(ws.getCell("B30").fill).toMatchObject({ fgColor: { argb: "FFFFC7CE" } });
    // Past the budget (B31..B50) they keep only what the column shares: no fill.
    expect(ws.getCell("B34").fill?.type === "pattern" && (ws.getCell("B34").fill as any).pattern !== "none").toBe(false);
    const read = x.cellPropertyReads.filter((r) => r.what === "format").reduce((n, r) => n + r.cells, 0);
    expect(read).toBe(30);
    expect(out.summary.notCarried).toContain("the look of 20 cells whose column has mixed fonts, fills or borders (over the 30 cells read one by one; what their column shares is kept)");
  });
});

describe("what is not carried over is listed", () => {
  test("charts, tables, PivotTables, pictures and protection are counted; the About sheet lists them, what the reading could not carry, and what a copy never carries", async () => {
    const x = lookFake(["1.1", "1.4", "1.6", "1.7", "1.8", "1.9", "1.10", "1.12"]);
    const s = x.sheet("Look");
    s.charts.push({ type: "ColumnClustered", source: "A5:B5", title: "Totals" });
    s.tables.push({ name: "Lines", sheet: "Look", address: "A5:B5" });
    s.pivots.push("PivotTable1");
    s.shapes.push("Picture 1", "Arrow 2");
    s.protected = true;
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const sheetItems = [
      "merged cells (this Excel cannot list them: ExcelApi 1.13 is needed)",
      "notes (this Excel cannot read them: ExcelApi 1.18 is needed)",
      "1 chart (a copy holds cells only)",
      "1 table (their cells are copied as a plain range; formulas with table references hold their values)",
      "1 PivotTable (its cells are copied as values)",
      "2 pictures and shapes (a copy holds cells only)",
      "the sheet's protection (the copy is not protected)",
      "1 hyperlink to other sheets or names (the copy has one sheet)",
    ];
    expect(out.summary.notCarried).toEqual(expect.arrayContaining(sheetItems));
    const { wb } = await readBack(x, out);
    const about: string[] = [];
    wb.getWorksheet("About this copy")!.eachRow((row) => row.eachCell((c) => about.push(String(c.value))));
    const line = about.find((t) => t.startsWith("Not carried over: "))!;
    for (const item of sheetItems) expect(line).toContain(item);
    // True of every copy, whatever the sheet holds.
    for (const item of [
      "formatting of part of a cell's text (each cell takes one font)",
      "text rotation, shrink to fit and diagonal borders",
      "pattern and gradient fills (each is copied as its main colour)",
      "row and column grouping (outline), page layout and print settings",
    ])
      expect(line).toContain(item);
  });
});

describe("what was hidden stays hidden", () => {
  test("hidden rows and columns are hidden in the copy, hidden names stay hidden, and the About sheet says so", async () => {
    const x = lookFake();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const { wb, ws, xml } = await readBack(x, out);
    // Row 3 of the original is row 4 of the copy; column D stays D. Their contents are there (hidden, not removed).
    expect(ws.getRow(4).hidden).toBe(true);
    expect(ws.getCell("A4").value).toBe("hidden row");
    expect(ws.getRow(3).hidden).toBeFalsy();
    expect(ws.getColumn(4).hidden).toBe(true);
    expect(ws.getColumn(5).hidden).toBeFalsy();
    expect(ws.getCell("D3").value).toBe("internal cost");
    const workbook = await xml("xl/workbook.xml");
    expect(workbook).toContain('<definedName name="Rate" hidden="1">Look!$F$2</definedName>');
    expect(workbook).toContain('<definedName name="Hi">Look!$F$3</definedName>');
    expect(out.summary.hidden).toEqual({ rows: 1, columns: 1, names: ["Rate"] });
    const about: string[] = [];
    wb.getWorksheet("About this copy")!.eachRow((row) => row.eachCell((c) => about.push(String(c.value))));
    expect(about.join("\n")).toContain("Hidden rows and columns stay hidden: 1 row and 1 column hidden in the original are hidden here too. Their contents are in this file, so anyone can unhide them.");
    expect(about.join("\n")).toContain("Hidden names stay hidden: Rate.");
    // The live formulas still use the names.
    expect((ws.getCell("E3").value as any).formula).toBe("B3*Rate");
  });
});

describe("notes and comments: one choice, shown before the copy is made", () => {
  test("keep (the default): notes as text without their author line or author; comment threads left out and counted", async () => {
    const x = lookFake();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const { wb, ws, xml } = await readBack(x, out);
    expect((ws.getCell("B3") as any).note).toBe("Customs value in USD");
    expect((ws.getCell("C3") as any).note).toBeUndefined();
    const comments = await xml("xl/comments1.xml");
    expect(comments).not.toMatch(/Ana Ruiz|Ben Okafor|freight\?/);
    expect(comments).toContain("<authors><author></author></authors>");
    expect(out.summary.notes).toEqual({ kept: 1, leftOut: 0, comments: 1 });
    const about: string[] = [];
    wb.getWorksheet("About this copy")!.eachRow((row) => row.eachCell((c) => about.push(String(c.value))));
    expect(about.join("\n")).toContain("Notes: 1 copied, their text only (author names are left out). 1 comment thread was left out: conversations are never copied.");
  });

  test("leave out: no note, no comment part, and the About sheet counts what was left out", async () => {
    const x = lookFake();
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW, notes: "leave-out" });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const { wb, ws, xml } = await readBack(x, out);
    expect((ws.getCell("B3") as any).note).toBeUndefined();
    expect(await xml("xl/comments1.xml")).toBe("");
    expect(out.summary.notes).toEqual({ kept: 0, leftOut: 1, comments: 1 });
    const about: string[] = [];
    wb.getWorksheet("About this copy")!.eachRow((row) => row.eachCell((c) => about.push(String(c.value))));
    expect(about.join("\n")).toContain("Notes and comments were left out, as chosen when the copy was made (1 note, 1 comment thread).");
  });
});

describe("older Excel: what cannot be read is listed, nothing else changes", () => {
  test("without ExcelApi 1.9, 1.13 and 1.18: hidden rows still found row by row; looks, links, merges and notes listed as not carried over", async () => {
    const x = lookFake(["1.1", "1.4", "1.6", "1.7", "1.8", "1.10", "1.12"]);
    const out = await makeShareReadyCopy({ dataVersion: "v", now: NOW });
    expect(out.status).toBe("opened");
    if (out.status !== "opened") return;
    const { ws } = await readBack(x, out);
    expect(ws.getRow(4).hidden).toBe(true);
    expect(ws.getColumn(4).hidden).toBe(true);
    // Range.format exists on every host, so looks a column shares are kept; column A's cells differ and need getCellProperties (1.9).
    expect(ws.getCell("A2").font?.bold).toBeFalsy();
    expect(out.summary.notCarried).toEqual(
      expect.arrayContaining([
        "merged cells (this Excel cannot list them: ExcelApi 1.13 is needed)",
        "notes (this Excel cannot read them: ExcelApi 1.18 is needed)",
        "fonts, fills, borders and alignment that differ within a column, row heights and hyperlinks (this Excel lacks ExcelApi 1.9)",
      ]),
    );
    expect((ws as any).model.merges).toEqual([]);
  });
});

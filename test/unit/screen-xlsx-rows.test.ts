/**
 * An XLSX output past Excel's last row (1,048,576): the rows go on in a second sheet that says where it
 * continues from, repeats the column header, and loses, repeats or reorders no row. Written by the real
 * command (`copy`, which shares the XLSX writer with bom and tariff) and read back by ExcelJS's streaming
 * reader, the way another program would read it.
 */
import * as fs from "fs";
import * as path from "path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { screen, tempDir } from "../fixtures/screen/run";

// about 4 s to write a million rows and 15 s to read them back
jest.setTimeout(120_000);

const EXCEL_LAST_ROW = 1_048_576;

test("XLSX past 1,048,576 rows: a second sheet continues the table, every row once and in order", async () => {
  const dir = tempDir();
  const n = EXCEL_LAST_ROW + 10;
  const lines = ["id,v"];
  for (let i = 1; i <= n; i++) lines.push(`r${i},${i}`);
  fs.writeFileSync(path.join(dir, "big.csv"), lines.join("\n") + "\n");
  const r = await screen(["copy", "big.csv", "--out", "big.xlsx", "--quiet"], { cwd: dir });
  expect(r.code).toBe(0);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path.join(dir, "big.xlsx"), {
    sharedStrings: "cache",
    worksheets: "emit",
    hyperlinks: "ignore",
    styles: "ignore",
    entries: "emit",
  });
  const sheets: { data: number; last: number; head: unknown[][] }[] = [];
  let next = 1; // the next input row expected
  let header = false;
  let wrong: { expected: unknown[]; got: unknown[] } | null = null;
  for await (const ws of reader) {
    const s = { data: 0, last: 0, head: [] as unknown[][] };
    sheets.push(s);
    for await (const row of ws) {
      s.last = row.number;
      const v = (row.values as unknown[]).slice(1);
      if (s.head.length < 3) s.head.push(v);
      if (v[0] === "line") {
        header = true;
        continue;
      }
      if (!header) continue;
      // a data row: the input's line (its row number in the CSV, the header being line 1), id and value
      // (compared by hand: an expect per row would take most of the test's time)
      if (wrong === null && !(v.length === 3 && v[0] === next + 1 && v[1] === `r${next}` && v[2] === String(next)))
        wrong = { expected: [next + 1, `r${next}`, String(next)], got: v };
      next++;
      s.data++;
    }
    header = false;
  }
  expect(wrong).toBeNull();
  expect(next - 1).toBe(n);
  expect(sheets).toHaveLength(2);
  // the first sheet is full to Excel's last row, and says the run completed
  expect(sheets[0].last).toBe(EXCEL_LAST_ROW);
  // The status is the workbook's one shared string, whose table is written after the sheets. ExcelJS's
  // streaming reader sometimes stops reading the zip after the sheets (a race in the reader: once in three
  // runs of this test's file on one machine, and the same file read again gave every part), and then gives
  // the reference ({ sharedString: 0 }) for the text. The table is read here through the zip's central
  // directory, as Excel reads it.
  const zip = await JSZip.loadAsync(fs.readFileSync(path.join(dir, "big.xlsx")));
  const sst = [...(await zip.file("xl/sharedStrings.xml")!.async("string")).matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);
  const [label, status] = sheets[0].head[1];
  expect(label).toBe("status");
  const text =
    typeof status === "object" && status !== null && "sharedString" in status
      ? sst[(status as { sharedString: number }).sharedString]
      : status;
  expect(text).toBe(`complete: ${n.toLocaleString("en-US")} rows copied`);
  // the second: where it continues from, the header, then the rest
  expect(sheets[1].head[0]).toEqual([`continued from sheet "Rows" (Excel's last row is 1,048,576)`]);
  expect(sheets[1].head[1]).toEqual(["line", "id", "v"]);
  expect(sheets[1].last).toBe(2 + sheets[1].data);
  expect(sheets[0].data + sheets[1].data).toBe(n);
});

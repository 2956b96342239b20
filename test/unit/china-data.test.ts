/**
 * The legal timeline and China's item lists: integrity rules on the real pack and
 * on deliberately broken copies; the loader; TRADE.REF for instruments.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  allInstruments,
  getInstrument,
  part1Items,
  part2Categories,
  controlledElements,
  timelineHorizonIso,
  thresholdClause,
  findInstrument,
} from "../../src/core/data/instruments";
import { dataHorizon } from "../../src/core/data/pack";
import { refValue } from "../../src/core/data";
import { isoFromSerial, serialFromIso } from "../../src/core/dates";
import { TradeError, capture } from "../../src/core/errors";

const { checkPack } = require("../../scripts/check-data.cjs") as {
  checkPack: (dir: string, opts?: object) => { file: string; record: string; rule: string; message: string; text: string }[];
};
const DATA = path.join(__dirname, "..", "..", "src", "data");

function brokenCopy(edit: (ins: any, items: any) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cn-pack-"));
  fs.mkdirSync(path.join(dir, "schema"));
  for (const f of fs.readdirSync(DATA)) if (f.endsWith(".json")) fs.copyFileSync(path.join(DATA, f), path.join(dir, f));
  for (const f of fs.readdirSync(path.join(DATA, "schema"))) fs.copyFileSync(path.join(DATA, "schema", f), path.join(dir, "schema", f));
  const ins = JSON.parse(fs.readFileSync(path.join(dir, "instruments.json"), "utf8"));
  const items = JSON.parse(fs.readFileSync(path.join(dir, "cn_items.json"), "utf8"));
  edit(ins, items);
  fs.writeFileSync(path.join(dir, "instruments.json"), JSON.stringify(ins));
  fs.writeFileSync(path.join(dir, "cn_items.json"), JSON.stringify(items));
  return dir;
}
const rec = (ins: any, id: string) => ins.records.find((r: any) => r.id === id);
const mine = <T extends { file: string }>(ps: T[]) =>
  ps.filter((p) => p.file === "instruments.json" || p.file === "cn_items.json" || p.file === "instruments.cjs");

describe("integrity", () => {
  test("the real pack passes every rule for instruments.json and cn_items.json", () => {
    expect(mine(checkPack(DATA)).map((p) => p.text)).toEqual([]);
  });
  test.each([
    [
      "overlapping suspension windows of the same rule",
      (ins: any) =>
        rec(ins, "MOFCOM-61-2025").suspensions.push({ ...rec(ins, "MOFCOM-61-2025").suspensions[0], from: "2026-01-01", to: "2026-12-31" }),
      "MOFCOM-61-2025",
      /overlap/,
    ],
    [
      "a clause dated before the instrument was issued",
      (ins: any) => (rec(ins, "MOFCOM-61-2025").clauses[0].effective = "2025-10-01"),
      "MOFCOM-61-2025",
      "ins-clause-lifetime",
    ],
    [
      "a clause after the instrument ended",
      (ins: any) => (rec(ins, "US-122-2026").clauses[0].effective = "2026-08-01"),
      "US-122-2026",
      "ins-clause-lifetime",
    ],
    [
      "a suspension by an unknown instrument",
      (ins: any) => (rec(ins, "MOFCOM-57-2025").suspensions[0].by = "MOFCOM-99-2025"),
      "MOFCOM-57-2025",
      "ins-suspension-by",
    ],
    [
      "a suspension the suspending instrument does not list",
      (ins: any) =>
        (rec(ins, "MOFCOM-70-2025").suspends = rec(ins, "MOFCOM-70-2025").suspends.filter((x: string) => x !== "MOFCOM-62-2025")),
      "MOFCOM-62-2025",
      "ins-suspension-by",
    ],
    [
      "a suspension starting before its instrument was issued",
      (ins: any) => (rec(ins, "MOFCOM-58-2025").suspensions[0].from = "2025-11-01"),
      "MOFCOM-58-2025",
      "ins-suspension-start",
    ],
    [
      "a confirmed event past the horizon",
      (ins: any) =>
        rec(ins, "MY-RAW-REE-BAN").events.push({
          date: "2026-09-01",
          event: "reaffirmed",
          note: "x",
          sources: ["CN-MY-BAN-REX"],
          confirmation: "confirmed-2nd",
        }),
      "MY-RAW-REE-BAN",
      "ins-horizon",
    ],
    [
      "an effective date that is not the earliest clause",
      (ins: any) => (rec(ins, "MOFCOM-61-2025").effective = "2025-12-01"),
      "MOFCOM-61-2025",
      "ins-effective",
    ],
    ["window from after to", (ins: any) => (rec(ins, "MOFCOM-56-2025").suspensions[0].to = "2025-01-01"), "MOFCOM-56-2025", "date-order"],
  ])("rejects %s, naming file, record and rule", (_what, edit, record, rule) => {
    const ps = mine(checkPack(brokenCopy(edit as (ins: any) => void)));
    expect(ps.length).toBeGreaterThan(0);
    const hit = ps.find((p) => p.record === record && (typeof rule === "string" ? p.rule === rule : rule.test(p.rule)));
    expect(hit).toBeDefined();
    expect(hit!.text).toContain("instruments.json");
  });
  test("item rules: ambiguous alias, unknown instrument, uncontrolled Part 1 element", () => {
    const dir = brokenCopy((_ins, items) => {
      items.records.find((r: any) => r.id === "A61-P1-13").aliases.push("Dy-Fe");
      items.records.find((r: any) => r.id === "A61-P1-01").instrument = "MOFCOM-99-2025";
      items.records.find((r: any) => r.id === "A61-P1-05").elements = ["Nd"];
    });
    const rules = mine(checkPack(dir)).map((p) => `${p.record} ${p.rule}`);
    expect(rules).toEqual(expect.arrayContaining(["A61-P1-13 items-alias", "A61-P1-01 items-instrument", "A61-P1-05 items-part1-element"]));
  });
});

describe("loader", () => {
  test("the timeline as the announcements date it", () => {
    const a61 = getInstrument("MOFCOM-61-2025")!;
    expect(isoFromSerial(a61.issued)).toBe("2025-10-09");
    const c = Object.fromEntries(a61.clauses.map((x) => [x.id, isoFromSerial(x.effective)]));
    expect(c).toMatchObject({ "1(1)": "2025-12-01", "1(2)": "2025-12-01", "1(3)": "2025-10-09" });
    expect(a61.suspensions.map((s) => [isoFromSerial(s.from), isoFromSerial(s.to), s.by])).toEqual([
      ["2025-11-07", "2026-11-10", "MOFCOM-70-2025"],
    ]);
    expect(getInstrument("MOFCOM-70-2025")!.suspends).toEqual([
      "MOFCOM-55-2025",
      "MOFCOM-56-2025",
      "MOFCOM-57-2025",
      "MOFCOM-58-2025",
      "MOFCOM-61-2025",
      "MOFCOM-62-2025",
    ]);
    expect(getInstrument("MOFCOM-18-2025")!.suspensions).toEqual([]); // Ann. 70 does not mention Ann. 18
    expect(thresholdClause().clause.threshold).toBe("0.001");
    expect(findInstrument("ann. 61/2025")!.id).toBe("MOFCOM-61-2025");
    for (const id of [
      "MOFCOM-55-2025",
      "MOFCOM-56-2025",
      "MOFCOM-57-2025",
      "MOFCOM-58-2025",
      "MOFCOM-62-2025",
      "MOFCOM-72-2025",
      "MOFCOM-1-2026",
      "US-EO-14257",
      "US-122-2026",
      "US-MY-ART-2025",
      "MY-RAW-REE-BAN",
    ])
      expect(getInstrument(id)).toBeDefined();
    expect(allInstruments().length).toBeGreaterThanOrEqual(20);
  });
  test("the horizon agrees with the pack's", () => {
    expect(timelineHorizonIso()).toBe(dataHorizon());
  });
  test("items: 12 controlled elements, 13 Part 1 items, Part 2 categories with their scope", () => {
    expect(
      controlledElements()
        .map((e) => e.element)
        .sort(),
    ).toEqual(["Dy", "Er", "Eu", "Gd", "Ho", "Lu", "Sc", "Sm", "Tb", "Tm", "Y", "Yb"]);
    expect(part1Items().length).toBe(13);
    expect(part2Categories().map((c) => [c.productType, c.scope, c.confirmation])).toEqual([
      ["magnet", "strict", "confirmed-2nd"],
      ["target", "strict", "confirmed-2nd"],
      ["component", "broad", "unconfirmed"],
    ]);
  });
});

describe("TRADE.REF for instruments", () => {
  const d = (iso: string) => serialFromIso(iso)!;
  test('REF("MOFCOM-61-2025","status",date)', () => {
    expect(refValue("MOFCOM-61-2025", "status", d("2026-03-01"), null)).toBe("suspended");
    expect(refValue("MOFCOM-61-2025", "status", d("2025-10-20"), null)).toBe("in force"); // cl. 1(3) and the annex
    expect(refValue("MOFCOM-61-2025", "status", d("2025-10-01"), null)).toBe("not issued");
    expect(refValue("MOFCOM-61-2025", "status", d("2026-11-11"), null)).toBe("in force");
    expect(refValue("MOFCOM-61-2025", "status.status", d("2026-11-11"), null)).toBe("unconfirmed");
    expect(refValue("MOFCOM-61-2025", "status.note", d("2026-11-11"), null)).toContain("ended 2026-11-10");
    expect(refValue("MOFCOM-57-2025", "status", d("2025-11-20"), null)).toBe("suspended");
    expect(refValue("US-EO-14257", "status", d("2026-03-01"), null)).toBe("ended");
    expect(refValue("MOFCOM-61-2025", "in_force", d("2026-03-01"), null)).toBe(false);
    expect(refValue("MOFCOM-61-2025", "suspended_until", null, null)).toBe(d("2026-11-10"));
    expect(refValue("Ann. 61/2025", "issued", null, null)).toBe(d("2025-10-09"));
  });
  test("status without a date → #N/A asking for one; unknown field → #N/A", () => {
    const r = capture(() => refValue("MOFCOM-61-2025", "status", null, null)) as TradeError;
    expect(r.kind).toBe("NA");
    expect(r.message).toContain("give a date");
    expect((capture(() => refValue("MOFCOM-61-2025", "colour", null, null)) as TradeError).kind).toBe("NA");
  });
});

/**
 * The active data pack (src/core/data/active.ts) in the core: activating another pack changes the
 * answers (every index is rebuilt), an organisation's records are named as organisation data with
 * their source and what they replaced, and the workbook record (src/pack/stamp.ts) and "What
 * changed" (src/pack/diff.ts) say exactly what differs. Worked by hand from the fixtures.
 */
import { activateBundled, activatePack, beginPackLoad, packGeneration, packSettled, packState, perPack, whenPackSettled } from "../../src/core/data/active";
import { dataVersionText } from "../../src/core/data/ref";
import { cnLicenseExplain, cnLicenseRequired } from "../../src/core/china/rule";
import { cnControlledExplain } from "../../src/core/china/controls";
import { tariffBreakdown, tariffExplain, tariffRate } from "../../src/core/tariff";
import { cardFor } from "../../src/core/cards/build";
import { serialFromIso } from "../../src/core/dates";
import { diffDatasets } from "../../src/pack/diff";
import { nextStamp, sameData, stampOf } from "../../src/pack/stamp";
import { verifyPublished } from "../../src/pack/verify";
import { bundledDocs, extendedSuspensionPack, overlayText } from "../pack-fixtures";

afterEach(() => activateBundled());

const licence = () => cnLicenseRequired([[0.5]], [[100]], [["magnet"]], [["2026-12-01"]])[0][0];

function useUpdate() {
  const u = extendedSuspensionPack();
  activatePack(u.datasets, { version: u.header.version, compiled: u.header.compiled, minAddinVersion: u.header.minAddinVersion, sha256: u.sha256, origin: "update", file: u.file });
}

function useOverlay() {
  const text = overlayText();
  const r = verifyPublished({ base: bundledDocs(), overlay: { text, sha256: "3f2a1b9c".padEnd(64, "0"), file: "overlay-3f2a1b9c.json" } });
  if (!r.ok) throw new Error(r.message);
  activatePack(r.datasets, { version: "2026.12.07", compiled: "2026-12-07", minAddinVersion: "0.1.0", sha256: null, origin: "bundled", overlay: r.overlay });
}

describe("activating a pack", () => {
  test("the update's extended suspension turns the 2026-12-01 licence verdict from TRUE to FALSE, and back", () => {
    expect(licence()).toBe(true);
    const g = packGeneration();
    useUpdate();
    expect(packGeneration()).toBe(g + 1);
    expect(licence()).toBe(false);
    expect(String(cnLicenseExplain([[0.5]], [[100]], [["magnet"]], [["2026-12-01"]])[0][0])).toMatch(
      /^No licence required \(Ann\. 61\/2025 cl\. 1\(1\) is not in force on that date under regime "as_written"\).*Status on 2026-12-01: suspended by Ann\. 70\/2025 until 2027-11-10; it had not taken effect before the suspension \(due 2025-12-01\)\./,
    );
    activateBundled();
    expect(licence()).toBe(true);
  });

  test("the moved horizon: 2026-12-01 is inside the update's (no 'unconfirmed') and outside the bundled pack's", () => {
    const text = () => String(cnControlledExplain([["Dy"]], [["2026-12-01"]])[0][0]);
    expect(text()).toMatch(/past the data horizon \(2026-05-31\): status unconfirmed/);
    useUpdate();
    expect(text()).not.toMatch(/past the data horizon/);
  });

  test("DATA_VERSION says version, origin, overlay and horizons", () => {
    expect(dataVersionText()).toBe("2026.12.07 (bundled; horizon China 2026-05-31, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)");
    useUpdate();
    expect(dataVersionText()).toBe(
      "2026.12.15 (update pack-2026.12.15.json; horizon China 2026-12-05, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)",
    );
    useOverlay();
    expect(dataVersionText()).toBe(
      "2026.12.07 (bundled; overlay Contoso compliance desk 2026-12-07.1, 3f2a1b9c…; horizon China 2026-05-31, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)",
    );
    activateBundled("the host's data could not be used: data/latest.json: HTTP 404", "2026-12-07T10:00:00.000Z");
    expect(dataVersionText()).toMatch(/; the host's data could not be used: data\/latest\.json: HTTP 404\)$/);
  });

  test("per-pack values are rebuilt once per pack", () => {
    let builds = 0;
    const v = perPack(() => ++builds);
    expect([v(), v()]).toEqual([1, 1]);
    useUpdate();
    expect([v(), v()]).toEqual([2, 2]);
  });

  test("functions wait while a published pack is read, at most the bound", async () => {
    expect(packSettled()).toBe(true);
    let resolve!: () => void;
    const load = new Promise<void>((r) => (resolve = r));
    beginPackLoad(load, 10_000);
    expect(packSettled()).toBe(false);
    resolve();
    await whenPackSettled();
    expect(packSettled()).toBe(true);
    const t0 = Date.now();
    beginPackLoad(new Promise(() => {}), 50);
    await whenPackSettled();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    expect(packSettled()).toBe(true);
  });
});

describe("organisation data is named wherever it is used", () => {
  test("CN_LICENSE_EXPLAIN names the organisation's record, its source, and what the built-in record says", () => {
    useOverlay();
    expect(licence()).toBe(false);
    const t = String(cnLicenseExplain([[0.5]], [[100]], [["magnet"]], [["2026-12-01"]])[0][0]);
    expect(t).toContain(
      "Status on 2026-12-01: organisation data (Contoso compliance desk; source ORG-1: Broker notice 2026-12: Ann. 70 suspension and Thai MFN, Siam Customs Brokers, 2026-12-02): suspended by Ann. 70/2025 until 2027-11-10; it had not taken effect before the suspension (due 2025-12-01); built-in record (past its data horizon 2026-05-31: unconfirmed), as written: in force since 2025-12-01 (the suspension by Ann. 70/2025 ended 2026-11-10; applies as written).",
    );
    // Before the horizon the built-in record agrees and is not marked unconfirmed.
    const t2 = String(cnLicenseExplain([[0.5]], [[100]], [["magnet"]], [["2026-03-01"]])[0][0]);
    expect(t2).toContain("; built-in record, as written: suspended by Ann. 70/2025 until 2026-11-10; it had not taken effect before the suspension (due 2025-12-01).");
  });

  test("TARIFF_RATE for Thailand uses the broker's MFN; TARIFF_EXPLAIN and TARIFF_BREAKDOWN say organisation data", () => {
    const before = tariffRate([["8505.11"]], [["CN"]], [["2026-01-15"]], null, [["TH"]])[0][0] as { code?: string; kind?: string };
    expect(before).toMatchObject({ kind: "NA" }); // no Thai MFN in the built-in data
    useOverlay();
    expect(tariffRate([["8505.11"]], [["CN"]], [["2026-01-15"]], null, [["TH"]])[0][0]).toBe(0.05);
    const ex = String(tariffExplain([["8505.11"]], [["CN"]], [["2026-01-15"]], null, [["TH"]])[0][0]);
    expect(ex).toMatch(/= MFN 5% \[organisation data\]\. Status: includes organisation data\./);
    expect(ex).toContain("Organisation data: MFN: organisation data (Contoso compliance desk; source ORG-1: Broker notice 2026-12: Ann. 70 suspension and Thai MFN, Siam Customs Brokers, 2026-12-02), not in the built-in data.");
    const b = tariffBreakdown("8505.11", "CN", "2026-01-15", null, "TH");
    expect(b[1]).toEqual(["MFN", "Thai applied MFN on permanent magnets (broker's schedule)", 0.05, serialFromIso("2025-01-01"), "", "org", "ORG-1"]);
    expect(b[2][5]).toBe("includes organisation data");
  });

  test("a card's figures cite the organisation's source as organisation data", () => {
    useOverlay();
    const card = cardFor("MOFCOM-61-2025", { asOf: serialFromIso("2026-12-01")!, asOfBlank: false });
    const texts = JSON.stringify(card);
    expect(texts).toContain("Organisation data (Contoso compliance desk): Broker notice 2026-12: Ann. 70 suspension and Thai MFN, Siam Customs Brokers, 2026-12-02");
    expect(texts).toContain("https://broker.example.com/notice-2026-12");
  });
});

describe("workbook record and What changed", () => {
  const now = new Date("2026-12-07T10:00:00Z");
  test("nextStamp: first use records; the same data changes nothing; other data keeps the earlier one until a full recalculation", () => {
    const a = stampOf(packState(), now);
    expect(nextStamp(null, packState(), now)).toEqual(a);
    expect(nextStamp(a, packState(), now)).toBeNull();
    useUpdate();
    const b = nextStamp(a, packState(), now)!;
    expect(b).toMatchObject({ version: "2026.12.15", file: "pack-2026.12.15.json", origin: "update", earlier: { version: "2026.12.07" } });
    expect(sameData(b, stampOf(packState(), now))).toBe(true);
    expect(nextStamp(b, packState(), now)).toBeNull();
    const { earlier: _earlier, ...rest } = b;
    expect(_earlier).toMatchObject({ version: "2026.12.07" });
    expect(nextStamp(b, packState(), now, true)).toEqual(rest);
  });

  test("the difference between two small hand-made packs is listed exactly", () => {
    const before = {
      instruments: {
        dataset: "instruments",
        horizon: "2026-05-31",
        records: [
          { id: "A", suspensions: [{ from: "2025-11-07", to: "2026-11-10" }], sources: ["S1"], status: "confirmed" },
          { id: "B", title: "gone", sources: ["S2"], status: "unconfirmed" },
        ],
      },
      partner_tariffs: { dataset: "partner_tariffs", importers: [], lines: [{ importer: "TH", code: "8505.11", description: "magnets" }], records: [] },
    };
    const after = {
      instruments: {
        dataset: "instruments",
        horizon: "2026-12-05",
        records: [
          { id: "A", suspensions: [{ from: "2025-11-07", to: "2027-11-10" }], sources: ["S1", "ORG-1"], status: "confirmed" },
          { id: "C", title: "new", sources: ["ORG-1"], status: "confirmed-2nd" },
        ],
      },
      partner_tariffs: {
        dataset: "partner_tariffs",
        importers: [],
        lines: [{ importer: "TH", code: "8505.11", description: "permanent magnets" }],
        records: [{ id: "th-mfn", rate_pct: 5, sources: ["ORG-1"], status: "confirmed-2nd" }],
      },
    };
    expect(diffDatasets(before, after)).toEqual([
      { dataset: "instruments", list: "(dataset)", key: "instruments", change: "changed", fields: [{ field: "horizon", old: "2026-05-31", new: "2026-12-05" }], sources: [] },
      {
        dataset: "instruments",
        list: "records",
        key: "A",
        change: "changed",
        fields: [
          { field: "suspensions.0.to", old: "2026-11-10", new: "2027-11-10" },
          { field: "sources", old: ["S1"], new: ["S1", "ORG-1"] },
        ],
        sources: ["S1", "ORG-1"],
        status: "confirmed",
      },
      { dataset: "instruments", list: "records", key: "B", change: "removed", fields: [], sources: ["S2"], status: "unconfirmed" },
      { dataset: "instruments", list: "records", key: "C", change: "added", fields: [], sources: ["ORG-1"], status: "confirmed-2nd" },
      { dataset: "partner_tariffs", list: "records", key: "th-mfn", change: "added", fields: [], sources: ["ORG-1"], status: "confirmed-2nd" },
      {
        dataset: "partner_tariffs",
        list: "lines",
        key: "TH 8505.11",
        change: "changed",
        fields: [{ field: "description", old: "magnets", new: "permanent magnets" }],
        sources: [],
      },
    ]);
  });

  test("bundled → the tests' update: exactly the horizon and Ann. 61's suspension end", () => {
    const u = extendedSuspensionPack();
    expect(diffDatasets(bundledDocs(), u.datasets).map((c) => `${c.change} ${c.dataset} ${c.key}: ${c.fields.map((f) => `${f.field} ${String(f.old)} → ${String(f.new)}`).join(", ")}`)).toEqual([
      "changed instruments instruments: horizon 2026-05-31 → 2026-12-05",
      "changed instruments MOFCOM-61-2025: suspensions.0.to 2026-11-10 → 2027-11-10",
    ]);
  });
});

describe("REF names organisation data in a figure's status", () => {
  test("an instrument's status figure from the overlay: .status says organisation data", () => {
    const { refValue } = require("../../src/core/data/ref") as typeof import("../../src/core/data/ref");
    const before = refValue("MOFCOM-61-2025", "status.status", "2026-12-01", null);
    expect(String(before)).not.toMatch(/organisation/);
    useOverlay();
    expect(refValue("MOFCOM-61-2025", "status", "2026-12-01", null)).toBe("suspended");
    expect(refValue("MOFCOM-61-2025", "status.status", "2026-12-01", null)).toMatch(/^organisation data \(Contoso compliance desk\)/);
    expect(String(refValue("MOFCOM-61-2025", "status.source", "2026-12-01", null))).toContain("Broker notice 2026-12");
  });
});

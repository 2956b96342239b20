/**
 * The data pack as the build publishes it, and the built bundle with another pack: dist/data holds
 * the pack file and latest.json with its SHA-256 (recomputed here), the bundle knows that hash, and
 * the harness can run the bundle on a given pack while every other test runs on the bundled one.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { distDir, isExcelError, loadBundle, type HarnessPack } from "../harness";
import { checkPackFile } from "../../src/pack/check";
import { verifyPublished } from "../../src/pack/verify";
import { bundledDocs, bundledHeader, extendedSuspensionPack, overlayText } from "../pack-fixtures";

const dist = distDir();
const latest = JSON.parse(fs.readFileSync(path.join(dist, "data", "latest.json"), "utf8"));

describe("dist/data", () => {
  test("latest.json names the pack file by its SHA-256, for the version in src/data/pack.json", () => {
    const header = bundledHeader();
    expect(latest).toEqual({ version: header.version, file: `pack-${header.version}.json`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), minAddinVersion: header.minAddinVersion });
    const bytes = fs.readFileSync(path.join(dist, "data", latest.file));
    expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(latest.sha256);
  });
  test("the pack file passes the checker and holds exactly src/data", () => {
    const pack = JSON.parse(fs.readFileSync(path.join(dist, "data", latest.file), "utf8"));
    expect(checkPackFile(pack)).toEqual([]);
    expect(pack.datasets).toEqual(bundledDocs());
  });
  test("functions.js knows the bundled pack's hash (to tell it from a published one)", () => {
    expect(fs.readFileSync(path.join(dist, "functions.js"), "utf8")).toContain(latest.sha256);
  });
});

describe("the harness runs the bundle on a given pack; the default stays the bundled one", () => {
  const args = ["CN_LICENSE_REQUIRED", [[0.5]], [[100]], "magnet", "2026-12-01"] as const;
  const u = extendedSuspensionPack();
  const updatePack: HarnessPack = {
    datasets: u.datasets,
    state: { version: u.header.version, compiled: u.header.compiled, minAddinVersion: u.header.minAddinVersion, sha256: u.sha256, origin: "update", file: u.file },
  };

  test("bundled: licence required on 2026-12-01 (Ann. 70's suspension ended 2026-11-10)", () => {
    const b = loadBundle();
    expect(b.call(...args)).toEqual([[true]]);
    expect(b.packState()).toMatchObject({ version: "2026.12.07", origin: "bundled" });
  });

  test("with the update (suspension to 2027-11-10, horizon 2026-12-05): no licence; DATA_VERSION says so", () => {
    const b = loadBundle(dist, { pack: updatePack });
    expect(b.call(...args)).toEqual([[false]]);
    expect(b.call("DATA_VERSION")).toBe("2026.12.15 (update pack-2026.12.15.json; horizon China 2026-12-05, US tariffs 2026-07-23; statuses after a horizon are unconfirmed)");
    // the default bundle is a separate runtime, unchanged
    expect(loadBundle().call(...args)).toEqual([[true]]);
  });

  test("with an organisation's overlay: Thai MFN from the broker, named as organisation data", () => {
    const r = verifyPublished({ base: bundledDocs(), overlay: { text: overlayText(), sha256: "3f2a1b9c".padEnd(64, "0"), file: "overlay-3f2a1b9c.json" } });
    if (!r.ok) throw new Error(r.message);
    const b = loadBundle(dist, { pack: { datasets: r.datasets, state: { version: "2026.12.07", compiled: "2026-12-07", minAddinVersion: "0.1.0", sha256: latest.sha256, origin: "bundled", overlay: r.overlay } } });
    const none = loadBundle().call("TARIFF_RATE", "8505.11", "CN", "2026-01-15", null, "TH") as unknown[][];
    expect(isExcelError(none[0][0], "#N/A")).toBe(true);
    expect(b.call("TARIFF_RATE", "8505.11", "CN", "2026-01-15", null, "TH")).toEqual([[0.05]]);
    expect(String((b.call("TARIFF_EXPLAIN", "8505.11", "CN", "2026-01-15", null, "TH") as unknown[][])[0][0])).toMatch(/MFN 5% \[organisation data\].*Organisation data: MFN: organisation data \(Contoso compliance desk; source ORG-1/);
    expect(String((b.call("CN_LICENSE_EXPLAIN", 0.5, 100, "magnet", "2026-12-01") as unknown[][])[0][0])).toMatch(/organisation data \(Contoso compliance desk; .*\): suspended by Ann\. 70\/2025 until 2027-11-10;.* built-in record \(past its data horizon 2026-05-31: unconfirmed\), as written: in force since 2025-12-01/);
    expect(b.call("DATA_VERSION")).toMatch(/overlay Contoso compliance desk 2026-12-07\.1, 3f2a1b9c…/);
  });
});

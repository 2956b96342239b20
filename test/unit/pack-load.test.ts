/**
 * Reading what the host publishes (src/core/pack/load.ts) against an in-memory host: the update is
 * used only when every check passes; a 404, a timeout, a hash mismatch, a pack that fails its
 * schema or rules, an older or too large one, one for a newer add-in each leave the bundled pack
 * (or the last good copy) in use with a notice naming the reason.
 */
import { PackError } from "../../src/core/pack/format";
import { readPublished, type BundledPack, type Fetched, type LoaderDeps } from "../../src/core/pack/load";
import { readRecordedData } from "../../src/pack/recorded";
import { verifyPublished } from "../../src/pack/verify";
import { bundledDocs, bundledHeader, extendedSuspensionPack, makePack, orgOverlay, overlayText, sha256 } from "../pack-fixtures";

const bundledPackFile = makePack();
const bundled: BundledPack = { header: bundledHeader(), sha256: bundledPackFile.sha256, datasets: bundledDocs() };

type Route = { status?: number; body?: string; timeout?: boolean; error?: string };

/** A host serving `files` under https://addin.example/data/, and the platform around it. */
function host(files: Record<string, Route>, opts: { storage?: Map<string, string>; addinVersion?: string } = {}) {
  const asked: string[] = [];
  const storage = opts.storage ?? new Map<string, string>();
  const deps: LoaderDeps = {
    baseUrl: "https://addin.example/",
    addinVersion: opts.addinVersion ?? "0.1.0",
    now: () => new Date("2026-12-07T10:00:00Z"),
    storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v), removeItem: (k) => void storage.delete(k) },
    sha256: async (d) => sha256(typeof d === "string" ? Buffer.from(d, "utf8") : Buffer.from(d)),
    verify: async (req) => verifyPublished(req),
    get: async (url, { maxBytes }): Promise<Fetched> => {
      const name = url.replace("https://addin.example/data/", "");
      asked.push(name);
      const r = files[name];
      if (!r) return { status: 404, bytes: new Uint8Array(), text: "not found" };
      if (r.timeout) {
        const e = new Error("timed out");
        e.name = "TimeoutError";
        throw e;
      }
      if (r.error) throw new TypeError(r.error);
      const bytes = new Uint8Array(Buffer.from(r.body ?? "", "utf8"));
      if (bytes.length > maxBytes) throw new PackError(`data/${name} is larger than ${(maxBytes / 1024 / 1024).toFixed(2)} MB`);
      return { status: r.status ?? 200, bytes, text: r.body ?? "" };
    },
  };
  return { deps, asked, storage };
}

const latest = (p: { header: { version: string; minAddinVersion: string }; file: string; sha256: string }, overlay?: { file: string; sha256: string }) =>
  JSON.stringify({ version: p.header.version, file: p.file, sha256: p.sha256, minAddinVersion: p.header.minAddinVersion, ...(overlay ? { overlay } : {}) });

const update = extendedSuspensionPack();

test("the host names the bundled pack: it is used, and the pack file is not fetched", async () => {
  const h = host({ "latest.json": { body: latest(bundledPackFile) } });
  const r = await readPublished(h.deps, bundled);
  expect(r).toMatchObject({ kind: "published", origin: "bundled", sha256: bundledPackFile.sha256 });
  expect(h.asked).toEqual(["latest.json"]);
});

test("a checked update is used, and kept as the last good copy", async () => {
  const h = host({ "latest.json": { body: latest(update) }, [update.file]: { body: update.text } });
  const r = await readPublished(h.deps, bundled);
  expect(r.kind).toBe("published");
  if (r.kind !== "published") return;
  expect(r.origin).toBe("update");
  expect(r.header.version).toBe("2026.12.15");
  expect(r.datasets.instruments.horizon).toBe("2026-12-05");
  expect(r.notice).toBeUndefined();
  expect(h.storage.size).toBe(1);
});

describe("anything wrong leaves the bundled pack in use, with the reason", () => {
  const cases: [string, Record<string, Route>, RegExp][] = [
    ["no latest.json (404)", {}, /^the host's data could not be used: data\/latest\.json: HTTP 404$/],
    ["latest.json times out", { "latest.json": { timeout: true } }, /data\/latest\.json did not answer within 5 s/],
    ["the network fails", { "latest.json": { error: "Failed to fetch" } }, /data\/latest\.json could not be read \(Failed to fetch\)/],
    ["latest.json is not JSON", { "latest.json": { body: "<html>" } }, /data\/latest\.json is not valid JSON/],
    ["latest.json names a path", { "latest.json": { body: JSON.stringify({ ...JSON.parse(latest(update)), file: "../x.json" }) } }, /"file" must be a plain \.json file name/],
    ["the pack file is missing", { "latest.json": { body: latest(update) } }, /data\/pack-2026\.12\.15\.json: HTTP 404/],
    ["the pack file times out", { "latest.json": { body: latest(update) }, [update.file]: { timeout: true } }, /data\/pack-2026\.12\.15\.json did not answer within 15 s/],
    [
      "a tampered pack (hash mismatch)",
      { "latest.json": { body: latest(update) }, [update.file]: { body: update.text.replace("2027-11-10", "2028-11-10") } },
      /data\/pack-2026\.12\.15\.json does not match the SHA-256 that data\/latest\.json gives \(it is [0-9a-f]{8}…, expected [0-9a-f]{8}…\)/,
    ],
    [
      "a pack that fails its schema",
      (() => {
        const bad = makePack((d) => (d.countries.records[0].iso2 = "C1"), { version: "2026.12.10" });
        return { "latest.json": { body: latest(bad) }, [bad.file]: { body: bad.text } };
      })(),
      /data\/pack-2026\.12\.10\.json failed its checks \(\d+ problems?; first: countries\.json: record C1 \[schema\]/,
    ],
    [
      "an older pack than the bundled one",
      (() => {
        const old = makePack(() => {}, { version: "2026.10.01" });
        return { "latest.json": { body: latest(old) }, [old.file]: { body: old.text } };
      })(),
      /the published pack 2026\.10\.01 is older than the bundled pack 2026\.12\.07/,
    ],
    [
      "a pack for a newer add-in",
      (() => {
        const newer = makePack(() => {}, { version: "2027.01.10", minAddinVersion: "0.2.0" });
        return { "latest.json": { body: latest(newer) }, [newer.file]: { body: newer.text } };
      })(),
      /the published pack 2027\.01\.10 needs add-in 0\.2\.0 or later \(this is 0\.1\.0\)/,
    ],
    [
      "a changed pack under the bundled pack's version",
      (() => {
        const same = makePack((d) => (d.instruments.horizon = "2026-06-30"));
        return { "latest.json": { body: latest(same) }, [same.file]: { body: same.text } };
      })(),
      /differs from the bundled pack of the same version .* a changed pack needs a new version/,
    ],
    [
      "latest.json and the pack disagree on the version",
      { "latest.json": { body: latest({ ...update, header: { ...update.header, version: "2026.12.09" } }) }, [update.file]: { body: update.text } },
      /holds pack 2026\.12\.15, not 2026\.12\.09/,
    ],
  ];
  test.each(cases)("%s", async (_label, files, why) => {
    const h = host(files);
    const r = await readPublished(h.deps, bundled);
    expect(r.kind).toBe("bundled");
    if (r.kind === "bundled") expect(r.notice).toMatch(why);
    expect(h.storage.size).toBe(0);
  });

  test("a pack larger than the cap", async () => {
    const big = makePack((d) => (d.sources.description = "x".repeat(9 * 1024 * 1024)), { version: "2026.12.11" });
    const h = host({ "latest.json": { body: latest(big) }, [big.file]: { body: big.text } });
    const r = await readPublished(h.deps, bundled);
    expect(r).toMatchObject({ kind: "bundled", notice: expect.stringMatching(/data\/pack-2026\.12\.11\.json is larger than 8\.00 MB/) });
  });
});

test("after a good update, a failing host leaves the last good copy in use (checked again), saying so", async () => {
  const storage = new Map<string, string>();
  await readPublished(host({ "latest.json": { body: latest(update) }, [update.file]: { body: update.text } }, { storage }).deps, bundled);
  const r = await readPublished(host({ "latest.json": { timeout: true } }, { storage }).deps, bundled);
  expect(r).toMatchObject({ kind: "published", origin: "cache", header: { version: "2026.12.15" } });
  if (r.kind === "published") expect(r.notice).toMatch(/^the host's data could not be used \(data\/latest\.json did not answer within 5 s\); using the last good copy, checked again$/);
  // A cached copy altered in storage is not used.
  const key = [...storage.keys()][0];
  storage.set(key, storage.get(key)!.replace("2027-11-10", "2029-11-10"));
  const r2 = await readPublished(host({}, { storage }).deps, bundled);
  expect(r2).toMatchObject({ kind: "bundled", notice: "the host's data could not be used: data/latest.json: HTTP 404" });
});

test("an overlay on the bundled pack is merged and checked; a bad overlay leaves the bundled pack alone", async () => {
  const text = overlayText();
  const ov = { file: "overlay-contoso.json", sha256: sha256(text) };
  const h = host({ "latest.json": { body: latest(bundledPackFile, ov) }, "overlay-contoso.json": { body: text } });
  const r = await readPublished(h.deps, bundled);
  expect(r.kind).toBe("published");
  if (r.kind !== "published") return;
  expect(r.origin).toBe("bundled");
  expect(r.overlay).toMatchObject({ organisation: "Contoso compliance desk", version: "2026-12-07.1", sha256: ov.sha256 });
  expect(r.datasets.instruments.records.find((x: { id: string }) => x.id === "MOFCOM-61-2025").suspensions[0].to).toBe("2027-11-10");

  const o = orgOverlay();
  (o.datasets.partner_tariffs.records![0] as Record<string, unknown>).sources = ["S15"];
  const badText = JSON.stringify(o);
  const h2 = host({ "latest.json": { body: latest(bundledPackFile, { file: "overlay-contoso.json", sha256: sha256(badText) }) }, "overlay-contoso.json": { body: badText } });
  const r2 = await readPublished(h2.deps, bundled);
  expect(r2).toMatchObject({ kind: "bundled", notice: expect.stringMatching(/the overlay data\/overlay-contoso\.json failed its checks \(1 problem; first: overlay: record org-th-mfn-850511 \[overlay-source\]/) });
});

test("the data a workbook recorded is read again and checked against its hashes", async () => {
  const h = host({ [update.file]: { body: update.text } });
  const ds = await readRecordedData(h.deps, { version: update.header.version, sha256: update.sha256, file: update.file }, bundled);
  expect(ds.instruments.horizon).toBe("2026-12-05");
  expect(await readRecordedData(h.deps, { version: "2026.12.07", sha256: bundledPackFile.sha256 }, bundled)).toBe(bundled.datasets);
  await expect(readRecordedData(host({}).deps, { version: update.header.version, sha256: update.sha256, file: update.file }, bundled)).rejects.toThrow(/data\/pack-2026\.12\.15\.json: HTTP 404/);
  await expect(readRecordedData(h.deps, { version: "2026.12.15", sha256: "0".repeat(64), file: update.file }, bundled)).rejects.toThrow(/does not match the SHA-256/);
});

/**
 * Hand-made data packs and overlays for the tests of the data-pack pipeline. They start from a copy
 * of src/data and change what each test names; the changes are hypothetical test data (an extended
 * suspension, a broker's Thai MFN rate) and exist only here, never in the shipped pack.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { OverlayFile, PackHeader } from "../src/core/pack/format";
import { packFileName, serializePack } from "../src/pack/files";

export const DATA = path.resolve(__dirname, "..", "src", "data");

export type Docs = Record<string, any>;

/** A deep copy of every dataset of src/data. */
export function bundledDocs(): Docs {
  const out: Docs = {};
  for (const f of fs.readdirSync(DATA).filter((n) => n.endsWith(".json") && n !== "pack.json")) {
    out[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(DATA, f), "utf8"));
  }
  return out;
}

export function bundledHeader(): PackHeader {
  return JSON.parse(fs.readFileSync(path.join(DATA, "pack.json"), "utf8"));
}

export function sha256(text: string | Buffer): string {
  return crypto.createHash("sha256").update(text).digest("hex");
}

export interface BuiltPack {
  header: PackHeader;
  datasets: Docs;
  text: string;
  sha256: string;
  file: string;
}

/** A pack file from src/data with `edit` applied to a copy of its datasets and `header` merged into its header. */
export function makePack(edit: (d: Docs) => void = () => {}, header: Partial<PackHeader> = {}): BuiltPack {
  const datasets = bundledDocs();
  edit(datasets);
  const h = { ...bundledHeader(), ...header };
  const text = serializePack(h, datasets);
  return { header: h, datasets, text, sha256: sha256(text), file: packFileName(h.version) };
}

export const rec = (d: Docs, dataset: string, id: string): any => d[dataset].records.find((r: any) => r.id === id);

/**
 * The update the end-to-end and bundle tests publish: pack 2026.12.15, in which Ann. 70's
 * suspension of Ann. 61 runs to 2027-11-10 (not 2026-11-10) and China's data horizon moves to
 * 2026-12-05. CN_LICENSE_REQUIRED(0.5, 100, "magnet", "2026-12-01") is TRUE with the bundled pack
 * (the suspension ended 2026-11-10) and FALSE with this one.
 */
export function extendedSuspensionPack(): BuiltPack {
  return makePack(
    (d) => {
      d.instruments.horizon = "2026-12-05";
      rec(d, "instruments", "MOFCOM-61-2025").suspensions[0].to = "2027-11-10";
    },
    { version: "2026.12.15", compiled: "2026-12-05" },
  );
}

/**
 * An organisation's overlay: its own source ORG-1, Ann. 61 amended (the suspension extended to
 * 2027-11-10, as the organisation learned it), and a broker's Thai MFN rate of 5% on 8505.11.
 */
export function orgOverlay(): OverlayFile {
  const ann61 = JSON.parse(JSON.stringify(rec(bundledDocs(), "instruments", "MOFCOM-61-2025")));
  ann61.suspensions[0].to = "2027-11-10";
  ann61.suspensions[0].sources = [...ann61.suspensions[0].sources, "ORG-1"];
  ann61.suspensions[0].note = "Extended to 2027-11-10 (organisation data, ORG-1).";
  ann61.sources = [...ann61.sources, "ORG-1"];
  return {
    format: "rare-earth-trade-modeler/overlay",
    formatVersion: 1,
    organisation: "Contoso compliance desk",
    version: "2026-12-07.1",
    description: "Facts the compliance desk recorded (test data).",
    datasets: {
      sources: {
        records: [
          { id: "ORG-1", title: "Broker notice 2026-12: Ann. 70 suspension and Thai MFN", publisher: "Siam Customs Brokers", url: "https://broker.example.com/notice-2026-12", date: "2026-12-02", confidence: "secondary" },
        ],
      },
      instruments: { records: [ann61] },
      partner_tariffs: {
        records: [
          {
            id: "org-th-mfn-850511",
            importer: "TH",
            kind: "layer",
            series: "org-th-mfn-850511",
            layer: "MFN",
            legal_basis: "Thai applied MFN on permanent magnets (broker's schedule)",
            hts: ["8505.11"],
            origins: ["*"],
            rate_pct: 5,
            from: "2025-01-01",
            to: null,
            status: "confirmed-2nd",
            sources: ["ORG-1"],
          },
        ],
      },
    },
  };
}

export function overlayText(o: OverlayFile = orgOverlay()): string {
  return JSON.stringify(o, null, 2);
}

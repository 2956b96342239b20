/**
 * The data the command-line screen answers with: the pack bundled in this checkout (src/data), or
 * a published pack file (`--pack pack-<version>.json`) and/or an organisation's overlay
 * (`--overlay overlay.json`), checked exactly as the add-in checks what its host publishes
 * (src/pack/verify.ts verifyPublished: the envelope, every dataset against its schema and the
 * integrity rules, the overlay merged and checked again), with the add-in's size caps and version
 * rules, then activated through the core's own active-pack module, so every loader, explanation and
 * organisation mark is the add-in's.
 *
 * One difference from the add-in, on purpose: a pack older than the bundled one is used (the add-in
 * refuses it as an update, which must not go backwards; a command asked for a named file is
 * re-running a screen on that data), and the header block says it is older.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { BUNDLED_DATASETS, BUNDLED_HEADER, activatePack, packState } from "../core/data/active";
import { dataVersionText } from "../core/data/ref";
import { MAX_OVERLAY_BYTES, MAX_PACK_BYTES, compareVersions } from "../core/pack/format";
import { ADDIN_VERSION } from "../core/version";
import { RunError } from "./errors";

export interface DataInfo {
  /** TRADE.DATA_VERSION's text for the active data. */
  version: string;
  /** Where the pack came from, with its SHA-256. */
  pack: string;
  /** The overlay, or "none". */
  overlay: string;
}

function sha256(b: Uint8Array | string): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

function readCapped(file: string, max: number, what: string): Buffer {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new RunError(`${what} ${file}: no such file`);
  }
  if (st.size > max) throw new RunError(`${what} ${file} is larger than ${(max / 1024 / 1024).toFixed(0)} MB, the most the add-in reads`);
  return fs.readFileSync(file);
}

function text(b: Buffer): string {
  const t = b.toString("utf8");
  return t.charCodeAt(0) === 0xfeff ? t.slice(1) : t;
}

/** SHA-256 of the bundled pack as the build publishes it (dist/data/pack-<version>.json). */
function bundledSha(): string {
  // src/pack/files.ts serialises a pack the way the build writes it (the bytes latest.json hashes).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { serializePack } = require("../pack/files") as typeof import("../pack/files");
  return sha256(Buffer.from(serializePack(BUNDLED_HEADER, BUNDLED_DATASETS as Record<string, unknown>), "utf8"));
}

/** Activates the data for the run; throws RunError (exit 2) with the checker's reason when a file is refused. */
export function loadData(opts: { pack?: string; overlay?: string }): DataInfo {
  const bundled = bundledSha();
  if (!opts.pack && !opts.overlay) {
    activatePack(BUNDLED_DATASETS, {
      version: BUNDLED_HEADER.version,
      compiled: BUNDLED_HEADER.compiled,
      minAddinVersion: BUNDLED_HEADER.minAddinVersion,
      sha256: bundled,
      origin: "bundled",
    });
    return {
      version: dataVersionText(),
      pack: `bundled with this checkout (src/data), version ${BUNDLED_HEADER.version}, SHA-256 ${bundled}`,
      overlay: "none",
    };
  }
  // The checker is loaded only when a file has to be checked.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { verifyPublished } = require("../pack/verify") as typeof import("../pack/verify");
  let packBytes: Buffer | undefined;
  let packSha = bundled;
  if (opts.pack) {
    packBytes = readCapped(opts.pack, MAX_PACK_BYTES, "--pack");
    packSha = sha256(packBytes);
  }
  let overlay: { text: string; sha256: string; file: string } | undefined;
  if (opts.overlay) {
    const b = readCapped(opts.overlay, MAX_OVERLAY_BYTES, "--overlay");
    overlay = { text: text(b), sha256: sha256(b), file: path.basename(opts.overlay) };
  }
  const r = verifyPublished({
    pack: packBytes ? { text: text(packBytes), what: path.basename(opts.pack!) } : undefined,
    base: packBytes ? undefined : (BUNDLED_DATASETS as Record<string, unknown>),
    overlay,
  });
  if (!r.ok) throw new RunError(`the data cannot be used: ${r.message}`);
  const header = r.header ?? BUNDLED_HEADER;
  if (compareVersions(header.minAddinVersion, ADDIN_VERSION) > 0)
    throw new RunError(
      `the data cannot be used: ${path.basename(opts.pack!)} needs add-in ${header.minAddinVersion} or later (this is ${ADDIN_VERSION})`,
    );
  const order = compareVersions(header.version, BUNDLED_HEADER.version);
  if (opts.pack && order === 0 && packSha !== bundled)
    throw new RunError(
      `the data cannot be used: ${path.basename(opts.pack)} has the bundled pack's version ${header.version} but other content (SHA-256 ${packSha.slice(0, 8)}…, bundled ${bundled.slice(0, 8)}…); a changed pack needs a new version`,
    );
  const notice =
    opts.pack && order < 0
      ? `${path.basename(opts.pack)} (${header.version}) is older than the pack bundled with this checkout (${BUNDLED_HEADER.version})`
      : undefined;
  activatePack(r.datasets, {
    version: header.version,
    compiled: header.compiled,
    minAddinVersion: header.minAddinVersion,
    sha256: packSha,
    origin: opts.pack ? "update" : "bundled",
    ...(opts.pack ? { file: path.basename(opts.pack) } : {}),
    ...(r.overlay ? { overlay: r.overlay } : {}),
    ...(notice ? { notice } : {}),
  });
  const st = packState();
  return {
    version: dataVersionText(st),
    pack: opts.pack
      ? `${path.resolve(opts.pack)}, version ${header.version}, SHA-256 ${packSha}`
      : `bundled with this checkout (src/data), version ${header.version}, SHA-256 ${bundled}`,
    overlay: r.overlay
      ? `${r.overlay.organisation} ${r.overlay.version} (${path.resolve(opts.overlay!)}, SHA-256 ${r.overlay.sha256})`
      : "none",
  };
}

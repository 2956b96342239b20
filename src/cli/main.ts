/**
 * trade-screen: the add-in's rules and data from the command line, for inputs past Excel's last row
 * (an ERP export of every BOM line, a year of customs entries). Commands:
 *
 *   bom <lines file>      China's 0.1% rule per product (and, with --lines, per BOM line)
 *   tariff <file>         rate, duty, landed cost, status and explanation per customs row
 *   copy <file>           read and write the rows with no decision (conversion; the bench's baseline)
 *
 * Exit codes: 0 every row decided; 1 some rows in error (see the errors file); 2 the run could not
 * start or go on (a file, an option, the data pack); 130 interrupted (Ctrl+C or SIGTERM: what was
 * written is marked incomplete).
 *
 * Run by scripts/trade-screen.cjs (npm run screen, and the `trade-screen` bin).
 */
import * as fs from "fs";
import * as path from "path";
import { isoFromSerial, toDateSerial, todaySerial } from "../core/dates";
import { asTradeError } from "../core/errors";
import { theRule } from "../core/china";
import { ADDIN_VERSION } from "../core/version";
import { BomOptions, bomVariants, runBom, LINE_FIELDS, PRODUCT_FIELDS } from "./bom";
import { parseMap } from "./columns";
import { runCopy } from "./copy";
import { RunError } from "./errors";
import { HeaderBlock, OutputSpec, formatFromPath } from "./output";
import { loadData } from "./pack";
import { ErrorLog, Interrupt, Io, RunResult } from "./run";
import { TARIFF_FIELDS, checkTariffDefaults, runTariff } from "./tariff";
import { parseDelimiter } from "./csv";

export const USAGE = `trade-screen: China's 0.1% rule and the tariff stacks over files of any size, with the add-in's core and data

usage: trade-screen <command> <file> [options]        (or: npm run screen -- <command> <file> [options])

commands
  bom <lines file>         per product: China-origin Part 1 value, ratio, licence verdict, headroom and
                           explanation (the CN_* functions); per line with --lines: counts? why
  tariff <file>            per row: rate, duty, landed cost, status and explanation (the TARIFF_* functions)
  copy <file>              read and write the rows, deciding nothing (CSV <-> XLSX; the bench's baseline)

inputs (CSV with any delimiter, UTF-8 with or without BOM, or XLSX)
  --map f=Header,...       which column holds a field when its header has another name (repeatable)
  --delimiter D            CSV delimiter (default: sniffed from the header; "tab" for tabs)
  --sheet NAME             XLSX sheet to read (default: the first)
  --decimal-comma          read "12,5" as 12.5
  --keep H,...             carry these input columns through to the output (tariff rows, bom lines)

bom
  --products FILE          products (product, product_value, product_type); without it the lines
                           file must carry product_value (and product_type) columns
  --products-sheet NAME    XLSX sheet of the products
  --as-of D[,D...]         date(s), YYYY-MM-DD (default: the calculation date); extra dates side by side
  --regime R[,R...]|all    as_written (default), in_force, suspended; extra regimes side by side
  --scope S[,S...]|all     strict (default) or broad; extra scopes side by side
  --lines FILE             also write every BOM line: counts toward the numerator? why
  --products-in-memory N   products grouped in memory before the rest spill to temporary files (250000)
  --temp-dir DIR           where spilled partitions go (default: the system's temp folder)

tariff
  --overrides FILE         an overrides table in the functions' 6- or 7-column form
  --overrides-sheet NAME   XLSX sheet of the overrides
  --as-of D                entry date for rows without one (default: the calculation date)
  --importer C             importer for rows without one (default: US)
  --regime R               "in force" (default) or "committed" for rows without one

outputs
  --out FILE|-             CSV or XLSX by extension (default: <input>.<command>.csv here; - = stdout, CSV)
  --format csv|xlsx        the output format whatever the extension
  --errors FILE            the errors file (default: next to --out, <out>.errors.csv)
  --out-delimiter D        CSV output delimiter (default ,)
  --bare                   no header block in CSV output (column header and rows only: for concatenating)
  --no-explain             leave out the explanation column (a tenth of the output; errors still say why)
  --summary FILE           also write the run's summary as JSON

data
  --pack FILE              a published pack file (pack-<version>.json) instead of the bundled pack
  --overlay FILE           an organisation's overlay on the pack
  both are checked exactly as the add-in checks what its host publishes; a refused file stops the run

  --quiet                  no progress line
  --help                   this text

exit codes: 0 all decided, 1 some rows in error, 2 could not run, 130 interrupted (output marked incomplete)
`;

export interface MainEnv {
  stderr: (text: string) => void;
  tty: boolean;
  /** Handle SIGINT and SIGTERM (the real command; not in-process tests). */
  signals: boolean;
  cwd: string;
  /** An interrupt the caller can trigger (tests). */
  interrupt?: Interrupt;
}

interface Parsed {
  command: string;
  file: string;
  opts: Map<string, string[]>;
  flags: Set<string>;
}

const FLAGS = new Set(["--decimal-comma", "--quiet", "--bare", "--no-explain", "--help", "-h"]);
const COMMON = [
  "--out",
  "--format",
  "--errors",
  "--map",
  "--keep",
  "--delimiter",
  "--sheet",
  "--out-delimiter",
  "--pack",
  "--overlay",
  "--summary",
];
const BY_COMMAND: Record<string, string[]> = {
  bom: [...COMMON, "--products", "--products-sheet", "--as-of", "--regime", "--scope", "--lines", "--products-in-memory", "--temp-dir"],
  tariff: [...COMMON, "--overrides", "--overrides-sheet", "--as-of", "--importer", "--regime"],
  copy: ["--out", "--format", "--errors", "--delimiter", "--sheet", "--out-delimiter", "--summary", "--bare"],
};

export function parseArgs(argv: readonly string[]): Parsed {
  const opts = new Map<string, string[]>();
  const flags = new Set<string>();
  const pos: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("-") && a !== "-") {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (FLAGS.has(name)) {
        flags.add(name === "-h" ? "--help" : name);
        continue;
      }
      let value: string;
      if (eq > 0) value = a.slice(eq + 1);
      else {
        if (i + 1 >= argv.length) throw new RunError(`${name} needs a value`);
        value = argv[++i];
      }
      const list = opts.get(name) ?? [];
      list.push(value);
      opts.set(name, list);
    } else pos.push(a);
  }
  const command = pos[0] ?? "";
  if (flags.has("--help") || command === "help" || command === "") return { command: "help", file: "", opts, flags };
  if (!BY_COMMAND[command]) throw new RunError(`unknown command "${command}"; the commands are bom, tariff and copy (trade-screen --help)`);
  const allowed = BY_COMMAND[command];
  for (const k of opts.keys())
    if (!allowed.includes(k)) throw new RunError(`${command}: unknown option ${k} (trade-screen --help lists the options)`);
  for (const f of flags)
    if ((f === "--decimal-comma" || f === "--no-explain") && command === "copy") throw new RunError(`copy: unknown option ${f}`);
  if (pos.length < 2) throw new RunError(`${command}: give the input file (trade-screen ${command} <file>)`);
  if (pos.length > 2)
    throw new RunError(
      `${command}: one input file, got ${pos.length - 1} (${pos.slice(1).join(", ")}); for a second file use --products or --overrides`,
    );
  return { command, file: pos[1], opts, flags };
}

function one(p: Parsed, name: string): string | undefined {
  const v = p.opts.get(name);
  if (!v) return undefined;
  if (v.length > 1 && !["--map", "--keep", "--as-of", "--regime", "--scope"].includes(name))
    throw new RunError(`${name} is given ${v.length} times`);
  return v[v.length - 1];
}

function list(p: Parsed, name: string): string[] {
  return (p.opts.get(name) ?? [])
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Runs the command line; resolves with the exit code. Never throws. */
export async function main(argv: readonly string[], env: Partial<MainEnv> = {}): Promise<number> {
  const e: MainEnv = {
    stderr: env.stderr ?? ((t) => process.stderr.write(t)),
    tty: env.tty ?? !!process.stderr.isTTY,
    signals: env.signals ?? true,
    cwd: env.cwd ?? process.cwd(),
    interrupt: env.interrupt,
  };
  const interrupt = e.interrupt ?? new Interrupt();
  const onSignal = (sig: NodeJS.Signals) => {
    if (interrupt.requested()) {
      e.stderr(`\ntrade-screen: ${sig} again: stopping at once (the outputs say "running": they were not finished)\n`);
      process.exit(130);
    }
    interrupt.set(sig);
    e.stderr(
      `\ntrade-screen: ${sig}: stopping after the current batch; what was written is marked incomplete (${sig} again to stop at once)\n`,
    );
  };
  if (e.signals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }
  const t0 = Date.now();
  let errors: ErrorLog | null = null;
  try {
    const p = parseArgs(argv);
    if (p.command === "help") {
      e.stderr(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    const resolve = (f: string) => path.resolve(e.cwd, f);
    const io: Io = { stderr: e.stderr, tty: e.tty, quiet: p.flags.has("--quiet") };
    const input = resolve(p.file);
    const stem = path.basename(input).replace(/\.[^.]+$/, "");
    const outPath = one(p, "--out") ?? `${stem}.${p.command}.csv`;
    const out: OutputSpec = {
      path: outPath === "-" ? "-" : resolve(outPath),
      format: formatFromPath(outPath, one(p, "--format")),
      delimiter: parseDelimiter(one(p, "--out-delimiter") ?? ","),
      bare: p.flags.has("--bare"),
    };
    if (out.delimiter.length !== 1 || out.delimiter === '"')
      throw new RunError(`--out-delimiter: one character other than a quote, got ${JSON.stringify(out.delimiter)}`);
    const errorsPath = resolve(
      one(p, "--errors") ?? (out.path === "-" ? `${stem}.${p.command}.errors.csv` : out.path.replace(/(\.[^./\\]+)?$/, ".errors.csv")),
    );
    if (errorsPath === out.path) throw new RunError(`--errors: the errors file would overwrite the output ${out.path}`);
    const delimiter = one(p, "--delimiter");
    const sheet = one(p, "--sheet");
    const decimalComma = p.flags.has("--decimal-comma");
    const summaryPath = one(p, "--summary");

    const data =
      p.command === "copy"
        ? null
        : loadData({ pack: one(p, "--pack") && resolve(one(p, "--pack")!), overlay: one(p, "--overlay") && resolve(one(p, "--overlay")!) });
    const today = todaySerial();
    const generated = `${new Date().toISOString()} by trade-screen (Rare Earth Trade Modeler ${ADDIN_VERSION}): trade-screen ${argv.join(" ")}`;
    const dataBlock: [string, string][] = data
      ? [
          ["data version", data.version],
          ["data pack", data.pack],
          ["overlay", data.overlay],
        ]
      : [];

    let result: RunResult;
    if (p.command === "bom") {
      const fields = [...new Set([...LINE_FIELDS, ...PRODUCT_FIELDS].map((f) => f.key))];
      const map = parseMap(p.opts.get("--map") ?? [], fields);
      const variants = bomVariants(list(p, "--as-of"), list(p, "--regime"), list(p, "--scope"), today);
      const productsIn = one(p, "--products-in-memory");
      const pim = productsIn === undefined ? 250_000 : Number(productsIn);
      if (!Number.isInteger(pim) || pim < 1)
        throw new RunError(`--products-in-memory: "${productsIn}" is not a whole number of products (1 or more)`);
      const linesPath = one(p, "--lines");
      const products = one(p, "--products");
      const opts: BomOptions = {
        lines: { file: input, sheet, delimiter },
        products: products ? { file: resolve(products), sheet: one(p, "--products-sheet"), delimiter } : undefined,
        map,
        keep: p.opts.get("--keep") ?? [],
        variants,
        out,
        linesOut: linesPath
          ? { path: resolve(linesPath), format: formatFromPath(linesPath), delimiter: out.delimiter, bare: out.bare }
          : undefined,
        decimalComma,
        productsInMemory: pim,
        tempDir: one(p, "--temp-dir") && resolve(one(p, "--temp-dir")!),
        today,
        explain: !p.flags.has("--no-explain"),
      };
      if (opts.linesOut && (opts.linesOut.path === out.path || opts.linesOut.path === errorsPath))
        throw new RunError("--lines: give the per-line output its own file");
      const rule = theRule();
      const v0 = variants[0];
      const block: [string, string][] = [
        ["as of", v0.asOf === null ? `${isoFromSerial(v0.date)} (blank --as-of: the calculation date)` : isoFromSerial(v0.date)],
        ["regime", v0.regime],
        ["scope", v0.scope],
        ["threshold", `${rule.pct} or more of the product value, decided decimal-exactly (${rule.instrument.short} cl. ${rule.clause.id})`],
        [
          "side by side",
          variants.length > 1
            ? variants
                .slice(1)
                .map((v) => `licence_required (${v.label})`)
                .join("; ")
            : "none",
        ],
      ];
      errors = new ErrorLog(errorsPath);
      result = await runBom(opts, io, errors, interrupt, (extra) => ({
        title: `Rare Earth Trade Modeler: BOM screen, China's ${rule.pct} rule (${rule.instrument.short} cl. ${rule.clause.id})`,
        block: [...dataBlock, ...block, ...extra, ["generated", generated]],
      }));
    } else if (p.command === "tariff") {
      const map = parseMap(
        p.opts.get("--map") ?? [],
        TARIFF_FIELDS.map((f) => f.key),
      );
      const importer = one(p, "--importer") ?? null;
      const regime = one(p, "--regime") ?? null;
      checkTariffDefaults(importer, regime);
      const asOf = one(p, "--as-of") ?? null;
      if (asOf !== null) {
        try {
          // the functions' date reading, so --as-of takes what as_of takes
          toDateSerial(asOf, "as_of", () => today);
        } catch (err) {
          throw new RunError(`--${asTradeError(err).message}`);
        }
      }
      const ovFile = one(p, "--overrides");
      errors = new ErrorLog(errorsPath);
      const block: HeaderBlock = [
        ["entry dates", `per row; a row without one: ${asOf ?? `the calculation date (${isoFromSerial(today)} when the run started)`}`],
        ["importer", `per row; a row without one: ${importer ?? "US"}`],
        ["regime", `per row; a row without one: ${regime ?? "in force"}`],
      ];
      result = await runTariff(
        {
          input: { file: input, sheet, delimiter },
          map,
          keep: p.opts.get("--keep") ?? [],
          out,
          overrides: ovFile ? { file: resolve(ovFile), sheet: one(p, "--overrides-sheet") } : undefined,
          asOf,
          today,
          importer,
          regime,
          decimalComma,
          explain: !p.flags.has("--no-explain"),
        },
        io,
        errors,
        interrupt,
        (extra) => ({
          title: "Rare Earth Trade Modeler: tariff screen (TARIFF_RATE, DUTY, LANDED_COST, TARIFF_EXPLAIN)",
          block: [...dataBlock, ...block, ...extra, ["generated", generated]],
        }),
      );
    } else {
      errors = new ErrorLog(errorsPath);
      result = await runCopy({ file: input, sheet, delimiter }, out, io, errors, interrupt, (extra) => ({
        title: "Rare Earth Trade Modeler: copy (no decision)",
        block: [...extra, ["generated", generated]],
      }));
    }
    errors.close();
    const inError = errors.count;
    errors = null;
    const seconds = (Date.now() - t0) / 1000;
    const rss = Math.round(process.resourceUsage().maxRSS / 1024);
    const code = result.interrupted ? 130 : inError ? 1 : 0;
    const fmt = (n: number) => n.toLocaleString("en-US");
    const what =
      p.command === "bom"
        ? `${fmt(result.decided)} products decided, ${fmt(result.notDecided)} not decided`
        : `${fmt(result.decided)} decided, ${fmt(result.notDecided)} in error`;
    e.stderr(
      `trade-screen ${p.command}: ${fmt(result.rowsRead)} rows read (${fmt(result.blankRows)} blank lines skipped); ${what}; ${fmt(inError)} entries in ${errorsPath}\n` +
        `  ${seconds.toFixed(1)} s, ${fmt(Math.round(result.rowsRead / Math.max(seconds, 1e-3)))} rows/s, peak memory ${fmt(rss)} MB\n` +
        `  wrote ${result.outputs.map((o) => `${o.path} (${fmt(o.rows)} ${o.what})`).join(", ")}\n` +
        result.details.map((d) => `  ${d}\n`).join("") +
        (result.interrupted ? `  ${result.status}\n` : ""),
    );
    if (summaryPath) {
      fs.writeFileSync(
        resolve(summaryPath),
        JSON.stringify(
          {
            command: p.command,
            exitCode: code,
            rowsRead: result.rowsRead,
            decided: result.decided,
            notDecided: result.notDecided,
            blankRows: result.blankRows,
            errors: inError,
            errorsFile: errorsPath,
            seconds,
            rowsPerSecond: result.rowsRead / Math.max(seconds, 1e-3),
            peakRssMB: rss,
            status: result.status,
            outputs: result.outputs,
          },
          null,
          2,
        ),
      );
    }
    return code;
  } catch (err) {
    if (errors) {
      try {
        errors.close();
      } catch {
        // the run already failed; its message matters more
      }
    }
    if (err instanceof RunError) {
      e.stderr(`trade-screen: ${err.message}\n`);
      return 2;
    }
    e.stderr(`trade-screen: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  } finally {
    if (e.signals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
}

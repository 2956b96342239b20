/**
 * `trade-screen copy`: reads a table and writes its rows back (with their line numbers) through the
 * same reader and writer as the screens, deciding nothing. It converts CSV to XLSX and back, and it
 * is the benchmark's baseline: a screen's time over copy's on the same file is the cost of the
 * decisions themselves.
 */
import { HeaderBlock, OutValue, OutputSpec, openSink } from "./output";
import { ErrorLog, Interrupt, Io, Progress, RunResult, batchDone } from "./run";
import { InputSpec, openTable } from "./table";
import { TradeError } from "../core/errors";

export async function runCopy(
  input: InputSpec,
  out: OutputSpec,
  io: Io,
  errors: ErrorLog,
  interrupt: Interrupt,
  header: (extra: HeaderBlock) => { title: string; block: HeaderBlock },
): Promise<RunResult> {
  const table = await openTable(input);
  const { title, block } = header([["input", table.file]]);
  const sink = await openSink(
    out,
    title,
    block,
    [{ header: "line", kind: "int" }, ...table.header.map((h) => ({ header: h, kind: "text" as const }))],
    "Rows",
  );
  const progress = new Progress(io, "copy", () => ({ done: table.position(), total: table.size }));
  let rowsRead = 0;
  let errorsSeen = 0;
  let stoppedAt = "";
  const width = table.header.length;
  try {
    for await (const batch of table.batches(8192)) {
      const out: OutValue[][] = new Array(batch.length);
      for (let k = 0; k < batch.length; k++) {
        const r = batch[k];
        rowsRead++;
        if (r.error) {
          errorsSeen++;
          errors.add(table.name, r.line, "", "", "#VALUE!", r.error);
        }
        const row: OutValue[] = new Array(width + 1);
        row[0] = r.line;
        for (let i = 0; i < width; i++) {
          const v = r.cells[i];
          row[i + 1] = v === undefined || v instanceof TradeError ? null : (v as OutValue);
        }
        out[k] = row;
      }
      await sink.write(out);
      if (await batchDone(progress, rowsRead, interrupt)) {
        stoppedAt = `while reading line ${batch[batch.length - 1].line} of ${table.name}`;
        break;
      }
    }
  } finally {
    await table.close();
  }
  const status = stoppedAt
    ? `INCOMPLETE: interrupted (${interrupt.signal ?? "stopped"}) ${stoppedAt}`
    : `complete${errorsSeen ? " with errors" : ""}: ${rowsRead.toLocaleString("en-US")} rows copied`;
  await sink.finish(status);
  progress.end();
  return {
    rowsRead,
    decided: rowsRead - errorsSeen,
    notDecided: errorsSeen,
    blankRows: table.blankRows(),
    interrupted: stoppedAt !== "",
    status,
    outputs: [{ path: sink.path, rows: sink.rows, what: "rows" }],
    details: [],
  };
}

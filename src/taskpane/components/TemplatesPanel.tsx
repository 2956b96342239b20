/**
 * Templates and sharing: insert a template workbook's sheet into the open
 * workbook, download it as .xlsx, or make a share-ready copy of the active
 * sheet: a NEW workbook (opened in Excel, or downloaded) in which everything
 * that depends on an add-in result is a value and nothing calls the add-in.
 * Before the copy is made the card shows what happens to notes and comments
 * (one choice: notes as text without author names, or nothing; comment threads
 * are never copied) and to hidden rows, columns and names (they stay hidden);
 * while it runs, progress and a Cancel button. Self-contained: mount it
 * anywhere inside the pane's FluentProvider, e.g.
 *
 *   <TemplatesPanel canInsert={host.mode === "excel"} />
 *
 * The .xlsx files are build outputs served next to taskpane.html under
 * templates/ (scripts/build-templates.cjs). Office calls live in
 * src/office/; every outcome, errors included, is shown here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Button, Caption1, Card, CardHeader, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, Radio, RadioGroup, Spinner, Subtitle2, Text } from "@fluentui/react-components";
import { dataVersion } from "../../core/data/pack";
import { templateCatalog, type TemplateEntry } from "../../templates/index";
import { insertTemplate, UNDO_NOTE as INSERT_UNDO_NOTE } from "../../office/insertTemplate";
import { CELL_BUDGET, makeShareReadyCopy } from "../../office/shareCopy";
import type { NotesChoice, ShareSummary } from "../../templates/shareBook";
import { openInBrowser } from "../../office/capabilities";
import { bytesToBase64 } from "../../templates/share";

const PREVIEW_REASON_ID = "templates-preview-reason";
const UNDO_NOTE_ID = "templates-undo-note";
const SHARE_NOTE_ID = "share-note";
const SHARE_HIDDEN_ID = "share-hidden-note";

/** Starts a browser download of bytes under a file name. */
function downloadBytes(bytes: Uint8Array | ArrayBuffer, fileName: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
  try {
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

function describeCopy(s: ShareSummary): string {
  const live = s.liveCount ? `${s.liveCount} formula(s) that depend on no add-in result stay live.` : "No formula stays live.";
  const hidden = s.hidden.rows || s.hidden.columns || s.hidden.names.length ? ` Still hidden in the copy: ${[s.hidden.rows ? plural(s.hidden.rows, "row") : "", s.hidden.columns ? plural(s.hidden.columns, "column") : "", s.hidden.names.length ? `the name${s.hidden.names.length === 1 ? "" : "s"} ${s.hidden.names.join(", ")}` : ""].filter(Boolean).join(", ")} (their contents are in the file).` : "";
  const notes = s.notes.kept ? ` ${plural(s.notes.kept, "note")} copied as text, without author names.` : s.notes.leftOut ? ` ${plural(s.notes.leftOut, "note")} left out.` : "";
  const comments = s.notes.comments ? ` ${plural(s.notes.comments, "comment thread")} left out.` : "";
  // The sheet's own items here; what no copy carries (partial-text formatting, rotation, print settings...) is on the copy's About sheet.
  const dropped = `${s.notCarried.length ? ` Not carried over: ${s.notCarried.join("; ")}.` : ""} The sheet "About this copy" lists everything a copy leaves out.`;
  return `${s.frozenCount} cell(s) that depended on add-in results hold their values; ${live} The copy calls no add-in function; '${s.source}' was not changed.${hidden}${notes}${comments}${dropped}`;
}

type Notice = { intent: "success" | "error" | "warning" | "info"; title: string; text: string };

export interface TemplatesPanelProps {
  /** True inside Excel; false in the browser preview (download still works). */
  canInsert: boolean;
  /** Where the template files are served (default "templates/", relative to taskpane.html). */
  baseUrl?: string;
}

async function fetchTemplate(baseUrl: string, entry: TemplateEntry): Promise<ArrayBuffer> {
  const res = await fetch(baseUrl + entry.file, { cache: "no-cache" });
  if (!res.ok) throw new Error(`${entry.file}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

export function TemplatesPanel({ canInsert, baseUrl = "templates/" }: TemplatesPanelProps) {
  const templates = useMemo(() => templateCatalog(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [progress, setProgress] = useState<{ message: string; fraction?: number } | null>(null);
  const [notesChoice, setNotesChoice] = useState<NotesChoice>("keep");
  const abortRef = useRef<AbortController | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  // When an action ends, move focus to its result (the buttons stay focusable while busy, so focus is never dropped to <body>).
  useEffect(() => {
    if (notice) noticeRef.current?.focus();
  }, [notice]);

  const run = useCallback(async (key: string, action: () => Promise<Notice>) => {
    setBusy(key);
    setNotice(null);
    try {
      setNotice(await action());
    } catch (e) {
      setNotice({ intent: "error", title: "Something went wrong", text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(null);
    }
  }, []);

  const onInsert = (t: TemplateEntry) =>
    run(`insert:${t.id}`, async () => {
      const out = await insertTemplate(t, bytesToBase64(await fetchTemplate(baseUrl, t)));
      if (out.status === "inserted") {
        return {
          intent: out.warnings.length ? "warning" : "success",
          title: out.warnings.length ? `Inserted “${out.sheet}” with warnings` : `Inserted “${out.sheet}”`,
          text: ["A new sheet; your other sheets were not changed.", ...out.warnings, INSERT_UNDO_NOTE].join(" "),
        };
      }
      return { intent: out.status === "unsupported" ? "warning" : "error", title: out.status === "unsupported" ? "Not available in this Excel" : "Could not insert", text: out.message };
    });

  const onDownload = (t: TemplateEntry) =>
    run(`download:${t.id}`, async () => {
      const bytes = await fetchTemplate(baseUrl, t);
      const after = t.charts.length
        ? "Open it in Excel with the add-in loaded (without it, the saved values show until Excel recalculates). A note marks where the chart goes: inserting the template from this pane draws it."
        : "Open it in Excel with the add-in loaded (without it, the saved values show until Excel recalculates).";
      // Desktop Office's embedded browser often blocks blob downloads: open the file in the user's browser instead.
      if (canInsert && openInBrowser(new URL(baseUrl + t.file, document.baseURI).href)) {
        return { intent: "success", title: `Opened ${t.file} in your browser`, text: `Your browser downloads it from there. ${after}` };
      }
      downloadBytes(bytes, t.file);
      return { intent: "success", title: `Download started: ${t.file}`, text: `Check your browser's downloads. ${after}` };
    });

  const onShare = () =>
    run("share", async () => {
      const abort = new AbortController();
      abortRef.current = abort;
      try {
        const out = await makeShareReadyCopy({ dataVersion: dataVersion(), notes: notesChoice, signal: abort.signal, onProgress: (message, fraction) => setProgress({ message, fraction }) });
        switch (out.status) {
          case "opened":
            return { intent: "success", title: "Opened the share-ready copy as a new workbook", text: `${describeCopy(out.summary)} Save it under a name of your choice (suggested: ${out.summary.fileName}).` };
          case "download":
            downloadBytes(out.file, out.summary.fileName);
            return { intent: "success", title: `Download started: ${out.summary.fileName}`, text: `${out.reason} ${describeCopy(out.summary)}` };
          case "nothing":
            return { intent: "info", title: "Nothing to replace", text: out.message };
          case "unsupported":
            return { intent: "warning", title: "Not available in this Excel", text: out.message };
          case "too-large":
            return { intent: "warning", title: "Too large for a share-ready copy", text: out.message };
          case "cancelled":
            return { intent: "info", title: "Share-ready copy cancelled", text: out.message };
          default:
            return { intent: "error", title: "Could not make the copy", text: out.message };
        }
      } finally {
        abortRef.current = null;
        setProgress(null);
      }
    });

  return (
    <section aria-labelledby="templates-heading" data-testid="templates-panel" style={{ display: "flex", flexDirection: "column", gap: 12 }}>
      <Subtitle2 as="h2" id="templates-heading">
        Templates and sharing
      </Subtitle2>
      {notice && (
        <MessageBar ref={noticeRef} tabIndex={-1} intent={notice.intent} role={notice.intent === "error" ? "alert" : "status"} data-testid="templates-notice">
          <MessageBarBody>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.text}
          </MessageBarBody>
        </MessageBar>
      )}
      {!canInsert && (
        <Caption1 id={PREVIEW_REASON_ID} data-testid="templates-preview-reason">
          Preview mode: open the pane in Excel to insert templates or make share-ready copies. Downloads work here too.
        </Caption1>
      )}
      {canInsert && (
        <Caption1 id={UNDO_NOTE_ID} data-testid="templates-undo-note">
          {INSERT_UNDO_NOTE}
        </Caption1>
      )}
      <ul style={{ listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: 8 }}>
        {templates.map((t) => (
          <li key={t.id}>
            <Card data-testid={`template-${t.id}`}>
              <CardHeader header={<Text weight="semibold">{t.title}</Text>} description={<Caption1>{t.description}</Caption1>} />
              <div style={{ display: "flex", gap: 8, flexWrap: "wrap" }}>
                <Button
                  appearance="primary"
                  disabledFocusable={!canInsert || busy !== null}
                  aria-describedby={canInsert ? UNDO_NOTE_ID : PREVIEW_REASON_ID}
                  onClick={() => canInsert && busy === null && onInsert(t)}
                  aria-label={`Insert ${t.title} as a new sheet`}
                  data-testid={`template-insert-${t.id}`}
                >
                  {busy === `insert:${t.id}` ? <Spinner size="tiny" label="Inserting…" /> : "Insert as new sheet"}
                </Button>
                {/* A real link to the file (copy, open in a new tab); a click fetches it first so errors show here. */}
                <Button
                  as="a"
                  href={baseUrl + t.file}
                  download={t.file}
                  disabledFocusable={busy !== null}
                  onClick={(ev: React.MouseEvent) => {
                    ev.preventDefault();
                    if (busy === null) onDownload(t);
                  }}
                  aria-label={`Download ${t.title} as an Excel file (${t.file})`}
                  data-testid={`template-download-${t.id}`}
                >
                  {busy === `download:${t.id}` ? <Spinner size="tiny" label="Downloading…" /> : "Download .xlsx"}
                </Button>
              </div>
            </Card>
          </li>
        ))}
      </ul>
      <Card>
        <CardHeader
          header={<Text weight="semibold">Share-ready copy of the active sheet</Text>}
          description={
            <Caption1>
              A new workbook with the active sheet: everything that depends on a TRADE result (directly or through other cells, sheets or names) becomes its current value, stamped with the date and data version {dataVersion()}; formulas that depend on no TRADE result stay live. It calls no add-in function, so anyone can open it. Your workbook is not changed.
            </Caption1>
          }
        />
        <Field label="Notes and comments in the copy">
          <RadioGroup value={notesChoice} onChange={(_e, d) => setNotesChoice(d.value as NotesChoice)} disabled={!canInsert || busy === "share"} data-testid="share-notes-choice">
            <Radio value="keep" label="Copy notes as text, without author names" />
            <Radio value="leave-out" label="Leave out notes" />
          </RadioGroup>
        </Field>
        <Caption1 block id={SHARE_HIDDEN_ID} data-testid="share-hidden-note">
          Comment threads (conversations) are never copied. Hidden rows, columns and names stay hidden in the copy; their contents are in the file, so anyone can unhide them. Sheets of up to {CELL_BUDGET.toLocaleString("en-US")} cells (for example {(CELL_BUDGET / 20).toLocaleString("en-US")} rows × 20 columns).
        </Caption1>
        <div>
          {/* The button stays mounted (and focusable) while the copy runs, so focus is never dropped to <body>. */}
          <Button
            disabledFocusable={!canInsert || busy !== null}
            aria-describedby={`${canInsert ? SHARE_NOTE_ID : PREVIEW_REASON_ID} ${SHARE_HIDDEN_ID}`}
            onClick={() => canInsert && busy === null && onShare()}
            data-testid="share-copy"
          >
            {busy === "share" ? <Spinner size="tiny" label="Copying…" /> : "Make share-ready copy"}
          </Button>
          {busy === "share" && (
            <div style={{ display: "flex", flexDirection: "column", gap: 4, marginTop: 8 }} data-testid="share-progress">
              <Field validationMessage={progress?.message ?? "Starting…"} validationState="none">
                <ProgressBar value={progress?.fraction} max={1} aria-label="Share-ready copy progress" />
              </Field>
              <Button onClick={() => abortRef.current?.abort()} data-testid="share-cancel">
                Cancel the copy
              </Button>
            </div>
          )}
          {canInsert && (
            <Caption1 block id={SHARE_NOTE_ID} data-testid="share-note">
              Opens as a new workbook where Excel allows it (ExcelApi 1.8); otherwise, or for a large copy, it is downloaded as a file.
            </Caption1>
          )}
        </div>
      </Card>
    </section>
  );
}

export default TemplatesPanel;

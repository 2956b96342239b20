/** The outcome of the last insert, announced politely; offers a free area or a new sheet when the target is not empty. */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner } from "@fluentui/react-components";
import { placeText, type InsertOutcome } from "../../office/insert";

export type InsertState = { busy: true; what: string } | { busy: false; outcome: InsertOutcome } | null;

export function InsertStatus({
  state,
  copied,
  onNextFree,
  onNewSheet,
  onDismiss,
  onDismissCopied,
}: {
  state: InsertState;
  /** The last copy (preview mode). */
  copied?: { text: string; error?: boolean } | null;
  onNextFree(): void;
  onNewSheet(): void;
  onDismiss(): void;
  onDismissCopied?(): void;
}) {
  return (
    <div role="status" aria-live="polite" data-testid="insert-status" style={{ margin: state || copied ? "8px 0" : 0 }}>
      {copied ? (
        <MessageBar intent={copied.error ? "error" : "success"} layout="multiline" data-testid="copy-status">
          <MessageBarBody>{copied.text}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onDismissCopied}>
              OK
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      {!state ? null : state.busy ? (
        <Spinner size="tiny" label={`Inserting ${state.what}…`} />
      ) : state.outcome.status === "inserted" ? (
        <MessageBar intent={state.outcome.warnings?.length ? "warning" : "success"} layout={state.outcome.warnings?.length ? "multiline" : "auto"}>
          <MessageBarBody>
            <MessageBarTitle>Inserted</MessageBarTitle>
            {state.outcome.what} at {placeText(state.outcome.place)}
            {state.outcome.tableName ? ` (table ${state.outcome.tableName})` : ""}.
            {state.outcome.warnings?.length ? ` Inserted, but ${state.outcome.warnings.join(" Also, ")}` : ""}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onDismiss}>
              OK
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : state.outcome.status === "occupied" ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Not inserted: cells are not empty</MessageBarTitle>
            The {state.outcome.what} needs {placeText(state.outcome.place)}, but {state.outcome.occupiedCount} cell
            {state.outcome.occupiedCount === 1 ? "" : "s"} there hold data ({state.outcome.occupied.join(", ")}
            {state.outcome.occupiedCount > state.outcome.occupied.length ? ", …" : ""})
            {state.outcome.spill ? `, part of a spilled formula result${state.outcome.spill.anchor ? ` from ${state.outcome.spill.anchor}` : ""} (cells showing "" are not free)` : ""}. Nothing was overwritten.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" appearance="primary" onClick={onNextFree}>
              Insert at {placeText(state.outcome.nextFree)}
            </Button>
            <Button size="small" onClick={onNewSheet}>
              Insert on a new sheet
            </Button>
            <Button size="small" onClick={onDismiss}>
              Cancel
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Could not insert the {state.outcome.what}</MessageBarTitle>
            {state.outcome.message}
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={onDismiss}>
              Dismiss
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </div>
  );
}

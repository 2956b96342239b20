/**
 * Entity cards in the task pane:
 *  - ConvertToCards: the selected cells' names or codes become =TRADE.CARD(...)
 *    formulas in the cells to their right (never over anything: the pane's
 *    insert checks the whole target first), after a preview of what each cell
 *    names; cells that name several entities ("er": erbium or Eritrea) are
 *    listed for the user to choose, unknown ones are left out.
 *  - InsertAsCard: the detail view's "Insert as card" button.
 * Office calls live in src/office/cards.ts; the resolution is pure (src/core/cards).
 */
import { Button, Select, Text, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import type { Entity } from "../../core/data";
import { canonicalId, cardFormula, resolveCells, type CellResolution } from "../../core/cards";
import { insertCardFormulas, readSelection, cardsTarget, type CardSelection } from "../../office/cards";
import { insertBlock, type InsertOutcome, type InsertTarget } from "../../office/insert";
import { a1, formulaBlock, type Block } from "../../core/blocks";
import { useActions } from "../context";
import { InsertButton } from "./InsertButtons";
import { InsertStatus, type InsertState } from "./InsertStatus";

/** "Insert as card" for an entity of the detail view: =TRADE.CARD("<code>") at the selected cell. */
export function InsertAsCard({ entity }: { entity: Entity }) {
  const formula = cardFormula(canonicalId(entity));
  return (
    <InsertButton block={() => formulaBlock(formula)} aria-label={`Insert ${entity.label} as a card`} title={formula}>
      Insert as card
    </InsertButton>
  );
}

interface Row {
  address: string;
  r: number;
  c: number;
  res: CellResolution;
}

function describe(res: CellResolution): string {
  switch (res.status) {
    case "resolved":
      return `${res.choice.label} (${res.choice.kind} ${res.choice.code})`;
    case "ambiguous":
      return "names more than one entity: choose";
    case "unknown":
      return "not in the data pack: left out";
    default:
      return "";
  }
}

export function ConvertToCards({ insert = insertBlock }: { insert?: (b: Block, t?: InsertTarget) => Promise<InsertOutcome> }) {
  const { canInsert } = useActions();
  const [sel, setSel] = useState<CardSelection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [state, setState] = useState<InsertState>(null);
  const [reading, setReading] = useState(false);

  const grid = useMemo(() => (sel ? resolveCells(sel.values) : []), [sel]);
  const rows: Row[] = useMemo(() => {
    if (!sel) return [];
    const out: Row[] = [];
    grid.forEach((line, r) => line.forEach((res, c) => res.status !== "blank" && out.push({ address: a1(sel.row + r, sel.col + c), r, c, res })));
    return out;
  }, [grid, sel]);
  const ambiguous = rows.filter((x) => x.res.status === "ambiguous");
  const formulas = useMemo(
    () =>
      grid.map((line, r) =>
        line.map((res, c) => {
          if (res.status === "resolved") return res.formula;
          if (res.status === "ambiguous") {
            const code = choices[`${r},${c}`];
            return code ? cardFormula(code) : null;
          }
          return null;
        }),
      ),
    [grid, choices],
  );
  const count = formulas.flat().filter(Boolean).length;

  const read = async () => {
    setReading(true);
    setError(null);
    setState(null);
    setChoices({});
    const got = await readSelection();
    setReading(false);
    if (got.status === "ok") setSel(got.selection);
    else {
      setSel(null);
      setError(got.message);
    }
  };
  const write = (target?: InsertTarget) => {
    if (!sel) return;
    setState({ busy: true, what: "TRADE.CARD formulas" });
    insertCardFormulas(sel, formulas, target ?? cardsTarget(sel), insert).then(
      (outcome) => setState({ busy: false, outcome }),
      (e) => setState({ busy: false, outcome: { status: "error", what: "TRADE.CARD formulas", message: e instanceof Error ? e.message : String(e) } }),
    );
  };
  const target = sel ? cardsTarget(sel) : null;

  return (
    <section aria-labelledby="cards-convert-h" data-testid="cards-convert" style={{ margin: "8px 0" }}>
      <h2 id="cards-convert-h" style={{ fontSize: tokens.fontSizeBase300, margin: "4px 0" }}>
        Convert cells to cards
      </h2>
      <Text as="p" block size={200}>
        Select cells holding names or codes (&quot;Dy&quot;, &quot;China&quot;, &quot;8505.11.00.70&quot;), then read them: each becomes a{" "}
        <code>=TRADE.CARD(…)</code> formula in the cells to its right, which must be empty.
      </Text>
      <Button
        size="small"
        disabledFocusable={!canInsert || reading}
        aria-describedby={canInsert ? undefined : "preview-banner"}
        onClick={() => canInsert && !reading && void read()}
      >
        Read selected cells
      </Button>
      {error ? (
        <Text as="p" block role="alert" size={200} style={{ color: tokens.colorPaletteRedForeground1 }}>
          {error}
        </Text>
      ) : null}
      {sel ? (
        <>
          <table className="data-table" data-testid="cards-preview" style={{ margin: "6px 0" }}>
            <caption className="visually-hidden">What each selected cell names</caption>
            <thead>
              <tr>
                <th scope="col">Cell</th>
                <th scope="col">Text</th>
                <th scope="col">Card</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={3}>The selected cells are empty.</td>
                </tr>
              ) : (
                rows.map((x) => (
                  <tr key={x.address} data-status={x.res.status}>
                    <td>{x.address}</td>
                    <td>{"text" in x.res ? x.res.text : ""}</td>
                    <td>
                      {x.res.status === "ambiguous" ? (
                        <Select
                          size="small"
                          aria-label={`Which entity does ${x.address} name?`}
                          value={choices[`${x.r},${x.c}`] ?? ""}
                          onChange={(_, d) => setChoices({ ...choices, [`${x.r},${x.c}`]: d.value })}
                        >
                          <option value="">Leave out</option>
                          {x.res.candidates.map((cand) => (
                            <option key={cand.code} value={cand.code}>
                              {cand.label} ({cand.kind})
                            </option>
                          ))}
                        </Select>
                      ) : (
                        describe(x.res)
                      )}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
          {ambiguous.length ? (
            <Text as="p" block size={200}>
              {ambiguous.length} cell{ambiguous.length === 1 ? "" : "s"} ({ambiguous.map((x) => x.address).join(", ")}) name more than one entity: choose above, or
              they are left out.
            </Text>
          ) : null}
          <Button
            size="small"
            appearance="primary"
            disabledFocusable={!canInsert || count === 0 || state?.busy === true}
            onClick={() => count > 0 && state?.busy !== true && write()}
          >
            Write {count} card{count === 1 ? "" : "s"} to {target ? `${a1(target.row, target.col, sel.rows, sel.cols)}` : ""}
          </Button>
          <InsertStatus
            state={state}
            onDismiss={() => setState(null)}
            onNextFree={() => {
              if (state && !state.busy && state.outcome.status === "occupied") {
                const n = state.outcome.nextFree;
                write({ sheet: n.sheet, row: n.row, col: n.col });
              }
            }}
            onNewSheet={() => write("new-sheet")}
          />
        </>
      ) : null}
    </section>
  );
}

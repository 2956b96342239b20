/** Function help: every TRADE function (from functions.json) with parameters and worked examples. */
import { Field, Input, Link, Spinner, Text, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { formulaBlock } from "../../core/blocks";
import { useData } from "../context";
import type { FunctionMeta } from "../model/catalog";
import { norm } from "../model/search";
import { InsertButton } from "./InsertButtons";
import { safeHref } from "../model/links";

export function FunctionCard({ id, headingRef, level = 2 }: { id: string; headingRef?: React.Ref<HTMLHeadingElement>; level?: 2 | 3 }) {
  const data = useData();
  const fn = data.functions.find((f) => f.id === id);
  const examples = data.examples[id.toUpperCase()] ?? [];
  const H = level === 2 ? "h2" : "h3";
  if (!fn)
    return (
      <H id={level === 2 ? "detail-heading" : undefined} ref={headingRef} tabIndex={-1}>
        TRADE.{id}
      </H>
    );
  const sig = `=TRADE.${fn.name}(${(fn.parameters ?? []).map((p) => (p.optional ? `[${p.name}]` : p.name)).join(", ")})`;
  return (
    <section aria-labelledby={`fn-${fn.id}`} data-function={fn.id} style={{ padding: "6px 0 10px", borderBottom: `1px solid ${tokens.colorNeutralStroke2}` }}>
      <H id={`fn-${fn.id}`} ref={headingRef} tabIndex={-1} style={{ margin: "4px 0", fontSize: level === 2 ? tokens.fontSizeBase500 : tokens.fontSizeBase300, outline: "none" }}>
        TRADE.{fn.name}
      </H>
      <Text as="p" block size={200} style={{ margin: "2px 0" }}>
        {fn.description}
      </Text>
      <code style={{ display: "block", fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere", margin: "4px 0" }}>{sig}</code>
      {fn.parameters?.length ? (
        <dl style={{ margin: "4px 0", fontSize: tokens.fontSizeBase200 }}>
          {fn.parameters.map((p) => (
            <div key={p.name} style={{ marginBottom: 3 }}>
              <dt style={{ fontWeight: 600, display: "inline" }}>
                {p.name}
                {p.optional ? " (optional)" : ""}
                {p.dimensionality === "matrix" ? " — range" : ""}:
              </dt>{" "}
              <dd style={{ display: "inline", margin: 0 }}>{p.description}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {examples.length ? (
        <>
          <Text as="p" block size={200} weight="semibold" style={{ margin: "6px 0 2px" }}>
            Examples
          </Text>
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {examples.map((ex, i) => (
              <li key={i} style={{ marginBottom: 6 }}>
                <code style={{ fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" }}>{ex.formula}</code>
                {ex.result !== undefined ? <Text size={200} data-testid="example-result" style={{ overflowWrap: "anywhere" }}> → {cellText(ex.result)}</Text> : null}
                {ex.why ? (
                  <Text as="p" block size={200} style={{ margin: "1px 0", color: tokens.colorNeutralForeground2 }}>
                    {ex.why}
                  </Text>
                ) : null}
                <InsertButton block={() => formulaBlock(ex.formula)} aria-label={`Insert example ${ex.formula}`}>
                  Insert example
                </InsertButton>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {fn.helpUrl ? (
        <Link href={safeHref(fn.helpUrl)} target="_blank" rel="noopener noreferrer" style={{ fontSize: tokens.fontSizeBase200 }}>
          Reference for TRADE.{fn.name} (opens in a new window)
        </Link>
      ) : null}
    </section>
  );
}

export function FunctionHelp() {
  const data = useData();
  const [filter, setFilter] = useState("");
  const list = useMemo(() => {
    const q = norm(filter);
    return q ? data.functions.filter((f: FunctionMeta) => norm(`${f.name} ${f.description ?? ""}`).includes(q)) : data.functions;
  }, [data.functions, filter]);
  return (
    <section aria-labelledby="functions-heading">
      <h2 id="functions-heading" style={{ fontSize: tokens.fontSizeBase400, margin: "4px 0" }}>
        Functions
      </h2>
      {data.functionsError ? (
        <Text role="alert">Could not load the function list: {data.functionsError}</Text>
      ) : data.functions.length === 0 ? (
        <Spinner size="tiny" label="Loading functions…" />
      ) : (
        <>
          <Field label="Filter functions">
            <Input value={filter} onChange={(_, d) => setFilter(d.value)} />
          </Field>
          <Text as="p" block size={200} role="status" aria-live="polite">
            {list.length} of {data.functions.length} functions
          </Text>
          {list.map((f) => (
            <details key={f.id} data-summary={f.id} style={{ borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, padding: "4px 0" }}>
              <summary style={{ cursor: "pointer" }}>
                <strong>TRADE.{f.name}</strong>
                <span style={{ fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 }}> — {f.description}</span>
              </summary>
              <FunctionCard id={f.id} level={3} />
            </details>
          ))}
        </>
      )}
    </section>
  );
}

/** A worked example's result as cells show it: one value as it is (0.321, TRUE, "#N/A"), a spill as rows of values. */
export function cellText(result: unknown): string {
  const one = (v: unknown): string =>
    v === null || v === undefined || v === "" ? "(blank)" : typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : typeof v === "object" && v && "error" in v ? String((v as { error: unknown }).error) : String(v);
  if (!Array.isArray(result)) return one(result);
  const rows = result as unknown[];
  if (rows.length === 1 && Array.isArray(rows[0]) && (rows[0] as unknown[]).length === 1) return one((rows[0] as unknown[])[0]);
  const cells = rows.map((r) => (Array.isArray(r) ? r.map(one).join(" | ") : one(r)));
  return `spills ${rows.length}×${Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 1}: ${cells.slice(0, 4).join(" ; ")}${cells.length > 4 ? " ; …" : ""}`;
}

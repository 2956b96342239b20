/**
 * Field browser for TRADE.REF, like Bloomberg's FLDS: search fields across
 * every kind by keyword (field names first), pick entities from a filterable
 * list (chosen ones shown as chips), fields (several) and years or an edition,
 * preview the grid (a row per entity, a column per year, the values the insert
 * writes) and insert one block of TRADE.REF formulas or values (BDH-style grid)
 * with headers, units and sources, never overwriting. Or write a field next to
 * the selected cells as formulas that refer to them.
 * Native controls, sized to the pane: nothing is wider than 320 px.
 */
import { Button, Text, tokens } from "@fluentui/react-components";
import { useId, useMemo, useState } from "react";
import { entityKinds, getEntityKind, type Entity, type FieldDef } from "../../core/ref";
import { entityFigures, entityKey, fieldsOfKind, findEntity, formatValue, refEntityText, sourceLine } from "../model/catalog";
import { gridBlock, selectionFormulas, nextToSelection } from "../../core/blocks";
import { norm } from "../model/search";
import { filterEntities, orderEditions, previewColumns, rankFields } from "../model/fields";
import { useActions, useData } from "../context";
import { InsertButton } from "./InsertButtons";
import { FieldName } from "./FieldName";

/** Kinds the browser opens on: elements and countries first (not an HTS line). */
const KIND_FIRST = ["element", "country", "product", "aggregate", "instrument", "hts", "hs"];

/** Every field of every kind, for the keyword search (FLDS). */
function allFields(): { kind: string; kindLabel: string; def: FieldDef }[] {
  const out: { kind: string; kindLabel: string; def: FieldDef }[] = [];
  for (const k of entityKinds()) for (const def of fieldsOfKind(k.kind)) out.push({ kind: k.kind, kindLabel: k.label, def });
  return out;
}

function parseYears(text: string): (number | string)[] {
  return text
    .split(/[,;\s]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^\d{4}$/.test(t) ? Number(t) : t));
}

export function FieldBrowser({ kind, entity, onChange }: { kind?: string; entity?: string; onChange(kind: string, entity?: string): void }) {
  const id = useId();
  const data = useData();
  const kinds = useMemo(() => [...entityKinds()].sort((a, b) => rank(a.kind) - rank(b.kind)), []);
  const k = getEntityKind(kind ?? kinds[0]?.kind ?? "") ?? kinds[0];
  const entities = useMemo(() => (k ? [...k.all()].sort((a, b) => a.label.localeCompare(b.label)) : []), [k]);
  const first = (entity && findEntity(entity)) || undefined;
  const [picked, setPicked] = useState<string[]>(first ? [entityKey(first)] : []);
  const [entityFilter, setEntityFilter] = useState("");
  const chosen: Entity[] = (picked.length ? picked : entities.slice(0, 1).map(entityKey)).flatMap((x) => {
    const e = findEntity(x);
    return e && e.kind === k?.kind ? [e] : [];
  });
  const fields = useMemo(() => (k ? fieldsOfKind(k.kind) : []), [k]);
  const [filter, setFilter] = useState("");
  const [sel, setSel] = useState<string[]>([]);
  const [years, setYears] = useState("");
  const [edition, setEdition] = useState("");
  const [mode, setMode] = useState<"formulas" | "values">("formulas");
  const q = norm(filter);
  // Field names first: "price" → price_usd_kg before fields that only mention prices.
  const matches = useMemo(() => (q ? rankFields(allFields(), q) : []), [q]);
  const shownFields = q ? fields.filter((f) => matches.some((m) => m.kind === k?.kind && m.def.field === f.field)) : fields;
  const selFields = fields.filter((f) => sel.includes(f.field));
  const editions = orderEditions(selFields.flatMap((f) => f.editions ?? []));
  const shownEntities = useMemo(() => filterEntities(entities, entityFilter), [entities, entityFilter]);
  const ENTITY_ROWS = 60;
  const toggleEntity = (key: string, on: boolean) => {
    const base = picked.length ? picked : chosen.map(entityKey);
    const next = on ? [...base.filter((x) => x !== key), key] : base.filter((x) => x !== key);
    setPicked(next);
    onChange(k!.kind, next[0]);
  };
  const yearList = parseYears(years);

  const block = () =>
    gridBlock({
      entities: chosen.map((e) => ({ ref: refEntityText(e), label: e.label })),
      fields: selFields.map((f) => ({ field: f.field, unit: f.unit })),
      years: yearList,
      edition: edition || undefined,
      mode,
      title: `TRADE.REF ${selFields.map((f) => f.field).join(", ")}: ${chosen.map((e) => e.label).join(", ")} (data pack ${data.pack.version})`,
      figure: (ref, field, year) => {
        const e = chosen.find((x) => refEntityText(x) === ref);
        const kk = e && getEntityKind(e.kind);
        if (!e || !kk) return undefined;
        try {
          const f = kk.get(e, field, { year: typeof year === "number" ? year : undefined, yearOnly: typeof year === "number", edition: edition || undefined });
          return { value: f.value, sources: f.sources };
        } catch {
          return undefined;
        }
      },
      sourceLine,
    });

  if (!k) return <Text>No entity kinds are registered in the data pack.</Text>;
  const preview = chosen[0] ? entityFigures(chosen[0]) : [];
  return (
    <section aria-labelledby="fields-heading" className="fb" data-testid="field-browser">
      <h2 id="fields-heading" style={{ fontSize: tokens.fontSizeBase400, margin: "4px 0" }}>
        Field browser
      </h2>
      <label htmlFor={`${id}-q`} className="fb-label">
        Search fields (every kind)
      </label>
      <input id={`${id}-q`} className="sb" type="search" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} placeholder="e.g. reserves, price, share" data-testid="fb-search" />
      {q ? (
        <div className="fb-matches" data-testid="fb-matches" aria-live="polite">
          <Text size={200}>{matches.length ? `${matches.length} field${matches.length === 1 ? "" : "s"}:` : "No field matches."}</Text>
          <ul className="rg-list">
            {matches.slice(0, 12).map((m) => (
              <li key={`${m.kind}:${m.def.field}`}>
                <button
                  type="button"
                  className="rr-open"
                  onClick={() => {
                    if (m.kind !== k.kind) {
                      setPicked([]);
                      onChange(m.kind);
                    }
                    setSel([m.def.field]);
                  }}
                >
                  <span className="rr-label">{m.def.field}</span>
                  <span className="rr-hint">
                    {m.kindLabel}: {m.def.description} ({m.def.unit})
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <label htmlFor={`${id}-k`} className="fb-label">
        Kind
      </label>
      <select
        id={`${id}-k`}
        className="native-select"
        value={k.kind}
        onChange={(e) => {
          setPicked([]);
          setSel([]);
          onChange(e.currentTarget.value);
        }}
        data-testid="fb-kind"
      >
        {kinds.map((x) => (
          <option key={x.kind} value={x.kind}>
            {x.label}
          </option>
        ))}
      </select>
      <fieldset className="fb-fields" data-testid="fb-entities">
        <legend className="fb-label">
          {k.label}: {chosen.length} chosen
        </legend>
        {/* What is chosen, as chips; × removes one (the last one cannot be removed: a grid needs an entity). */}
        <ul className="chips" aria-label="Chosen" data-testid="fb-chips">
          {chosen.map((e) => (
            <li key={entityKey(e)} className="chip">
              <span className="chip-label">{e.label}</span>
              {chosen.length > 1 ? (
                <button type="button" className="chip-x" aria-label={`Remove ${e.label}`} onClick={() => toggleEntity(entityKey(e), false)}>
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        <label htmlFor={`${id}-ef`} className="visually-hidden">
          Filter {k.label.toLowerCase()}
        </label>
        <input
          id={`${id}-ef`}
          className="sb"
          type="search"
          value={entityFilter}
          onChange={(e) => setEntityFilter(e.currentTarget.value)}
          placeholder={`Filter ${entities.length} ${k.label.toLowerCase()}`}
          aria-controls={`${id}-el`}
          data-testid="fb-entity-filter"
        />
        <div className="fb-checks" id={`${id}-el`} data-testid="fb-entity">
          {shownEntities.slice(0, ENTITY_ROWS).map((e) => {
            const key = entityKey(e);
            return (
              <label key={key} className="fb-check">
                <input type="checkbox" checked={chosen.some((c) => entityKey(c) === key)} data-entity={key} onChange={(ev) => toggleEntity(key, ev.currentTarget.checked)} />{" "}
                {e.label}
                {e.id !== e.label && e.kind !== "hts" ? <span className="when"> ({e.id})</span> : null}
              </label>
            );
          })}
          {shownEntities.length > ENTITY_ROWS ? (
            <Text size={200} block className="when">
              {shownEntities.length - ENTITY_ROWS} more: type to narrow the list.
            </Text>
          ) : shownEntities.length === 0 ? (
            <Text size={200} block className="when">
              No {k.label.toLowerCase()} match “{entityFilter}”.
            </Text>
          ) : null}
        </div>
      </fieldset>
      <fieldset className="fb-fields">
        <legend className="fb-label">
          Fields: {sel.length} of {fields.length} chosen{q ? `; ${shownFields.length} match “${filter.trim()}”` : ""}
        </legend>
        <div className="fb-checks" data-testid="fb-fields">
          {shownFields.map((f) => (
            <label key={f.field} className="fb-check" title={f.description}>
              <input
                type="checkbox"
                checked={sel.includes(f.field)}
                data-field={f.field}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setSel((s) => (on ? [...s, f.field] : s.filter((x) => x !== f.field)));
                }}
              />{" "}
              {f.field} <span className="when">({f.unit})</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="fb-row">
        <span>
          <label htmlFor={`${id}-y`} className="fb-label">
            Years (optional)
          </label>
          <input id={`${id}-y`} className="sb" value={years} onChange={(e) => setYears(e.currentTarget.value)} placeholder="2023, 2024" data-testid="fb-years" />
        </span>
        <span>
          <label htmlFor={`${id}-ed`} className="fb-label">
            Edition
          </label>
          <select id={`${id}-ed`} className="native-select" value={edition} onChange={(e) => setEdition(e.currentTarget.value)} data-testid="fb-edition">
            <option value="">Newest</option>
            {editions.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div className="fb-row" role="radiogroup" aria-label="Insert as">
        <label className="fb-check">
          <input type="radio" name={`${id}-m`} checked={mode === "formulas"} onChange={() => setMode("formulas")} /> Live formulas
        </label>
        <label className="fb-check">
          <input type="radio" name={`${id}-m`} checked={mode === "values"} onChange={() => setMode("values")} data-testid="fb-mode-values" /> Values
        </label>
      </div>
      <div className="detail-actions">
        <InsertButton
          appearance="primary"
          disabled={!selFields.length || !chosen.length}
          block={block}
          copyLabel={mode === "values" ? "Copy grid" : "Copy formulas"}
          aria-label={`Insert a grid of ${chosen.length} entities × ${selFields.length} fields${yearList.length ? ` × ${yearList.length} years` : ""}`}
          data-quick="grid"
        >
          Insert grid ({chosen.length}×{selFields.length * Math.max(1, yearList.length)})
        </InsertButton>
        <SelectionToFormulas field={selFields[0]?.field} year={yearList[0]} edition={edition || undefined} />
      </div>
      {selFields.length ? (
        <PreviewGrid entities={chosen} fields={selFields} years={yearList} edition={edition || undefined} />
      ) : (
        <>
          <h3 className="detail-h3" data-testid="fb-preview-title">
            {chosen[0] ? `Values for ${chosen[0].label}` : "No entity selected"}{" "}
            <span className="when">
              ({shownFields.length} field{shownFields.length === 1 ? "" : "s"}; choose fields to preview the grid)
            </span>
          </h3>
          <table className="kv" data-testid="fb-preview">
            <tbody>
              {shownFields.map((f) => {
                const r = preview.find((x) => x.field.field === f.field);
                return (
                  <tr key={f.field}>
                    <th scope="row" title={f.description}>
                      <FieldName name={f.field} />
                    </th>
                    <td>
                      {r?.figure && r.figure.value !== null ? (
                        <span className={typeof r.figure.value === "string" && r.figure.value.length > 160 ? "clamp" : undefined}>{formatValue(r.figure.value, f.unit)}</span>
                      ) : (
                        <span className="when">{r?.figure?.note ?? r?.missing ?? "no data"}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** What the insert will write, before inserting: per field, a row per entity and a column per year (or the latest figure). */
function PreviewGrid({ entities, fields, years, edition }: { entities: readonly Entity[]; fields: readonly FieldDef[]; years: readonly (number | string)[]; edition?: string }) {
  const cols = previewColumns(years);
  return (
    <div data-testid="fb-preview">
      <h3 className="detail-h3" data-testid="fb-preview-title">
        Preview <span className="when">({entities.length} × {fields.length * cols.length}: {entities.length} row{entities.length === 1 ? "" : "s"}, {cols.length} column{cols.length === 1 ? "" : "s"} per field)</span>
      </h3>
      {fields.map((f) => (
        <div key={f.field} style={{ overflowX: "auto", marginBottom: 6 }} role="region" aria-label={`${f.field} preview`} tabIndex={0}>
          <table className="data-table" data-field={f.field}>
            <caption className="when" style={{ textAlign: "left" }}>
              <FieldName name={f.field} /> ({f.unit}){edition ? `, ${edition}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Entity</th>
                {cols.map((c) => (
                  <th scope="col" key={c.key}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {entities.map((e) => (
                <tr key={entityKey(e)} data-entity={entityKey(e)}>
                  <th scope="row">{e.label}</th>
                  {cols.map((c) => {
                    const fig = figureOf(e, f.field, c.year, edition);
                    return <td key={c.key}>{fig.ok ? formatValue(fig.value, f.unit) : <span className="when">{fig.text}</span>}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

/** One cell of the preview: the figure REF gives for it, or why there is none. */
function figureOf(e: Entity, field: string, year: number | string | undefined, edition: string | undefined): { ok: true; value: unknown } | { ok: false; text: string } {
  const kk = getEntityKind(e.kind);
  if (!kk) return { ok: false, text: "unknown kind" };
  try {
    const f = kk.get(e, field, { year: typeof year === "number" ? year : undefined, yearOnly: typeof year === "number", edition });
    return f.value === null ? { ok: false, text: f.note ?? "no data" } : { ok: true, value: f.value };
  } catch (err) {
    return { ok: false, text: err instanceof Error ? err.message : "no data" };
  }
}

function rank(kind: string): number {
  const i = KIND_FIRST.indexOf(kind);
  return i < 0 ? 99 : i;
}

/** "Selection → formulas": the chosen field next to the selected cells, as TRADE.REF formulas referring to them. */
function SelectionToFormulas({ field, year, edition }: { field?: string; year?: number | string; edition?: string }) {
  const { canInsert, busy, readSelection, insertAt } = useActions();
  const [msg, setMsg] = useState("");
  const off = !canInsert || busy || !field || !readSelection || !insertAt;
  return (
    <>
      <Button
        size="small"
        disabledFocusable={off}
        aria-describedby={canInsert ? undefined : "preview-banner"}
        title={field ? `Writes =TRADE.REF(<cell>,"${field}") next to each selected cell` : "Choose a field first"}
        data-testid="fb-selection"
        onClick={async () => {
          if (off) return;
          const s = await readSelection!();
          if ("error" in s) {
            setMsg(s.error);
            return;
          }
          const b = selectionFormulas(s, field!, year, edition);
          const at = nextToSelection(s);
          setMsg("");
          insertAt!(b, { sheet: s.sheet, row: at.row, col: at.col });
        }}
      >
        {field ? `Selection → ${field}` : "Selection → formulas"}
      </Button>
      {msg ? (
        <Text size={200} role="alert">
          {msg}
        </Text>
      ) : null}
    </>
  );
}

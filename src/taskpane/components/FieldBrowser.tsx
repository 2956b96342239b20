/**
 * Field browser for TRADE.REF, like Bloomberg's FLDS: search fields across
 * every kind by keyword, pick entities (several), fields (several) and years
 * or an edition, and insert one block of TRADE.REF formulas or values
 * (BDH-style grid) with headers, units and sources, never overwriting. Or
 * write a field next to the selected cells as formulas that refer to them.
 * Native controls, sized to the pane: nothing is wider than 320 px.
 */
import { Button, Text, tokens } from "@fluentui/react-components";
import { useId, useMemo, useState } from "react";
import { entityKinds, getEntityKind, type Entity, type FieldDef } from "../../core/ref";
import { entityFigures, entityKey, fieldsOfKind, findEntity, formatValue, refEntityText, sourceLine } from "../model/catalog";
import { gridBlock, selectionFormulas, nextToSelection } from "../model/blocks";
import { norm } from "../model/search";
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
  const matches = useMemo(() => {
    if (!q) return [];
    const words = q.split(" ");
    return allFields().filter((f) => {
      const text = norm(`${f.def.field.replace(/_/g, " ")} ${f.def.field} ${f.def.description} ${f.def.unit} ${f.kindLabel}`);
      return words.every((w) => text.includes(w));
    });
  }, [q]);
  const shownFields = q ? fields.filter((f) => matches.some((m) => m.kind === k?.kind && m.def.field === f.field)) : fields;
  const selFields = fields.filter((f) => sel.includes(f.field));
  const editions = [...new Set(selFields.flatMap((f) => f.editions ?? []))];
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
  const preview = chosen[0] ? entityFigures(chosen[0]).filter((r) => !q || shownFields.some((f) => f.field === r.field.field)) : [];
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
      <label htmlFor={`${id}-e`} className="fb-label">
        Entities (Ctrl/Shift for several)
      </label>
      <select
        id={`${id}-e`}
        className="native-select"
        multiple
        size={5}
        value={chosen.map(entityKey)}
        onChange={(e) => {
          const v = Array.from(e.currentTarget.selectedOptions, (o) => o.value);
          setPicked(v);
          onChange(k.kind, v[0]);
        }}
        data-testid="fb-entity"
      >
        {entities.map((e) => (
          <option key={e.id} value={entityKey(e)}>
            {e.label}
            {e.id !== e.label && e.kind !== "hts" ? ` (${e.id})` : ""}
          </option>
        ))}
      </select>
      <fieldset className="fb-fields">
        <legend className="fb-label">
          Fields ({sel.length} chosen{q ? `; ${shownFields.length} of ${fields.length} match` : ""})
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
          aria-label={`Insert a grid of ${chosen.length} entities × ${selFields.length} fields${yearList.length ? ` × ${yearList.length} years` : ""}`}
          data-quick="grid"
        >
          Insert grid ({chosen.length}×{selFields.length * Math.max(1, yearList.length)})
        </InsertButton>
        <SelectionToFormulas field={selFields[0]?.field} year={yearList[0]} edition={edition || undefined} />
      </div>
      <h3 className="detail-h3">
        {chosen[0] ? `Values for ${chosen[0].label}` : "No entity selected"} <span className="when">({preview.length} fields)</span>
      </h3>
      <table className="kv" data-testid="fb-preview">
        <tbody>
          {preview.map((r) => (
            <tr key={r.field.field}>
              <th scope="row" title={r.field.description}>
                <FieldName name={r.field.field} />
              </th>
              <td>
                {r.figure && r.figure.value !== null ? (
                  <span className={typeof r.figure.value === "string" && r.figure.value.length > 160 ? "clamp" : undefined}>{formatValue(r.figure.value, r.field.unit)}</span>
                ) : (
                  <span className="when">{r.figure?.note ?? r.missing ?? "no data"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
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

/**
 * Field browser for TRADE.REF (like Bloomberg's field search): pick a kind and
 * an entity, filter its fields, see each field's description, unit and current
 * value with its provenance, and insert the formula.
 */
import { Field, Input, Select, Text, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { entityKinds, getEntityKind } from "../../core/ref";
import { entityFigures, entityKey, findEntity } from "../model/catalog";
import { norm } from "../model/search";
import { FigureCard } from "./DetailView";

export function FieldBrowser({ kind, entity, onChange }: { kind?: string; entity?: string; onChange(kind: string, entity?: string): void }) {
  const kinds = entityKinds();
  const k = getEntityKind(kind ?? kinds[0]?.kind ?? "");
  const entities = useMemo(() => (k ? [...k.all()].sort((a, b) => a.label.localeCompare(b.label)) : []), [k]);
  const ent = (entity && findEntity(entity)) || entities[0];
  const [filter, setFilter] = useState("");
  const rows = useMemo(() => (ent ? entityFigures(ent) : []), [ent]);
  const q = norm(filter);
  const shown = q ? rows.filter((r) => norm(`${r.field.field} ${r.field.description} ${r.field.unit}`).includes(q)) : rows;
  if (!kinds.length) return <Text>No entity kinds are registered in the data pack.</Text>;
  return (
    <section aria-labelledby="fields-heading">
      <h2 id="fields-heading" style={{ fontSize: tokens.fontSizeBase400, margin: "4px 0" }}>
        Field browser
      </h2>
      <Text as="p" block size={200} style={{ margin: "0 0 6px" }}>
        Pick an entity to see every field <code>TRADE.REF</code> can return for it, with its current value and source.
      </Text>
      <div style={{ display: "grid", gap: 8 }}>
        <Field label="Kind">
          <Select value={k?.kind} onChange={(_, d) => onChange(d.value)} data-testid="fb-kind">
            {kinds.map((x) => (
              <option key={x.kind} value={x.kind}>
                {x.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Entity">
          <Select value={ent ? entityKey(ent) : ""} onChange={(_, d) => onChange(k!.kind, d.value)} data-testid="fb-entity">
            {entities.map((e) => (
              <option key={e.id} value={entityKey(e)}>
                {e.label}
                {e.id !== e.label ? ` (${e.id})` : ""}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Filter fields">
          <Input value={filter} onChange={(_, d) => setFilter(d.value)} placeholder="e.g. production, price, share" />
        </Field>
      </div>
      <Text as="p" block size={200} role="status" aria-live="polite" style={{ margin: "6px 0" }}>
        {ent ? `${shown.length} of ${rows.length} fields of ${ent.label}` : "No entity selected"}
      </Text>
      <ul style={{ margin: 0, padding: 0 }} data-testid="fb-fields">
        {ent ? shown.map((r) => <FigureCard key={r.field.field} entity={ent} row={r} />) : null}
      </ul>
    </section>
  );
}

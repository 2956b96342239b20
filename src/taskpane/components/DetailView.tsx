/**
 * Detail of one search item: an entity's figures (value, unit, edition, date,
 * status, sources; insert as value or TRADE.REF formula), a dataset (insert as
 * a table), a field, or a function.
 */
import { Button, Divider, Text, tokens } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import { formulaBlock, refFormula, tableBlock, valueBlock } from "../model/blocks";
import { datasetByName, useActions, useData } from "../context";
import {
  DATA_HORIZON,
  DATA_VERSION,
  datasetColumns,
  datasetSources,
  datasetTable,
  entityFigures,
  fieldsOfKind,
  findEntity,
  formatValue,
  isUnconfirmed,
  refEntityText,
  type FigureRow,
} from "../model/catalog";
import { getEntityKind, type Entity } from "../../core/ref";
import { InsertButton } from "./InsertButtons";
import { InsertAsCard } from "./CardsPanel";
import { SourceList, Sources, StatusBadge } from "./Provenance";
import { FunctionCard } from "./FunctionHelp";
import { TariffStack } from "./TariffStack";
import { htsOfEntityId } from "../model/tariff";

export function DetailView({ itemKey, onBack }: { itemKey: string; onBack(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [itemKey]);
  const colon = itemKey.indexOf(":");
  const type = itemKey.slice(0, colon);
  const rest = itemKey.slice(colon + 1);
  return (
    <article aria-labelledby="detail-heading" data-testid="detail">
      <Button appearance="subtle" size="small" onClick={onBack} aria-label="Back to search results">
        ← Results
      </Button>
      {type === "entity" ? (
        <EntityDetail entityKey={rest} heading={heading} />
      ) : type === "dataset" ? (
        <DatasetDetail name={rest} heading={heading} />
      ) : type === "field" ? (
        <FieldDetail spec={rest} heading={heading} />
      ) : type === "function" ? (
        <FunctionCard id={rest} headingRef={heading} />
      ) : (
        <h2 id="detail-heading" ref={heading} tabIndex={-1}>
          Unknown item
        </h2>
      )}
    </article>
  );
}

type HeadingRef = React.RefObject<HTMLHeadingElement>;

function Heading({ heading, children, sub }: { heading: HeadingRef; children: React.ReactNode; sub?: React.ReactNode }) {
  return (
    <header style={{ margin: "6px 0 8px" }}>
      <h2 id="detail-heading" ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: tokens.fontSizeBase500, outline: "none" }}>
        {children}
      </h2>
      {sub ? <Text size={200}>{sub}</Text> : null}
    </header>
  );
}

export function FigureCard({ entity, row }: { entity: Entity; row: FigureRow }) {
  const f = row.figure;
  const unc = isUnconfirmed(f);
  const refText = refEntityText(entity);
  // Pin the year and edition the figure shows, where the field takes them.
  const formula = refFormula({
    entity: refText,
    field: row.field.field,
    yearOrDate: row.field.time === "year" && f?.year ? f.year : f?.asOf && row.field.time === "date" ? f.asOf : undefined,
    edition: row.field.editions?.length && f?.edition ? f.edition : undefined,
  });
  return (
    <li
      data-field={row.field.field}
      data-unconfirmed={unc ? "1" : undefined}
      style={{
        listStyle: "none",
        padding: "8px 8px",
        margin: "0 0 6px",
        border: `1px solid ${unc ? tokens.colorPaletteYellowBorder2 : tokens.colorNeutralStroke2}`,
        borderLeft: `4px solid ${unc ? tokens.colorPaletteDarkOrangeBorder2 : tokens.colorNeutralStroke1}`,
        borderRadius: 4,
        background: unc ? tokens.colorPaletteYellowBackground1 : undefined,
      }}
    >
      <div style={{ display: "flex", justifyContent: "space-between", gap: 6, flexWrap: "wrap" }}>
        <code style={{ fontSize: tokens.fontSizeBase200 }}>{row.field.field}</code>
        <StatusBadge status={f?.status} />
      </div>
      <Text as="p" block size={200} style={{ margin: "2px 0", color: tokens.colorNeutralForeground2 }}>
        {row.field.description}
      </Text>
      {f ? (
        <>
          <Text as="p" block size={typeof f.value === "string" && f.value.length > 40 ? 300 : 400} weight="semibold" style={{ margin: "2px 0", overflowWrap: "anywhere" }} data-testid="figure-value">
            {f.qualifier && typeof f.value !== "string" ? `${f.qualifier} ` : ""}
            {formatValue(f.value, row.field.unit)}
            {f.estimated ? <abbr title="estimate"> (e)</abbr> : null}
          </Text>
          <Text as="p" block size={200} style={{ margin: "2px 0" }}>
            {[
              row.field.unit && row.field.unit !== "text" ? `Unit: ${row.field.unit}` : undefined,
              f.edition ? `Edition: ${f.edition}` : undefined,
              f.year ? `Year: ${f.year}` : undefined,
              f.asOf ? `As of ${f.asOf}` : undefined,
            ]
              .filter(Boolean)
              .join(" · ")}
          </Text>
          {f.note ? (
            <Text as="p" block size={200} style={{ margin: "2px 0", fontStyle: "italic" }}>
              {f.note}
            </Text>
          ) : null}
          <Sources ids={f.sources ?? []} />
          <div style={{ display: "flex", gap: 6, marginTop: 6, flexWrap: "wrap" }}>
            {f.value !== null && f.value !== undefined ? (
              <InsertButton block={() => valueBlock(f.value as string | number | boolean)} aria-label={`Insert value of ${row.field.field}`}>
                Insert value
              </InsertButton>
            ) : null}
            <InsertButton block={() => formulaBlock(formula)} aria-label={`Insert formula for ${row.field.field}`} title={formula}>
              Insert formula
            </InsertButton>
          </div>
        </>
      ) : (
        <Text as="p" block size={200}>
          No data: {row.missing}
        </Text>
      )}
    </li>
  );
}

function EntityDetail({ entityKey, heading }: { entityKey: string; heading: HeadingRef }) {
  const { browseFields } = useActions();
  const e = findEntity(entityKey);
  if (!e)
    return (
      <Heading heading={heading}>
        Not found: {entityKey}
      </Heading>
    );
  const kind = getEntityKind(e.kind);
  const rows = entityFigures(e);
  const hts = e.kind === "hts" ? htsOfEntityId(e.id) : undefined;
  return (
    <>
      <Heading heading={heading} sub={`${kind?.label ?? e.kind} · ${e.id}${e.aliases?.length ? ` · also ${e.aliases.slice(0, 4).join(", ")}` : ""}`}>
        {e.label}
      </Heading>
      <Text as="p" block size={200}>
        Data pack {DATA_VERSION}; statuses confirmed up to {DATA_HORIZON}. Use <code>{`=TRADE.REF("${refEntityText(e)}", field)`}</code> to keep a figure live.
      </Text>
      <Button size="small" onClick={() => browseFields(e.kind, entityKey)} style={{ margin: "4px 0 8px" }}>
        Open in field browser
      </Button>
      {hts ? <TariffStack hts={hts} /> : null}
      <h3 style={{ fontSize: tokens.fontSizeBase300, margin: "8px 0 4px" }}>Figures ({rows.length})</h3>
      <ul style={{ margin: 0, padding: 0 }} data-testid="figures">
        {rows.map((r) => (
          <FigureCard key={r.field.field} entity={e} row={r} />
        ))}
      </ul>
      <InsertAsCard entity={e} />
      <h3 style={{ fontSize: tokens.fontSizeBase300, margin: "8px 0 4px" }}>Sources</h3>
      <SourceList ids={[...new Set(rows.flatMap((r) => r.figure?.sources ?? []))]} />
    </>
  );
}

function DatasetDetail({ name, heading }: { name: string; heading: HeadingRef }) {
  const data = useData();
  const d = datasetByName(data, name);
  if (!d) return <Heading heading={heading}>Dataset not found: {name}</Heading>;
  const cols = datasetColumns(d);
  const sources = datasetSources(d);
  const unconfirmed = d.records.filter((r) => r.status === "unconfirmed").length;
  return (
    <>
      <Heading heading={heading} sub={`Dataset · ${d.records.length} records · ${cols.length} columns${d.unit ? ` · unit ${d.unit}` : ""}`}>
        {d.dataset}
      </Heading>
      <Text as="p" block size={200}>
        {d.description}
      </Text>
      {unconfirmed ? (
        <Text as="p" block size={200} style={{ color: tokens.colorPaletteDarkOrangeForeground1 }}>
          ⚠ {unconfirmed} record{unconfirmed === 1 ? " is" : "s are"} unconfirmed (status column).
        </Text>
      ) : null}
      <div style={{ margin: "6px 0" }}>
        <InsertButton block={() => tableBlock(datasetTable(d))} appearance="primary" aria-label={`Insert dataset ${d.dataset} as a table`}>
          Insert as table
        </InsertButton>
      </div>
      <Text as="p" block size={200}>
        Inserts a title row, an Excel table (headers with units) and a source row per cited source, at the selected cell. Nothing is overwritten.
      </Text>
      <h3 style={{ fontSize: tokens.fontSizeBase300, margin: "8px 0 4px" }}>First rows</h3>
      <div role="region" aria-label={`First rows of ${d.dataset}`} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%" }}>
        <table className="data-table">
          <thead>
            <tr>
              {cols.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.records.slice(0, 5).map((r, i) => (
              <tr key={i}>
                {cols.map((c) => (
                  <td key={c}>{Array.isArray(r[c]) ? (r[c] as unknown[]).join(", ") : r[c] === null || r[c] === undefined ? "" : String(r[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 style={{ fontSize: tokens.fontSizeBase300, margin: "8px 0 4px" }}>Sources</h3>
      <SourceList ids={sources} />
    </>
  );
}

function FieldDetail({ spec, heading }: { spec: string; heading: HeadingRef }) {
  const { browseFields } = useActions();
  const colon = spec.indexOf(":");
  const kind = spec.slice(0, colon);
  const field = spec.slice(colon + 1);
  const def = fieldsOfKind(kind).find((f) => f.field === field);
  const k = getEntityKind(kind);
  return (
    <>
      <Heading heading={heading} sub={`Field of ${k?.label ?? kind}`}>
        {field}
      </Heading>
      <Text as="p" block>{def?.description}</Text>
      <Text as="p" block size={200}>
        Unit: {def?.unit ?? "—"}
        {def?.time && def.time !== "none" ? ` · takes a ${def.time} argument` : ""}
        {def?.editions?.length ? ` · editions: ${def.editions.join(", ")}` : ""}
      </Text>
      <Divider />
      <Button size="small" onClick={() => browseFields(kind)} style={{ marginTop: 8 }}>
        Browse {k?.label ?? kind} with this field
      </Button>
    </>
  );
}

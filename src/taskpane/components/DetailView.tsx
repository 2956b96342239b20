/**
 * Detail of one search item: an entity's figures (value, unit, edition, date,
 * status, sources; insert as value or TRADE.REF formula), a dataset (insert as
 * a table), a field, or a function.
 */
import { orgRowText } from "../../core/data/org";
import { orgOfEntity } from "../model/catalog";
import { Button, Divider, Link, Text, tokens } from "@fluentui/react-components";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { formulaBlock, tableBlock, valueBlock } from "../../core/blocks";
import { datasetByName, useActions, useData } from "../context";
import {
  datasetColumns,
  datasetSources,
  datasetTable,
  entityFigures,
  fieldsOfKind,
  findEntity,
  formatValue,
  isUnconfirmed,
  refEntityText,
  sourceOf,
  type FigureRow,
} from "../model/catalog";
import { answerFor, figureTags, instrumentStatus, todayIso, type AnswerLine } from "../model/answer";
import { figureFormula } from "../model/quick";
import { getEntityKind, type Entity } from "../../core/ref";
import { InsertAsCard } from "./CardsPanel";
import { InsertButton } from "./InsertButtons";
import { FieldName } from "./FieldName";
import { SourceList, StatusBadge } from "./Provenance";
import { FunctionCard } from "./FunctionHelp";
import { TariffStack } from "./TariffStack";
import { htsOfEntityId } from "../model/tariff";
import { DateField } from "./DateField";
import { datasetTitle } from "../model/catalog";
import { safeHref } from "../model/links";
import { partnerView, stageView } from "../model/answer";

export function DetailView({ itemKey, onBack, backLabel = "Results" }: { itemKey: string; onBack(): void; backLabel?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [itemKey]);
  const colon = itemKey.indexOf(":");
  const type = itemKey.slice(0, colon);
  const rest = itemKey.slice(colon + 1);
  return (
    <article
      aria-labelledby="detail-heading"
      data-testid="detail"
      onKeyDown={(e) => {
        // Escape goes back to the results (unless a control inside, e.g. an open dropdown, used it).
        if (e.key === "Escape" && !e.defaultPrevented) {
          e.preventDefault();
          onBack();
        }
      }}
    >
      <div className="sticky-back">
        <Button appearance="subtle" size="small" onClick={onBack} aria-label={`Back to ${backLabel === "Results" ? "search results" : backLabel === "Back" ? "the previous detail" : `the ${backLabel} view`} (Escape)`} data-testid="back">
          ← {backLabel}
        </Button>
      </div>
      {type === "entity" ? (
        <EntityDetail entityKey={rest} heading={heading} />
      ) : type === "dataset" ? (
        <DatasetDetail name={rest} heading={heading} />
      ) : type === "field" ? (
        <FieldDetail spec={rest} heading={heading} />
      ) : type === "function" ? (
        <FunctionCard id={rest} headingRef={heading} />
      ) : type === "template" ? (
        <TemplateDetail id={rest} heading={heading} />
      ) : type === "partner" ? (
        <PartnerDetail spec={rest} heading={heading} />
      ) : type === "stage" ? (
        <StageDetail stage={rest} heading={heading} />
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
      <h2 id="detail-heading" ref={heading} tabIndex={-1} style={{ margin: 0, fontSize: tokens.fontSizeBase500, overflowWrap: "anywhere" }}>
        {children}
      </h2>
      {sub ? <Text size={200}>{sub}</Text> : null}
    </header>
  );
}

/** Numbers sources in order of first citation: each view lists its sources once. */
function useSourceNumbers(lists: readonly (readonly string[] | undefined)[]): { order: string[]; num(id: string): number } {
  const order: string[] = [];
  for (const l of lists) for (const id of l ?? []) if (!order.includes(id)) order.push(id);
  return { order, num: (id) => order.indexOf(id) + 1 };
}

/** "[1, 3]": the numbers of a figure's sources (plain text, one tab stop for the whole list below). */
function Refs({ ids, num }: { ids?: readonly string[]; num(id: string): number }) {
  if (!ids?.length) return null;
  const n = ids.map(num).sort((a, b) => a - b);
  return (
    <sup className="refs" title={`Source${n.length > 1 ? "s" : ""} ${n.join(", ")} (listed below)`}>
      [{n.join(", ")}]
    </sup>
  );
}

function Tags({ tags }: { tags?: readonly string[] }) {
  if (!tags?.length) return null;
  return (
    <>
      {tags.map((t) => (
        <span key={t} className={`tag tag-${t.replace(/\s+/g, "-")}`}>
          {t === "unconfirmed" ? "⚠ unconfirmed" : t}
        </span>
      ))}
    </>
  );
}

/** The answer block: a few lines with values, tags, source numbers and links. */
function Answer({ lines, num, extra }: { lines: readonly AnswerLine[]; num(id: string): number; extra?: React.ReactNode }) {
  const { open } = useActions();
  if (!lines.length && !extra) return null;
  return (
    <section aria-label="Answer" className="answer" data-testid="answer">
      <dl>
        {lines.map((l) => (
          <div key={l.label} className="answer-row">
            <dt>{l.label}</dt>
            <dd>
              {/* A line that only names its links shows the links alone. */}
              {l.links?.length && l.value === l.links.map((k) => k.label).join(", ") ? null : <span className="answer-value">{l.value}</span>} <Tags tags={l.tags} />
              <Refs ids={l.sources} num={num} />
              {l.links?.length ? (
                <span className="answer-links">
                  {" "}
                  {l.links.map((k, i) => (
                    <span key={k.key}>
                      {i ? ", " : l.value === l.links!.map((k) => k.label).join(", ") ? "" : "→ "}
                      <Link as="button" inline onClick={() => open(k.key)} data-link={k.key}>
                        {k.label}
                      </Link>
                    </span>
                  ))}
                </span>
              ) : null}
              {l.note && l.label.startsWith("China") ? <span className="answer-note">{l.note}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {extra}
    </section>
  );
}

/** Every field as a compact field/value table; one insert control above it instead of buttons per row. */
/** A field whose value is another entity's id (suspended_by, element, products) links to it. */
function CrossRef({ value }: { value: string }) {
  const { open } = useActions();
  const target = ["instrument", "element", "product", "country", "hts", "hs"].map((k) => findEntity(`${k}:${value}`)).find(Boolean);
  if (!target) return <>{value}</>;
  return (
    <Link as="button" inline onClick={() => open(`entity:${target.kind}:${target.id}`)} data-link={`entity:${target.kind}:${target.id}`}>
      {target.label}
    </Link>
  );
}

function FieldTable({ entity, rows, num }: { entity: Entity; rows: readonly FigureRow[]; num(id: string): number }) {
  const [field, setField] = useState(rows.find((r) => r.figure && r.figure.value !== null)?.field.field ?? rows[0]?.field.field ?? "");
  const row = rows.find((r) => r.field.field === field);
  const f = row?.figure;
  const formula = row ? figureFormula(entity, row.field, f) : "";
  const id = useId();
  return (
    <>
      <div className="insert-row" data-testid="detail-insert">
        <label htmlFor={`${id}-f`} className="visually-hidden">
          Field to insert
        </label>
        <select id={`${id}-f`} className="native-select" value={field} onChange={(e) => setField(e.currentTarget.value)} data-testid="detail-field">
          {rows.map((r) => (
            <option key={r.field.field} value={r.field.field}>
              {r.field.field}
            </option>
          ))}
        </select>
        {f && f.value !== null && f.value !== undefined ? (
          <InsertButton block={() => valueBlock(f.value as string | number | boolean)} copyLabel="Copy value" aria-label={`Insert value of ${field}`}>
            Value
          </InsertButton>
        ) : null}
        <InsertButton block={() => formulaBlock(formula)} aria-label={`Insert formula for ${field}`} title={formula}>
          Formula
        </InsertButton>
      </div>
      <table className="kv" data-testid="figures">
        <caption className="visually-hidden">Every field of {entity.label}</caption>
        <tbody>
          {rows.map((r) => {
            const fig = r.figure;
            const unc = isUnconfirmed(fig);
            const when = [fig?.year ? String(fig.year) : undefined, fig?.edition, fig?.asOf ? `as of ${fig.asOf}` : undefined].filter(Boolean).join(", ");
            return (
              <tr key={r.field.field} data-field={r.field.field} data-unconfirmed={unc ? "1" : undefined} className={unc ? "unc" : undefined}>
                <th scope="row" title={r.field.description}>
                  <FieldName name={r.field.field} />
                </th>
                <td>
                  {fig && fig.value !== null ? (
                    <>
                      <span data-testid="figure-value" className={typeof fig.value === "string" && fig.value.length > 160 ? "clamp" : undefined} title={typeof fig.value === "string" && fig.value.length > 160 ? fig.value : undefined}>
                        {fig.qualifier && typeof fig.value !== "string" ? `${fig.qualifier} ` : ""}
                        {typeof fig.value === "string" && r.field.field !== entityIdField(entity) && fig.value.length < 40 && !fig.value.includes(" ") ? <CrossRef value={fig.value} /> : formatValue(fig.value, r.field.unit)}
                      </span>
                      {when ? <span className="when"> ({when})</span> : null} <Tags tags={figureTags(fig)} />
                      <Refs ids={fig.sources} num={num} />
                    </>
                  ) : (
                    <span className="when">{fig?.note ?? r.missing ?? "no data"}</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** Numbered source list: the one place a view links to its sources. */
function NumberedSources({ order }: { order: readonly string[] }) {
  if (!order.length) return null;
  return (
    <>
      <h3 className="detail-h3">Sources</h3>
      <ol className="sources" data-testid="source-list">
        {order.map((id) => {
          const s = sourceOf(id);
          return (
            <li key={id} id={`src-${id}`}>
              {s ? (
                <>
                  {/* Only http(s) addresses open: a source registry entry is data, and data may come from an overlay. */}
                  {safeHref(s.url) ? (
                    <Link href={safeHref(s.url)} target="_blank" rel="noopener noreferrer" inline>
                      {s.title}
                    </Link>
                  ) : (
                    s.title
                  )}
                  , {s.publisher}
                  {s.date ? `, ${s.date}` : ""}
                  {s.confidence !== "confirmed" ? ` (${s.confidence} source)` : ""} <span className="when">[{id}]</span>
                </>
              ) : (
                `${id} (not in the source registry)`
              )}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** Fields that hold the entity's own id (never a cross-reference). */
function entityIdField(e: Entity): string {
  return e.kind === "element" ? "symbol" : e.kind === "country" ? "iso2" : e.kind === "hts" ? "hts" : "id";
}

function InstrumentOnDate({ entity }: { entity: Entity }) {
  const [date, setDate] = useState(todayIso);
  const line = /^\d{4}-\d{2}-\d{2}$/.test(date) ? instrumentStatus(entity, date) : undefined;
  return (
    <div className="answer-row on-date">
      <DateField label="Status on" value={date} onChange={setDate} testId="status-date" />
      <span data-testid="status-on-date">{line ? line.value : "—"}</span> {line ? <Tags tags={line.tags} /> : null}
    </div>
  );
}

/** Where the entity's record comes from an organisation's overlay: a badge with the organisation, its sources and what it replaced. */
function OrgNote({ entity }: { entity: Entity }) {
  const mark = orgOfEntity(entity);
  if (!mark) return null;
  return (
    <p className="answer-note" data-testid="org-note" style={{ margin: "0 0 6px" }}>
      <span className="tag tag-org">organisation data</span> {orgRowText(mark)}
    </p>
  );
}

function EntityDetail({ entityKey, heading }: { entityKey: string; heading: HeadingRef }) {
  const { browseFields } = useActions();
  // The data pack can change while the view is open (an update, an overlay): everything below is per pack.
  const data = useData();
  const e = findEntity(entityKey);
  const rows = useMemo(() => (e ? entityFigures(e) : []), [e, data.pack]);
  const answer = useMemo(() => (e ? answerFor(e) : []), [e, data.pack]);
  const { order, num } = useSourceNumbers([...answer.map((l) => l.sources), ...rows.map((r) => r.figure?.sources)]);
  if (!e)
    return (
      <Heading heading={heading}>
        Not found: {entityKey}
      </Heading>
    );
  const kind = getEntityKind(e.kind);
  const hts = e.kind === "hts" ? htsOfEntityId(e.id) : undefined;
  return (
    <>
      <Heading heading={heading} sub={`${kind?.label ?? e.kind} · ${e.id}${e.aliases?.length ? ` · also ${e.aliases.slice(0, 3).join(", ")}` : ""}`}>
        {e.label}
      </Heading>
      <OrgNote entity={e} />
      {/* A tariff line leads with the total duty for the chosen origin, importer and date. */}
      {hts ? <TariffStack hts={hts} /> : null}
      <Answer lines={answer} num={num} extra={e.kind === "instrument" ? <InstrumentOnDate entity={e} /> : undefined} />
      <div className="detail-actions" data-testid="detail-actions">
        <Button size="small" onClick={() => browseFields(e.kind, entityKey)}>
          Open in field browser
        </Button>
        <InsertAsCard entity={e} />
      </div>
      <h3 className="detail-h3">All fields ({rows.length})</h3>
      <Text as="p" block size={200} style={{ margin: "0 0 4px" }}>
        Data pack {data.pack.version}; statuses confirmed up to {data.pack.horizons.china}. <code>{`=TRADE.REF("${refEntityText(e)}", field)`}</code> keeps a figure live.
      </Text>
      <FieldTable entity={e} rows={rows} num={num} />
      <NumberedSources order={order} />
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
      <Heading heading={heading} sub={`Dataset ${d.dataset} · ${d.records.length} records · ${cols.length} columns${d.unit ? ` · unit ${d.unit}` : ""}`}>
        {datasetTitle(d.dataset)}
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
        <InsertButton block={() => tableBlock(datasetTable(d))} appearance="primary" copyLabel="Copy table" aria-label={`Insert dataset ${d.dataset} as a table`}>
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

function TemplateDetail({ id, heading }: { id: string; heading: HeadingRef }) {
  const { setTab } = useActions();
  return (
    <>
      <Heading heading={heading} sub="Template">
        {id}
      </Heading>
      <Button size="small" onClick={() => setTab("templates")}>
        Open in Templates
      </Button>
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

/** An importer other than the US ("partner:CN"), or one of its lines ("partner:CN:8505.11.10"). */
function PartnerDetail({ spec, heading }: { spec: string; heading: HeadingRef }) {
  const { open } = useActions();
  const data = useData();
  const [iso2, code] = spec.split(":");
  const v = useMemo(() => partnerView(iso2), [iso2, data.pack]);
  if (!v) return <Heading heading={heading}>No tariff data for importer {iso2}</Heading>;
  if (code) {
    const line = v.lines.find((l) => l.code === code);
    return (
      <>
        <Heading heading={heading} sub={`${v.name}'s import duty · line ${code}`}>
          {v.name}: {code} {line?.description ?? ""}
        </Heading>
        <TariffStack hts={code} initialImporter={iso2} initialOrigin="US" />
        <Button size="small" onClick={() => open(`partner:${iso2}`)}>
          All of {v.name}'s lines
        </Button>
      </>
    );
  }
  return (
    <>
      <Heading heading={heading} sub={`Importer ${iso2} · duty base ${v.valuation} · data from ${v.dataFrom ?? "—"}, statuses confirmed to ${v.horizon}`}>
        {v.name} import tariffs
      </Heading>
      <section aria-label="Answer" className="answer" data-testid="answer">
        <dl>
          <div className="answer-row">
            <dt>Duty on US goods today, by line</dt>
            <dd>
              <span className="answer-value">{v.summary}</span> {v.pastHorizon ? <Tags tags={["unconfirmed"]} /> : null}
            </dd>
          </div>
          <div className="answer-row">
            <dt>Duty base</dt>
            <dd>
              {v.valuation}: {v.valuationBasis}
            </dd>
          </div>
          {v.measures.length ? (
            <div className="answer-row">
              <dt>Measures behind its layers</dt>
              <dd>
                {v.measures.map((m, i) => (
                  <span key={m.key}>
                    {i ? ", " : ""}
                    <Link as="button" inline onClick={() => open(m.key)} data-link={m.key}>
                      {m.label}
                    </Link>{" "}
                    <span className="when">({m.status})</span>
                  </span>
                ))}
              </dd>
            </div>
          ) : null}
        </dl>
      </section>
      <div role="region" aria-label={`${v.name}'s lines: duty on US goods today`} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%" }}>
        <table className="data-table" data-testid="partner-lines">
          <caption className="visually-hidden">{v.name}: duty on US goods entered today, by line</caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              <th scope="col">Duty on US goods today</th>
            </tr>
          </thead>
          <tbody>
            {v.lines.map((l) => (
              <tr key={l.code} data-line={l.code}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  <Link as="button" inline onClick={() => open(`partner:${iso2}:${l.code}`)}>
                    {l.code}
                  </Link>{" "}
                  {l.description}
                </th>
                <td>
                  {l.ratePct ?? <span className="when">{l.message}</span>} {l.status ? <StatusBadge status={l.status} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Text as="p" block size={200} style={{ marginTop: 6 }}>
        {v.preferencesNote}
      </Text>
    </>
  );
}

/** A supply-chain stage ("stage:refining"): shares by country, edition and year, China's share and the HHI. */
function StageDetail({ stage, heading }: { stage: string; heading: HeadingRef }) {
  const data = useData();
  const v = useMemo(() => stageView(datasetByName(data, "stage_shares"), stage), [data, stage]);
  const { order, num } = useSourceNumbers(v ? [...v.answer.map((a) => a.sources), ...v.rows.map((r) => r.sources)] : []);
  if (!v) return <Heading heading={heading}>Unknown stage {stage}</Heading>;
  return (
    <>
      <Heading heading={heading} sub={`Supply-chain stage · ${stage}`}>
        {v.label}
      </Heading>
      <Answer lines={v.answer} num={num} />
      <div style={{ margin: "6px 0" }}>
        <InsertButton block={() => formulaBlock(`=TRADE.SUPPLY_SHARE("CN","${stage}")`)} aria-label={`Insert China's ${stage} share as a formula`}>
          Insert China's share as a formula
        </InsertButton>
      </div>
      <h3 className="detail-h3">Shares by country</h3>
      <div role="region" aria-label={`${v.label}: shares by country`} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%" }}>
        <table className="data-table" data-testid="stage-shares">
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">Year</th>
              <th scope="col">Share</th>
              <th scope="col">Edition</th>
            </tr>
          </thead>
          <tbody>
            {v.rows.map((r) => (
              <tr key={r.id}>
                <th scope="row" style={{ fontWeight: 400 }}>
                  {r.country}
                </th>
                <td>{r.year}</td>
                <td>
                  {r.valuePct} <Tags tags={r.tags} />
                  <Refs ids={r.sources} num={num} />
                </td>
                <td>{r.edition}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <NumberedSources order={order} />
    </>
  );
}

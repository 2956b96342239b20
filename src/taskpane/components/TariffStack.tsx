/**
 * "Tariff stack" section of an HTS line's detail view: pick the importer (the
 * US by default, or China, Malaysia, Thailand, Cambodia, Vietnam), an origin
 * and an entry date, see every layer (rate, dates, status, sources) and the
 * total, the TARIFF_EXPLAIN line, for a partner importer the commitments as
 * signed next to what is in force, and insert the matching TRADE.TARIFF_RATE
 * formula(s). The logic lives in model/tariff.ts (pure); this file only
 * renders it.
 */
import { Field, Input, MessageBar, MessageBarBody, Select, Text, tokens } from "@fluentui/react-components";
import { useId, useMemo, useState } from "react";
import { formulaBlock, type Block } from "../../core/blocks";
import { DEFAULT_IMPORTER, DEFAULT_ORIGIN, TARIFF_ORIGINS, lookupTariffStack, tariffImporters, todayIso, type CommittedView, type TariffLayerView } from "../model/tariff";
import { InsertButton } from "./InsertButtons";
import { Sources, StatusBadge } from "./Provenance";
import { DateField } from "./DateField";

const OTHER = "other";


const numCell: React.CSSProperties = { textAlign: "right", whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" };
const dateCell: React.CSSProperties = { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" };

/** Three cells a modeller can compare: today's rate, the committed rate and the difference. */
function compareBlock(inForce: string, committed: string): Block {
  const diff = `=${committed.slice(1)}-${inForce.slice(1)}`;
  return { what: "comparison", cells: [["in force", "committed", "difference"], [{ f: inForce }, { f: committed }, { f: diff }]], boldRows: [0] };
}

export function TariffStack({ hts, initialImporter = DEFAULT_IMPORTER, initialOrigin }: { hts: string; initialImporter?: string; initialOrigin?: string }) {
  const id = useId();
  const importers = useMemo(tariffImporters, []);
  const [importer, setImporter] = useState(initialImporter);
  const [choice, setChoice] = useState(initialOrigin ?? (initialImporter === DEFAULT_IMPORTER ? DEFAULT_ORIGIN : "US"));
  const [other, setOther] = useState("");
  const [date, setDate] = useState(todayIso);
  const origin = choice === OTHER ? other.trim() : choice;
  const res = useMemo(() => lookupTariffStack(hts, origin, date, importer), [hts, origin, date, importer]);
  const importerName = importers.find((i) => i.code === importer)?.name ?? importer;
  const title = importer === DEFAULT_IMPORTER ? "US tariff stack" : `${importerName} tariff stack`;
  const onImporter = (code: string) => {
    setImporter(code);
    // goods entering a partner importer are mostly of US origin in the deals modelled; entering the US, Chinese
    if (choice !== OTHER) setChoice(code === DEFAULT_IMPORTER ? DEFAULT_ORIGIN : "US");
  };
  const explainId = `${id}-explain`;
  const originError = !res.ok && res.field === "origin" && (choice !== OTHER || other.trim() !== "") ? res.message : undefined;

  const originLabel = choice === OTHER ? origin : `${TARIFF_ORIGINS.find((o) => o.code === choice)?.name ?? choice}`;
  return (
    <section aria-labelledby={`${id}-h`} data-testid="tariff-stack" style={{ margin: "8px 0 12px" }}>
      {/* The answer first: the total duty for the chosen importer, origin and date, with its status. */}
      <div className="answer" data-testid="tariff-headline" aria-live="polite">
        <div className="answer-row">
          <span className="answer-label">{importer === DEFAULT_IMPORTER ? "US duty" : `${importerName} duty`} on {hts} from {originLabel || "…"}, entered {date.trim() || "…"}</span>{" "}
          {res.ok ? (
            <>
              <strong className="answer-value" data-testid="tariff-headline-rate">
                {res.stack.total.ratePct}
              </strong>{" "}
              <StatusBadge status={res.stack.total.status} />
            </>
          ) : (
            <span className="answer-note">{res.field === "date" ? "enter the date as YYYY-MM-DD" : res.message}</span>
          )}
        </div>
      </div>
      <h3 id={`${id}-h`} style={{ fontSize: tokens.fontSizeBase300, margin: "8px 0 4px" }}>
        {title}
      </h3>
      <div className="ts-controls">
        <Field label="Importer" hint={`Duty base: ${importers.find((i) => i.code === importer)?.valuation ?? ""}`} className="ts-field">
          <Select value={importer} onChange={(_, d) => onImporter(d.value)} data-testid="tariff-importer" style={{ minWidth: 0, width: "100%" }}>
            {importers.map((i) => (
              <option key={i.code} value={i.code}>
                {i.code} · {i.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Origin" className="ts-field">
          <Select value={choice} onChange={(_, d) => setChoice(d.value)} data-testid="tariff-origin" style={{ minWidth: 0, width: "100%" }}>
            {TARIFF_ORIGINS.map((o) => (
              <option key={o.code} value={o.code}>
                {o.code} · {o.name}
              </option>
            ))}
            <option value={OTHER}>Other country…</option>
          </Select>
        </Field>
        {choice === OTHER ? (
          <Field
            label="Other country"
            hint="ISO code or name, e.g. DE or Germany"
            validationState={originError ? "error" : "none"}
            validationMessage={originError}
            className="ts-field"
          >
            <Input value={other} onChange={(_, d) => setOther(d.value)} data-testid="tariff-origin-other" autoComplete="off" style={{ minWidth: 0, width: "100%" }} />
          </Field>
        ) : null}
        <div className="ts-field">
          <DateField label="Entry date" value={date} onChange={setDate} testId="tariff-date" />
        </div>
      </div>
      {res.ok ? (
        <>
          <div role="region" aria-label={`${title} layers for ${hts}`} tabIndex={0} style={{ overflowX: "auto", maxWidth: "100%", marginTop: 8 }}>
            <table className="data-table" data-testid="tariff-table" aria-describedby={explainId} style={{ width: "100%" }}>
              <caption className="visually-hidden">
                {title}: layers on {hts} from {origin} entered {res.stack.total.date}: total {res.stack.total.ratePct}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Layer</th>
                  <th scope="col" style={numCell}>
                    Rate
                  </th>
                  <th scope="col">From</th>
                  <th scope="col">To</th>
                </tr>
              </thead>
              {res.stack.layers.map((l, i) => (
                <LayerRows key={`${l.layer}-${i}`} layer={l} rowId={`${id}-l${i}`} />
              ))}
              <tfoot>
                <tr data-testid="tariff-total" style={{ fontWeight: 600, borderTop: `2px solid ${tokens.colorNeutralStroke1}`, background: res.stack.total.unconfirmed ? tokens.colorPaletteYellowBackground1 : undefined }}>
                  <th scope="row">Total</th>
                  <td style={numCell} data-testid="tariff-total-rate">
                    {res.stack.total.ratePct}
                  </td>
                  <td colSpan={2} style={{ fontWeight: 400 }}>
                    <span style={dateCell}>entry {res.stack.total.date}</span> <StatusBadge status={res.stack.total.status} />
                  </td>
                </tr>
              </tfoot>
            </table>
          </div>
          <Text as="p" block size={200} id={explainId} data-testid="tariff-explain" aria-live="polite" style={{ margin: "6px 0", overflowWrap: "anywhere" }}>
            {res.explanation}
          </Text>
          {res.committed ? <Committed c={res.committed} inForce={res.stack.total.ratePct} /> : null}
        </>
      ) : res.field !== "date" && !originError ? (
        <MessageBar intent={res.field === "origin" ? "info" : "warning"} data-testid="tariff-error" style={{ marginTop: 8 }}>
          <MessageBarBody>{res.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div style={{ display: "flex", gap: 6, alignItems: "center", flexWrap: "wrap", marginTop: 4 }}>
        <InsertButton
          block={() => formulaBlock(res.ok ? res.formula : "")}
          disabled={!res.ok}
          aria-label={res.ok ? `Insert formula ${res.formula}` : "Insert tariff rate formula (enter a valid origin and date first)"}
          title={res.ok ? res.formula : undefined}
        >
          Insert formula
        </InsertButton>
        {res.ok && res.committed ? (
          <InsertButton
            block={() => compareBlock(res.formula, res.committed!.formula)}
            copyLabel="Copy formulas"
            aria-label="Insert three cells: the rate in force, the committed rate and the difference"
            title={res.committed.formula}
          >
            Insert in force / committed / difference
          </InsertButton>
        ) : null}
        {res.ok ? (
          <code style={{ fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" }} data-testid="tariff-formula">
            {res.formula}
          </code>
        ) : null}
      </div>
    </section>
  );
}

function LayerRows({ layer: l, rowId }: { layer: TariffLayerView; rowId: string }) {
  const bg = l.unconfirmed ? tokens.colorPaletteYellowBackground1 : undefined;
  const edge = l.unconfirmed ? `4px solid ${tokens.colorPaletteDarkOrangeBorder2}` : undefined;
  // Two rows per layer (figures, then basis and sources across the width) read as one group.
  const top: React.CSSProperties = { borderTop: `2px solid ${tokens.colorNeutralStroke1}`, borderBottom: "none" };
  return (
    <tbody data-layer={l.layer} data-unconfirmed={l.unconfirmed ? "1" : undefined}>
      <tr style={{ background: bg }}>
        <th scope="row" id={rowId} style={{ ...top, borderLeft: edge, fontWeight: 600 }}>
          {l.layer}
        </th>
        <td style={{ ...top, ...numCell, color: l.notApplied ? tokens.colorNeutralForeground3 : undefined }}>{l.ratePct}</td>
        <td style={{ ...top, ...dateCell }}>{l.from ?? "open"}</td>
        <td style={{ ...top, ...dateCell }}>{l.to ?? "open"}</td>
      </tr>
      <tr style={{ background: bg }}>
        <td colSpan={4} headers={rowId} style={{ borderTop: "none", borderLeft: edge, fontSize: tokens.fontSizeBase200 }}>
          {l.status !== "confirmed" ? (
            <span style={{ marginRight: 6 }}>
              <StatusBadge status={l.status} />
            </span>
          ) : null}
          <span style={{ color: tokens.colorNeutralForeground2 }}>{l.basis}</span>
          <div>
            <Sources ids={l.sources} />
          </div>
        </td>
      </tr>
    </tbody>
  );
}

/** The commitments as signed next to what is in force (importers other than the US). */
function Committed({ c, inForce }: { c: CommittedView; inForce: string }) {
  return (
    <div data-testid="tariff-committed" style={{ margin: "4px 0 6px", fontSize: tokens.fontSizeBase200 }}>
      {c.ok ? (
        <span>
          Commitments as signed: <strong data-testid="tariff-committed-rate">{c.ratePct}</strong> (in force {inForce}, difference {c.deltaPct}) <StatusBadge status={c.status} />
        </span>
      ) : (
        <span style={{ overflowWrap: "anywhere" }}>Commitments as signed: not available. {c.message}</span>
      )}
    </div>
  );
}

/**
 * Pictures where a picture beats a table: the timeline of legal instruments and
 * tariff layers, world production by country (with edition), China's share by
 * stage. Hand-written SVG: role="img" with a title and a text description, and
 * a data-table toggle under each picture.
 */
import { Field, Select, Text, ToggleButton, tokens } from "@fluentui/react-components";
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useActions, useData, datasetByName } from "../context";
import { chinaShareByStage, dayNumber, editionsOf, instrumentLanes, productionByCountry, wrapText, yearsOf, type Lane } from "../model/pictures";
import { countryByIso2 } from "../../core/data/countries";
import { Sources, StatusBadge } from "./Provenance";

function useWidth<T extends HTMLElement>(): [React.RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [w, setW] = useState(300);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(Math.max(260, Math.floor(el.clientWidth)));
    if (typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => setW(Math.max(260, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

function Picture({ id, title, summary, children, table }: { id: string; title: string; summary: string; children: (width: number) => React.ReactNode; table: React.ReactNode }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const [showTable, setShowTable] = useState(false);
  return (
    <figure aria-labelledby={`${id}-cap`} style={{ margin: "0 0 18px" }} data-testid={`picture-${id}`}>
      <figcaption id={`${id}-cap`} style={{ fontWeight: 600, fontSize: tokens.fontSizeBase300, marginBottom: 4 }}>
        {title}
      </figcaption>
      <div ref={ref} style={{ width: "100%" }}>
        {children(width)}
      </div>
      <Text as="p" block size={200} id={`${id}-summary`} style={{ margin: "4px 0" }}>
        {summary}
      </Text>
      <ToggleButton size="small" checked={showTable} onClick={() => setShowTable(!showTable)} aria-expanded={showTable} aria-controls={`${id}-table`}>
        {showTable ? "Hide data table" : "Show data table"}
      </ToggleButton>
      <div id={`${id}-table`} hidden={!showTable} role="region" aria-label={`${title}: data`} tabIndex={showTable ? 0 : -1} style={{ overflowX: "auto", marginTop: 6 }}>
        {showTable ? table : null}
      </div>
    </figure>
  );
}

const fmtInt = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 0 });
const fmtPct = (v: number) => `${(v * 100).toLocaleString("en-US", { maximumFractionDigits: 1 })}%`;

// ---------------------------------------------------------------------------

function Timeline() {
  const data = useData();
  const { open } = useActions();
  const today = new Date().toISOString().slice(0, 10);
  const lanes: Lane[] = useMemo(() => {
    return instrumentLanes(datasetByName(data, "instruments"), data.pack.horizons.china);
  }, [data]);
  const DATA_HORIZON = data.pack.horizons.china;
  const start = "2025-01-01";
  const end = "2026-12-31";
  const d0 = dayNumber(start);
  const d1 = dayNumber(end);
  const hz = dayNumber(DATA_HORIZON);
  const summary = lanes.length
    ? `${lanes.length} legal instruments, ${start} to ${end}: bars show when each is in force (blue) or suspended (amber); dots mark dated events (issued, struck down, ended, reports). ${lanes
        .filter((l) => l.spans.some((s) => s.kind === "suspended"))
        .map((l) => l.label)
        .join(", ")} are suspended ${(() => {
        const s = lanes.flatMap((l) => l.spans).find((x) => x.kind === "suspended");
        return s ? `from ${s.from} to ${s.to ?? "an open date"}` : "";
      })()}. The data horizon is ${DATA_HORIZON}: anything after it (hatched) is not confirmed by public sources.`
    : "No dated instruments in the data pack yet.";
  const groups = [...new Set(lanes.map((l) => l.group))];
  // One tab stop for the whole timeline (roving tabindex): the current lane is focusable, arrow
  // keys, Home and End move between lanes in the order they are drawn, Enter or Space opens one.
  const order = groups.flatMap((g) => lanes.filter((q) => q.group === g).map((l) => l.id));
  const [current, setCurrent] = useState<string | undefined>(undefined);
  const active = current && order.includes(current) ? current : order[0];
  const onLanesKey = (ev: React.KeyboardEvent) => {
    const i = order.indexOf(active ?? "");
    const next =
      ev.key === "ArrowDown" || ev.key === "ArrowRight"
        ? Math.min(order.length - 1, i + 1)
        : ev.key === "ArrowUp" || ev.key === "ArrowLeft"
          ? Math.max(0, i - 1)
          : ev.key === "Home"
            ? 0
            : ev.key === "End"
              ? order.length - 1
              : -1;
    if (next < 0 || i < 0) return;
    ev.preventDefault();
    setCurrent(order[next]);
    (ev.currentTarget as Element).querySelector<SVGGElement>(`[data-lane="${order[next]}"]`)?.focus();
  };
  return (
    <Picture
      id="timeline"
      title="Timeline of legal instruments"
      summary={summary}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Instrument</th>
              <th scope="col">Period</th>
              <th scope="col">Dates</th>
              <th scope="col">Status</th>
              <th scope="col">Sources</th>
            </tr>
          </thead>
          <tbody>
            {lanes.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.label}</th>
                <td>{l.spans.map((s) => `${s.kind === "suspended" ? "suspended " : "in force "}${s.from} → ${s.to ?? "open"}`).join("; ") || "—"}</td>
                <td>{l.events.map((e) => `${e.label} ${e.date}`).join("; ")}</td>
                <td>
                  <StatusBadge status={l.status} /> {l.status ?? ""}
                </td>
                <td>
                  <Sources ids={l.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {(width) => {
        const padL = 6;
        const padR = 18;
        const x = (iso: string) => padL + ((Math.min(Math.max(dayNumber(iso), d0), d1) - d0) / (d1 - d0)) * (width - padL - padR);
        const laneH = 30;
        let y = 26;
        const rows: React.ReactNode[] = [];
        for (const g of groups) {
          rows.push(
            <text key={`g-${g}`} x={padL} y={y + 10} fontSize={12} fontWeight={600} fill={tokens.colorNeutralForeground1}>
              {g}
            </text>,
          );
          y += 16;
          for (const l of lanes.filter((q) => q.group === g)) {
            const unc = l.status === "unconfirmed";
            rows.push(
              // Each lane opens its instrument (click, Enter or Space).
              <g
                key={l.id}
                data-lane={l.id}
                role="link"
                tabIndex={l.id === active ? 0 : -1}
                aria-label={`${l.label}${unc ? " (unconfirmed)" : ""}: open the instrument (arrow keys: other instruments)`}
                className="tl-lane"
                onFocus={() => setCurrent(l.id)}
                onClick={() => open(`entity:instrument:${l.id}`)}
                onKeyDown={(ev) => {
                  if (ev.key === "Enter" || ev.key === " ") {
                    ev.preventDefault();
                    open(`entity:instrument:${l.id}`);
                  }
                }}
              >
                <rect x={0} y={y} width={width} height={laneH - 2} fill="transparent" />
                <text x={padL} y={y + 10} fontSize={11} fill={tokens.colorNeutralForeground2}>
                  {l.label}
                  {unc ? " ⚠" : ""}
                </text>
                {l.spans.map((s, i) => {
                  const xa = x(s.from);
                  const xb = s.to ? x(s.to) : width - padR + 6;
                  const before = dayNumber(s.from) < d0;
                  return (
                    <g key={i}>
                      <rect
                        x={xa}
                        y={y + 14}
                        width={Math.max(2, xb - xa)}
                        height={9}
                        rx={2}
                        fill={s.kind === "suspended" ? tokens.colorPaletteMarigoldBackground3 : tokens.colorBrandBackground}
                        opacity={s.kind === "suspended" ? 0.9 : 0.85}
                      />
                      {before ? (
                        <text x={xa + 2} y={y + 22} fontSize={9} fill={tokens.colorNeutralForegroundOnBrand}>
                          ◀ {s.from.slice(0, 4)}
                        </text>
                      ) : null}
                      {!s.to ? (
                        <text x={width - padR + 7} y={y + 23} fontSize={10} fill={tokens.colorNeutralForeground2}>
                          ▶
                        </text>
                      ) : null}
                    </g>
                  );
                })}
                {l.events
                  .filter((e) => dayNumber(e.date) >= d0 && dayNumber(e.date) <= d1)
                  .map((e, i) => (
                    <circle key={`e${i}`} cx={x(e.date)} cy={y + 18.5} r={3.2} fill={/struck|ended|last day/.test(e.label) ? tokens.colorPaletteRedBackground3 : tokens.colorNeutralForeground1} stroke={tokens.colorNeutralBackground1} strokeWidth={1}>
                      <title>{`${l.label}: ${e.label} ${e.date}`}</title>
                    </circle>
                  ))}
              </g>,
            );
            y += laneH;
          }
        }
        const height = y + 8;
        const ticks = ["2025-01-01", "2025-07-01", "2026-01-01", "2026-07-01"];
        const xh = x(DATA_HORIZON);
        const swatch = (bg: string, label: string, round = false) => (
          <span className="tl-key">
            <span aria-hidden="true" className="tl-sw" style={{ background: bg, borderRadius: round ? "50%" : 2 }} />
            {label}
          </span>
        );
        return (
          <>
          <div className="tl-legend" data-testid="timeline-legend">
            {swatch(tokens.colorBrandBackground, "in force")}
            {swatch(tokens.colorPaletteMarigoldBackground3, "suspended")}
            {swatch(tokens.colorNeutralForeground1, "event", true)}
            {swatch(tokens.colorPaletteRedBackground3, "struck down / ended", true)}
            {swatch(tokens.colorPaletteGreenBorder2, "today")}
            {swatch(tokens.colorPaletteRedBorder2, `data horizon (hatched after)`)}
            <span className="tl-key">Select a bar to open its instrument.</span>
          </div>
          <svg width={width} height={height} role="group" aria-labelledby="timeline-svg-title timeline-summary" data-testid="timeline-svg" onKeyDown={onLanesKey}>
            <title id="timeline-svg-title">Timeline of legal instruments, 2025–2026</title>
            <defs>
              <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                <line x1="0" y1="0" x2="0" y2="6" stroke={tokens.colorNeutralStroke1} strokeWidth="2" />
              </pattern>
            </defs>
            {hz >= d0 && hz <= d1 ? (
              <>
                <rect x={xh} y={16} width={width - padR - xh} height={height - 16} fill="url(#hatch)" opacity={0.35} />
                <line x1={xh} x2={xh} y1={12} y2={height} stroke={tokens.colorPaletteRedBorder2} strokeDasharray="4 3" />
                <text x={xh > width * 0.55 ? xh - 3 : xh + 3} y={10} fontSize={10} textAnchor={xh > width * 0.55 ? "end" : "start"} fill={tokens.colorPaletteRedForeground1}>
                  data horizon {DATA_HORIZON}
                </text>
              </>
            ) : null}
            {dayNumber(today) >= d0 && dayNumber(today) <= d1 ? (
              <g data-testid="timeline-today">
                <line x1={x(today)} x2={x(today)} y1={12} y2={height} stroke={tokens.colorPaletteGreenBorder2} strokeWidth={2} />
                <text x={x(today) - 3} y={height - 2} fontSize={10} textAnchor="end" fill={tokens.colorPaletteGreenForeground1}>
                  today
                </text>
              </g>
            ) : null}
            {ticks.map((t) => (
              <g key={t}>
                <line x1={x(t)} x2={x(t)} y1={16} y2={height} stroke={tokens.colorNeutralStroke2} />
                <text x={x(t) + 2} y={22} fontSize={9} fill={tokens.colorNeutralForeground3}>
                  {t.slice(0, 7)}
                </text>
              </g>
            ))}
            {rows}
          </svg>
          </>
        );
      }}
    </Picture>
  );
}

// ---------------------------------------------------------------------------

function ProductionChart() {
  const data = useData();
  const doc = datasetByName(data, "production");
  const editions = editionsOf(doc, "production");
  const complete = ((doc?.editions as { edition: string; complete?: boolean }[]) ?? []).filter((e) => e.complete !== false).map((e) => e.edition);
  const [edition, setEdition] = useState(() => complete[complete.length - 1] ?? editions[editions.length - 1] ?? "");
  const years = yearsOf(doc, edition);
  const [year, setYear] = useState<number | undefined>(undefined);
  const y = year !== undefined && years.includes(year) ? year : years[years.length - 1];
  const res = useMemo(() => productionByCountry(doc, edition, y ?? 0, (c) => countryByIso2(c)?.name ?? c), [doc, edition, y]);
  const edMeta = ((doc?.editions as { edition: string; note?: string; published?: string }[]) ?? []).find((e) => e.edition === edition);
  if (!doc) return <Text>No production dataset in the data pack.</Text>;
  const pts = res.points.filter((p) => p.value > 0);
  const zero = res.points.filter((p) => p.value === 0).map((p) => p.label);
  const max = Math.max(1, ...pts.map((p) => p.value));
  const top = pts[0];
  const summary = `${edition}, ${y}${res.points.some((p) => p.estimated) ? " (estimates marked e)" : ""}, tonnes of rare-earth oxide: ${pts
    .slice(0, 4)
    .map((p) => `${p.label} ${fmtInt(p.value)}`)
    .join(", ")}${res.world ? `; world ${fmtInt(res.world.value)} (rounded)` : ""}.${top && res.world ? ` ${top.label} ${fmtPct(top.value / res.world.value)} of the world total.` : ""}${zero.length ? ` Zero: ${zero.join(", ")}.` : ""}${res.missing.length ? ` Not available: ${res.missing.join(", ")}.` : ""}`;
  return (
    <>
      <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: 8, marginBottom: 6 }}>
        <Field label="Edition">
          <Select value={edition} onChange={(_, d) => setEdition(d.value)} data-testid="prod-edition">
            {editions.map((e) => (
              <option key={e} value={e}>
                {e}
                {complete.includes(e) ? "" : " (partial)"}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Data year">
          <Select value={String(y ?? "")} onChange={(_, d) => setYear(Number(d.value))} data-testid="prod-year">
            {years.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <Picture
        id="production"
        title={`World mine production by country, ${y} (t REO), USGS ${edition}`}
        summary={summary}
        table={
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">t REO</th>
                <th scope="col">Share of world</th>
                <th scope="col">Status</th>
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {[...res.points, ...(res.world ? [res.world] : [])].map((p) => (
                <tr key={p.code}>
                  <th scope="row">{p.label}</th>
                  <td style={{ textAlign: "right" }}>
                    {fmtInt(p.value)}
                    {p.estimated ? " e" : ""}
                  </td>
                  <td style={{ textAlign: "right" }}>{res.world && p.code !== "WORLD" ? fmtPct(p.value / res.world.value) : ""}</td>
                  <td>
                    <StatusBadge status={p.status} /> {p.status}
                  </td>
                  <td>
                    <Sources ids={p.sources} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        }
      >
        {(width) => {
          const labelW = Math.min(120, Math.floor(width * 0.36));
          const valueW = 62;
          const barMax = width - labelW - valueW - 8;
          const rowH = 20;
          const h = pts.length * rowH + 6;
          return (
            <svg width={width} height={h} role="img" aria-labelledby="production-svg-title production-summary" data-testid="production-svg">
              <title id="production-svg-title">{`Bar chart: mine production by country, ${y}, ${edition}`}</title>
              {pts.map((p, i) => {
                const w = Math.max(1, (p.value / max) * barMax);
                const unc = p.status === "unconfirmed";
                return (
                  <g key={p.code} transform={`translate(0, ${i * rowH + 3})`}>
                    <text x={labelW - 4} y={13} fontSize={11} textAnchor="end" fill={tokens.colorNeutralForeground1}>
                      {p.label.length > 18 ? p.label.slice(0, 17) + "…" : p.label}
                    </text>
                    <rect x={labelW} y={3} width={w} height={13} rx={2} fill={p.code === "CN" ? tokens.colorPaletteRedBackground3 : tokens.colorBrandBackground} opacity={unc ? 0.5 : 1} />
                    <text x={labelW + w + 4} y={13} fontSize={10} fill={tokens.colorNeutralForeground2}>
                      {fmtInt(p.value)}
                      {p.estimated ? "e" : ""}
                      {unc ? " ⚠" : ""}
                    </text>
                  </g>
                );
              })}
            </svg>
          );
        }}
      </Picture>
      <Text as="p" block size={200} style={{ marginTop: -10, marginBottom: 16 }}>
        {edMeta?.note} <Sources ids={[...new Set(res.points.flatMap((p) => p.sources))]} />
      </Text>
    </>
  );
}

// ---------------------------------------------------------------------------

function StageShares() {
  const data = useData();
  const doc = datasetByName(data, "stage_shares");
  const { current, projections } = useMemo(() => chinaShareByStage(doc), [doc]);
  if (!doc) return <Text>No stage-share dataset in the data pack.</Text>;
  const summary = `China's share of world supply: ${current.map((s) => `${s.stageLabel.toLowerCase()} ${fmtPct(s.value)} (${s.year}, ${s.edition})`).join("; ")}.${projections.length ? ` Projections: ${projections.map((s) => `${s.stage} ${fmtPct(s.value)} in ${s.year}`).join(", ")}.` : ""}`;
  return (
    <Picture
      id="stages"
      title="China's share by supply-chain stage"
      summary={summary}
      table={
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col">Year</th>
              <th scope="col">China</th>
              <th scope="col">Edition</th>
              <th scope="col">Status</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {[...current, ...projections].map((s, i) => (
              <tr key={i}>
                <th scope="row">
                  {s.stageLabel}
                  {s.projection ? " (projection)" : ""}
                </th>
                <td>{s.year}</td>
                <td style={{ textAlign: "right" }}>{fmtPct(s.value)}</td>
                <td>{s.edition}</td>
                <td>
                  <StatusBadge status={s.status} /> {s.status}
                </td>
                <td>
                  <Sources ids={s.sources} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {(width) => {
        const barW = width - 56;
        // Labels wrap to the chart's width (about 6.5 px per character at 11 px).
        const rows = current.map((s) => ({ s, lines: wrapText(`${s.stageLabel} (${s.year}, ${s.edition})`, width / 6.5) }));
        const tops: number[] = [];
        let y = 4;
        for (const r of rows) {
          tops.push(y);
          y += r.lines.length * 13 + 28;
        }
        const h = y + 4;
        return (
          <svg width={width} height={h} role="img" aria-labelledby="stages-svg-title stages-summary" data-testid="stages-svg">
            <title id="stages-svg-title">Bar chart: China's share of world supply by stage</title>
            {rows.map(({ s, lines }, i) => {
              const bar = lines.length * 13 + 4;
              return (
                <g key={s.stage} transform={`translate(0, ${tops[i]})`}>
                  <text x={0} y={11} fontSize={11} fill={tokens.colorNeutralForeground1} data-testid="stage-label">
                    {lines.map((l, j) => (
                      <tspan key={j} x={0} dy={j === 0 ? 0 : 13}>
                        {l}
                      </tspan>
                    ))}
                  </text>
                  <rect x={0} y={bar} width={barW} height={14} rx={2} fill={tokens.colorNeutralBackground5} />
                  <rect x={0} y={bar} width={barW * s.value} height={14} rx={2} fill={tokens.colorPaletteRedBackground3} />
                  <text x={barW + 4} y={bar + 12} fontSize={11} fontWeight={600} fill={tokens.colorNeutralForeground1}>
                    {fmtPct(s.value)}
                  </text>
                </g>
              );
            })}
          </svg>
        );
      }}
    </Picture>
  );
}

export function Pictures() {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => undefined, []);
  return (
    <section aria-labelledby="pictures-heading">
      <h2 id="pictures-heading" ref={heading} style={{ fontSize: tokens.fontSizeBase400, margin: "4px 0 8px" }}>
        Charts
      </h2>
      <Timeline />
      <ProductionChart />
      <StageShares />
    </section>
  );
}

/** Status badges and source links: every figure shows where it comes from. */
import { Badge, Link, Text, Tooltip } from "@fluentui/react-components";
import { sourceOf } from "../model/catalog";
import { safeHref } from "../model/links";

export function StatusBadge({ status }: { status?: string }) {
  if (!status || status === "confirmed") return null;
  if (status === "unconfirmed" || status === "unconfirmed after horizon")
    return (
      <Badge appearance="filled" color="warning" data-status="unconfirmed">
        ⚠ {status === "unconfirmed" ? "Unconfirmed" : "Unconfirmed after horizon"}
      </Badge>
    );
  if (status === "derived")
    return (
      <Badge appearance="tint" color="informative" data-status="derived">
        Derived
      </Badge>
    );
  if (status === "org" || status === "includes organisation data" || status === "includes overrides and organisation data")
    return (
      <Badge appearance="tint" color="important" data-status="org">
        {status === "org" ? "Organisation data" : status === "includes organisation data" ? "Includes organisation data" : "Includes overrides and organisation data"}
      </Badge>
    );
  if (status === "confirmed-2nd")
    return (
      <Badge appearance="tint" color="subtle" data-status="secondary">
        Secondary source
      </Badge>
    );
  return (
    <Badge appearance="tint" color="subtle">
      {status}
    </Badge>
  );
}

export function SourceLink({ id }: { id: string }) {
  const s = sourceOf(id);
  if (!s) return <Text size={200}>{id}</Text>;
  const text = `${s.title}, ${s.publisher}${s.date ? `, ${s.date}` : ""}${s.confidence !== "confirmed" ? ` (${s.confidence} source)` : ""}`;
  if (!s.url)
    return (
      <Text size={200} title={`${text}; URL not captured`}>
        {id} (no URL)
      </Text>
    );
  return (
    <Tooltip content={text} relationship="description" withArrow>
      <Link href={safeHref(s.url)} target="_blank" rel="noopener noreferrer" inline aria-label={`Source ${id}: ${text} (opens in a new window)`}>
        {id}
      </Link>
    </Tooltip>
  );
}

export function Sources({ ids, label = "Source" }: { ids: readonly string[]; label?: string }) {
  if (!ids.length) return <Text size={200}>No source recorded</Text>;
  return (
    <span>
      <Text size={200}>{ids.length > 1 ? `${label}s` : label}: </Text>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ", " : ""}
          <SourceLink id={id} />
        </span>
      ))}
    </span>
  );
}

/** Full source list (title, publisher, date, link) for detail views. */
export function SourceList({ ids }: { ids: readonly string[] }) {
  return (
    <ul style={{ margin: "4px 0", paddingLeft: 18 }} data-testid="source-list">
      {ids.map((id) => {
        const s = sourceOf(id);
        return (
          <li key={id}>
            <Text size={200}>
              <strong>{id}</strong>{" "}
              {s ? (
                <>
                  {s.title}, {s.publisher}
                  {s.date ? `, ${s.date}` : ""}
                  {s.confidence !== "confirmed" ? ` (${s.confidence} source)` : ""}.{" "}
                  {s.url ? (
                    <Link href={safeHref(s.url)} target="_blank" rel="noopener noreferrer" inline>
                      Open source<span className="visually-hidden"> {id}</span>
                    </Link>
                  ) : (
                    "URL not captured."
                  )}
                </>
              ) : (
                "(not in the source registry)"
              )}
            </Text>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Links the pane renders from data (source registry URLs, function help URLs). Only web
 * addresses are opened: anything else (javascript:, data:, file:, a relative or malformed
 * string) gives undefined, so the link renders without an href and opens nothing.
 */
const WEB = new Set(["https:", "http:"]);

/** `url` as an absolute http(s) href, or undefined when it is anything else. */
export function safeHref(url: string | null | undefined): string | undefined {
  if (typeof url !== "string") return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  return WEB.has(u.protocol) ? u.href : undefined;
}

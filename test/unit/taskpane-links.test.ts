/** safeHref: the pane opens data links only when they are http(s) web addresses. */
import { safeHref } from "../../src/taskpane/model/links";
import sources from "../../src/data/sources.json";

describe("safeHref", () => {
  test("https and http addresses pass (normalised by the URL parser)", () => {
    expect(safeHref("https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf")).toBe(
      "https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
    );
    expect(safeHref("http://www.mofcom.gov.cn/article/")).toBe("http://www.mofcom.gov.cn/article/");
    expect(safeHref("HTTPS://Example.COM/a b")).toBe("https://example.com/a%20b");
  });

  test.each([
    ["javascript:alert(1)"],
    ["  javascript:alert(1)"],
    ["JaVaScRiPt:alert(1)"],
    ["java\tscript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox(1)"],
    ["file:///etc/passwd"],
    ["ftp://example.com/x"],
    ["mailto:someone@example.com"],
    ["blob:https://example.com/uuid"],
    ["//evil.example/x"],
    ["/relative/path"],
    ["not a url"],
    [""],
  ])("%j gives no href", (url) => {
    expect(safeHref(url)).toBeUndefined();
  });

  test("null, undefined and non-strings give no href", () => {
    expect(safeHref(null)).toBeUndefined();
    expect(safeHref(undefined)).toBeUndefined();
    expect(safeHref(42 as unknown as string)).toBeUndefined();
  });

  test("every URL in the bundled source registry is a web address the pane will open", () => {
    const urls = (sources as unknown as { records: { url?: string | null }[] }).records;
    const withUrl = urls.filter((s): s is { url: string } => typeof s.url === "string" && s.url !== "");
    expect(withUrl.length).toBeGreaterThan(0);
    for (const s of withUrl) expect([s.url, safeHref(s.url)]).toEqual([s.url, expect.stringMatching(/^https?:\/\//)]);
  });
});

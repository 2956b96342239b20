/**
 * Pure parts of the pane's first screen and tools: the field browser's ranking, entity filter,
 * edition order and preview columns; chart-label wrapping; the clipboard text of a block (what a
 * paste into Excel writes); the static shell's CSS fallbacks and markup; the search status line.
 */
import fc from "fast-check";
import { fieldScore, filterEntities, orderEditions, previewColumns, rankFields } from "../../src/taskpane/model/fields";
import { wrapText } from "../../src/taskpane/model/pictures";
import { blockText, copyNoun, formulaBlock, valueBlock, type Block } from "../../src/core/blocks";
import { SEARCH_PLACEHOLDER, SHELL_CSS, VIEW_TABS, shellHtml, versionParts, withThemeFallbacks } from "../../src/taskpane/shell";
import { webLightTheme } from "@fluentui/react-components";

const f = (field: string, description = "", unit = "") => ({ def: { field, description, unit }, kindLabel: "Priced products" });

describe("field ranking: field names first", () => {
  const all = [
    f("price_low_usd_kg", "Low end of the price range", "USD/kg"),
    f("notes", "Price notes and caveats", "text"),
    f("price_usd_kg", "Price in US dollars per kilogram", "USD/kg"),
    f("import_price_index", "An index", "index"),
  ];
  test('"price" → price_usd_kg, then price_low_usd_kg (names that start with it, shorter first), a name that contains it, then descriptions', () => {
    expect(rankFields(all, "price").map((x) => x.def.field)).toEqual(["price_usd_kg", "price_low_usd_kg", "import_price_index", "notes"]);
  });
  test("the whole name typed wins", () => {
    expect(rankFields(all, "price_usd_kg")[0].def.field).toBe("price_usd_kg");
    expect(rankFields(all, "price usd kg")[0].def.field).toBe("price_usd_kg");
  });
  test("every word must match somewhere; unknown words give nothing", () => {
    expect(rankFields(all, "price zebra")).toEqual([]);
    expect(fieldScore(all[1].def, "x", "")).toBe(0);
  });
  test("property: a field named exactly as the query always ranks first", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,8}(_[a-z]{2,5}){0,2}$/), (name) => {
        const list = [f(`${name}_x`, name), f(`x_${name}`, ""), f(name, ""), f("other", `about ${name}`)];
        return rankFields(list, name)[0].def.field === name;
      }),
      { seed: 20261207, numRuns: 200 },
    );
  });
});

describe("entity filter", () => {
  const countries = [
    { id: "US", label: "United States", aliases: ["USA"] },
    { id: "GB", label: "United Kingdom" },
    { id: "JP", label: "Japan" },
    { id: "AE", label: "United Arab Emirates" },
  ];
  test("words anywhere in the name, code or aliases; the code typed whole first", () => {
    expect(filterEntities(countries, "united").map((e) => e.id)).toEqual(["US", "GB", "AE"]);
    expect(filterEntities(countries, "jp").map((e) => e.id)).toEqual(["JP"]);
    expect(filterEntities(countries, "usa").map((e) => e.id)).toEqual(["US"]);
    expect(filterEntities(countries, "kingdom united").map((e) => e.id)).toEqual(["GB"]);
    expect(filterEntities(countries, "").length).toBe(4);
    expect(filterEntities(countries, "atlantis")).toEqual([]);
  });
});

describe("editions newest first", () => {
  test("by the date in the name: years, months, ISO dates", () => {
    expect(orderEditions(["MCS 2024", "MCS 2026", "DoD-MP Materials contract (July 2025)", "MCS 2025", "IEA commentary 2025-10-23", "MCS 2026"])).toEqual([
      "MCS 2026",
      "IEA commentary 2025-10-23",
      "DoD-MP Materials contract (July 2025)",
      "MCS 2025",
      "MCS 2024",
    ]);
  });
  test("preview columns: one per chosen year, or one 'Latest'", () => {
    expect(previewColumns([2023, 2024]).map((c) => c.label)).toEqual(["2023", "2024"]);
    expect(previewColumns([])).toEqual([{ key: "latest", year: undefined, label: "Latest" }]);
  });
});

describe("chart labels wrap", () => {
  test("hand-checked: 'Mine production (REO) (2025, USGS MCS 2026 (derived))' in 24-character lines", () => {
    expect(wrapText("Mine production (REO) (2025, USGS MCS 2026 (derived))", 24)).toEqual(["Mine production (REO)", "(2025, USGS MCS 2026", "(derived))"]);
  });
  test("property: no line is longer than the limit and the words come back in order", () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z()0-9,.-]{1,30}$/), { minLength: 1, maxLength: 12 }), fc.integer({ min: 4, max: 40 }), (ws, max) => {
        const lines = wrapText(ws.join(" "), max);
        return lines.every((l) => l.length <= max) && lines.join(" ").replace(/\s+/g, "") === ws.join("");
      }),
      { seed: 20261207, numRuns: 300 },
    );
  });
});

describe("a block as clipboard text (preview mode's Copy)", () => {
  test("a formula as typed; a value; text keeps its apostrophe so Excel reads it as text", () => {
    expect(blockText(formulaBlock('=TRADE.TARIFF_RATE("8505.11","US",,,"TH")'))).toBe('=TRADE.TARIFF_RATE("8505.11","US",,,"TH")');
    expect(copyNoun(formulaBlock("=1+1"))).toBe("formula");
    expect(blockText(valueBlock(0.321))).toBe("0.321");
    expect(copyNoun(valueBlock("LREE"))).toBe("value");
    expect(blockText(valueBlock("2026-01"))).toBe("'2026-01");
    expect(blockText(valueBlock(true))).toBe("TRUE");
  });
  test("a table: tab-separated rows, CRLF between them; a field with a tab or line break is quoted, its quotes doubled", () => {
    const b: Block = { what: "table", cells: [["T", null], ["a", "b"], ["x\ty", 'say "hi"\nthere'], [1, { f: "=A3" }]] };
    const text = blockText(b);
    expect(text.split("\r\n").length).toBe(b.cells.length);
    expect(text).toBe(`'T\t\r\n'a\t'b\r\n"'x\ty"\t"'say ""hi""\nthere"\r\n1\t=A3`);
    expect(copyNoun(b)).toBe("cells");
  });
});

describe("the static shell", () => {
  test("every theme token in the shell's CSS gets the light theme's value as a fallback; others stay as they are", () => {
    const css = withThemeFallbacks(SHELL_CSS, webLightTheme as unknown as Record<string, string>);
    expect(css).toContain(`var(--fontSizeBase300, ${webLightTheme.fontSizeBase300})`);
    expect(css).toContain(`var(--colorNeutralForeground1, ${webLightTheme.colorNeutralForeground1})`);
    expect(css).not.toMatch(/var\(--[A-Za-z0-9]+\)/);
    expect(withThemeFallbacks("a{color:var(--notAToken)}", webLightTheme as unknown as Record<string, string>)).toBe("a{color:var(--notAToken)}");
  });
  test("markup: title, version line, connecting status, the five tabs with Search selected, the labelled box; text escaped", () => {
    const html = shellHtml({ addin: "1.2.3", pack: "2026.11.30", origin: "bundled", horizon: "2026-05-31" });
    expect(html).toContain("Version 1.2.3 · <span class=\"data-link\">data pack 2026.11.30</span> (bundled) · confirmed to 2026-05-31");
    expect(html).toContain("Connecting to Excel…");
    expect((html.match(/role="tab"/g) ?? []).length).toBe(VIEW_TABS.length);
    expect(html).toMatch(/id="tab-search"[^>]*aria-selected="true"[^>]*tabindex="0"/);
    expect(html).toContain(`placeholder="${SEARCH_PLACEHOLDER}"`);
    expect(html).not.toContain("data-testid");
    expect(shellHtml({ addin: "<b>", pack: "x", origin: "y", horizon: "z" })).toContain("Version &lt;b&gt;");
    expect(versionParts("1", "2", "bundled", "3")).toEqual({ before: "Version 1 · ", link: "data pack 2", after: " (bundled) · confirmed to 3" });
  });
});

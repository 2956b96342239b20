/**
 * The task pane's tariff-stack model (src/taskpane/model/tariff.ts): the
 * core's typed Stack as display rows, the explanation, the importer and
 * committed-regime comparison, and the formulas.
 * Expectations are worked by hand from src/data/hts_us.json and
 * src/data/tariff_layers.json, not copied from the engine's output.
 */
import { serialFromIso } from "../../src/core/dates";
import type { Stack } from "../../src/core/tariff/stack";
import {
  TARIFF_ORIGINS,
  htsOfEntityId,
  isIsoDate,
  lookupTariffStack,
  percentText,
  stackView,
  tariffImporters,
  tariffRateFormula,
  type TariffLookup,
} from "../../src/taskpane/model/tariff";

const NDFEB = "8505.11.00.70";

function ok(r: TariffLookup) {
  if (!r.ok) throw new Error(`expected a stack, got: ${r.message}`);
  return r;
}
const summary = (r: TariffLookup) => ok(r).stack.layers.map((l) => `${l.layer} ${l.ratePct}`);

describe("stackView (a hand-made Stack: typed rows, nothing parsed back from text)", () => {
  const row = (layer: string, rateMicro: number, from: string | null, to: string | null, status: string, sources: string[]) => ({ layer, key: layer.toLowerCase(), basis: `${layer} basis`, rateMicro, from, to, status, sources, override: false });
  const stack = {
    line: { id: "85051100", hts: "8505.11.00", level: 8, description: "magnets", mfnMicro: 35_000, mfnText: "3.5%", status: "confirmed", sources: ["S16"] },
    code: "85051100",
    origin: "CN",
    date: serialFromIso("2026-01-15") as number,
    rows: [
      row("MFN", 35_000, null, null, "confirmed", ["S16"]),
      row("Section 301", 250_000, "2019-05-10", null, "unconfirmed", ["A", "B"]),
      row("IEEPA reciprocal (exempt)", 0, "2025-04-05", "2026-02-23", "confirmed-2nd", []),
    ],
    totalMicro: 285_000,
    pastHorizon: false,
    status: "unconfirmed",
    dateBlank: false,
  } as Stack;
  const v = stackView(stack);
  test("rates as percent, ISO dates kept, open dates null, sources as given", () => {
    expect(v.layers.map((l) => [l.layer, l.ratePct, l.from, l.to, l.sources])).toEqual([
      ["MFN", "3.5%", null, null, ["S16"]],
      ["Section 301", "25%", "2019-05-10", null, ["A", "B"]],
      ["IEEPA reciprocal (exempt)", "0%", "2025-04-05", "2026-02-23", []],
    ]);
  });
  test("unconfirmed and not-applied flags; the total", () => {
    expect(v.layers.map((l) => l.unconfirmed)).toEqual([false, true, false]);
    expect(v.layers.map((l) => l.notApplied)).toEqual([false, false, true]);
    expect(v.total).toMatchObject({ ratePct: "28.5%", date: "2026-01-15", status: "unconfirmed", unconfirmed: true });
  });
});

describe("8505.11.00.70 sintered NdFeB magnets (MFN 2.1%)", () => {
  test("from CN entered 2026-01-15: 37.1% = MFN 2.1% + s301 25% + fentanyl 10% + reciprocal exempt 0% + s232 0%", () => {
    // s301 25% on 8505.11 from 2026-01-01 (four-year review); fentanyl 10% 2025-11-10..2026-02-23;
    // reciprocal: 8505.11.00.70 on Annex II from 2025-09-08; s232 proclamation from 2026-01-14 at 0%.
    const r = ok(lookupTariffStack(NDFEB, "CN", "2026-01-15"));
    expect(summary(r)).toEqual(["MFN 2.1%", "Section 301 25%", "IEEPA fentanyl 10%", "IEEPA reciprocal (exempt) 0%", "Section 232 0%"]);
    expect(r.stack.total.ratePct).toBe("37.1%");
    expect(r.stack.total.rate).toBeCloseTo(0.021 + 0.25 + 0.1, 12);
    expect(r.stack.total.date).toBe("2026-01-15");
    const s301 = r.stack.layers[1];
    expect([s301.from, s301.to]).toEqual(["2026-01-01", null]);
    const fent = r.stack.layers[2];
    expect([fent.from, fent.to]).toEqual(["2025-11-10", "2026-02-23"]);
    expect(r.stack.layers[0].sources).toEqual(["S16", "S17"]);
    expect(r.stack.layers.every((l) => !l.unconfirmed)).toBe(true);
    expect(r.explanation).toMatch(/^US duty on 8505\.11\.00\.70 .* from China \(CN\) entered 2026-01-15: 37\.1% = MFN 2\.1% \+ Section 301 25% \+ IEEPA fentanyl 10%/);
    expect(r.formula).toBe('=TRADE.TARIFF_RATE("8505.11.00.70","CN","2026-01-15")');
  });

  test("from CN on 2025-12-15: s301 was 0% on magnets before 2026 (2.1% + 0% + 10% = 12.1%)", () => {
    const r = ok(lookupTariffStack(NDFEB, "China", "2025-12-15"));
    expect(r.stack.total.ratePct).toBe("12.1%");
    expect(r.stack.layers.find((l) => l.layer === "Section 301")).toMatchObject({ ratePct: "0%", from: "2018-09-24", to: "2025-12-31" });
  });

  test("from JP entered 2026-03-15: 2.1% (IEEPA ended 2026-02-23; Section 122 exempt for listed minerals)", () => {
    const r = ok(lookupTariffStack(NDFEB, "JP", "2026-03-15"));
    expect(r.stack.total.ratePct).toBe("2.1%");
    expect(r.stack.layers.map((l) => l.layer)).toEqual(["MFN", "Section 232", "Section 122 (exempt)"]);
    expect(r.stack.layers.find((l) => l.layer === "Section 122 (exempt)")).toMatchObject({ ratePct: "0%", from: "2026-02-24", to: "2026-07-23", notApplied: true });
    // the per-line Section 122 exemption is read in a line-level transcription of the 9903.03.03 list (secondary)
    expect(r.stack.total.status).toBe("confirmed-2nd");
  });

  test("a free-text origin (a name) works; an unknown one is an origin message", () => {
    expect(ok(lookupTariffStack(NDFEB, "Germany", "2026-01-15")).stack.total.ratePct).toBe("2.1%");
    const bad = lookupTariffStack(NDFEB, "Atlantis", "2026-01-15");
    expect(bad).toMatchObject({ ok: false, field: "origin" });
    expect(!bad.ok && bad.message).toMatch(/^#N\/A origin: "Atlantis" is not a known country/);
    expect(lookupTariffStack(NDFEB, "  ", "2026-01-15")).toMatchObject({ ok: false, field: "origin" });
  });

  test("after the tariff horizon (2026-07-23) the total is marked unconfirmed", () => {
    const r = ok(lookupTariffStack(NDFEB, "CN", "2027-01-01"));
    expect(r.stack.total.ratePct).toBe("27.1%"); // MFN 2.1% + s301 25% + s232 0%
    expect(r.stack.total.unconfirmed).toBe(true);
    expect(r.explanation).toMatch(/after the tariff data horizon 2026-07-23/);
  });

  test("a bad date is a date message, never a stack", () => {
    expect(lookupTariffStack(NDFEB, "CN", "2026-02-30")).toMatchObject({ ok: false, field: "date" });
    expect(lookupTariffStack(NDFEB, "CN", "15/01/2026")).toMatchObject({ ok: false, field: "date" });
  });
});

describe("helpers", () => {
  test("percentText", () => {
    expect(percentText(0.371)).toBe("37.1%");
    expect(percentText(0.021 + 0.25 + 0.1)).toBe("37.1%");
    expect(percentText(0)).toBe("0%");
    expect(percentText(0.0375)).toBe("3.75%");
  });
  test("isIsoDate is strict", () => {
    expect(isIsoDate("2026-01-15")).toBe(true);
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2026-1-15")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });
  test("formula quotes text the Excel way", () => {
    expect(tariffRateFormula("8505.11.00.70", 'Côte d"Ivoire', "2026-01-15")).toBe('=TRADE.TARIFF_RATE("8505.11.00.70","Côte d""Ivoire","2026-01-15")');
  });
  test("HTS entity id → dotted code; the origin list", () => {
    expect(htsOfEntityId("8505110070")).toBe(NDFEB);
    expect(htsOfEntityId("nope")).toBeUndefined();
    expect(TARIFF_ORIGINS.map((o) => o.code)).toEqual(["CN", "MY", "TH", "KH", "VN", "AU", "JP", "US"]); // US: origin of goods entering a partner importer
  });
});

describe("importers other than the US", () => {
  test("China, US origin, magnet 8505.11.00.70 on 2025-04-12: 7% MFN + 125% counter-tariff = 132%; committed = in force", () => {
    const r = ok(lookupTariffStack(NDFEB, "US", "2025-04-12", "CN"));
    expect(r.importer).toBe("CN");
    expect(summary(r)).toEqual(["MFN 7%", "Counter-tariff 125%"]);
    expect(r.stack.total.basis).toMatch(/resolved through HS 8505\.11/);
    expect(r.formula).toBe('=TRADE.TARIFF_RATE("8505.11.00.70","US","2025-04-12",,"CN")');
    expect(r.committed).toMatchObject({ ok: true, ratePct: "132%", deltaPct: "0%", formula: '=TRADE.TARIFF_RATE("8505.11.00.70","US","2025-04-12",,"CN","committed")' });
  });
  test("Malaysia: MFN not sourced is a message, not a stack", () => {
    const r = lookupTariffStack(NDFEB, "US", "2026-01-15", "MY");
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^#N\/A MY MFN for 8505\.11\.00\.70 on 2026-01-15 is not in the data/);
    expect(!r.ok && r.field).toBeUndefined();
  });
  test("an importer without data is an importer message", () => {
    expect(lookupTariffStack(NDFEB, "US", "2026-01-15", "Japan")).toMatchObject({ ok: false, field: "importer" });
  });
  test("the importer list starts with the US", () => {
    expect(tariffImporters().map((i) => i.code)).toEqual(["US", "CN", "MY", "TH", "KH", "VN"]);
  });
});

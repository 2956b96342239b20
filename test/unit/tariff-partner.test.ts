/**
 * Partner importers (src/core/tariff/partner.ts, importer.ts, query.ts): stacks
 * worked by hand from the sources cited in partner_tariffs.json. Rates in the
 * comments are percent points; the core returns micro-units (1e-6).
 *
 * China on US goods (Tariff Commission Ann. No. 4 [2025] as amended):
 *   84% from 2025-04-10 12:01 (Ann. 5; the 34% of Ann. 4 never applied alone),
 *   125% from 2025-04-12 (Ann. 6), 10% from 2025-05-14 12:01 (Geneva),
 *   10% kept on 2025-08-12 and from 2025-11-10 (24 points suspended).
 * China MFN on permanent magnets 8505.11.10/.90 and 8505.19.00: 7%.
 */
import { stackFor, StackAnswer } from "../../src/core/tariff/query";
import { parseOverrides } from "../../src/core/tariff/overrides";
import { duty, tariffRate } from "../../src/core/tariff";

const MICRO = 1_000_000;
function ok(a: StackAnswer): Extract<StackAnswer, { ok: true }> {
  if (!a.ok) throw new Error(`expected a stack, got ${a.kind}: ${a.message}`);
  return a;
}
const pct = (a: StackAnswer): number => (ok(a).stack.totalMicro / MICRO) * 100;
const q = (hts: string, origin: string, date: string, importer?: string, regime?: string): StackAnswer => stackFor({ hts, origin, date, importer, regime });

describe("China as importer: the April 2025 steps on US goods (magnet 8505.11.10, MFN 7%)", () => {
  const M = "8505.11.10";
  test.each([
    ["2025-03-01", 7], // before Ann. 4: MFN only
    ["2025-04-09", 7], // Ann. 4 announced (34%) but not yet in effect
    ["2025-04-10", 91], // 7 + 84 (Ann. 5, from 12:01 that day)
    ["2025-04-11", 91],
    ["2025-04-12", 132], // 7 + 125
    ["2025-05-13", 132],
    ["2025-05-14", 17], // 7 + 10 (from 12:01 that day)
    ["2025-08-12", 17], // first extension, 10% kept
    ["2025-11-10", 17], // one-year suspension, 10% kept
  ])("US origin entered %s: %d%%", (date, want) => {
    expect(pct(q(M, "US", date, "CN"))).toBeCloseTo(want, 9);
  });
  test("the 84% row says it replaced the announced 34% and when it took effect", () => {
    const a = ok(q(M, "US", "2025-04-10", "CN"));
    expect(a.stack.rows.map((r) => r.layer)).toEqual(["MFN", "Counter-tariff"]);
    expect(a.explanation).toMatch(/34%/);
    expect(a.explanation).toMatch(/12:01 Beijing time/);
  });
  test("another origin pays MFN only", () => {
    expect(pct(q(M, "Japan", "2025-04-12", "China"))).toBeCloseTo(7, 9);
  });
  test("after the horizon the stack is unconfirmed and says why", () => {
    const a = ok(q(M, "US", "2026-12-01", "CN"));
    expect(a.stack.totalMicro).toBe(170_000);
    expect(a.stack.status).toBe("unconfirmed");
    expect(a.explanation).toMatch(/after the CN data horizon/);
  });
  test("a date before the data is #N/A naming the data start", () => {
    const a = q(M, "US", "2023-12-31", "CN");
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.kind).toBe("NA");
      expect(a.message).toMatch(/before the CN data \(from 2024-01-01\)/);
      expect(a.field).toBeUndefined();
    }
  });
  test("a US 10-digit code resolves through its HS heading when every CN line of it has the same rate", () => {
    const a = ok(q("8505.11.00.70", "US", "2025-06-01", "CN"));
    expect(a.stack.totalMicro).toBe(170_000);
    expect(a.explanation).toMatch(/resolved through HS 8505\.11/);
  });
  test("a heading whose CN lines were not all read is #N/A on the hts field, listing the known lines", () => {
    const a = q("2846.90.20", "US", "2025-06-01", "CN");
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.field).toBe("hts");
      expect(a.message).toMatch(/2846\.90\.12/);
    }
  });
  test("an unsourced MFN is #N/A telling how an overrides row supplies it, never 0", () => {
    const a = q("2530.90.20", "US", "2025-06-01", "CN");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toMatch(/^CN MFN for 2530\.90\.20 on 2025-06-01 is not in the data: add an overrides row \("2530\.90", origin, "MFN", rate, from, to, "CN"\)\. Applied MFN not sourced/);
  });
  test("RE metal with a provisional 0%: the provisional rate replaces MFN (2024 confirmed-2nd, later unconfirmed)", () => {
    const a2024 = ok(q("2805.30.11", "JP", "2024-06-01", "CN"));
    expect(a2024.stack.totalMicro).toBe(0);
    expect(a2024.stack.rows.map((r) => r.layer)).toEqual(["MFN (replaced)", "Provisional"]);
    expect(a2024.stack.status).toBe("confirmed-2nd");
    const a2025 = ok(q("2805.30.11", "US", "2025-06-01", "CN"));
    expect(a2025.stack.totalMicro).toBe(100_000); // 0 + 10
    expect(a2025.stack.status).toBe("unconfirmed");
  });
  test("a line where a source shows a higher US total than 10% is #N/A (older counter-tariffs not confirmed)", () => {
    const a = q("2805.30.12", "US", "2025-06-01", "CN");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toMatch(/Counter-tariff 2018-19/);
  });
});

describe("Cambodia: 0% on US goods under Sub-Decree No. 139 and MEF Prakas No. 632, from 2025-08-08", () => {
  // The Prakas: goods loaded in the US on or after 2025-08-08 (as_of is the entry date); Cambodia's MFN is not sourced.
  test("2025-08-07: #N/A naming the missing MFN (the 0% starts the next day)", () => {
    const before = q("8505.11", "US", "2025-08-07", "KH");
    expect(before.ok).toBe(false);
    if (!before.ok) {
      expect(before.kind).toBe("NA");
      expect(before.message).toMatch(/^KH MFN for 8505\.11 on 2025-08-07 is not in the data: add an overrides row \("8505\.11", origin, "MFN", rate, from, to, "KH"\)\. Applied MFN not sourced/);
    }
    expect(q("8505.11", "US", "2025-06-01", "KH").ok).toBe(false);
  });
  test.each(["2025-08-08", "2025-08-20", "2025-10-26"])("%s: 0, with the Sub-Decree as legal basis in the explanation", (date) => {
    const a = ok(q("8505.11", "US", date, "Cambodia"));
    expect(a.stack.totalMicro).toBe(0);
    expect(a.stack.status).toBe("confirmed-2nd"); // law-firm and chamber reprints; the Khmer text was not read
    expect(a.explanation).toMatch(/= MFN \(replaced\) 0% \(MFN not sourced; Preference applies instead\) \+ Preference 0%\./);
    expect(a.explanation).toMatch(/Basis: Preference: Sub-Decree No\. 139 ANK\.BK \(2025-08-08\), Art\. 1; MEF Prakas No\. 632 MEF\.BK/);
    expect(a.explanation).toMatch(/used goods excluded/);
    expect(a.explanation).toMatch(/Sources: .*KH-SD139-IBC/);
  });
  test("after the KH horizon (2025-10-26) the 0% is unconfirmed", () => {
    const later = ok(q("8505.11.00.70", "USA", "2026-03-01", "KHM"));
    expect(later.stack.totalMicro).toBe(0);
    expect(later.stack.status).toBe("unconfirmed");
  });
  test("committed regime gives the same 0% (elimination as signed on 2025-10-26)", () => {
    expect(ok(q("2846.90", "US", "2025-11-01", "KH", "committed")).stack.totalMicro).toBe(0);
  });
  test("other origins need the MFN", () => {
    expect(q("8505.11", "CN", "2025-11-01", "KH").ok).toBe(false);
    expect(q("8505.11", "CN", "2025-08-20", "KH").ok).toBe(false);
  });
});

describe.each([
  ["MY", "Malaysia"],
  ["TH", "Thailand"],
])("%s: no sourced MFN, commitments not per line", (iso) => {
  test.each(["2025-06-01", "2025-11-01", "2026-03-01"])("in force on %s: #N/A naming MFN and the override", (date) => {
    const a = q("8505.11", "US", date, iso);
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.kind).toBe("NA");
      expect(a.message).toMatch(new RegExp(`^${iso} MFN for 8505\\.11 on ${date} is not in the data: add an overrides row \\("8505\\.11", origin, "MFN", rate, from, to, "${iso}"\\)`));
    }
  });
  test("committed: #N/A naming the commitment layer", () => {
    const a = q("8505.11", "US", "2026-01-15", iso, "committed");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toMatch(/Commitment/);
  });
});

describe("Vietnam: applied MFN of the 2026 schedule (confirmed-2nd); 2025 at the same rates, unconfirmed", () => {
  // The 2026 schedule: 0% on 2612, 2805.30, 2846, 7202.99, 8505; 3% on 2530.90; the 8501 motor lines by AHTN line.
  test("8505.11 from China on 2026-01-01 (the VN horizon): 0%, confirmed-2nd", () => {
    const a = ok(q("8505.11", "CN", "2026-01-01", "VN"));
    expect(a.stack.totalMicro).toBe(0);
    expect(a.stack.status).toBe("confirmed-2nd");
    expect(a.explanation).toMatch(/= MFN 0%\. Status: confirmed-2nd\. Basis: MFN: Vietnam MFN \(preferential\) import rate under Decree 26\/2023\/ND-CP/);
    // a US 10-digit code resolves through its VN heading (one AHTN line, one rate)
    expect(ok(q("8505.11.00.70", "CN", "2026-01-01", "VN")).stack.totalMicro).toBe(0);
  });
  test.each([
    ["2530.90", 30_000],
    ["2612.20", 0],
    ["2805.30", 0],
    ["2846.10", 0],
    ["2846.90", 0],
    ["7202.99", 0],
    ["8505.19", 0],
    ["8501.31.30", 30_000],
    ["8501.31.70", 200_000],
    ["8501.32.24", 100_000],
    ["8501.32.32", 50_000],
    ["8501.52.21", 30_000],
    ["8501.52.39", 0],
  ])("%s from the US on 2026-01-01: %i micro (the schedule's MFN)", (hts, micro) => {
    const a = ok(q(hts, "US", "2026-01-01", "VN"));
    expect(a.stack.totalMicro).toBe(micro);
    expect(a.stack.status).toBe("confirmed-2nd");
  });
  test("2025: the same rates, marked unconfirmed (the 2025 schedule was not read)", () => {
    const a = ok(q("8505.11", "CN", "2025-06-01", "VN"));
    expect(a.stack.totalMicro).toBe(0);
    expect(a.stack.status).toBe("unconfirmed");
    expect(ok(q("2530.90", "US", "2025-06-01", "VN")).stack.totalMicro).toBe(30_000);
  });
  test("after the VN horizon the rate stays, unconfirmed", () => {
    const a = ok(q("2530.90", "US", "2026-03-01", "VN"));
    expect(a.stack.totalMicro).toBe(30_000);
    expect(a.stack.status).toBe("unconfirmed");
  });
  test("the motor headings split into AHTN lines with different rates: the heading and a US code under it are #N/A naming the lines", () => {
    for (const h of ["8501.32", "8501.32.45.00"]) {
      const a = q(h, "US", "2026-01-01", "VN");
      expect(a.ok).toBe(false);
      if (!a.ok) {
        expect(a.message).toMatch(/VN splits 8501\.32 into national lines .*8501\.32\.21, 8501\.32\.24, .*8501\.32\.33\); give the VN line/);
        expect(a.message.length).toBeLessThanOrEqual(255);
      }
    }
    expect(q("8501.52", "CN", "2026-01-01", "VN").ok).toBe(false);
    expect(q("8501.31", "CN", "2026-01-01", "VN").ok).toBe(false);
  });
  test("before the VN data (2025-01-01): #N/A", () => {
    expect(q("8505.11", "CN", "2024-12-31", "VN").ok).toBe(false);
  });
  test("committed: #N/A naming the commitment layer", () => {
    const a = q("8505.11", "US", "2026-01-01", "VN", "committed");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toMatch(/Commitment/);
  });
});

describe("typed failures name the field the core rejected", () => {
  test.each([
    [{ hts: "85x5", origin: "US", date: "2025-06-01" }, "hts"],
    [{ hts: "8505.11", origin: "Atlantis", date: "2025-06-01" }, "origin"],
    [{ hts: "8505.11", origin: "US", date: "2025-02-30" }, "date"],
    [{ hts: "8505.11", origin: "US", date: "2025-06-01", importer: "Japan" }, "importer"],
    [{ hts: "8505.11", origin: "US", date: "2025-06-01", importer: "CN", regime: "maybe" }, "regime"],
  ])("%j → %s", (req, field) => {
    const a = stackFor(req);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.field).toBe(field);
  });
  test("the US stays the default importer", () => {
    const a = ok(stackFor({ hts: "8505.11.00.70", origin: "CN", date: "2026-01-15" }));
    expect(a.importer).toBe("US");
    expect(a.stack.totalMicro).toBe(371_000); // 2.1 + 301 25 + fentanyl 10
  });
});

describe("properties", () => {
  const IMPORTERS = ["US", "CN", "KH", "MY", "TH", "VN"];
  const LINES = ["8505.11.00.70", "8505.11.10", "8505.19.00", "2805.30.11", "2846.90.12", "2846.90", "8505.11", "2530.90.20"];
  const ORIGINS = ["US", "CN", "JP", "MY"];
  const DATES = ["2024-06-01", "2025-04-10", "2025-04-12", "2025-05-14", "2025-10-26", "2026-01-15", "2026-05-20", "2026-12-01"];
  const all: StackAnswer[] = [];
  for (const i of IMPORTERS) for (const h of LINES) for (const o of ORIGINS) for (const d of DATES) for (const r of ["in force", "committed"]) all.push(q(h, o, d, i, r));
  test("every answer is a stack whose rows sum to its total, or a typed failure with a message (never a thrown exception)", () => {
    let stacks = 0;
    for (const a of all) {
      if (a.ok) {
        stacks++;
        expect(a.stack.rows.reduce((s, r) => s + r.rateMicro, 0)).toBe(a.stack.totalMicro);
        expect(Number.isFinite(a.stack.totalMicro)).toBe(true);
      } else expect(a.message.length).toBeGreaterThan(10);
    }
    expect(stacks).toBeGreaterThan(100);
  });
  test("an unsourced rate never shows as a number: Malaysia and Thailand without overrides are never ok", () => {
    for (const i of ["MY", "TH"]) for (const d of DATES) expect(q("8505.11", "US", d, i).ok).toBe(false);
  });
  test("where no commitment is pending (China, the US, origins other than the US), committed = in force", () => {
    for (const i of ["CN", "US"]) {
      for (const d of DATES) {
        const a = q("8505.11.00.70", "US", d, i);
        const c = q("8505.11.00.70", "US", d, i, "committed");
        expect(c.ok).toBe(a.ok);
        if (a.ok && c.ok) expect(c.stack.totalMicro - a.stack.totalMicro).toBe(0);
      }
    }
  });
});

describe("the CIT decision of 2026-05-07 on the Section 122 surcharge surfaces in the US explanation from that date", () => {
  test("before and after", () => {
    const before = ok(q("8505.11.00.50", "CN", "2026-05-06"));
    const after = ok(q("8505.11.00.50", "CN", "2026-05-20"));
    expect(after.stack.totalMicro).toBe(before.stack.totalMicro); // collection continued for non-plaintiffs
    expect(before.explanation).not.toMatch(/Court of International Trade/);
    expect(after.explanation).toMatch(/2026-05-07 court decision: The Court of International Trade .* only for the importer plaintiffs/);
    expect(after.explanation).toMatch(/2026-05-08 appealed/);
  });
  test("not where the surcharge does not apply (an exempt line)", () => {
    expect(ok(q("8505.11.00.70", "CN", "2026-05-20")).explanation).not.toMatch(/Court of International Trade/);
  });
});

describe("overrides with the importer column", () => {
  const withOv = (rows: unknown[][], hts: string, origin: string, date: string, importer?: string, regime?: string) =>
    stackFor({ hts, origin, date, importer, regime, overrides: parseOverrides(rows) });
  test("a 7th column restricts a row to one importer; blank or * = every importer; the 6-column form = every importer", () => {
    const mfnMy = [["8505.11", "*", "MFN", 0.05, null, null, "MY"]];
    expect(ok(withOv(mfnMy, "8505.11", "US", "2026-01-15", "MY")).stack.totalMicro).toBe(50_000);
    // the same row does not touch the US stack (US MFN 2.1% on 8505.11.00.70 from Japan, 2026-01-15)
    expect(ok(withOv(mfnMy, "8505.11.00.70", "JP", "2026-01-15")).stack.totalMicro).toBe(ok(q("8505.11.00.70", "JP", "2026-01-15")).stack.totalMicro);
    const every6 = [["8505.11", "*", "MFN", 0.05, null, null]];
    expect(ok(withOv(every6, "8505.11", "US", "2026-01-15", "TH")).stack.totalMicro).toBe(50_000);
    expect(ok(withOv(every6, "8505.11.00.70", "JP", "2026-01-15")).stack.totalMicro).toBe(50_000); // replaces the US MFN too
  });
  test("an unknown importer in the 7th column is #VALUE! naming the row and column", () => {
    expect(() => parseOverrides([["8505.11", "*", "MFN", 0.05, null, null, "Japan"]])).toThrow(/overrides row 1, column 7 \(importer\)/);
    expect(() => parseOverrides([["8505.11", "*", "MFN", 0.05, null]])).toThrow(/expected 6 columns .* or 7 with the importer last, got 5/);
  });
  test("a code that resolves through a heading whose national lines differ on the date is #N/A naming the lines", () => {
    // your row makes 8505.11.10 (rare-earth magnets) 3% in China; 8505.11.90 stays 7%: the US code 8505.11.00.70 is ambiguous there
    const a = withOv([["8505.11.10", "*", "MFN", 0.03, null, null, "CN"]], "8505.11.00.70", "JP", "2025-06-01", "CN");
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.message).toMatch(/CN splits 8505\.11 into lines with different rates on 2025-06-01 \(8505\.11\.10 3%, 8505\.11\.90 7%\); give the CN line/);
    expect(ok(withOv([["8505.11.10", "*", "MFN", 0.03, null, null, "CN"]], "8505.11.10", "JP", "2025-06-01", "CN")).stack.totalMicro).toBe(30_000);
  });
  test("a user commitment applies only in the committed regime", () => {
    const rows = [
      ["8505.11", "*", "MFN", 0.05, null, null, "VN"],
      ["8505.11", "US", "Commitment", 0, "2025-10-26", null, "VN"],
    ];
    expect(ok(withOv(rows, "8505.11", "US", "2026-01-15", "VN")).stack.totalMicro).toBe(50_000);
    const c = ok(withOv(rows, "8505.11", "US", "2026-01-15", "VN", "committed"));
    expect(c.stack.totalMicro).toBe(0);
    expect(c.stack.rows.map((r) => r.layer)).toEqual(["MFN (replaced)", "Commitment"]);
    expect(ok(withOv(rows, "8505.11", "JP", "2026-01-15", "VN", "committed")).stack.totalMicro).toBe(50_000); // not US goods
  });
});

describe("one call over a column: a row's error names its own date", () => {
  // Cambodia publishes no MFN rate for 8505.11 in the data, so before its 0% on US goods (2025-08-08)
  // every date answers "#N/A KH MFN for 8505.11 on <date> ...". 2025-05-15 and 2025-06-16 lie between
  // the same two rate changes, where one call reuses a computed rate; it must not reuse the first
  // row's message for the second.
  const dates = ["2025-05-15", "2025-06-16", "2025-05-15", "2025-07-01"];
  const col = (v: string) => dates.map(() => [v]);
  const messages = (m: unknown[][]) => m.map((r) => String((r[0] as Error).message ?? r[0]));
  test.each([
    ["TARIFF_RATE", () => tariffRate(col("8505.11"), col("US"), dates.map((d) => [d]), null, col("KH"))],
    ["DUTY", () => duty(col("100"), col("8505.11"), col("US"), dates.map((d) => [d]), null, col("KH"))],
  ])("%s", (_name, call) => {
    const out = messages(call() as unknown[][]);
    out.forEach((m, i) => expect(m).toMatch(new RegExp(`KH MFN for 8505\\.11 on ${dates[i]} is not in the data`)));
  });
  test("US lines: a code that splits into lines with different rates names each row's date", () => {
    const d = ["2026-01-15", "2026-01-20"];
    const out = messages(tariffRate([["8505.11"], ["8505.11"]], [["CN"], ["CN"]], d.map((x) => [x]), null) as unknown[][]);
    out.forEach((m, i) => expect(m).toContain(`on ${d[i]}`));
  });
});

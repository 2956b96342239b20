/**
 * Typed queries of src/core/data against the published tables the data cites
 * (USGS Mineral Commodity Summaries and the other sources in sources.json),
 * not against the code's own output.
 */
import {
  dataHorizon,
  allCountries,
  allElements,
  countryByIso2,
  findCountry,
  findElement,
  findHs,
  findProduct,
  formatSource,
  getPrice,
  getProduction,
  getReserves,
  getSource,
  netImportReliance,
  productionShare,
  stageShare,
  usImportShare,
  closeMatches,
  editDistance,
} from "../../src/core/data";
import { isTradeError } from "../../src/core/errors";

const naOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (isTradeError(e)) return `${e.kind}: ${e.message}`;
    throw e;
  }
  throw new Error("no error");
};

describe("sources", () => {
  test("getSource and formatSource: title, publisher, date, url", () => {
    expect(getSource("S2")?.publisher).toBe("U.S. Geological Survey");
    expect(getSource("s2")?.id).toBe("S2");
    expect(formatSource("S1")).toBe(
      "Mineral Commodity Summaries 2025: Rare Earths, U.S. Geological Survey, 2025-01, https://pubs.usgs.gov/periodicals/mcs2025/mcs2025-rare-earths.pdf",
    );
    expect(formatSource("S17")).toMatch(/URL not captured$/);
    expect(getSource("S999")).toBeUndefined();
  });
  test("confidence labels: primary USGS confirmed, mirrors secondary, weak source unconfirmed", () => {
    expect(getSource("S2")?.confidence).toBe("confirmed");
    expect(getSource("S16")?.confidence).toBe("secondary");
    expect(getSource("S31")?.confidence).toBe("unconfirmed");
  });
});

describe("countries", () => {
  test.each([
    ["CN", "CN"],
    ["chn", "CN"],
    ["China", "CN"],
    ["PRC", "CN"],
    ["Mainland China", "CN"],
    ["  people's  republic of china ", "CN"],
    ["Burma", "MM"],
    ["Myanmar", "MM"],
    ["MMR", "MM"],
    ["USA", "US"],
    ["U.S.", "US"],
    ["United States", "US"],
    ["Viet Nam", "VN"],
    ["Korea, Rep.", "KR"],
    ["Estonia", "EE"],
    ["Cambodia", "KH"],
    ["Türkiye", "TR"],
    ["Turkey", "TR"],
    ["Cote d'Ivoire", "CI"],
    ["Côte d’Ivoire", "CI"],
    ["UK", "GB"],
  ])("findCountry(%s) → %s", (text, iso2) => {
    expect(findCountry(text)?.iso2).toBe(iso2);
  });
  test("Hong Kong, Macao and Taiwan are never China", () => {
    expect(findCountry("HK")?.iso3).toBe("HKG");
    expect(findCountry("Hong Kong")?.iso2).toBe("HK");
    expect(findCountry("Macau")?.iso2).toBe("MO");
    expect(findCountry("Taiwan")?.iso2).toBe("TW");
    expect(findCountry("Chinese Taipei")?.iso2).toBe("TW");
  });
  test("all ISO 3166-1 entries, the EU27 flagged", () => {
    expect(allCountries().length).toBe(249);
    expect(allCountries().filter((c) => c.groups?.includes("EU")).length).toBe(27);
    expect(countryByIso2("EE")?.groups).toEqual(["EU"]);
    expect(countryByIso2("GB")?.groups).toBeUndefined();
    expect(findCountry("Atlantis")).toBeUndefined();
    expect(findCountry("Korea")).toBeUndefined(); // ambiguous: North or South
  });
});

describe("elements", () => {
  test("the 17 rare earths by symbol or name, any case", () => {
    expect(allElements().length).toBe(17);
    expect(findElement("Dy")?.atomicNumber).toBe(66);
    expect(findElement("DYSPROSIUM")?.symbol).toBe("Dy");
    expect(findElement("dy")?.name).toBe("Dysprosium");
    expect(findElement("Sc")?.atomicNumber).toBe(21);
    expect(findElement("Y")?.atomicNumber).toBe(39);
    expect(findElement("Lu")?.atomicNumber).toBe(71);
    expect(findElement("Fe")).toBeUndefined();
  });
  test("both class conventions (table 3b)", () => {
    expect(findElement("Gd")?.classUsgs).toBe("LREE");
    expect(findElement("Gd")?.classAlt).toBe("HREE");
    expect(findElement("Y")?.classUsgs).toBe("HREE");
    expect(findElement("Y")?.classAlt).toBe("HREE-like");
    expect(findElement("Sc")?.classUsgs).toBe("separate");
    expect(findElement("Tb")?.classUsgs).toBe("HREE");
  });
  test("uses keep their confirmation labels", () => {
    expect(findElement("Eu")?.usesStatus).toBe("unconfirmed");
    expect(findElement("Ho")?.usesStatus).toBe("unconfirmed");
    expect(findElement("Gd")?.usesStatus).toBe("confirmed-2nd");
    expect(findElement("Nd")?.usesStatus).toBe("confirmed");
  });
});

describe("production and reserves with editions", () => {
  test("default edition = the newest that reports the year", () => {
    expect(getProduction("CN", 2025).value).toBe(270000);
    expect(getProduction("CN", 2025).edition).toBe("MCS 2026");
    expect(getProduction("AU", 2024).value).toBe(29000); // MCS 2026 revision
    expect(getProduction("AU", 2024, "MCS 2025").value).toBe(13000);
    expect(getProduction("CN", 2023).value).toBe(255000); // MCS 2025 (newest reporting 2023)
    expect(getProduction("CN", 2023, "MCS 2024").value).toBe(240000);
    expect(getProduction("CN", 2023, "MCS 2024").status).toBe("confirmed-2nd");
    expect(getProduction("US", 2025).estimated).toBe(true);
    expect(getProduction("WORLD", 2024).value).toBe(380000);
    expect(getProduction("WORLD", 2024, "2025").value).toBe(390000); // edition by year number
  });
  test("no year: newest edition's latest year", () => {
    const r = getProduction("US");
    expect([r.edition, r.year, r.value]).toEqual(["MCS 2026", 2025, 51000]);
  });
  test("reserves: NA stays null, lower bounds keep their qualifier", () => {
    expect(getReserves("MM").value).toBeNull();
    expect(getReserves("BR").value).toBe(11000000);
    expect(getReserves("BR", "MCS 2025").value).toBe(21000000);
    expect(getReserves("IN", "MCS 2025").value).toBe(6900000);
    expect(getReserves("IN").value).toBeNull();
    expect(getReserves("WORLD").qualifier).toBe(">");
    expect(getReserves("WORLD").value_text).toBe(">75,000,000");
    expect(getReserves("RU", "MCS 2024").status).toBe("unconfirmed");
    expect(getReserves("CN", undefined, 2023).edition).toBe("MCS 2025");
  });
  test("missing figures are #N/A naming what exists", () => {
    expect(naOf(() => getProduction("CN", 2019))).toMatch(/^NA: .*2019.*available years: 2023, 2024, 2025/);
    expect(naOf(() => getProduction("CN", 2025, "MCS 2025"))).toMatch(/^NA/);
    expect(naOf(() => getProduction("CN", undefined, "MCS 2099"))).toMatch(/"MCS 2024", "MCS 2025", "MCS 2026"/);
    expect(naOf(() => getProduction("JP"))).toMatch(/^NA/);
  });
  test("derived production share (table 1d)", () => {
    expect(productionShare("CN", 2025).value).toBeCloseTo(0.692, 3);
    expect(productionShare("US", 2025).value).toBeCloseTo(0.131, 3);
    expect(productionShare("MM", 2024, "MCS 2025").value).toBeCloseTo(0.079, 3);
  });
});

describe("trade, stages, prices, HS", () => {
  test("US import sources and net import reliance", () => {
    expect(usImportShare("CN").value).toBe(0.71);
    expect(usImportShare("CN", "RE", 2023).value).toBe(0.7);
    expect(usImportShare("EE").value).toBe(0.05);
    expect(usImportShare("DE", "Er").value).toBe(0.51);
    expect(netImportReliance("RE", 2024).value).toBe(0.53);
    expect(netImportReliance("RE", 2024, "MCS 2025").value).toBe(0.8);
    expect(netImportReliance("RE", 2022).value_text).toBe(">95%");
    expect(netImportReliance("RE_CONC", 2025).qualifier).toBe("E");
  });
  test("stage shares: IEA secondary, projections flagged", () => {
    const r = stageShare("refining", "CN", 2023);
    expect([r.value, r.status, r.edition]).toEqual([0.92, "confirmed-2nd", "IEA GCMO 2024"]);
    expect(stageShare("magnets", "CN").value).toBe(0.94);
    expect(stageShare("mining", "CN", 2030).projection).toBe(true);
    expect(stageShare("mining", "CN", 2025).status).toBe("derived");
  });
  test("prices by product name, alias or code", () => {
    expect(findProduct("Dy oxide")?.code).toBe("DY_OXIDE");
    expect(findProduct("dysprosium oxide")?.code).toBe("DY_OXIDE");
    expect(findProduct("Dy2O3")?.code).toBe("DY_OXIDE");
    expect(getPrice("DY_OXIDE", 2025).value).toBe(239);
    expect(getPrice("DY_OXIDE", 2024).value).toBe(257);
    expect(getPrice("DY_OXIDE", 2024, "MCS 2025").value).toBe(260);
    expect(getPrice("TB_OXIDE", 2022).value).toBe(2050);
    expect(getPrice("NDPR_OXIDE", 2021).value).toBe(92);
    expect(getPrice("SM_OXIDE", 2025).value).toBe(2.82);
    const sc = getPrice("SC_OXIDE", 2024);
    expect([sc.value, sc.value_low, sc.value_high]).toEqual([null, 660, 670]);
    expect(getPrice("NDPR_OXIDE", undefined, undefined, "price_floor").value).toBe(110);
  });
  test("HS 2022 lines, with and without dots; HTS codes fall back to their HS line", () => {
    expect(findHs("850511")?.line.description).toMatch(/permanent magnets/);
    expect(findHs("8505.11")?.exact).toBe(true);
    expect(findHs("8505.11.00.70")).toEqual(expect.objectContaining({ exact: false }));
    expect(findHs("2846.90")?.line.code).toBe("284690");
    expect(findHs("8506.10")).toBeUndefined();
    expect(findHs("85")).toBeUndefined();
  });
});

describe("pack", () => {
  test("horizon agrees with the instruments timeline", () => {
    const inst = require("../../src/data/instruments.json") as { horizon?: string };
    if (inst.horizon) expect(inst.horizon).toBe(dataHorizon());
  });
  test("edit distance and close matches", () => {
    expect(editDistance("prodution_t", "production_t")).toBe(1);
    expect(closeMatches("Chna", ["China", "Chile", "India"])).toEqual(["China"]);
    expect(closeMatches("zzzzzz", ["China"])).toEqual([]);
  });
});

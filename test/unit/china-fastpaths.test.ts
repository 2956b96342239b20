/**
 * The 0.1% rule's fast paths give the general paths' answers.
 *
 *  - roundSum decides most values without toPrecision: it must equal Number(s.toPrecision(15)) for any double.
 *  - CN_LICENSE_REQUIRED, CN_LICENSE_EXPLAIN (in parts) and CN_HEADROOM run one loop over cn_value and
 *    product_value when the other arguments are single values; the general path is the broadcaster
 *    (mapElements), reached here by giving product_type as a range of the same type (CN_LICENSE_REQUIRED),
 *    through CN_LICENSE_EXPLAIN itself (which always broadcasts) or by mapElements over checkValues and
 *    headroom, CN_HEADROOM's definition.
 */
import {
  cnHeadroom,
  cnLicenseExplain,
  cnLicenseExplainParts,
  cnLicenseRequired,
  checkValues,
  ownText,
  roundSum,
  theRule,
  REGIMES,
  SCOPES,
} from "../../src/core/china";
import { mapElements } from "../../src/core/broadcast";
import { headroom } from "../../src/core/decimal";
import { TradeError, valueError } from "../../src/core/errors";
import { serialFromIso } from "../../src/core/dates";

const today = () => serialFromIso("2026-11-30")!;

/** A deterministic generator (mulberry32), so a failure can be replayed. */
const { mulberry32: rng } = require("../../scripts/lib/rng.cjs") as { mulberry32: (seed: number) => () => number };

/** Errors as their kind and message (two errors made apart are different objects). */
function plain(v: unknown): unknown {
  if (v instanceof TradeError) return { error: v.kind, message: v.message };
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object" && "own" in v && "rest" in v) {
    const p = v as { own: readonly (string | number)[]; rest: string };
    return ownText(p.own) + p.rest;
  }
  return v;
}

/** The answer of f, or the error it throws (a whole call refused: shapes that do not broadcast). */
function outcome(f: () => unknown): unknown {
  try {
    return plain(f());
  } catch (e) {
    return { thrown: plain(e) };
  }
}

describe("roundSum", () => {
  const reference = (s: number): number => {
    const r = s === 0 ? 0 : Number(s.toPrecision(15));
    return Number.isFinite(r) ? r : s;
  };
  const same = (s: number): void => {
    const got = roundSum(s);
    if (!Object.is(got, reference(s))) throw new Error(`roundSum(${s}) is ${got}, Number(toPrecision(15)) ${reference(s)}`);
  };

  test("equals Number(toPrecision(15)) on decimals, their sums and ratios, and any double", () => {
    const r = rng(1);
    const bits = new DataView(new ArrayBuffer(8));
    for (let i = 0; i < 100_000; i++) {
      const dec = Math.floor(r() * 1e9) / 10 ** Math.floor(r() * 12);
      same(dec);
      same(-dec);
      same(dec + 0.1 + 0.2);
      same(dec * (1 + 2 ** -52));
      let sum = 0;
      for (let k = 0; k < 6; k++) sum += Math.floor(r() * 1e6) / 100;
      same(sum);
      same(sum / (1 + Math.floor(r() * 1e7) / 100));
      same(r() * 10 ** (r() * 40 - 20));
      bits.setUint32(0, (r() * 2 ** 32) >>> 0);
      bits.setUint32(4, (r() * 2 ** 32) >>> 0);
      const any = bits.getFloat64(0);
      if (Number.isFinite(any)) same(any);
    }
  });

  test("equals it next to a half in the 15th digit, at powers of ten and at the ends of the range", () => {
    const r = rng(2);
    for (let i = 0; i < 100_000; i++) {
      // c + 1/2 in units of the 15th digit: the rounding decided by the last bits
      const c = 1e14 + Math.floor(r() * 9e14);
      const v = (c + 0.5) / 10 ** Math.floor(r() * 23);
      for (const x of [v, v * (1 + 2 ** -52), v * (1 - 2 ** -52), -v]) same(x);
    }
    for (let e = -324; e <= 308; e++) {
      for (const m of ["1", "9.99999999999999", "9.999999999999995", "9.9999999999999999", "1.00000000000001", "5"]) {
        const v = Number(`${m}e${e}`);
        for (const x of [v, v * (1 + 2 ** -52), v * (1 - 2 ** -53), -v]) if (Number.isFinite(x)) same(x);
      }
    }
    for (const x of [0, -0, 1e-7, 1e14, 99999999999999.95, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE]) same(x);
  });

  test("refuses what is not finite", () => {
    for (const x of [Infinity, -Infinity, NaN]) expect(() => roundSum(x)).toThrow(TradeError);
  });
});

/** A cell as Excel may pass it in a value column: numbers of every kind, blanks, text, booleans, data types and errors. */
function cell(r: () => number): unknown {
  const k = Math.floor(r() * 20);
  switch (k) {
    case 0:
      return null;
    case 1:
      return 0;
    case 2:
      return "";
    case 3:
      return "  ";
    case 4:
      return String(Math.floor(r() * 1e5) / 100);
    case 5:
      return "abc";
    case 6:
      return r() < 0.5;
    case 7:
      return -Math.floor(r() * 1e4) / 100;
    case 8:
      return [NaN, Infinity, -Infinity, -0][Math.floor(r() * 4)];
    case 9:
      return valueError("an error in the cell");
    case 10:
      return "#N/A";
    case 11:
      return { type: "FormattedNumber", basicValue: Math.floor(r() * 1e5) / 100, numberFormat: "0.00" };
    default:
      // the common cells: small and large values, and values around the threshold
      return k < 16 ? Math.floor(r() * 1e7) / 100 : Math.floor(r() * 1e4) / 1e5;
  }
}

/** cn and pv cells: mostly a valid pair (0 ≤ cn ≤ pv, pv > 0, some exactly at the threshold), else any cells. */
function pair(r: () => number): [unknown, unknown] {
  const k = r();
  if (k < 0.5) {
    const pv = Math.max(0.01, Math.floor(r() * 1e7) / 100);
    return [Math.floor(r() * pv * 0.003 * 100) / 100, pv];
  }
  if (k < 0.6) {
    // exactly 0.1% in decimal: pv = n / 100, cn = n / 100000
    const n = 1 + Math.floor(r() * 1e6);
    return [n / 1e5, n / 100];
  }
  return [cell(r), cell(r)];
}

function column(r: () => number, n: number): [unknown[][], unknown[][]] {
  const cn: unknown[][] = [];
  const pv: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const [c, p] = pair(r);
    cn.push([c]);
    pv.push([p]);
  }
  return [cn, pv];
}

const TYPES: unknown[] = ["magnet", "target", "component", "other", null, "", 0, " Magnet ", "bogus", 5, valueError("a type error")];
const DATES: unknown[] = [
  "2025-06-01",
  "2025-12-01",
  "2026-03-01",
  "2026-11-11",
  "2026-12-01",
  null,
  0,
  "not a date",
  serialFromIso("2026-12-01"),
];
const REGIME_ARGS: unknown[] = [...REGIMES, null, 0, "nonsense"];
const SCOPE_ARGS: unknown[] = [...SCOPES, null, 0, "nonsense"];

describe("a column of products under one context: the dedicated loop answers as the broadcaster", () => {
  test("CN_LICENSE_REQUIRED and CN_LICENSE_EXPLAIN, over every product type, date, regime and scope (and bad ones)", () => {
    const r = rng(3);
    for (const type of TYPES)
      for (const asOf of DATES)
        for (const regime of REGIME_ARGS)
          for (const scope of SCOPE_ARGS) {
            const [cn, pv] = column(r, 12);
            const typeCol = cn.map(() => [type]);
            // one cell given as a 1×1 range is a single value too
            const typeArg = r() < 0.2 ? [[type]] : type;
            expect(outcome(() => cnLicenseRequired(cn, pv, typeArg, asOf, regime, scope, today))).toEqual(
              outcome(() => cnLicenseRequired(cn, pv, typeCol, asOf, regime, scope, today)),
            );
            expect(outcome(() => cnLicenseExplainParts(cn, pv, typeArg, asOf, regime, scope, today))).toEqual(
              outcome(() => cnLicenseExplain(cn, pv, typeArg, asOf, regime, scope, today)),
            );
          }
  });

  test("CN_HEADROOM is checkValues and headroom, element-wise", () => {
    const t = theRule().t;
    const general = (cn: unknown, pv: unknown) =>
      mapElements(
        [cn, pv],
        [
          { name: "cn_value", required: true },
          { name: "product_value", required: true, zeroIsBlank: true },
        ],
        (v) => {
          const [c, p] = checkValues(v[0], v[1]);
          return roundSum(headroom(c, p, t));
        },
      );
    const r = rng(4);
    for (let i = 0; i < 2_000; i++) {
      const [cn, pv] = column(r, 1 + Math.floor(r() * 20));
      expect(outcome(() => cnHeadroom(cn, pv))).toEqual(outcome(() => general(cn, pv)));
      const [c, p] = pair(r);
      expect(outcome(() => cnHeadroom(c, p))).toEqual(outcome(() => general(c, p)));
    }
  });

  test("every shape broadcasts as the broadcaster does, and shapes that do not are refused the same way", () => {
    const r = rng(5);
    const matrix = (rows: number, cols: number): unknown[][] =>
      Array.from({ length: rows }, () => Array.from({ length: cols }, () => pair(r)[r() < 0.5 ? 0 : 1]));
    const shapes: [number, number][] = [
      [1, 1],
      [1, 4],
      [4, 1],
      [3, 4],
      [2, 3],
    ];
    for (let i = 0; i < 300; i++) {
      const [cr, cc] = shapes[Math.floor(r() * shapes.length)];
      const [pr, pc] = shapes[Math.floor(r() * shapes.length)];
      const cn = r() < 0.1 ? pair(r)[0] : r() < 0.1 ? [] : matrix(cr, cc);
      const pv = r() < 0.1 ? pair(r)[1] : matrix(pr, pc);
      const type = TYPES[Math.floor(r() * TYPES.length)];
      const rows = Math.max(Array.isArray(cn) && cn.length ? cr : 1, Array.isArray(pv) ? pr : 1);
      const cols = Math.max(Array.isArray(cn) && cn.length ? cc : 1, Array.isArray(pv) ? pc : 1);
      // product_type as a range of the broadcast shape: the general path, with the same type in every element
      const typeRange = Array.from({ length: rows }, () => Array.from({ length: cols }, () => type));
      const args = ["2026-12-01", "in_force", "broad"] as const;
      const fast = outcome(() => cnLicenseRequired(cn, pv, type, ...args, today));
      const general = outcome(() => cnLicenseRequired(cn, pv, typeRange, ...args, today));
      // a refused call is refused by both; otherwise the general path has the broadcast shape too
      if (!(fast && typeof fast === "object" && "thrown" in fast)) expect(fast).toEqual(general);
      else expect(general).toHaveProperty("thrown");
      expect(outcome(() => cnLicenseExplainParts(cn, pv, type, ...args, today))).toEqual(
        outcome(() => cnLicenseExplain(cn, pv, type, ...args, today)),
      );
    }
  });
});

/**
 * Each function's parameters are declared once, next to its core implementation
 * (src/core/signature.ts); the JSDoc facades repeat only the names the metadata
 * plugin needs. The generated dist/functions.json and the declarations must agree
 * parameter by parameter: same ids, names, order and optional flags.
 */
import { loadBundle } from "../harness";
import type { FunctionDecl } from "../../src/core/signature";
import { chinaFunctions } from "../../src/core/china";
import { tariffFunctions } from "../../src/core/tariff";
import { smartFunctions } from "../../src/core/models/smart";
import { swissFunctions } from "../../src/core/models/swiss";
import { hhiClassFunctions } from "../../src/core/models/hhiClass";
import { supplyFunctions } from "../../src/core/models/supply";
import { hhiFunctions } from "../../src/core/concentration";
import { versionFunctions } from "../../src/core/version";
import { refFunctions } from "../../src/core/data/ref";

const declared: Record<string, FunctionDecl> = {
  ...chinaFunctions,
  ...tariffFunctions,
  ...smartFunctions,
  ...swissFunctions,
  ...hhiClassFunctions,
  ...supplyFunctions,
  ...hhiFunctions,
  ...versionFunctions,
  ...refFunctions,
};

const b = loadBundle();

describe("function declarations and the generated metadata agree", () => {
  test("every function in functions.json has a declaration under its id (areas added later bring their own table)", () => {
    const known = b.metadata.functions.filter((f) => declared[f.id]);
    // every declared function is in the metadata
    for (const id of Object.keys(declared)) {
      expect(b.metadata.functions.some((f) => f.id === id)).toBe(true);
      expect(declared[id].id).toBe(id);
    }
    expect(known.length).toBe(Object.keys(declared).length);
  });
  test.each(Object.keys(declared))("%s: parameter names, order and optional flags", (id) => {
    const meta = b.metadata.functions.find((f) => f.id === id)!;
    const decl = declared[id];
    expect(meta.parameters.map((p) => p.name)).toEqual(decl.params.map((p) => p.name));
    expect(meta.parameters.map((p) => !!p.optional)).toEqual(decl.params.map((p) => !!p.optional));
    // a parameter taken element-wise or as a range is a matrix in the metadata (a range can be passed)
    for (let i = 0; i < decl.params.length; i++) {
      const shape = decl.params[i].shape ?? "element";
      if (shape !== "single") expect([id, decl.params[i].name, meta.parameters[i].dimensionality]).toEqual([id, decl.params[i].name, "matrix"]);
    }
    expect(meta.result.dimensionality ?? "scalar").toBe(decl.result);
  });
});

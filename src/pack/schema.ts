/**
 * A JSON Schema (draft-07) validator for the data pack's schemas, written as an interpreter of the
 * schema documents themselves: no code is generated or evaluated, so it runs under the task pane's
 * Content-Security-Policy (no 'unsafe-eval') and in Excel's JavaScript-only runtime alike.
 *
 * It implements the keywords the pack's schemas use, with ajv's meaning and ajv's messages (the
 * build also runs ajv over the same files, and a unit test checks that both agree on the real pack
 * and on thousands of altered copies): type (incl. lists of types and "integer"), enum, const,
 * pattern (Unicode mode, as ajv), minLength/maxLength (in code points, as ajv), minimum, maximum,
 * exclusiveMinimum, exclusiveMaximum, multipleOf, properties, required, additionalProperties,
 * patternProperties, propertyNames, minProperties, maxProperties, items (one schema or a tuple),
 * additionalItems, minItems, maxItems, uniqueItems, contains, allOf, anyOf, oneOf, not,
 * if/then/else, dependencies, and $ref to a JSON pointer inside the same document
 * ("#/definitions/date"). Annotations ($schema, $id, title, description, examples, default) are
 * ignored. A keyword it does not know makes validation fail, so a schema cannot silently stop
 * being enforced.
 *
 * Pure: no DOM, no Office.
 */

export interface SchemaError {
  /** JSON pointer to the value ("/records/3/value"; "" = the document). */
  instancePath: string;
  /** ajv's wording: "must be string", "must have required property 'id'". */
  message: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A schema document or sub-schema (a JSON object or a boolean). */
export type Schema = boolean | object;

import { jsonEqual } from "./json";

export { jsonEqual };

const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default", "definitions", "readOnly", "writeOnly"]);
const KNOWN = new Set([
  ...ANNOTATIONS,
  "type",
  "enum",
  "const",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "propertyNames",
  "minProperties",
  "maxProperties",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "contains",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependencies",
  "$ref",
]);

const patterns = new Map<string, RegExp>();
function regex(p: string): RegExp {
  let r = patterns.get(p);
  if (!r) {
    r = new RegExp(p, "u");
    patterns.set(p, r);
  }
  return r;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function hasType(v: unknown, t: string): boolean {
  switch (t) {
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "number":
      return typeof v === "number" && Number.isFinite(v);
    default:
      return typeOf(v) === t;
  }
}

/** Length in Unicode code points, as ajv counts it. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n++;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  return n;
}

function pointerEscape(k: string): string {
  return k.replace(/~/g, "~0").replace(/\//g, "~1");
}

function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith("#")) throw new Error(`$ref "${ref}": only references inside the same schema are supported`);
  let node: unknown = root;
  for (const raw of ref.slice(1).split("/").slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, key)) {
      throw new Error(`$ref "${ref}" does not resolve`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node as Schema;
}

/** Validates `value` against `schema` (a draft-07 document); returns every error, [] when valid. */
export function validateSchema(schema: Schema, value: unknown): SchemaError[] {
  const errors: SchemaError[] = [];
  check(schema, schema, value, "", errors);
  return errors;
}

/** true when `value` is valid against `schema`. */
export function isValid(schema: Schema, value: unknown): boolean {
  return validateSchema(schema, value).length === 0;
}

function err(errors: SchemaError[], instancePath: string, keyword: string, message: string, params: Record<string, unknown> = {}): void {
  errors.push({ instancePath, keyword, message, params });
}

function check(root: Schema, schema: Schema, v: unknown, path: string, errors: SchemaError[]): void {
  if (schema === true) return;
  if (schema === false) return err(errors, path, "false schema", "boolean schema is false");
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) throw new Error(`schema at ${path || "/"} is not an object`);
  const s = schema as Record<string, unknown>;
  for (const k of Object.keys(s)) if (!KNOWN.has(k)) throw new Error(`schema keyword "${k}" is not supported by this validator`);

  if (s.$ref !== undefined) {
    // draft-07: $ref ignores its sibling keywords.
    check(root, resolveRef(root, String(s.$ref)), v, path, errors);
    return;
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => hasType(v, t))) {
      err(errors, path, "type", `must be ${types.join(",")}`, { type: types.join(",") });
      return; // already invalid; the keywords below are for values of the right type
    }
  }
  if (s.enum !== undefined && !(s.enum as unknown[]).some((e) => jsonEqual(e, v))) {
    err(errors, path, "enum", "must be equal to one of the allowed values", { allowedValues: s.enum });
  }
  if (s.const !== undefined && !jsonEqual(s.const, v)) err(errors, path, "const", "must be equal to constant", { allowedValue: s.const });

  if (typeof v === "string") {
    if (typeof s.minLength === "number" && codePoints(v) < s.minLength)
      err(errors, path, "minLength", `must NOT have fewer than ${s.minLength} characters`, { limit: s.minLength });
    if (typeof s.maxLength === "number" && codePoints(v) > s.maxLength)
      err(errors, path, "maxLength", `must NOT have more than ${s.maxLength} characters`, { limit: s.maxLength });
    if (typeof s.pattern === "string" && !regex(s.pattern).test(v)) err(errors, path, "pattern", `must match pattern "${s.pattern}"`, { pattern: s.pattern });
  }
  if (typeof v === "number") {
    if (typeof s.minimum === "number" && !(v >= s.minimum)) err(errors, path, "minimum", `must be >= ${s.minimum}`, { comparison: ">=", limit: s.minimum });
    if (typeof s.maximum === "number" && !(v <= s.maximum)) err(errors, path, "maximum", `must be <= ${s.maximum}`, { comparison: "<=", limit: s.maximum });
    if (typeof s.exclusiveMinimum === "number" && !(v > s.exclusiveMinimum))
      err(errors, path, "exclusiveMinimum", `must be > ${s.exclusiveMinimum}`, { comparison: ">", limit: s.exclusiveMinimum });
    if (typeof s.exclusiveMaximum === "number" && !(v < s.exclusiveMaximum))
      err(errors, path, "exclusiveMaximum", `must be < ${s.exclusiveMaximum}`, { comparison: "<", limit: s.exclusiveMaximum });
    if (typeof s.multipleOf === "number") {
      const q = v / s.multipleOf;
      if (!Number.isFinite(q) || Math.abs(q - Math.round(q)) > 1e-9) err(errors, path, "multipleOf", `must be multiple of ${s.multipleOf}`, { multipleOf: s.multipleOf });
    }
  }
  if (Array.isArray(v)) checkArray(root, s, v, path, errors);
  else if (v !== null && typeof v === "object") checkObject(root, s, v as Record<string, unknown>, path, errors);

  if (Array.isArray(s.allOf)) for (const sub of s.allOf as Schema[]) check(root, sub, v, path, errors);
  if (Array.isArray(s.anyOf)) {
    const branch: SchemaError[] = [];
    let ok = false;
    for (const sub of s.anyOf as Schema[]) {
      const e: SchemaError[] = [];
      check(root, sub, v, path, e);
      if (e.length === 0) {
        ok = true;
        break;
      }
      branch.push(...e);
    }
    if (!ok) {
      errors.push(...branch);
      err(errors, path, "anyOf", "must match a schema in anyOf");
    }
  }
  if (Array.isArray(s.oneOf)) {
    const branch: SchemaError[] = [];
    const passing: number[] = [];
    (s.oneOf as Schema[]).forEach((sub, i) => {
      const e: SchemaError[] = [];
      check(root, sub, v, path, e);
      if (e.length === 0) passing.push(i);
      else branch.push(...e);
    });
    if (passing.length === 0) {
      errors.push(...branch);
      err(errors, path, "oneOf", "must match exactly one schema in oneOf", { passingSchemas: null });
    } else if (passing.length > 1) err(errors, path, "oneOf", "must match exactly one schema in oneOf", { passingSchemas: passing });
  }
  if (s.not !== undefined) {
    const e: SchemaError[] = [];
    check(root, s.not as Schema, v, path, e);
    if (e.length === 0) err(errors, path, "not", "must NOT be valid");
  }
  if (s.if !== undefined) {
    const e: SchemaError[] = [];
    check(root, s.if as Schema, v, path, e);
    const which = e.length === 0 ? "then" : "else";
    const sub = s[which];
    if (sub !== undefined) {
      const e2: SchemaError[] = [];
      check(root, sub as Schema, v, path, e2);
      if (e2.length) {
        errors.push(...e2);
        err(errors, path, "if", `must match "${which}" schema`, { failingKeyword: which });
      }
    }
  }
}

function checkArray(root: Schema, s: Record<string, unknown>, v: unknown[], path: string, errors: SchemaError[]): void {
  if (typeof s.minItems === "number" && v.length < s.minItems) err(errors, path, "minItems", `must NOT have fewer than ${s.minItems} items`, { limit: s.minItems });
  if (typeof s.maxItems === "number" && v.length > s.maxItems) err(errors, path, "maxItems", `must NOT have more than ${s.maxItems} items`, { limit: s.maxItems });
  if (s.items !== undefined) {
    if (Array.isArray(s.items)) {
      const tuple = s.items as Schema[];
      v.forEach((x, i) => {
        if (i < tuple.length) check(root, tuple[i], x, `${path}/${i}`, errors);
        else if (s.additionalItems !== undefined) {
          if (s.additionalItems === false) err(errors, path, "additionalItems", `must NOT have more than ${tuple.length} items`, { limit: tuple.length });
          else check(root, s.additionalItems as Schema, x, `${path}/${i}`, errors);
        }
      });
    } else v.forEach((x, i) => check(root, s.items as Schema, x, `${path}/${i}`, errors));
  }
  if (s.uniqueItems === true) {
    outer: for (let j = v.length - 1; j > 0; j--) {
      for (let i = j - 1; i >= 0; i--) {
        if (jsonEqual(v[i], v[j])) {
          err(errors, path, "uniqueItems", `must NOT have duplicate items (items ## ${i} and ${j} are identical)`, { i, j });
          break outer;
        }
      }
    }
  }
  if (s.contains !== undefined && !v.some((x) => validateSchemaFrom(root, s.contains as Schema, x)))
    err(errors, path, "contains", "must contain at least 1 valid item(s)", { minContains: 1 });
}

function validateSchemaFrom(root: Schema, schema: Schema, v: unknown): boolean {
  const e: SchemaError[] = [];
  check(root, schema, v, "", e);
  return e.length === 0;
}

function checkObject(root: Schema, s: Record<string, unknown>, v: Record<string, unknown>, path: string, errors: SchemaError[]): void {
  const keys = Object.keys(v);
  if (typeof s.minProperties === "number" && keys.length < s.minProperties)
    err(errors, path, "minProperties", `must NOT have fewer than ${s.minProperties} properties`, { limit: s.minProperties });
  if (typeof s.maxProperties === "number" && keys.length > s.maxProperties)
    err(errors, path, "maxProperties", `must NOT have more than ${s.maxProperties} properties`, { limit: s.maxProperties });
  if (Array.isArray(s.required)) {
    for (const r of s.required as string[]) {
      if (!Object.prototype.hasOwnProperty.call(v, r)) err(errors, path, "required", `must have required property '${r}'`, { missingProperty: r });
    }
  }
  if (s.dependencies !== undefined) {
    for (const [k, dep] of Object.entries(s.dependencies as Record<string, unknown>)) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      if (Array.isArray(dep)) {
        for (const d of dep as string[])
          if (!Object.prototype.hasOwnProperty.call(v, d))
            err(errors, path, "dependencies", `must have property ${d} when property ${k} is present`, { property: k, missingProperty: d });
      } else check(root, dep as Schema, v, path, errors);
    }
  }
  if (s.propertyNames !== undefined) {
    for (const k of keys) {
      const e: SchemaError[] = [];
      check(root, s.propertyNames as Schema, k, path, e);
      if (e.length) err(errors, path, "propertyNames", "property name must be valid", { propertyName: k });
    }
  }
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const patternProps = (s.patternProperties ?? {}) as Record<string, Schema>;
  const patternKeys = Object.keys(patternProps);
  for (const k of keys) {
    let matched = false;
    if (Object.prototype.hasOwnProperty.call(props, k)) {
      matched = true;
      check(root, props[k], v[k], `${path}/${pointerEscape(k)}`, errors);
    }
    for (const p of patternKeys) {
      if (regex(p).test(k)) {
        matched = true;
        check(root, patternProps[p], v[k], `${path}/${pointerEscape(k)}`, errors);
      }
    }
    if (!matched && s.additionalProperties !== undefined) {
      if (s.additionalProperties === false) err(errors, path, "additionalProperties", "must NOT have additional properties", { additionalProperty: k });
      else check(root, s.additionalProperties as Schema, v[k], `${path}/${pointerEscape(k)}`, errors);
    }
  }
}

/**
 * Structural checks of a card against what Excel accepts for an entity value,
 * used by the tests (and available to anyone building cards): every value has
 * its `type` and a `basicValue` of the right JavaScript type, numbers are finite,
 * arrays are rectangular and non-empty, nothing is `undefined` or an empty
 * object, layouts name only existing properties, hidden properties stay out of
 * the card view, property names are unique and usable in dot notation.
 *
 * Limits: Microsoft documents no limit on the length or number of entity
 * property names (https://learn.microsoft.com/javascript/api/excel/excel.entitycellvalue);
 * the text limit of a cell is 32,767 characters
 * (https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3).
 * We hold cards to stricter rules of our own: names of at most 64 characters,
 * unique ignoring case (dot notation ignores case), without "[", "]" or leading
 * or trailing spaces (dot notation writes names with spaces as `A2.[Mine production]`).
 */
import type { ArrayElement, EntityValue, PropertyValue } from "./types";

export const NAME_MAX = 64;
export const TEXT_MAX = 32_767;
export const LAYOUTS = ["List", "Table"] as const;

function checkNoUndefined(x: unknown, path: string, out: string[]): void {
  if (x === undefined) {
    out.push(`${path}: undefined`);
    return;
  }
  if (typeof x === "number" && !Number.isFinite(x)) out.push(`${path}: ${x}`);
  if (x && typeof x === "object") {
    const keys = Object.keys(x);
    if (!Array.isArray(x) && keys.length === 0) out.push(`${path}: empty object`);
    for (const k of keys) checkNoUndefined((x as Record<string, unknown>)[k], `${path}.${k}`, out);
  }
}

function checkValue(v: PropertyValue | ArrayElement, path: string, out: string[]): void {
  if (!v || typeof v !== "object") {
    out.push(`${path}: not a cell value`);
    return;
  }
  switch (v.type) {
    case "String":
      if (typeof v.basicValue !== "string") out.push(`${path}: String without text basicValue`);
      else if (v.basicValue.length > TEXT_MAX) out.push(`${path}: text longer than ${TEXT_MAX}`);
      break;
    case "Double":
      if (typeof v.basicValue !== "number" || !Number.isFinite(v.basicValue)) out.push(`${path}: Double without a finite basicValue`);
      break;
    case "FormattedNumber":
      if (typeof v.basicValue !== "number" || !Number.isFinite(v.basicValue)) out.push(`${path}: FormattedNumber without a finite basicValue`);
      if (typeof v.numberFormat !== "string" || v.numberFormat === "") out.push(`${path}: FormattedNumber without numberFormat`);
      break;
    case "Boolean":
      if (typeof v.basicValue !== "boolean") out.push(`${path}: Boolean without boolean basicValue`);
      break;
    case "Array": {
      const rows = v.elements;
      if (!Array.isArray(rows) || rows.length === 0 || !Array.isArray(rows[0]) || rows[0].length === 0) {
        out.push(`${path}: Array without elements`);
        break;
      }
      const w = rows[0].length;
      rows.forEach((r, i) => {
        if (!Array.isArray(r) || r.length !== w) out.push(`${path}: row ${i} is not ${w} wide`);
        else r.forEach((c, j) => checkValue(c, `${path}[${i}][${j}]`, out));
      });
      break;
    }
    case "Entity":
      out.push(...validateCard(v).map((m) => `${path} > ${m}`));
      break;
    default:
      out.push(`${path}: unsupported type ${(v as { type?: unknown }).type as string}`);
  }
  const md = (v as PropertyValue).propertyMetadata;
  if (md) {
    if (md.sublabel !== undefined && (typeof md.sublabel !== "string" || md.sublabel === "")) out.push(`${path}: empty sublabel`);
    for (const a of md.attribution ?? []) {
      if (!a.sourceText) out.push(`${path}: attribution without sourceText`);
      if (a.sourceAddress !== undefined && !/^https?:\/\//.test(a.sourceAddress)) out.push(`${path}: attribution link is not a URL`);
    }
  }
}

/** Problems with a card (empty when it is a valid entity value by the rules above). */
export function validateCard(card: EntityValue): string[] {
  const out: string[] = [];
  if (card.type !== "Entity") out.push(`type is ${String(card.type)}, not "Entity"`);
  if (typeof card.text !== "string" || card.text === "") out.push("text is missing");
  const props = card.properties;
  if (!props || typeof props !== "object" || Object.keys(props).length === 0) {
    out.push("no properties");
    return out;
  }
  checkNoUndefined(card, "card", out);
  const seen = new Map<string, string>();
  for (const [name, v] of Object.entries(props)) {
    if (name === "" || name !== name.trim()) out.push(`property "${name}": empty or padded name`);
    if (name.length > NAME_MAX) out.push(`property "${name}": name longer than ${NAME_MAX}`);
    if (/[[\]]/.test(name)) out.push(`property "${name}": name contains a bracket`);
    const k = name.toLowerCase();
    if (seen.has(k)) out.push(`property "${name}": same name as "${seen.get(k)}" ignoring case`);
    seen.set(k, name);
    checkValue(v, `property "${name}"`, out);
  }
  const card2 = card.layouts?.card;
  if (card2) {
    for (const ref of [card2.title, card2.subTitle]) if (ref && !(ref.property in props)) out.push(`layout names missing property "${ref.property}"`);
    const placed = new Set<string>();
    for (const s of card2.sections ?? []) {
      if (!(LAYOUTS as readonly string[]).includes(s.layout)) out.push(`section "${s.title ?? ""}": layout ${s.layout}`);
      if (!s.properties.length) out.push(`section "${s.title ?? ""}": no properties`);
      for (const p of s.properties) {
        if (!(p in props)) out.push(`section "${s.title ?? ""}" names missing property "${p}"`);
        else if (props[p].propertyMetadata?.excludeFrom?.cardView) out.push(`section "${s.title ?? ""}" shows hidden property "${p}"`);
        if (placed.has(p)) out.push(`property "${p}" is in two sections`);
        placed.add(p);
      }
    }
  }
  return out;
}

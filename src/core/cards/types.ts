/**
 * The JSON shape of the Excel data types a card is made of, declared here so the
 * core stays free of Office types (it is compiled without them). They mirror
 * `Excel.EntityCellValue` and friends of ExcelApi 1.16; src/functions/cards.ts
 * assigns a built card to `Excel.EntityCellValue`, so the compiler checks that
 * these stay assignable to Office's own types.
 *
 * Reference: https://learn.microsoft.com/javascript/api/excel/excel.entitycellvalue
 * and https://learn.microsoft.com/office/dev/add-ins/excel/excel-data-types-entity-card
 */

/** Source credit shown on a property (Excel.CellValueAttributionAttributes). */
export interface Attribution {
  sourceText?: string;
  sourceAddress?: string;
  licenseText?: string;
  licenseAddress?: string;
}

/** Excel.CellValuePropertyMetadata. */
export interface PropertyMetadata {
  sublabel?: string;
  attribution?: Attribution[];
  excludeFrom?: { cardView?: boolean; autoComplete?: boolean; calcCompare?: boolean; dotNotation?: boolean };
}

interface WithMetadata {
  propertyMetadata?: PropertyMetadata;
}

export interface StringValue extends WithMetadata {
  type: "String";
  basicValue: string;
}

export interface DoubleValue extends WithMetadata {
  type: "Double";
  basicValue: number;
}

export interface FormattedNumberValue extends WithMetadata {
  type: "FormattedNumber";
  basicValue: number;
  numberFormat: string;
}

export interface BooleanValue extends WithMetadata {
  type: "Boolean";
  basicValue: boolean;
}

/** A value inside an array (no metadata there). */
export type ArrayElement = StringValue | DoubleValue | FormattedNumberValue | BooleanValue | EntityValue;

export interface ArrayValue extends WithMetadata {
  type: "Array";
  elements: ArrayElement[][];
}

export type PropertyValue = StringValue | DoubleValue | FormattedNumberValue | BooleanValue | ArrayValue | EntityValue;

export interface CardSection {
  layout: "List" | "Table";
  title?: string;
  collapsible?: boolean;
  collapsed?: boolean;
  properties: string[];
}

export interface EntityValue extends WithMetadata {
  type: "Entity";
  text: string;
  properties: Record<string, PropertyValue>;
  layouts?: {
    compact?: { icon?: string };
    card?: { title?: { property: string }; subTitle?: { property: string }; sections?: CardSection[] };
  };
  provider?: { description?: string; logoSourceAddress?: string; logoTargetAddress?: string };
}

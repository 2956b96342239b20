/**
 * TRADE.CARD: entities of the data pack as Excel entity values ("cards") with
 * every figure's source. Thin JSDoc-tagged facade over src/core/cards (pure);
 * the metadata plugin reads the tags. Do not add CustomFunctions.associate
 * calls here.
 *
 * Returning entity values from a custom function needs `allowCustomDataForDataTypeAny`
 * in functions.json, which custom-functions-metadata emits for every build:
 * https://learn.microsoft.com/office/dev/add-ins/excel/custom-functions-data-types-concepts
 */
import { cardMatrix } from "../core/cards/matrix";
import type { EntityValue } from "../core/cards/types";
import { asTradeError } from "../core/errors";
import { cardsAllowed } from "../office/cards";
import { ExcelScalar, excelError, toExcel, whenDataReady } from "./adapter";

/** The compiler's check that a core card is an `Excel.EntityCellValue` (ExcelApi 1.16). */
function asEntityCellValue(card: EntityValue): Excel.EntityCellValue {
  return card;
}

/**
 * An entity (element, country, World, product, HS or HTS line, legal instrument) as a card: its reference figures with sources, China's controls and the US tariff on a date. Element-wise; on hosts without data types in custom functions, the entity's name.
 * @customfunction CARD
 * @helpurl https://localhost:3000/help/functions.html#card
 * @param entity A code or name TRADE.REF accepts ("Dy", "China", "World", "Dy oxide", "850511", "8505.11.00.70", "MOFCOM-61-2025"); a range gives one card per cell; blank cells give empty results.
 * @param [as_of] The date the card describes (statuses, controls, tariffs): an Excel date or "YYYY-MM-DD"; blank = the calculation date, and the card says so.
 * @param [edition] Edition of the figures by year, e.g. "MCS 2025"; blank = the newest edition reporting each figure.
 * @returns A card per entity (read it with dot notation, e.g. =A2.[Mine production], or pass it to any TRADE function); #N/A for an unknown entity.
 */
function CARD(entity: any[][], as_of?: any[][], edition?: any[][]): any[][] {
  return whenDataReady(() => {
    try {
      const m = cardMatrix(entity, as_of ?? null, edition ?? null, cardsAllowed() ? "entity" : "text");
      const out: (Excel.EntityCellValue | ExcelScalar)[][] = [];
      for (const row of m) out.push(row.map((v) => (typeof v === "object" && v !== null && (v as EntityValue).type === "Entity" ? asEntityCellValue(v as EntityValue) : toExcel(v))));
      return out;
    } catch (e) {
      return [[excelError(asTradeError(e))]];
    }
  });
}

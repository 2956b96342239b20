/** Entity cards (TRADE.CARD): building, checking, converting and sharing them. Pure. */
export * from "./types";
export { buildCard, cardFor, cardText, candidatesFor, canonicalId, checkCardEdition, htsLinesOfElement, labelOf, FIELD_LABELS, CARD_ORIGIN } from "./build";
export type { CardOptions } from "./build";
export { validateCard, NAME_MAX, TEXT_MAX } from "./validate";
export { cardToShare, isEntityValue, shareCardsTable, formatShown, KEY_PROPERTIES, SHARE_TABLE_HEADER, SHARE_CARDS_NOTE } from "./share";
export type { CardCell } from "./share";
export type { SharedCard, SharedFigure } from "./share";
export { resolveCell, resolveCells, cardFormula } from "./convert";
export type { CellResolution, CardCandidate } from "./convert";
export { numberFormatFor } from "./format";
export { cardMatrix, fitSpill, CARD_PARAMS } from "./matrix";
export { SPILL_BUDGET_BYTES, EXCEL_PAYLOAD_LIMIT_MB, CARD_DETAIL, compactCard, jsonBytes } from "./size";
export type { CardMode } from "./matrix";

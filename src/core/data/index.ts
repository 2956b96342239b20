/**
 * The reference data pack and TRADE.REF: one import for the rest of the code.
 * The loaders are in this folder; the entity kinds and the registry REF looks
 * them up in are in ../ref (re-exported here).
 */
export * from "./pack";
export * from "./sources";
export * from "./countries";
export * from "./elements";
export * from "./production";
export * from "./trade";
export * from "./stages";
export * from "./prices";
export * from "./hs";
export * from "../ref";
export { refValue, refMatrix, fieldsTable, dataVersionText, sourceText, sourceMatrix, parseYearOrDate } from "./ref";

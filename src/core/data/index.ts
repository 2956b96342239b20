/**
 * The reference data pack: one import for the rest of the code.
 * Importing this module registers the built-in REF entity kinds.
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
export { registerBuiltinKinds, UnknownField } from "./entities";
export { refValue, refMatrix, fieldsTable, dataVersionText, sourceText, sourceMatrix, parseYearOrDate } from "./ref";

// Entity kinds registered by other areas' loaders, so TRADE.REF and the task pane see every kind
// whichever module is imported first.
import "./instruments";
import "./tariffs";

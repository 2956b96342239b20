/** TRADE.REF's entity model: the types, the kinds (./kinds/index.ts lists them) and the registry over them. */
export * from "./types";
export * from "./registry";
export { ENTITY_KINDS } from "./kinds";

/** China's 0.1% rule, rare-earth content and export controls: the pure engine. */
export * from "./timeline";
export * from "./options";
export * from "./items";
export * from "./rule";
export * from "./bom";
export * from "./controls";

import { bomFunctions } from "./bom";
import { controlFunctions } from "./controls";
import { ruleFunctions } from "./rule";

/** Every China-area function's declaration, by id (read by src/functions/china.ts). */
export const chinaFunctions = { ...bomFunctions, ...ruleFunctions, ...controlFunctions };

/** The add-in's version: package.json's, injected at build time (webpack DefinePlugin, jest globals). */
import { declare } from "./signature";

declare const __ADDIN_VERSION__: string | undefined;

export const ADDIN_VERSION: string = typeof __ADDIN_VERSION__ === "string" ? __ADDIN_VERSION__ : "0.0.0-dev";

/** The declaration of VERSION (no parameters). */
export const versionFunctions = {
  VERSION: declare("VERSION", "scalar", [], () => ADDIN_VERSION),
};

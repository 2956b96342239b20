/** The add-in's version: package.json's, injected at build time (webpack DefinePlugin, jest globals). */
declare const __ADDIN_VERSION__: string | undefined;

export const ADDIN_VERSION: string = typeof __ADDIN_VERSION__ === "string" ? __ADDIN_VERSION__ : "0.0.0-dev";

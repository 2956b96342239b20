/** China's 0.1% rule, rare-earth content and export controls: the pure engine. */
export * from "./timeline";
export * from "./options";
export * from "./items";
export * from "./origin";
export * from "./rule";
export * from "./bom";
export * from "./controls";

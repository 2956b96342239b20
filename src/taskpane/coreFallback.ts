/**
 * The pane's own copy of the core, for when functions.js has not published it
 * (src/core/shared.ts). Built in webpack layer "pane-core", so these imports
 * are bundled (in a lazy chunk) rather than read from the global.
 */
import { publishCore } from "../core/shared";

publishCore();
export {};

/**
 * Registers the data pack's entity kinds with the registry in core/data/pack.ts
 * (the built-in kinds on importing core/data; instruments and HTS lines from
 * their own modules), so search, details and the field browser see them.
 */
import "../../core/data/index";
import "../../core/data/instruments";
import "../../core/data/tariffs";
export {};

/**
 * Loads a built functions bundle (dist/functions.js + functions.json) in a bare
 * Node vm context whose only global is a CustomFunctions shim, and calls
 * functions the way Excel does (null for omitted optional arguments, [[v]] for a
 * single value given to a matrix parameter). Used by test/harness.ts and the
 * benchmarks.
 */
const fs = require("fs");
const path = require("path");
const vm = require("vm");

class ShimError {
  constructor(code, message) {
    this.type = "CustomFunctions.Error";
    this.code = code;
    this.message = message;
  }
}

const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
};

/**
 * opts.realm: "vm" (default, tests): a bare vm context, proving the bundle needs
 * nothing but CustomFunctions. "main" (benchmarks): evaluated in this realm with a
 * CustomFunctions global, because a vm context's global object is an interceptor
 * that makes every global lookup (Number, Math, Array...) several times slower,
 * which Excel's runtime does not do.
 * opts.pack: another data pack than the bundled one, already checked (src/pack/verify.ts):
 * { datasets, state: { version, compiled, minAddinVersion, sha256, origin, file?, overlay? } }.
 * It is activated through the bundle's own core (core/data/active), as functions.js does with
 * a pack its host publishes; without it the bundle answers from its bundled pack.
 */
function loadBundle(dir, opts = {}) {
  const jsPath = path.join(dir, "functions.js");
  const jsonPath = path.join(dir, "functions.json");
  if (!fs.existsSync(jsPath) || !fs.existsSync(jsonPath)) {
    throw new Error(`${jsPath} or functions.json is missing: run \`npm run build:test\` first`);
  }
  const metadata = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
  const registry = new Map();
  const shim = {
    associate(idOrMap, f) {
      if (typeof idOrMap === "string") {
        if (registry.has(idOrMap)) throw new Error(`associate called twice for ${idOrMap}`);
        registry.set(idOrMap, f);
      } else for (const [k, v] of Object.entries(idOrMap)) registry.set(k, v);
    },
    Error: ShimError,
    ErrorCode: ERROR_CODES,
  };
  const code = fs.readFileSync(jsPath, "utf8");
  let context;
  if (opts.realm === "main") {
    const previous = globalThis.CustomFunctions;
    globalThis.CustomFunctions = shim;
    try {
      new vm.Script(code, { filename: jsPath }).runInThisContext();
    } finally {
      if (previous === undefined) delete globalThis.CustomFunctions;
      else globalThis.CustomFunctions = previous;
    }
  } else {
    // A bare context: only CustomFunctions (no window, document, console, timers).
    context = vm.createContext({ CustomFunctions: shim });
    vm.runInContext(code, context, { filename: jsPath });
  }
  const shared = opts.realm === "main" ? globalThis.__TRADE_CORE__ : context.__TRADE_CORE__;
  const active = shared && shared.modules["core/data/active"];
  if (opts.pack) {
    if (!active) throw new Error("the bundle publishes no core/data/active module to activate a pack with");
    active.activatePack(opts.pack.datasets, opts.pack.state);
  }
  const byId = new Map(metadata.functions.map((f) => [f.id, f]));
  const call = (id, ...args) => {
    const meta = byId.get(id);
    const f = registry.get(id);
    if (!meta || !f) throw new Error(`function ${id} is not ${meta ? "registered" : "in functions.json"}`);
    const params = meta.parameters;
    if (args.length > params.length) throw new Error(`${id} takes at most ${params.length} arguments, got ${args.length}`);
    const full = [];
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      let v = i < args.length ? args[i] : undefined;
      if (v === undefined) {
        if (!p.optional) throw new Error(`${id}: required argument ${p.name} is missing`);
        v = null;
      }
      if (p.dimensionality === "matrix" && !Array.isArray(v)) v = [[v]];
      full.push(v);
    }
    return f(...full);
  };
  const fn = (id) => {
    const f = registry.get(id);
    if (!f) throw new Error(`function ${id} is not registered`);
    return f;
  };
  /** The bundle's active data pack (version, origin, horizons, overlay, notice). */
  const packState = () => (active ? active.packState() : undefined);
  return { dist: dir, metadata, registry, call, fn, packState };
}

module.exports = { loadBundle, ShimError, ERROR_CODES };

/**
 * Lets the benchmarks require the pure TypeScript core (src/core/**) directly:
 * .ts files are transpiled to CommonJS on load with the project's TypeScript
 * (no type check; `npm run typecheck` does that).
 */
const fs = require("fs");
const ts = require("typescript");

require.extensions[".ts"] = function compileTs(module, filename) {
  const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(out.outputText, filename);
};

#!/usr/bin/env node
/**
 * trade-screen: the command-line screen (src/cli/main.ts) on the add-in's own core and data pack.
 *
 *   npm run screen -- bom lines.csv --products products.csv --as-of 2026-12-01 --out screen.xlsx
 *   trade-screen tariff entries.csv --overrides overrides.csv --out duties.csv      (after `npm link`)
 *
 * The command runs the TypeScript sources of this checkout (src/cli, src/core, src/data), so an
 * installed `trade-screen` always answers with the same core and data as the checkout it links to:
 * there is no second build to forget. Each .ts file is transpiled once by the project's TypeScript
 * (no type check: `npm run typecheck` does that) and the JavaScript kept in a cache keyed by the
 * file's content, so later runs start without loading TypeScript at all. The cache lives in
 * node_modules/.cache/trade-screen of this checkout, or in the system's temp folder when that is
 * not writable; deleting it is always safe.
 *
 * Plain CommonJS with path APIs only, so the same file is the `bin` entry on Windows (npm's cmd
 * shim runs it with node), macOS and Linux.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const COMPILER_OPTIONS = { module: "CommonJS", target: "ES2020", esModuleInterop: true, resolveJsonModule: true };

function typescriptVersion() {
  try {
    return JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [ROOT] }), "utf8")).version;
  } catch {
    return "none";
  }
}

/** A writable cache folder: the checkout's node_modules/.cache, else the temp folder (per user). */
function cacheDir() {
  const user = (() => {
    try {
      return os.userInfo().username.replace(/[^A-Za-z0-9_.-]/g, "_");
    } catch {
      return "user";
    }
  })();
  for (const dir of [path.join(ROOT, "node_modules", ".cache", "trade-screen"), path.join(os.tmpdir(), `trade-screen-cache-${user}`)]) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      fs.accessSync(dir, fs.constants.W_OK);
      return dir;
    } catch {
      // not writable: try the next one
    }
  }
  return null;
}

const CACHE = cacheDir();
const SALT = `${typescriptVersion()}|${JSON.stringify(COMPILER_OPTIONS)}|1`;
let ts;

function transpile(source, filename) {
  ts ??= require(require.resolve("typescript", { paths: [ROOT] }));
  const options = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2020,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}

require.extensions[".ts"] = function compileTs(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha256").update(SALT).update("\0").update(source).digest("hex");
  const cached = CACHE && path.join(CACHE, `${key}.js`);
  let js;
  if (cached) {
    try {
      js = fs.readFileSync(cached, "utf8");
    } catch {
      js = undefined;
    }
  }
  if (js === undefined) {
    js = transpile(source, filename);
    if (cached) {
      // Written under a temporary name and renamed, so a parallel run never reads half a file.
      const tmp = `${cached}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(tmp, js);
        fs.renameSync(tmp, cached);
      } catch {
        try {
          fs.unlinkSync(tmp);
        } catch {
          // nothing to clean
        }
      }
    }
  }
  module._compile(js, filename);
};

// The add-in's version, as webpack's DefinePlugin gives it to functions.js (src/core/version.ts).
globalThis.__ADDIN_VERSION__ = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

const { main } = require(path.join(ROOT, "src", "cli", "main.ts"));
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`trade-screen: internal error: ${e && e.stack ? e.stack : e}\n`);
    process.exitCode = 2;
  },
);

/**
 * Build: three bundles (functions, taskpane, commands) loaded by one page,
 * taskpane.html, which is the shared runtime. dist/functions.js is
 * self-contained (no split chunks, no runtime chunk) so it also runs in Excel's
 * JavaScript-only runtime and in a bare Node vm context (test/harness).
 */
const path = require("path");
const webpack = require("webpack");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { renderHtml } = require("./scripts/function-docs.cjs");
const { TemplatesPlugin } = require("./scripts/build-templates.cjs");
const { buildPack, latestFor } = require("./scripts/lib/pack.cjs");
const pkg = require("./package.json");

const { TEST_URL, checkHostingUrl, rewriteUrls, productionManifest } = require("./scripts/lib/manifest.cjs");

/** Every facade file with JSDoc-tagged custom functions (plugin input and entry must match). */
const FUNCTION_FILES = require("./scripts/function-files.cjs");

/**
 * The hosting URL of a production build: `--env url=https://...` or ADDIN_PROD_URL. There is no
 * default, so no placeholder can ship; without it the build stops with a message saying what to pass.
 */
function productionUrl(env) {
  try {
    const url = checkHostingUrl(env.url || process.env.ADDIN_PROD_URL, { allowTest: true });
    if (url === TEST_URL) console.warn(`build: TEST BUILD for ${TEST_URL}: not deployable (npm test and npm run bench build this way)`);
    else console.log(`build: production build for ${url}`);
    return url;
  } catch (e) {
    // A usage error: the message alone, no stack trace, and a failing exit code.
    console.error(`build: ${e.message}`);
    process.exit(2);
  }
}

/** Post-processes functions.json: error inputs allowed, URLs rewritten, and writes help/functions.html from it. */
class FunctionsMetadataPostProcess {
  /** @param {string | null} url the hosting URL (production) or null (development: URLs stay on localhost) */
  constructor(url) {
    this.url = url;
  }
  apply(compiler) {
    // Every compilation, child ones included: the metadata plugin also puts its raw functions.json into
    // HtmlWebpackPlugin's child compilation, whose copy would conflict with ours; it is dropped there.
    compiler.hooks.compilation.tap("FunctionsMetadataPostProcess", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "FunctionsMetadataPostProcess", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONS },
        () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset) return;
          if (compilation.compiler.isChild()) {
            compilation.deleteAsset("functions.json");
            return;
          }
          const meta = JSON.parse(asset.source.source().toString());
          // Let Excel pass error values (#N/A in a range) to `any` parameters so we can propagate them per element.
          meta.allowErrorForDataTypeAny = true;
          const json = JSON.stringify(meta, null, 2);
          const text = this.url ? rewriteUrls(json, this.url) : json;
          compilation.updateAsset("functions.json", new webpack.sources.RawSource(text));
          compilation.emitAsset(
            "help/functions.html",
            new webpack.sources.RawSource(renderHtml(JSON.parse(text), { version: pkg.version })),
          );
        },
      );
    });
  }
}

/**
 * The data pack as files beside the add-in: data/pack-<version>.json (every dataset of src/data,
 * with the header src/data/pack.json) and data/latest.json naming it with its SHA-256. The add-in
 * reads data/latest.json from its own origin at start; an organisation publishes a data update by
 * replacing these files on its host (docs/deploy.md). The pack is checked first with the add-in's
 * own checker (schemas and integrity rules, and ajv as a second opinion): a pack with a problem
 * fails the build, whichever way webpack is run.
 */
class DataPackPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("DataPackPlugin", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "DataPackPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, () => {
        compilation.contextDependencies.add(path.join(__dirname, "src", "data"));
        const pack = buildPack();
        if (pack.problems.length) {
          const lines = pack.problems.slice(0, 30).map((p) => `  ${p.text}`);
          if (pack.problems.length > 30) lines.push(`  … and ${pack.problems.length - 30} more (node scripts/check-data.cjs lists them all)`);
          compilation.errors.push(new Error(`the data pack in src/data has ${pack.problems.length} problem(s):\n${lines.join("\n")}`));
          return;
        }
        compilation.emitAsset(`data/${pack.file}`, new sources.RawSource(pack.text));
        compilation.emitAsset("data/latest.json", new sources.RawSource(latestFor(pack)));
      });
    });
  }
}

/**
 * dist/search-index.json: the pane's search index of the bundled pack, from this build's own
 * functions.json (scripts/lib/search-index.cjs, run in a process of its own so that it always reads
 * the sources as they are now). The pane's loader fetches it with the scripts.
 */
class SearchIndexPlugin {
  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap("SearchIndexPlugin", (compilation) => {
      // After FunctionsMetadataPostProcess (stage ADDITIONS) has finished functions.json.
      compilation.hooks.processAssets.tapPromise(
        { name: "SearchIndexPlugin", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONS + 1 },
        async () => {
          const asset = compilation.getAsset("functions.json");
          if (!asset) {
            compilation.errors.push(new Error("search-index.json: this build has no functions.json to list the functions from"));
            return;
          }
          try {
            const text = await new Promise((resolve, reject) => {
              const child = require("child_process").execFile(
                process.execPath,
                [path.join(__dirname, "scripts", "lib", "search-index.cjs")],
                { maxBuffer: 64 * 1024 * 1024, windowsHide: true },
                (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
              );
              child.stdin.end(asset.source.source().toString());
            });
            compilation.emitAsset("search-index.json", new sources.RawSource(text));
          } catch (e) {
            compilation.errors.push(new Error(`search-index.json could not be computed: ${e.message}`));
          }
        },
      );
    });
  }
}

/** SHA-256 of the bundled pack's file, compiled into functions.js (it tells the bundled pack from a published one). */
function bundledPackSha() {
  return buildPack(undefined, { check: false }).sha256;
}

/**
 * Development only: the dev server's live-reload client talks to wss://localhost:3000/ws. CSP Level 3
 * counts that as 'self', but older WebKit (Excel on Mac) does not, so the development page names it.
 * The production page keeps taskpane.html's policy unchanged.
 */
class DevServerCspPlugin {
  apply(compiler) {
    compiler.hooks.compilation.tap("DevServerCspPlugin", (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap("DevServerCspPlugin", (data) => {
        const port = devServerPort();
        data.html = data.html.replace("connect-src 'self'", `connect-src 'self' wss://localhost:${port}`);
        return data;
      });
    });
  }
}

/**
 * HTTPS for the dev server from office-addin-dev-certs. Installing its CA needs
 * sudo on Linux; where that fails, the generated (untrusted) certificate is used
 * and the browser will ask to trust it, which is enough for the preview mode.
 */
async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  try {
    return await devCerts.getHttpsServerOptions();
  } catch (e) {
    const fs = require("fs");
    const dir = path.join(require("os").homedir(), ".office-addin-dev-certs"); // office-addin-dev-certs/lib/defaults
    const file = (n) => path.join(dir, n);
    if (["ca.crt", "localhost.crt", "localhost.key"].every((n) => fs.existsSync(file(n)))) {
      console.warn(`dev-server: could not install the development CA (${e.message.split("\n")[0]}); serving with the untrusted certificate in ${dir}`);
      return { ca: fs.readFileSync(file("ca.crt")), cert: fs.readFileSync(file("localhost.crt")), key: fs.readFileSync(file("localhost.key")) };
    }
    throw e;
  }
}

/** The dev server's port: npm passes package.json's config.dev_server_port as this variable; 3000 otherwise. */
function devServerPort() {
  return Number(process.env.npm_package_config_dev_server_port || pkg.config.dev_server_port || 3000);
}

/**
 * The dev server's client (live reload, error overlay) as an entry module of its own, for the pane
 * only. Its query is what webpack-dev-server would inject into every entry (Server.addAdditionalEntries):
 * the web socket at wss://localhost:<port>/ws, full-page reload, no hot module replacement.
 */
function devClientEntry(protocol) {
  const q = new URLSearchParams({
    protocol,
    hostname: "localhost",
    port: String(devServerPort()),
    pathname: "/ws",
    logging: "info",
    overlay: JSON.stringify({ errors: true, warnings: false, runtimeErrors: false }),
    reconnect: "10",
    hot: "false",
    "live-reload": "true",
  });
  return `${require.resolve("webpack-dev-server/client/index.js")}?${q}`;
}

const SRC = path.resolve(__dirname, "src");
const CORE = path.join(SRC, "core");
/** "core/data/pack" for a relative request that resolves to a core module (see src/core/shared.ts), else undefined. */
function coreModuleKey(context, request) {
  if (!context || !request || !request.startsWith(".")) return undefined;
  const base = path.resolve(context, request);
  if (!base.startsWith(CORE + path.sep)) return undefined;
  const fs = require("fs");
  for (const file of [base + ".ts", path.join(base, "index.ts")]) {
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      const key = path.relative(SRC, file).replace(/\\/g, "/").replace(/\.ts$/, "");
      return key === "core/shared" ? undefined : key;
    }
  }
  return undefined;
}

/**
 * The pane's static shell (src/taskpane/shell.ts) for taskpane.html: its CSS with the light theme's
 * values as fallbacks, and its markup with this build's add-in version and bundled data pack.
 */
function shellParameters() {
  require("./scripts/lib/ts-require.cjs");
  const shell = require("./src/taskpane/shell.ts");
  const { horizonsOf } = require("./src/core/data/active.ts");
  const { webLightTheme } = require("@fluentui/react-components");
  const pack = buildPack(undefined, { check: false });
  return {
    shellCss: shell.withThemeFallbacks(shell.SHELL_CSS, { ...webLightTheme, fontFamilyBase: shell.PANE_FONT_FAMILY }).trim(),
    shellHtml: shell.shellHtml({ addin: pkg.version, pack: pack.header.version, origin: "bundled", horizon: horizonsOf(pack.datasets).china }),
  };
}

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  const url = dev ? null : productionUrl(env);
  // Certificates only when serving (office-addin-dev-certs installs a trusted localhost CA on first use).
  const serving = process.argv.includes("serve") || !!env.WEBPACK_SERVE;
  const https = serving ? await httpsOptions() : undefined;
  return {
    devtool: "source-map",
    target: ["web", "es2019"],
    entry: {
      functions: FUNCTION_FILES,
      // Layer "pane": its core imports come from the copy functions.js publishes (src/core/shared.ts).
      // Served (npm start / preview): the dev server's live-reload client goes into the pane's bundle only.
      taskpane: { import: [...(serving ? [devClientEntry(https ? "wss:" : "ws:")] : []), "./src/taskpane/index.tsx"], layer: "pane" },
      commands: "./src/commands/commands.ts",
      // The static shell's search: answers a query typed into the shell from the build's search
      // index before functions.js and the pane have run (no React, no core, no data).
      "shell-search": "./src/taskpane/shellSearch.ts",
      // The data-pack checker, run in a worker by functions.js only when the host publishes other data.
      "pack-check": "./src/pack/worker.ts",
    },
    output: {
      // DIST_DIR lets parallel builds (tests, bench) use their own folder.
      path: path.resolve(__dirname, process.env.DIST_DIR || "dist"),
      filename: "[name].js",
      // The pane's on-demand views (and the pane's fallback copy of the core): pane.<name>.js.
      chunkFilename: "pane.[name].js",
      clean: true,
      globalObject: "globalThis",
    },
    resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
    experiments: { layers: true },
    // The pane reads core modules from functions.js's copy instead of bundling a second one.
    externals: [
      ({ context, request, contextInfo }, callback) => {
        const key = contextInfo && contextInfo.issuerLayer === "pane" ? coreModuleKey(context, request) : undefined;
        if (key) return callback(null, `globalThis.__TRADE_CORE__.modules[${JSON.stringify(key)}]`, "var");
        return callback();
      },
    ],
    module: {
      rules: [
        // The pane's fallback copy of the core (when functions.js is missing) is bundled, not external.
        { test: /[\\/]src[\\/]taskpane[\\/]coreFallback\.ts$/, layer: "pane-core" },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: { loader: "ts-loader", options: { transpileOnly: true, configFile: "tsconfig.json" } },
        },
      ],
    },
    optimization: {
      // Entry chunks are never split (functions.js stays one self-contained file); only the pane's
      // on-demand views (dynamic imports of the taskpane entry) share their common modules.
      splitChunks: { chunks: "async" },
      runtimeChunk: false,
    },
    performance: { hints: false },
    plugins: [
      new webpack.DefinePlugin({
        "process.env.NODE_ENV": JSON.stringify(dev ? "development" : "production"),
        __ADDIN_VERSION__: JSON.stringify(pkg.version),
        // Recomputed on every (re)build: the data can change while the dev server runs.
        __BUNDLED_PACK_SHA256__: webpack.DefinePlugin.runtimeValue(() => JSON.stringify(bundledPackSha()), true),
      }),
      new DataPackPlugin(),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTION_FILES }),
      new FunctionsMetadataPostProcess(url),
      new SearchIndexPlugin(),
      // Template workbooks (src/templates) generated as dist/templates/*.xlsx + index.json.
      new TemplatesPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["shell-search", "functions", "taskpane", "commands"],
        chunksSortMode: "manual",
        // Not injected: the template preloads the scripts and boot.js starts them, in this order
        // (the shell's search first, it is small; functions.js publishes the core the pane reads),
        // after the static shell is painted.
        inject: false,
        templateParameters: shellParameters(),
      }),
      ...(dev ? [new DevServerCspPlugin()] : []),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          // The pane's loader (see the file): taskpane.html names the scripts it starts.
          { from: "src/taskpane/boot.js", to: "boot.js" },
          // Production: dist/manifest.xml for the hosting URL. Development: the dev manifest as it is.
          dev
            ? { from: "manifest.dev.xml", to: "[name][ext]" }
            : {
                from: "manifest.xml",
                to: "[name][ext]",
                transform: (content) => productionManifest(content.toString(), { url, version: pkg.version }),
              },
        ],
      }),
    ],
    devServer: {
      // Only this machine can reach the dev server (its certificate is for localhost anyway). No CORS
      // header: Excel loads functions.js, functions.json and the page from this origin itself, and
      // nothing else needs to read them from another origin.
      host: "localhost",
      static: false,
      server: { type: "https", options: https },
      port: devServerPort(),
      // No client injected into every entry and no hot module replacement: both add webpack runtime
      // code that works out the bundle's URL from document.currentScript ("automatic publicPath"), which
      // does not exist where functions.js also has to run (Excel's JavaScript-only runtime, and Node,
      // where the templates plugin computes the templates' cached values from this very functions.js).
      // The live-reload client is in the pane's entry instead (devClientEntry): a change reloads the
      // page, which reloads functions.js with it.
      client: false,
      hot: false,
      liveReload: true,
      webSocketServer: "ws",
    },
  };
};

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
const pkg = require("./package.json");

const URL_DEV = "https://localhost:3000/";
/** Where the production build is hosted; set ADDIN_PROD_URL when deploying. */
const URL_PROD = (process.env.ADDIN_PROD_URL || pkg.config.prod_url).replace(/\/?$/, "/");

/** Every facade file with JSDoc-tagged custom functions (plugin input and entry must match). */
const FUNCTION_FILES = require("./scripts/function-files.cjs");

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
/** Rewrites every dev URL (not only the first, the Shared template's bug). */
function rewriteUrls(text, dev) {
  if (dev) return text;
  // Full URLs first, then bare origins (AppDomain), so every occurrence changes.
  return text
    .replace(new RegExp(escapeRegExp(URL_DEV), "g"), URL_PROD)
    .replace(new RegExp(escapeRegExp(URL_DEV.replace(/\/$/, "")), "g"), new URL(URL_PROD).origin);
}

/** Post-processes functions.json: error inputs allowed, URLs rewritten, and writes help/functions.html from it. */
class FunctionsMetadataPostProcess {
  constructor(dev) {
    this.dev = dev;
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
          const text = rewriteUrls(JSON.stringify(meta, null, 2), this.dev);
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

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  // Certificates only when serving (office-addin-dev-certs installs a trusted localhost CA on first use).
  const serving = process.argv.includes("serve") || !!env.WEBPACK_SERVE;
  const https = serving ? await httpsOptions() : undefined;
  return {
    devtool: "source-map",
    target: ["web", "es2019"],
    entry: {
      functions: FUNCTION_FILES,
      // Layer "pane": its core imports come from the copy functions.js publishes (src/core/shared.ts).
      taskpane: { import: "./src/taskpane/index.tsx", layer: "pane" },
      commands: "./src/commands/commands.ts",
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
      }),
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: FUNCTION_FILES }),
      new FunctionsMetadataPostProcess(dev),
      // Template workbooks (src/templates) generated as dist/templates/*.xlsx + index.json.
      new TemplatesPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["functions", "taskpane", "commands"],
        chunksSortMode: "manual",
        scriptLoading: "blocking",
        inject: "body",
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform: (content) => rewriteUrls(content.toString(), dev),
          },
        ],
      }),
    ],
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      static: false,
      server: { type: "https", options: https },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
    },
  };
};

/**
 * npm start / npm run start:web: one entry for every platform.
 *
 *   node scripts/start.mjs            Windows and macOS: sideload manifest.dev.xml into Excel desktop.
 *                                     Linux (no Excel desktop): say so and start the preview instead.
 *   node scripts/start.mjs web <url>  sideload into the Excel on the web workbook at <url>.
 *   node scripts/start.mjs preview    the pane in a browser at https://localhost:3000/taskpane.html.
 *
 * Sideloading goes through office-addin-debugging's API (not its CLI, which prints an error and still
 * exits 0). It starts the dev server itself (`npm run dev-server`: webpack serves the development
 * build from memory, so there is no separate development build) and waits for the port before it
 * sideloads (office-addin-dev-settings runs that command line through the platform shell). The
 * preview runs the same dev server in the foreground: Ctrl+C stops it.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { checkWorkbookUrl } = require("./lib/workbook-url.cjs");
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
// npm passes config.dev_server_port as this variable (webpack.config.js reads the same one).
const port = Number(process.env.npm_package_config_dev_server_port || pkg.config?.dev_server_port || 3000);
const manifest = join(root, "manifest.dev.xml");
const previewUrl = `https://localhost:${port}/taskpane.html`;

/**
 * The dev server for the preview, run by node itself (no npm or shell in between), so a Ctrl+C or
 * a SIGTERM to this script reaches webpack directly on every platform. Same command as the
 * "dev-server" npm script.
 */
function devServer() {
  const cli = join(root, "node_modules", "webpack-cli", "bin", "cli.js");
  return spawn(process.execPath, [cli, "serve", "--mode", "development"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, npm_package_config_dev_server_port: String(port) },
  });
}

function preview(reason) {
  if (reason) console.log(reason);
  console.log(`start: serving the task pane preview at ${previewUrl} (Ctrl+C to stop).`);
  console.log("start: open that address in a browser; everything works except inserting into a workbook.");
  const child = devServer();
  const stop = (sig) => child.kill(sig);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", (code, signal) => process.exit(signal ? 0 : (code ?? 1)));
}

async function sideload(appType, document) {
  const { startDebugging, AppType } = require("office-addin-debugging");
  await startDebugging(manifest, {
    appType: appType === "web" ? AppType.Web : AppType.Desktop,
    app: "excel",
    // Run through the platform shell by office-addin-dev-settings; the same words work in cmd.exe and sh.
    devServerCommandLine: "npm run dev-server",
    devServerPort: port,
    document,
  });
  console.log(
    `start: sideloaded ${appType === "web" ? "into Excel on the web" : "into Excel desktop"} as "Rare Earth Trade Modeler (dev)". \`npm stop\` ends the session.`,
  );
}

async function main() {
  const [mode = "desktop", document] = process.argv.slice(2);
  if (mode === "preview") return preview();
  if (mode === "web") {
    // The URL reaches the system's opener (cmd.exe on Windows): only a plain https URL is accepted.
    const checked = checkWorkbookUrl(document);
    if (checked.error) {
      console.error(checked.error);
      process.exit(1);
    }
    return sideload("web", checked.url);
  }
  if (mode !== "desktop") {
    console.error(`start: unknown mode "${mode}" (desktop, web <url> or preview)`);
    process.exit(1);
  }
  if (process.platform !== "win32" && process.platform !== "darwin") {
    return preview(
      `start: there is no Excel desktop on ${process.platform}; starting the preview instead (npm run start:web sideloads into Excel on the web).`,
    );
  }
  return sideload("desktop");
}

main().catch((e) => {
  console.error(`start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});

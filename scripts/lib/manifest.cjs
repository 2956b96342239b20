/**
 * One place for the add-in's URLs and identities, used by webpack.config.js,
 * scripts/manifest.mjs (writes manifest.dev.xml) and scripts/validate-manifest.mjs.
 *
 * manifest.xml is the production manifest's source: production <Id> and name, URLs on
 * https://localhost:3000/ that `npm run build` rewrites to the hosting URL. manifest.dev.xml is
 * generated from it with its own <Id> and a "(dev)" name, so a development and a production
 * install can sit side by side in the same Excel. Both carry package.json's version as
 * Office's four-part <Version>.
 */
"use strict";

const DEV_URL = "https://localhost:3000/";
const PROD_ID = "d18f2b62-bac5-45cb-8486-1e29d8474493";
const DEV_ID = "9eac5d30-27b9-4e9b-8153-6ccd48ec8056";
const NAME = "Rare Earth Trade Modeler";
const DEV_NAME = `${NAME} (dev)`;
const GROUP = "Rare Earth Trade";
const DEV_GROUP = `${GROUP} (dev)`;
/**
 * The URL `npm test` and `npm run bench` build with. The .invalid top-level domain can never
 * resolve (RFC 2606), so such a build cannot be deployed by mistake; the validator names it.
 */
const TEST_URL = "https://test-build.invalid/";

/** Hosts that are documentation placeholders, never a real deployment. */
const PLACEHOLDER_HOST = /(^|\.)example\.(com|net|org)$|(^|\.)invalid$|(^|\.)test$/i;

/**
 * package.json's semver as Office's x.y.z.w (each part 0..65535 in the manifest schema):
 * "1.4.2" → "1.4.2.0". A pre-release or build suffix is dropped.
 */
function officeVersion(semver) {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(String(semver));
  if (!m) throw new Error(`package.json version "${semver}" is not x.y.z`);
  const parts = m.slice(1, 4).map(Number);
  if (parts.some((n) => n > 65535)) throw new Error(`package.json version "${semver}": Office allows at most 65535 per part`);
  return `${parts.join(".")}.0`;
}

/**
 * Checks a hosting URL for a production build; returns it normalised with a trailing slash,
 * or throws an Error whose message says what to pass. `allowTest` admits TEST_URL.
 */
function checkHostingUrl(raw, { allowTest = false } = {}) {
  const how =
    "Pass where dist/ will be hosted, for example\n" +
    "  npm run build -- --env url=https://addins.contoso.com/rare-earth/\n" +
    "or set ADDIN_PROD_URL in the environment. See docs/deploy.md.";
  if (!raw) throw new Error(`A production build needs the hosting URL.\n${how}`);
  let u;
  try {
    u = new URL(String(raw));
  } catch {
    throw new Error(`The hosting URL "${raw}" is not a URL.\n${how}`);
  }
  if (u.protocol !== "https:") throw new Error(`The hosting URL "${raw}" must use https (Office loads add-ins over HTTPS only).`);
  if (u.search || u.hash) throw new Error(`The hosting URL "${raw}" must not have a query or fragment.`);
  const url = u.toString().replace(/\/?$/, "/");
  if (allowTest && url === TEST_URL) return url;
  if (PLACEHOLDER_HOST.test(u.hostname)) throw new Error(`The hosting URL "${raw}" is a placeholder domain, not a deployment.\n${how}`);
  return url;
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Rewrites every development URL (full URLs, then the bare origin of <AppDomain>) to `url`. */
function rewriteUrls(text, url) {
  return text
    .replace(new RegExp(escapeRegExp(DEV_URL), "g"), url)
    .replace(new RegExp(escapeRegExp(DEV_URL.replace(/\/$/, "")), "g"), new URL(url).origin);
}

function setVersion(xml, version) {
  if (!/<Version>[^<]*<\/Version>/.test(xml)) throw new Error("manifest has no <Version>");
  return xml.replace(/<Version>[^<]*<\/Version>/, `<Version>${officeVersion(version)}</Version>`);
}

/** The production manifest: URLs on the hosting URL, package.json's version. */
function productionManifest(source, { url, version }) {
  const note =
    url === TEST_URL
      ? `TEST BUILD for ${url}: NOT DEPLOYABLE (the .invalid domain never resolves). Build with the hosting URL to deploy.`
      : `Built by \`npm run build\` for ${url}: the production manifest, to deploy (docs/deploy.md).`;
  return setVersion(rewriteUrls(source, url), version).replace(
    /<!--[\s\S]*?-->/,
    `<!-- Rare Earth Trade Modeler ${officeVersion(version)}. ${note} -->`,
  );
}

/** The development manifest: own <Id>, "(dev)" names, localhost URLs, package.json's version. */
function developmentManifest(source, { version }) {
  const swap = (xml, from, to, what) => {
    if (!xml.includes(from)) throw new Error(`manifest.xml: expected ${what} ${from}`);
    return xml.split(from).join(to);
  };
  let xml = setVersion(source, version);
  xml = swap(xml, `<Id>${PROD_ID}</Id>`, `<Id>${DEV_ID}</Id>`, "<Id>");
  xml = swap(xml, `<DisplayName DefaultValue="${NAME}"/>`, `<DisplayName DefaultValue="${DEV_NAME}"/>`, "DisplayName");
  xml = swap(
    xml,
    `<bt:String id="Group.Label" DefaultValue="${GROUP}"/>`,
    `<bt:String id="Group.Label" DefaultValue="${DEV_GROUP}"/>`,
    "Group.Label",
  );
  // The header comment of the source describes the production template; say what this file is.
  xml = xml.replace(
    /<!--[\s\S]*?-->/,
    "<!-- GENERATED from manifest.xml by `npm run manifest` (do not edit): the development manifest, with its own <Id> and\n" +
      '     a "(dev)" name so it can be installed beside the production add-in. URLs point at the dev server on localhost:3000. -->',
  );
  return xml;
}

module.exports = {
  DEV_URL,
  TEST_URL,
  PROD_ID,
  DEV_ID,
  NAME,
  DEV_NAME,
  officeVersion,
  checkHostingUrl,
  rewriteUrls,
  productionManifest,
  developmentManifest,
};

/**
 * The workbook URL `npm run start:web -- <url>` sideloads into. office-addin-dev-settings appends
 * its own query (`&wdaddindevserverport=...`) and hands the result to the `open` package, which on
 * Windows runs `cmd /c start "" /b <url>` and escapes only `&` (as `^&`). cmd.exe would act on any
 * other metacharacter in the URL (`|`, `<`, `>`, `^`, `"`, parentheses, `%NAME%` variable
 * references...), so only a plain https URL is accepted, and a refusal says what was wrong.
 *
 * Accepted: https://, a host, and the characters of a URL other than these. `&` is kept (it joins
 * query parameters, and `open` escapes it); `%` only as percent-encoding (`%7B`), and never as a
 * `%NAME%` span naming a variable of this environment, which cmd.exe would replace.
 */

/** Characters cmd.exe (or a POSIX shell, should one ever see the URL) gives a meaning to; `&` and `%` are handled apart. */
const META = /[\s"'`<>|^!;$(){}\\*]/;

/**
 * { url } when `text` may be opened, else { error } saying why. env: the environment whose variable
 * names cmd.exe would expand (process.env by default).
 */
function checkWorkbookUrl(text, env = process.env) {
  const usage = 'pass the workbook\'s https:// address, e.g. npm run start:web -- "https://contoso.sharepoint.com/:x:/g/personal/you/EAbc123?e=xyz"';
  if (typeof text !== "string" || text.trim() === "") return { error: `start: no workbook URL; ${usage}` };
  if (!/^https:\/\//i.test(text)) return { error: `start: the workbook URL must start with https:// (got "${text.slice(0, 60)}"); ${usage}` };
  const bad = META.exec(text);
  if (bad) {
    const what = /\s/.test(bad[0]) ? "white space" : `"${bad[0]}"`;
    return { error: `start: refusing the workbook URL: it contains ${what} at position ${bad.index + 1}, which the Windows command shell that opens it would interpret; percent-encode it (%XX, e.g. a space as %20, "!" as %21)` };
  }
  for (let i = text.indexOf("%"); i >= 0; i = text.indexOf("%", i + 1)) {
    if (!/^%[0-9A-Fa-f]{2}/.test(text.slice(i))) {
      return { error: `start: refusing the workbook URL: "%" at position ${i + 1} is not percent-encoding (%XX); the Windows command shell would read it as a variable reference` };
    }
  }
  const names = new Set(Object.keys(env).map((k) => k.toUpperCase()));
  // Every span between two consecutive "%" (overlapping: in "%7Ba%7D" both "7Ba" and "7D..." are tried).
  const at = [...text.matchAll(/%/g)].map((m) => m.index);
  for (let k = 0; k + 1 < at.length; k++) {
    const name = text.slice(at[k] + 1, at[k + 1]);
    if (name && names.has(name.toUpperCase())) {
      return { error: `start: refusing the workbook URL: "%${name}%" names an environment variable, which the Windows command shell would replace` };
    }
  }
  let url;
  try {
    url = new URL(text);
  } catch {
    return { error: `start: "${text.slice(0, 60)}" is not a URL; ${usage}` };
  }
  if (!url.hostname) return { error: `start: the workbook URL has no host; ${usage}` };
  return { url: text };
}

module.exports = { checkWorkbookUrl };

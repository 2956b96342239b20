import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";

/** The Office-specific rules of the plugin's recommended config (its formatting rules are left to prettier). */
const officeRules = Object.fromEntries(
  officeAddins.configs.recommended.flatMap((c) => Object.entries(c.rules || {})).filter(([name]) => name.startsWith("office-addins/")),
);

/** Office.js globals: used only in src/office/ (see the rule below). */
const OFFICE_GLOBALS = ["Excel", "Office", "OfficeRuntime"];
const OFFICE_NAMES = `/^(${OFFICE_GLOBALS.join("|")})$/`;
const GLOBAL_OBJECTS = "/^(globalThis|window|self)$/";
/** A node's field and the same field seen through up to three TS wrappers (`as`, `!`, `satisfies`). */
const UNWRAPPED = (field) => [field, `${field}.expression`, `${field}.expression.expression`, `${field}.expression.expression.expression`];
const OFFICE_MESSAGE = "Office.js is called only in src/office/ (host.ts, capabilities.ts, insert.ts, insertTemplate.ts, shareCopy.ts); call those modules instead.";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test-artifacts/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { "office-addins": officeAddins },
    rules: officeRules,
  },
  {
    // One Office room: every Office.js call lives in src/office/ (host detection, capability checks, inserts,
    // template insert, share copy). Elsewhere in src the Excel/Office/OfficeRuntime globals are forbidden as
    // values, directly or through globalThis/window/self; type positions (`Excel.Range`, `typeof Office`) stay
    // allowed since they compile away. test/unit/lint-office-globals.test.ts proves the rule on fixtures.
    files: ["src/**/*.ts", "src/**/*.tsx"],
    ignores: ["src/office/**"],
    rules: {
      "no-restricted-globals": ["error", ...OFFICE_GLOBALS.map((name) => ({ name, message: OFFICE_MESSAGE }))],
      "no-restricted-syntax": [
        "error",
        ...[
          // globalThis.Office, globalThis["Office"], (globalThis as T).Office, (window as unknown as T)!.Office
          ...UNWRAPPED("object").flatMap((obj) => [
            `MemberExpression[${obj}.name=${GLOBAL_OBJECTS}][property.name=${OFFICE_NAMES}]`,
            `MemberExpression[${obj}.name=${GLOBAL_OBJECTS}][property.value=${OFFICE_NAMES}]`,
          ]),
          // const { Office } = globalThis (as T)
          ...UNWRAPPED("init").map(
            (init) => `VariableDeclarator[${init}.name=${GLOBAL_OBJECTS}] > ObjectPattern > Property[key.name=${OFFICE_NAMES}]`,
          ),
        ].map((selector) => ({ selector, message: OFFICE_MESSAGE })),
      ],
    },
  },
  {
    // Layers: the Office room and the core sit below the pane and the function facades, so neither imports them
    // (what both need, such as the insert blocks in core/blocks.ts, lives in core). test/unit/layers.test.ts
    // checks every import of src as well.
    files: ["src/office/**/*.ts", "src/core/**/*.ts", "src/pack/**/*.ts", "src/templates/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/taskpane", "**/taskpane/**"], message: "Lower layers do not import the task pane; move what both need into src/core." },
            { group: ["**/functions", "**/functions/**"], message: "Lower layers do not import the custom-function facades; move what both need into src/core." },
          ],
        },
      ],
    },
  },
  {
    // Facades: functions are referenced by the CustomFunctions.associate calls the metadata loader appends at build time.
    files: ["src/functions/**/*.ts"],
    rules: { "@typescript-eslint/no-unused-vars": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: ["**/*.cjs", "webpack.config.js", "jest.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly", console: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["test/**/*.ts", "test/**/*.tsx"],
    rules: { "@typescript-eslint/no-require-imports": "off", "@typescript-eslint/no-explicit-any": "off" },
  },
);

import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";

/** The Office-specific rules of the plugin's recommended config (its formatting rules are left to prettier). */
const officeRules = Object.fromEntries(
  officeAddins.configs.recommended.flatMap((c) => Object.entries(c.rules || {})).filter(([name]) => name.startsWith("office-addins/")),
);

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "test-artifacts/**", "coverage/**"] },
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { "office-addins": officeAddins },
    rules: officeRules,
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

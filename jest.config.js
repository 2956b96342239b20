/**
 * Three projects: unit (pure core and Office modules against office-addin-mock),
 * bundle (the built dist/ loaded through test/harness.ts), e2e (real headless
 * Chromium). `npm test` runs them in order with the build in between.
 */
const pkg = require("./package.json");

const tsJest = [
  "ts-jest",
  {
    tsconfig: { isolatedModules: true, module: "commonjs", moduleResolution: "node", jsx: "react-jsx", esModuleInterop: true, resolveJsonModule: true, target: "ES2020" },
    diagnostics: false,
  },
];

const common = {
  testEnvironment: "node",
  transform: { "^.+\\.tsx?$": tsJest },
  moduleFileExtensions: ["ts", "tsx", "js", "cjs", "mjs", "json"],
  globals: { __ADDIN_VERSION__: pkg.version },
};

module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts?(x)"] },
    { ...common, displayName: "bundle", testMatch: ["<rootDir>/test/bundle/**/*.test.ts"] },
    { ...common, displayName: "e2e", testMatch: ["<rootDir>/test/e2e/**/*.test.ts"], testTimeout: 90000 },
  ],
};

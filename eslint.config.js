import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "node_modules/", "tmp/", ".cache/", "bench/results/", "public/build/", "extensions/loyalty-widget/assets/rewards.js", "extensions/loyalty-widget/assets/surveys.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  {
    // The built server installs Remix's fetch globals (server.mjs), whose Response has no static json(): a route that
    // answers with Response.json works in tests and fails in production. Use `json` from @remix-run/node.
    files: ["app/**/*.ts", "app/**/*.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Response'][callee.property.name='json']", message: "Response.json is missing from the production server's Response: use json() from @remix-run/node." },
      ],
    },
  },
  {
    // The theme extension's script runs in shoppers' browsers as a classic script: browser globals only. Its source
    // is storefront/rewards.js; the asset is its minified build (scripts/build-storefront.mjs), not linted.
    files: ["extensions/**/assets/**/*.js", "storefront/**/*.js"],
    languageOptions: {
      sourceType: "script",
      ecmaVersion: 2022,
      globals: { ...Object.fromEntries(Object.keys(globals.node).map((name) => [name, "off"])), ...globals.browser },
    },
  },
);

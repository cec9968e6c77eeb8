// House rules (npm run lint, part of npm test). Formatting is Prettier's
// (.prettierrc.json, 150 columns); these are the rules about meaning.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    { ignores: ["**/node_modules/**", "**/*.d.ts", "packages/*/dist/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts", "**/*.mjs", "**/*.js"],
        languageOptions: {
            globals: { process: "readonly", console: "readonly", Buffer: "readonly", __dirname: "readonly", require: "readonly", module: "writable" },
        },
        rules: {
            // Strings, URLs and comments may not fit; code must (Prettier breaks code at 150).
            "max-len": [
                "error",
                { code: 150, tabWidth: 4, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
            ],
            "@typescript-eslint/no-explicit-any": "error",
            "@typescript-eslint/ban-ts-comment": "error",
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
            "@typescript-eslint/no-namespace": ["error", { allowDeclarations: true }],
            eqeqeq: ["error", "always"],
            // A closure may read a binding that is assigned once, after it is made (a server handler and its broker).
            "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
            // require() is how the program loads a platform's cloud SDK only when it is chosen, and how tests load
            // the program under mocks and a JSON file by path.
            "@typescript-eslint/no-require-imports": "off",
        },
    },
    {
        // The program: a function a reader can hold in view.
        files: ["components/**/*.ts", "index.ts"],
        rules: { "max-lines-per-function": ["error", { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true }] },
    },
    {
        // Pulumi's program contract is `export =` a function; a namespace merged into it exports `deploy` beside it.
        files: ["index.ts"],
        rules: { "@typescript-eslint/no-namespace": "off" },
    },
);

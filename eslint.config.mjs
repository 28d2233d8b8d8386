import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { importLayers } from "./eslint/import-layers.mjs";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  ...importLayers,
  {
    // Pages, layouts and route handlers read through query functions (lib/**/…-reads.ts and
    // the like), never the console database themselves.
    files: ["app/**/page.tsx", "app/**/layout.tsx", "app/**/route.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@/lib/db/console-db",
              message: "Read through a query function in lib/, not the console database.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    ".data/**",
    "test-results/**",
    "playwright-report/**",
  ]),
]);

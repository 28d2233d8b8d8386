"use client";

import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";

/**
 * Serves Monaco from the installed package instead of @monaco-editor/react's CDN default, with
 * its editor and JSON workers built into the app. Imported only by the browser-only editor.
 */
declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === "json") {
      return new Worker(
        new URL("monaco-editor/languages/features/json/json.worker", import.meta.url),
        {
          type: "module",
        },
      );
    }
    return new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), {
      type: "module",
    });
  },
};

const diagnostics = {
  validate: true,
  allowComments: false,
  trailingCommas: "error",
  schemaValidation: "error",
} as const;
monaco.json.jsonDefaults.setDiagnosticsOptions(diagnostics);

const schemas = new Map<string, object>();

function applySchemas() {
  monaco.json.jsonDefaults.setDiagnosticsOptions({
    ...diagnostics,
    schemas: [...schemas].map(([modelUri, schema]) => ({
      uri: `${modelUri}#schema`,
      fileMatch: [modelUri],
      schema,
    })),
  });
}

/** Binds a JSON Schema to one editor model (by its URI); returns how to unbind it. */
export function registerSchema(modelUri: string, schema: object): () => void {
  schemas.set(modelUri, schema);
  applySchemas();
  return () => {
    schemas.delete(modelUri);
    applySchemas();
  };
}

loader.config({ monaco });

export { monaco };

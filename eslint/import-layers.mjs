import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import { readdirSync } from "node:fs";

/**
 * Import direction inside lib/, checked by `npm run lint`. Each lib/ folder may import only the
 * lib/ folders it lists, and the lists form no cycle (checked below), so no two folders depend
 * on each other; nothing in lib/ imports from app/ or components/. docs/architecture.md says
 * what each folder owns.
 */
const LIB_IMPORTS = {
  // Leaves: pure shapes and configuration.
  result: [],
  metadata: [],
  format: [],
  config: [],
  scheduling: ["config"],
  // The one door to Clerk: no domain folder; the database only for the shared call budget.
  clerk: ["result", "metadata", "config", "scheduling", "db"],
  db: ["config", "scheduling"],
  flags: ["result", "metadata"],
  audit: ["result", "metadata", "clerk", "db", "flags"],
  // The `where` language over users: its syntax, its meaning (the reference), no I/O.
  "user-filter": ["result", "metadata"],
  // Clerk's users as last seen, kept by webhooks and Metadeck's own writes.
  "user-index": ["result", "metadata", "config", "clerk", "db", "auth", "user-filter"],
  // Staff changes and sign-in events are audited where they happen.
  auth: ["result", "config", "db", "audit"],
  users: [
    "result",
    "metadata",
    "config",
    "clerk",
    "db",
    "flags",
    "audit",
    "user-index",
    "review/rules",
  ],
  bulk: [
    "scheduling",
    "result",
    "metadata",
    "config",
    "clerk",
    "db",
    "flags",
    "audit",
    "users",
    "user-index",
    "user-filter",
    "format",
    "review/rules",
  ],
  // Two-person review, in two layers. What needs review and what a request is: the policy, path
  // patterns, approvals, reasons, request shapes (pure).
  "review/rules": ["result", "metadata", "flags", "auth"],
  // Requests as they move: stored, decided, applied through the checked save.
  "review/requests": [
    "result",
    "metadata",
    "config",
    "clerk",
    "db",
    "flags",
    "audit",
    "auth",
    "users",
    "review/rules",
    "user-index",
    "bulk",
  ],
  actions: ["result", "auth", "audit"],
  // Browser reads: types and pure URL builders from the domains, fetches to route handlers.
  query: ["result", "metadata", "clerk", "audit", "bulk", "users", "user-filter"],
  // What a load balancer asks: the database and Clerk, each ok or degraded.
  health: ["config", "db", "clerk", "scheduling"],
  startup: [
    "config",
    "db",
    "flags",
    "auth",
    "bulk",
    "clerk",
    "scheduling",
    "user-index",
    "review/rules",
  ],
};

function assertAcyclic(graph) {
  const state = new Map();
  const visit = (node, path) => {
    if (state.get(node) === "done") return;
    if (state.get(node) === "open")
      throw new Error(
        `eslint/import-layers.mjs: lib/ folders import in a cycle: ${[...path, node].join(" → ")}`,
      );
    if (!(node in graph))
      throw new Error(`eslint/import-layers.mjs: unknown lib/ folder "${node}"`);
    state.set(node, "open");
    for (const next of graph[node]) visit(next, [...path, node]);
    state.set(node, "done");
  };
  for (const node of Object.keys(graph)) visit(node, []);
}
assertAcyclic(LIB_IMPORTS);

// A folder is placed by its own entry, or (review) by entries for each of its subfolders.
const placed = (name) => Object.keys(LIB_IMPORTS).some((key) => key.split("/")[0] === name);
const unplaced = readdirSync(new URL("../lib", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !placed(entry.name))
  .map((entry) => `lib/${entry.name}`);
if (unplaced.length > 0)
  throw new Error(`eslint/import-layers.mjs: place ${unplaced.join(", ")} in LIB_IMPORTS`);

const zones = [
  {
    target: "./lib",
    from: ["./app", "./components"],
    message: "lib/ never imports from app/ or components/: imports flow one way.",
  },
  ...Object.entries(LIB_IMPORTS).map(([folder, allowed]) => ({
    target: `./lib/${folder}`,
    from: "./lib",
    except: [`./${folder}`, ...allowed.map((name) => `./${name}`)],
    message: `lib/${folder} may import only ${allowed.length ? allowed.map((n) => `lib/${n}`).join(", ") : "no other lib/ folder"} (eslint/import-layers.mjs).`,
  })),
];

export const importLayers = [
  {
    files: ["lib/**/*.{ts,tsx}"],
    ignores: ["**/*.test.{ts,tsx}"],
    rules: { "import/no-restricted-paths": ["error", { zones }] },
  },
  {
    files: ["lib/**/*.test.{ts,tsx}"],
    rules: { "import/no-restricted-paths": ["error", { zones: [zones[0]] }] },
  },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    // import-x's no-cycle: eslint-plugin-import's took about 70 s of a cold lint run (most of it).
    plugins: { "import-x": importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver()],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
];

import { readFileSync } from "node:fs";
import { join } from "node:path";

interface ServerReferenceManifest {
  node: Record<string, { filename: string; exportedName: string }>;
}

/** A server action's id, read from the production build, as a browser would learn it. */
export function actionId(exportedName: string, root = process.cwd()): string {
  const manifest = JSON.parse(
    readFileSync(join(root, ".next/server/server-reference-manifest.json"), "utf8"),
  ) as ServerReferenceManifest;
  const found = Object.entries(manifest.node).find(([, a]) => a.exportedName === exportedName);
  if (!found) throw new Error(`no server action named ${exportedName} in the build`);
  return found[0];
}

import { createHash } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "next.config.mjs",
  "public",
  "postcss.config.mjs",
  "instrumentation.ts",
  "metadeck.config.ts",
  "proxy.ts",
  "package-lock.json",
  "tsconfig.json",
];

function walk(path: string, out: string[]): void {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) walk(join(path, entry), out);
  } else if (!path.endsWith(".test.ts")) {
    out.push(`${path}:${stat.size}:${stat.mtimeMs}`);
  }
}

/** Changes whenever a file the production build depends on changes (keep this list in step with
 * the root files Next.js reads), so a stale build is rebuilt. */
export function buildFingerprint(root: string): string {
  const entries: string[] = [];
  for (const source of SOURCES) walk(join(root, source), entries);
  return createHash("sha256").update(entries.join("\n")).digest("hex");
}

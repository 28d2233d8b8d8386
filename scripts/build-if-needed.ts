import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildFingerprint } from "./build-fingerprint";

/** Runs `next build` unless `.next` already holds a build of exactly these sources. */
export async function buildIfNeeded(root: string, env: NodeJS.ProcessEnv): Promise<void> {
  const stamp = join(root, ".next", "metadeck-build-fingerprint");
  const fingerprint = buildFingerprint(root);
  const fresh =
    existsSync(join(root, ".next", "BUILD_ID")) &&
    existsSync(stamp) &&
    readFileSync(stamp, "utf8") === fingerprint;
  if (fresh) return;
  console.log("Building the dashboard (first start or changed sources)…");
  const nextBin = join(root, "node_modules", "next", "dist", "bin", "next");
  await new Promise<void>((resolve, reject) => {
    const build = spawn(process.execPath, [nextBin, "build"], {
      env: { ...env, NEXT_TELEMETRY_DISABLED: "1" },
      stdio: "inherit",
    });
    build.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error("The dashboard build failed; see the output above.")),
    );
  });
  writeFileSync(stamp, fingerprint);
}

// Run directly (`tsx scripts/build-if-needed.ts`), e.g. before Playwright starts `next start`.
if (process.argv[1]?.endsWith("build-if-needed.ts")) {
  buildIfNeeded(process.cwd(), process.env).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

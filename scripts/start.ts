/**
 * `npm start` (and `npm run dev` with --dev): builds the dashboard when its sources changed,
 * starts the embedded Clerk emulator unless a real Clerk key is configured, then the dashboard.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { join } from "node:path";
import { parseServerEnv } from "@/lib/config/parse-server-env";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { readEmulatorEnv } from "@/emulator/config";
import { resolveAuthSecret } from "@/lib/auth/auth-secret";
import { commandActor } from "@/lib/audit/audit-actor";
import { createAuth } from "@/lib/auth/create-auth";
import { DEMO_STAFF, ensureDemoStaff } from "@/lib/auth/demo-staff";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { checkSignInAtStartup } from "@/lib/startup/check-sign-in";
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";
import { buildIfNeeded } from "./build-if-needed";
import { waitForHttp } from "./wait-for-http";

const root = process.cwd();
const dev = process.argv.includes("--dev");
const children: ChildProcess[] = [];
let stopping = false;

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdio: "inherit" | "pipe" = "inherit",
): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", stdio, "inherit"] });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`${args.join(" ")} stopped (${signal ?? `exit ${code}`}); shutting down.`);
    stop(code ?? 1);
  });
  return child;
}

function stop(code: number) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 300).unref();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

async function waitForLine(child: ChildProcess, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      buffer += chunk.toString();
      const line = buffer.split("\n").find((l) => l.includes(marker));
      if (line) resolve(line);
    });
    child.once("exit", () => reject(new Error(`exited before printing "${marker}"`)));
  });
}

/** Embedded mode: the console database exists, is migrated, and holds one demo account per role. */
async function prepareDemoStaff(env: NodeJS.ProcessEnv, secret: string) {
  const opened = openConsoleDatabase(parseDatabaseUrl(env.DATABASE_URL));
  try {
    await migrateConsoleDatabase(opened);
    const auth = createAuth(opened, { secret, baseURL: "http://127.0.0.1" });
    await ensureDemoStaff({ auth, db: opened.db, actor: commandActor("npm start") });
  } catch (error) {
    fail(`The console database could not be prepared: ${(error as Error).message}`);
  } finally {
    await opened.db.destroy();
  }
}

/** The dashboard's own address as a process on this machine reaches it. */
function ownUrl(host: string, port: number): string {
  if (host === "0.0.0.0" || host === "::") return `http://127.0.0.1:${port}`;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

async function main() {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  let config, secret;
  try {
    config = parseServerEnv(env);
    secret = resolveAuthSecret(env, config.embedded);
    flagCatalogue();
    await checkSignInAtStartup(env);
  } catch (error) {
    fail((error as Error).message);
  }
  const port = Number(env.PORT ?? 3000);
  // Loopback by default; a load balancer on another machine needs HOST=0.0.0.0 (or an address).
  const host = env.HOST ?? "127.0.0.1";
  if (isIP(host) === 0) fail(`Invalid HOST "${host}": use an IP address to listen on.`);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`Invalid PORT "${env.PORT}": use a port number.`);

  let emulatorUrl: string | null = null;
  if (config.embedded) {
    let emulatorEnv;
    try {
      emulatorEnv = readEmulatorEnv(env);
    } catch (error) {
      fail((error as Error).message);
    }
    // The emulator sends its user webhooks to this dashboard, signed with a secret made now
    // (unless one is given), so the user index follows every change with no set-up.
    env.CLERK_WEBHOOK_SIGNING_SECRET ??= `whsec_${randomBytes(24).toString("base64")}`;
    const emulator = run(
      process.execPath,
      ["--import", "tsx", join(root, "emulator", "main.ts")],
      {
        ...env,
        CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
        EMULATOR_WEBHOOK_URL:
          env.EMULATOR_WEBHOOK_URL ?? `${ownUrl(host, port)}/api/webhooks/clerk`,
        EMULATOR_WEBHOOK_SECRET: env.EMULATOR_WEBHOOK_SECRET ?? env.CLERK_WEBHOOK_SIGNING_SECRET,
      },
      "pipe",
    );
    const ready = await waitForLine(emulator, "Clerk emulator ready at").catch((e: Error) =>
      fail(`The Clerk emulator did not start: ${e.message}`),
    );
    emulatorUrl =
      /ready at (\S+)/.exec(ready)?.[1] ?? `http://127.0.0.1:${emulatorEnv.EMULATOR_PORT}`;
    env.CLERK_SECRET_KEY = EMBEDDED_SECRET_KEY;
    env.CLERK_API_URL = emulatorUrl;
    // Bulk jobs pace themselves to the emulator's limits (no limits: as fast as production).
    env.CLERK_RATE_LIMIT ??= emulatorEnv.EMULATOR_RATE_LIMIT === "dev" ? "dev" : "prod";
  }

  // better-auth checks each request's origin against the dashboard's own URL.
  env.BETTER_AUTH_URL ??= `http://127.0.0.1:${port}`;
  if (config.embedded) {
    // The dashboard gets the emulator's key, so hand it the embedded session secret explicitly.
    env.BETTER_AUTH_SECRET ??= secret;
    await prepareDemoStaff(env, secret);
  }
  if (!dev) await buildIfNeeded(root, env).catch((e: Error) => fail(e.message));
  run(
    process.execPath,
    [
      "--import",
      "tsx",
      join(root, "scripts", "serve.ts"),
      ...(dev ? ["--dev"] : []),
      "--hostname",
      host,
      "--port",
      String(port),
    ],
    env,
  );
  const dashboardUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${dashboardUrl}/api/health`, 120_000).catch((e: Error) => fail(e.message));

  console.log("\nMetadeck is running.");
  console.log(`  Dashboard:      ${dashboardUrl}`);
  if (emulatorUrl) {
    console.log(`  Clerk emulator: ${emulatorUrl} (embedded; key ${EMBEDDED_SECRET_KEY})`);
    console.log("  Demo staff accounts (embedded mode only):");
    for (const demo of DEMO_STAFF)
      console.log(`    ${demo.role.padEnd(8)} ${demo.email}  password: ${demo.password}`);
  } else {
    console.log(`  Clerk API:      ${config.apiUrl}`);
  }
  console.log("Press Ctrl+C to stop.\n");
}

void main();

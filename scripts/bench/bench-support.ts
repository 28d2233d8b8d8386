/** What the dashboard benchmarks share: a staff account, a production server, a signed-in cookie. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnEmulator } from "@/emulator/bench/spawn-emulator";
import { commandActor } from "@/lib/audit/audit-actor";
import { createAuth } from "@/lib/auth/create-auth";
import type { Role } from "@/lib/auth/roles";
import { addStaff } from "@/lib/auth/staff-accounts";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { waitForHttp } from "../wait-for-http";

export const BENCH_AUTH_SECRET = "bench-only-auth-secret-0123456789abcdefghijkl";
export const BENCH_PASSWORD = "bench-staff-password";

export async function createBenchStaff(file: string, email: string, role: Role): Promise<void> {
  const opened = openConsoleDatabase({ kind: "sqlite", file });
  try {
    await migrateConsoleDatabase(opened);
    const auth = createAuth(opened, { secret: BENCH_AUTH_SECRET, baseURL: "http://127.0.0.1" });
    const added = await addStaff(
      { auth, db: opened.db, actor: commandActor("npm run bench") },
      { email, password: BENCH_PASSWORD, role },
    );
    if (!added.ok) throw new Error(added.error.message);
  } finally {
    await opened.db.destroy();
  }
}

/** The built dashboard as `npm start` serves it (scripts/serve.ts), against the given emulator and console database. */
export async function startDashboard(options: {
  root: string;
  port: number;
  emulatorUrl: string;
  databaseFile: string;
  env?: Record<string, string>;
}): Promise<{ url: string; process: ChildProcess }> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(options.root, "scripts/serve.ts"),
      "--hostname",
      "127.0.0.1",
      "--port",
      String(options.port),
    ],
    {
      env: {
        ...process.env,
        CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
        CLERK_API_URL: options.emulatorUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        BETTER_AUTH_SECRET: BENCH_AUTH_SECRET,
        BETTER_AUTH_URL: url,
        DATABASE_URL: options.databaseFile,
        ...options.env,
      },
      stdio: "ignore",
    },
  );
  await waitForHttp(`${url}/api/health`);
  return { url, process: child };
}

/** Signs in over HTTP, as a browser would; returns the Cookie header to send. */
export async function signIn(appUrl: string, email: string): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: appUrl },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`bench sign-in failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** The emulator's admin API, with its key. */
export function emulatorAdmin(emulatorUrl: string) {
  return async <T>(path: string, method: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emulatorUrl}/__emulator${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${EMBEDDED_SECRET_KEY}`,
        "Content-Type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`emulator ${method} ${path}: ${res.status}`);
    return (await res.json()) as T;
  };
}

/**
 * A seeded emulator and a production dashboard on temporary files, with one staff account
 * signed in; `stop` removes everything again.
 */
export async function startBenchStack(options: {
  root: string;
  users: number;
  emulatorRateLimit: "off" | "dev" | "prod";
  staff: { email: string; role: Role };
  port: number;
  env?: Record<string, string>;
}) {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-bench-"));
  const emulator = await spawnEmulator({
    EMULATOR_PORT: "0",
    EMULATOR_DB: join(dir, "emulator.sqlite"),
    EMULATOR_SEED_USERS: String(options.users),
    EMULATOR_RATE_LIMIT: options.emulatorRateLimit,
    EMULATOR_FAULTS: "",
    CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
  });
  const databaseFile = join(dir, "console.sqlite");
  await createBenchStaff(databaseFile, options.staff.email, options.staff.role);
  const dashboard = await startDashboard({
    root: options.root,
    port: options.port,
    emulatorUrl: emulator.url,
    databaseFile,
    env: options.env,
  });
  return {
    emulatorUrl: emulator.url,
    appUrl: dashboard.url,
    admin: emulatorAdmin(emulator.url),
    cookie: await signIn(dashboard.url, options.staff.email),
    async stop() {
      dashboard.process.kill("SIGTERM");
      await emulator.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

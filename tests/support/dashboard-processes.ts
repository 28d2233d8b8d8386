/**
 * The built dashboard and its staff, as separate processes on a chosen console database: what
 * the benchmarks and the several-instances tests start. Not for the browser tests' own server.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { commandActor } from "@/lib/audit/audit-actor";
import { createAuth } from "@/lib/auth/create-auth";
import type { Role } from "@/lib/auth/roles";
import { addStaff } from "@/lib/auth/staff-accounts";
import type { JobProgress } from "@/lib/bulk/bulk-jobs";
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";
import { waitForHttp } from "@/scripts/wait-for-http";
import { actionId } from "./action-id";

export const STACK_AUTH_SECRET = "stack-only-auth-secret-0123456789abcdefghijkl";
export const STACK_PASSWORD = "stack-staff-password";

/** Migrates the console database DATABASE_URL names and adds a staff account to it. */
export async function createStaff(databaseUrl: string, email: string, role: Role): Promise<void> {
  const opened = openConsoleDatabase(parseDatabaseUrl(databaseUrl));
  try {
    await migrateConsoleDatabase(opened);
    const auth = createAuth(opened, { secret: STACK_AUTH_SECRET, baseURL: "http://127.0.0.1" });
    const added = await addStaff(
      { auth, db: opened.db, actor: commandActor("test set-up") },
      { email, password: STACK_PASSWORD, role },
    );
    if (!added.ok) throw new Error(added.error.message);
  } finally {
    await opened.db.destroy();
  }
}

export interface DashboardProcess {
  url: string;
  process: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far (its server log). */
  logs(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/**
 * One instance of the built dashboard, as `npm run serve` starts it, against the given Clerk
 * (emulator) and console database. `publicUrl` is BETTER_AUTH_URL: the address people use,
 * the same on every instance behind one load balancer.
 */
export async function startDashboard(options: {
  root: string;
  port: number;
  emulatorUrl: string;
  databaseUrl: string;
  publicUrl?: string;
  env?: Record<string, string>;
}): Promise<DashboardProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(options.root, "scripts/serve.ts"), "--port", String(options.port)],
    {
      cwd: options.root,
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        CLERK_SECRET_KEY: EMBEDDED_SECRET_KEY,
        CLERK_API_URL: options.emulatorUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        BETTER_AUTH_SECRET: STACK_AUTH_SECRET,
        BETTER_AUTH_URL: options.publicUrl ?? url,
        DATABASE_URL: options.databaseUrl,
        // Test staff sign in with passwords alone unless a test asks for two-factor.
        REQUIRE_2FA: "off",
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let logs = "";
  for (const stream of [child.stdout, child.stderr])
    stream?.on("data", (chunk: Buffer) => {
      logs += chunk.toString("utf8");
      if (process.env.STACK_LOGS) process.stderr.write(chunk);
    });
  await waitForHttp(`${url}/api/health`);
  return {
    url,
    process: child,
    logs: () => logs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Signs in over HTTP, as a browser would; returns the Cookie header to send. */
export async function signIn(
  appUrl: string,
  email: string,
  origin = appUrl,
  password = STACK_PASSWORD,
): Promise<string> {
  const response = await fetch(`${appUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: origin },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** Calls a server action as the browser does; returns the RSC answer's text. */
export async function postAction(
  appUrl: string,
  path: string,
  action: string,
  args: unknown[],
  cookie: string,
): Promise<string> {
  const response = await fetch(`${appUrl}${path}`, {
    method: "POST",
    headers: {
      "Next-Action": actionId(action),
      "Content-Type": "text/plain;charset=UTF-8",
      Accept: "text/x-component",
      Origin: appUrl,
      Cookie: cookie,
    },
    body: JSON.stringify(args),
  });
  return response.text();
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

/** Starts a bulk flag change with the dashboard's Apply action; returns the job's id. */
export async function startBulkJob(
  appUrl: string,
  cookie: string,
  target: { kind: "query"; query: string } | { kind: "list"; text: string },
  flagKey: string,
): Promise<string> {
  const answer = await postAction(
    appUrl,
    "/flags/bulk",
    "applyAction",
    [{ target, flagKey, value: true }],
    cookie,
  );
  const jobId = /"value":"(bulk_[a-z0-9]+)"/.exec(answer)?.[1];
  if (!jobId) throw new Error(`Apply failed: ${answer.slice(0, 500)}`);
  return jobId;
}

/** A job's progress as its page reads it, from the given instance. */
export async function bulkProgress(
  appUrl: string,
  cookie: string,
  jobId: string,
): Promise<JobProgress> {
  const response = await fetch(`${appUrl}/api/bulk/${jobId}`, { headers: { Cookie: cookie } });
  if (response.status !== 200) throw new Error(`progress of ${jobId}: ${response.status}`);
  return (await response.json()) as JobProgress;
}

/** Polls a job's progress until it is completed or cancelled. */
export async function untilJobFinished(
  appUrl: string,
  cookie: string,
  jobId: string,
): Promise<JobProgress> {
  for (;;) {
    const progress = await bulkProgress(appUrl, cookie, jobId);
    if (progress.job.status === "completed" || progress.job.status === "cancelled") return progress;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits for the user index backfill a new dashboard starts by itself, so a measurement sees
 * the steady state rather than a dashboard still reading every user from Clerk.
 */
export async function untilIndexBackfilled(
  databaseUrl: string,
  timeoutMs = 600_000,
): Promise<void> {
  const opened = openConsoleDatabase(parseDatabaseUrl(databaseUrl));
  try {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      const row = await opened.db
        .selectFrom("index_sync")
        .select("status")
        .where("kind", "=", "backfill")
        .executeTakeFirst();
      if (row?.status === "completed") return;
      if (Date.now() > giveUpAt) throw new Error("the user index backfill did not complete");
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await opened.db.destroy();
  }
}

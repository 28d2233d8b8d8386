import "server-only";
import { createHash } from "node:crypto";
import { CLERK_INSTANCE_LIMITS } from "@/lib/config/limits";
import { serverEnv } from "@/lib/config/server-env";
import { WindowCounter } from "@/lib/db/window-counter";
import { consoleDb } from "@/lib/db/console-db";
import { CallBudget } from "@/lib/scheduling/call-budget";
import { systemClock } from "@/lib/scheduling/clock";

// One budget object per process, kept across development reloads; its counts live in the
// console database, shared by every instance.
const holder = globalThis as typeof globalThis & { __metadeckClerkBudget?: Promise<CallBudget> };

/**
 * Names the Clerk instance without storing its secret: every Metadeck instance with the same
 * key and API draws from the same budget, and a second Clerk instance gets its own.
 */
function budgetKey(secretKey: string, apiUrl: string | undefined): string {
  return createHash("sha256")
    .update(`${apiUrl ?? "https://api.clerk.com"}\n${secretKey}`)
    .digest("base64url")
    .slice(0, 22);
}

async function create(): Promise<CallBudget> {
  const { secretKey, apiUrl, rateLimit } = serverEnv();
  return new CallBudget({
    store: new WindowCounter(await consoleDb()),
    key: budgetKey(secretKey, apiUrl),
    limit: CLERK_INSTANCE_LIMITS[rateLimit],
    clock: systemClock,
  });
}

/** The Backend API budget every call of this process draws from (`CLERK_RATE_LIMIT`'s limit). */
export function clerkBudget(): Promise<CallBudget> {
  holder.__metadeckClerkBudget ??= create();
  return holder.__metadeckClerkBudget;
}

import "server-only";
import { serverEnv } from "@/lib/config/server-env";
import { consoleDb } from "@/lib/db/console-db";
import { resolveAuthSecret } from "./auth-secret";
import { createAuth, type StaffAuth } from "./create-auth";

const holder = globalThis as typeof globalThis & {
  __metadeckAuth?: Promise<StaffAuth>;
  __metadeckAuthSecret?: string;
};

/** The key that signs staff sessions (read or generated once per process). */
export function authSecret(): string {
  holder.__metadeckAuthSecret ??= resolveAuthSecret(process.env, serverEnv().embedded);
  return holder.__metadeckAuthSecret;
}

/** better-auth over the console database; built once per server process. */
export function staffAuth(): Promise<StaffAuth> {
  holder.__metadeckAuth ??= consoleDb().then((opened) =>
    createAuth(opened, {
      secret: resolveAuthSecret(process.env, serverEnv().embedded),
      baseURL: process.env.BETTER_AUTH_URL,
    }),
  );
  return holder.__metadeckAuth;
}

import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { authSecret } from "./auth-secret";
import { createAuth, type StaffAuth } from "./create-auth";
import { signInSettings } from "./sign-in-config";

const holder = globalThis as typeof globalThis & { __metadeckAuth?: Promise<StaffAuth> };

/** better-auth over the console database; built once per server process. */
export function staffAuth(): Promise<StaffAuth> {
  holder.__metadeckAuth ??= consoleDb().then((opened) =>
    createAuth(opened, {
      secret: authSecret(),
      baseURL: process.env.BETTER_AUTH_URL,
      signIn: signInSettings(),
    }),
  );
  return holder.__metadeckAuth;
}

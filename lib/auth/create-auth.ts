import { betterAuth, type BetterAuthOptions } from "better-auth";
import { getMigrations } from "better-auth/db/migration";
import { nextCookies } from "better-auth/next-js";
import { sql, type Kysely } from "kysely";
import { CLIENT_ADDRESS_HEADER } from "@/lib/config/trusted-proxies";
import type { ConsoleDb } from "@/lib/db/open-database";

export const MIN_PASSWORD_LENGTH = 12;
/** Failed or not, sign-in attempts per IP and minute before better-auth answers 429. */
export const SIGN_IN_ATTEMPTS_PER_MINUTE = 10;

export interface AuthSettings {
  secret: string;
  /** The dashboard's own origin, e.g. http://127.0.0.1:3000. */
  baseURL?: string;
}

/**
 * better-auth for staff: email and password only, no self sign-up, sessions and rate limits in
 * the console database (so several instances share them), and a role and a disabled flag on
 * each staff user.
 */
export function authOptions(opened: ConsoleDb, settings: AuthSettings) {
  // better-auth's Kysely adapter takes any Kysely instance; its tables are not in our typed schema.
  const db = opened.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  return {
    appName: "Metadeck",
    secret: settings.secret,
    baseURL: settings.baseURL,
    database: { db, type: opened.kind, transaction: true },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: 256,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "viewer", input: false },
        disabled: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: 60 * 60 * 12, updateAge: 60 * 60 },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": { window: 60, max: SIGN_IN_ATTEMPTS_PER_MINUTE } },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account gets no new session, whatever its password.
          before: async (session) => {
            const row = await sql<{ disabled: number | boolean | null }>`
              SELECT "disabled" FROM "user" WHERE "id" = ${session.userId}`.execute(db);
            return row.rows[0]?.disabled ? false : undefined;
          },
        },
      },
    },
    // The address scripts/serve.ts worked out (never a client's X-Forwarded-For as such).
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    telemetry: { enabled: false },
    plugins: [nextCookies()],
  } satisfies BetterAuthOptions;
}

export function createAuth(opened: ConsoleDb, settings: AuthSettings) {
  return betterAuth(authOptions(opened, settings));
}

export type StaffAuth = ReturnType<typeof createAuth>;

/** Creates or extends better-auth's tables; its CLI does not run on Node 20, so this runs in code. */
export async function migrateAuthSchema(opened: ConsoleDb): Promise<void> {
  const settings = {
    secret: "migration-only-secret-not-used-to-sign",
    baseURL: "http://127.0.0.1",
  };
  const { runMigrations } = await getMigrations(authOptions(opened, settings));
  await runMigrations();
}

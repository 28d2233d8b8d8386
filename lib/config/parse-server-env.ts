import { z } from "zod";
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { INDEX_READS } from "./limits";
import { EMBEDDED_CLERK_API_URL, EMBEDDED_SECRET_KEY } from "./embedded-defaults";
import { parseTrustedProxies } from "./trusted-proxies";

/** A variable whose parser throws a message naming what is wrong with it. */
function acceptedBy(parse: (value: string | undefined) => unknown) {
  return z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      try {
        parse(value);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
      }
    });
}

const schema = z
  .object({
    CLERK_SECRET_KEY: z
      .string()
      .regex(
        /^sk_(test|live)_[A-Za-z0-9_-]+$/,
        "must be a Clerk secret key (sk_test_… or sk_live_…)",
      )
      .optional(),
    CLERK_API_URL: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    BETTER_AUTH_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL (the dashboard's address)" })
      .optional(),
    CLERK_WEBHOOK_SIGNING_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must be a webhook signing secret (whsec_…)")
      .optional(),
    INDEX_RECONCILE_HOURS: z.coerce
      .number({ message: "must be a number of hours (0 turns it off)" })
      .min(0, "must be a number of hours (0 turns it off)")
      .max(24 * 365)
      .default(24),
    REVIEW_WEBHOOK_URL: z
      .url({
        protocol: /^https?$/,
        message: "must be an http(s) URL (e.g. a Slack incoming webhook)",
      })
      .optional(),
    REVIEW_INDEPENDENCE_DAYS: z.coerce
      .number({ message: "must be a whole number of days (0 turns the check off)" })
      .int("must be a whole number of days (0 turns the check off)")
      .min(0, "must be a whole number of days (0 turns the check off)")
      .max(3650)
      .default(30),
    CLERK_RATE_LIMIT: z.enum(["dev", "prod"], { message: 'must be "dev" or "prod"' }).optional(),
    DATABASE_URL: acceptedBy(parseDatabaseUrl),
    INDEX_READ_BUDGET_MS: z.coerce
      .number({ message: "must be a whole number of milliseconds (100 to 60000)" })
      .int("must be a whole number of milliseconds (100 to 60000)")
      .min(100, "must be a whole number of milliseconds (100 to 60000)")
      .max(60_000, "must be a whole number of milliseconds (100 to 60000)")
      .default(INDEX_READS.budgetMs),
    METADECK_LOG_STATEMENTS: z.enum(["0", "1"], { message: 'must be "1" or "0"' }).default("0"),
    TRUSTED_PROXIES: acceptedBy(parseTrustedProxies),
  })
  .transform((env) => {
    const embedded = env.CLERK_SECRET_KEY === undefined;
    return {
      embedded,
      secretKey: env.CLERK_SECRET_KEY ?? EMBEDDED_SECRET_KEY,
      apiUrl: env.CLERK_API_URL ?? (embedded ? EMBEDDED_CLERK_API_URL : "https://api.clerk.com"),
      database: parseDatabaseUrl(env.DATABASE_URL),
      // Each console-database statement on standard output (`npm run bench` counts them).
      logStatements: env.METADECK_LOG_STATEMENTS === "1",
      // Without it the user index lives on the backfill and reconciliation alone.
      webhookSecret: env.CLERK_WEBHOOK_SIGNING_SECRET ?? null,
      reconcileEveryMs: env.INDEX_RECONCILE_HOURS * 3_600_000,
      // One index read (a filter's page, count or export batch) past this is stopped.
      indexReadBudgetMs: env.INDEX_READ_BUDGET_MS,
      // New change requests and decisions are announced here (Slack-compatible `text`).
      reviewWebhookUrl: env.REVIEW_WEBHOOK_URL ?? null,
      // How long an account the author added, enabled, reset or promoted cannot approve for them.
      reviewIndependenceDays: env.REVIEW_INDEPENDENCE_DAYS,
      dashboardUrl: env.BETTER_AUTH_URL ?? null,
      // Proxies whose X-Forwarded-For is believed; none by default (the socket's address counts).
      trustedProxies: parseTrustedProxies(env.TRUSTED_PROXIES).entries,
      // Clerk's instance limits differ by instance type, which the key's prefix tells.
      rateLimit:
        env.CLERK_RATE_LIMIT ?? (env.CLERK_SECRET_KEY?.startsWith("sk_live_") ? "prod" : "dev"),
    };
  });

export type ServerEnv = z.output<typeof schema>;

/**
 * Validates the dashboard's server configuration. With no CLERK_SECRET_KEY it is embedded mode
 * (the local emulator); a malformed value throws a message that names the variable.
 */
export function parseServerEnv(env: Record<string, string | undefined>): ServerEnv {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid Metadeck configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

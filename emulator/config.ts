import { z } from "zod";
import { EMBEDDED_EMULATOR_PORT, EMBEDDED_SECRET_KEY } from "@/lib/config/embedded-defaults";
import { parseFaultSpec } from "./faults/fault-config";

/**
 * The one key the emulator accepts unless CLERK_SECRET_KEY says otherwise. It opens nothing
 * but the local emulator and is printed in docs/emulator.md on purpose.
 */
export const EMULATOR_DEV_SECRET_KEY = EMBEDDED_SECRET_KEY;
const EMULATOR_DEFAULT_PORT = EMBEDDED_EMULATOR_PORT;
const EMULATOR_DEFAULT_DB = ".data/emulator.sqlite";

const envSchema = z.object({
  EMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(EMULATOR_DEFAULT_PORT),
  EMULATOR_DB: z.string().min(1).default(EMULATOR_DEFAULT_DB),
  EMULATOR_SEED_USERS: z.coerce.number().int().min(0).max(1_000_000).default(1000),
  CLERK_SECRET_KEY: z
    .string()
    .regex(/^sk_(test|live)_[A-Za-z0-9_-]+$/, "must look like sk_test_… or sk_live_…")
    .default(EMULATOR_DEV_SECRET_KEY),
  EMULATOR_RATE_LIMIT: z.enum(["off", "dev", "prod"]).default("off"),
  EMULATOR_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  EMULATOR_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, "must look like whsec_… (base64), as Clerk shows it")
    .optional(),
  EMULATOR_WEBHOOK_RETRY_SCALE: z.coerce.number().positive().max(1).default(1),
  EMULATOR_FAULTS: z
    .string()
    .default("")
    .transform((spec, ctx) => {
      try {
        return parseFaultSpec(spec);
      } catch (error) {
        ctx.addIssue({
          code: "custom",
          message: error instanceof Error ? error.message : String(error),
        });
        return z.NEVER;
      }
    }),
});

export type EmulatorEnv = z.infer<typeof envSchema>;

const checkedEnvSchema = envSchema.refine(
  (env) => !env.EMULATOR_WEBHOOK_URL || env.EMULATOR_WEBHOOK_SECRET,
  { message: "is required with EMULATOR_WEBHOOK_URL", path: ["EMULATOR_WEBHOOK_SECRET"] },
);

/** The webhook endpoint the variables name, or null when none is configured. */
export function webhookEndpointOf(env: EmulatorEnv) {
  return env.EMULATOR_WEBHOOK_URL && env.EMULATOR_WEBHOOK_SECRET
    ? { url: env.EMULATOR_WEBHOOK_URL, secret: env.EMULATOR_WEBHOOK_SECRET }
    : null;
}

/** Reads the emulator's variables; empty strings count as unset. */
export function readEmulatorEnv(env: Record<string, string | undefined>): EmulatorEnv {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = checkedEnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid emulator configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

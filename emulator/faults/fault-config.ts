import { z } from "zod";

const rate = z.number().min(0).max(1);

/** What the emulator does wrong on purpose, so tests can watch the dashboard cope. */
export const faultConfigSchema = z
  .object({
    /** Added to every Backend API request before it is answered. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** Fraction of requests answered 500 `internal_clerk_error`. */
    errorRate: rate.default(0),
    /** Fraction of requests answered 429 `too_many_requests` with `Retry-After`. */
    rateLimitRate: rate.default(0),
    /** Fraction of requests whose connection is dropped without an answer. */
    dropRate: rate.default(0),
    /** The `Retry-After` (seconds) sent with injected 429s. */
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    /** Fraction of webhook deliveries dropped before they are sent (never retried). */
    webhookDropRate: rate.default(0),
    /** Fraction of webhook deliveries sent twice, with the same `svix-id`. */
    webhookDuplicateRate: rate.default(0),
    /** Fraction of webhook deliveries held back, so later events overtake them. */
    webhookDelayRate: rate.default(0),
    /** The longest hold of a delayed delivery; each is held a random time up to this. */
    webhookDelayMs: z.number().int().min(0).max(600_000).default(2000),
    /** Seed of the fault dice, so a run with the same faults fails the same requests. */
    seed: z.number().int().default(1),
  })
  .strict()
  .refine((f) => f.errorRate + f.rateLimitRate + f.dropRate <= 1, {
    message: "errorRate + rateLimitRate + dropRate must not exceed 1",
  });

export type FaultConfig = z.infer<typeof faultConfigSchema>;

export const NO_FAULTS: FaultConfig = faultConfigSchema.parse({});

const envKeys: Record<string, keyof FaultConfig> = {
  latency: "latencyMs",
  latency_ms: "latencyMs",
  error: "errorRate",
  error_rate: "errorRate",
  "500": "errorRate",
  rate_limit: "rateLimitRate",
  rate_limit_rate: "rateLimitRate",
  "429": "rateLimitRate",
  drop: "dropRate",
  drop_rate: "dropRate",
  retry_after: "retryAfterSeconds",
  seed: "seed",
  webhook_drop: "webhookDropRate",
  webhook_duplicate: "webhookDuplicateRate",
  webhook_delay: "webhookDelayRate",
  webhook_delay_ms: "webhookDelayMs",
};

/**
 * Parses `EMULATOR_FAULTS`: either JSON (`{"errorRate":0.1}`) or a comma list such as
 * `latency=50,500=0.1,429=0.05,drop=0.01,retry_after=2` (webhook deliveries:
 * `webhook_drop=0.05,webhook_duplicate=0.1,webhook_delay=0.1,webhook_delay_ms=2000`).
 */
export function parseFaultSpec(spec: string): FaultConfig {
  const text = spec.trim();
  if (text === "" || text === "off" || text === "none") return NO_FAULTS;
  if (text.startsWith("{")) return faultConfigSchema.parse(JSON.parse(text));
  const fields: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [rawKey, rawValue, ...rest] = part.split("=").map((s) => s.trim());
    const key = envKeys[rawKey ?? ""];
    if (!key || rawValue === undefined || rest.length > 0) {
      throw new Error(
        `unknown fault "${part}" (expected e.g. latency=50,500=0.1,429=0.05,drop=0.01)`,
      );
    }
    const value = Number(rawValue);
    if (!Number.isFinite(value))
      throw new Error(`fault "${rawKey}" needs a number, got "${rawValue}"`);
    fields[key] = value;
  }
  return faultConfigSchema.parse(fields);
}

import { describe, expect, it } from "vitest";
import { EMULATOR_DEV_SECRET_KEY, readEmulatorEnv, webhookEndpointOf } from "../config";
import { parseFaultSpec } from "../faults/fault-config";

describe("emulator configuration", () => {
  it("has documented defaults", () => {
    const env = readEmulatorEnv({});
    expect(env).toMatchObject({
      EMULATOR_HOST: "127.0.0.1",
      EMULATOR_PORT: 4010,
      EMULATOR_SEED_USERS: 1000,
      CLERK_SECRET_KEY: EMULATOR_DEV_SECRET_KEY,
      EMULATOR_RATE_LIMIT: "off",
    });
    expect(env.EMULATOR_DB).toMatch(/^\.data\//);
    expect(env.EMULATOR_FAULTS).toMatchObject({
      latencyMs: 0,
      errorRate: 0,
      rateLimitRate: 0,
      dropRate: 0,
    });
    expect(EMULATOR_DEV_SECRET_KEY).toMatch(/^sk_test_/);
  });

  it("names the variable that is wrong", () => {
    expect(() => readEmulatorEnv({ EMULATOR_PORT: "http" })).toThrow(/EMULATOR_PORT/);
    expect(() => readEmulatorEnv({ EMULATOR_RATE_LIMIT: "fast" })).toThrow(/EMULATOR_RATE_LIMIT/);
    expect(() => readEmulatorEnv({ CLERK_SECRET_KEY: "pk_test_x" })).toThrow(/CLERK_SECRET_KEY/);
    expect(() => readEmulatorEnv({ EMULATOR_FAULTS: "explode=1" })).toThrow(/EMULATOR_FAULTS/);
    expect(() => readEmulatorEnv({ EMULATOR_WEBHOOK_URL: "ftp://x" })).toThrow(
      /EMULATOR_WEBHOOK_URL/,
    );
    expect(() => readEmulatorEnv({ EMULATOR_WEBHOOK_URL: "http://127.0.0.1:3000/hook" })).toThrow(
      /EMULATOR_WEBHOOK_SECRET: is required/,
    );
    expect(() => readEmulatorEnv({ EMULATOR_WEBHOOK_SECRET: "secret" })).toThrow(
      /EMULATOR_WEBHOOK_SECRET/,
    );
    expect(() => readEmulatorEnv({ EMULATOR_WEBHOOK_RETRY_SCALE: "0" })).toThrow(
      /EMULATOR_WEBHOOK_RETRY_SCALE/,
    );
  });

  it("reads a webhook endpoint, its secret and the retry scale", () => {
    const env = readEmulatorEnv({
      EMULATOR_WEBHOOK_URL: "http://127.0.0.1:3000/api/webhooks/clerk",
      EMULATOR_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      EMULATOR_WEBHOOK_RETRY_SCALE: "0.001",
    });
    expect(webhookEndpointOf(env)).toEqual({
      url: "http://127.0.0.1:3000/api/webhooks/clerk",
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    });
    expect(env.EMULATOR_WEBHOOK_RETRY_SCALE).toBe(0.001);
    expect(webhookEndpointOf(readEmulatorEnv({}))).toBeNull();
    expect(
      parseFaultSpec("webhook_drop=0.05,webhook_duplicate=0.1,webhook_delay=0.1"),
    ).toMatchObject({
      webhookDropRate: 0.05,
      webhookDuplicateRate: 0.1,
      webhookDelayRate: 0.1,
      webhookDelayMs: 2000,
    });
  });

  it("reads fault specs as a comma list or JSON", () => {
    expect(parseFaultSpec("latency=50,500=0.1,429=0.05,drop=0.01,retry_after=2")).toMatchObject({
      latencyMs: 50,
      errorRate: 0.1,
      rateLimitRate: 0.05,
      dropRate: 0.01,
      retryAfterSeconds: 2,
    });
    expect(parseFaultSpec('{"errorRate":0.5}').errorRate).toBe(0.5);
    expect(parseFaultSpec("off").errorRate).toBe(0);
    expect(() => parseFaultSpec("500=2")).toThrow();
    expect(() => parseFaultSpec("500=0.6,drop=0.6")).toThrow(/exceed 1/);
  });
});

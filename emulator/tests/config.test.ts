import { describe, expect, it } from "vitest";
import { EMULATOR_DEV_SECRET_KEY, readEmulatorEnv } from "../config";
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

import { describe, expect, it } from "vitest";
import { decideRetry, MAX_ATTEMPTS } from "./retry-policy";

describe("the retry policy", () => {
  const clerk = (status: number, retryAfterSeconds: number | null = null) => ({
    kind: "clerk" as const,
    status,
    code: "x",
    message: `status ${status}`,
    traceId: null,
    retryAfterSeconds,
  });

  it("waits exactly Retry-After on 429, without checking the user first", () => {
    expect(decideRetry(clerk(429, 3), 1)).toEqual({
      kind: "retry",
      afterMs: 3000,
      verifyFirst: false,
    });
  });

  it("backs off exponentially on 5xx and network failures, and checks the user first", () => {
    const at = (attempts: number, random: number) =>
      decideRetry(clerk(500), attempts, () => random);
    expect(at(1, 0)).toMatchObject({ kind: "retry", afterMs: 250, verifyFirst: true });
    expect(at(1, 1)).toMatchObject({ afterMs: 500 });
    expect(at(3, 1)).toMatchObject({ afterMs: 2000 });
    expect(decideRetry({ kind: "network", message: "down" }, 2, () => 0)).toMatchObject({
      kind: "retry",
      afterMs: 500,
      verifyFirst: true,
    });
  });

  it("gives up on other 4xx at once, and on anything after the last attempt", () => {
    expect(decideRetry(clerk(404), 1)).toEqual({ kind: "give_up", reason: "status 404" });
    expect(decideRetry(clerk(500), MAX_ATTEMPTS)).toMatchObject({ kind: "give_up" });
    expect(decideRetry(clerk(429, 1), MAX_ATTEMPTS)).toMatchObject({ kind: "give_up" });
  });
});

import { describe, expect, it } from "vitest";
import { EMBEDDED_CLERK_API_URL, EMBEDDED_SECRET_KEY } from "./embedded-defaults";
import { parseServerEnv } from "./parse-server-env";

describe("server configuration", () => {
  it("is embedded mode without a secret key", () => {
    expect(parseServerEnv({})).toEqual({
      embedded: true,
      secretKey: EMBEDDED_SECRET_KEY,
      apiUrl: EMBEDDED_CLERK_API_URL,
      database: { kind: "sqlite", file: ".data/console.sqlite" },
      trustedProxies: [],
      rateLimit: "dev",
      webhookSecret: null,
      reconcileEveryMs: 86_400_000,
      indexReadBudgetMs: 2_000,
      logStatements: false,
      reviewWebhookUrl: null,
      reviewIndependenceDays: 30,
      dashboardUrl: null,
    });
  });
  it("talks to Clerk when a key is set and no API URL", () => {
    expect(parseServerEnv({ CLERK_SECRET_KEY: "sk_live_abc123" })).toEqual({
      embedded: false,
      secretKey: "sk_live_abc123",
      apiUrl: "https://api.clerk.com",
      database: { kind: "sqlite", file: ".data/console.sqlite" },
      trustedProxies: [],
      rateLimit: "prod",
      webhookSecret: null,
      reconcileEveryMs: 86_400_000,
      indexReadBudgetMs: 2_000,
      logStatements: false,
      reviewWebhookUrl: null,
      reviewIndependenceDays: 30,
      dashboardUrl: null,
    });
  });
  it("takes an index read budget in whole milliseconds, 100 to 60000", () => {
    expect(parseServerEnv({ INDEX_READ_BUDGET_MS: "500" }).indexReadBudgetMs).toBe(500);
    for (const bad of ["50", "1.5", "fast", "60001"])
      expect(() => parseServerEnv({ INDEX_READ_BUDGET_MS: bad })).toThrow(/INDEX_READ_BUDGET_MS/);
  });
  it("paces bulk jobs for the instance type, unless told otherwise", () => {
    expect(parseServerEnv({ CLERK_SECRET_KEY: "sk_test_abc" }).rateLimit).toBe("dev");
    expect(parseServerEnv({ CLERK_RATE_LIMIT: "prod" }).rateLimit).toBe("prod");
    expect(() => parseServerEnv({ CLERK_RATE_LIMIT: "fast" })).toThrow(/CLERK_RATE_LIMIT/);
    expect(() => parseServerEnv({ BETTER_AUTH_URL: "metadeck.example.com" })).toThrow(
      /BETTER_AUTH_URL/,
    );
    expect(() => parseServerEnv({ BETTER_AUTH_URL: "https://metadeck.example.com" })).not.toThrow();
  });
  it("names the malformed variable", () => {
    expect(() => parseServerEnv({ CLERK_SECRET_KEY: "pk_test_x" })).toThrow(/CLERK_SECRET_KEY/);
    expect(() => parseServerEnv({ CLERK_API_URL: "ftp://x" })).toThrow(/CLERK_API_URL/);
    expect(() => parseServerEnv({ DATABASE_URL: "mysql://x/y" })).toThrow(/DATABASE_URL/);
    expect(() => parseServerEnv({ TRUSTED_PROXIES: "lb.internal" })).toThrow(/TRUSTED_PROXIES/);
    expect(() => parseServerEnv({ INDEX_RECONCILE_HOURS: "daily" })).toThrow(
      /INDEX_RECONCILE_HOURS/,
    );
    expect(parseServerEnv({ INDEX_RECONCILE_HOURS: "0.5" }).reconcileEveryMs).toBe(1_800_000);
    expect(() => parseServerEnv({ CLERK_WEBHOOK_SIGNING_SECRET: "secret" })).toThrow(
      /CLERK_WEBHOOK_SIGNING_SECRET/,
    );
    expect(
      parseServerEnv({ CLERK_WEBHOOK_SIGNING_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" })
        .webhookSecret,
    ).toBe("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  });

  it("keeps approvals independent for 30 days unless told otherwise, and names a bad value", () => {
    expect(parseServerEnv({}).reviewIndependenceDays).toBe(30);
    expect(parseServerEnv({ REVIEW_INDEPENDENCE_DAYS: "0" }).reviewIndependenceDays).toBe(0);
    for (const bad of ["-1", "1.5", "a month"])
      expect(() => parseServerEnv({ REVIEW_INDEPENDENCE_DAYS: bad })).toThrow(
        /REVIEW_INDEPENDENCE_DAYS: must be a whole number of days/,
      );
  });

  it("reads the review webhook, and refuses one that is not an http(s) URL", () => {
    expect(
      parseServerEnv({ REVIEW_WEBHOOK_URL: "https://hooks.slack.test/T1/B2/x" }).reviewWebhookUrl,
    ).toBe("https://hooks.slack.test/T1/B2/x");
    expect(() => parseServerEnv({ REVIEW_WEBHOOK_URL: "javascript:alert(1)" })).toThrow(
      /REVIEW_WEBHOOK_URL/,
    );
  });
  it("prints console-database statements only when asked to", () => {
    expect(parseServerEnv({ METADECK_LOG_STATEMENTS: "1" }).logStatements).toBe(true);
    expect(() => parseServerEnv({ METADECK_LOG_STATEMENTS: "yes" })).toThrow(
      /METADECK_LOG_STATEMENTS: must be "1" or "0"/,
    );
  });
});

import { runWithRequestState } from "@better-auth/core/context";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { testSsoSettings } from "@/tests/support/sso-settings";
import { migrateAuthSchema } from "@/lib/auth/create-auth";
import { ssoDecision } from "./sso-decision";
import { SSO_PROVIDER_ID, validateSsoUserInfo } from "./sso-plugin";

const settings = testSsoSettings("admins=admin,support=support");
const person = { sub: "subject-1", email: "a@example.com", email_verified: true };
const oauth = (profile: Record<string, unknown>, action = "sign-in", userId?: string) => ({
  user: { id: userId },
  source: { method: "oauth", action, oauth: { providerId: SSO_PROVIDER_ID, profile } },
});

describe.each(databaseKinds)("the SSO gate in better-auth's validateUserInfo, on %s", (kind) => {
  let database: TestDatabase;
  let validate: ReturnType<typeof validateSsoUserInfo>;
  /** Runs the gate in a request scope, as better-auth does, and reads what it decided. */
  const gate = (data: Parameters<typeof validate>[0]) =>
    runWithRequestState(new WeakMap(), async () => ({
      answer: await validate(data),
      decision: await ssoDecision(),
    }));

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    await migrateAuthSchema(database);
    validate = validateSsoUserInfo(settings, database.db);
    const now = kind === "sqlite" ? new Date().toISOString() : new Date();
    await sql`INSERT INTO "user" ("id", "name", "email", "emailVerified", "createdAt", "updatedAt")
      VALUES ('u1', 'A', 'a@example.com', ${kind === "sqlite" ? 1 : true}, ${now}, ${now})`.execute(
      database.db,
    );
    await sql`INSERT INTO "account" ("id", "accountId", "providerId", "userId", "createdAt", "updatedAt")
      VALUES ('a1', 'subject-1', ${SSO_PROVIDER_ID}, 'u1', ${now}, ${now})`.execute(database.db);
  });
  afterAll(() => database.dispose());

  it("lets an admitted person through, and keeps this sign-in's subject and role for the after hook", async () => {
    expect(await gate(oauth({ ...person, groups: ["support"] }))).toEqual({
      answer: undefined,
      decision: { subject: "subject-1", role: "support" },
    });
  });

  it("answers a refusal with its code and the sentence the sign-in page shows, deciding nothing", async () => {
    expect(await gate(oauth({ ...person, groups: ["other"] }))).toEqual({
      answer: {
        error: "sso_no_role",
        errorDescription: expect.stringMatching(/None of your groups/),
      },
      decision: null,
    });
    expect((await gate(oauth({}))).answer).toMatchObject({ error: "sso_email_unverified" });
  });

  it("refuses to link a second subject to an account that has one; the same subject links", async () => {
    const second = await gate(
      oauth({ ...person, sub: "subject-2", groups: ["admins"] }, "link-account", "u1"),
    );
    expect(second).toEqual({
      answer: { error: "sso_subject_conflict", errorDescription: expect.stringMatching(/unlink/) },
      decision: null,
    });
    expect(
      (await gate(oauth({ ...person, groups: ["admins"] }, "link-account", "u1"))).answer,
    ).toBeUndefined();
  });

  it("leaves other ways in alone (an admin adding staff, another provider)", async () => {
    expect((await gate({ source: { method: "admin" } })).answer).toBeUndefined();
    expect(
      (await gate({ source: { method: "oauth", oauth: { providerId: "github" } } })).answer,
    ).toBeUndefined();
  });
});

import { expect, test } from "./fixtures";
import Database from "better-sqlite3";
import { auditEntriesFor, staffEvents } from "./support/audit";
import { E2E_DATABASE_FILE, type E2ERole } from "./support/e2e-env";
import { callAction, seedSavedChange } from "./support/server-actions";
import { callersWithoutSession, roleCaller, type Caller } from "./support/sessions";

// Every page, route handler and server action, against every caller that must be refused:
// no cookie, a forged cookie, an expired session, and each role without the permission.
// Refused means: sent to /sign-in, 401/403, or a forbidden result, and nothing changed.

// Each request carries exactly the cookie a caller chooses, nothing from a saved sign-in.
test.use({ storageState: { cookies: [], origins: [] } });

let unauthenticated: Caller[] = [];
test.beforeAll(async () => {
  unauthenticated = await callersWithoutSession();
});

const withCookie = (caller: Caller) => (caller.cookie ? { Cookie: caller.cookie } : undefined);

test("pages send every caller without a live session to /sign-in, before rendering anything", async ({
  request,
  freshUser,
  emulator,
}) => {
  const user = await freshUser();
  const [entry] = await seedSavedChange(user.id, user.updatedAt);
  const pages = [
    "/users",
    "/users?query=x&page=2",
    `/users/${user.id}`,
    "/audit",
    `/audit?user=${user.id}`,
    `/audit/${entry}`,
    "/staff",
    "/flags",
    "/flags/bulk",
    "/flags/bulk/bulk_abc123",
    "/sync",
  ];
  for (const caller of unauthenticated) {
    await emulator.resetStats();
    for (const path of pages) {
      const response = await request.get(path, { headers: withCookie(caller), maxRedirects: 0 });
      expect(response.status(), `${caller.name} GET ${path}`).toBe(307);
      expect(response.headers().location, `${caller.name} GET ${path}`).toBe(
        `/sign-in?next=${encodeURIComponent(path)}`,
      );
    }
    // No Clerk call happens before a live session is verified: none for any of these callers.
    expect((await emulator.stats()).total, caller.name).toBe(0);
  }
});

test("bulk changes, called directly by their action ids, are refused for every caller without flags:write", async ({
  request,
  freshUser,
  emulator,
}) => {
  const user = await freshUser();
  const change = {
    target: { kind: "list", text: user.id },
    flagKey: "new_dashboard",
    value: true,
  };
  const calls: [string, unknown][] = [
    ["dryRunAction", change],
    ["applyAction", change],
    ["cancelJobAction", "bulk_abc123"],
    ["retryFailedAction", "bulk_abc123"],
    ["rollBackAction", "bulk_abc123"],
  ];
  await emulator.resetStats();
  for (const caller of [...unauthenticated, roleCaller("viewer")]) {
    for (const [action, arg] of calls) {
      const answer = await callAction(request, {
        path: "/flags/bulk",
        action,
        args: [arg],
        cookie: caller.cookie,
      });
      expect(answer, `${caller.name} ${action}`).toContain('"ok":false');
      expect(answer, `${caller.name} ${action}`).toMatch(/may not do this|Sign in again/);
    }
  }
  // Nothing was read from or written to Clerk on their behalf.
  expect((await emulator.stats()).total).toBe(0);
  const page = await request.get("/flags/bulk", { headers: withCookie(roleCaller("viewer")) });
  expect(page.status()).toBe(403);
  expect(await page.text()).toContain("Not allowed");
});

test("the staff page refuses every role but admin, and shows them no accounts", async ({
  request,
}) => {
  for (const role of ["viewer", "product", "support"] as const) {
    const response = await request.get("/staff", { headers: withCookie(roleCaller(role)) });
    expect(response.status(), role).toBe(403);
    const html = await response.text();
    expect(html, role).toContain("Not allowed");
    expect(html, role).not.toContain("admin@e2e.test");
  }
  const admin = await request.get("/staff", { headers: withCookie(roleCaller("admin")) });
  expect(await admin.text()).toContain("admin@e2e.test");
});

test("a missing user, audit entry, job or page answers 404 with the console's own page", async ({
  request,
}) => {
  const headers = withCookie(roleCaller("viewer"));
  const missing = [
    ["/users/user_doesnotexist000", "User not found"],
    ["/audit/999999999", "Audit entry not found"],
    ["/audit/not-a-number", "Audit entry not found"],
    ["/flags/bulk/bulk_doesnotexist", "Bulk job not found"],
    ["/flags/bulk/not-a-job", "Bulk job not found"],
    ["/reviews/999999999", "Change request not found"],
    ["/reviews/not-a-number", "Change request not found"],
    ["/no-such-page", "Page not found"],
  ];
  for (const [path, title] of missing) {
    const response = await request.get(path!, { headers });
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).toContain(title!);
  }
});

test("route handlers answer 401 JSON to every caller without a live session; every role reads", async ({
  request,
  freshUser,
}) => {
  const user = await freshUser();
  const routes = [
    "/api/users",
    "/api/users?query=fixture",
    `/api/users?where=${encodeURIComponent("banned = true")}`,
    `/api/users/export?where=${encodeURIComponent("banned = true")}`,
    "/api/users/filter-paths",
    `/api/users/${user.id}`,
    "/api/audit",
    "/api/reviews/waiting",
  ];
  const missingJob = "/api/bulk/bulk_abc123";
  for (const caller of unauthenticated) {
    for (const path of [...routes, missingJob]) {
      const response = await request.get(path, { headers: withCookie(caller) });
      expect(response.status(), `${caller.name} GET ${path}`).toBe(401);
      expect(await response.json()).toEqual({
        error: { kind: "http", message: "Sign in first." },
      });
    }
  }
  for (const role of ["viewer", "product", "support", "admin"] as const) {
    for (const path of routes) {
      const response = await request.get(path, { headers: withCookie(roleCaller(role)) });
      expect(response.status(), `${role} GET ${path}`).toBe(200);
    }
  }
});

test("saving metadata, called directly by its action id, is refused and audited for every caller without the permission", async ({
  request,
  freshUser,
  emulator,
  clerk,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "free" } });
  const save = (caller: Caller) =>
    callAction(request, {
      path: `/users/${user.id}`,
      action: "saveUserMetadata",
      args: [
        {
          userId: user.id,
          baseUpdatedAt: user.updatedAt,
          patch: { public_metadata: { plan: "stolen" } },
        },
      ],
      cookie: caller.cookie,
    });
  await emulator.resetStats();
  const refused: Caller[] = [...unauthenticated, roleCaller("viewer"), roleCaller("product")];
  for (const caller of refused) {
    const answer = await save(caller);
    expect(answer, caller.name).toContain('"kind":"forbidden"');
    expect(answer, caller.name).toContain("nothing was saved");
  }
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
  expect((await emulator.stats()).requests["PATCH /v1/users/{user_id}/metadata"]).toBe(undefined);
  const entries = await auditEntriesFor(user.id);
  // Signed-in staff refused are audited, once per attempt; callers without a session never are
  // (anyone could grow the log, and plant entries in a real user's history).
  expect(entries.every((e) => e.outcome === "refused" && e.patch && !e.after)).toBe(true);
  expect(entries.map((e) => e.actor?.email ?? null).sort()).toEqual([
    "product@e2e.test",
    "viewer@e2e.test",
  ]);

  // The same request with a support session goes through: the refusals above are the checks.
  expect(await save(roleCaller("support"))).toContain('"ok":true');
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "stolen" });
});

test("switching a flag, called directly by its action id, is refused and audited for every caller without the permission", async ({
  request,
  freshUser,
  clerk,
}) => {
  const user = await freshUser();
  const setFlag = (caller: Caller) =>
    callAction(request, {
      path: `/users/${user.id}`,
      action: "setUserFlag",
      args: [{ userId: user.id, baseUpdatedAt: user.updatedAt, key: "new_dashboard", value: true }],
      cookie: caller.cookie,
    });
  const refused: Caller[] = [...unauthenticated, roleCaller("viewer")];
  for (const caller of refused) {
    expect(await setFlag(caller), caller.name).toContain('"kind":"forbidden"');
  }
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({});
  const entries = await auditEntriesFor(user.id);
  expect(entries.map((e) => e.actor?.email)).toEqual(["viewer@e2e.test"]);
  expect(entries.every((e) => e.outcome === "refused")).toBe(true);

  // Product may switch catalogued flags, but not send other keys through this action.
  expect(await setFlag(roleCaller("product"))).toContain('"ok":true');
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { new_dashboard: true },
  });
  const sneaky = await callAction(request, {
    path: `/users/${user.id}`,
    action: "setUserFlag",
    args: [{ userId: user.id, baseUpdatedAt: 0, key: "role", value: "admin" }],
    cookie: roleCaller("product").cookie,
  });
  expect(sneaky).toContain('\\"role\\" is not a catalogued flag');
});

test("reverting, called directly by its action id, is refused and audited for every caller without the permission", async ({
  request,
  freshUser,
  clerk,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "free" } });
  const [change] = await seedSavedChange(user.id, user.updatedAt);
  const current = await clerk.users.getUser(user.id);
  const revert = (caller: Caller) =>
    callAction(request, {
      path: `/audit/${change}`,
      action: "revertAuditEntryAction",
      args: [{ entryId: change, baseUpdatedAt: current.updatedAt }],
      cookie: caller.cookie,
    });
  const refused: Caller[] = [...unauthenticated, roleCaller("viewer"), roleCaller("product")];
  for (const caller of refused) {
    expect(await revert(caller), caller.name).toContain('"kind":"forbidden"');
  }
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "pro" });
  const attempts = (await auditEntriesFor(user.id)).filter((e) => e.revertOf === change);
  expect(attempts.map((e) => e.actor?.email).sort()).toEqual([
    "product@e2e.test",
    "viewer@e2e.test",
  ]);
  expect(attempts.every((e) => e.outcome === "refused")).toBe(true);

  expect(await revert(roleCaller("support"))).toContain('"ok":true');
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
});

test("managing staff, called directly by its action id, is refused and audited for every caller but an admin", async ({
  request,
}) => {
  const email = `intruder.${Date.now().toString(36)}@e2e.test`;
  const add = (caller: Caller) =>
    callAction(request, {
      path: "/staff",
      action: "manageStaff",
      args: [{ kind: "add", email, role: "admin", password: "an-intruder-password" }],
      cookie: caller.cookie,
    });
  const roles: E2ERole[] = ["viewer", "product", "support"];
  for (const caller of [...unauthenticated, ...roles.map(roleCaller)]) {
    const answer = await add(caller);
    expect(answer, caller.name).toContain('"ok":false');
    expect(answer, caller.name).toMatch(/may not do this|Sign in again/);
  }
  const staffNamed = () => {
    const db = new Database(E2E_DATABASE_FILE, { readonly: true });
    try {
      return db.prepare(`SELECT count(*) AS n FROM "user" WHERE "email" = ?`).get(email) as {
        n: number;
      };
    } finally {
      db.close();
    }
  };
  expect(staffNamed().n).toBe(0);
  // Signed-in staff refused are audited, once each; callers without a session never are.
  const refusals = await staffEvents(email);
  expect(refusals.map((e) => [e.event, e.outcome, e.actor?.email]).sort()).toEqual([
    ["staff_added", "refused", "product@e2e.test"],
    ["staff_added", "refused", "support@e2e.test"],
    ["staff_added", "refused", "viewer@e2e.test"],
  ]);
  expect(await add(roleCaller("admin"))).toContain('"ok":true');
  expect(staffNamed().n).toBe(1);
  expect((await staffEvents(email))[0]).toMatchObject({
    event: "staff_added",
    outcome: "success",
    actor: { email: "admin@e2e.test" },
    after: { email, role: "admin", disabled: false },
  });
});

test("change-request steps, called directly by their action ids, are refused to callers who may not take them; nothing is written", async ({
  request,
  freshUser,
  clerk,
  emulator,
}) => {
  const user = await freshUser({ publicMetadata: { role: "member" } });
  const ask = (caller: Caller) =>
    callAction(request, {
      path: `/users/${user.id}`,
      action: "requestMetadataReview",
      args: [
        {
          userId: user.id,
          baseUpdatedAt: user.updatedAt,
          patch: { public_metadata: { role: "admin" } },
        },
      ],
      cookie: caller.cookie,
    });
  for (const caller of [...unauthenticated, roleCaller("viewer"), roleCaller("product")])
    expect(await ask(caller), caller.name).toContain('"kind":"forbidden"');
  // The direct save of a protected path is refused too, whatever the role.
  const direct = await callAction(request, {
    path: `/users/${user.id}`,
    action: "saveUserMetadata",
    args: [
      {
        userId: user.id,
        baseUpdatedAt: user.updatedAt,
        patch: { public_metadata: { role: "admin" } },
      },
    ],
    cookie: roleCaller("admin").cookie,
  });
  expect(direct).toContain('"kind":"review_required"');

  const asked = await ask(roleCaller("support"));
  const requestId = Number(/"requestId":(\d+)/.exec(asked)?.[1]);
  expect(requestId).toBeGreaterThan(0);
  await emulator.resetStats();
  const approve = (caller: Caller) =>
    callAction(request, {
      path: `/reviews/${requestId}`,
      action: "approveChangeRequest",
      args: [{ requestId }],
      cookie: caller.cookie,
    });
  for (const caller of unauthenticated)
    expect(await approve(caller), caller.name).toContain('"kind":"forbidden"');
  for (const role of ["viewer", "product", "support"] as const)
    expect(await approve(roleCaller(role)), role).toContain('"kind":"forbidden"');
  expect((await emulator.stats()).requests["PATCH /v1/users/{user_id}/metadata"]).toBe(undefined);
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ role: "member" });
  // Malformed ids are refused at the door.
  const malformed = await callAction(request, {
    path: `/reviews/${requestId}`,
    action: "approveChangeRequest",
    args: [{ requestId: "1; DROP TABLE change_request" }],
    cookie: roleCaller("admin").cookie,
  });
  expect(malformed).toContain('"kind":"invalid"');
});

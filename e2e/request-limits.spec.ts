import { expect, test } from "./fixtures";
import { callAction } from "./support/server-actions";
import Database from "better-sqlite3";
import { E2E_DATABASE_FILE } from "./support/e2e-env";
import { freshSessionCookie } from "./support/sessions";

test.use({ storageState: { cookies: [], origins: [] } });

// Generous for people: 120 writes and 600 reads a minute per staff account. A script gets a
// clear "too many requests" answer instead of spending the instance's budget.
test("a person who writes or reads too fast is told to wait, and no one else is", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const cookie = await freshSessionCookie("admin");
  // This test's own address (the e2e server trusts loopback as a proxy), so its counts touch
  // no other test's.
  const from = { "X-Forwarded-For": "203.0.113.77" };
  const cancel = () =>
    callAction(request, {
      path: "/flags/bulk",
      action: "cancelJobAction",
      args: ["bulk_nosuchjob"],
      cookie,
      headers: from,
    });
  // Limits count in fixed one-minute windows: a window may end part-way, so go on until the
  // answer comes (at most two windows' worth), and check it came no earlier than the limit.
  const answers: string[] = [];
  while (answers.length < 250 && !answers.at(-1)?.includes("rate_limited"))
    answers.push(await cancel());
  const firstLimited = answers.findIndex((a) => a.includes('"kind":"rate_limited"'));
  expect(firstLimited).toBeGreaterThanOrEqual(120);
  expect(answers.slice(0, firstLimited).every((a) => a.includes("Only a running job"))).toBe(true);
  expect(answers[firstLimited]).toContain("Too many requests");

  let limited = null;
  let reads = 0;
  for (; reads < 1300 && !limited; reads++) {
    const response = await request.get("/api/audit", { headers: { Cookie: cookie, ...from } });
    if (response.status() === 429) limited = response;
    else expect(response.status()).toBe(200);
  }
  expect(reads).toBeGreaterThan(600);
  expect(limited?.headers()["retry-after"]).toMatch(/^\d+$/);
  expect(await limited?.json()).toMatchObject({ error: { message: /Too many requests/ } });
  // Pages count as reads too (they call Clerk): past the limit, a page says so instead.
  const page = await request.get("/users", {
    headers: { Cookie: cookie, ...from },
    maxRedirects: 0,
  });
  expect(page.status()).toBe(307);
  expect(page.headers().location).toMatch(/^\/busy\?next=%2Fusers&wait=\d+$/);
  // Someone else at the same address (an office behind one address) works on.
  const colleague = await freshSessionCookie("viewer");
  expect(
    (await request.get("/api/audit", { headers: { Cookie: colleague, ...from } })).status(),
  ).toBe(200);
});

// Each refused call of a signed-in viewer used to append an audit entry, with a target they
// choose, without limit. The limit now comes first, and calls past it are not audited.
test("a signed-in person refused again and again cannot grow the audit log without bound", async ({
  request,
  freshUser,
}) => {
  test.setTimeout(120_000);
  const cookie = await freshSessionCookie("viewer");
  const victim = await freshUser();
  const from = { "X-Forwarded-For": "203.0.113.78" };
  const answers: string[] = [];
  for (let i = 0; i < 250 && !answers.at(-1)?.includes("rate_limited"); i++)
    answers.push(
      await callAction(request, {
        path: `/users/${victim.id}`,
        action: "saveUserMetadata",
        args: [
          { userId: victim.id, baseUpdatedAt: 0, patch: { public_metadata: { role: "admin" } } },
        ],
        cookie,
        headers: from,
      }),
    );
  const firstLimited = answers.findIndex((a) => a.includes('"kind":"rate_limited"'));
  expect(firstLimited).toBeGreaterThanOrEqual(120);
  expect(answers.slice(0, firstLimited).every((a) => a.includes('"kind":"forbidden"'))).toBe(true);
  // One audited refusal per attempt inside the limit, none past it.
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    const row = db
      .prepare("SELECT count(*) AS n FROM audit_log WHERE target_user_id = ?")
      .get(victim.id) as { n: number };
    expect(row.n).toBe(firstLimited);
  } finally {
    db.close();
  }
});

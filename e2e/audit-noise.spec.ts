import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { E2E_DATABASE_FILE } from "./support/e2e-env";
import { callAction, seedSavedChange } from "./support/server-actions";
import { FORGED_COOKIE } from "./support/sessions";

function auditRows(): number {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM audit_log").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test.use({ storageState: { cookies: [], origins: [] } });

// Each anonymous action call used to append a "refused" entry: 2,000 calls, 2,000 rows, with
// attacker-chosen target ids that then showed in real users' histories and could point
// revert_of at real entries.
test("calls without a session, however many, write nothing to the audit log", async ({
  request,
  freshUser,
}) => {
  const victim = await freshUser({ publicMetadata: { plan: "free" } });
  const [realEntry] = await seedSavedChange(victim.id, victim.updatedAt);
  const before = auditRows();
  const calls = Array.from({ length: 150 }, (_, i) => {
    const cookie = i % 2 === 0 ? null : FORGED_COOKIE;
    return i % 3 === 0
      ? callAction(request, {
          path: `/audit/${realEntry}`,
          action: "revertAuditEntryAction",
          args: [{ entryId: realEntry, baseUpdatedAt: 0 }],
          cookie,
        })
      : callAction(request, {
          path: `/users/${victim.id}`,
          action: i % 3 === 1 ? "saveUserMetadata" : "setUserFlag",
          args: [
            i % 3 === 1
              ? {
                  userId: victim.id,
                  baseUpdatedAt: 0,
                  patch: { public_metadata: { role: "admin" } },
                }
              : { userId: `user_planted${i}`, baseUpdatedAt: 0, key: "new_dashboard", value: true },
          ],
          cookie,
        });
  });
  for (const answer of await Promise.all(calls)) expect(answer).toContain('"kind":"forbidden"');
  expect(auditRows()).toBe(before);
});

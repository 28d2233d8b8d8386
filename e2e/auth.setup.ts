import { expect, request, test as setup } from "@playwright/test";
import { createAuth } from "../lib/auth/create-auth";
import { testDesk } from "../tests/support/staff-desk";
import { addStaff } from "../lib/auth/staff-accounts";
import { migrateConsoleDatabase } from "../lib/startup/migrate-console-database";
import { openConsoleDatabase } from "../lib/db/open-database";
import {
  E2E_AUTH_SECRET,
  E2E_SLOTS,
  E2E_STAFF,
  e2eStack,
  storageStateFor,
  type E2ERole,
} from "./support/e2e-env";

// Every worker slot's dashboard (global-setup.ts) gets the same accounts, each slot at once.
for (let slot = 0; slot < E2E_SLOTS; slot++)
  setup(`create staff accounts and sign each role in, on slot ${slot}`, async () => {
    // A dashboard renders each page slowly at its first request, beside the other slots' doing so.
    setup.setTimeout(120_000);
    const stack = e2eStack(slot);
    const opened = openConsoleDatabase({ kind: "sqlite", file: stack.databaseFile });
    try {
      await migrateConsoleDatabase(opened);
      const auth = createAuth(opened, { secret: E2E_AUTH_SECRET, baseURL: "http://127.0.0.1" });
      for (const [role, account] of Object.entries(E2E_STAFF)) {
        const added = await addStaff(testDesk(auth, opened), {
          ...account,
          role,
          name: `E2E ${role}`,
        });
        expect(added.ok || added.error.message.includes("already")).toBe(true);
      }
    } finally {
      await opened.db.destroy();
    }
    // Signed in through the dashboard's own sign-in endpoint, as its form does; the browser
    // flow itself is tested in access.spec.ts and return-paths.spec.ts.
    for (const role of Object.keys(E2E_STAFF) as E2ERole[]) {
      const api = await request.newContext({ baseURL: stack.appUrl });
      const signIn = await api.post("/api/auth/sign-in/email", {
        headers: { Origin: stack.appUrl },
        data: { email: E2E_STAFF[role].email, password: E2E_STAFF[role].password },
      });
      expect(signIn.status(), role).toBe(200);
      expect((await api.get("/users", { maxRedirects: 0 })).status(), role).toBe(200);
      await api.storageState({ path: storageStateFor(role, stack.slot) });
      await api.dispose();
    }
  });

import { expect, test as setup } from "@playwright/test";
import { createAuth } from "../lib/auth/create-auth";
import { testDesk } from "../tests/support/staff-desk";
import { addStaff } from "../lib/auth/staff-accounts";
import { migrateConsoleDatabase } from "../lib/startup/migrate-console-database";
import { openConsoleDatabase } from "../lib/db/open-database";
import {
  E2E_AUTH_SECRET,
  E2E_DATABASE_FILE,
  E2E_STAFF,
  storageStateFor,
  type E2ERole,
} from "./support/e2e-env";

setup("create staff accounts and sign each role in", async ({ browser }) => {
  const opened = openConsoleDatabase({ kind: "sqlite", file: E2E_DATABASE_FILE });
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
  for (const role of Object.keys(E2E_STAFF) as E2ERole[]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(E2E_STAFF[role].email);
    await page.getByLabel("Password").fill(E2E_STAFF[role].password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/users$/);
    await context.storageState({ path: storageStateFor(role) });
    await context.close();
  }
});

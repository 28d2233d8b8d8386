import { test as base, expect, type Page } from "@playwright/test";
import { UserPage } from "./pages/user-page";
import { UsersPage } from "./pages/users-page";
import { E2E_APP_URL, storageStateFor, type E2ERole } from "./support/e2e-env";
import { clerk, createFixtureUser, emulatorAdmin } from "./support/emulator";

type Fixtures = {
  /** The official SDK against the test emulator, for fixtures and read-backs. */
  clerk: typeof clerk;
  /** The emulator's admin API (faults, call counters, outside writes); cleared after the test. */
  emulator: typeof emulatorAdmin;
  /** A fresh Clerk user for this test alone, with the metadata given. */
  freshUser: typeof createFixtureUser;
  /** A page signed in as another role than the test's own, closed after the test. */
  pageAs: (role: E2ERole) => Promise<Page>;
  /** The user page object on the test's page. */
  userPage: UserPage;
  /** The users list page object on the test's page. */
  usersPage: UsersPage;
};

/**
 * Every spec imports `test` and `expect` from here. A test's own `page` acts as the project's
 * role (support) unless the spec sets `test.use({ storageState: storageStateFor(role) })`.
 */
export const test = base.extend<Fixtures>({
  // This worker slot's dashboard, signed in as support unless a spec chooses otherwise.
  baseURL: async ({}, provide) => provide(E2E_APP_URL),
  storageState: async ({}, provide) => provide(storageStateFor("support")),
  // Playwright requires a destructuring pattern first, even when a fixture needs no other.
  clerk: async ({}, provide) => provide(clerk),
  emulator: async ({}, provide) => {
    await provide(emulatorAdmin);
    await emulatorAdmin.clearFaults();
    await emulatorAdmin.clearInterleavedWrites();
  },
  freshUser: async ({}, provide) => provide(createFixtureUser),
  pageAs: async ({ browser, baseURL, viewport, colorScheme }, provide) => {
    const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
    await provide(async (role) => {
      // A context of one's own does not inherit the project's options: pass them on.
      const context = await browser.newContext({
        baseURL,
        viewport,
        colorScheme,
        storageState: storageStateFor(role),
      });
      contexts.push(context);
      return context.newPage();
    });
    for (const context of contexts) await context.close();
  },
  userPage: async ({ page }, provide) => provide(new UserPage(page)),
  usersPage: async ({ page }, provide) => provide(new UsersPage(page)),
});

export { expect, storageStateFor };

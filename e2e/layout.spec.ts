import { expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import type { E2ERole } from "./support/e2e-env";
import { seedBulkJob, seedSavedChange } from "./support/server-actions";

// Every page fits the screen: no sideways scrolling of the whole page on a phone (390 px) or a
// laptop (1280 px), as each role that can open it.

const WIDTHS = [390, 1280];

type PageCase = { path: string; roles: E2ERole[]; ready: (page: Page) => Promise<void> };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

const everyone: E2ERole[] = ["viewer", "product", "support", "admin"];
const heading = (name: string | RegExp) => async (page: Page) =>
  expect(page.getByRole("heading", { level: 1, name })).toBeVisible();

// One test per role, so that the roles' sweeps run side by side.
for (const role of everyone)
  test(`no page scrolls sideways at 390 or 1280 px, for any role that can open it: ${role}`, async ({
    pageAs,
    freshUser,
  }) => {
    test.slow();
    const user = await freshUser({
      publicMetadata: {
        plan: "enterprise",
        features: { new_dashboard: true, beta_exports: false },
        support: { ticket: "T-1234567890", note: "a long note ".repeat(8) },
      },
    });
    const [entry] = await seedSavedChange(user.id, user.updatedAt);
    const jobId = await seedBulkJob([user.id]);
    const cases: PageCase[] = [
      { path: "/users", roles: everyone, ready: heading("Users") },
      {
        path: `/users/${user.id}`,
        roles: everyone,
        ready: async (page) =>
          expect(page.getByRole("textbox", { name: "Public metadata", exact: true })).toBeVisible(),
      },
      { path: "/audit", roles: everyone, ready: heading("Audit log") },
      { path: `/audit/${entry}`, roles: everyone, ready: heading(`Audit entry #${entry}`) },
      { path: "/flags", roles: everyone, ready: heading("Feature flags") },
      { path: "/sync", roles: everyone, ready: heading("User index") },
      { path: "/flags/bulk", roles: ["product", "support", "admin"], ready: heading(/Bulk/) },
      {
        path: `/flags/bulk/${jobId}`,
        roles: everyone,
        ready: async (page) => expect(page.getByTestId("job-status")).toBeVisible(),
      },
      { path: "/staff", roles: ["admin"], ready: heading("Staff") },
    ];
    const problems: string[] = [];
    const page = await pageAs(role);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const { path, roles, ready } of cases) {
        if (!roles.includes(role)) continue;
        await page.goto(path);
        await ready(page);
        const extra = await overflow(page);
        if (extra > 0) problems.push(`${path} as ${role} at ${width} px: ${extra} px too wide`);
      }
    }
    expect(problems).toEqual([]);
  });

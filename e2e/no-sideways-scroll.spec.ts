import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/**
 * No page scrolls sideways, on a phone or a wide screen, light or dark, in the states people
 * meet: lists with and without a filter, a bad filter, a user with the review and the request
 * body open, the flag pages, the log, reviews, the index, staff and security.
 */
const WIDTHS = [390, 768, 1280, 1440];

async function overflow(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= window.innerWidth) return null;
    // Name the outermost element that sticks out and is not inside a box that scrolls or clips
    // it, to say what to fix.
    const clipped = (element: Element) => {
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement)
        if (getComputedStyle(up).overflowX !== "visible") return true;
      return false;
    };
    const culprit = [...document.body.querySelectorAll("*")].find(
      (element) =>
        element.getBoundingClientRect().right > window.innerWidth + 0.5 && !clipped(element),
    );
    const name = culprit
      ? `${culprit.tagName.toLowerCase()}.${String(culprit.className).slice(0, 80)} "${(culprit.textContent ?? "").slice(0, 40)}"`
      : "?";
    return `${root.scrollWidth} > ${window.innerWidth}: ${name}`;
  });
}

for (const width of WIDTHS) {
  test(`nothing scrolls sideways at ${width} px, in either theme`, async ({
    page,
    pageAs,
    userPage,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height: 900 });
    const user = await userPage.openNewUser({
      publicMetadata: {
        plan: "free",
        note: "a-rather-long-value-without-any-spaces-in-it-at-all-".repeat(3),
      },
    });
    const visits: [string, () => Promise<void>][] = [
      ["/users", () => page.goto("/users").then(() => undefined)],
      [
        "/users filtered",
        async () => {
          await page.goto(`/users?where=${encodeURIComponent('public_metadata.plan = "free"')}`);
          await expect(page.getByText(/match/).first()).toBeVisible();
        },
      ],
      [
        "/users with a bad filter",
        async () => {
          await page.goto(`/users?where=${encodeURIComponent("public_metadata.plan =")}`);
          await expect(page.getByRole("alert").first()).toBeVisible();
        },
      ],
      [
        "a user, reviewing a change",
        async () => {
          await userPage.goto(user.id);
          await userPage.previewEdit(
            "Public metadata",
            JSON.stringify({ plan: "pro", note: "x".repeat(200) }),
          );
          await expect(userPage.requestBody).toBeVisible();
        },
      ],
      ["/flags", () => page.goto("/flags").then(() => undefined)],
      ["/flags/bulk", () => page.goto("/flags/bulk").then(() => undefined)],
      ["/audit", () => page.goto("/audit").then(() => undefined)],
      ["/reviews", () => page.goto("/reviews").then(() => undefined)],
      ["/sync", () => page.goto("/sync").then(() => undefined)],
      ["/security", () => page.goto("/security").then(() => undefined)],
    ];
    const admin = await pageAs("admin");
    await admin.setViewportSize({ width, height: 900 });
    const problems: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await admin.emulateMedia({ colorScheme });
      for (const [name, visit] of visits) {
        await visit();
        await expect(page.locator("main h1").first()).toBeVisible();
        const found = await overflow(page);
        if (found) problems.push(`${name} (${colorScheme}): ${found}`);
      }
      await admin.goto("/staff");
      await expect(admin.locator("main h1").first()).toBeVisible();
      const found = await overflow(admin);
      if (found) problems.push(`/staff (${colorScheme}): ${found}`);
    }
    expect(problems).toEqual([]);
  });
}

for (const width of [1280, 1440]) {
  test(`at ${width} px the users table fits its box, with and without a filter: no column is cut off`, async ({
    page,
    freshUser,
  }) => {
    await page.setViewportSize({ width, height: 800 });
    // Long keys: a wide row, on top of the page and alone in the filter.
    const tag = `fit${Date.now()}`;
    await freshUser({
      publicMetadata: { cohort: tag, onboarding_checklist_state_of_the_account: 1 },
      privateMetadata: { crm_account_identifier_from_the_sales_system: "x" },
    });
    const filtered = `/users?where=${encodeURIComponent(`public_metadata.cohort = "${tag}"`)}`;
    for (const url of ["/users", filtered]) {
      const table = page.getByRole("table", { name: "Users" });
      // The user's webhook may land a moment after it is made: open the list again until then.
      await expect(async () => {
        await page.goto(url);
        await expect(table).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 10_000 });
      const fit = await table.evaluate((element) => ({
        table: element.scrollWidth,
        box: element.parentElement!.clientWidth,
      }));
      expect(fit.table, url).toBeLessThanOrEqual(fit.box);
    }
  });
}

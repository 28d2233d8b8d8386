import { expect, test } from "./fixtures";
import { UsersPage } from "./pages/users-page";

test.describe("users list", () => {
  test("/ leads to /users, which shows the newest users with the total count", async ({
    page,
    clerk,
    usersPage,
  }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/users$/);
    await expect(usersPage.rows).toHaveCount(10);
    const total = await clerk.users.getCount();
    await expect(usersPage.summary).toContainText(
      `${total.toLocaleString("en")} users · Page 1 of ${Math.ceil(total / 10)}`,
    );
    const { data } = await clerk.users.getUserList({ limit: 10 });
    expect(await usersPage.rowIds()).toEqual(data.map((u) => u.id));
  });

  test("searching narrows the list, lives in the URL, and says when nothing matches", async ({
    page,
    clerk,
    usersPage,
  }) => {
    await usersPage.goto();
    const { data } = await clerk.users.getUserList({ limit: 1, offset: 17 });
    const target = data[0]!;
    const email = target.emailAddresses[0]!.emailAddress;
    await usersPage.search.fill(email.toUpperCase());
    await expect(page).toHaveURL(
      new RegExp(`query=${encodeURIComponent(email.toUpperCase()).replace(/\./g, "\\.")}`),
    );
    await expect(usersPage.rows).toHaveCount(1);
    expect(await usersPage.rowIds()).toEqual([target.id]);
    await expect(usersPage.summary).toContainText("1 user · Page 1 of 1");

    await usersPage.search.fill("no-such-user-anywhere-xyz");
    await expect(page.getByText("No users match “no-such-user-anywhere-xyz”.")).toBeVisible();
  });

  test("a page past the end says so and offers the last page", async ({ page, usersPage }) => {
    // Other tests add users meanwhile: the numbers are read from the page, not fixed here.
    await page.goto("/users?page=999");
    await expect(
      page.getByText(/^There is no page 999: the \d+ users fit on \d+ pages\./),
    ).toBeVisible();
    const offer = page.getByRole("button", { name: /^Go to page \d+$/ });
    const last = (await offer.innerText()).replace("Go to page ", "");
    await offer.click();
    await expect(page).toHaveURL(new RegExp(`page=${last}$`));
    await expect(usersPage.rows.first()).toBeVisible();
  });

  test("a failing Backend API shows Clerk's code and trace id, and Retry recovers", async ({
    page,
    emulator,
    usersPage,
  }) => {
    await usersPage.goto();
    await emulator.setFaults({ errorRate: 1 });
    try {
      await usersPage.search.fill("anything-at-all");
      const alert = page.getByRole("alert").filter({ hasText: "The users could not be loaded." });
      await expect(alert).toBeVisible();
      await expect(alert).toContainText("internal_clerk_error");
      await expect(alert).toContainText(/Trace id\s*[0-9a-f]{32}/);
    } finally {
      await emulator.clearFaults();
    }
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByText("No users match “anything-at-all”.")).toBeVisible();
  });

  test("/ focuses the search box", async ({ page, usersPage }) => {
    await usersPage.goto();
    await page.locator("h1").click();
    await page.keyboard.press("/");
    await expect(usersPage.search).toBeFocused();
  });

  test("sorting and paging follow Clerk's order, and a deep link restores the view", async ({
    page,
    clerk,
    usersPage,
  }) => {
    await usersPage.goto();
    await usersPage.sortButton("Username").click();
    await expect(page).toHaveURL(/orderBy=%2Busername/);
    await expect(usersPage.column("Username")).toHaveAttribute("aria-sort", "ascending");
    const ascending = await clerk.users.getUserList({
      orderBy: "+username",
      limit: 25,
      offset: 25,
    });

    await page.getByLabel("Rows per page").selectOption("25");
    await expect(usersPage.rows).toHaveCount(25);
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect.poll(() => usersPage.rowIds()).toEqual(ascending.data.map((u) => u.id));

    // The same URL in a fresh page shows the same view.
    const url = page.url();
    const other = await page.context().newPage();
    await other.goto(url);
    const again = new UsersPage(other);
    await expect(again.column("Username")).toHaveAttribute("aria-sort", "ascending");
    await expect(other.getByLabel("Rows per page")).toHaveValue("25");
    expect(await again.rowIds()).toEqual(ascending.data.map((u) => u.id));
    await other.close();

    // A second click reverses the order; Back returns to the previous view.
    await usersPage.sortButton("Username").click();
    await expect(usersPage.column("Username")).toHaveAttribute("aria-sort", "descending");
    await page.goBack();
    await expect(page).toHaveURL(/page=2/);
    await expect.poll(() => usersPage.rowIds()).toEqual(ascending.data.map((u) => u.id));
  });

  test("a page view costs Clerk's two calls, and each page turn only reads the next page ahead", async ({
    page,
    emulator,
    clerk,
    usersPage,
  }) => {
    await emulator.resetStats();
    const nextPage = page.waitForResponse((r) => r.url().endsWith("/api/users?page=3"));
    await page.goto("/users?page=2");
    await expect(usersPage.rows).toHaveCount(10);
    await nextPage;
    await page.waitForLoadState("networkidle");
    // The page's rows and page 3 read ahead; Link prefetches of /users and user pages read nothing.
    expect((await emulator.stats()).requests).toEqual({
      "GET /v1/users": 2,
      "GET /v1/users/count": 2,
    });
    const { data } = await clerk.users.getUserList({ limit: 10, offset: 20 });
    await emulator.resetStats();
    const readAhead = page.waitForResponse((r) => r.url().endsWith("/api/users?page=4"));
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=3/);
    await expect.poll(() => usersPage.rowIds()).toEqual(data.map((u) => u.id));
    await readAhead;
    // Page 3 was already there; only page 4 is read ahead.
    expect((await emulator.stats()).requests).toEqual({
      "GET /v1/users": 1,
      "GET /v1/users/count": 1,
    });
  });

  test("each row links to its user page", async ({ page, usersPage }) => {
    await usersPage.goto();
    const [id] = await usersPage.rowIds();
    await usersPage.rows.first().locator("td:first-child a").click();
    await expect(page).toHaveURL(`/users/${id}`);
    await expect(page.getByRole("textbox", { name: "Public metadata", exact: true })).toBeVisible();
  });

  test("Back from a user page returns to the list page it was opened from", async ({
    page,
    clerk,
    usersPage,
  }) => {
    await usersPage.goto();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/page=2/);
    const { data } = await clerk.users.getUserList({ limit: 10, offset: 10 });
    await expect.poll(() => usersPage.rowIds()).toEqual(data.map((u) => u.id));
    await usersPage.rows.first().locator("td:first-child a").click();
    await expect(page).toHaveURL(`/users/${data[0]?.id}`);
    await page.goBack();
    await expect(page).toHaveURL(/\/users\?page=2$/);
    await expect.poll(() => usersPage.rowIds()).toEqual(data.map((u) => u.id));
    await page.goBack();
    await expect(page).toHaveURL(/\/users$/);
    await expect(usersPage.rows).toHaveCount(10);
  });

  test("an unknown or malformed user id shows a not-found page", async ({ page }) => {
    for (const id of ["user_2doesNotExist0000000000", "not-a-user-id", "user_bad%2Fpath"]) {
      const response = await page.goto(`/users/${id}`);
      expect(response?.status()).toBe(404);
      await expect(page.getByRole("heading", { name: "User not found" })).toBeVisible();
    }
  });
});

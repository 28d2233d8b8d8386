import { expect, test } from "./fixtures";

/**
 * The search box waits a moment after typing before it searches. A click made meanwhile (a row
 * already on screen, a page, a sort) must do what was clicked, not be undone by the search
 * landing after it.
 */
test.describe("clicks made while a search is typed", () => {
  test("a row clicked the moment it shows opens its user, twenty times in twenty", async ({
    page,
    clerk,
    usersPage,
  }) => {
    // The first ten are on the list before the search; the next ten appear only with it.
    const { data } = await clerk.users.getUserList({ limit: 20 });
    for (const user of data) {
      await usersPage.goto();
      const email = user.emailAddresses[0]!.emailAddress;
      await usersPage.search.fill(email);
      await page.locator(`table a[href="/users/${user.id}"]`).click();
      await expect(page).toHaveURL(`/users/${user.id}`);
      await expect(
        page.getByRole("textbox", { name: "Public metadata", exact: true }),
      ).toBeVisible();
      // The search was applied on the way: Back returns to it.
      await page.goBack();
      await expect(usersPage.search).toHaveValue(email);
      await expect(usersPage.rows).toHaveCount(1);
    }
  });

  test("a page turned while the search waits shows that page of the search, and stays", async ({
    page,
    clerk,
    usersPage,
  }) => {
    const matching = await clerk.users.getCount({ query: "a" });
    expect(matching).toBeGreaterThan(10);
    await usersPage.goto();
    await usersPage.search.fill("a");
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page).toHaveURL(/\?(?=.*query=a(?:&|$))(?=.*page=2)/);
    await expect(usersPage.summary).toContainText(`Page 2 of ${Math.ceil(matching / 10)}`);
    // Longer than the search box's wait: nothing comes after the click to undo it.
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/page=2/);
    await expect(usersPage.summary).toContainText("Page 2 of");
  });

  test("a sort clicked while the search waits sorts the search's users", async ({
    page,
    clerk,
    usersPage,
  }) => {
    await usersPage.goto();
    await usersPage.search.fill("a");
    await usersPage.sortButton("Email").click();
    await expect(page).toHaveURL(/\?(?=.*query=a(?:&|$))(?=.*orderBy=%2Bemail_address)/);
    const { data } = await clerk.users.getUserList({
      query: "a",
      orderBy: "+email_address",
      limit: 10,
    });
    await expect.poll(() => usersPage.rowIds()).toEqual(data.map((u) => u.id));
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/orderBy=%2Bemail_address/);
  });

  test("Back and Forward over searches show each in the box and keep it", async ({
    page,
    usersPage,
  }) => {
    await usersPage.goto();
    await usersPage.search.fill("a");
    await expect(page).toHaveURL(/query=a(?:&|$)/);
    await usersPage.search.fill("ab");
    await expect(page).toHaveURL(/query=ab(?:&|$)/);
    await page.goBack();
    await expect(page).toHaveURL(/query=a(?:&|$)/);
    await expect(usersPage.search).toHaveValue("a");
    await page.goForward();
    await expect(usersPage.search).toHaveValue("ab");
    // Longer than the search box's wait: nothing undoes the step forward.
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/query=ab(?:&|$)/);
  });

  test("Back pressed the moment a search lands shows the search before it, and stays there", async ({
    page,
    usersPage,
  }) => {
    await usersPage.goto();
    await usersPage.search.fill("a");
    await expect(page).toHaveURL(/query=a(?:&|$)/);
    await expect(usersPage.search).toHaveValue("a");
    // Back in the same frame the search's address is pushed, before the list renders it.
    const backed = page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          const watch = () => {
            if (new URLSearchParams(location.search).get("query") !== "ab")
              return void setTimeout(watch, 0);
            history.back();
            resolve();
          };
          watch();
        }),
    );
    await usersPage.search.fill("ab");
    await backed;
    await expect(page).toHaveURL(/query=a(?:&|$)/);
    await expect(usersPage.search).toHaveValue("a");
    // Longer than the search box's wait: the box does not search "ab" again over the step back.
    await page.waitForTimeout(1_000);
    await expect(page).toHaveURL(/query=a(?:&|$)/);
    await expect(usersPage.search).toHaveValue("a");
  });
});

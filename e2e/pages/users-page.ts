import { expect, type Locator, type Page } from "@playwright/test";

/** The users list at /users. */
export class UsersPage {
  readonly search: Locator;
  readonly rows: Locator;
  readonly summary: Locator;

  constructor(readonly page: Page) {
    this.search = page.getByLabel("Search users");
    this.rows = page.locator("table tbody tr");
    this.summary = page.getByRole("navigation", { name: "Pagination" }).locator("p");
  }

  async goto(search = "") {
    await this.page.goto(`/users${search}`);
    await expect(
      this.rows.first().or(this.page.getByRole("status").filter({ hasText: "No users" })),
    ).toBeVisible();
  }

  sortButton(column: string): Locator {
    return this.page
      .getByRole("columnheader")
      .getByRole("button", { name: new RegExp(`^${column}`) });
  }

  column(name: string): Locator {
    return this.page.getByRole("columnheader", { name: new RegExp(`^${name}`) });
  }

  async rowNames(): Promise<string[]> {
    return this.rows.locator("td:first-child a").allInnerTexts();
  }

  async rowIds(): Promise<string[]> {
    return this.rows.locator("td:nth-child(4) code").allInnerTexts();
  }
}

import { expect, type Locator, type Page } from "@playwright/test";

/** A change request's page at /reviews/[id], and its confirmed steps. */
export class ReviewPage {
  constructor(readonly page: Page) {}

  async goto(requestId: number | string) {
    await this.page.goto(`/reviews/${requestId}`);
    await expect(this.page.getByRole("heading", { name: `Request #${requestId}` })).toBeVisible();
  }

  get dialog(): Locator {
    return this.page.getByRole("alertdialog");
  }

  status(text: string): Locator {
    return this.page.getByRole("heading", { name: `Request #` }).getByText(text, { exact: true });
  }

  /** Presses a step's button, then the same-named button of its confirmation. */
  async confirm(step: "Approve" | "Apply" | "Reject" | "Withdraw" | "Rebase", comment?: string) {
    await this.page.getByRole("button", { name: step, exact: true }).click();
    if (comment !== undefined)
      await this.dialog.getByRole("textbox", { name: "Comment (required)" }).fill(comment);
    await this.dialog.getByRole("button", { name: step, exact: true }).click();
    await expect(this.dialog).toBeHidden();
  }

  /** The author's rebase: one bag's document replaced, then "Rebase" confirmed. */
  async rebaseWith(label: string, json: unknown) {
    await this.page.getByRole("textbox", { name: `Rebased ${label}`, exact: true }).focus();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(JSON.stringify(json));
    await this.confirm("Rebase");
  }

  get history(): Locator {
    return this.page.getByRole("table", { name: "Audit entries" });
  }
}

/** The request id from the "Open request #N" link a request leaves on the user page. */
export async function requestIdFrom(page: Page): Promise<number> {
  const link = page.getByRole("link", { name: /^Open request #\d+$/ });
  await expect(link).toBeVisible();
  const text = (await link.textContent()) ?? "";
  return Number(/#(\d+)/.exec(text)?.[1]);
}

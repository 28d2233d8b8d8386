import { expect, type Locator, type Page } from "@playwright/test";

export type BagLabel = "Public metadata" | "Private metadata" | "Unsafe metadata";

/** A user's page at /users/[userId], with its three Monaco editors. */
export class UserPage {
  readonly reviewButton: Locator;
  readonly saveButton: Locator;
  readonly requestBody: Locator;
  readonly updatedAt: Locator;

  constructor(readonly page: Page) {
    this.reviewButton = page.getByRole("button", { name: "Review changes" });
    this.saveButton = page.getByRole("button", { name: "Save", exact: true });
    this.requestBody = page.getByTestId("request-body");
    this.updatedAt = page.getByTestId("user-updated-at");
  }

  async goto(userId: string) {
    await this.page.goto(`/users/${userId}`);
    await expect(this.editor("Public metadata")).toBeVisible();
  }

  editor(label: BagLabel): Locator {
    return this.page.getByRole("textbox", { name: label, exact: true });
  }

  /** Replaces an editor's whole text (insertText: typing drops characters under Monaco's suggestions). */
  async replaceText(label: BagLabel, text: string) {
    // Monaco's text area sits under its rendered lines, so it is focused rather than clicked.
    await this.editor(label).focus();
    await this.page.keyboard.press("ControlOrMeta+A");
    await this.page.keyboard.press("Delete");
    await this.page.keyboard.insertText(text);
  }

  /** The "Feature flags" panel: each flag's control is named by its key. */
  get flagsPanel(): Locator {
    return this.page.getByRole("region", { name: "Feature flags" });
  }

  flagSwitch(key: string): Locator {
    return this.flagsPanel.getByRole("switch", { name: key, exact: true });
  }

  flagSelect(key: string): Locator {
    return this.flagsPanel.getByRole("combobox", { name: key, exact: true });
  }

  useDefault(key: string): Locator {
    return this.flagsPanel.getByRole("button", { name: `Use default for ${key}` });
  }

  flagValue(key: string): Locator {
    return this.page.getByTestId(`flag-value-${key}`);
  }

  /** Monaco's error squiggles in one editor (validation markers, JSON or schema). */
  errorMarkers(label: BagLabel): Locator {
    return this.page
      .locator("section")
      .filter({ has: this.editor(label) })
      .locator(".squiggly-error");
  }

  /** The editor's current text, read through Monaco's model rather than the rendered lines. */
  async text(label: BagLabel): Promise<string> {
    const section = this.page.locator("section").filter({ has: this.editor(label) });
    return section.locator(".view-lines").innerText();
  }
}

import { expect, test } from "./fixtures";
import { applyBulkChange } from "./pages/bulk-change";
import { auditEntriesFor } from "./support/audit";
import { storageStateFor } from "./support/e2e-env";

test.describe("as a product manager", () => {
  test.use({ storageState: storageStateFor("product") });

  test("switches a flag on the user page and sees the returned user; cannot save JSON", async ({
    page,
    clerk,
    userPage,
  }) => {
    const user = await userPage.openNewUser({ publicMetadata: { plan: "pro" } });
    const updatedBefore = await userPage.updatedAt.innerText();
    await expect(userPage.flagValue("new_dashboard")).toHaveText("off (default)");
    await expect(userPage.flagSwitch("new_dashboard")).toHaveAttribute("aria-checked", "false");
    await expect(userPage.useDefault("new_dashboard")).toBeDisabled();

    await userPage.flagSwitch("new_dashboard").click();
    await expect(
      page.getByRole("status").filter({ hasText: "Saved: new_dashboard is on (set on this user)" }),
    ).toBeVisible();
    await expect(userPage.flagSwitch("new_dashboard")).toHaveAttribute("aria-checked", "true");
    await expect(userPage.updatedAt).not.toHaveText(updatedBefore);
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "pro",
      features: { new_dashboard: true },
    });
    // The read-only editor follows the returned user.
    await expect.poll(() => userPage.text("Public metadata")).toContain("new_dashboard");

    await userPage.flagSelect("editor").selectOption("blocks");
    await expect(userPage.flagValue("editor")).toHaveText("blocks (set on this user)");
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "pro",
      features: { new_dashboard: true, editor: "blocks" },
    });

    await userPage.useDefault("new_dashboard").click();
    await expect(userPage.flagValue("new_dashboard")).toHaveText("off (default)");
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "pro",
      features: { editor: "blocks" },
    });

    const entries = await auditEntriesFor(user.id);
    expect(entries.map((e) => [e.outcome, e.actor?.email, e.patch])).toEqual([
      ["success", "product@e2e.test", { public_metadata: { features: { new_dashboard: null } } }],
      ["success", "product@e2e.test", { public_metadata: { features: { editor: "blocks" } } }],
      ["success", "product@e2e.test", { public_metadata: { features: { new_dashboard: true } } }],
    ]);

    await expect(page.getByRole("button", { name: "Review changes" })).toHaveCount(0);
    await expect(page.getByText("Your role can read metadata but not change it.")).toBeVisible();
  });
});

test("the flags panel warns about a key that only looks like a catalogued flag", async ({
  page,
  userPage,
}) => {
  await userPage.openNewUser({ publicMetadata: { features: { newDashboard: true } } });
  const warning = userPage.flagsPanel
    .getByRole("alert")
    .filter({ hasText: "public_metadata.features.newDashboard is not a catalogued flag" });
  await expect(warning).toContainText("public_metadata.features.new_dashboard");
  // The catalogued flag itself is still at its default: the look-alike does not count.
  await expect(userPage.flagValue("new_dashboard")).toHaveText("off (default)");
  await userPage.previewEdit("Public metadata", JSON.stringify({ features: {} }));
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(warning).toHaveCount(0);
});

test("a flag switch conflicts only when that flag changed meanwhile; another flag's change is kept", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser();
  // Someone switches another flag: no conflict, and their change stays.
  await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { features: { beta_exports: true } },
  });
  await userPage.flagSwitch("new_dashboard").click();
  await expect(userPage.flagValue("new_dashboard")).toHaveText("on (set on this user)");
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { beta_exports: true, new_dashboard: true },
  });
  await expect(userPage.flagValue("beta_exports")).toHaveText("on (set on this user)");

  // Someone switches this very flag: a conflict, nothing written, the panel shows their value.
  await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { features: { new_dashboard: false } },
  });
  await userPage.flagSwitch("new_dashboard").click();
  await expect(
    page.getByRole("alert").filter({ hasText: "This user changed since the page loaded" }),
  ).toBeVisible();
  await expect(userPage.flagValue("new_dashboard")).toHaveText("off (set on this user)");
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { beta_exports: true, new_dashboard: false },
  });
  await userPage.flagSwitch("new_dashboard").click();
  await expect(userPage.flagValue("new_dashboard")).toHaveText("on (set on this user)");
});

test("the JSON editor knows the catalogue: completion, hover text, markers for a wrong type, and the save refuses it", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { features: { editor: "blocks" } } });
  await expect(userPage.flagValue("editor")).toHaveText("blocks (set on this user)");

  await userPage.replaceText("Public metadata", '{"features": {"new_dashboard": "yes"}}');
  await expect(userPage.errorMarkers("Public metadata")).not.toHaveCount(0);
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(
    page.getByRole("alert").filter({
      hasText:
        'public_metadata.features.new_dashboard must be a boolean (true or false) (got "yes")',
    }),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    features: { editor: "blocks" },
  });

  await userPage.replaceText("Public metadata", '{"features": {"new_dashboard": true}}');
  await expect(userPage.errorMarkers("Public metadata")).toHaveCount(0);

  // Completion offers the catalogued keys inside "features".
  await userPage.replaceText("Public metadata", '{"features": {}}');
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Control+Space");
  await expect(userPage.suggestions).toContainText("beta_exports");
  await page.keyboard.press("Escape");

  // Hovering a catalogued key shows its description, owner and default.
  await userPage.replaceText("Public metadata", '{"features": {"editor": "blocks"}}');
  const hover = await userPage.hoverKey("Public metadata", "editor", "docs-team");
  await expect(hover).toContainText(
    'Which document editor the user gets. (owner: docs-team; default: "classic")',
  );
});

test("the catalogue page lists every flag", async ({ page }) => {
  await page.goto("/flags");
  await expect(page.getByRole("heading", { name: "Feature flags" })).toBeVisible();
  const row = page.getByRole("row", { name: /support_tier/ });
  await expect(row).toContainText("Routing for the user's support tickets");
  await expect(row).toContainText("support-ops");
  await expect(row).toContainText("enum: standard | priority | enterprise");
  await expect(row).toContainText("standard");
  await expect(row).toContainText("private_metadata.features.support_tier");
  await expect(page.getByRole("row")).toHaveCount(5);
  // On a phone each flag is a card whose values say what they are.
  await page.setViewportSize({ width: 390, height: 844 });
  const labels = await row
    .locator("td")
    .evaluateAll((cells) =>
      cells.map((cell) => getComputedStyle(cell, "::before").content.replace(/"/g, "")),
    );
  expect(labels).toEqual([
    "Description: ",
    "Owner: ",
    "Type: ",
    "Default: ",
    "Location: ",
    "Users: ",
  ]);
});

test.describe("bulk changes, as a product manager", () => {
  test.use({ storageState: storageStateFor("product") });

  test("a search's users: dry run, apply with live progress, reload, roll back", async ({
    page,
    clerk,
  }) => {
    const domain = `bulk${Date.now().toString(36)}.test`;
    const members = [];
    for (let i = 0; i < 12; i++) {
      members.push(
        await clerk.users.createUser({
          emailAddress: [`member${i}@${domain}`],
          publicMetadata: i < 3 ? { features: { beta_exports: true } } : { plan: "free" },
        }),
      );
    }
    await page.goto(`/users?query=${domain}`);
    await expect(page.locator("table tbody tr")).toHaveCount(10);
    await page.getByRole("link", { name: "Change a flag for these users" }).click();
    await expect(page).toHaveURL(new RegExp(`/flags/bulk\\?query=${domain}`));
    await expect(page.getByLabel("Search query")).toHaveValue(domain);
    await page.getByLabel("Flag").selectOption("beta_exports");
    await page.getByLabel("New value").selectOption("true");
    await expect(page.getByRole("button", { name: "Apply" })).toBeDisabled();
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("dry-run-summary")).toContainText("12 users targeted");
    await expect(page.getByTestId("dry-run-summary")).toContainText(
      "9 would change, 3 already have that value",
    );
    await expect(
      page.getByRole("table", { name: /sample of the changes/ }).getByRole("row"),
    ).toHaveCount(10);
    expect((await clerk.users.getUser(members[5]!.id)).publicMetadata).toEqual({ plan: "free" });

    // A reason given after the dry run keeps it current; every write of the job carries it.
    await page.getByRole("textbox", { name: "Reason (optional)" }).fill("Beta cohort, BETA-3");
    // Apply asks first, naming the flag, the value and how many users; Escape starts nothing.
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    const confirmation = page.getByRole("alertdialog", { name: "Apply to 9 users?" });
    await expect(confirmation).toContainText("Sets beta_exports to on for the 9 users");
    await page.keyboard.press("Escape");
    await expect(confirmation).toBeHidden();
    await expect(page).toHaveURL(/\/flags\/bulk\?/);
    await applyBulkChange(page, 9);
    await expect(page).toHaveURL(/\/flags\/bulk\/bulk_[a-z0-9]+$/);
    await expect(page.getByText("Reason: Beta cohort, BETA-3")).toBeVisible();
    const progress = page.getByRole("progressbar", { name: "Job progress" });
    await expect(progress).toBeVisible();
    await expect(page.getByTestId("job-status")).toHaveText("Completed");
    await expect(progress).toHaveAttribute("aria-valuenow", "12");
    await expect(page.getByTestId("job-changed")).toHaveText("9");
    await expect(page.getByTestId("job-skipped")).toHaveText("3");
    await expect(page.getByTestId("job-failed")).toHaveText("0");
    await page.reload();
    await expect(page.getByTestId("job-status")).toHaveText("Completed");
    await expect(page.getByTestId("job-changed")).toHaveText("9");
    for (const member of members)
      expect(
        ((await clerk.users.getUser(member.id)).publicMetadata as { features?: object }).features,
      ).toMatchObject({ beta_exports: true });
    const entries = await auditEntriesFor(members[5]!.id);
    expect(entries[0]).toMatchObject({
      outcome: "success",
      actor: { email: "product@e2e.test" },
      patch: { public_metadata: { features: { beta_exports: true } } },
      reason: "Beta cohort, BETA-3",
    });
    expect(entries[0]?.bulkJobId).toMatch(/^bulk_/);

    // The audit log shows the job as one row, with its count and outcomes, opening to its users.
    const jobId = entries[0]!.bulkJobId!;
    const jobUrl = page.url();
    await page.goto(`/audit?actor=product%40e2e.test`);
    const jobRow = page.getByRole("row").filter({ hasText: jobId });
    await expect(jobRow).toHaveCount(1);
    await expect(jobRow).toContainText("9 users");
    await expect(jobRow).toContainText("9 saved");
    await jobRow.getByRole("link", { name: "9 users" }).click();
    await expect(page).toHaveURL(new RegExp(`job=${jobId}`));
    // One row per user the job wrote (the three skipped were not written).
    await expect(page.locator("table tbody tr")).toHaveCount(9);
    await page.goto(jobUrl);
    expect(jobUrl.split("/").pop()).toBe(jobId);
    // The job's audit entries name each user and say what the job set.
    await page.getByRole("link", { name: "Its audit entries" }).click();
    await expect(page).toHaveURL(`/audit?job=${jobId}`);
    await expect(page.getByText("9 entries · Page 1 of 1")).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: `member5@${domain}` });
    await expect(row).toContainText(`bulk job ${jobId} (flag beta_exports → on)`);
    await expect(row.getByRole("link", { name: jobId })).toHaveAttribute(
      "href",
      `/flags/bulk/${jobId}`,
    );
    await page.goto(jobUrl);
    // Roll back asks first, saying how many users, which flag, from which value; Cancel writes nothing.
    await page.getByRole("button", { name: "Roll back" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Roll back 9 users?" });
    await expect(dialog).toContainText("beta_exports");
    await expect(dialog).toContainText("from on back to the value each had before");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect(
      ((await clerk.users.getUser(members[5]!.id)).publicMetadata as { features?: object })
        .features,
    ).toEqual({ beta_exports: true });
    await page.getByRole("button", { name: "Roll back" }).click();
    await dialog.getByRole("button", { name: "Roll back" }).click();
    await expect(page.getByRole("heading", { name: /Rollback of bulk_/ })).toBeVisible();
    await expect(page.getByTestId("job-status")).toHaveText("Completed");
    await expect(page.getByTestId("job-changed")).toHaveText("9");
    expect((await clerk.users.getUser(members[5]!.id)).publicMetadata).toEqual({
      plan: "free",
      features: {},
    });
    expect((await clerk.users.getUser(members[0]!.id)).publicMetadata).toEqual({
      features: { beta_exports: true },
    });
    // The job says it was rolled back, and offers no second rollback.
    await page.goto(jobUrl);
    await expect(page.getByText(/Rolled back by product@e2e\.test at/)).toBeVisible();
    await expect(page.getByRole("link", { name: "see the rollback job" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Roll back" })).toHaveCount(0);
  });

  test("Cancel job asks first; Escape and Cancel leave it running, Stop the job stops it", async ({
    page,
    freshUser,
    emulator,
    clerk,
  }) => {
    const users = [];
    for (let i = 0; i < 24; i++) users.push(await freshUser());
    await page.goto("/flags/bulk");
    await page.getByLabel("A pasted or uploaded list").check();
    await page.getByLabel("User ids or email addresses").fill(users.map((u) => u.id).join("\n"));
    await page.getByLabel("Flag").selectOption("beta_exports");
    await page.getByLabel("New value").selectOption("true");
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("dry-run-summary")).toContainText("24 users targeted");
    // A slow Clerk keeps the job running long enough to be stopped part-way.
    await emulator.setFaults({ latencyMs: 1500 });
    await applyBulkChange(page, 24);
    await expect(page.getByTestId("job-status")).toHaveText("Running");

    const dialog = page.getByRole("alertdialog", { name: "Cancel this job?" });
    await page.getByRole("button", { name: "Cancel job" }).click();
    await expect(dialog).toContainText("users not yet written stay as they are");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.getByRole("button", { name: "Cancel job" }).click();
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("job-status")).toHaveText("Running");

    await page.getByRole("button", { name: "Cancel job" }).click();
    await dialog.getByRole("button", { name: "Stop the job" }).click();
    await expect(page.getByTestId("job-status")).toHaveText("Cancelled", { timeout: 30_000 });
    await emulator.clearFaults();
    const changed = Number(await page.getByTestId("job-changed").innerText());
    expect(changed).toBeLessThan(24);
    // Exactly the users the job reports changed have the flag; the rest were left alone.
    let flagged = 0;
    for (const user of users) {
      const { features } = (await clerk.users.getUser(user.id)).publicMetadata as {
        features?: { beta_exports?: boolean };
      };
      if (features?.beta_exports === true) flagged++;
    }
    expect(flagged).toBe(changed);
  });

  test("a pasted list reports entries that match no user", async ({ page, freshUser }) => {
    const user = await freshUser();
    await page.goto("/flags/bulk");
    await page.getByLabel("A pasted or uploaded list").check();
    await page
      .getByLabel("User ids or email addresses")
      .fill(`${user.id}\nnobody@nowhere.test, user_doesnotexist1\nnot-an-entry`);
    await page.getByLabel("Flag").selectOption("editor");
    await page.getByLabel("New value").selectOption("blocks");
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(page.getByTestId("dry-run-summary")).toContainText("1 user targeted");
    const unknown = page.getByRole("alert").filter({ hasText: "3 entries match no user" });
    await expect(unknown).toContainText("nobody@nowhere.test");
    await expect(unknown).toContainText("user_doesnotexist1");
    await expect(unknown).toContainText("not-an-entry");

    // An uploaded one-column CSV replaces the list.
    await page.getByLabel("Upload a list (text or one-column CSV)").setInputFiles({
      name: "cohort.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`id\n${user.id}\n`),
    });
    await expect(page.getByLabel("User ids or email addresses")).toHaveValue(`id\n${user.id}\n`);
    await page.getByRole("button", { name: "Dry run" }).click();
    await expect(
      page.getByRole("alert").filter({ hasText: "1 entry matches no user" }),
    ).toContainText("id");
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("sees the catalogue but no bulk changes and no flag switches", async ({
    page,
    userPage,
  }) => {
    await page.goto("/flags/bulk");
    await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
    await userPage.openNewUser();
    await expect(userPage.flagSwitch("new_dashboard")).toBeDisabled();
    await expect(page.getByText("Your role can read flags but not change them.")).toBeVisible();
  });
});

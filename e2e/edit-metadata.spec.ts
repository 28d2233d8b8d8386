import { expect, test } from "@playwright/test";
import { auditEntriesFor } from "./support/audit";
import { clerk, createFixtureUser, emulatorAdmin } from "./support/emulator";
import { UserPage } from "./pages/user-page";

test.afterEach(async () => {
  await emulatorAdmin.clearFaults();
});

// One line: inserting newlines into Monaco triggers its auto-indent, which would reshape the text.
const pretty = (value: unknown) => JSON.stringify(value);

test("edit public metadata: review shows the diff and the patch with null, save re-renders the returned user", async ({
  page,
}) => {
  const user = await createFixtureUser({
    publicMetadata: { plan: "pro", features: { beta: true, legacy: true }, tags: ["a", "b"] },
    privateMetadata: { crm: 1 },
  });
  const view = new UserPage(page);
  await view.goto(user.id);
  const updatedBefore = await view.updatedAt.innerText();

  const edited = {
    plan: "pro",
    features: { beta: true, newThing: { enabled: true } },
    tags: ["a", "c"],
  };
  await view.replaceText("Public metadata", pretty(edited));
  await view.reviewButton.click();

  await expect(
    page.getByRole("heading", { name: "Public metadata: before and after" }),
  ).toBeVisible();
  const body = JSON.parse(await view.requestBody.innerText()) as unknown;
  expect(body).toEqual({
    public_metadata: { features: { legacy: null, newThing: { enabled: true } }, tags: ["a", "c"] },
  });
  await expect(page.locator(".monaco-diff-editor")).toBeVisible();

  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(view.updatedAt).not.toHaveText(updatedBefore);

  const stored = await clerk.users.getUser(user.id);
  expect(stored.publicMetadata).toEqual(edited);
  expect(stored.privateMetadata).toEqual({ crm: 1 });
  const { formatTimestamp } = await import("../lib/format/time");
  await expect(view.updatedAt).toHaveText(formatTimestamp(stored.updatedAt));
  await expect(view.reviewButton).toBeDisabled();

  const audit = await auditEntriesFor(user.id);
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({
    outcome: "success",
    bags: ["public_metadata"],
    patch: {
      public_metadata: {
        features: { legacy: null, newThing: { enabled: true } },
        tags: ["a", "c"],
      },
    },
    after: { public_metadata: edited },
  });
});

test("edit private metadata and save", async ({ page }) => {
  const user = await createFixtureUser({
    privateMetadata: { stripeCustomerId: "cus_1", seats: 3 },
  });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText(
    "Private metadata",
    pretty({ stripeCustomerId: "cus_2", seats: 3, notes: ["vip"] }),
  );
  await page.keyboard.press("ControlOrMeta+S");
  expect(JSON.parse(await view.requestBody.innerText())).toEqual({
    private_metadata: { stripeCustomerId: "cus_2", notes: ["vip"] },
  });
  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({
    stripeCustomerId: "cus_2",
    seats: 3,
    notes: ["vip"],
  });
});

test("invalid JSON or a non-object blocks saving and points at the problem", async ({ page }) => {
  const user = await createFixtureUser({ publicMetadata: { a: 1 } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", '{"a": 1,}');
  await expect(
    page.getByRole("alert").filter({ hasText: "Invalid JSON at line 1, column 9" }),
  ).toBeVisible();
  await expect(view.reviewButton).toBeDisabled();
  await view.replaceText("Public metadata", "[1, 2]");
  await expect(page.getByRole("alert").filter({ hasText: "must be a JSON object" })).toBeVisible();
  await expect(view.reviewButton).toBeDisabled();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ a: 1 });
});

test("a warning shows when the edited document holds null values", async ({ page }) => {
  const user = await createFixtureUser({ unsafeMetadata: { theme: "dark" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Unsafe metadata", pretty({ theme: null, step: 2 }));
  await view.reviewButton.click();
  await expect(
    page.getByRole("alert").filter({ hasText: "a null deletes that key" }),
  ).toBeVisible();
  await expect(
    page.getByRole("note").filter({ hasText: "can be overwritten by the user" }),
  ).toBeVisible();
});

test("with the emulator failing, the edit survives and the error shows; retry succeeds once faults are off", async ({
  page,
}) => {
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", pretty({ plan: "team" }));
  await view.reviewButton.click();

  await emulatorAdmin.setFaults({ errorRate: 1 });
  await view.saveButton.click();
  const alert = page
    .getByRole("alert")
    .filter({ hasText: "Not saved. Your edit is still in the editor." });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("500");
  await expect(alert).toContainText("internal_clerk_error");
  await expect(
    page
      .locator("section")
      .filter({ has: view.editor("Public metadata") })
      .locator(".view-lines"),
  ).toContainText("team");
  await emulatorAdmin.clearFaults();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free" });
  await alert.getByRole("button", { name: "Retry" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "team" });
  expect((await auditEntriesFor(user.id)).map((e) => e.outcome)).toEqual([
    "success",
    "clerk_error",
  ]);
});

test("an edit made meanwhile leads to the conflict view, and rebase keeps both changes", async ({
  page,
}) => {
  const user = await createFixtureUser({
    publicMetadata: { plan: "free", features: { beta: false } },
  });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", pretty({ plan: "pro", features: { beta: false } }));

  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { features: { beta: true } } });

  await view.reviewButton.click();
  await view.saveButton.click();
  await expect(
    page.getByRole("heading", { name: "This user changed since you opened it" }),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "free",
    features: { beta: true },
  });

  await page.getByRole("button", { name: "Rebase and review" }).click();
  expect(JSON.parse(await view.requestBody.innerText())).toEqual({
    public_metadata: { plan: "pro" },
  });
  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "pro",
    features: { beta: true },
  });
});

test("overlapping edits are not rebased automatically", async ({ page }) => {
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", pretty({ plan: "pro" }));
  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "team" } });
  await view.reviewButton.click();
  await view.saveButton.click();
  await expect(page.getByText("public_metadata.plan")).toBeVisible();
  await expect(page.getByRole("button", { name: "Rebase and review" })).toHaveCount(0);
  await page.getByRole("button", { name: "Edit on the current version" }).click();
  await view.reviewButton.click();
  expect(JSON.parse(await view.requestBody.innerText())).toEqual({
    public_metadata: { plan: "pro" },
  });
});

test("an unsaved draft survives a reload and can be discarded", async ({ page }) => {
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", pretty({ plan: "draft-marker" }));
  await expect(view.reviewButton).toBeEnabled();
  await page.reload();
  await expect(
    page.getByRole("status").filter({ hasText: "Restored your unsaved draft" }),
  ).toBeVisible();
  const lines = page
    .locator("section")
    .filter({ has: view.editor("Public metadata") })
    .locator(".view-lines");
  await expect(lines).toContainText("draft-marker");
  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(lines).not.toContainText("draft-marker");
  await page.reload();
  await expect(view.editor("Public metadata")).toBeVisible();
  await expect(page.getByText("Restored your unsaved draft")).toHaveCount(0);
});

test("a 429 from Clerk shows the wait, and the edit stays", async ({ page }) => {
  const user = await createFixtureUser({ publicMetadata: { plan: "free" } });
  const view = new UserPage(page);
  await view.goto(user.id);
  await view.replaceText("Public metadata", pretty({ plan: "pro" }));
  await view.reviewButton.click();
  await emulatorAdmin.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
  await view.saveButton.click();
  const alert = page.getByRole("alert").filter({ hasText: "Not saved." });
  await expect(alert).toContainText("429");
  await expect(alert).toContainText("too_many_requests");
  await expect(alert).toContainText("Retry after");
  await expect(alert).toContainText("7 s");
  await emulatorAdmin.clearFaults();
  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
});

test("a save and a flag switch each cost Clerk exactly one read and one write", async ({
  page,
}) => {
  const user = await createFixtureUser({ publicMetadata: { a: 1 } });
  const view = new UserPage(page);
  // The page's own read happened while it rendered on the server; nothing reads after that.
  await view.goto(user.id);
  const readAndWrite = {
    "GET /v1/users/{user_id}": 1,
    "PATCH /v1/users/{user_id}/metadata": 1,
  };

  await emulatorAdmin.resetStats();
  await view.replaceText("Public metadata", pretty({ a: 2 }));
  await view.reviewButton.click();
  await view.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await emulatorAdmin.stats()).requests).toEqual(readAndWrite);

  await emulatorAdmin.resetStats();
  await view.flagSwitch("new_dashboard").click();
  await expect(
    page.getByRole("status").filter({ hasText: "Saved: new_dashboard is on (set on this user)" }),
  ).toBeVisible();
  expect((await emulatorAdmin.stats()).requests).toEqual(readAndWrite);
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    a: 2,
    features: { new_dashboard: true },
  });
});

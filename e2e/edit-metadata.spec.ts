import { expect, test } from "./fixtures";
import { auditEntriesFor } from "./support/audit";

// One line: inserting newlines into Monaco triggers its auto-indent, which would reshape the text.
const pretty = (value: unknown) => JSON.stringify(value);

test("edit public metadata: review shows the diff and the patch with null, save re-renders the returned user", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({
    publicMetadata: { plan: "pro", features: { beta: true, legacy: true }, tags: ["a", "b"] },
    privateMetadata: { crm: 1 },
  });
  const updatedBefore = await userPage.updatedAt.innerText();

  const edited = {
    plan: "pro",
    features: { beta: true, newThing: { enabled: true } },
    tags: ["a", "c"],
  };
  await userPage.previewEdit("Public metadata", pretty(edited));

  await expect(
    page.getByRole("heading", { name: "Public metadata: before and after" }),
  ).toBeVisible();
  const body = JSON.parse(await userPage.requestBody.innerText()) as unknown;
  expect(body).toEqual({
    public_metadata: { features: { legacy: null, newThing: { enabled: true } }, tags: ["a", "c"] },
  });
  await expect(userPage.diffEditor).toBeVisible();

  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(userPage.updatedAt).not.toHaveText(updatedBefore);

  const stored = await clerk.users.getUser(user.id);
  expect(stored.publicMetadata).toEqual(edited);
  expect(stored.privateMetadata).toEqual({ crm: 1 });
  const { formatTimestamp } = await import("../lib/format/time");
  await expect(userPage.updatedAt).toHaveText(formatTimestamp(stored.updatedAt));
  await expect(userPage.reviewButton).toBeDisabled();

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

test("edit private metadata and save", async ({ page, clerk, userPage }) => {
  const user = await userPage.openNewUser({
    privateMetadata: { stripeCustomerId: "cus_1", seats: 3 },
  });
  await userPage.replaceText(
    "Private metadata",
    pretty({ stripeCustomerId: "cus_2", seats: 3, notes: ["vip"] }),
  );
  await page.keyboard.press("ControlOrMeta+S");
  expect(JSON.parse(await userPage.requestBody.innerText())).toEqual({
    private_metadata: { stripeCustomerId: "cus_2", notes: ["vip"] },
  });
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({
    stripeCustomerId: "cus_2",
    seats: 3,
    notes: ["vip"],
  });
});

test("invalid JSON or a non-object blocks saving and points at the problem", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { a: 1 } });
  await userPage.replaceText("Public metadata", '{"a": 1,}');
  await expect(
    page.getByRole("alert").filter({ hasText: "Invalid JSON at line 1, column 9" }),
  ).toBeVisible();
  await expect(userPage.reviewButton).toBeDisabled();
  await userPage.replaceText("Public metadata", "[1, 2]");
  await expect(page.getByRole("alert").filter({ hasText: "must be a JSON object" })).toBeVisible();
  await expect(userPage.reviewButton).toBeDisabled();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ a: 1 });
});

test("a warning shows when the edited document holds null values", async ({ page, userPage }) => {
  await userPage.openNewUser({ unsafeMetadata: { theme: "dark" } });
  await userPage.previewEdit("Unsafe metadata", pretty({ theme: null, step: 2 }));
  await expect(
    page.getByRole("alert").filter({ hasText: "a null deletes that key" }),
  ).toBeVisible();
  await expect(
    page.getByRole("note").filter({ hasText: "can be overwritten by the user" }),
  ).toBeVisible();
});

test("with the emulator failing, the edit survives and the error shows; retry succeeds once faults are off", async ({
  page,
  emulator,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.previewEdit("Public metadata", pretty({ plan: "team" }));

  await emulator.setFaults({ errorRate: 1 });
  await userPage.saveButton.click();
  const alert = page
    .getByRole("alert")
    .filter({ hasText: "Not saved. Your edit is still in the editor." });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("500");
  await expect(alert).toContainText("internal_clerk_error");
  await expect(userPage.lines("Public metadata")).toContainText("team");
  await emulator.clearFaults();
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
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({
    publicMetadata: { plan: "free", features: { beta: false } },
  });
  await userPage.replaceText("Public metadata", pretty({ plan: "pro", features: { beta: false } }));

  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { features: { beta: true } } });

  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(
    page.getByRole("heading", { name: "This user changed since you opened it" }),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "free",
    features: { beta: true },
  });

  await page.getByRole("button", { name: "Rebase and review" }).click();
  expect(JSON.parse(await userPage.requestBody.innerText())).toEqual({
    public_metadata: { plan: "pro" },
  });
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "pro",
    features: { beta: true },
  });
});

// Clerk moves updated_at for a name change too: that used to stop the save as a conflict.
test("a change elsewhere in the user (a name) or in another bag is no conflict; the edited bag's is", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({
    publicMetadata: { plan: "free" },
    privateMetadata: { crm: 1 },
  });
  await userPage.replaceText("Public metadata", pretty({ plan: "pro" }));
  await clerk.users.updateUser(user.id, { firstName: "Renamed" });
  await clerk.users.updateUserMetadata(user.id, { privateMetadata: { crm: 2 } });
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const stored = await clerk.users.getUser(user.id);
  expect([stored.firstName, stored.publicMetadata, stored.privateMetadata]).toEqual([
    "Renamed",
    { plan: "pro" },
    { crm: 2 },
  ]);

  await userPage.replaceText("Public metadata", pretty({ plan: "team" }));
  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { seats: 2 } });
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(
    page.getByRole("heading", { name: "This user changed since you opened it" }),
  ).toBeVisible();
});

test("overlapping edits are not rebased automatically", async ({ page, clerk, userPage }) => {
  const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.replaceText("Public metadata", pretty({ plan: "pro" }));
  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { plan: "team" } });
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(page.getByText("public_metadata.plan")).toBeVisible();
  await expect(page.getByRole("button", { name: "Rebase and review" })).toHaveCount(0);
  await page.getByRole("button", { name: "Edit on the current version" }).click();
  await userPage.reviewButton.click();
  expect(JSON.parse(await userPage.requestBody.innerText())).toEqual({
    public_metadata: { plan: "pro" },
  });
});

test("an unsaved draft survives a reload and can be discarded", async ({ page, userPage }) => {
  await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.replaceText("Public metadata", pretty({ plan: "draft-marker" }));
  await expect(userPage.reviewButton).toBeEnabled();
  await page.reload();
  await expect(
    page.getByRole("status").filter({ hasText: "Restored your unsaved draft" }),
  ).toBeVisible();
  const lines = userPage.lines("Public metadata");
  await expect(lines).toContainText("draft-marker");
  await page.getByRole("button", { name: "Discard draft" }).click();
  await expect(lines).not.toContainText("draft-marker");
  await page.reload();
  await expect(userPage.editor("Public metadata")).toBeVisible();
  await expect(page.getByText("Restored your unsaved draft")).toHaveCount(0);
});

test("a 429 from Clerk shows the wait, and the edit stays", async ({
  page,
  emulator,
  userPage,
}) => {
  await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.previewEdit("Public metadata", pretty({ plan: "pro" }));
  await emulator.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
  await userPage.saveButton.click();
  const alert = page.getByRole("alert").filter({ hasText: "Not saved." });
  await expect(alert).toContainText("429");
  await expect(alert).toContainText("too_many_requests");
  await expect(alert).toContainText("Retry after");
  await expect(alert).toContainText("7 s");
  await emulator.clearFaults();
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
});

test("a save and a flag switch each cost Clerk exactly one read and one write", async ({
  page,
  freshUser,
  emulator,
  clerk,
  userPage,
}) => {
  const user = await freshUser({ publicMetadata: { a: 1 } });
  // The page's own read happened while it rendered on the server; nothing reads after that.
  await userPage.goto(user.id);
  const readAndWrite = {
    "GET /v1/users/{user_id}": 1,
    "PATCH /v1/users/{user_id}/metadata": 1,
  };

  await emulator.resetStats();
  await userPage.previewEdit("Public metadata", pretty({ a: 2 }));
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await emulator.stats()).requests).toEqual(readAndWrite);

  await emulator.resetStats();
  await userPage.flagSwitch("new_dashboard").click();
  await expect(
    page.getByRole("status").filter({ hasText: "Saved: new_dashboard is on (set on this user)" }),
  ).toBeVisible();
  expect((await emulator.stats()).requests).toEqual(readAndWrite);
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    a: 2,
    features: { new_dashboard: true },
  });
});

test("a save that Clerk's copy outran says which keys changed outside Metadeck meanwhile", async ({
  page,
  clerk,
  emulator,
  userPage,
}) => {
  const user = await userPage.openNewUser({
    publicMetadata: { plan: "free", billing: { seats: 1 } },
  });
  await userPage.replaceText(
    "Public metadata",
    JSON.stringify({ plan: "pro", billing: { seats: 1 } }),
  );
  // Someone else's write lands between Metadeck's read and its PATCH.
  await emulator.interleaveWrite(user.id, { public_metadata: { billing: { seats: 9 } } });
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  const saved = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(saved).toContainText(
    "Clerk's copy also changed outside Metadeck while this was saved: see the differences in public_metadata.billing.seats.",
  );
  // The page shows Clerk's copy, and the audit entry records what happened.
  await expect(userPage.lines("Public metadata")).toContainText('"seats": 9');
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "pro",
    billing: { seats: 9 },
  });
  const [entry] = await auditEntriesFor(user.id);
  expect(entry?.message).toBe(
    "Clerk's copy also changed outside Metadeck while this was saved: public_metadata.billing.seats.",
  );
});

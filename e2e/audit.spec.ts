import { expect, test } from "./fixtures";
import { auditEntriesFor } from "./support/audit";

test("a save shows in the user's history and the audit log; revert restores it and is audited", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { plan: "free", seats: 1 } });
  await expect(page.getByText("No changes recorded through Metadeck yet.")).toBeVisible();
  await userPage.previewEdit(
    "Public metadata",
    JSON.stringify({ plan: "pro", seats: 1, trial: true }),
  );
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  const history = page.getByRole("region", { name: "History" });
  await expect(history.getByRole("row")).toHaveCount(2);
  await expect(history).toContainText("Saved");

  // Someone changes another key meanwhile; the revert must keep it.
  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { seats: 4 } });

  await history.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: "Public metadata: before and after" }),
  ).toBeVisible();
  expect(JSON.parse(await page.getByTestId("audit-patch").innerText())).toEqual({
    public_metadata: { plan: "pro", trial: true },
  });
  // Revert asks first, naming the user and the keys it restores; Escape writes nothing.
  await page.getByRole("button", { name: "Revert" }).click();
  const dialog = page.getByRole("alertdialog", {
    name: `Restore 2 keys on ${user.firstName} ${user.lastName}?`,
  });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("public_metadata.plan");
  await expect(dialog).toContainText("public_metadata.trial");
  expect(JSON.parse(await page.getByTestId("revert-patch").innerText())).toEqual({
    public_metadata: { plan: "free", trial: null },
  });
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Revert" }).click();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "pro",
    seats: 4,
    trial: true,
  });
  expect(await auditEntriesFor(user.id)).toHaveLength(1);
  await page.getByRole("button", { name: "Revert" }).click();
  await dialog.getByRole("button", { name: "Revert" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reverted." })).toBeVisible();

  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ plan: "free", seats: 4 });
  const entries = await auditEntriesFor(user.id);
  expect(entries.map((e) => e.outcome)).toEqual(["success", "success"]);
  expect(entries[0]?.revertOf).toBe(entries[1]?.id);
  expect(entries[0]?.patch).toEqual({ public_metadata: { plan: "free", trial: null } });

  // Each entry's page links the other: the revert says what it reverts, the save who reverted it.
  await page.goto(`/audit/${entries[1]?.id}`);
  await page.getByRole("link", { name: `entry #${entries[0]?.id}` }).click();
  await expect(page.getByRole("heading", { name: `Audit entry #${entries[0]?.id}` })).toBeVisible();
  await expect(page.getByRole("link", { name: `entry #${entries[1]?.id}` })).toBeVisible();

  await page.goto(`/audit?user=${user.id}`);
  await expect(page.getByText("2 entries · Page 1 of 1")).toBeVisible();
  const revertRow = page.getByRole("row").filter({ hasText: `revert of #${entries[1]?.id}` });
  await expect(revertRow).toContainText("~plan, −trial");
  await expect(revertRow.getByRole("cell").last()).toHaveText("Saved");
  await page.getByLabel("Outcome").selectOption("conflict");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=conflict/);
  await expect(page.getByText("No audit entries match.")).toBeVisible();
});

test("reverting the change that created an object undoes its keys only: keys added to it since stay", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.previewEdit(
    "Public metadata",
    JSON.stringify({ plan: "free", features: { new_dashboard: true } }),
  );
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  // Another flag is switched since, in the object the save created.
  await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { features: { beta_exports: true } },
  });

  await page.getByRole("region", { name: "History" }).getByRole("link").first().click();
  await page.getByRole("button", { name: "Revert" }).click();
  const dialog = page.getByRole("alertdialog", { name: /^Restore 1 key on / });
  await expect(dialog).toContainText("public_metadata.features.new_dashboard");
  expect(JSON.parse(await page.getByTestId("revert-patch").innerText())).toEqual({
    public_metadata: { features: { new_dashboard: null } },
  });
  await dialog.getByRole("button", { name: "Revert" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reverted." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "free",
    features: { beta_exports: true },
  });
});

test("a stale revert is refused as a conflict and writes nothing", async ({
  page,
  clerk,
  userPage,
}) => {
  const user = await userPage.openNewUser({ privateMetadata: { tier: 1 } });
  await userPage.previewEdit("Private metadata", JSON.stringify({ tier: 2 }));
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  const [saved] = await auditEntriesFor(user.id);
  await page.goto(`/audit/${saved!.id}`);
  await clerk.users.updateUserMetadata(user.id, { privateMetadata: { tier: 3 } });
  await page.getByRole("button", { name: "Revert" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revert" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not reverted." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({ tier: 3 });
  expect((await auditEntriesFor(user.id)).map((e) => e.outcome)).toEqual(["conflict", "success"]);
});

test("the audit log names people: find a user's writes by name or email, an actor by email", async ({
  page,
  freshUser,
  userPage,
}) => {
  const user = await freshUser({
    publicMetadata: { features: { betaSearch: true, darkMode: true }, billing: { seats: 3 } },
  });
  const name = `${user.firstName} ${user.lastName}`;
  const email = user.emailAddresses[0]!.emailAddress;
  await userPage.goto(user.id);
  await userPage.previewEdit(
    "Public metadata",
    JSON.stringify({
      support: { ticket: "T-1234", vip: true },
      features: { darkMode: true },
      billing: { seats: 5 },
    }),
  );
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  // A fragment of the name, in any case, finds the user's writes; the row names them.
  await page.goto(`/audit?user=${encodeURIComponent(user.lastName!.toUpperCase())}`);
  await expect(page.getByText("1 entry · Page 1 of 1")).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: email });
  await expect(row).toContainText(name);
  await expect(row).toContainText(user.id);
  await expect(row).toContainText("support@e2e.test");
  await expect(row).toContainText("+support, −features.betaSearch, ~billing.seats");
  await expect(row.getByRole("cell").last()).toHaveText("Saved");

  // The actor's email works as a link, in any case, and combines with the other filters.
  await page.goto(`/audit?actor=SUPPORT%40e2e.test&user=${encodeURIComponent(email)}`);
  await expect(page.getByText("1 entry · Page 1 of 1")).toBeVisible();
  await row.getByRole("link", { name: "support@e2e.test" }).click();
  await expect(page).toHaveURL("/audit?actor=support%40e2e.test");
  await expect(page.getByLabel("Actor")).toHaveValue("support@e2e.test");
  // Suggesting every staff address is for those who may read staff events (admins), not support.
  await expect(page.locator("datalist#audit-actors")).toHaveCount(0);

  // Filters naming nothing that exists say so.
  await page.goto("/audit?actor=nobody%40e2e.test&job=bulk_doesnotexist");
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: `No staff member's address holds "nobody@e2e.test"` }),
  ).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: 'There is no bulk job "bulk_doesnotexist"' }),
  ).toBeVisible();
  await expect(page.getByText("No audit entries match.")).toBeVisible();

  // The entry's own page names the user and the actor.
  const [entry] = await auditEntriesFor(user.id);
  await page.goto(`/audit/${entry!.id}`);
  await expect(page.getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
});

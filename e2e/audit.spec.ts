import { expect, test } from "./fixtures";
import { auditEntriesFor } from "./support/audit";

test("a save shows in the user's history and the audit log; revert restores it and is audited", async ({
  page,
  freshUser,
  clerk,
  userPage,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "free", seats: 1 } });
  await userPage.goto(user.id);
  await expect(page.getByText("No changes recorded through Metadeck yet.")).toBeVisible();
  await userPage.replaceText(
    "Public metadata",
    JSON.stringify({ plan: "pro", seats: 1, trial: true }),
  );
  await userPage.reviewButton.click();
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

  await page.goto(`/audit?user=${user.id}`);
  await expect(page.getByText("2 entries · Page 1 of 1")).toBeVisible();
  await expect(page.getByText(`revert of #${entries[1]?.id}`)).toBeVisible();
  await page.getByLabel("Outcome").selectOption("conflict");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/outcome=conflict/);
  await expect(page.getByText("No audit entries match.")).toBeVisible();
});

test("a stale revert is refused as a conflict and writes nothing", async ({
  page,
  freshUser,
  clerk,
  userPage,
}) => {
  const user = await freshUser({ privateMetadata: { tier: 1 } });
  await userPage.goto(user.id);
  await userPage.replaceText("Private metadata", JSON.stringify({ tier: 2 }));
  await userPage.reviewButton.click();
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

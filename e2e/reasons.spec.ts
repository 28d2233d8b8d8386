import { expect, test } from "./fixtures";
import { auditEntriesFor } from "./support/audit";

test("a save's reason is kept on its audit entry, with the ticket link as a link", async ({
  page,
  userPage,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "pro" }));
  const reason = page.getByRole("textbox", { name: "Reason (optional)" });

  // Over the limit, the count says so and Save waits; within it, Save is back.
  await reason.fill("x".repeat(501));
  await expect(page.getByText("501 characters: a reason holds at most 500.")).toBeVisible();
  await expect(userPage.saveButton).toBeDisabled();
  await reason.fill("Upgrade paid in TICKET-7 https://tickets.example.test/7.");
  await expect(userPage.saveButton).toBeEnabled();
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await page.getByRole("region", { name: "History" }).getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
  const kept = page.getByRole("definition").filter({ hasText: "Upgrade paid in TICKET-7" });
  await expect(kept).toHaveText("Upgrade paid in TICKET-7 https://tickets.example.test/7.");
  await expect(kept.getByRole("link", { name: "https://tickets.example.test/7" })).toHaveAttribute(
    "href",
    "https://tickets.example.test/7",
  );

  // A revert asks for its own reason, kept on the revert's entry.
  await page.getByRole("button", { name: "Revert" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog
    .getByRole("textbox", { name: "Reason (optional)" })
    .fill("Customer changed their mind");
  await dialog.getByRole("button", { name: "Revert" }).click();
  await expect(page.getByText("Reverted. Clerk updated the user")).toBeVisible();
  await page.reload();
  await page
    .getByRole("definition")
    .getByRole("link", { name: /^entry #\d+$/ })
    .click();
  await expect(page.getByRole("definition").filter({ hasText: "Customer changed" })).toHaveText(
    "Customer changed their mind",
  );

  // The next edit starts without the last reason.
  await userPage.goto(user.id);
  await userPage.previewEdit("Public metadata", JSON.stringify({ plan: "team" }));
  await expect(page.getByRole("textbox", { name: "Reason (optional)" })).toHaveValue("");
});

test("a flag switch carries the reason given for flag changes", async ({ userPage }) => {
  const user = await userPage.openNewUser({ publicMetadata: {} });
  await userPage.flagsPanel
    .getByRole("textbox", { name: "Reason for flag changes (optional)" })
    .fill("Pilot group, PILOT-1");
  await userPage.flagSwitch("new_dashboard").click();
  await expect(userPage.flagsPanel.getByText(/^Saved: new_dashboard is on/)).toBeVisible();
  const [entry] = await auditEntriesFor(user.id);
  expect(entry).toMatchObject({
    patch: { public_metadata: { features: { new_dashboard: true } } },
    reason: "Pilot group, PILOT-1",
  });
});

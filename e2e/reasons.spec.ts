import { expect, test } from "./fixtures";

test("a save's reason is kept on its audit entry, with the ticket link as a link", async ({
  page,
  freshUser,
  userPage,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "free" } });
  await userPage.goto(user.id);
  await userPage.replaceText("Public metadata", JSON.stringify({ plan: "pro" }));
  await userPage.reviewButton.click();
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

  // The next edit starts without the last reason.
  await page.goBack();
  await userPage.replaceText("Public metadata", JSON.stringify({ plan: "team" }));
  await userPage.reviewButton.click();
  await expect(page.getByRole("textbox", { name: "Reason (optional)" })).toHaveValue("");
});

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { watchPageProblems } from "./support/page-problems";

/** A machine as busy as a loaded laptop: every task in the page takes six times as long. */
async function slowDown(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  return () => cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
}

const TYPED = `"support": {"ticket": "T-1234", "vip": true},`;

// Typing fast, or on a busy machine, used to move the cursor to the end of the document part-way
// through: the editor was fed its own text back from a render that lagged behind the typing.
for (const delay of [0, 10, 50]) {
  test(`typing into the middle of a document at ${delay} ms a key, on a busy page, stores exactly what was typed`, async ({
    page,
    clerk,
    userPage,
  }) => {
    const errors = await watchPageProblems(page);
    const user = await userPage.openNewUser({ publicMetadata: { plan: "free", seats: 3 } });
    await userPage.editorsRendered();
    const restore = await slowDown(page);
    // The end of the line `"plan": "free",`, then a new line, typed key by key.
    await userPage.editor("Public metadata").focus();
    await page.keyboard.press("ControlOrMeta+Home");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    await page.keyboard.type(TYPED, { delay });
    await restore();

    await userPage.reviewButton.click();
    expect(JSON.parse(await userPage.requestBody.innerText())).toEqual({
      public_metadata: { support: { ticket: "T-1234", vip: true } },
    });
    await userPage.saveButton.click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
      plan: "free",
      support: { ticket: "T-1234", vip: true },
      seats: 3,
    });
    expect(errors).toEqual([]);
  });
}

test("undo after typing brings back the document as it was, key by key", async ({
  page,
  userPage,
}) => {
  await userPage.openNewUser({ publicMetadata: { plan: "free" } });
  await userPage.editorsRendered();
  const before = await userPage.text("Public metadata");
  await userPage.editor("Public metadata").focus();
  await page.keyboard.press("ControlOrMeta+Home");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("End");
  await page.keyboard.type(`, "seats": 12`, { delay: 5 });
  await expect(userPage.reviewButton).toBeEnabled();
  for (let i = 0; i < 20 && (await userPage.text("Public metadata")) !== before; i++)
    await page.keyboard.press("ControlOrMeta+Z");
  expect(await userPage.text("Public metadata")).toBe(before);
  await expect(userPage.reviewButton).toBeDisabled();
});

test("open, edit, review, save, edit again, conflict, rebase: no console error, and the notices and history keep up", async ({
  page,
  clerk,
  userPage,
}) => {
  const errors = await watchPageProblems(page);
  const user = await userPage.openNewUser({
    publicMetadata: { plan: "free", features: { beta: false } },
  });
  await userPage.editorsRendered();
  await userPage.previewEdit(
    "Public metadata",
    JSON.stringify({ plan: "pro", features: { beta: false } }),
  );
  await expect(userPage.diffEditor).toBeVisible();
  await userPage.saveButton.click();
  const saved = page.getByRole("status").filter({ hasText: "Saved." });
  await expect(saved).toBeVisible();

  // The notice goes at the next edit.
  await userPage.editor("Public metadata").focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("End");
  await page.keyboard.type(`, "seats": 5`);
  await expect(saved).toHaveCount(0);

  // Someone else changes the same bag meanwhile.
  await clerk.users.updateUserMetadata(user.id, { publicMetadata: { features: { beta: true } } });
  await userPage.reviewButton.click();
  await userPage.saveButton.click();
  await expect(
    page.getByRole("heading", { name: "This user changed since you opened it" }),
  ).toBeVisible();
  // The history shows the conflict as soon as it happens.
  const history = page.getByRole("region", { name: "History" });
  const rows = (outcome: string) =>
    history
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: outcome, exact: true }) });
  await expect(rows("Conflict")).toHaveCount(1);
  await expect(rows("Saved")).toHaveCount(1);

  await page.getByRole("button", { name: "Rebase and review" }).click();
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    plan: "pro",
    features: { beta: true },
    seats: 5,
  });
  await expect(rows("Saved")).toHaveCount(2);
  expect(errors).toEqual([]);
});

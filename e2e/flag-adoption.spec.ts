import { expect, test } from "./fixtures";
import { watchPageProblems } from "./support/page-problems";

/** The count a `/flags` link shows, e.g. "ai-assist: 12" → 12. */
async function countOf(link: import("@playwright/test").Locator): Promise<number> {
  const text = await link.innerText();
  return Number(text.slice(text.lastIndexOf(":") + 1).replaceAll(",", ""));
}

test("/flags counts each flag's users per value and on the default; each count opens the list of them", async ({
  page,
  freshUser,
  usersPage,
}) => {
  const problems = await watchPageProblems(page);
  await page.goto("/flags");
  await expect(
    page.getByText(/Users per value: [\d,]+ users from the user index, updated/),
  ).toBeVisible();
  // The counts stream into the table after the catalogue; the page stays whole and quiet.
  await expect(page.getByText("Counting…")).toHaveCount(0);
  expect(problems).toEqual([]);
  const row = page.getByRole("row", { name: /support_tier/ });
  const enterprise = row.getByRole("link", { name: /^enterprise: / });
  const before = await countOf(enterprise);

  // A user given the value through Clerk shows in the count once the webhook has indexed it.
  const user = await freshUser({ privateMetadata: { features: { support_tier: "enterprise" } } });
  await expect(async () => {
    await page.reload();
    expect(await countOf(enterprise)).toBe(before + 1);
  }).toPass({ timeout: 10_000 });

  await enterprise.click();
  await expect(page).toHaveURL(/\/users\?where=/);
  expect(new URL(page.url()).searchParams.get("where")).toBe(
    'private_metadata.features.support_tier = "enterprise"',
  );
  const matches = before + 1 === 1 ? "1 user matches" : `${before + 1} users match`;
  await expect(page.getByText(`${matches}, from the index`)).toBeVisible();
  // Newest first: the user just given the value leads the list.
  expect((await usersPage.rowIds())[0]).toBe(user.id);

  // The default's count is everyone else: the list it opens has that many users. Other tests
  // add users without the flag meanwhile, so the two are compared until a quiet moment.
  await expect(async () => {
    await page.goto("/flags");
    const fallback = row.getByRole("link", { name: /^default \(standard\): / });
    const defaults = await countOf(fallback);
    await fallback.click();
    await expect(page).toHaveURL(/where=not/);
    expect(new URL(page.url()).searchParams.get("where")).toBe(
      'not (private_metadata.features.support_tier in ["standard", "priority", "enterprise"])',
    );
    await expect(
      page.getByText(
        `${defaults.toLocaleString("en")} ${defaults === 1 ? "user matches" : "users match"}, from the index`,
      ),
    ).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
});

import { expect, test } from "./fixtures";

/**
 * Finding users by their metadata: the `/users` filter reads the user index, which the
 * emulator's webhooks keep current (playwright.config.ts wires them to the dashboard).
 */
test("a filter on metadata lists the matching users from the index; the URL keeps it; Back undoes it", async ({
  page,
  freshUser,
  usersPage,
}) => {
  const tag = `filter${Date.now()}`;
  const match = await freshUser({ publicMetadata: { cohort: tag, plan: "pro" } });
  const other = await freshUser({ publicMetadata: { cohort: tag, plan: "free" } });
  await page.goto("/users");
  const filter = page.getByLabel("Filter", { exact: true });
  const where = `public_metadata.cohort = "${tag}" and public_metadata.plan = "pro"`;
  // The webhooks index new users within moments; the filter shows them once they are in.
  await expect(async () => {
    await filter.fill(where);
    await page.getByRole("button", { name: "Apply filter" }).click();
    await expect(page.getByText("1 user matches, from the index")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(page).toHaveURL(/where=/);
  expect(new URL(page.url()).searchParams.get("where")).toBe(where);
  expect(await usersPage.rowIds()).toEqual([match.id]);

  // A deep link opens the same view; Back returns to the unfiltered list.
  await page.reload();
  await expect(page.getByText("1 user matches, from the index")).toBeVisible();
  await expect(filter).toHaveValue(where);
  await page.getByLabel("Filter", { exact: true }).fill(`public_metadata.cohort = "${tag}"`);
  await page.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("2 users match, from the index")).toBeVisible();
  expect((await usersPage.rowIds()).sort()).toEqual([match.id, other.id].sort());
  await page.goBack();
  await expect(page.getByText("1 user matches, from the index")).toBeVisible();
  await page.getByRole("button", { name: "Clear filter" }).click();
  await expect(page).not.toHaveURL(/where=/);
  await expect(page.getByText(/from the index/)).toHaveCount(0);
});

test("a malformed filter is shown with the position of the problem and runs nothing", async ({
  page,
}) => {
  await page.goto("/users");
  const requests: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("where=")) requests.push(request.url());
  });
  await page.getByLabel("Filter", { exact: true }).fill('public_metadata.plan = "pro" and');
  await page.getByRole("button", { name: "Apply filter" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "At character" });
  await expect(alert).toContainText("At character 33: Expected a path");
  await expect(page.getByLabel("Filter", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).not.toHaveURL(/where=/);
  expect(requests).toEqual([]);

  // The same from a link: the route refuses it with the position, and the page says so.
  const response = await page.request.get("/api/users?where=public_metadata.plan%20%3D");
  expect(response.status()).toBe(400);
  expect(await response.json()).toMatchObject({
    error: { kind: "invalid_filter", position: 22 },
  });
  await page.goto("/users?where=public_metadata.plan%20%3D");
  await expect(page.getByRole("alert").filter({ hasText: "At character 23" })).toBeVisible();
});

test("a bare word where text was meant is refused, and the quoted filter is one click away", async ({
  page,
  freshUser,
}) => {
  const tag = `bare${Date.now()}`;
  const user = await freshUser({ publicMetadata: { cohort: tag } });
  await page.goto("/users");
  await page.getByLabel("Filter", { exact: true }).fill(`public_metadata.cohort = ${tag}`);
  await page.getByRole("button", { name: "Apply filter" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "At character" });
  await expect(alert).toContainText(`At character 26: Expected a value`);
  await expect(page).not.toHaveURL(/where=/);
  await alert.getByRole("button", { name: `Use public_metadata.cohort = "${tag}"` }).click();
  await expect(page.getByLabel("Filter", { exact: true })).toHaveValue(
    `public_metadata.cohort = "${tag}"`,
  );
  await expect(page.getByText("1 user matches")).toBeVisible();
  await expect(page.locator(`table a[href="/users/${user.id}"]`)).toBeVisible();
  await expect(alert).toBeHidden();
});

test("a bad filter fails closed: its error replaces the last good filter's rows, count, export and bulk change", async ({
  pageAs,
  freshUser,
}) => {
  const page = await pageAs("product");
  const tag = `closed${Date.now()}`;
  await freshUser({ publicMetadata: { cohort: tag } });
  const good = `/users?where=${encodeURIComponent(`public_metadata.cohort = "${tag}"`)}`;
  await expect(async () => {
    await page.goto(good);
    await expect(page.getByText("1 user matches, from the index")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  const table = page.getByRole("table", { name: "Users" });
  const bulk = page.getByRole("link", { name: "Change a flag for these users" });
  const exportUsers = page.getByText("Export these users");
  await expect(table).toBeVisible();
  await expect(bulk).toBeVisible();
  await expect(exportUsers).toBeVisible();

  // Typed and applied: the URL keeps the last good filter, but nothing of it stays on screen.
  await page.getByLabel("Filter", { exact: true }).fill(`public_metadata.cohort = "${tag}" and`);
  await page.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "At character" })).toBeVisible();
  await expect(table).toHaveCount(0);
  await expect(page.getByText(/users? match/)).toHaveCount(0);
  await expect(exportUsers).toHaveCount(0);
  await expect(bulk).toHaveCount(0);
  await expect(
    page.getByText("Change a flag for these users (fix the filter first)"),
  ).toBeVisible();

  // Fixed again, everything comes back.
  await page.getByLabel("Filter", { exact: true }).fill(`public_metadata.cohort = "${tag}"`);
  await page.getByRole("button", { name: "Apply filter" }).click();
  await expect(page.getByText("1 user matches, from the index")).toBeVisible();
  await expect(bulk).toBeVisible();

  // A shared link with a bad filter, and one too long to run, behave the same.
  for (const where of ["public_metadata.plan =", `public_metadata.plan = "${"x".repeat(4100)}"`]) {
    await page.goto(`/users?where=${encodeURIComponent(where)}`);
    await expect(page.getByRole("alert").filter({ hasText: "At character" })).toBeVisible();
    await expect(table).toHaveCount(0);
    await expect(exportUsers).toHaveCount(0);
    await expect(bulk).toHaveCount(0);
  }
  // A search too long to run is refused the same way, not dropped (which showed every user).
  await page.goto(`/users?query=${"y".repeat(201)}`);
  await expect(
    page.getByText("The search is longer than 200 characters: shorten it."),
  ).toBeVisible();
  await expect(table).toHaveCount(0);
  await expect(
    page.getByText("Change a flag for these users (fix the search first)"),
  ).toBeVisible();
  expect((await page.request.get(`/api/users?query=${"y".repeat(201)}`)).status()).toBe(400);
  const tooLong = await page.request.get(
    `/api/users?where=${encodeURIComponent(`public_metadata.plan = "${"x".repeat(4100)}"`)}`,
  );
  expect(tooLong.status()).toBe(400);
  expect(await tooLong.json()).toMatchObject({
    error: { kind: "invalid_filter", position: 4000 },
  });
});

test("GET /api/users?where= answers the users, the total and the index's freshness", async ({
  page,
  freshUser,
}) => {
  const tag = `api${Date.now()}`;
  const user = await freshUser({ publicMetadata: { cohort: tag } });
  await expect(async () => {
    const response = await page.request.get(
      `/api/users?where=${encodeURIComponent(`public_metadata.cohort = "${tag}"`)}`,
    );
    expect(response.status()).toBe(200);
    const body = (await response.json()) as {
      users: { id: string }[];
      total: number;
      indexedAt: number;
    };
    expect(body.total).toBe(1);
    expect(body.users.map((u) => u.id)).toEqual([user.id]);
    expect(body.indexedAt).toEqual(expect.any(Number));
  }).toPass({ timeout: 10_000 });
});

test("the builder writes a filter a condition at a time, completing paths from the catalogue and the index", async ({
  page,
  freshUser,
  usersPage,
}) => {
  const tag = `built${Date.now()}`;
  const match = await freshUser({ publicMetadata: { cohort: tag, plan: "team" } });
  await freshUser({ publicMetadata: { cohort: tag, plan: "free" } });
  await page.goto("/users");
  await page.getByText("Build a filter").click();
  // Completion: a catalogued flag at once, and a key the index has seen in users' metadata.
  await expect(
    page.locator('datalist option[value="public_metadata.features.new_dashboard"]'),
  ).toHaveCount(1);
  await expect(page.locator('datalist option[value="public_metadata.cohort"]')).toHaveCount(1);

  const filter = page.getByLabel("Filter", { exact: true });
  await page.getByLabel("Path", { exact: true }).fill("public_metadata.cohort");
  await page.getByLabel("Operator", { exact: true }).selectOption("=");
  await page.getByLabel("Value", { exact: true }).fill(tag);
  await page.getByRole("button", { name: "Add to filter" }).click();
  await expect(filter).toHaveValue(`public_metadata.cohort = "${tag}"`);
  await page.getByLabel("Join with").selectOption("and");
  await page.getByLabel("Path", { exact: true }).fill("public_metadata.plan");
  await page.getByLabel("Operator", { exact: true }).selectOption("in");
  await page.getByLabel("Value", { exact: true }).fill("pro, team");
  await page.getByLabel("Value", { exact: true }).press("Enter");
  const where = `public_metadata.cohort = "${tag}" and public_metadata.plan in ["pro", "team"]`;
  await expect(filter).toHaveValue(where);
  await expect(filter).toBeFocused();
  // Nothing ran yet: the builder only writes; Enter in the Filter box applies it.
  await expect(page).not.toHaveURL(/where=/);
  await expect(async () => {
    await filter.press("Enter");
    await expect(page.getByText("1 user matches, from the index")).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  expect(new URL(page.url()).searchParams.get("where")).toBe(where);
  expect(await usersPage.rowIds()).toEqual([match.id]);

  // What the text box would refuse, the builder refuses too, saying where.
  await page.getByLabel("Path", { exact: true }).fill("public_metadata..plan");
  await page.getByLabel("Value", { exact: true }).fill("x");
  await page.getByRole("button", { name: "Add to filter" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /^At character 17: / })).toBeVisible();
  await expect(filter).toHaveValue(where);
});

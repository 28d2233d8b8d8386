import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { parseCsv } from "../tests/support/parse-csv";
import { expect, test } from "./fixtures";
import { seriousViolations } from "./support/axe";
import { exportEvents } from "./support/audit";

/**
 * Opens `/users` with a filter once the webhooks have indexed the users it should match. Page
 * errors are collected: a hydration mismatch re-renders the list and closes the export's
 * disclosure under the person's hand, so there must be none.
 */
async function openFiltered(page: Page, where: string, matches: string) {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await expect(async () => {
    await page.goto(`/users?where=${encodeURIComponent(where)}`);
    await expect(page.getByText(`${matches}, from the index`)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  return errors;
}

test("Export CSV downloads every user the filter matches with the chosen metadata paths, and is audited", async ({
  page,
  freshUser,
  usersPage,
}) => {
  const tag = `export${Date.now()}`;
  const pro = await freshUser({
    publicMetadata: { cohort: tag, plan: "pro" },
    privateMetadata: { billing: { seats: 5 } },
  });
  // What a user writes into their own metadata reaches a spreadsheet only as text.
  const tricky = await freshUser({
    publicMetadata: { cohort: tag, plan: '=HYPERLINK("http://evil.test")', tags: ["a", "b"] },
    unsafeMetadata: { note: 'says "hi", twice\nreally' },
  });
  await freshUser({ publicMetadata: { cohort: `${tag}-not`, plan: "pro" } });
  const where = `public_metadata.cohort = "${tag}"`;
  const errors = await openFiltered(page, where, "2 users match");

  const shown = await usersPage.rowIds();
  await page.getByText("Export these users").click();
  const paths = page.getByLabel("Metadata paths");
  // Prefilled with what the filter reads.
  await expect(paths).toHaveValue("public_metadata.cohort");
  await paths.fill(
    "public_metadata.plan, private_metadata.billing.seats, unsafe_metadata.note, public_metadata.tags",
  );
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^users-\d{8}-\d{4}\.csv$/);
  // The page says how it went, counting the users as their rows come (a note spans two lines).
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    "Exported 2 users.",
  );
  const records = parseCsv(await readFile(await download.path(), "utf8"));
  const nameOf = (user: typeof pro) => `${user.firstName} ${user.lastName}`;
  expect(records).toEqual([
    [
      "id",
      "primary_email",
      "name",
      "public_metadata.plan",
      "private_metadata.billing.seats",
      "unsafe_metadata.note",
      "public_metadata.tags",
    ],
    // In the order the list shows them.
    ...[
      [pro.id, pro.primaryEmailAddress!.emailAddress, nameOf(pro), "pro", "5", "", ""],
      [
        tricky.id,
        tricky.primaryEmailAddress!.emailAddress,
        nameOf(tricky),
        '\'=HYPERLINK("http://evil.test")',
        "",
        'says "hi", twice\nreally',
        '["a","b"]',
      ],
    ].sort((a, b) => shown.indexOf(a[0]!) - shown.indexOf(b[0]!)),
  ]);
  expect(shown).toHaveLength(2);
  expect(errors).toEqual([]);

  // One audit entry, written as the download finished, shown in the log and on its own page.
  await expect
    .poll(async () => (await exportEvents()).filter((e) => e.details.where === where))
    .toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ email: "support@e2e.test" }),
        outcome: "success",
        details: {
          where,
          query: "",
          paths: [
            "public_metadata.plan",
            "private_metadata.billing.seats",
            "unsafe_metadata.note",
            "public_metadata.tags",
          ],
          rows: 2,
        },
      }),
    ]);
  await page.goto("/audit?event=export");
  const row = page.getByRole("row").filter({ hasText: where });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("CSV export");
  await expect(row).toContainText("2 rows");
  await expect(row).toContainText("support@e2e.test");
  await expect(row).toContainText("Done");
  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /^Audit entry #\d+$/ })).toBeVisible();
  await expect(page.getByText(where, { exact: true })).toBeVisible();
  await expect(page.getByText("2 rows", { exact: true })).toBeVisible();
  await expect(
    page.getByText(
      "id, primary_email, name, public_metadata.plan, private_metadata.billing.seats, unsafe_metadata.note, public_metadata.tags",
    ),
  ).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Sorted by another column, the export follows that order too; and an address written by
  // hand (a raw "+", which reads as a space; a sort naming no column) is read as the list reads it.
  for (const orderBy of ["%2Bemail_address", "-email_address", "+email_address", "-constructor"]) {
    const view = `where=${encodeURIComponent(where)}&orderBy=${orderBy}`;
    await page.goto(`/users?${view}`);
    await expect(page.getByText("2 users match, from the index")).toBeVisible();
    const sorted = await usersPage.rowIds();
    const answer = await page.request.get(`/api/users/export?${view}`);
    expect(answer.status()).toBe(200);
    expect(
      parseCsv(await answer.text())
        .slice(1)
        .map((record) => record[0]),
      orderBy,
    ).toEqual(sorted);
  }
});

test("a malformed path is shown at its position and downloads nothing; the route refuses it with the position", async ({
  page,
  freshUser,
}) => {
  const tag = `exportbad${Date.now()}`;
  await freshUser({ publicMetadata: { cohort: tag } });
  const where = `public_metadata.cohort = "${tag}"`;
  const errors = await openFiltered(page, where, "1 user matches");
  let downloads = 0;
  page.on("download", () => downloads++);

  await page.getByText("Export these users").click();
  const paths = page.getByLabel("Metadata paths");
  await paths.fill("public_metadata.plan email");
  await page.getByRole("link", { name: "Export CSV" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "At character" })).toContainText(
    'At character 22: Expected "," between paths',
  );
  await expect(paths).toHaveAttribute("aria-invalid", "true");
  await expect(paths).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
  // Enter in the box exports once the list is right.
  await paths.fill("public_metadata.cohort");
  const [download] = await Promise.all([page.waitForEvent("download"), paths.press("Enter")]);
  expect(parseCsv(await readFile(await download.path(), "utf8"))[0]).toEqual([
    "id",
    "primary_email",
    "name",
    "public_metadata.cohort",
  ]);
  expect(downloads).toBe(1);
  expect(errors).toEqual([]);

  const get = (query: Record<string, string>) =>
    page.request.get(`/api/users/export?${new URLSearchParams(query).toString()}`);
  const badPath = await get({ where, paths: "public_metadata.plan email" });
  expect(badPath.status()).toBe(400);
  expect(await badPath.json()).toEqual({
    error: {
      kind: "invalid_filter",
      param: "paths",
      message: 'Expected "," between paths, found "email".',
      position: 21,
    },
  });
  const badWhere = await get({ where: "public_metadata.plan =" });
  expect(badWhere.status()).toBe(400);
  expect(await badWhere.json()).toMatchObject({
    error: { kind: "invalid_filter", param: "where", position: 22 },
  });

  const good = await get({ where, query: "fixture" });
  expect(good.status()).toBe(200);
  expect(good.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  expect(good.headers()["content-disposition"]).toMatch(
    /^attachment; filename="users-\d{8}-\d{4}\.csv"$/,
  );
  expect(good.headers()["cache-control"]).toMatch(/no-store/);
  expect(parseCsv(await good.text())).toHaveLength(2);
  // A byte-order mark first, so Excel reads UTF-8; `bom=0` leaves it out.
  expect([...(await good.body()).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x22]);
  const bare = await get({ where, query: "fixture", bom: "0" });
  expect([...(await bare.body()).subarray(0, 1)]).toEqual([0x22]);
  expect(parseCsv(await bare.text())).toEqual(parseCsv(await good.text()));
});

test("every user exports too, from the index; a search alone exports what Clerk lists for it", async ({
  page,
  freshUser,
}) => {
  const user = await freshUser({ publicMetadata: { plan: "team" } });
  // Clerk's search reads the full name as well: the export is the list on screen.
  const search = `${user.firstName} ${user.lastName}`;
  await page.goto(`/users?query=${encodeURIComponent(search)}`);
  await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
  await page.getByText("Export these users").click();
  await expect(page.getByText("A search is read from Clerk")).toBeVisible();
  await page.getByLabel("Metadata paths").fill("public_metadata.plan");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  expect(parseCsv(await readFile(await download.path(), "utf8"))).toEqual([
    ["id", "primary_email", "name", "public_metadata.plan"],
    [user.id, user.primaryEmailAddress!.emailAddress, search, "team"],
  ]);
  await expect(page.getByRole("status").filter({ hasText: "Exported" })).toHaveText(
    "Exported 1 user.",
  );

  await page.goto("/users");
  await expect(page.getByText("Export these users")).toBeVisible();
  await expect(async () => {
    const everyone = await page.request.get("/api/users/export?paths=public_metadata.plan");
    expect(everyone.status()).toBe(200);
    const rows = parseCsv(await everyone.text());
    expect(rows[0]).toEqual(["id", "primary_email", "name", "public_metadata.plan"]);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.find((record) => record[0] === user.id)?.[3]).toBe("team");
  }).toPass({ timeout: 10_000 });
});

// Cancelled before the first rows came (a slow Clerk under a search export), a download used to
// keep its place among the person's two open exports for good: two cancels locked them out.
test("exports cancelled before their first rows give their place back", async ({
  page,
  emulator,
}) => {
  await page.goto("/users");
  await emulator.setFaults({ latencyMs: 1500 });
  const cancelledEarly = () =>
    page.evaluate(async () => {
      const stop = new AbortController();
      setTimeout(() => stop.abort(), 300);
      return fetch("/api/users/export?query=a", { signal: stop.signal }).then(
        (response) => response.status,
        () => "cancelled",
      );
    });
  for (let i = 0; i < 2; i++) expect(await cancelledEarly()).toBe("cancelled");
  await emulator.clearFaults();
  // Each cancelled download ends on the server a moment after (its first batch comes back).
  await expect
    .poll(
      async () => (await page.request.get("/api/users/export?where=banned%20%3D%20true")).status(),
      {
        timeout: 15_000,
      },
    )
    .toBe(200);
});

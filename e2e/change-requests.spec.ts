import Database from "better-sqlite3";
import { expect, test } from "./fixtures";
import { applyBulkChange } from "./pages/bulk-change";
import { E2E_DATABASE_FILE } from "./support/e2e-env";
import { seriousViolations } from "./support/axe";
import { ReviewPage, requestIdFrom } from "./pages/review-page";
import { UserPage } from "./pages/user-page";

// The shipped demo config protects public_metadata.role and private_metadata.billing.** (admin
// approval) and reviews the support_tier flag; these tests run as support, with an admin beside.

test("support asks for a role change; admin sees it waiting, approves, and the user has it, audited both ways", async ({
  page,
  pageAs,
  userPage,
  clerk,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { role: "member", plan: "free" } });
  await userPage.previewEdit("Public metadata", JSON.stringify({ role: "admin", plan: "free" }));
  const needs = page.getByRole("region", { name: "This change needs review" });
  await expect(needs).toContainText("Roles");
  await expect(needs).toContainText("public_metadata.role");
  await expect(needs).toContainText("needs approval from admin");
  await expect(userPage.saveButton).toHaveCount(0);
  await page.getByRole("textbox", { name: "Reason (optional)" }).fill("Promoted in TICKET-9");
  await userPage.requestReviewButton.click();
  const requestId = await requestIdFrom(page);
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    role: "member",
    plan: "free",
  });
  // The editor of the bag it changes says a change waits for approval, and links to it.
  const marker = page
    .getByRole("note")
    .filter({ hasText: /^Change requested by E2E support at .+ — waiting for admin\./ });
  await expect(marker).toBeVisible();
  await expect(marker.getByRole("link", { name: `Request #${requestId}` })).toBeVisible();
  // Its author is told why there is no Approve.
  await page.goto(`/reviews/${requestId}`);
  await expect(
    page.getByRole("note").filter({ hasText: "You cannot approve your own request." }),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);

  const admin = await pageAs("admin");
  await admin.goto("/users");
  await expect(admin.getByTestId("reviews-badge")).toBeVisible();
  await admin.getByRole("link", { name: /^Reviews/ }).click();
  await expect(admin.getByRole("link", { name: "Waiting for me" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await admin.getByRole("link", { name: `Request #${requestId}`, exact: true }).click();
  const review = new ReviewPage(admin);
  await expect(admin.getByText("Promoted in TICKET-9")).toBeVisible();
  await expect(admin.getByTestId("request-patch")).toContainText('"role": "admin"');
  await review.confirm("Approve");
  await expect(admin.getByText("Approved and applied: Clerk has the change.")).toBeVisible();
  await expect(review.status("Applied")).toBeVisible();
  // Applied, it shows the write as made, and who made it, not the change drawn on itself.
  await expect(
    admin.getByRole("heading", { name: /^What was applied, by .+ at \d{4}-/ }),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    role: "admin",
    plan: "free",
  });

  // The request lists its steps and its write; the write's entry links back.
  await expect(review.history).toContainText("Review requested");
  await expect(review.history).toContainText("Approved");
  await admin
    .getByRole("definition")
    .getByRole("link", { name: /^entry #\d+$/ })
    .click();
  await expect(admin.getByRole("heading", { name: /Audit entry #\d+/ })).toBeVisible();
  await expect(
    admin.getByRole("link", { name: `request #${requestId}`, exact: true }),
  ).toBeVisible();

  // The author's user page shows the role Clerk now has, and its History the request's steps.
  await userPage.goto(user.id);
  await expect.poll(() => userPage.text("Public metadata")).toContain("admin");
  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText("Review requested");
  await expect(history).toContainText("Approved");
  await expect(history.getByRole("link", { name: `request #${requestId}` }).first()).toBeVisible();
});

test("an approver rejects with a comment; nothing is written", async ({
  page,
  pageAs,
  userPage,
  clerk,
}) => {
  const user = await userPage.openNewUser({ privateMetadata: { billing: { plan: "basic" } } });
  await userPage.previewEdit("Private metadata", JSON.stringify({ billing: { plan: "free" } }));
  await expect(page.getByRole("region", { name: "This change needs review" })).toContainText(
    "Billing",
  );
  await userPage.requestReviewButton.click();
  const requestId = await requestIdFrom(page);

  const admin = await pageAs("admin");
  const review = new ReviewPage(admin);
  await review.goto(requestId);
  await admin.getByRole("button", { name: "Reject", exact: true }).click();
  // The comment is required: the dialog's Reject waits for it.
  await expect(review.dialog.getByRole("button", { name: "Reject" })).toBeDisabled();
  await review.dialog.getByRole("button", { name: "Cancel" }).click();
  await review.confirm("Reject", "Free plans need sales sign-off.");
  await expect(review.status("Rejected")).toBeVisible();
  await expect(admin.getByRole("region", { name: "Comments" })).toContainText(
    "Free plans need sales sign-off.",
  );
  await expect(admin.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({
    billing: { plan: "basic" },
  });

  // The author sees it rejected, with the comment, and can no longer withdraw it.
  await new ReviewPage(page).goto(requestId);
  await expect(page.getByRole("region", { name: "Comments" })).toContainText(
    "Free plans need sales sign-off.",
  );
  await expect(page.getByRole("button", { name: "Withdraw" })).toHaveCount(0);
});

test("the user changed on the same key before approval: needs rebase, the author rebases, approval applies it", async ({
  page,
  pageAs,
  userPage,
  clerk,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { role: "member" } });
  await userPage.requestReview("Public metadata", { role: "editor" });
  const requestId = await requestIdFrom(page);
  await clerk.users.updateUserMetadata(user.id, {
    publicMetadata: { role: "viewer", plan: "pro" },
  });

  const admin = await pageAs("admin");
  const review = new ReviewPage(admin);
  await review.goto(requestId);
  await expect(admin.getByText("The user changed since this was requested")).toBeVisible();
  await review.confirm("Approve");
  await expect(
    admin.getByText(/needs a rebase by its author\. Nothing was written\./),
  ).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    role: "viewer",
    plan: "pro",
  });
  await expect(admin.getByRole("region", { name: /^Rebase/ })).toHaveCount(0);

  // The author resolves it three ways: when requested, now, requested; the clash is named.
  const author = new ReviewPage(page);
  await author.goto(requestId);
  await expect(author.status("Needs rebase")).toBeVisible();
  const rebase = page.getByRole("region", { name: "Rebase onto the user as Clerk has it now" });
  await expect(rebase.getByRole("listitem")).toHaveText(["public_metadata.role"]);
  await expect(rebase.getByRole("heading", { name: "Current", exact: true })).toBeVisible();
  await expect(rebase.getByRole("textbox", { name: "Rebased Public metadata" })).toBeAttached();
  expect(await seriousViolations(page)).toEqual([]);
  await author.rebaseWith("Public metadata", { role: "owner", plan: "pro" });
  await expect(author.status("Open")).toBeVisible();
  await expect(page.getByTestId("request-patch")).toContainText('"owner"');
  await expect(page.getByTestId("request-patch")).not.toContainText("plan");

  await review.goto(requestId);
  await review.confirm("Approve");
  await expect(review.status("Applied")).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    role: "owner",
    plan: "pro",
  });
});

test("the author may remove the protected part and save the rest at once", async ({
  page,
  userPage,
  clerk,
}) => {
  const user = await userPage.openNewUser({ publicMetadata: { role: "member", plan: "free" } });
  await userPage.previewEdit("Public metadata", JSON.stringify({ role: "admin", plan: "pro" }));
  await expect(page.getByRole("region", { name: "This change needs review" })).toContainText(
    "The whole change waits, including the parts no rule covers",
  );
  await page.getByRole("button", { name: "Remove protected changes" }).click();
  await expect(userPage.requestBody).not.toContainText("role");
  await userPage.saveButton.click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    role: "member",
    plan: "pro",
  });
});

test("the author withdraws; a viewer reads the request but has no steps to take", async ({
  page,
  pageAs,
  userPage,
}) => {
  await userPage.openNewUser({ publicMetadata: { role: "member" } });
  await userPage.requestReview("Public metadata", { role: "owner" });
  const requestId = await requestIdFrom(page);

  const viewer = await pageAs("viewer");
  await new ReviewPage(viewer).goto(requestId);
  for (const step of ["Approve", "Reject", "Withdraw", "Rebase"])
    await expect(viewer.getByRole("button", { name: step })).toHaveCount(0);

  const author = new ReviewPage(page);
  await author.goto(requestId);
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await author.confirm("Withdraw");
  await expect(author.status("Withdrawn")).toBeVisible();

  // Unknown and malformed ids are the console's 404 page.
  for (const id of ["999999999", "abc"]) {
    const response = await page.goto(`/reviews/${id}`);
    expect(response?.status()).toBe(404);
  }
});

test("a reviewed flag's switch becomes a request", async ({ page, userPage, clerk }) => {
  const user = await userPage.openNewUser({ privateMetadata: {} });
  await expect(userPage.flagsPanel.getByText("needs review")).toBeVisible();
  await userPage.flagSelect("support_tier").selectOption("priority");
  await expect(page.getByText("Review requested: support_tier → priority.")).toBeVisible();
  // The flag's row says a change of it waits for approval.
  await expect(page.locator('tr[data-flag="support_tier"]').getByRole("note")).toContainText(
    "Change requested by E2E support",
  );
  await requestIdFrom(page);
  expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({});
});

test("a bulk job on a reviewed flag waits for approval; the approver sees its dry run and starts it", async ({
  page,
  pageAs,
  freshUser,
  clerk,
}) => {
  const users: Awaited<ReturnType<typeof freshUser>>[] = [];
  for (let i = 0; i < 3; i++) users.push(await freshUser({ privateMetadata: {} }));
  await page.goto("/flags/bulk");
  await page.getByLabel("A pasted or uploaded list").check();
  await page.getByLabel("User ids or email addresses").fill(users.map((u) => u.id).join("\n"));
  await page.getByLabel("Flag").selectOption("support_tier");
  await page.getByLabel("New value").selectOption("priority");
  await page.getByRole("button", { name: "Dry run" }).click();
  await expect(page.getByTestId("dry-run-summary")).toContainText("3 users targeted");
  await applyBulkChange(page, 3);
  await expect(page.getByTestId("job-status")).toHaveText("Awaiting approval");
  await page.getByRole("link", { name: /^Open request #\d+$/ }).click();
  await expect(page.getByRole("heading", { name: /^Request #\d+/ })).toBeVisible();
  const requestPath = new URL(page.url()).pathname;
  for (const user of users)
    expect((await clerk.users.getUser(user.id)).privateMetadata).toEqual({});

  const admin = await pageAs("admin");
  await admin.goto(requestPath);
  await expect(admin.getByTestId("bulk-plan-changing")).toHaveText("3");
  await new ReviewPage(admin).confirm("Approve");
  await expect(admin.getByText("Approved and applied")).toBeVisible();
  await expect
    .poll(async () =>
      Promise.all(users.map(async (u) => (await clerk.users.getUser(u.id)).privateMetadata)),
    )
    .toEqual(users.map(() => ({ features: { support_tier: "priority" } })));

  // Each of the job's writes names the request, its author and its approver. The job audits a
  // write after Clerk has answered it, so the last entry may land just after the metadata shows.
  const requestId = requestPath.split("/").pop();
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    const writeMessages = () =>
      (
        db
          .prepare(
            `SELECT message FROM audit_log WHERE event = 'metadata_write' AND outcome = 'success'
              AND target_user_id IN (${users.map(() => "?").join(",")})`,
          )
          .all(...users.map((u) => u.id)) as Array<{ message: string | null }>
      ).map((m) => m.message);
    await expect
      .poll(writeMessages)
      .toEqual(
        users.map(
          () =>
            `Change request #${requestId}, requested by support@e2e.test, approved by admin@e2e.test.`,
        ),
      );
  } finally {
    db.close();
  }
});

test("an admin who adds a second admin account and approves their own request with it: the approval does not count, and the page says why", async ({
  pageAs,
  browser,
  baseURL,
  freshUser,
  clerk,
}) => {
  const user = await freshUser({ publicMetadata: { role: "member" } });
  const admin = await pageAs("admin");
  const adminUser = new UserPage(admin);
  await adminUser.goto(user.id);
  await adminUser.replaceText("Public metadata", JSON.stringify({ role: "owner" }));
  await adminUser.reviewButton.click();
  await adminUser.requestReviewButton.click();
  const requestId = await requestIdFrom(admin);

  const sidekick = `sidekick.${Date.now().toString(36)}@e2e.test`;
  await admin.goto("/staff");
  await admin.getByLabel("New staff email").fill(sidekick);
  await admin.getByLabel("Role", { exact: true }).selectOption("admin");
  await admin.getByLabel("Initial password (12+ characters)").fill("sidekick password 1");
  await admin.getByRole("button", { name: "Add staff" }).click();
  await expect(admin.getByRole("status").filter({ hasText: `Added ${sidekick}.` })).toBeVisible();

  const context = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto(`/sign-in?next=${encodeURIComponent(`/reviews/${requestId}`)}`);
  await page.getByLabel("Email").fill(sidekick);
  await page.getByLabel("Password").fill("sidekick password 1");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const review = new ReviewPage(page);
  await expect(page.getByRole("heading", { name: `Request #${requestId}` })).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "Your approval would not count" }),
  ).toContainText(`admin@e2e.test added ${sidekick} on `);
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(review.dialog).toContainText(
    "Your approval would be recorded, but it would not count.",
  );
  await review.dialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: "Your approval is recorded, but it does not count." }),
  ).toContainText("so one person may hold both");
  await expect(review.status("Open")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "'s approval does not count" }),
  ).toContainText("REVIEW_INDEPENDENCE_DAYS");
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({ role: "member" });
  await context.close();
});

import { expect, test } from "./fixtures";
import { auditEntriesFor } from "./support/audit";
import { callAction } from "./support/server-actions";
import { freshSessionCookie } from "./support/sessions";

// 20 saves opened on the same version used to give 3 successes: two of them overwrote a change
// their author never saw. The conflict check and the PATCH now hold the user's write lock.
test("20 saves of one user sent at once on the same version: exactly one lands, 19 conflict, 20 audited", async ({
  request,
  freshUser,
  clerk,
}) => {
  const user = await freshUser({ publicMetadata: { owner: "nobody" } });
  const cookie = await freshSessionCookie("support");
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, n) =>
      callAction(request, {
        path: `/users/${user.id}`,
        action: "saveUserMetadata",
        args: [
          {
            userId: user.id,
            baseUpdatedAt: user.updatedAt,
            patch: { public_metadata: { owner: `writer ${n}` } },
          },
        ],
        cookie,
      }),
    ),
  );
  const winners = answers.flatMap((answer, n) => (answer.includes('"ok":true') ? [n] : []));
  expect(winners).toHaveLength(1);
  expect(answers.filter((answer) => answer.includes('"kind":"conflict"'))).toHaveLength(19);
  expect((await clerk.users.getUser(user.id)).publicMetadata).toEqual({
    owner: `writer ${winners[0]}`,
  });
  const entries = await auditEntriesFor(user.id);
  expect(entries).toHaveLength(20);
  expect(entries.filter((e) => e.outcome === "success")).toHaveLength(1);
  expect(entries.filter((e) => e.outcome === "conflict")).toHaveLength(19);
});

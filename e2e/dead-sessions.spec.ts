import { expect, test } from "./fixtures";
import { callAction } from "./support/server-actions";
import { disabledAccountCookie, expiredSessionCookie, signedOutCookie } from "./support/sessions";

test.use({ storageState: { cookies: [], origins: [] } });

// A signed session cookie never expires as a signature: after sign-out or a disabled account,
// 400 /users loads used to cost 800 Backend API calls (the proxy read ahead on the signature
// alone). Now nothing reaches Clerk before a live session is verified.
test("dead sessions cost no Backend API call: signed out, disabled account, expired", async ({
  request,
  freshUser,
  emulator,
}) => {
  test.setTimeout(180_000);
  const user = await freshUser({ publicMetadata: { plan: "free" } });
  const dead = {
    "signed out": await signedOutCookie(),
    "disabled account": await disabledAccountCookie(),
    "expired session": await expiredSessionCookie(),
  };
  for (const [name, cookie] of Object.entries(dead)) {
    await emulator.resetStats();
    for (let i = 0; i < 100; i++) {
      const path = i % 2 === 0 ? `/users?page=${(i % 7) + 1}` : `/users/${user.id}`;
      const page = await request.get(path, { headers: { Cookie: cookie }, maxRedirects: 0 });
      expect(page.status(), `${name} ${path}`).toBe(307);
      const answer = await callAction(request, {
        path: `/users/${user.id}`,
        action: i % 2 === 0 ? "saveUserMetadata" : "setUserFlag",
        args: [
          i % 2 === 0
            ? { userId: user.id, baseUpdatedAt: 0, patch: { public_metadata: { role: "admin" } } }
            : { userId: user.id, baseUpdatedAt: 0, key: "new_dashboard", value: true },
        ],
        cookie,
      });
      expect(answer, name).toContain('"kind":"forbidden"');
    }
    expect((await emulator.stats()).total, name).toBe(0);
  }
});

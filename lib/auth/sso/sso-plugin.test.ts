import { describe, expect, it } from "vitest";
import { testSsoSettings } from "@/tests/support/sso-settings";
import { SSO_PROVIDER_ID, validateSsoUserInfo } from "./sso-plugin";

const settings = testSsoSettings("admins=admin");
const validate = validateSsoUserInfo(settings);
const oauth = (profile: Record<string, unknown>) => ({
  source: { method: "oauth", oauth: { providerId: SSO_PROVIDER_ID, profile } },
});

describe("the SSO gate in better-auth's validateUserInfo", () => {
  it("lets an admitted person through", () => {
    expect(
      validate(oauth({ email: "a@example.com", email_verified: true, groups: ["admins"] })),
    ).toBeUndefined();
  });

  it("answers a refusal with its code and the sentence the sign-in page shows", () => {
    expect(
      validate(oauth({ email: "a@example.com", email_verified: true, groups: ["other"] })),
    ).toEqual({
      error: "sso_no_role",
      errorDescription: expect.stringMatching(/None of your groups/),
    });
    expect(validate(oauth({}))).toMatchObject({ error: "sso_email_unverified" });
  });

  it("leaves other ways in alone (an admin adding staff, another provider)", () => {
    expect(validate({ source: { method: "admin" } })).toBeUndefined();
    expect(
      validate({ source: { method: "oauth", oauth: { providerId: "github" } } }),
    ).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { parseSignInSettings } from "./sign-in-settings";

const oidc = {
  OIDC_ISSUER: "https://id.example.com/",
  OIDC_CLIENT_ID: "metadeck",
  OIDC_CLIENT_SECRET: "s3cret",
  OIDC_ROLE_MAP: "metadeck-admins=admin,*=viewer",
};

describe("sign-in settings", () => {
  it("defaults: passwords, no SSO, two-factor for admins, 12 h sessions idle out after 60 min", () => {
    expect(parseSignInSettings({})).toEqual({
      sso: null,
      passwordSignIn: true,
      require2fa: "admin",
      sessionMaxAgeSeconds: 12 * 3600,
      sessionIdleTimeoutSeconds: 3600,
    });
  });

  it("reads an OpenID Connect provider with its scopes, domains, claim and role map", () => {
    const settings = parseSignInSettings({
      ...oidc,
      OIDC_NAME: "Okta",
      OIDC_SCOPES: "groups offline_access email",
      OIDC_ALLOWED_DOMAINS: "Example.com, @corp.example.com",
      OIDC_ROLE_CLAIM: "groups",
    });
    expect(settings.sso).toMatchObject({
      issuer: "https://id.example.com",
      name: "Okta",
      scopes: ["openid", "email", "profile", "groups", "offline_access"],
      allowedDomains: ["example.com", "corp.example.com"],
      roleClaim: "groups",
      roleMap: { otherwise: "viewer" },
    });
    expect(parseSignInSettings(oidc).sso).toMatchObject({ name: "SSO", roleClaim: null });
  });

  it.each([
    [{ OIDC_ISSUER: "https://id.example.com" }, /OIDC_CLIENT_ID: is required/],
    [{ ...oidc, OIDC_ROLE_MAP: "" }, /OIDC_ROLE_MAP: is required/],
    [{ ...oidc, OIDC_ROLE_MAP: "x=root" }, /OIDC_ROLE_MAP: "x=root": "root" is not a role/],
    [{ ...oidc, OIDC_ISSUER: "id.example.com" }, /OIDC_ISSUER: must be the issuer's http\(s\) URL/],
    [{ PASSWORD_SIGN_IN: "off" }, /PASSWORD_SIGN_IN: cannot be off without single sign-on/],
    [
      { OIDC_CLIENT_ID: "metadeck", OIDC_CLIENT_SECRET: "s" },
      /OIDC_ISSUER: is required when OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are set/,
    ],
    [{ OIDC_ROLE_MAP: "*=viewer" }, /OIDC_ISSUER: is required when OIDC_ROLE_MAP is set/],
    [{ PASSWORD_SIGN_IN: "no" }, /PASSWORD_SIGN_IN: must be "on" or "off"/],
    [{ REQUIRE_2FA: "admins" }, /REQUIRE_2FA: must be "admin", "all" or "off"/],
    [{ SESSION_MAX_AGE: "soon" }, /SESSION_MAX_AGE must be a duration/],
    [
      { SESSION_IDLE_TIMEOUT: "30" },
      /SESSION_IDLE_TIMEOUT must be a duration of at least a minute/,
    ],
  ])("refuses %j", (env, message) => {
    expect(() => parseSignInSettings(env)).toThrow(message);
  });

  it("reads durations in seconds, minutes, hours and days; idle never outlasts the maximum", () => {
    expect(
      parseSignInSettings({ SESSION_MAX_AGE: "2d", SESSION_IDLE_TIMEOUT: "90m" }),
    ).toMatchObject({ sessionMaxAgeSeconds: 172800, sessionIdleTimeoutSeconds: 5400 });
    expect(
      parseSignInSettings({ SESSION_MAX_AGE: "600", SESSION_IDLE_TIMEOUT: "1h" }),
    ).toMatchObject({ sessionMaxAgeSeconds: 600, sessionIdleTimeoutSeconds: 600 });
  });

  it("turns passwords off only beside single sign-on", () => {
    expect(parseSignInSettings({ ...oidc, PASSWORD_SIGN_IN: "off" }).passwordSignIn).toBe(false);
  });
});

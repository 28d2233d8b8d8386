import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import { parseRoleMap } from "@/lib/auth/sso/role-map";

/** Single sign-on settings for unit tests: example.com only, groups in the `groups` claim. */
export function testSsoSettings(roleMap: string): SsoSettings {
  return {
    issuer: "https://id.example.com",
    clientId: "metadeck",
    clientSecret: "s",
    name: "SSO",
    scopes: ["openid", "email", "profile"],
    allowedDomains: ["example.com"],
    roleClaim: "groups",
    roleMap: parseRoleMap(roleMap),
  };
}

import { describe, expect, it } from "vitest";
import { testSsoSettings } from "@/tests/support/sso-settings";
import { admit } from "./sso-admission";
import { parseRoleMap } from "./role-map";

const settings = testSsoSettings("metadeck-admins=admin,metadeck-support=support");
const person = { email: "Ada@Example.com", email_verified: true, groups: ["metadeck-admins"] };

describe("who may enter through single sign-on", () => {
  it("a verified address in an allowed domain with a mapped group enters with its role", () => {
    expect(admit(person, settings)).toEqual({ ok: true, role: "admin" });
    expect(admit({ ...person, groups: "metadeck-support" }, settings)).toEqual({
      ok: true,
      role: "support",
    });
  });

  it.each([
    [{ ...person, email_verified: false }, "sso_email_unverified"],
    [{ ...person, email_verified: undefined }, "sso_email_unverified"],
    [{ ...person, email: undefined }, "sso_email_unverified"],
    [{ ...person, email: "ada@evil-example.com" }, "sso_domain_not_allowed"],
    // A domain is matched whole: a subdomain is another domain.
    [{ ...person, email: "ada@eu.example.com" }, "sso_domain_not_allowed"],
    [{ ...person, email: "ada@example.com@evil.test" }, "sso_email_invalid"],
    [{ ...person, email: "ada@evil.test@example.com" }, "sso_email_invalid"],
    [{ ...person, email: "not an address" }, "sso_email_invalid"],
    [{ ...person, groups: ["engineering"] }, "sso_no_role"],
    [{ ...person, groups: undefined }, "sso_no_role"],
  ])("%j is refused: %s", (claims, code) => {
    expect(admit(claims, settings)).toMatchObject({ ok: false, code });
  });

  it("with no domains listed, any verified address; with no role claim, only the * role", () => {
    const open = {
      ...settings,
      allowedDomains: [],
      roleClaim: null,
      roleMap: parseRoleMap("metadeck-admins=admin,*=viewer"),
    };
    expect(admit({ ...person, email: "x@anywhere.test" }, open)).toEqual({
      ok: true,
      role: "viewer",
    });
  });
});

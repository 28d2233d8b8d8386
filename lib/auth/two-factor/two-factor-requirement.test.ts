import { describe, expect, it } from "vitest";
import { ROLES } from "@/lib/auth/roles";
import { mustEnrol, roleNeedsTwoFactor, twoFactorStatus } from "./two-factor-requirement";

describe("REQUIRE_2FA", () => {
  it("admin: admins only; all: every role; off: no one", () => {
    expect(ROLES.filter((r) => roleNeedsTwoFactor("admin", r))).toEqual(["admin"]);
    expect(ROLES.filter((r) => roleNeedsTwoFactor("all", r))).toEqual([...ROLES]);
    expect(ROLES.filter((r) => roleNeedsTwoFactor("off", r))).toEqual([]);
  });

  it("sends a password account without a second factor to enrolment, and no one else", () => {
    const admin = { role: "admin" as const, twoFactorEnabled: false, signsInWithSso: false };
    expect(mustEnrol("admin", admin)).toBe(true);
    expect(mustEnrol("admin", { ...admin, twoFactorEnabled: true })).toBe(false);
    expect(mustEnrol("admin", { ...admin, signsInWithSso: true })).toBe(false);
    expect(mustEnrol("admin", { ...admin, role: "support" })).toBe(false);
    expect(mustEnrol("all", { ...admin, role: "viewer" })).toBe(true);
  });
});

describe("the staff page's two-factor column", () => {
  it("says on, needed, not needed, or the identity provider's", () => {
    const account = { role: "admin" as const, twoFactorEnabled: false, hasPassword: true };
    expect(twoFactorStatus("admin", { ...account, twoFactorEnabled: true })).toBe("On");
    expect(twoFactorStatus("admin", account)).toBe("Off: set up at next sign-in");
    expect(twoFactorStatus("admin", { ...account, role: "support" })).toBe("Not needed");
    expect(twoFactorStatus("all", { ...account, role: "viewer" })).toBe(
      "Off: set up at next sign-in",
    );
    expect(twoFactorStatus("off", account)).toBe("Not needed");
    expect(twoFactorStatus("all", { ...account, hasPassword: false })).toBe(
      "At the identity provider",
    );
  });
});

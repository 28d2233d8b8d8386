import type { Role } from "@/lib/auth/roles";
import type { TwoFactorRequirement } from "@/lib/auth/sign-in-settings";

/** Whether REQUIRE_2FA asks a second factor of someone with this role who signs in by password. */
export function roleNeedsTwoFactor(requirement: TwoFactorRequirement, role: Role): boolean {
  if (requirement === "all") return true;
  if (requirement === "admin") return role === "admin";
  return false;
}

/**
 * Whether this person must set up two-factor sign-in before doing anything else: a password
 * account (single sign-on leaves the second factor to the identity provider) whose role needs
 * one and that has none yet.
 */
export function mustEnrol(
  requirement: TwoFactorRequirement,
  person: { role: Role; twoFactorEnabled: boolean; signsInWithSso: boolean },
): boolean {
  return (
    !person.signsInWithSso &&
    !person.twoFactorEnabled &&
    roleNeedsTwoFactor(requirement, person.role)
  );
}

/** What the staff page says of an account's two-factor sign-in. */
export function twoFactorStatus(
  requirement: TwoFactorRequirement,
  account: { role: Role; twoFactorEnabled: boolean; hasPassword: boolean },
): string {
  if (account.twoFactorEnabled) return "On";
  if (!account.hasPassword) return "At the identity provider";
  return roleNeedsTwoFactor(requirement, account.role)
    ? "Off: set up at next sign-in"
    : "Not needed";
}

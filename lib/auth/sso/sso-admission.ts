import type { Role } from "@/lib/auth/roles";
import { emailDomain, normaliseEmail } from "@/lib/auth/email-address";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import { claimValues, mapRole } from "./role-map";

export type SsoRefusal =
  | "sso_email_unverified"
  | "sso_email_invalid"
  | "sso_domain_not_allowed"
  | "sso_no_role"
  | "sso_subject_conflict";

export type Admission = { ok: true; role: Role } | { ok: false; code: SsoRefusal; message: string };

/** What the sign-in page says for each refusal (the provider's answer names no more). */
export const SSO_REFUSALS: Record<SsoRefusal, string> = {
  sso_email_unverified: "Your identity provider has not verified your e-mail address.",
  sso_email_invalid: "Your identity provider gave an e-mail address Metadeck cannot use.",
  sso_domain_not_allowed: "Your e-mail address is not in a domain allowed to use Metadeck.",
  sso_no_role: "None of your groups gives you access to Metadeck. Ask your administrator.",
  sso_subject_conflict:
    "Your e-mail address belongs to a Metadeck account that signs in as someone else at your identity provider. An administrator can unlink that sign-in on the Staff page.",
};

const truthy = (value: unknown) => value === true || value === "true";

/**
 * Whether the person a sign-in's claims describe may enter, and as what: a verified, valid
 * e-mail in an allowed domain, and a role from the role map. Decided afresh at every SSO sign-in.
 */
export function admit(claims: Record<string, unknown>, settings: SsoSettings): Admission {
  const refuse = (code: SsoRefusal): Admission => ({
    ok: false,
    code,
    message: SSO_REFUSALS[code],
  });
  if (claims.email === undefined || !truthy(claims.email_verified))
    return refuse("sso_email_unverified");
  const email = normaliseEmail(claims.email);
  if (email === null) return refuse("sso_email_invalid");
  if (settings.allowedDomains.length > 0 && !settings.allowedDomains.includes(emailDomain(email)))
    return refuse("sso_domain_not_allowed");
  const values = settings.roleClaim ? claimValues(claims[settings.roleClaim]) : [];
  const role = mapRole(settings.roleMap, values);
  return role ? { ok: true, role } : refuse("sso_no_role");
}

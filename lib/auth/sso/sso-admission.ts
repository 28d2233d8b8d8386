import type { Role } from "@/lib/auth/roles";
import type { SsoSettings } from "@/lib/auth/sign-in-settings";
import { claimValues, mapRole } from "./role-map";

export type SsoRefusal = "sso_email_unverified" | "sso_domain_not_allowed" | "sso_no_role";

export type Admission = { ok: true; role: Role } | { ok: false; code: SsoRefusal; message: string };

/** What the sign-in page says for each refusal (the provider's answer names no more). */
export const SSO_REFUSALS: Record<SsoRefusal, string> = {
  sso_email_unverified: "Your identity provider has not verified your e-mail address.",
  sso_domain_not_allowed: "Your e-mail address is not in a domain allowed to use Metadeck.",
  sso_no_role: "None of your groups gives you access to Metadeck. Ask your administrator.",
};

const truthy = (value: unknown) => value === true || value === "true";

/**
 * Whether the person an ID token describes may enter, and as what: a verified e-mail in an
 * allowed domain, and a role from the role map. Decided afresh at every SSO sign-in.
 */
export function admit(claims: Record<string, unknown>, settings: SsoSettings): Admission {
  const refuse = (code: SsoRefusal): Admission => ({
    ok: false,
    code,
    message: SSO_REFUSALS[code],
  });
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || !truthy(claims.email_verified)) return refuse("sso_email_unverified");
  const domain = email.slice(email.lastIndexOf("@") + 1);
  if (settings.allowedDomains.length > 0 && !settings.allowedDomains.includes(domain))
    return refuse("sso_domain_not_allowed");
  const values = settings.roleClaim ? claimValues(claims[settings.roleClaim]) : [];
  const role = mapRole(settings.roleMap, values);
  return role ? { ok: true, role } : refuse("sso_no_role");
}

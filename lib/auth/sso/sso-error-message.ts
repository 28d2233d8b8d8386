import { SSO_REFUSALS, type SsoRefusal } from "./sso-admission";

/** A failed sign-in's reference into the server log, as `referencedFailure` makes them. */
export const REFERENCE_PATTERN = /^[0-9a-f]{12}$/;

/**
 * What the sign-in page says for the `?error=` code single sign-on came back with. Only the
 * code is read, never a description from the address bar: anyone can craft that link.
 */
export function ssoErrorMessage(code: string): string {
  if (Object.hasOwn(SSO_REFUSALS, code)) return SSO_REFUSALS[code as SsoRefusal];
  if (code === "unable_to_create_session")
    return "Your Metadeck account is disabled. Ask an admin to enable it.";
  if (code === "state_mismatch" || code === "please_restart_the_process" || code === "invalid_code")
    return "That sign-in link is no longer valid. Start again with the button below.";
  const shown = /^[a-z0-9_]{1,60}$/.test(code) ? code : "unknown";
  return `Single sign-on did not complete (${shown}). Try again; if it keeps failing, ask your administrator.`;
}

import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { isRole, type Role } from "./roles";
import { consoleDb } from "@/lib/db/console-db";
import { enforceSessionLifetimes } from "./session-activity";
import { isSsoAccount } from "./sso/sso-sign-in";
import { mustEnrol } from "./two-factor/two-factor-requirement";
import { signInSettings } from "./sign-in-config";
import { staffAuth } from "./staff-auth";

export interface Staff {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The session this request came with (request limits count per session). */
  sessionId: string;
  twoFactorEnabled: boolean;
  /** REQUIRE_2FA asks a second factor of them and they have none: only /security is open. */
  mustEnrol: boolean;
}

/**
 * The signed-in staff member, checked against the session store once per request (the layout
 * and the page share the answer); null if none.
 */
export const currentStaff = cache(async function currentStaff(): Promise<Staff | null> {
  const auth = await staffAuth();
  const session = await auth.api.getSession({ headers: await headers() });
  if (session) {
    const { internalAdapter } = await auth.$context;
    const { sessionMaxAgeSeconds, sessionIdleTimeoutSeconds } = signInSettings();
    const alive = await enforceSessionLifetimes(internalAdapter, session.session, {
      maxAgeSeconds: sessionMaxAgeSeconds,
      idleTimeoutSeconds: sessionIdleTimeoutSeconds,
    });
    if (!alive) return null;
  }
  const user = session?.user as
    (typeof session extends null ? never : Record<string, unknown>) | undefined;
  if (!user || user.disabled || !isRole(user.role)) return null;
  const role = user.role;
  const twoFactorEnabled = Boolean(user.twoFactorEnabled);
  // Only someone without a second factor, in a role that needs one, costs the extra query.
  const enrol =
    mustEnrol(signInSettings().require2fa, { role, twoFactorEnabled, signsInWithSso: false }) &&
    !(await isSsoAccount((await consoleDb()).db, String(user.id)));
  return {
    id: String(user.id),
    email: String(user.email),
    name: String(user.name),
    role,
    sessionId: String(session?.session.id),
    twoFactorEnabled,
    mustEnrol: enrol,
  };
});

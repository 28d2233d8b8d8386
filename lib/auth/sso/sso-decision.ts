import { defineRequestState } from "@better-auth/core/context";
import type { Role } from "@/lib/auth/roles";

/** What admission decided in this very callback: who signed in at the provider, and as what. */
export interface SsoDecision {
  /** The provider's subject (`sub`) that signed in. */
  subject: string;
  role: Role;
}

/**
 * Kept for the length of one request: better-auth runs the callback, its validateUserInfo gate
 * and our after hook inside one request scope, so the role applied after sign-in is the one this
 * sign-in's claims gave, never one read back from a stored token.
 */
const decision = defineRequestState<SsoDecision | null>(() => null);

export const rememberSsoDecision = (value: SsoDecision) => decision.set(value);
export const ssoDecision = () => decision.get();

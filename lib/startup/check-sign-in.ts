import { parseSignInSettings } from "@/lib/auth/sign-in-settings";
import { checkIssuer } from "@/lib/auth/sso/issuer-discovery";

/** Long enough for a slow provider on a cold start, short enough not to look like a hang. */
const STARTUP_DISCOVERY_TIMEOUT_MS = 10_000;

/**
 * Before the dashboard takes requests: the sign-in variables parse, and a configured identity
 * provider answers discovery. A wrong or unreachable OIDC_ISSUER stops start-up here, named,
 * rather than leaving a button that fails for everyone. Throws the message to print.
 */
export async function checkSignInAtStartup(env: Record<string, string | undefined>): Promise<void> {
  const { sso } = parseSignInSettings(env);
  if (!sso) return;
  const check = await checkIssuer(sso.issuer, STARTUP_DISCOVERY_TIMEOUT_MS);
  if (!check.ok)
    throw new Error(
      `Invalid sign-in configuration:\n  OIDC_ISSUER: the identity provider ${check.problem}.\n` +
        "  Fix OIDC_ISSUER, or start the provider, then start Metadeck again.",
    );
}

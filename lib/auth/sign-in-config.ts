import "server-only";
import { parseSignInSettings, type SignInSettings } from "./sign-in-settings";

let cached: SignInSettings | undefined;

/** How staff sign in, read from the environment once; it holds the SSO client secret. */
export function signInSettings(): SignInSettings {
  cached ??= parseSignInSettings(process.env);
  return cached;
}

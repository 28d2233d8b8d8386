"use client";

import { useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { Button } from "@/components/ui/button";

/**
 * Starts single sign-on: better-auth answers the provider's authorization address (with PKCE,
 * `state` and `nonce` kept server-side), and the browser goes there. Back from the provider it
 * lands on `next`, or on the sign-in page with `?error=` when refused.
 */
export function SsoSignInButton({
  name,
  next,
  passwordSignIn,
}: {
  name: string;
  next: string;
  /** Offered as the way in while the provider is down. */
  passwordSignIn: boolean;
}) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/social", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          provider: "oidc",
          callbackURL: next,
          errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}`,
        }),
      });
      const answer = (await response.json().catch(() => null)) as { url?: unknown } | null;
      if (response.ok && typeof answer?.url === "string") {
        window.location.assign(answer.url);
        return;
      }
      setError(
        response.status === 429
          ? "Too many sign-in attempts. Try again in a minute."
          : response.status === 503
            ? `${name} is not answering right now. Try again later${passwordSignIn ? ", or sign in with your password below" : ""}.`
            : `Single sign-on with ${name} could not start. Try again; if it keeps failing, ask your administrator.`,
      );
    } catch {
      setError("Could not reach the Metadeck server. Check your connection.");
    }
    setPending(false);
  }

  return (
    <div className="mt-4 space-y-2">
      <Button className="w-full" onClick={start} disabled={pending}>
        {pending ? "Redirecting…" : `Sign in with ${name}`}
      </Button>
      <FormAlert message={error} />
    </div>
  );
}

"use client";

import { normaliseBackupCode } from "@/lib/auth/two-factor/backup-code-format";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormAlert } from "@/components/ui/form-alert";
import { LabelledInput } from "@/components/ui/labelled-input";
import { safeReturnPath } from "@/lib/auth/return-path";
import { Button } from "@/components/ui/button";

/**
 * Signs in over HTTP against better-auth's endpoint, so its rate limit applies; a failed attempt
 * keeps the email and says why.
 */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  /** The password was right and the account has two-factor sign-in: a code comes next. */
  const [secondFactor, setSecondFactor] = useState<"totp" | "backup" | null>(null);
  const [code, setCode] = useState("");

  function arrive() {
    // Checked again here: this is where the browser is sent.
    router.replace(safeReturnPath(next));
    router.refresh();
  }

  function refusal(response: Response, wrong: string): string {
    if (response.status !== 429) return wrong;
    const wait = response.headers.get("X-Retry-After") ?? response.headers.get("Retry-After");
    return `Too many sign-in attempts. Try again in ${wait ?? "a minute"}${wait ? " seconds" : ""}.`;
  }

  async function submitCode(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const response = await fetch(
        secondFactor === "backup"
          ? "/api/auth/two-factor/verify-backup-code"
          : "/api/auth/two-factor/verify-totp",
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({
            code: secondFactor === "backup" ? normaliseBackupCode(code) : code.trim(),
          }),
        },
      );
      if (response.ok) return arrive();
      const body = (await response.json().catch(() => null)) as { code?: string } | null;
      setError(
        body?.code === "INVALID_TWO_FACTOR_COOKIE"
          ? "This sign-in took too long. Start again with your password."
          : body?.code === "CODE_ALREADY_USED"
            ? "That code has been used already. Enter the next one your app shows."
            : refusal(response, "That code is not right."),
      );
    } catch {
      setError("Could not reach the Metadeck server. Check your connection.");
    } finally {
      setPending(false);
      setCode("");
    }
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (response.ok) {
        const body = (await response.json().catch(() => null)) as {
          twoFactorRedirect?: boolean;
        } | null;
        if (body?.twoFactorRedirect) setSecondFactor("totp");
        else arrive();
        return;
      }
      setError(refusal(response, "Wrong email or password, or the account is disabled."));
    } catch {
      setError("Could not reach the Metadeck server. Check your connection.");
    } finally {
      setPending(false);
      setPassword("");
    }
  }

  if (secondFactor)
    return (
      <form onSubmit={submitCode} className="mt-4 space-y-3">
        <LabelledInput
          key={secondFactor}
          label={secondFactor === "backup" ? "Backup code" : "Authentication code"}
          autoComplete="one-time-code"
          inputMode={secondFactor === "backup" ? "text" : "numeric"}
          autoFocus
          value={code}
          onChange={setCode}
        />
        <FormAlert message={error} />
        <Button tone="primary" type="submit" disabled={pending} className="w-full">
          {pending ? "Checking…" : "Verify"}
        </Button>
        <button
          type="button"
          onClick={() => {
            setError(null);
            setSecondFactor(secondFactor === "backup" ? "totp" : "backup");
          }}
          className="w-full text-sm text-blue-800 underline underline-offset-2"
        >
          {secondFactor === "backup" ? "Use a code from your app" : "Use a backup code"}
        </button>
      </form>
    );

  return (
    <form onSubmit={submit} className="mt-4 space-y-3">
      <LabelledInput
        label="Email"
        type="email"
        autoComplete="username"
        value={email}
        onChange={setEmail}
      />
      <LabelledInput
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      <FormAlert message={error} />
      <Button tone="primary" type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}

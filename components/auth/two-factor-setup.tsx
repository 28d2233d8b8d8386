"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { encode } from "uqr";
import { FormAlert } from "@/components/ui/form-alert";
import { LabelledInput } from "@/components/ui/labelled-input";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Notice } from "@/components/ui/notice";

type Enrolment = { uri: string; secret: string; backupCodes: string[] };

/** The QR code of an otpauth:// address, drawn here: nothing leaves the browser to make it. */
function QrCode({ text }: { text: string }) {
  const { data, size } = encode(text, { border: 2 });
  return (
    <svg
      role="img"
      aria-label="QR code for your authenticator app"
      viewBox={`0 0 ${size} ${size}`}
      width={192}
      height={192}
      shapeRendering="crispEdges"
      className="rounded bg-white"
    >
      <rect width={size} height={size} fill="#fff" />
      {data.flatMap((row, y) =>
        row.map((dark, x) =>
          dark ? <rect key={`${x}.${y}`} x={x} y={y} width={1} height={1} /> : null,
        ),
      )}
    </svg>
  );
}

async function post(path: string, body: unknown): Promise<{ ok: boolean; data: unknown }> {
  const response = await fetch(`/api/auth${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { ok: response.ok, data: await response.json().catch(() => null) };
}

const messageOf = (data: unknown, fallback: string) =>
  (data as { message?: unknown } | null)?.message?.toString() || fallback;

/**
 * Turns on two-factor sign-in with an authenticator app: the password again, then a QR code
 * and its setup key, ten backup codes to keep, and one code from the app to prove it works.
 */
export function TwoFactorSetup({
  enabled,
  required,
  pendingSetup,
  continueTo,
}: {
  enabled: boolean;
  required: boolean;
  /** A setup was started earlier and not finished: starting again replaces its key. */
  pendingSetup: boolean;
  /** Where to go once it is on (the page they were sent here from); null stays here. */
  continueTo: string | null;
}) {
  const router = useRouter();
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function run(step: () => Promise<void>) {
    setPending(true);
    setError(null);
    try {
      await step();
    } catch {
      setError("Could not reach the Metadeck server. Check your connection.");
    }
    setPending(false);
  }

  const start = () =>
    run(async () => {
      const answer = await post("/two-factor/enable", { password });
      setPassword("");
      const data = answer.data as { totpURI?: string; backupCodes?: string[] } | null;
      if (!answer.ok || !data?.totpURI) {
        setError(messageOf(answer.data, "That password is not right."));
        return;
      }
      const secret = new URL(data.totpURI).searchParams.get("secret") ?? "";
      setEnrolment({ uri: data.totpURI, secret, backupCodes: data.backupCodes ?? [] });
    });

  const confirm = () =>
    run(async () => {
      const answer = await post("/two-factor/verify-totp", { code: code.trim() });
      setCode("");
      if (!answer.ok) {
        setError(messageOf(answer.data, "That code is not right. Try the newest one."));
        return;
      }
      setEnrolment(null);
      if (continueTo) router.replace(continueTo);
      else router.refresh();
    });

  const turnOff = () =>
    run(async () => {
      const answer = await post("/two-factor/disable", { password });
      setPassword("");
      if (!answer.ok) setError(messageOf(answer.data, "That password is not right."));
      else router.refresh();
    });

  const passwordField = (
    <LabelledInput
      label="Your password"
      type="password"
      autoComplete="current-password"
      className="max-w-sm"
      value={password}
      onChange={setPassword}
    />
  );

  const alert = <FormAlert message={error} />;

  if (enabled)
    return (
      <div className="space-y-3">
        <p>Two-factor sign-in is on: signing in asks for a code from your authenticator app.</p>
        {!required && (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              void turnOff();
            }}
          >
            {passwordField}
            <Button tone="primary" type="submit" disabled={pending}>
              Turn off two-factor
            </Button>
          </form>
        )}
        {alert}
      </div>
    );

  if (!enrolment)
    return (
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        {pendingSetup && (
          <Notice tone="warning" title="A setup was started and not finished">
            Setting up again makes a new key and new backup codes; the ones shown before stop
            working. Remove the old Metadeck entry from your authenticator app and add the new one.
          </Notice>
        )}
        {passwordField}
        <Button tone="primary" type="submit" disabled={pending}>
          Set up two-factor
        </Button>
        {alert}
      </form>
    );

  return (
    <div className="space-y-4">
      <p>Scan the code with your authenticator app, or type the setup key into it.</p>
      <QrCode text={enrolment.uri} />
      <p className="flex flex-wrap items-center gap-2">
        Setup key:{" "}
        <code data-testid="totp-secret" className="font-mono">
          {/* In groups of four, as authenticator apps accept it, for typing it in by hand. */}
          {enrolment.secret.match(/.{1,4}/g)?.join(" ")}
        </code>
        <CopyButton value={enrolment.secret} label="Copy the setup key" />
      </p>
      <div>
        <p className="font-medium">Backup codes</p>
        <p className="text-sm text-slate-700">
          Keep these somewhere safe. Each signs you in once if you lose your device.
        </p>
        <ul aria-label="Backup codes" className="mt-1 grid max-w-sm grid-cols-2 gap-1 font-mono">
          {enrolment.backupCodes.map((backup) => (
            <li key={backup}>{backup}</li>
          ))}
        </ul>
      </div>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          void confirm();
        }}
      >
        <LabelledInput
          label="Code from your app"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={setCode}
        />
        <Button tone="primary" type="submit" disabled={pending}>
          Turn on two-factor
        </Button>
      </form>
      {alert}
    </div>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { SsoSignInButton } from "@/components/auth/sso-sign-in-button";
import { currentStaff } from "@/lib/auth/current-staff";
import { safeReturnPath } from "@/lib/auth/return-path";
import { signInSettings } from "@/lib/auth/sign-in-config";
import { REFERENCE_PATTERN, ssoErrorMessage } from "@/lib/auth/sso/sso-error-message";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const next = safeReturnPath(first(params.next));
  if (await currentStaff()) redirect(next);
  const { sso, passwordSignIn } = signInSettings();
  const error = first(params.error);
  const reference = first(params.ref);
  return (
    <main
      id="main"
      className="mx-auto mt-24 max-w-sm rounded-md border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h1 className="text-xl font-semibold">Sign in to Metadeck</h1>
      <p className="mt-1 text-sm text-slate-700">
        {passwordSignIn
          ? "Staff accounts only. Ask an admin for one."
          : `Sign in with your ${sso?.name ?? "company"} account.`}
      </p>
      {error && (
        <div role="alert" className="mt-4 rounded border border-red-300 bg-red-50 p-3 text-sm">
          <p className="font-medium text-red-900">Sign-in refused</p>
          <p className="mt-1 text-red-900">{ssoErrorMessage(error)}</p>
          {reference && REFERENCE_PATTERN.test(reference) && (
            <p className="mt-2 text-red-900">
              Reference <code className="font-mono">{reference}</code>: your administrator finds the
              details under it in Metadeck&apos;s server log.
            </p>
          )}
        </div>
      )}
      {sso && <SsoSignInButton name={sso.name} next={next} passwordSignIn={passwordSignIn} />}
      {sso && passwordSignIn && (
        <p className="mt-4 text-center text-xs text-slate-600">or with a password</p>
      )}
      {passwordSignIn && <SignInForm next={next} />}
    </main>
  );
}

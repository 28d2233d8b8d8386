import type { Metadata } from "next";
import { TwoFactorSetup } from "@/components/auth/two-factor-setup";
import { Notice } from "@/components/ui/notice";
import { PageHeader } from "@/components/ui/page-header";
import { requireSignedIn } from "@/lib/auth/guards";
import { safeReturnPath } from "@/lib/auth/return-path";
import { signInSettings } from "@/lib/auth/sign-in-config";
import { readHasPendingTwoFactor, readIsSsoAccount } from "@/lib/auth/staff-reads";
import { roleNeedsTwoFactor } from "@/lib/auth/two-factor/two-factor-requirement";
import { TextLink } from "@/components/ui/text-link";

export const metadata: Metadata = { title: "Security" };
export const dynamic = "force-dynamic";

/** The signed-in person's own sign-in security: two-factor sign-in for password accounts. */
export default async function SecurityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  const staff = await requireSignedIn(`/security?next=${encodeURIComponent(next)}`);
  const settings = signInSettings();
  const sso = await readIsSsoAccount(staff.id);
  const pendingSetup = !staff.twoFactorEnabled && !sso && (await readHasPendingTwoFactor(staff.id));
  // Where to go once two-factor is on: where they were going when sent here, if anywhere.
  const continueTo = raw !== undefined || staff.mustEnrol ? next : null;
  const required = roleNeedsTwoFactor(settings.require2fa, staff.role);
  return (
    <section className="max-w-2xl space-y-5">
      <PageHeader title="Security" />
      {staff.mustEnrol && (
        <Notice tone="warning" title="Set up two-factor sign-in to continue">
          Your role ({staff.role}) requires a second factor at sign-in. Until it is on, the rest of
          Metadeck stays closed to you.
        </Notice>
      )}
      <section aria-labelledby="two-factor-heading" className="space-y-3">
        <h2 id="two-factor-heading" className="text-lg font-semibold">
          Two-factor sign-in
        </h2>
        {sso ? (
          <p>
            You sign in through {settings.sso?.name ?? "single sign-on"}: your identity provider
            asks for your second factor.
          </p>
        ) : (
          <TwoFactorSetup
            enabled={staff.twoFactorEnabled}
            required={required}
            pendingSetup={pendingSetup}
            continueTo={continueTo}
          />
        )}
        {!staff.mustEnrol && next !== "/users" && (
          <p>
            <TextLink href={next}>Continue to {next}</TextLink>
          </p>
        )}
      </section>
    </section>
  );
}

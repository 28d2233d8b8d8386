import type { Metadata } from "next";
import { StaffManager } from "@/components/staff/staff-manager";
import { requirePageAccess } from "@/lib/auth/guards";
import { staffAuth } from "@/lib/auth/staff-auth";
import { listStaff } from "@/lib/auth/staff-accounts";
import { signInSettings } from "@/lib/auth/sign-in-config";
import { readLastSignIns, readLinkedSignIns } from "@/lib/auth/staff-reads";

export const metadata: Metadata = { title: "Staff" };
export const dynamic = "force-dynamic";

export default async function StaffPage() {
  const access = await requirePageAccess("staff:manage", "/staff");
  const staff = await listStaff(await staffAuth());
  const [signIns, lastSignIns] = await Promise.all([readLinkedSignIns(), readLastSignIns()]);
  return (
    <StaffManager
      staff={staff}
      signIns={Object.fromEntries(signIns)}
      lastSignIns={Object.fromEntries(lastSignIns)}
      require2fa={signInSettings().require2fa}
      providerName={signInSettings().sso?.name ?? "Single sign-on"}
      self={access.email}
    />
  );
}

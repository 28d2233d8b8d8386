import type { Metadata } from "next";
import { StaffManager } from "@/components/staff/staff-manager";
import { requirePageAccess } from "@/lib/auth/guards";
import { staffAuth } from "@/lib/auth/staff-auth";
import { listStaff } from "@/lib/auth/staff-accounts";
import { signInSettings } from "@/lib/auth/sign-in-config";
import { linkedSignIns } from "@/lib/auth/sso/sso-sign-in";
import { consoleDb } from "@/lib/db/console-db";

export const metadata: Metadata = { title: "Staff" };
export const dynamic = "force-dynamic";

export default async function StaffPage() {
  const access = await requirePageAccess("staff:manage", "/staff");
  const staff = await listStaff(await staffAuth());
  const signIns = await linkedSignIns((await consoleDb()).db);
  return (
    <StaffManager
      staff={staff}
      signIns={Object.fromEntries(signIns)}
      providerName={signInSettings().sso?.name ?? "Single sign-on"}
      self={access.email}
    />
  );
}

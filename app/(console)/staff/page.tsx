import type { Metadata } from "next";
import { StaffManager } from "@/components/staff/staff-manager";
import { requirePageAccess } from "@/lib/auth/guards";
import { staffAuth } from "@/lib/auth/staff-auth";
import { listStaff } from "@/lib/auth/staff-accounts";

export const metadata: Metadata = { title: "Staff" };
export const dynamic = "force-dynamic";

export default async function StaffPage() {
  const access = await requirePageAccess("staff:manage", "/staff");
  const staff = await listStaff(await staffAuth());
  return <StaffManager staff={staff} self={access.email} />;
}

import type { ReactNode } from "react";
import { ConsoleHeader, type NavLink } from "@/components/ui/console-header";
import { currentStaff } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/roles";
import { readWaitingCount } from "@/lib/change-requests/request-reads";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  const links: NavLink[] = [
    { href: "/users", label: "Users" },
    { href: "/flags", label: "Flags" },
    { href: "/audit", label: "Audit log" },
    ...(staff && can(staff.role, "users:read")
      ? [{ href: "/reviews", label: "Reviews", waitingReviews: await readWaitingCount(staff) }]
      : []),
    { href: "/sync", label: "User index" },
    ...(staff && can(staff.role, "staff:manage") ? [{ href: "/staff", label: "Staff" }] : []),
    ...(staff ? [{ href: "/security", label: "Security" }] : []),
  ];
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <ConsoleHeader links={links} staff={staff && { name: staff.name, role: staff.role }} />
      <main id="main" className="mx-auto max-w-[96rem] px-4 py-6">
        {children}
      </main>
    </>
  );
}

import type { ReactNode } from "react";
import { ConsoleHeader, type NavLink } from "@/components/ui/console-header";
import { currentStaff } from "@/lib/auth/current-staff";
import { can, type Permission } from "@/lib/auth/roles";
import { readWaitingCount } from "@/lib/review/requests/request-reads";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  // The pages a person may open now: one who must still enrol a second factor may open none.
  const mayOpen = (permission: Permission) =>
    staff !== null && !staff.mustEnrol && can(staff.role, permission);
  // Until then only Security works: every other link would bounce back to it.
  const links: NavLink[] = staff?.mustEnrol
    ? [{ href: "/security", label: "Security" }]
    : [
        { href: "/users", label: "Users" },
        { href: "/flags", label: "Flags" },
        { href: "/audit", label: "Audit log" },
        ...(staff && mayOpen("users:read")
          ? [{ href: "/reviews", label: "Reviews", waitingReviews: await readWaitingCount(staff) }]
          : []),
        { href: "/sync", label: "User index" },
        ...(mayOpen("staff:manage") ? [{ href: "/staff", label: "Staff" }] : []),
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
      <ConsoleHeader
        links={links}
        home={staff?.mustEnrol ? "/security" : "/users"}
        staff={staff && { name: staff.name, role: staff.role }}
      />
      <main id="main" className="mx-auto max-w-[96rem] px-4 py-6">
        {children}
      </main>
    </>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { currentStaff } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/roles";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const staff = await currentStaff();
  return (
    <>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl items-center gap-6 px-4 py-3">
          <Link href="/users" className="text-lg font-semibold tracking-tight">
            Metadeck
          </Link>
          <nav aria-label="Main" className="flex gap-4">
            <Link href="/users" className="text-sm text-slate-700 hover:text-slate-950">
              Users
            </Link>
            <Link href="/flags" className="text-sm text-slate-700 hover:text-slate-950">
              Flags
            </Link>
            <Link href="/audit" className="text-sm text-slate-700 hover:text-slate-950">
              Audit log
            </Link>
            {staff && can(staff.role, "staff:manage") && (
              <Link href="/staff" className="text-sm text-slate-700 hover:text-slate-950">
                Staff
              </Link>
            )}
          </nav>
          {staff && (
            <div className="ml-auto flex items-center gap-3 text-sm">
              <span data-testid="signed-in-as">
                {staff.name} <span className="text-slate-600">({staff.role})</span>
              </span>
              <SignOutButton />
            </div>
          )}
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-6">
        {children}
      </main>
    </>
  );
}

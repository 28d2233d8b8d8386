"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { ReviewsBadge } from "@/components/review/reviews-badge";
import { Button } from "@/components/ui/button";

export interface NavLink {
  href: string;
  label: string;
  /** The reviews waiting for this person, as counted when the page was made; kept fresh here. */
  waitingReviews?: number;
}

/**
 * The console's header: the navigation in a row on wide screens, behind a "Menu" button on
 * narrow ones (closed again after each navigation), and who is signed in.
 */
export function ConsoleHeader({
  links,
  home,
  staff,
}: {
  links: NavLink[];
  /** Where the name "Metadeck" leads: the first page this person may open. */
  home: string;
  staff: { name: string; role: string } | null;
}) {
  const pathname = usePathname();
  // Open for the page it was opened on: any navigation closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-[96rem] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
        <Link href={home} className="text-lg font-semibold tracking-tight">
          Metadeck
        </Link>
        <Button
          size="sm"
          className="ml-auto md:hidden"
          aria-expanded={open}
          aria-controls="console-menu"
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          Menu
        </Button>
        <div
          id="console-menu"
          className={`${open ? "flex" : "hidden"} w-full flex-col gap-3 md:flex md:w-auto md:flex-1 md:flex-row md:items-center`}
        >
          <nav aria-label="Main" className="flex flex-col gap-1 md:flex-row md:gap-4">
            {links.map((link) => {
              const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
              return (
                <Link
                  key={link.href}
                  href={link.href}
                  aria-current={current ? "page" : undefined}
                  className={`py-1 text-sm hover:text-slate-950 ${current ? "font-semibold text-slate-950" : "text-slate-700"}`}
                >
                  {link.label}
                  {link.waitingReviews !== undefined && (
                    <ReviewsBadge initial={link.waitingReviews} />
                  )}
                </Link>
              );
            })}
          </nav>
          {staff && (
            <div className="flex flex-wrap items-center gap-3 text-sm md:ml-auto">
              <span data-testid="signed-in-as">
                {staff.name} <span className="text-slate-600">({staff.role})</span>
              </span>
              <SignOutButton />
            </div>
          )}
        </div>
      </div>
    </header>
  );
}

import Link from "next/link";
import type { ReactNode } from "react";

/** What the console shows for something that is not there: what was missing, and a way back. */
export function MissingPage({
  title,
  children,
  back,
}: {
  title: string;
  children: ReactNode;
  back: { href: string; label: string };
}) {
  return (
    <section className="mx-auto max-w-xl rounded-md border border-slate-200 bg-white p-8 text-center">
      <h1 className="text-xl font-semibold">{title}</h1>
      <div className="mt-2 text-slate-700">{children}</div>
      <Link
        href={back.href}
        className="mt-4 inline-block rounded bg-blue-700 px-4 py-2 font-medium text-white hover:bg-blue-800"
      >
        {back.label}
      </Link>
    </section>
  );
}

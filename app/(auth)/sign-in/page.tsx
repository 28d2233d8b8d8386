import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentStaff } from "@/lib/auth/current-staff";
import { safeReturnPath } from "@/lib/auth/return-path";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const raw = (await searchParams).next;
  const next = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await currentStaff()) redirect(next);
  return (
    <main
      id="main"
      className="mx-auto mt-24 max-w-sm rounded-md border border-slate-200 bg-white p-6 shadow-sm"
    >
      <h1 className="text-xl font-semibold">Sign in to Metadeck</h1>
      <p className="mt-1 text-sm text-slate-700">Staff accounts only. Ask an admin for one.</p>
      <SignInForm next={next} />
    </main>
  );
}

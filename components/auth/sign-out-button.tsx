"use client";

import { useRouter } from "next/navigation";

export function SignOutButton() {
  const router = useRouter();
  return (
    <button
      type="button"
      onClick={async () => {
        await fetch("/api/auth/sign-out", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: "{}",
        }).catch(() => undefined);
        router.replace("/sign-in");
        router.refresh();
      }}
      className="rounded border border-slate-400 px-2 py-1 text-sm hover:bg-slate-100"
    >
      Sign out
    </button>
  );
}

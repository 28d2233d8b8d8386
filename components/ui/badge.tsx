import type { ReactNode } from "react";

const tones = {
  red: "bg-red-100 text-red-900 ring-red-300",
  amber: "bg-amber-100 text-amber-900 ring-amber-300",
  slate: "bg-slate-100 text-slate-800 ring-slate-300",
  green: "bg-green-100 text-green-900 ring-green-300",
} as const;

export function Badge({
  tone = "slate",
  children,
}: {
  tone?: keyof typeof tones;
  children: ReactNode;
}) {
  return (
    <span className={`inline-flex rounded px-1.5 py-0.5 text-xs font-medium ring-1 ${tones[tone]}`}>
      {children}
    </span>
  );
}

export function StatusBadges({ banned, locked }: { banned: boolean; locked: boolean }) {
  return (
    <>
      {banned && <Badge tone="red">Banned</Badge>}
      {locked && <Badge tone="amber">Locked</Badge>}
    </>
  );
}

import type { ReactNode } from "react";

/** A page's title, with an optional trail above it and a description and actions beside it. */
export function PageHeader({
  title,
  trail,
  description,
  actions,
}: {
  title: ReactNode;
  trail?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        {trail && <p className="text-sm text-slate-600">{trail}</p>}
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description && <div className="mt-1 text-sm text-slate-700">{description}</div>}
      </div>
      {actions && <div className="flex flex-wrap items-end gap-4">{actions}</div>}
    </div>
  );
}

import type { ReactNode } from "react";

const TONES = {
  info: "border-blue-300 bg-blue-50 text-blue-950",
  success: "border-emerald-300 bg-emerald-50 text-emerald-950",
  warning: "border-amber-400 bg-amber-50 text-amber-950",
  error: "border-red-300 bg-red-50 text-red-950",
} as const;

export type NoticeTone = keyof typeof TONES;

/**
 * A message box. Warnings and errors are announced at once (`role="alert"`); information and
 * success politely (`role="status"`).
 */
export function Notice({
  tone,
  title,
  className = "",
  children,
}: {
  tone: NoticeTone;
  title?: ReactNode;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <div
      role={tone === "error" || tone === "warning" ? "alert" : "status"}
      className={`rounded-md border p-3 text-sm ${TONES[tone]} ${className}`}
    >
      {title && <p className="font-semibold">{title}</p>}
      {children}
    </div>
  );
}

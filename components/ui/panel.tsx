import { useId, type HTMLAttributes, type ReactNode } from "react";

const TONES = {
  /** A step the person is in (the preview before a save). */
  step: "space-y-4 border-2 border-blue-600 bg-white",
  /** Something to settle before going on (a conflict, a rebase). */
  attention: "space-y-4 border-2 border-amber-500 bg-amber-50",
  /** A report of what would happen (a dry run). */
  report: "space-y-3 border border-blue-300 bg-blue-50 text-sm",
} as const;

/**
 * A titled region of a page: a `section` named by its heading, so screen readers list it and
 * tests find it by name.
 */
export function Panel({
  title,
  tone,
  children,
  ...props
}: Omit<HTMLAttributes<HTMLElement>, "title" | "className"> & {
  title: ReactNode;
  tone: keyof typeof TONES;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`rounded-md p-4 ${TONES[tone]}`} {...props}>
      <h2 id={headingId} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

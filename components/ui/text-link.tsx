import Link from "next/link";
import type { ComponentProps } from "react";

const TONES = {
  /** On the page: the link colour. */
  link: "font-medium underline underline-offset-2 text-blue-800",
  /** Inside a notice: the notice's own colour, which has its contrast. */
  inherit: "font-medium underline underline-offset-2",
  /** In a table cell or a list of ids, where every underline would be noise: one on hover. */
  quiet: "text-blue-800 underline-offset-2 hover:underline",
} as const;

/** A link inside text or a notice: underlined, to a page of the dashboard. */
export function TextLink({
  tone = "link",
  className = "",
  ...props
}: ComponentProps<typeof Link> & { tone?: keyof typeof TONES }) {
  return <Link className={`${TONES[tone]} ${className}`} {...props} />;
}

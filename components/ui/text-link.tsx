import Link from "next/link";
import type { ComponentProps } from "react";

const TONES = {
  /** On the page: the link colour. */
  link: "text-blue-800",
  /** Inside a notice: the notice's own colour, which has its contrast. */
  inherit: "",
} as const;

/** A link inside text or a notice: underlined, to a page of the dashboard. */
export function TextLink({
  tone = "link",
  className = "",
  ...props
}: ComponentProps<typeof Link> & { tone?: keyof typeof TONES }) {
  return (
    <Link
      className={`font-medium underline underline-offset-2 ${TONES[tone]} ${className}`}
      {...props}
    />
  );
}

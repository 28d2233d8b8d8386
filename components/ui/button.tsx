import type { ButtonHTMLAttributes } from "react";

const TONES = {
  /** The one action a panel is for: Save, Revert, Apply. */
  primary: "border-blue-700 bg-blue-700 text-white hover:bg-blue-800",
  /** An action beside the primary one, or one of several equals: Cancel, Back, Export. */
  secondary: "border-slate-400 bg-white text-slate-950 hover:bg-slate-100",
  /** A second way forward that is not the main one: Dry run, Discard draft. */
  outline: "border-blue-700 bg-white text-blue-900 hover:bg-blue-50",
  /** Confirms something that cannot be taken back. */
  danger: "border-red-700 bg-red-700 text-white hover:bg-red-800",
  /** Offers something that cannot be taken back; a confirmation follows. */
  "danger-outline": "border-red-700 bg-white text-red-800 hover:bg-red-50",
} as const;

const SIZES = {
  md: "px-4 py-2",
  sm: "px-3 py-1.5 text-sm",
  xs: "px-2 py-1 text-xs",
} as const;

export type ButtonTone = keyof typeof TONES;

/**
 * Every button of the dashboard: a tone for what it does, a size for where it sits. A button
 * that waits (pending, not hydrated) is disabled and says so by its look; `type` is "button"
 * unless it submits a form.
 */
export function Button({
  tone = "secondary",
  size = "md",
  type = "button",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: ButtonTone; size?: keyof typeof SIZES }) {
  return (
    <button
      type={type}
      className={`rounded border font-medium disabled:cursor-not-allowed disabled:opacity-60 ${TONES[tone]} ${SIZES[size]} ${className}`}
      {...props}
    />
  );
}

"use client";

import { useId } from "react";

/** A required text input with its label above it. */
export function LabelledInput({
  label,
  value,
  onChange,
  className = "",
  ...input
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  className?: string;
  type?: "email" | "password";
  inputMode?: "numeric" | "text";
  autoComplete: string;
  autoFocus?: boolean;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        className={`rounded border border-slate-400 px-3 py-2 ${className}`}
        {...input}
      />
    </div>
  );
}

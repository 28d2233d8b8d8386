"use client";

import { useId } from "react";
import { reasonLength } from "@/lib/review/rules/reason";
import { MAX_REASON_LENGTH } from "@/lib/review/rules/review-policy-schema";

/** The "Reason" box every write offers: free text, ticket links welcome, at most 500 characters. */
export function ReasonField({
  label = "Reason",
  value,
  onChange,
  required,
  disabled,
}: {
  /** Where a page has more than one kind of write, each box says which it is for. */
  label?: string;
  value: string;
  onChange: (value: string) => void;
  required: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const length = reasonLength(value);
  const over = length > MAX_REASON_LENGTH;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
        {required ? "" : " (optional)"}
      </label>
      <textarea
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        disabled={disabled}
        // Not `required`: inside a form (the bulk change) the browser would then block the form's
        // other submit (Dry run); the write's own button waits for the reason instead.
        aria-required={required || undefined}
        rows={2}
        aria-describedby={`${id}-hint`}
        aria-invalid={over || undefined}
        className="w-full max-w-2xl rounded border border-slate-400 p-2 text-sm"
      />
      <p id={`${id}-hint`} className={over ? "text-sm text-red-800" : "text-sm text-slate-600"}>
        {over
          ? `${length} characters: a reason holds at most ${MAX_REASON_LENGTH}.`
          : `Kept with the audit entry; links to tickets show as links. ${length} / ${MAX_REASON_LENGTH}`}
      </p>
    </div>
  );
}

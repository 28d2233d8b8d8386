"use client";

import type { FlagValue } from "@/lib/flags/catalogue-schema";
import type { FlagState } from "@/lib/flags/flag-values";
import { formatFlagValue } from "./flag-format";

/** A switch for a boolean flag, a select for an enum; its accessible name is the flag's key. */
export function FlagControl({
  state,
  disabled,
  onChange,
}: {
  state: FlagState;
  disabled: boolean;
  onChange: (value: FlagValue) => void;
}) {
  const { flag, value } = state;
  if (flag.type === "boolean") {
    const on = value === true;
    return (
      <button
        type="button"
        role="switch"
        aria-checked={on}
        aria-label={flag.key}
        disabled={disabled}
        onClick={() => onChange(!on)}
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border-2 border-transparent transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:cursor-not-allowed disabled:opacity-50 ${on ? "bg-blue-700" : "bg-slate-400"}`}
      >
        <span
          aria-hidden="true"
          className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${on ? "translate-x-5" : "translate-x-0"}`}
        />
      </button>
    );
  }
  return (
    <select
      aria-label={flag.key}
      value={String(value)}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value)}
      className="rounded border border-slate-400 bg-white px-2 py-1 text-sm disabled:opacity-50"
    >
      {flag.values.map((option) => (
        <option key={option} value={option}>
          {formatFlagValue(option)}
        </option>
      ))}
    </select>
  );
}

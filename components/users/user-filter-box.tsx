"use client";

import { useId, useRef, useState, type FormEvent } from "react";
import { addCondition } from "@/lib/user-filter/filter-builder";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import { FilterBuilder } from "./filter-builder";
import { Button } from "@/components/ui/button";

/**
 * The `where` filter: typed as text or built a condition at a time, checked in the browser
 * before it runs (a malformed one is shown with the position of the problem and runs nothing),
 * applied with Enter or the button.
 */
export function UserFilterBox({
  value,
  onApply,
  onReject,
}: {
  value: string;
  onApply: (where: string) => void;
  /** A filter was applied that does not parse: nothing is asked of the server. */
  onReject: () => void;
}) {
  const [text, setText] = useState(value);
  const [urlValue, setUrlValue] = useState(value);
  const [error, setError] = useState<FilterSyntaxError | null>(null);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);

  // Back/forward or a shared link changed the URL: show what it says.
  if (value !== urlValue) {
    setUrlValue(value);
    setText(value);
    setError(null);
  }

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const where = text.trim();
    if (where === "") {
      setError(null);
      onApply("");
      return;
    }
    const parsed = parseFilter(where);
    if (!parsed.ok) {
      setError(parsed.error);
      onReject();
      return;
    }
    setError(null);
    onApply(where);
  };

  const shown = error ?? (value ? parseError(value) : null);
  return (
    <form
      onSubmit={apply}
      className="flex w-full flex-col gap-1"
      role="search"
      aria-label="Filter users"
    >
      <label htmlFor={`${id}-filter`} className="text-sm font-medium text-slate-800">
        Filter
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={input}
          id={`${id}-filter`}
          type="text"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder='public_metadata.plan = "pro" and public_metadata.features.new_dashboard = true'
          aria-invalid={shown ? true : undefined}
          aria-describedby={`${id}-help${shown ? ` ${id}-error` : ""}`}
          autoComplete="off"
          spellCheck={false}
          className="w-full rounded-md border border-slate-400 bg-white px-3 py-2 font-mono text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
        />
        <div className="flex gap-2">
          <Button tone="primary" size="sm" type="submit">
            Apply filter
          </Button>
          {value && (
            <Button
              size="sm"
              onClick={() => {
                setText("");
                setError(null);
                onApply("");
              }}
            >
              Clear filter
            </Button>
          )}
        </div>
      </div>
      <p id={`${id}-help`} className="text-xs text-slate-600">
        Paths: <code>public_metadata.…</code>, <code>private_metadata.…</code>,{" "}
        <code>unsafe_metadata.…</code> (<code>[&quot;odd key&quot;]</code>), <code>email</code>,{" "}
        <code>username</code>, <code>external_id</code>, <code>created_at</code>,{" "}
        <code>last_active_at</code>, <code>banned</code>. Operators: = != &lt; &lt;= &gt; &gt;= in
        contains exists missing, joined with and, or, not and parentheses.
      </p>
      <FilterBuilder
        hasFilter={text.trim() !== ""}
        onAdd={(condition, join) => {
          setText(addCondition(text, condition, join));
          setError(null);
          // Enter there applies what was built.
          input.current?.focus();
        }}
      />
      {shown && (
        <div
          id={`${id}-error`}
          role="alert"
          className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-red-950"
        >
          <p>
            At character {shown.position + 1}: {shown.message}
          </p>
          <pre aria-hidden="true" className="mt-1 overflow-x-auto font-mono text-xs">
            {(error ? text.trim() : value) + "\n" + " ".repeat(shown.position) + "^"}
          </pre>
          {shown.suggestion !== undefined && (
            <p className="mt-2 flex flex-wrap items-center gap-2">
              Text goes in quotes.
              <Button
                size="xs"
                tone="outline"
                className="break-all font-mono"
                onClick={() => {
                  const fixed = shown.suggestion!;
                  setText(fixed);
                  setError(null);
                  onApply(fixed);
                }}
              >
                Use {shown.suggestion}
              </Button>
            </p>
          )}
        </div>
      )}
    </form>
  );
}

function parseError(where: string): FilterSyntaxError | null {
  const parsed = parseFilter(where);
  return parsed.ok ? null : parsed.error;
}

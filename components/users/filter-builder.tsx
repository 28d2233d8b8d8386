"use client";

import { useQuery } from "@tanstack/react-query";
import { useId, useState, type KeyboardEvent } from "react";
import { filterPathsQuery } from "@/lib/query/user-queries";
import {
  BUILDER_OPERATORS,
  conditionText,
  UNARY_OPERATORS,
  type BuilderOperator,
} from "@/lib/user-filter/filter-builder";
import { Button } from "@/components/ui/button";

const field =
  "rounded-md border border-slate-400 bg-white px-2 py-1.5 font-mono text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30";

const SOURCE_LABELS = { flag: "catalogued flag", field: "user field", index: "seen in the index" };

/** The path box's completions: loaded when the builder first opens. */
function PathSuggestions({ id }: { id: string }) {
  const suggestions = useQuery(filterPathsQuery());
  return (
    <>
      <datalist id={id}>
        {suggestions.data?.paths.map(({ path, from }) => (
          <option key={path} value={path} label={SOURCE_LABELS[from]} />
        ))}
      </datalist>
      {suggestions.isError && (
        <p className="text-xs text-slate-700">
          Path suggestions could not be loaded; type the path instead.
        </p>
      )}
    </>
  );
}

/**
 * Builds one comparison at a time (path with completion from the flag catalogue and the paths
 * seen in the index, operator, value) and writes it into the Filter box, joined with `and` or
 * `or`: the same text anyone could type, applied the same way. Not a form of its own (it sits
 * inside the Filter's): Enter in it adds the condition rather than applying the filter.
 */
export function FilterBuilder({
  hasFilter,
  onAdd,
}: {
  hasFilter: boolean;
  onAdd: (condition: string, join: "and" | "or") => void;
}) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [path, setPath] = useState("");
  const [op, setOp] = useState<BuilderOperator>("=");
  const [value, setValue] = useState("");
  const [join, setJoin] = useState<"and" | "or">("and");
  const [problem, setProblem] = useState<string | null>(null);
  const unary = UNARY_OPERATORS.includes(op);

  const add = () => {
    const built = conditionText({ path, op, value });
    if (!built.ok) {
      setProblem(built.error);
      return;
    }
    setProblem(null);
    setPath("");
    setValue("");
    onAdd(built.value, join);
  };
  const addOnEnter = (event: KeyboardEvent) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    add();
  };

  return (
    <details
      className="rounded-md border border-slate-200 bg-white px-3 py-2"
      onToggle={(event) => setOpen(event.currentTarget.open)}
    >
      <summary className="cursor-pointer text-sm font-medium text-slate-800">
        Build a filter
      </summary>
      {open && (
        <div className="mt-2 space-y-2">
          <div className="flex flex-wrap items-end gap-2">
            {hasFilter && (
              <div className="flex flex-col gap-1 text-sm">
                <label htmlFor={`${id}-join`}>Join with</label>
                <select
                  id={`${id}-join`}
                  value={join}
                  onChange={(event) => setJoin(event.target.value as "and" | "or")}
                  className={field}
                >
                  <option value="and">and</option>
                  <option value="or">or</option>
                </select>
              </div>
            )}
            <label className="flex min-w-64 flex-1 flex-col gap-1 text-sm">
              Path
              <input
                value={path}
                onChange={(event) => setPath(event.target.value)}
                onKeyDown={addOnEnter}
                list={`${id}-paths`}
                placeholder="public_metadata.plan"
                autoComplete="off"
                spellCheck={false}
                className={field}
              />
            </label>
            <div className="flex flex-col gap-1 text-sm">
              <label htmlFor={`${id}-op`}>Operator</label>
              <select
                id={`${id}-op`}
                value={op}
                onChange={(event) => setOp(event.target.value as BuilderOperator)}
                className={field}
              >
                {BUILDER_OPERATORS.map((operator) => (
                  <option key={operator} value={operator}>
                    {operator}
                  </option>
                ))}
              </select>
            </div>
            <label className="flex min-w-48 flex-1 flex-col gap-1 text-sm">
              Value
              <input
                value={unary ? "" : value}
                onChange={(event) => setValue(event.target.value)}
                onKeyDown={addOnEnter}
                disabled={unary}
                placeholder={op === "in" ? "pro, team" : 'pro, 3, true or "2026-01-01"'}
                autoComplete="off"
                spellCheck={false}
                className={`${field} disabled:bg-slate-100`}
              />
            </label>
            <Button tone="outline" size="sm" onClick={add}>
              Add to filter
            </Button>
          </div>
          <PathSuggestions id={`${id}-paths`} />
          <p className="text-xs text-slate-600">
            A value that is not JSON is taken as text; for <code>in</code>, separate values with
            commas. The condition is added to the Filter box; apply it from there.
          </p>
          {problem && (
            <p role="alert" className="text-sm text-red-800">
              {problem}
            </p>
          )}
        </div>
      )}
    </details>
  );
}

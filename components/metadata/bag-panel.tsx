"use client";

import { PendingRequestNotes } from "@/components/review/pending-request-note";
import type { JsonSchema } from "@/lib/flags/json-schema";
import type { PendingRequest } from "@/lib/review/rules/pending-request";
import { BAG_LABELS } from "@/lib/metadata/bags";
import { LazyJsonEditor } from "./lazy-monaco";
import { SizeMeter } from "./size-meter";
import type { BagState } from "./use-metadata-edit";

const HINTS = {
  public_metadata: "Readable by your frontend and included in session tokens.",
  private_metadata: "Only your backend can read it.",
  unsafe_metadata: "The user can change it from the frontend; never trust it for permissions.",
} as const;

export function BagPanel({
  state,
  onChange,
  onPreview,
  readOnly,
  schema,
  modelPath,
  pending = [],
}: {
  state: BagState;
  onChange: (text: string) => void;
  onPreview: () => void;
  readOnly: boolean;
  schema: JsonSchema;
  modelPath: string;
  /** Requests waiting for approval that would change this bag. */
  pending?: PendingRequest[];
}) {
  const label = BAG_LABELS[state.bag];
  const errorId = `${state.bag}-error`;
  return (
    <section className="flex min-w-0 flex-col gap-2 rounded-md border border-slate-200 bg-white p-3">
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="font-semibold">{label}</h2>
        {state.changed && <span className="text-xs font-medium text-blue-800">Edited</span>}
      </div>
      <p className="min-h-8 text-xs text-slate-600">{HINTS[state.bag]}</p>
      <PendingRequestNotes requests={pending} />
      <div
        className={`overflow-hidden rounded border ${state.parsed.ok ? "border-slate-300" : "border-red-500"}`}
        aria-describedby={state.parsed.ok ? undefined : errorId}
      >
        <LazyJsonEditor
          label={label}
          value={state.text}
          revision={state.revision}
          onChange={onChange}
          onPreview={onPreview}
          readOnly={readOnly}
          schema={schema}
          modelPath={modelPath}
        />
      </div>
      {!state.parsed.ok && (
        <p id={errorId} role="alert" className="text-sm text-red-800">
          {state.parsed.message}
        </p>
      )}
      <SizeMeter size={state.size} />
    </section>
  );
}

"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { ReasonField } from "@/components/review/reason-field";
import { FIELD_CLASS } from "@/components/ui/field-class";
import { reasonReady } from "@/lib/review/rules/reason";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { applyAction, dryRunAction } from "@/app/(console)/flags/bulk/actions";
import type { DryRun } from "@/lib/bulk/bulk-jobs";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import { bulkFormSchema, toBulkChange, USE_DEFAULT, type BulkForm } from "./bulk-form-schema";
import { DryRunReport } from "./dry-run-report";
import { formatFlagValue } from "./flag-format";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/**
 * Chooses the users (a search, all pages; a pasted/uploaded list; or a filter on the user
 * index), the flag and its new value; "Dry run" shows what would happen, and "Apply" starts the
 * job for exactly that input.
 */
const usersCount = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "user" : "users"}`;

export function BulkChangeForm({
  flags,
  initial,
  reasonRequired,
}: {
  flags: FlagDefinition[];
  initial: Partial<BulkForm>;
  /** The review policy's setting: every write needs a reason (the server checks again). */
  reasonRequired: boolean;
}) {
  const router = useRouter();
  const { pending: busy, run: act } = useAction("Nothing was started.");
  const [problem, setProblem] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<{ input: string; result: DryRun } | null>(null);
  // Beside the form's fields, not among them: rewording the reason keeps the dry run current.
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const reasonFits = reasonReady(reason, reasonRequired);
  const form = useForm<BulkForm>({
    resolver: zodResolver(bulkFormSchema),
    defaultValues: {
      targetKind: "query",
      query: "",
      list: "",
      where: "",
      flagKey: flags[0]?.key ?? "",
      value: "",
      ...initial,
    },
  });
  const { register, handleSubmit, control, setValue, formState } = form;
  const values = useWatch({ control }) as BulkForm;
  const flag = flags.find((f) => f.key === values.flagKey);
  const change = toBulkChange(values, flags);
  const dryRunIsCurrent = dryRun?.input === JSON.stringify(change);

  const run = (what: "dry" | "apply") =>
    handleSubmit((submitted) => {
      const input = toBulkChange(submitted, flags);
      setProblem(null);
      if (what === "dry")
        act(
          () => dryRunAction(input),
          (result) => {
            if (result.ok) setDryRun({ input: JSON.stringify(input), result: result.value });
            else setProblem(result.error.message);
          },
        );
      else
        act(
          () => applyAction({ ...input, reason }),
          (started) => {
            if (started.ok) router.push(`/flags/bulk/${started.value}`);
            else setProblem(started.error.message);
          },
        );
    });

  const valueOptions =
    flag?.type === "boolean"
      ? [
          { value: "true", label: "on (true)" },
          { value: "false", label: "off (false)" },
        ]
      : (flag?.values ?? []).map((v) => ({ value: v, label: v }));

  return (
    <div className="space-y-4">
      <form
        aria-labelledby="bulk-form-heading"
        className="space-y-4 rounded-md border border-slate-200 bg-white p-4 text-sm"
        onSubmit={(event) => {
          event.preventDefault();
          void run("dry")();
        }}
      >
        <h2 id="bulk-form-heading" className="text-lg font-semibold">
          New bulk change
        </h2>
        <fieldset className="space-y-2">
          <legend className="font-medium">Target users</legend>
          <label className="flex items-center gap-2">
            <input type="radio" value="query" {...register("targetKind")} />
            Users matching a search (every page)
          </label>
          {values.targetKind === "query" && (
            <label className="ml-6 flex flex-col gap-1">
              Search query
              <input
                {...register("query")}
                placeholder="email, name, username or id; empty means every user"
                className={`${FIELD_CLASS} max-w-md`}
              />
            </label>
          )}
          <label className="flex items-center gap-2">
            <input type="radio" value="list" {...register("targetKind")} />A pasted or uploaded list
          </label>
          {values.targetKind === "list" && (
            <div className="ml-6 space-y-2">
              <label className="flex flex-col gap-1">
                User ids or email addresses
                <textarea
                  {...register("list")}
                  rows={6}
                  placeholder={"user_2abc…\nada@example.com"}
                  aria-invalid={formState.errors.list ? true : undefined}
                  className={`${FIELD_CLASS} max-w-xl font-mono`}
                />
              </label>
              <label className="flex flex-col gap-1">
                Upload a list (text or one-column CSV)
                <input
                  type="file"
                  accept=".txt,.csv,text/plain,text/csv"
                  onChange={async (event) => {
                    const file = event.target.files?.[0];
                    if (file) setValue("list", await file.text(), { shouldValidate: true });
                  }}
                />
              </label>
              {formState.errors.list && (
                <p role="alert" className="text-red-800">
                  {formState.errors.list.message}
                </p>
              )}
            </div>
          )}
          <label className="flex items-center gap-2">
            <input type="radio" value="where" {...register("targetKind")} />
            Users matching a filter (from the user index)
          </label>
          {values.targetKind === "where" && (
            <div className="ml-6 space-y-1">
              <label className="flex flex-col gap-1">
                Filter
                <textarea
                  {...register("where")}
                  rows={2}
                  spellCheck={false}
                  placeholder={
                    'public_metadata.plan = "pro" and not public_metadata.features.new_dashboard = true'
                  }
                  aria-invalid={formState.errors.where ? true : undefined}
                  aria-describedby="bulk-where-help"
                  className={`${FIELD_CLASS} max-w-xl font-mono`}
                />
              </label>
              <p id="bulk-where-help" className="text-sm text-slate-700">
                The same expression as the Filter on the users list. Each user it selects is read
                from Clerk before the dry run and again before the job writes.
              </p>
              {formState.errors.where && (
                <p role="alert" className="text-red-800">
                  {formState.errors.where.message}
                </p>
              )}
            </div>
          )}
        </fieldset>
        <div className="flex flex-wrap gap-4">
          <label className="flex flex-col gap-1">
            Flag
            <select
              {...register("flagKey", { onChange: () => setValue("value", "") })}
              className={FIELD_CLASS}
            >
              {flags.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.key}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            New value
            <select {...register("value")} className={FIELD_CLASS}>
              <option value="">Choose…</option>
              {valueOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
              <option value={USE_DEFAULT}>
                Use default ({flag ? formatFlagValue(flag.default) : "—"}): remove the key
              </option>
            </select>
          </label>
        </div>
        {formState.errors.value && (
          <p role="alert" className="text-red-800">
            {formState.errors.value.message}
          </p>
        )}
        <ReasonField
          value={reason}
          onChange={setReason}
          required={reasonRequired}
          disabled={busy}
        />
        <div className="flex flex-wrap items-center gap-3">
          <Button tone="outline" type="submit" disabled={busy}>
            Dry run
          </Button>
          <Button
            tone="primary"
            disabled={busy || !dryRunIsCurrent || dryRun.result.changing === 0 || !reasonFits}
            onClick={() => setConfirming(true)}
          >
            Apply
          </Button>
          <span className="text-slate-700" aria-live="polite">
            {busy
              ? "Working…"
              : dryRunIsCurrent
                ? `Ready to change ${usersCount(dryRun.result.changing)}.`
                : "Run a dry run of this change before applying it."}
          </span>
        </div>
      </form>
      <ConfirmDialog
        open={confirming && dryRunIsCurrent}
        title={`Apply to ${usersCount(dryRun?.result.changing ?? 0)}?`}
        confirmLabel="Apply"
        tone="primary"
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void run("apply")();
        }}
      >
        <p>
          Sets <span className="font-mono">{change.flagKey}</span> to{" "}
          {change.value === null ? "the default (the key removed)" : formatFlagValue(change.value)}{" "}
          for the {usersCount(dryRun?.result.changing ?? 0)} the dry run lists as changing. Each
          user&apos;s value before is kept, so the job can be rolled back.
        </p>
      </ConfirmDialog>
      {problem && <Notice tone="error">{problem}</Notice>}
      {dryRun && dryRunIsCurrent && (
        <DryRunReport dryRun={dryRun.result} flagKey={change.flagKey} />
      )}
    </div>
  );
}

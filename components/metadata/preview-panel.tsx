"use client";

import { JsonBlock } from "@/components/ui/json-block";
import { BAG_LABELS, type BagName, type BagPatch } from "@/lib/metadata/bags";
import { formatDocument } from "@/lib/metadata/parse-document";
import { LazyJsonDiff } from "./lazy-monaco";
import type { BagState, Texts } from "./use-metadata-edit";
import { Notice } from "@/components/ui/notice";
import { ReasonField } from "@/components/review/reason-field";
import { reasonReady } from "@/lib/review/rules/reason";
import type { RequestRule } from "@/lib/review/rules/change-request";
import { RulesNeeded } from "@/components/review/rules-needed";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

/**
 * What a save will do: per changed bag a side-by-side diff, and the exact request body of
 * `PATCH /v1/users/{id}/metadata`, with warnings about nulls and unsafe metadata.
 */
export function PreviewPanel({
  userId,
  patch,
  bags,
  openedTexts,
  saving,
  reason,
  reasonRequired,
  onReasonChange,
  onSave,
  touched,
  onRequestReview,
  onRemoveProtected,
  onCancel,
}: {
  userId: string;
  patch: BagPatch;
  bags: BagState[];
  openedTexts: Texts;
  saving: boolean;
  reason: string;
  reasonRequired: boolean;
  onReasonChange: (reason: string) => void;
  onSave: () => void;
  /** The review rules the change falls under: then it is requested, not saved. */
  touched: RequestRule[];
  onRequestReview: () => void;
  onRemoveProtected: () => void;
  onCancel: () => void;
}) {
  const needsReview = touched.length > 0;
  const protectedPaths = new Set(touched.flatMap((rule) => rule.paths));
  // Whether anything in the change lies outside every rule: only then is removing the
  // protected part a choice that leaves something to save.
  const unprotectedToo = Object.entries(patch).some(([bag, change]) =>
    Object.keys(change ?? {}).some(
      (key) => ![...protectedPaths].some((path) => path.startsWith(`${bag}.${key}`)),
    ),
  );
  const changed = Object.keys(patch) as BagName[];
  const withNulls = bags.filter((b) => changed.includes(b.bag) && b.nulls.length > 0);
  return (
    <Panel tone="step" title="Review changes">
      {withNulls.map((b) => (
        <Notice key={b.bag} tone="warning">
          {BAG_LABELS[b.bag]} contains <code>null</code> at{" "}
          {b.nulls.map((p) => (
            <code key={p} className="mr-1">
              {p}
            </code>
          ))}
          . Clerk merges metadata, so a <code>null</code> deletes that key instead of storing null.
        </Notice>
      ))}
      {changed.includes("unsafe_metadata") && (
        <p
          role="note"
          className="rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950"
        >
          Unsafe metadata can be overwritten by the user from your frontend at any time; do not rely
          on it for access decisions.
        </p>
      )}
      {changed.map((bag) => {
        const edited = bags.find((b) => b.bag === bag);
        const modified = edited?.parsed.ok ? formatDocument(edited.parsed.value) : "";
        return (
          <div key={bag} className="space-y-1">
            <h3 className="font-medium">{BAG_LABELS[bag]}: before and after</h3>
            <div className="overflow-hidden rounded border border-slate-300">
              <LazyJsonDiff
                original={openedTexts[bag]}
                modified={modified}
                label={`Diff of ${bag}`}
              />
            </div>
          </div>
        );
      })}
      <div className="space-y-1">
        <h3 className="font-medium">
          Request body: <code className="text-sm break-all">PATCH /v1/users/{userId}/metadata</code>
        </h3>
        <JsonBlock value={patch} testId="request-body" />
      </div>
      {needsReview && (
        <RulesNeeded rules={touched}>
          Nothing is written to Clerk until it is approved.{" "}
          {unprotectedToo &&
            "The whole change waits, including the parts no rule covers; to save those now, remove the protected changes."}
        </RulesNeeded>
      )}
      <ReasonField
        value={reason}
        onChange={onReasonChange}
        required={reasonRequired}
        disabled={saving}
      />
      <div className="flex flex-wrap gap-2">
        <Button
          tone="primary"
          onClick={needsReview ? onRequestReview : onSave}
          disabled={saving || !reasonReady(reason, reasonRequired)}
        >
          {needsReview ? (saving ? "Requesting…" : "Request review") : saving ? "Saving…" : "Save"}
        </Button>
        {needsReview && (
          <Button onClick={onRemoveProtected} disabled={saving}>
            Remove protected changes
          </Button>
        )}
        <Button onClick={onCancel} disabled={saving}>
          Back to editing
        </Button>
      </div>
    </Panel>
  );
}

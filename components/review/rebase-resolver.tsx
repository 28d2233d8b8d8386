"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { rebaseChangeRequest } from "@/app/(console)/reviews/[requestId]/actions";
import { LazyJsonEditor } from "@/components/metadata/lazy-monaco";
import { ClashingPaths, ThreeWayBag } from "@/components/metadata/three-way-bag";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Notice } from "@/components/ui/notice";
import { useAction } from "@/components/ui/use-action";
import { BAG_LABELS, type BagName, type Bags } from "@/lib/metadata/bags";
import { formatDocument, parseMetadataDocument } from "@/lib/metadata/parse-document";
import type { BagConflict } from "@/lib/metadata/rebase";
import { REVIEWS_WAITING_KEY } from "@/lib/query/review-queries";
import type { RebaseBag } from "@/lib/review/rules/request-rebase";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";

const ignore = () => {};

/**
 * The author's rebase of a request that needs one: each bag it touches three ways (when
 * requested, now, requested), the keys both changed, and an editor per bag holding the request's
 * patch drawn on the current document, to resolve by hand. "Rebase" asks for the edited
 * documents instead; approvals start again.
 */
export function RebaseResolver({
  requestId,
  seenUpdatedAt,
  bags,
  conflicts,
}: {
  requestId: number;
  seenUpdatedAt: number;
  bags: readonly RebaseBag[];
  conflicts: readonly BagConflict[];
}) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [texts, setTexts] = useState<Partial<Record<BagName, string>>>(() =>
    Object.fromEntries(bags.map((b) => [b.bag, formatDocument(b.proposed)])),
  );
  const [confirming, setConfirming] = useState(false);
  const { pending: busy, run: act } = useAction("Nothing was done; your text is kept.");
  const [failure, setFailure] = useState<string | null>(null);
  const parsed = bags.map((b) => ({
    bag: b.bag,
    parsed: parseMetadataDocument(texts[b.bag] ?? ""),
  }));
  const valid = parsed.every((p) => p.parsed.ok);

  const rebase = () => {
    setConfirming(false);
    const documents: Partial<Bags> = {};
    for (const { bag, parsed: result } of parsed) if (result.ok) documents[bag] = result.value;
    act(
      () => rebaseChangeRequest({ requestId, resolution: { seenUpdatedAt, documents } }),
      (answer) => {
        setFailure(answer.ok ? null : answer.error.message);
        if (answer.ok || answer.error.kind !== "network") {
          void queryClient.invalidateQueries({ queryKey: REVIEWS_WAITING_KEY });
          router.refresh();
        }
      },
    );
  };

  return (
    <Panel tone="attention" title="Rebase onto the user as Clerk has it now">
      {bags.map((b) => (
        <ThreeWayBag
          key={b.bag}
          heading={BAG_LABELS[b.bag]}
          columns={[
            { title: "When requested", document: b.base },
            { title: "Current", document: b.current },
            { title: "Requested", document: b.requested },
          ]}
        />
      ))}
      {conflicts.length > 0 && (
        <div className="text-sm">
          <p>This request and the change made meanwhile both touch:</p>
          <ClashingPaths conflicts={conflicts} />
        </div>
      )}
      <p className="text-sm">
        Below, the request&apos;s change is drawn on the current user (where both touched a key, the
        request&apos;s value is there). Edit it to what the user should become; approvals start
        again.
      </p>
      {bags.map((b, n) => {
        const result = parsed[n]?.parsed;
        const label = `Rebased ${BAG_LABELS[b.bag]}`;
        const errorId = `rebase-${b.bag}-error`;
        return (
          <div key={b.bag} className="space-y-1">
            <h3 className="font-medium">{label}</h3>
            <div
              className={`overflow-hidden rounded border bg-white ${result?.ok === false ? "border-red-500" : "border-slate-300"}`}
              aria-describedby={result?.ok === false ? errorId : undefined}
            >
              <LazyJsonEditor
                label={label}
                value={formatDocument(b.proposed)}
                // The author's text is never replaced: a refused rebase keeps it to check again.
                revision={0}
                height={200}
                onChange={(text) => setTexts((all) => ({ ...all, [b.bag]: text }))}
                onPreview={ignore}
              />
            </div>
            {result?.ok === false && (
              <p id={errorId} role="alert" className="text-sm text-red-800">
                {result.message}
              </p>
            )}
          </div>
        );
      })}
      {failure && <Notice tone="error">{failure}</Notice>}
      <div className="flex flex-wrap items-center gap-2">
        <Button tone="primary" disabled={busy || !valid} onClick={() => setConfirming(true)}>
          Rebase
        </Button>
        {busy && (
          <span role="status" className="text-sm text-slate-700">
            Working…
          </span>
        )}
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Rebase request #${requestId} onto the current user?`}
        confirmLabel="Rebase"
        tone="primary"
        busy={busy}
        onCancel={() => setConfirming(false)}
        onConfirm={rebase}
      >
        <p>
          The request will ask for these documents, checked against the user as Clerk has it now.
          Earlier approvals were given for another diff, so approvals start again.
        </p>
      </ConfirmDialog>
    </Panel>
  );
}

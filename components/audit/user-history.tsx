"use client";

import { useQuery } from "@tanstack/react-query";
import { FailurePanel } from "@/components/ui/failure-panel";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { fetchJson, readFailureOf } from "@/lib/users/fetch-json";
import { AuditTable } from "./audit-table";

export function userHistoryKey(userId: string) {
  return ["audit", "user", userId] as const;
}

/** The user's audit history, newest first, each entry linking to its diff. */
export function UserHistory({ userId }: { userId: string }) {
  const history = useQuery({
    queryKey: userHistoryKey(userId),
    queryFn: ({ signal }) =>
      fetchJson<{ entries: AuditEntry[]; totalCount: number }>(
        `/api/audit?user=${encodeURIComponent(userId)}`,
        signal,
      ),
  });
  return (
    <section aria-labelledby="history-heading" className="space-y-2">
      <h2 id="history-heading" className="text-lg font-semibold">
        History
      </h2>
      {history.isError ? (
        <FailurePanel
          title="The history could not be loaded."
          failure={readFailureOf(history.error)}
          onRetry={() => void history.refetch()}
        />
      ) : !history.data ? (
        <p role="status">Loading history…</p>
      ) : history.data.entries.length === 0 ? (
        <p className="text-sm text-slate-700">No changes recorded through Metadeck yet.</p>
      ) : (
        <AuditTable entries={history.data.entries} showTarget={false} />
      )}
    </section>
  );
}

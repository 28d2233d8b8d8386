"use client";

import { useQuery } from "@tanstack/react-query";
import { FailurePanel } from "@/components/ui/failure-panel";
import { userHistoryQuery } from "@/lib/query/audit-queries";
import { readFailureOf } from "@/lib/query/fetch-json";
import { AuditTable } from "./audit-table";

/** The user's audit history, newest first, each entry linking to its diff. */
export function UserHistory({ userId }: { userId: string }) {
  const history = useQuery(userHistoryQuery(userId));
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
      ) : (
        <AuditTable
          entries={history.data.entries}
          showTarget={false}
          empty="No changes recorded through Metadeck yet."
        />
      )}
    </section>
  );
}

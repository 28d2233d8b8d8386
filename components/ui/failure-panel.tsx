import { clerkErrorOf } from "@/lib/clerk/clerk-failure";
import type { Failure } from "@/lib/result/result";
import { Notice } from "./notice";
import { Button } from "@/components/ui/button";

/** A failed call: what Clerk said (status, code, trace id) or a plain message, and a retry. */
export function FailurePanel({
  title,
  failure,
  onRetry,
}: {
  title: string;
  failure: Failure;
  onRetry?: () => void;
}) {
  const clerk = clerkErrorOf(failure);
  return (
    <Notice tone="error" title={title} className="p-4">
      <p className="mt-1">{failure.message}</p>
      {clerk && (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
          <dt>Status</dt>
          <dd>{clerk.status}</dd>
          <dt>Code</dt>
          <dd>{clerk.code}</dd>
          {clerk.traceId && (
            <>
              <dt>Trace id</dt>
              <dd>{clerk.traceId}</dd>
            </>
          )}
          {clerk.retryAfterSeconds !== null && (
            <>
              <dt>Retry after</dt>
              <dd>{clerk.retryAfterSeconds} s</dd>
            </>
          )}
        </dl>
      )}
      {onRetry && (
        <Button tone="danger" size="sm" className="mt-3" onClick={onRetry}>
          Retry
        </Button>
      )}
    </Notice>
  );
}

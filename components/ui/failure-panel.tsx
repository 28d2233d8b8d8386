import type { ReadFailure } from "@/lib/query/fetch-json";

/** A failed call: what Clerk said (status, code, trace id) or a plain message, and a retry. */
export function FailurePanel({
  title,
  failure,
  onRetry,
}: {
  title: string;
  failure: ReadFailure;
  onRetry?: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-950"
    >
      <p className="font-semibold">{title}</p>
      <p className="mt-1">{failure.message}</p>
      {failure.kind === "clerk" && (
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 font-mono text-xs">
          <dt>Status</dt>
          <dd>{failure.status}</dd>
          <dt>Code</dt>
          <dd>{failure.code}</dd>
          {failure.traceId && (
            <>
              <dt>Trace id</dt>
              <dd>{failure.traceId}</dd>
            </>
          )}
          {failure.retryAfterSeconds !== null && (
            <>
              <dt>Retry after</dt>
              <dd>{failure.retryAfterSeconds} s</dd>
            </>
          )}
        </dl>
      )}
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="mt-3 rounded bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800"
        >
          Retry
        </button>
      )}
    </div>
  );
}

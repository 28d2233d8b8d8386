/**
 * A JSON value as it is sent or stored: pretty-printed, monospaced, scrolling when tall, and
 * wrapping long lines rather than widening the page on a phone.
 */
export function JsonBlock({
  value,
  testId,
  compact = false,
}: {
  value: unknown;
  testId?: string;
  compact?: boolean;
}) {
  return (
    <pre
      data-testid={testId}
      className={`${compact ? "max-h-48 p-2" : "max-h-80 p-3"} overflow-auto whitespace-pre-wrap rounded border border-slate-200 bg-slate-100 text-xs text-slate-900 [overflow-wrap:anywhere]`}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

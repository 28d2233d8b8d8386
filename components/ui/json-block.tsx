/** A JSON value as it is sent or stored: pretty-printed, monospaced, scrolling when long. */
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
      className={`${compact ? "max-h-48 p-2" : "max-h-80 p-3"} overflow-auto rounded bg-slate-900 text-xs text-slate-100`}
    >
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

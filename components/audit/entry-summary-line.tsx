import { keysText, type EntrySummary } from "@/lib/audit/entry-summary";
import { TextLink } from "@/components/ui/text-link";

/** The Details line: what a write changed, and the job or entry it belongs to, as links. */
export function EntrySummaryLine({ summary }: { summary: EntrySummary }) {
  const what = summary.flag ? (
    <>
      flag <span className="font-mono">{summary.flag.key}</span> → {summary.flag.value}
    </>
  ) : (
    <span className="font-mono break-words">{keysText(summary.keys)}</span>
  );
  if (summary.bulkJobId)
    return (
      <span>
        bulk job{" "}
        <TextLink tone="quiet" href={`/flags/bulk/${summary.bulkJobId}`} className="font-mono">
          {summary.bulkJobId}
        </TextLink>{" "}
        ({what})
      </span>
    );
  if (summary.revertOf !== null)
    return (
      <span>
        <TextLink tone="quiet" href={`/audit/${summary.revertOf}`}>
          revert of #{summary.revertOf}
        </TextLink>
        : {what}
      </span>
    );
  return <span>{what}</span>;
}

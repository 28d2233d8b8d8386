import Link from "next/link";
import { keysText, type EntrySummary } from "@/lib/audit/entry-summary";

const link = "text-blue-800 underline-offset-2 hover:underline";

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
        <Link href={`/flags/bulk/${summary.bulkJobId}`} className={`font-mono ${link}`}>
          {summary.bulkJobId}
        </Link>{" "}
        ({what})
      </span>
    );
  if (summary.revertOf !== null)
    return (
      <span>
        <Link href={`/audit/${summary.revertOf}`} className={link}>
          revert of #{summary.revertOf}
        </Link>
        : {what}
      </span>
    );
  return <span>{what}</span>;
}

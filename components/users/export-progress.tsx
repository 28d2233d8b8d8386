import { Button } from "@/components/ui/button";
import type { CsvDownload } from "./use-csv-download";

const count = (n: number) => (n === 1 ? "1 user" : `${n.toLocaleString("en")} users`);

/** Where an export stands, announced politely: rows so far (of how many, when known), or why it stopped. */
export function ExportProgress({
  download,
  total,
  onCancel,
}: {
  download: CsvDownload;
  total: number | null;
  onCancel: () => void;
}) {
  return (
    <div role="status" aria-live="polite" className="text-sm text-slate-800 empty:hidden">
      {download.state === "running" && (
        <div className="flex flex-wrap items-center gap-3">
          <span>
            Exporting… {count(download.rows)}
            {total !== null && total > 0 ? ` of ${total.toLocaleString("en")}` : ""} so far.
          </span>
          {total !== null && total > 0 && (
            <progress
              aria-label="Export progress"
              max={total}
              value={Math.min(download.rows, total)}
              className="h-2 w-40"
            />
          )}
          <Button size="xs" tone="outline" onClick={onCancel}>
            Cancel export
          </Button>
        </div>
      )}
      {download.state === "done" && <p>Exported {count(download.rows)}.</p>}
      {download.state === "cancelled" && (
        <p>Export cancelled after {count(download.rows)}; nothing was saved.</p>
      )}
      {download.state === "failed" && (
        <p className="rounded-md border border-red-300 bg-red-50 p-2 text-red-950">
          {download.message}
        </p>
      )}
    </div>
  );
}

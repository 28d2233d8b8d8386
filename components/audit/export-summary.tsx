import type { UsersExportDetails } from "@/lib/audit/export-event";
import { TextLink } from "@/components/ui/text-link";
import { Badge } from "@/components/ui/badge";

/** The `/users` view an export was made from, so a reader can see who it covered. */
export function exportedViewHref(details: Pick<UsersExportDetails, "where" | "query">): string {
  const params = new URLSearchParams();
  if (details.query) params.set("query", details.query);
  if (details.where) params.set("where", details.where);
  return `/users?${params.toString()}`;
}

export function rowsText(rows: number): string {
  return `${rows.toLocaleString("en")} ${rows === 1 ? "row" : "rows"}`;
}

/** The Target of an export: the users its filter (and search) matched, linking to that list. */
export function ExportTarget({ details }: { details: UsersExportDetails }) {
  return (
    <span className="flex min-w-0 flex-col">
      <span className="text-slate-600">{details.where ? "users matching" : "every user"}</span>
      {details.where && (
        <TextLink
          tone="quiet"
          href={exportedViewHref(details)}
          className="font-mono text-xs break-all"
        >
          {details.where}
        </TextLink>
      )}
      {details.query && <span className="break-all">and “{details.query}”</span>}
    </span>
  );
}

/** The Details of an export: its kind, how many users, and the metadata columns. */
export function ExportSummary({ details }: { details: UsersExportDetails }) {
  return (
    <span>
      <Badge>CSV export</Badge> {rowsText(details.rows)}
      {details.paths.length > 0 ? (
        <>
          {"; "}
          <span className="font-mono break-words">{details.paths.join(", ")}</span>
        </>
      ) : (
        "; no metadata paths"
      )}
    </span>
  );
}

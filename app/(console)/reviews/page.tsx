import type { Metadata } from "next";
import { TextLink } from "@/components/ui/text-link";
import Link from "next/link";
import { ActorRef } from "@/components/audit/people";
import { RequestStatusBadge } from "@/components/review/status-badge";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAccess } from "@/lib/auth/guards";
import { readQueue } from "@/lib/review/requests/request-reads";
import { formatTimestamp } from "@/lib/format/time";
import { CHANGE_REQUEST_STATUSES, STATUS_LABELS } from "@/lib/review/rules/change-request";
import {
  parseQueueQuery,
  QUEUE_PAGE_SIZE,
  QUEUE_VIEW_LABELS,
  QUEUE_VIEWS,
  queueSearch,
} from "@/lib/review/rules/queue-query";
import { Button } from "@/components/ui/button";
import { FilterSelect } from "@/components/ui/filter-fields";

export const metadata: Metadata = { title: "Reviews" };
export const dynamic = "force-dynamic";

const EMPTY = {
  waiting: "Nothing waits for your approval.",
  mine: "You have not requested any reviews.",
  all: "No change requests yet.",
};

/** The review queue: what waits for me, what I asked for, everything; filtered in the URL. */
export default async function ReviewsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = parseQueueQuery(await searchParams);
  const staff = await requirePageAccess("users:read", `/reviews${queueSearch(query)}`);
  const { view, requests, totalCount } = await readQueue(staff, query);
  const pages = Math.max(1, Math.ceil(totalCount / QUEUE_PAGE_SIZE));
  return (
    <section className="space-y-4">
      <PageHeader
        title="Reviews"
        description="Changes to protected metadata wait here for a second person's approval."
      />
      <nav aria-label="Review views" className="flex flex-wrap gap-2 text-sm">
        {QUEUE_VIEWS.map((name) => (
          <Link
            key={name}
            href={`/reviews${queueSearch({ ...query, view: name, page: 1 })}`}
            aria-current={view === name ? "page" : undefined}
            className={`rounded border px-3 py-1.5 ${view === name ? "border-blue-700 bg-blue-50 font-semibold text-blue-950" : "border-slate-300 hover:bg-slate-100"}`}
          >
            {QUEUE_VIEW_LABELS[name]}
          </Link>
        ))}
      </nav>
      <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <input type="hidden" name="view" value={view} />
        <FilterSelect
          label="Status"
          name="status"
          value={query.status}
          options={CHANGE_REQUEST_STATUSES.map(
            (status) => [status, STATUS_LABELS[status]] as const,
          )}
        />
        <Button size="sm" type="submit">
          Filter
        </Button>
      </form>
      <DataTable
        caption="Change requests"
        columns={["Request", "User", "Rules", "Author", "Requested", "Status"]}
        empty={
          query.status
            ? `No ${STATUS_LABELS[query.status].toLowerCase()} requests here.`
            : EMPTY[view]
        }
        stack
      >
        {requests.map((request) => (
          <tr key={request.id}>
            <td>
              <TextLink tone="quiet" href={`/reviews/${request.id}`}>
                Request #{request.id}
              </TextLink>
            </td>
            <td className="break-all">
              {request.user.name ?? request.user.email ?? request.user.id}
              {request.user.name && request.user.email && (
                <span className="block text-xs text-slate-600">{request.user.email}</span>
              )}
            </td>
            <td>{request.rules.map((rule) => rule.name).join(", ")}</td>
            <td>
              <ActorRef actor={request.author} />
            </td>
            <td className="whitespace-nowrap">{formatTimestamp(request.createdAt)}</td>
            <td>
              <RequestStatusBadge status={request.status} />
            </td>
          </tr>
        ))}
      </DataTable>
      {pages > 1 && (
        <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
          <span>
            Page {Math.min(query.page, pages)} of {pages}
          </span>
          <span className="flex gap-3">
            {query.page > 1 && (
              <TextLink
                tone="quiet"
                href={`/reviews${queueSearch({ ...query, view, page: query.page - 1 })}`}
              >
                Previous
              </TextLink>
            )}
            {query.page < pages && (
              <TextLink
                tone="quiet"
                href={`/reviews${queueSearch({ ...query, view, page: query.page + 1 })}`}
              >
                Next
              </TextLink>
            )}
          </span>
        </nav>
      )}
    </section>
  );
}

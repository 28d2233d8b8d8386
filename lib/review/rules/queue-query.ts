import { z } from "zod";
import { CHANGE_REQUEST_STATUSES } from "./change-request";

export const QUEUE_PAGE_SIZE = 25;
export const QUEUE_VIEWS = ["waiting", "mine", "all"] as const;
export type QueueViewName = (typeof QUEUE_VIEWS)[number];

export const QUEUE_VIEW_LABELS: Record<QueueViewName, string> = {
  waiting: "Waiting for me",
  mine: "Mine",
  all: "All",
};

/** The /reviews view in the URL: `?view=waiting|mine|all&status=…&page=`. */
const schema = z.object({
  view: z.enum(QUEUE_VIEWS).optional().catch(undefined),
  status: z.enum(CHANGE_REQUEST_STATUSES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type QueueQuery = z.infer<typeof schema>;

const first = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value[0] : value || undefined;

/** Anything unreadable in the URL falls back to the default rather than failing the page. */
export function parseQueueQuery(source: Record<string, string | string[] | undefined>): QueueQuery {
  return schema.parse({
    view: first(source.view),
    status: first(source.status),
    page: first(source.page) ?? 1,
  });
}

export function queueSearch(query: QueueQuery, change: Partial<QueueQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  if (next.view) params.set("view", next.view);
  if (next.status) params.set("status", next.status);
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

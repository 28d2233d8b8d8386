import { z } from "zod";
import { isoDateMs } from "@/lib/metadata/iso-date";
import { AUDIT_OUTCOMES } from "./audit-entry";
import type { AuditFilter } from "./audit-log";
import { STAFF_EVENTS } from "./staff-event";

export const AUDIT_PAGE_SIZE = 25;

// A day that exists: "2026-02-30" or "2026-13-01" was read as another day, or as no number.
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((text) => isoDateMs(text) !== null)
  .optional()
  .catch(undefined);

/**
 * The /audit view in the URL:
 * `?event=&user=&staff=&actor=&job=&outcome=&from=YYYY-MM-DD&to=YYYY-MM-DD&page=`.
 * `user` is a Clerk user's id or part of their name or email; `actor` a staff member's id or part of their name or email.
 */
const schema = z.object({
  event: z
    .enum(["metadata", "export", "review", "staff", ...STAFF_EVENTS])
    .optional()
    .catch(undefined),
  user: z.string().trim().max(200).optional().catch(undefined),
  staff: z.string().trim().max(320).optional().catch(undefined),
  actor: z.string().trim().max(320).optional().catch(undefined),
  job: z.string().trim().max(100).optional().catch(undefined),
  outcome: z.enum(AUDIT_OUTCOMES).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export type AuditQuery = z.infer<typeof schema>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value || undefined;
}

export function parseAuditQuery(source: Record<string, string | string[] | undefined>): AuditQuery {
  return schema.parse({
    event: first(source.event),
    user: first(source.user),
    staff: first(source.staff),
    actor: first(source.actor),
    job: first(source.job),
    outcome: first(source.outcome),
    from: first(source.from),
    to: first(source.to),
    page: first(source.page) ?? 1,
  });
}

/** Dates are whole UTC days; `to` includes its day. */
export function auditFilterOf(query: AuditQuery): AuditFilter {
  const dayMs = 24 * 3600 * 1000;
  return {
    event: query.event,
    target: query.user || undefined,
    targetStaffEmail: query.staff || undefined,
    actor: query.actor || undefined,
    bulkJobId: query.job || undefined,
    outcome: query.outcome,
    from: query.from ? isoDateMs(query.from)! : undefined,
    to: query.to ? isoDateMs(query.to)! + dayMs : undefined,
  };
}

export function auditSearch(query: AuditQuery, change: Partial<AuditQuery> = {}): string {
  const next = { ...query, ...change };
  const params = new URLSearchParams();
  for (const key of ["event", "user", "staff", "actor", "job", "outcome", "from", "to"] as const) {
    const value = next[key];
    if (value) params.set(key, value);
  }
  if (next.page > 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** A user's history: the first page of the log filtered to them. */
export function historyOf(userId: string): AuditQuery {
  return parseAuditQuery({ user: userId });
}

import { queryOptions } from "@tanstack/react-query";
import type { AuditEntry } from "@/lib/audit/audit-entry";
import { auditSearch, historyOf, type AuditQuery } from "@/lib/audit/audit-query";
import { fetchJson } from "./fetch-json";

interface AuditPage {
  entries: AuditEntry[];
  totalCount: number;
}

/** Every cached page of the audit log, whatever its filter. */
export const AUDIT_PAGES_KEY = ["audit"] as const;

/** One filtered page of the audit log, read from `/api/audit`. */
function auditPageQuery(query: AuditQuery) {
  return queryOptions({
    queryKey: [...AUDIT_PAGES_KEY, query] as const,
    queryFn: ({ signal }) => fetchJson<AuditPage>(`/api/audit${auditSearch(query)}`, signal),
  });
}

/** A user's history: the first page of the audit log filtered to them. */
export function userHistoryQuery(userId: string) {
  return auditPageQuery(historyOf(userId));
}

import type { ColumnType, Generated } from "kysely";

/**
 * JSON columns: text on SQLite, jsonb on PostgreSQL. Written as JSON text; read back as text
 * (SQLite) or parsed (pg), which `fromJsonColumn` evens out.
 */
export type JsonColumn = ColumnType<unknown, string, string>;

export interface AuditLogTable {
  id: Generated<number>;
  /** Epoch milliseconds. */
  occurred_at: number;
  actor_id: string | null;
  actor_email: string | null;
  target_user_id: string;
  /** JSON array of the bags the attempt touched. */
  bags: JsonColumn;
  /** JSON: the bags as read before the write (null when they could not be read). */
  before_doc: JsonColumn | null;
  /** JSON: the merge patch sent, or that would have been sent. */
  patch: JsonColumn;
  /** JSON: the bags from the User Clerk returned (successes only). */
  after_doc: JsonColumn | null;
  outcome: "success" | "conflict" | "refused" | "clerk_error" | "network_error";
  clerk_status: number | null;
  clerk_code: string | null;
  clerk_trace_id: string | null;
  message: string | null;
  revert_of: number | null;
  bulk_job_id: string | null;
}

export interface ConsoleDatabase {
  audit_log: AuditLogTable;
}

import type { ColumnType, Generated } from "kysely";

/**
 * JSON columns: text on SQLite, jsonb on PostgreSQL. Written as JSON text; read back as text
 * (SQLite) or parsed (pg), which `fromJsonColumn` evens out.
 */
type JsonColumn = ColumnType<unknown, string, string>;

export interface AuditLogTable {
  id: Generated<number>;
  /** Epoch milliseconds. */
  occurred_at: number;
  actor_id: string | null;
  actor_email: string | null;
  /** The actor's display name when the entry was written (null before 0009, or for commands). */
  actor_name: string | null;
  /** "metadata_write", "users_export" (lib/audit/export-event.ts), or one of STAFF_EVENTS
   * (lib/audit/staff-event.ts). */
  event: Generated<string>;
  /** The Clerk user written to; for a staff event, the staff account's id ("" if none). */
  target_user_id: string;
  /** A staff event's account address; a metadata write's user's primary email when known. */
  target_email: string | null;
  /** A metadata write's user's name (or username) at write time, when it was known. */
  target_name: string | null;
  /** JSON array of the bags the attempt touched. */
  bags: JsonColumn;
  /** JSON: the bags as read before the write (null when they could not be read); for a staff
   * event, the account before it (a StaffSnapshot). */
  before_doc: JsonColumn | null;
  /** JSON: the merge patch sent, or that would have been sent. */
  patch: JsonColumn;
  /** JSON: the bags from the User Clerk returned (successes only); for a staff event, the
   * account after it; for an export, what it read (filter, search, paths, rows). */
  after_doc: JsonColumn | null;
  /** One of AUDIT_OUTCOMES (lib/audit/audit-entry.ts), checked as rows are read. */
  outcome: string;
  clerk_status: number | null;
  clerk_code: string | null;
  clerk_trace_id: string | null;
  message: string | null;
  revert_of: number | null;
  bulk_job_id: string | null;
  /** The author's reason for a metadata write (0016; null when none was given, or before). */
  reason: string | null;
  /** The change request this entry belongs to: one of its transitions, or its write (0018). */
  change_request_id: number | null;
}

/** `awaiting_approval`: a job on a reviewed flag, held until its change request is approved. */
export type BulkJobStatus =
  "awaiting_approval" | "running" | "cancelling" | "cancelled" | "completed";
export type BulkItemState = "pending" | "writing" | "changed" | "skipped" | "failed";

export interface BulkJobTable {
  id: string;
  kind: "apply" | "rollback";
  rollback_of: string | null;
  flag_key: string;
  bag: string;
  /** JSON `{ value }`: the value set, or null for "use default" (a rollback's are per item). */
  value: JsonColumn | null;
  target_description: string;
  /** Why the job was started, in its author's words (0017; null when none was given). */
  reason: string | null;
  /** JSON array: entries of a pasted list that matched no user. */
  unknown_entries: JsonColumn;
  actor_id: string;
  actor_email: string;
  actor_name: string | null;
  /** For a job held for approval: "Change request #N, requested by …, approved by …". */
  approval: string | null;
  status: BulkJobStatus;
  total: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface BulkJobItemTable {
  job_id: string;
  user_id: string;
  seq: number;
  email: string | null;
  state: BulkItemState;
  /** JSON StoredFlag: the flag's key on the user when the job was planned. */
  before_value: JsonColumn;
  /** JSON StoredFlag: what the job sets it to. */
  target_value: JsonColumn;
  /** JSON StoredFlag: what Clerk returned after the write. */
  after_value: JsonColumn | null;
  attempts: number;
  error: string | null;
  updated_at: number;
}

/** One failed sign-in: what the sign-in limits count (successes are never counted). */
interface SignInFailureTable {
  id: Generated<number>;
  /** The email address tried, lower-cased. */
  account: string;
  /** The client address (see lib/config/trusted-proxies.ts). */
  address: string;
  failed_at: number;
}

/** Requests per key (a session, an address) in one fixed window, for the request limits. */
interface RequestCountTable {
  key: string;
  window_start: number;
  count: number;
}

/**
 * The one window counter (lib/db/window-counter.ts): Backend API calls per Clerk instance (a hash
 * naming it), and requests per session or address, counted per time slot.
 */
interface ClerkCallWindowTable {
  budget_key: string;
  slot_start: number;
  calls: number;
  /** What the latest take added to this slot. */
  last_take: Generated<number>;
}

/**
 * A Clerk user as last seen (lib/user-index/). JSON columns are jsonb on PostgreSQL and text on
 * SQLite (read with fromJsonColumn). A tombstone has `deleted_at` set and its data cleared.
 */
export interface UserIndexTable {
  user_id: string;
  public_metadata: unknown;
  private_metadata: unknown;
  unsafe_metadata: unknown;
  primary_email: string | null;
  /** Every email address, as a JSON array of strings. */
  emails: unknown;
  /** Every phone number, as a JSON array of strings. */
  phone_numbers: unknown;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  external_id: string | null;
  banned: number | null;
  locked: number | null;
  created_at: number | null;
  updated_at: number;
  last_active_at: number | null;
  last_sign_in_at: number | null;
  deleted_at: number | null;
  indexed_at: number;
  /** When a reconciliation last found this user in Clerk. */
  verified_at: number | null;
}

/** One email address of an indexed user, lower-cased (A–Z); kept by triggers on user_index. */
interface UserIndexEmailTable {
  email: string;
  user_id: string;
}

/**
 * PostgreSQL only: a catalogued flag path and the small id its values are kept under in
 * user_flag_value (lib/user-index/flag-values/flag-value-table.ts). SQLite has expression indexes instead.
 */
interface FlagPathTable {
  id: number;
  bag: string;
  key: string;
}

/**
 * PostgreSQL only: one row per live indexed user and catalogued flag path holding a string or a
 * boolean; kept by a trigger on user_index. `value` is `true`/`false`, or `"` and the string.
 */
interface UserFlagValueTable {
  path_id: number;
  value: string;
  created_at: number;
  user_id: string;
}

/**
 * PostgreSQL only: +1 and -1 per user_flag_value row (path 0: per live user), kept by the same
 * trigger; their sums are the adoption counts.
 */
interface UserFlagTallyTable {
  path_id: number;
  value: string;
  delta: number | string;
}

/** A backfill or reconciliation of the user index (lib/user-index/sync/index-sync.ts). */
export interface IndexSyncTable {
  kind: string;
  status: string;
  started_at: number;
  finished_at: number | null;
  /** The walk's cursor (lib/user-index/sync/user-walk.ts), JSON. */
  cursor: unknown;
  total: number | null;
  seen: number;
  changed: number;
  removed: number;
  error: string | null;
}

/** A webhook message already taken in, by its `svix-id`. */
interface WebhookReceiptTable {
  svix_id: string;
  event_type: string;
  received_at: number;
}

/** A change waiting for, or past, a second person's approval (lib/review/requests/). */
export interface ChangeRequestTable {
  id: Generated<number>;
  /** "metadata" (an edit or flag switch), "revert" (of the audit entry `revert_of`), or "bulk". */
  kind: string;
  /** One of CHANGE_REQUEST_STATUSES (lib/review/rules/change-request.ts). */
  status: string;
  /** The Clerk user; "" for a bulk request, which names its job instead. */
  user_id: string;
  user_email: string | null;
  user_name: string | null;
  author_id: string;
  author_email: string;
  author_name: string | null;
  reason: string | null;
  /** `updated_at` of the user version the request was made (or last rebased) on. */
  base_updated_at: number;
  /** JSON: the bags the patch touches, as they were in that version. */
  base_doc: JsonColumn;
  /** JSON: the merge patch that approval applies. */
  patch: JsonColumn;
  /** JSON: the rules it fell under, as they were when requested (RequestRule[]). */
  rules: JsonColumn;
  /** The roles any of its rules names, as ",admin,support,", for the approver's queue. */
  approver_roles: string;
  /** Approvals count within one round; a rebase starts the next. */
  round: Generated<number>;
  revert_of: number | null;
  /** A "bulk" request's job, which waits in `awaiting_approval` until approval starts it. */
  bulk_job_id: string | null;
  created_at: number;
  updated_at: number;
  expires_at: number;
  closed_at: number | null;
  /** The audit entry of the write that applied it. */
  applied_entry_id: number | null;
  /** JSON: the paths it covered when made (MetadataPath[]); a rebase stays within them. */
  scope: ColumnType<unknown, string | null, string | null>;
  /** The permission its author made it with (flags:write, metadata:write, audit:revert). */
  author_permission: string | null;
}

export interface ChangeRequestApprovalTable {
  request_id: number;
  round: number;
  staff_id: string;
  staff_email: string;
  staff_name: string | null;
  /** The role the approver held when approving. */
  role: string;
  approved_at: number;
  /** Why the approval does not count toward the rules (lib/review/requests/independence.ts). */
  not_counted: string | null;
}

export interface ChangeRequestCommentTable {
  id: Generated<number>;
  request_id: number;
  /** "comment", or the note of a "rejection". */
  kind: string;
  author_id: string;
  author_email: string;
  author_name: string | null;
  body: string;
  created_at: number;
}

/**
 * Every lease (lib/db/lease.ts): what is held (`user-write:<id>`, `bulk-job:<id>`, …), by whom,
 * until when.
 */
interface LeaseTable {
  name: string;
  owner: string;
  held_until: number;
}

/** When a staff account last signed in (its last session made). */
interface StaffSignInTable {
  user_id: string;
  signed_in_at: number;
}

/** The last time step whose authenticator code an account used (RFC 6238 §5.2: once only). */
interface TotpLastStepTable {
  user_id: string;
  /** Unix time ÷ 30 s, the counter the code was made from. */
  step: number;
  used_at: number;
}

export interface ConsoleDatabase {
  lease: LeaseTable;
  audit_log: AuditLogTable;
  request_count: RequestCountTable;
  clerk_call_window: ClerkCallWindowTable;
  user_index: UserIndexTable;
  user_index_email: UserIndexEmailTable;
  flag_path: FlagPathTable;
  user_flag_value: UserFlagValueTable;
  user_flag_tally: UserFlagTallyTable;
  webhook_receipt: WebhookReceiptTable;
  index_sync: IndexSyncTable;
  sign_in_failure: SignInFailureTable;
  bulk_job: BulkJobTable;
  bulk_job_item: BulkJobItemTable;
  change_request: ChangeRequestTable;
  change_request_approval: ChangeRequestApprovalTable;
  change_request_comment: ChangeRequestCommentTable;
  totp_last_step: TotpLastStepTable;
  staff_sign_in: StaffSignInTable;
}

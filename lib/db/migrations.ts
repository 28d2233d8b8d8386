import { Migrator, type Migration, type MigrationProvider } from "kysely";
import { migrationAuditLog } from "./migrations/0001-audit-log";
import { migrationBulkJobs } from "./migrations/0002-bulk-jobs";
import { migrationAuditLogInsertOnly } from "./migrations/0003-audit-log-insert-only";
import { migrationSignInFailures } from "./migrations/0004-sign-in-failures";
import { migrationRequestCounts } from "./migrations/0005-request-counts";
import { migrationStaffEvents } from "./migrations/0006-staff-events";
import { migrationUserWriteLocks } from "./migrations/0007-user-write-locks";
import { migrationOneRollbackPerJob } from "./migrations/0008-one-rollback-per-job";
import { migrationAuditNames } from "./migrations/0009-audit-names";
import { migrationClerkCallWindow } from "./migrations/0010-clerk-call-window";
import { migrationClerkCallWindowLastTake } from "./migrations/0011-clerk-call-window-last-take";
import { migrationUserIndex } from "./migrations/0012-user-index";
import { migrationIndexSync } from "./migrations/0013-index-sync";
import { migrationUserIndexFreshness } from "./migrations/0014-user-index-freshness";
import { migrationUserIndexEmail } from "./migrations/0015-user-index-email";
import { migrationAuditReason } from "./migrations/0016-audit-reason";
import { migrationBulkJobReason } from "./migrations/0017-bulk-job-reason";
import { migrationChangeRequests } from "./migrations/0018-change-requests";
import { migrationUserFlagValue } from "./migrations/0019-user-flag-value";
import { migrationUserIndexEmailTrigram } from "./migrations/0020-user-index-email-trigram";
import { migrationTotpLastStep } from "./migrations/0021-totp-last-step";
import { migrationChangeRequestScope } from "./migrations/0022-change-request-scope";
import { migrationApprovalNotCounted } from "./migrations/0023-approval-not-counted";
import { migrationBulkJobApproval } from "./migrations/0024-bulk-job-approval";
import { migrationLease } from "./migrations/0025-lease";
import { migrationStaffSignIn } from "./migrations/0026-staff-sign-in";
import type { Dialect } from "./dialect";
import type { ConsoleDb } from "./open-database";

/**
 * Migrations live in code (no files to find at run time), one per file in `migrations/`, in
 * order, never edited once shipped.
 */
export function migrations(kind: Dialect): Record<string, Migration> {
  return {
    "0001_audit_log": migrationAuditLog(kind),
    "0002_bulk_jobs": migrationBulkJobs(kind),
    "0003_audit_log_insert_only": migrationAuditLogInsertOnly(kind),
    "0004_sign_in_failures": migrationSignInFailures(kind),
    "0005_request_counts": migrationRequestCounts(),
    "0006_staff_events": migrationStaffEvents(),
    "0007_user_write_locks": migrationUserWriteLocks(),
    "0008_one_rollback_per_job": migrationOneRollbackPerJob(),
    "0009_audit_names": migrationAuditNames(),
    "0010_clerk_call_window": migrationClerkCallWindow(),
    "0011_clerk_call_window_last_take": migrationClerkCallWindowLastTake(),
    "0012_user_index": migrationUserIndex(kind),
    "0013_index_sync": migrationIndexSync(kind),
    "0014_user_index_freshness": migrationUserIndexFreshness(),
    "0015_user_index_email": migrationUserIndexEmail(kind),
    "0016_audit_reason": migrationAuditReason(),
    "0017_bulk_job_reason": migrationBulkJobReason(),
    "0018_change_requests": migrationChangeRequests(kind),
    "0019_user_flag_value": migrationUserFlagValue(kind),
    "0020_user_index_email_trigram": migrationUserIndexEmailTrigram(kind),
    "0021_totp_last_step": migrationTotpLastStep(),
    "0022_change_request_scope": migrationChangeRequestScope(kind),
    "0023_approval_not_counted": migrationApprovalNotCounted(),
    "0024_bulk_job_approval": migrationBulkJobApproval(),
    "0025_lease": migrationLease(),
    "0026_staff_sign_in": migrationStaffSignIn(),
  };
}

class InCodeProvider implements MigrationProvider {
  constructor(private readonly kind: Dialect) {}
  async getMigrations() {
    return migrations(this.kind);
  }
}

/** Brings the schema to the latest version; safe to call at every start, from several instances. */
export async function migrateToLatest({ db, kind }: ConsoleDb): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeProvider(kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

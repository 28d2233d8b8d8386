import type { AuditActor } from "./audit-actor";

/** The audit log's `event` for a CSV export of users. */
export const USERS_EXPORT_EVENT = "users_export";

/** What was exported: the view's filter and search, the metadata columns, and how many users. */
export interface UsersExportDetails {
  where: string;
  query: string;
  /** The metadata paths, as written (each a column after id, primary_email and name). */
  paths: string[];
  /** The users handed to the download (all of them when the export completed). */
  rows: number;
}

/** A CSV export of users, as the audit log keeps it: who read which users' data, and how many. */
export interface UsersExportEntryInput {
  kind: "export";
  occurredAt: number;
  actor: AuditActor | null;
  details: UsersExportDetails;
  /** `incomplete`: the download was cancelled or failed part-way; `rows` says how far it got. */
  outcome: "success" | "incomplete";
  message: string | null;
}

export interface UsersExportAuditEntry extends UsersExportEntryInput {
  id: number;
}

/** What an export is recorded from, when its stream has ended. */
export interface UsersExportAttempt {
  occurredAt: number;
  actor: AuditActor;
  where: string;
  query: string;
  paths: string[];
  rows: number;
  complete: boolean;
  /** Why it stopped early: the browser went away, or the read failed (with its message). */
  stoppedBy?: "reader" | { error: string };
}

/** The one place an export's entry is built. */
export function usersExportEntry(attempt: UsersExportAttempt): UsersExportEntryInput {
  const stopped = attempt.complete
    ? null
    : attempt.stoppedBy === undefined || attempt.stoppedBy === "reader"
      ? `The download stopped after ${attempt.rows} ${attempt.rows === 1 ? "row" : "rows"}: it was cancelled or the connection closed.`
      : `The export failed after ${attempt.rows} ${attempt.rows === 1 ? "row" : "rows"}: ${attempt.stoppedBy.error}`;
  return {
    kind: "export",
    occurredAt: attempt.occurredAt,
    actor: attempt.actor,
    details: {
      where: attempt.where,
      query: attempt.query,
      paths: attempt.paths,
      rows: attempt.rows,
    },
    outcome: attempt.complete ? "success" : "incomplete",
    message: stopped,
  };
}

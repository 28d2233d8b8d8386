import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { ChangeRequest } from "@/lib/review/rules/change-request";
import { listApprovals } from "./request-store";

/**
 * Who stands behind a write that applies a request, for its audit entry: the request, its author
 * and each approver of its current round whose approval counted. By address only: a display name
 * is its holder's to choose, and one could read like another approver.
 */
export async function approvalNote(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
): Promise<string> {
  const approvers = (await listApprovals(db, request.id)).filter(
    (a) => a.round === request.round && !a.notCounted,
  );
  return `Change request #${request.id}, requested by ${request.author.email}, approved by ${approvers.map((a) => a.email).join(", ") || "no one"}.`;
}

import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import type { ChangeRequest } from "@/lib/review/change-request";
import { listApprovals } from "./request-store";

const person = (p: { email: string; name: string | null }) =>
  p.name ? `${p.name} (${p.email})` : p.email;

/**
 * Who stands behind a write that applies a request, for its audit entry: the request, its author
 * and each approver of its current round whose approval counted.
 */
export async function approvalNote(
  db: Kysely<ConsoleDatabase>,
  request: ChangeRequest,
): Promise<string> {
  const approvers = (await listApprovals(db, request.id)).filter(
    (a) => a.round === request.round && !a.notCounted,
  );
  return `Change request #${request.id}, requested by ${person(request.author)}, approved by ${approvers.map(person).join(", ") || "no one"}.`;
}

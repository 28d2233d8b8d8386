import "server-only";
import type { BagName } from "@/lib/metadata/bags";
import { auditEntry, type AuditActor } from "./audit-entry";
import { recordAttempt } from "./record-attempt";

export interface Refusal {
  actor: AuditActor | null;
  targetUserId: string;
  bags: BagName[];
  message: string;
  revertOf?: number | null;
}

/** A refused request is a write attempt too: it gets its one entry, with nothing sent to Clerk. */
export function recordRefusal(refusal: Refusal): Promise<void> {
  return recordAttempt(auditEntry({ ...refusal, patch: {}, outcome: "refused" }));
}

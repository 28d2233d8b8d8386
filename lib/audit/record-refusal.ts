import "server-only";
import type { BagName } from "@/lib/metadata/bags";
import type { AuditActor } from "./audit-actor";
import { auditEntry } from "./audit-entry";
import { recordAttempt } from "./record-attempt";
import { staffAuditEntry, type StaffEvent } from "./staff-event";

/** What a refused metadata write was aimed at. */
interface MetadataRefusalTarget {
  targetUserId: string;
  bags: BagName[];
  revertOf?: number | null;
}

/** What a refused staff change was aimed at (the account may not exist). */
interface StaffRefusalTarget {
  staffEvent: StaffEvent;
  targetEmail: string;
}

export type RefusalTarget = MetadataRefusalTarget | StaffRefusalTarget;

export type Refusal = RefusalTarget & { actor: AuditActor | null; message: string };

/** A refused request is an attempt too: it gets its one entry, with nothing changed. */
export function recordRefusal(refusal: Refusal): Promise<void> {
  if ("staffEvent" in refusal)
    return recordAttempt(
      staffAuditEntry({
        actor: refusal.actor,
        event: refusal.staffEvent,
        target: { id: null, email: refusal.targetEmail },
        refusal: refusal.message,
      }),
    );
  return recordAttempt(auditEntry({ ...refusal, patch: {}, outcome: "refused" }));
}

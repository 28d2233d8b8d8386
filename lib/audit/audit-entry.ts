import type { BagName, BagPatch, Bags } from "@/lib/metadata/bags";

export type AuditOutcome = "success" | "conflict" | "refused" | "clerk_error" | "network_error";

export interface AuditActor {
  id: string;
  email: string;
}

/** One metadata write attempt, as the audit log keeps it. */
export interface AuditEntryInput {
  occurredAt: number;
  actor: AuditActor | null;
  targetUserId: string;
  bags: BagName[];
  before: Bags | null;
  patch: BagPatch;
  after: Bags | null;
  outcome: AuditOutcome;
  clerkStatus?: number | null;
  clerkCode?: string | null;
  clerkTraceId?: string | null;
  message?: string | null;
  revertOf?: number | null;
  bulkJobId?: string | null;
}

export interface AuditEntry extends Required<Omit<AuditEntryInput, "actor">> {
  id: number;
  actor: AuditActor | null;
}

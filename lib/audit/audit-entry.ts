import { clerkErrorOf } from "@/lib/clerk/clerk-failure";
import { BAG_NAMES, type BagName, type BagPatch, type Bags } from "@/lib/metadata/bags";
import type { Failure } from "@/lib/result/result";
import type { AuditActor } from "./audit-actor";
import type { AuditTarget } from "./audit-target";
import type { UsersExportAuditEntry } from "./export-event";
import type { ReviewAuditEntry } from "./review-event";
import type { StaffAuditEntry } from "./staff-event";

/** How a write attempt ended: the one list the log, its filters and its badges read. */
export const AUDIT_OUTCOMES = [
  "success",
  "conflict",
  "refused",
  "clerk_error",
  "network_error",
  // A CSV export that stopped part-way (lib/audit/export-event.ts); never a metadata write's.
  "incomplete",
] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Each outcome in words, for its badge and the Outcome filter. */
export const AUDIT_OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: "Saved",
  conflict: "Conflict",
  refused: "Refused",
  clerk_error: "Clerk error",
  network_error: "Network error",
  incomplete: "Incomplete",
};

export function isAuditOutcome(value: unknown): value is AuditOutcome {
  return typeof value === "string" && (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

/** One metadata write attempt, as the audit log keeps it. */
export interface AuditEntryInput {
  kind?: "metadata";
  occurredAt: number;
  actor: AuditActor | null;
  targetUserId: string;
  target?: AuditTarget;
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
  /** Why the author made the change, in their words (ticket links included); null if none given. */
  reason?: string | null;
  /** The change request this write applies (0018). */
  changeRequestId?: number | null;
}

export interface MetadataAuditEntry extends Required<Omit<AuditEntryInput, "actor">> {
  id: number;
  actor: AuditActor | null;
}

/** What the audit log holds: metadata write attempts, CSV exports, staff and sign-in events. */
export type AuditEntry =
  MetadataAuditEntry | UsersExportAuditEntry | StaffAuditEntry | ReviewAuditEntry;

/** What a write attempt is recorded from, whoever made it: a save, a refusal, a bulk write. */
export interface Attempt {
  occurredAt?: number;
  actor: AuditActor | null;
  targetUserId: string;
  /** Who the user is, where the attempt read them; unknown for a refusal made before any read. */
  target?: AuditTarget;
  patch: BagPatch;
  /** The bags the attempt was for; by default, those the patch touches. */
  bags?: BagName[];
  before?: Bags | null;
  after?: Bags | null;
  /** Why it did not succeed; `null` or absent for a write Clerk made. */
  failure?: Failure | null;
  /** Set only where the failure alone does not tell (a refusal before any check could run). */
  outcome?: AuditOutcome;
  message?: string | null;
  revertOf?: number | null;
  bulkJobId?: string | null;
  reason?: string | null;
  changeRequestId?: number | null;
}

function outcomeOf(failure: Failure | null): AuditOutcome {
  if (failure === null) return "success";
  if (failure.kind === "conflict") return "conflict";
  if (failure.kind === "clerk") return "clerk_error";
  if (failure.kind === "network") return "network_error";
  return "refused";
}

/** The one place an audit entry is built, so every writer records the same fields alike. */
export function auditEntry(attempt: Attempt): AuditEntryInput {
  const failure = attempt.failure ?? null;
  const clerk = clerkErrorOf(failure);
  return {
    kind: "metadata",
    occurredAt: attempt.occurredAt ?? Date.now(),
    actor: attempt.actor,
    targetUserId: attempt.targetUserId,
    target: attempt.target ?? { name: null, email: null },
    bags: attempt.bags ?? BAG_NAMES.filter((bag) => attempt.patch[bag] !== undefined),
    before: attempt.before ?? null,
    patch: attempt.patch,
    after: attempt.after ?? null,
    outcome: attempt.outcome ?? outcomeOf(failure),
    clerkStatus: clerk?.status ?? null,
    clerkCode: clerk?.code ?? null,
    clerkTraceId: clerk?.traceId ?? null,
    message: attempt.message ?? failure?.message ?? null,
    revertOf: attempt.revertOf ?? null,
    bulkJobId: attempt.bulkJobId ?? null,
    reason: attempt.reason ?? null,
    changeRequestId: attempt.changeRequestId ?? null,
  };
}

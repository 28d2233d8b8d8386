import type { BagName, BagPatch } from "@/lib/metadata/bags";
import type { AuditActor } from "./audit-actor";
import type { AuditTarget } from "./audit-target";

/**
 * What happened to a change request; each is one audit entry, linked to the request. Its write
 * (applied, or refused as needing a rebase) is the metadata write entry linked the same way.
 */
export const REVIEW_EVENTS = [
  "change_requested",
  "change_commented",
  "change_approved",
  "change_rejected",
  "change_rebased",
  "change_withdrawn",
  "change_expired",
] as const;
export type ReviewEvent = (typeof REVIEW_EVENTS)[number];

export const REVIEW_EVENT_LABELS: Record<ReviewEvent, string> = {
  change_requested: "Review requested",
  change_commented: "Commented",
  change_approved: "Approved",
  change_rejected: "Rejected",
  change_rebased: "Rebased",
  change_withdrawn: "Withdrawn",
  change_expired: "Expired",
};

export function isReviewEvent(value: unknown): value is ReviewEvent {
  return typeof value === "string" && (REVIEW_EVENTS as readonly string[]).includes(value);
}

/** One change-request event, as the audit log keeps it. */
export interface ReviewAuditEntryInput {
  kind: "review";
  occurredAt: number;
  /** Who acted; null for an expiry, which no one causes. */
  actor: AuditActor | null;
  event: ReviewEvent;
  changeRequestId: number;
  targetUserId: string;
  target: AuditTarget;
  bags: BagName[];
  /** The request's patch at the time of the event. */
  patch: BagPatch;
  /** `refused`: the step was asked for and not taken (the author approving, say). */
  outcome: "success" | "refused";
  /** A comment, a rejection's note, or why a step was refused. */
  message: string | null;
  reason: string | null;
}

export interface ReviewAuditEntry extends ReviewAuditEntryInput {
  id: number;
}

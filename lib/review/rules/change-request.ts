import type { Permission, Role } from "@/lib/auth/roles";
import type { BagPatch, Bags } from "@/lib/metadata/bags";
import type { Approval, RequiredApproval } from "./approvals";
import type { MetadataPath } from "@/lib/metadata/path";

/**
 * Where a request stands. `open` waits for approvals; `approved` has them all but its write did
 * not land (Clerk failed): it can be applied again; `needs_rebase` found the keys it touches
 * changed since its base. The rest are final: nothing more happens to them.
 */
export const CHANGE_REQUEST_STATUSES = [
  "open",
  "approved",
  "needs_rebase",
  "applied",
  "rejected",
  "withdrawn",
  "expired",
] as const;
export type ChangeRequestStatus = (typeof CHANGE_REQUEST_STATUSES)[number];

const FINAL_STATUSES: readonly ChangeRequestStatus[] = [
  "applied",
  "rejected",
  "withdrawn",
  "expired",
];

/** The statuses in which a request still waits on someone, and so can lapse. */
export const PENDING_STATUSES: readonly ChangeRequestStatus[] = [
  "open",
  "approved",
  "needs_rebase",
];

export const STATUS_LABELS: Record<ChangeRequestStatus, string> = {
  open: "Open",
  approved: "Approved",
  needs_rebase: "Needs rebase",
  applied: "Applied",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  expired: "Expired",
};

export function isChangeRequestStatus(value: unknown): value is ChangeRequestStatus {
  return (
    typeof value === "string" && (CHANGE_REQUEST_STATUSES as readonly string[]).includes(value)
  );
}

export function isFinal(status: ChangeRequestStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

/** A rule as a request keeps it: what it required when requested, and the paths that matched. */
export interface RequestRule extends RequiredApproval {
  note: string | null;
  /** The changed paths the rule covers, written as `bag.key.key`. */
  paths: string[];
}

/** A save or flag switch, a revert of an audit entry, or a bulk flag job held for approval. */
type ChangeRequestKind = "metadata" | "revert" | "bulk";

export interface StaffRef {
  id: string;
  email: string;
  name: string | null;
}

export interface RecordedApproval extends Approval {
  email: string;
  name: string | null;
  round: number;
  approvedAt: number;
}

export interface RequestComment {
  id: number;
  kind: "comment" | "rejection";
  author: StaffRef;
  body: string;
  createdAt: number;
}

export interface ChangeRequest {
  id: number;
  kind: ChangeRequestKind;
  status: ChangeRequestStatus;
  user: { id: string; email: string | null; name: string | null };
  author: StaffRef;
  reason: string | null;
  baseUpdatedAt: number;
  /** The bags the patch touches, as they were in the base version. */
  base: Partial<Bags>;
  patch: BagPatch;
  rules: RequestRule[];
  round: number;
  revertOf: number | null;
  /** A bulk request's job: it runs when the request is approved. */
  bulkJobId: string | null;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  closedAt: number | null;
  appliedEntryId: number | null;
  /** What it covered when it was made: a rebase may change nothing else. */
  scope: MetadataPath[];
  /** The permission its author made it with, which they need still to rebase it. */
  authorPermission: RequestPermission;
}

/** The permissions a request is made with: a flag switch, a metadata edit, a revert. */
const REQUEST_PERMISSIONS = ["flags:write", "metadata:write", "audit:revert"] as const;
export type RequestPermission = (typeof REQUEST_PERMISSIONS)[number] & Permission;

export function isRequestPermission(value: unknown): value is RequestPermission {
  return typeof value === "string" && (REQUEST_PERMISSIONS as readonly string[]).includes(value);
}

/** The roles any rule names, in the queue's searchable form. */
export function approverRolesColumn(rules: RequestRule[]): string {
  return `,${[...new Set(rules.flatMap((rule) => rule.approvers))].join(",")},`;
}

/** Whether a role is named by any of the rules (so the request may be waiting for it). */
export function namesRole(rules: RequestRule[], role: Role): boolean {
  return rules.some((rule) => rule.approvers.includes(role));
}

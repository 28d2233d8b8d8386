import "server-only";
import type { Kysely } from "kysely";
import type { AuditActor } from "@/lib/audit/audit-actor";
import { auditEntry, type AuditEntryInput } from "@/lib/audit/audit-entry";
import { auditTargetOf } from "@/lib/audit/audit-target";
import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import { getUser, updateUserMetadata } from "@/lib/clerk/users";
import { BAG_NAMES, type BagName, type Bags } from "@/lib/metadata/bags";
import { jsonByteSize } from "@/lib/metadata/json";
import { changedOutside, isConflict } from "@/lib/metadata/conflict";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import { METADATA_LIMIT_BYTES } from "@/lib/metadata/sizes";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { validateFlagPatch, type SchemaViolation } from "@/lib/flags/validate-patch";
import { fail, ok, type Result } from "@/lib/result/result";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { USER_WRITE_WAIT_MS } from "@/lib/config/limits";
import { LEASES, withLease } from "@/lib/db/lease";
import type { SaveMetadataInput } from "./save-input";
import { userBags } from "./user-bags";
import { indexSeenUsers } from "@/lib/user-index/index-store";
import { requireReason } from "@/lib/review/rules/reason";
import { reviewPolicy } from "@/lib/review/rules/review-policy";
import type { ReviewRule } from "@/lib/review/rules/review-policy-schema";
import { reviewRequiredFailure, type ReviewRequired } from "@/lib/review/rules/review-required";

export type SaveFailure =
  | { kind: "invalid"; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "conflict"; message: string; current: UserDto }
  | { kind: "too_large"; message: string; bag: BagName; bytes: number }
  | { kind: "schema"; message: string; violations: SchemaViolation[] }
  /** Another Metadeck write of this user held its lease for the whole wait. */
  | { kind: "busy"; message: string }
  /** A review rule covers what the patch changes: it has to go through a change request. */
  | ReviewRequired
  | ClerkFailure;

/** A save Clerk made: the User it returned, and any bags it holds differently than expected. */
export interface Saved {
  user: UserDto;
  /**
   * Keys (dotted paths) whose stored value differs from what the patch makes of the version
   * read under the lease: someone outside Metadeck wrote them in between. Empty as a rule.
   */
  changedOutside: string[];
}

export type SaveResult = Result<Saved, SaveFailure>;

export interface SaveContext {
  actor: AuditActor | null;
  /** The console database, which holds the per-user write lease every process shares. */
  db: Kysely<ConsoleDatabase>;
  /** Appends the attempt's one audit entry. */
  record: (entry: AuditEntryInput) => Promise<void>;
  revertOf?: number | null;
  bulkJobId?: string | null;
  /** Whether a write needs a reason; by default, what the review policy says. */
  reasonRequired?: boolean;
  /** The rules whose paths only an approved change request may write; by default, the policy's. */
  reviewRules?: ReviewRule[];
  /**
   * The approved change request this write applies: its rules were satisfied by approval, and
   * the audit entry links to it.
   */
  changeRequestId?: number | null;
  /** Said first on the attempt's audit entry (an applied request names its author and approvers). */
  note?: string;
}

/** The entry's message: the context's note, then what the attempt itself has to say. */
function entryMessage(note: string | undefined, own: string | null | undefined) {
  if (!note) return own ?? undefined;
  return own ? `${note} ${own}` : note;
}

/** The result, and the user as read under the lease (null where no read was made or found one). */
type Attempted = { result: SaveResult; before: Bags | null; read?: UserDto | null };

async function attempt(
  input: SaveMetadataInput,
  db: Kysely<ConsoleDatabase>,
  reasonRequired: boolean,
  reviewRules: ReviewRule[],
): Promise<Attempted> {
  const reason = requireReason(input.reason ?? null, reasonRequired);
  if (!reason.ok)
    return { result: fail({ kind: "invalid", message: reason.error.message }), before: null };
  // Catalogued flags must keep their declared types, whoever writes them.
  const violations = validateFlagPatch(flagCatalogue(), input.patch);
  if (violations.length > 0) {
    const message = `Not saved: ${violations.map((v) => v.message).join("; ")}.`;
    return { result: fail({ kind: "schema", message, violations }), before: null };
  }
  // From the read to the end of the PATCH no other Metadeck writer touches this user, so the
  // conflict check still holds when the patch lands.
  const locked = await withLease(
    db,
    LEASES.userWrite(input.userId),
    () => checkAndWrite(input, reviewRules),
    { waitMs: USER_WRITE_WAIT_MS },
  );
  if ("busy" in locked) {
    const message = `Another save of this user was still in progress after ${USER_WRITE_WAIT_MS / 1000} s. Nothing was saved; try again.`;
    return { result: fail({ kind: "busy", message }), before: null };
  }
  return locked.value;
}

async function checkAndWrite(
  input: SaveMetadataInput,
  reviewRules: ReviewRule[],
): Promise<Attempted> {
  const read = await getUser(input.userId);
  if (!read.ok) return { result: read, before: null };
  const current = read.value;
  if (!current) {
    const message = `No user ${input.userId} exists.`;
    return { result: fail({ kind: "not_found", message }), before: null };
  }
  const before = userBags(current);
  const base = { updatedAt: input.baseUpdatedAt, bags: input.base, scope: input.scope ?? "bags" };
  if (isConflict({ updatedAt: current.updatedAt, bags: before }, base, input.patch)) {
    const message = "This user changed since you opened it. Nothing was saved.";
    return { result: fail({ kind: "conflict", message, current }), before, read: current };
  }
  // Checked on the user as read under the lease, so no version in between slips past a rule.
  const review = reviewRequiredFailure(reviewRules, before, input.patch);
  if (review) return { result: fail(review), before, read: current };
  for (const bag of BAG_NAMES) {
    const patch = input.patch[bag];
    if (!patch) continue;
    const bytes = jsonByteSize(mergeMetadata(before[bag], patch));
    if (bytes > METADATA_LIMIT_BYTES) {
      const message = `${bag} would be ${bytes} bytes after this change; Clerk allows ${METADATA_LIMIT_BYTES}.`;
      return { result: fail({ kind: "too_large", bag, bytes, message }), before, read: current };
    }
  }
  const written = await updateUserMetadata(input.userId, input.patch);
  if (!written.ok) return { result: written, before, read: current };
  const user = written.value;
  return {
    result: ok({ user, changedOutside: changedOutside(before, input.patch, userBags(user)) }),
    before,
  };
}

function outsideMessage(paths: string[]): string | null {
  return paths.length === 0
    ? null
    : `Clerk's copy also changed outside Metadeck while this was saved: ${paths.join(", ")}.`;
}

/**
 * The checked save: holding the user's write lease, re-read the user, refuse if what the patch
 * touches changed since the editor opened it (lib/metadata/conflict.ts) or if a merged bag would
 * exceed Clerk's limit, otherwise send the patch once and return Clerk's User.
 * Whatever happens, exactly one audit entry records the attempt.
 */
export async function saveMetadata(
  input: SaveMetadataInput,
  context: SaveContext,
): Promise<SaveResult> {
  const approved = context.changeRequestId !== undefined && context.changeRequestId !== null;
  const { result, before, read } = await attempt(
    input,
    context.db,
    context.reasonRequired ?? reviewPolicy().reasonRequired,
    approved ? [] : (context.reviewRules ?? reviewPolicy().rules),
  );
  await context.record(
    auditEntry({
      actor: context.actor,
      targetUserId: input.userId,
      target: auditTargetOf(result.ok ? result.value.user : read),
      patch: input.patch,
      before,
      after: result.ok ? userBags(result.value.user) : null,
      failure: result.ok ? null : result.error,
      message: entryMessage(
        context.note,
        result.ok ? outsideMessage(result.value.changedOutside) : result.error.message,
      ),
      revertOf: context.revertOf,
      bulkJobId: context.bulkJobId,
      reason: input.reason ?? null,
      changeRequestId: context.changeRequestId ?? null,
    }),
  );
  const seen = result.ok ? result.value.user : read;
  if (seen) await indexSeenUsers(context.db, [seen]);
  return result;
}

"use server";

import type { AuditActor } from "@/lib/audit/audit-entry";
import { recordAttempt } from "@/lib/audit/record-attempt";
import { recordRefusal } from "@/lib/audit/record-refusal";
import { mayReadAhead, requireActionAccess } from "@/lib/auth/guards";
import { getUser } from "@/lib/clerk/users";
import { BAG_NAMES } from "@/lib/metadata/bags";
import { isJsonObject } from "@/lib/metadata/json";
import { saveMetadataInputSchema } from "@/lib/metadata/save-input";
import { saveMetadata, type SaveResult } from "@/lib/users/save-metadata";

/**
 * Saves a metadata edit: `{ userId, baseUpdatedAt, patch }`. Every failure comes back as a
 * value; the browser never sees the secret key, only the User that Clerk returned. Every
 * attempt, refused ones included, appends exactly one audit entry. The session and role are
 * checked here, inside the action, because an action is a public POST endpoint.
 */
export async function saveUserMetadata(input: unknown): Promise<SaveResult> {
  const parsed = saveMetadataInputSchema.safeParse(input);
  // With a cookie this server signed, the conflict-check read starts while the session is
  // checked; nothing is written unless the check passes.
  const read = parsed.success && (await mayReadAhead()) ? getUser(parsed.data.userId) : undefined;
  const access = await requireActionAccess("metadata:write");
  const actor: AuditActor | null = access.staff
    ? { id: access.staff.id, email: access.staff.email }
    : null;
  if (access.message !== undefined) {
    await recordRefusal(refusalOf(input, access.message, actor));
    return { ok: false, error: { kind: "forbidden", message: access.message } };
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `${issue?.path.join(".") || "input"} ${issue?.message ?? "is invalid"}`;
    await recordRefusal(refusalOf(input, message, actor));
    return { ok: false, error: { kind: "invalid", message } };
  }
  return saveMetadata(parsed.data, { actor, record: recordAttempt, read });
}

/** What can be read of a refused request, for its audit entry. */
function refusalOf(input: unknown, message: string, actor: AuditActor | null) {
  const raw = isJsonObject(input) ? input : {};
  const patch = isJsonObject(raw.patch) ? raw.patch : {};
  return {
    actor,
    targetUserId: typeof raw.userId === "string" ? raw.userId.slice(0, 200) : "(none)",
    bags: BAG_NAMES.filter((bag) => Object.hasOwn(patch, bag)),
    message,
  };
}

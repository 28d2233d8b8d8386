"use server";

import { recordAttempt } from "@/lib/audit/record-attempt";
import { BAG_NAMES } from "@/lib/metadata/bags";
import { isJsonObject } from "@/lib/metadata/json";
import { saveMetadataInputSchema } from "@/lib/metadata/save-input";
import { saveMetadata, type SaveResult } from "@/lib/users/save-metadata";

/**
 * Saves a metadata edit: `{ userId, baseUpdatedAt, patch }`. Every failure comes back as a
 * value; the browser never sees the secret key, only the User that Clerk returned. Every
 * attempt, refused ones included, appends exactly one audit entry.
 */
export async function saveUserMetadata(input: unknown): Promise<SaveResult> {
  const parsed = saveMetadataInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = `${issue?.path.join(".") || "input"} ${issue?.message ?? "is invalid"}`;
    await recordRefusal(input, message);
    return { ok: false, error: { kind: "invalid", message } };
  }
  // Sign-in lands with the staff issue; until then attempts are recorded without an actor.
  return saveMetadata(parsed.data, { actor: null, record: recordAttempt });
}

/** A refused request is an attempt too: record what can be read of it. */
async function recordRefusal(input: unknown, message: string) {
  const raw = isJsonObject(input) ? input : {};
  const patch = isJsonObject(raw.patch) ? raw.patch : {};
  await recordAttempt({
    occurredAt: Date.now(),
    actor: null,
    targetUserId: typeof raw.userId === "string" ? raw.userId.slice(0, 200) : "(none)",
    bags: BAG_NAMES.filter((bag) => Object.hasOwn(patch, bag)),
    before: null,
    patch: {},
    after: null,
    outcome: "refused",
    message,
  });
}

"use server";

import { saveMetadataInputSchema } from "@/lib/metadata/save-input";
import { saveMetadata, type SaveResult } from "@/lib/users/save-metadata";

/**
 * Saves a metadata edit: `{ userId, baseUpdatedAt, patch }`. Every failure comes back as a
 * value; the browser never sees the secret key, only the User that Clerk returned.
 */
export async function saveUserMetadata(input: unknown): Promise<SaveResult> {
  const parsed = saveMetadataInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "input";
    return {
      ok: false,
      error: { kind: "invalid", message: `${where} ${issue?.message ?? "is invalid"}` },
    };
  }
  return saveMetadata(parsed.data);
}

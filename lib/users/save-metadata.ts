import "server-only";
import type { ClerkFailure } from "@/lib/clerk/clerk-failure";
import type { UserDto } from "@/lib/clerk/user-dto";
import { getUser, updateUserMetadata } from "@/lib/clerk/users";
import { BAG_NAMES, type BagName } from "@/lib/metadata/bags";
import { jsonByteSize } from "@/lib/metadata/json";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import type { SaveMetadataInput } from "@/lib/metadata/save-input";
import { METADATA_LIMIT_BYTES } from "@/lib/metadata/sizes";
import { userBags } from "./user-bags";

export type SaveFailure =
  | { kind: "invalid"; message: string }
  | { kind: "not_found"; message: string }
  | { kind: "conflict"; message: string; current: UserDto }
  | { kind: "too_large"; message: string; bag: BagName; bytes: number }
  | ClerkFailure;

export type SaveResult = { ok: true; user: UserDto } | { ok: false; error: SaveFailure };

/**
 * The checked save: re-read the user, refuse if it changed since the editor opened it or if a
 * merged bag would exceed Clerk's limit, otherwise send the patch once and return Clerk's User.
 */
export async function saveMetadata(input: SaveMetadataInput): Promise<SaveResult> {
  const read = await getUser(input.userId);
  if (!read.ok) return { ok: false, error: read.failure };
  const current = read.value;
  if (!current)
    return { ok: false, error: { kind: "not_found", message: `No user ${input.userId} exists.` } };
  if (current.updatedAt !== input.baseUpdatedAt) {
    return {
      ok: false,
      error: {
        kind: "conflict",
        message: "This user changed since you opened it. Nothing was saved.",
        current,
      },
    };
  }
  const bags = userBags(current);
  for (const bag of BAG_NAMES) {
    const patch = input.patch[bag];
    if (!patch) continue;
    const bytes = jsonByteSize(mergeMetadata(bags[bag], patch));
    if (bytes > METADATA_LIMIT_BYTES) {
      return {
        ok: false,
        error: {
          kind: "too_large",
          bag,
          bytes,
          message: `${bag} would be ${bytes} bytes after this change; Clerk allows ${METADATA_LIMIT_BYTES}.`,
        },
      };
    }
  }
  const written = await updateUserMetadata(input.userId, input.patch);
  return written.ok ? { ok: true, user: written.value } : { ok: false, error: written.failure };
}

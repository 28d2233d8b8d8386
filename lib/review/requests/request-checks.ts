import { flagCatalogue } from "@/lib/flags/catalogue";
import { validateFlagPatch } from "@/lib/flags/validate-patch";
import { BAG_NAMES, type BagPatch, type Bags } from "@/lib/metadata/bags";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import { bagSize, METADATA_LIMIT_BYTES } from "@/lib/metadata/sizes";
import { fail, ok, type Result } from "@/lib/result/result";
import { requireReason } from "@/lib/review/rules/reason";

/**
 * The checks every request passes, when it is made and again when its author rebases it: a
 * reason where the policy wants one, catalogued flags given values of their type, and every bag
 * within Clerk's size limit once the patch is applied. Answers the reason to keep.
 */
export function checkRequestable(
  bags: Bags,
  patch: BagPatch,
  reason: string | null,
  reasonRequired: boolean,
): Result<string | null, { kind: "invalid"; message: string }> {
  const given = requireReason(reason, reasonRequired);
  if (!given.ok) return fail({ kind: "invalid", message: given.error.message });
  const violations = validateFlagPatch(flagCatalogue(), patch);
  if (violations.length > 0)
    return fail({
      kind: "invalid",
      message: `Not requested: ${violations.map((v) => v.message).join("; ")}.`,
    });
  for (const bag of BAG_NAMES) {
    const bagPatch = patch[bag];
    if (!bagPatch) continue;
    const size = bagSize(bag, mergeMetadata(bags[bag], bagPatch));
    if (size.overLimit)
      return fail({
        kind: "invalid",
        message: `Not requested: ${bag} would be ${size.bytes} bytes after this change; Clerk allows ${METADATA_LIMIT_BYTES}.`,
      });
  }
  return ok(given.value);
}

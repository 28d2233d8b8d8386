import { z } from "zod";
import { USER_ID_PATTERN } from "@/lib/clerk/user-id";
import type { FlagCatalogue } from "@/lib/flags/catalogue-schema";
import { checkFlagChange } from "@/lib/flags/flag-change";
import { flagPatch } from "@/lib/flags/flag-values";
import { reasonSchema } from "@/lib/review/rules/reason";
import { baseBagsSchema, type SaveMetadataInput } from "./save-input";

/** What the per-user flag switch sends: one catalogued flag, a value or `null` for the default. */
const setFlagInputSchema = z.object({
  userId: z.string().regex(USER_ID_PATTERN, "is not a Clerk user id"),
  baseUpdatedAt: z.number().int().nonnegative(),
  /** The bags as the switch saw them; then only a change of this flag's own key conflicts. */
  base: baseBagsSchema.optional(),
  key: z.string().min(1),
  value: z.union([z.boolean(), z.string(), z.null()]),
  reason: reasonSchema.optional(),
});

/**
 * The flag switch's input, checked against the catalogue and turned into the save it stands
 * for: a merge patch that touches only that flag's key.
 */
export function flagSaveSchema(catalogue: FlagCatalogue) {
  return setFlagInputSchema.transform((input, ctx): SaveMetadataInput => {
    const change = checkFlagChange(catalogue, input.key, input.value);
    if (!change.ok) {
      ctx.addIssue({ code: "custom", message: change.error.message });
      return z.NEVER;
    }
    const patch = flagPatch(change.value.flag, change.value.value);
    return {
      userId: input.userId,
      baseUpdatedAt: input.baseUpdatedAt,
      base: input.base,
      scope: "keys",
      patch,
      reason: input.reason,
    };
  });
}

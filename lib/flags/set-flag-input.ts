import { z } from "zod";
import type { SaveMetadataInput } from "@/lib/metadata/save-input";
import { USER_ID_PATTERN } from "@/lib/users/list-query";
import type { FlagCatalogue } from "./catalogue-schema";
import { flagPatch, isFlagValue } from "./flag-values";

/** What the per-user flag switch sends: one catalogued flag, a value or `null` for the default. */
export const setFlagInputSchema = z.object({
  userId: z.string().regex(USER_ID_PATTERN, "is not a Clerk user id"),
  baseUpdatedAt: z.number().int().nonnegative(),
  key: z.string().min(1),
  value: z.union([z.boolean(), z.string(), z.null()]),
});
export type SetFlagInput = z.infer<typeof setFlagInputSchema>;

/**
 * Turns a flag change into the save it stands for: a merge patch that touches only that flag's
 * key. Refuses keys outside the catalogue and values the flag does not take.
 */
export function flagSave(
  catalogue: FlagCatalogue,
  input: SetFlagInput,
): { ok: true; save: SaveMetadataInput } | { ok: false; message: string } {
  const flag = catalogue.flags.find((f) => f.key === input.key);
  if (!flag) return { ok: false, message: `"${input.key}" is not a catalogued flag.` };
  if (input.value !== null && !isFlagValue(flag, input.value)) {
    const expected = flag.type === "boolean" ? "true or false" : `one of ${flag.values.join(", ")}`;
    return {
      ok: false,
      message: `${flag.key} takes ${expected}, not ${JSON.stringify(input.value)}.`,
    };
  }
  return {
    ok: true,
    save: {
      userId: input.userId,
      baseUpdatedAt: input.baseUpdatedAt,
      patch: flagPatch(flag, input.value),
    },
  };
}

import { z } from "zod";
import { USER_ID_PATTERN } from "@/lib/clerk/user-id";
import { isJsonObject, jsonByteSize, type JsonObject } from "@/lib/metadata/json";
import type { ConflictScope } from "@/lib/metadata/conflict";
import { METADATA_LIMIT_BYTES } from "@/lib/metadata/sizes";
import { reasonSchema } from "@/lib/review/rules/reason";

const bagPatch = z
  .custom<JsonObject>(isJsonObject, { message: "must be a JSON object" })
  .refine((value) => jsonByteSize(value) <= METADATA_LIMIT_BYTES, {
    message: `must be at most ${METADATA_LIMIT_BYTES} bytes of JSON`,
  });

/** The bags as the author saw them when the edit began (a bag is a JSON object, like a patch). */
export const baseBagsSchema = z
  .object({
    public_metadata: bagPatch.optional(),
    private_metadata: bagPatch.optional(),
    unsafe_metadata: bagPatch.optional(),
  })
  .strict();

/**
 * What the save action accepts from the browser: `{ userId, baseUpdatedAt, patch, base?,
 * reason? }` (the reason is kept on the audit entry).
 * With `base` (the documents of the bags the patch touches, as the editor opened them), a newer
 * `updated_at` is a conflict only if one of those bags changed; without it, always.
 */
export const saveMetadataInputSchema = z.object({
  userId: z.string().regex(USER_ID_PATTERN, "is not a Clerk user id"),
  baseUpdatedAt: z.number().int().nonnegative(),
  base: baseBagsSchema.optional(),
  reason: reasonSchema.optional(),
  patch: z
    .object({
      public_metadata: bagPatch.optional(),
      private_metadata: bagPatch.optional(),
      unsafe_metadata: bagPatch.optional(),
    })
    .strict()
    .refine((p) => Object.values(p).some((bag) => bag !== undefined), {
      message: "changes no bag",
    }),
});

/**
 * A save as the checked save runs it: the browser's input (whose unknown keys zod drops), or a
 * flag switch turned into one, which compares only its own key (`scope: "keys"`).
 */
export type SaveMetadataInput = z.infer<typeof saveMetadataInputSchema> & {
  scope?: ConflictScope;
};

import { z } from "zod";
import { USER_ID_PATTERN } from "@/lib/clerk/user-id";
import { isJsonObject, jsonByteSize, type JsonObject } from "@/lib/metadata/json";
import { METADATA_LIMIT_BYTES } from "@/lib/metadata/sizes";

const bagPatch = z
  .custom<JsonObject>(isJsonObject, { message: "must be a JSON object" })
  .refine((value) => jsonByteSize(value) <= METADATA_LIMIT_BYTES, {
    message: `must be at most ${METADATA_LIMIT_BYTES} bytes of JSON`,
  });

/** What the save action accepts from the browser: `{ userId, baseUpdatedAt, patch }`. */
export const saveMetadataInputSchema = z.object({
  userId: z.string().regex(USER_ID_PATTERN, "is not a Clerk user id"),
  baseUpdatedAt: z.number().int().nonnegative(),
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

export type SaveMetadataInput = z.infer<typeof saveMetadataInputSchema>;

import { z } from "zod";
import { reasonSchema } from "@/lib/review/rules/reason";
import { jsonByteSize } from "@/lib/metadata/json";
import { MAX_FILTER_LENGTH } from "@/lib/user-filter/parse-filter";

/**
 * A pasted list, as JSON in the action's request body, must fit the body limit a server action
 * has (next.config.mjs: serverActions.bodySizeLimit, 1 MB): 900 KB leaves room for the rest of
 * the request, and holds the 10,000 entries a list may have.
 */
export const MAX_TARGET_LIST_BYTES = 900_000;
export const TARGET_LIST_TOO_LONG = `The list is too long for one change: at most ${MAX_TARGET_LIST_BYTES / 1000} KB (about 10,000 entries). Split it.`;

/** The same check in the form and on the server. */
export const fitsTargetList = (text: string) => jsonByteSize(text) <= MAX_TARGET_LIST_BYTES;

const bulkTargetSchema = z.discriminatedUnion("kind", [
  /** Everyone a /users search finds, all pages (an empty query is every user). */
  z.object({ kind: z.literal("query"), query: z.string().trim().max(200) }),
  /** A pasted or uploaded list of user ids and email addresses. */
  z.object({
    kind: z.literal("list"),
    text: z.string().refine(fitsTargetList, TARGET_LIST_TOO_LONG),
  }),
  /** Everyone a `/users` filter selects in the user index. */
  z.object({
    kind: z.literal("where"),
    where: z.string().trim().min(1).max(MAX_FILTER_LENGTH),
  }),
]);
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

export const bulkChangeInputSchema = z.object({
  target: bulkTargetSchema,
  flagKey: z.string().min(1),
  /** The new value, or null for "use default" (the key is removed). */
  value: z.union([z.boolean(), z.string(), z.null()]),
  reason: reasonSchema.optional(),
});
export type BulkChangeInput = z.infer<typeof bulkChangeInputSchema>;

export const jobIdSchema = z.string().regex(/^bulk_[a-z0-9]+$/, "is not a bulk job id");

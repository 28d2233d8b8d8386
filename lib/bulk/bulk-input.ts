import { z } from "zod";

export const bulkTargetSchema = z.discriminatedUnion("kind", [
  /** Everyone a /users search finds, all pages (an empty query is every user). */
  z.object({ kind: z.literal("query"), query: z.string().trim().max(200) }),
  /** A pasted or uploaded list of user ids and email addresses. */
  z.object({ kind: z.literal("list"), text: z.string().max(2_000_000) }),
]);
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

export const bulkChangeInputSchema = z.object({
  target: bulkTargetSchema,
  flagKey: z.string().min(1),
  /** The new value, or null for "use default" (the key is removed). */
  value: z.union([z.boolean(), z.string(), z.null()]),
});
export type BulkChangeInput = z.infer<typeof bulkChangeInputSchema>;

export const jobIdSchema = z.string().regex(/^bulk_[a-z0-9]+$/, "is not a bulk job id");

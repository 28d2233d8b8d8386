import { z } from "zod";
import { fitsTargetList, TARGET_LIST_TOO_LONG, type BulkChangeInput } from "@/lib/bulk/bulk-input";
import type { FlagDefinition } from "@/lib/flags/catalogue-schema";
import { parseFilter } from "@/lib/user-filter/parse-filter";

export const USE_DEFAULT = "__default__";

/** The bulk change form as the person fills it in; `toBulkChange` makes the action's input. */
export const bulkFormSchema = z
  .object({
    targetKind: z.enum(["query", "list", "where"]),
    query: z.string().max(200, "Keep the search under 200 characters"),
    list: z.string().refine(fitsTargetList, TARGET_LIST_TOO_LONG),
    where: z.string(),
    flagKey: z.string().min(1, "Choose a flag"),
    value: z.string().min(1, "Choose a value"),
  })
  .refine((form) => form.targetKind !== "list" || form.list.trim().length > 0, {
    path: ["list"],
    message: "Paste or upload at least one user id or email address",
  })
  .superRefine((form, ctx) => {
    if (form.targetKind !== "where") return;
    if (form.where.trim() === "")
      return ctx.addIssue({ code: "custom", path: ["where"], message: "Write a filter" });
    const parsed = parseFilter(form.where);
    if (!parsed.ok)
      ctx.addIssue({
        code: "custom",
        path: ["where"],
        message: `At character ${parsed.error.position + 1}: ${parsed.error.message}`,
      });
  });
export type BulkForm = z.infer<typeof bulkFormSchema>;

export function toBulkChange(form: BulkForm, flags: FlagDefinition[]): BulkChangeInput {
  const flag = flags.find((f) => f.key === form.flagKey);
  const value =
    form.value === USE_DEFAULT
      ? null
      : flag?.type === "boolean"
        ? form.value === "true"
        : form.value;
  return {
    target:
      form.targetKind === "query"
        ? { kind: "query", query: form.query.trim() }
        : form.targetKind === "where"
          ? { kind: "where", where: form.where.trim() }
          : { kind: "list", text: form.list },
    flagKey: form.flagKey,
    value,
  };
}

import { z } from "zod";
import { ROLES, rolesWith } from "@/lib/auth/roles";
import type { FlagCatalogue } from "@/lib/flags/catalogue-schema";
import { formatPathPattern, parsePathPattern, type PathPattern } from "./path-pattern";

/** The longest reason a write may carry; a ticket link and a sentence or two fit easily. */
export const MAX_REASON_LENGTH = 500;

const pattern = z.string().transform((raw, ctx): PathPattern => {
  // Positions in the message count from the pattern as read: trimmed.
  const text = raw.trim();
  const parsed = parsePathPattern(text);
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: `"${text}" ${parsed.error}` });
  return z.NEVER;
});

const rule = z.object({
  /** What the review panel calls the rule; the paths when left out. */
  name: z.string().trim().min(1).max(80).optional(),
  paths: z.array(pattern).min(1, "must name at least one path"),
  approvers: z
    .array(z.enum(ROLES, { error: `must be roles: ${ROLES.join(", ")}` }))
    .min(1, "must name at least one role")
    // Without roles of its own, a rule is approved by whoever holds `changes:approve`.
    .default(() => rolesWith("changes:approve")),
  approvals: z
    .number()
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(5, "must be at most 5")
    .default(1),
  note: z.string().trim().min(1).max(500).optional(),
});

const reviewPolicySchema = z
  .object({
    rules: z.array(rule).default([]),
    reasonRequired: z.boolean().default(false),
    expireAfterDays: z
      .number()
      .positive("must be more than 0")
      .max(365, "must be at most 365")
      .default(7),
  })
  .default({ rules: [], reasonRequired: false, expireAfterDays: 7 });

export type ReviewPolicyInput = z.input<typeof reviewPolicySchema>;

/** A rule as the flow uses it: named, its paths read, the defaults filled in. */
export interface ReviewRule {
  name: string;
  paths: PathPattern[];
  approvers: (typeof ROLES)[number][];
  approvals: number;
  note: string | null;
}

export interface ReviewPolicy {
  rules: ReviewRule[];
  reasonRequired: boolean;
  expireAfterDays: number;
}

/**
 * The policy from the configuration's `review` section, with one more rule per catalogued flag
 * marked `review: true` (its path, admin approval). Each problem names the rule and the field.
 */
export function parseReviewPolicy(
  raw: unknown,
  catalogue: FlagCatalogue,
): { ok: true; policy: ReviewPolicy } | { ok: false; problems: string[] } {
  const parsed = reviewPolicySchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const [first, index, ...rest] = issue.path;
        if (first === "rules" && typeof index === "number") {
          const name = (raw as { rules?: { name?: unknown }[] } | null)?.rules?.[index]?.name;
          const label = typeof name === "string" ? ` ("${name}")` : "";
          const field = rest.filter((part) => typeof part === "string").join(".");
          return `review.rules[${index}]${label}: ${field ? `${field} ` : ""}${issue.message}`;
        }
        return `review.${issue.path.join(".") || "review"}: ${issue.message}`;
      }),
    };
  const rules: ReviewRule[] = parsed.data.rules.map((r) => ({
    name: r.name ?? r.paths.map(formatPathPattern).join(", "),
    paths: r.paths,
    approvers: r.approvers,
    approvals: r.approvals,
    note: r.note ?? null,
  }));
  for (const flag of catalogue.flags)
    if (flag.review)
      rules.push({
        name: `Flag ${flag.key}`,
        paths: [
          {
            bag: flag.location,
            segments: [
              { kind: "key", key: "features" },
              { kind: "key", key: flag.key },
            ],
          },
        ],
        approvers: rolesWith("changes:approve"),
        approvals: 1,
        note: null,
      });
  return {
    ok: true,
    policy: {
      rules,
      reasonRequired: parsed.data.reasonRequired,
      expireAfterDays: parsed.data.expireAfterDays,
    },
  };
}

/** The policy, or an error whose message lists every problem, for start-up to stop on. */
export function reviewPolicyOrThrow(raw: unknown, catalogue: FlagCatalogue): ReviewPolicy {
  const parsed = parseReviewPolicy(raw, catalogue);
  if (parsed.ok) return parsed.policy;
  throw new Error(
    `metadeck.config.ts has a malformed review policy:\n${parsed.problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

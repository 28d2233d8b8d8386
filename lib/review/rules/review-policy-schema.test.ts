import { describe, expect, it } from "vitest";
import { catalogueOrThrow } from "@/lib/flags/catalogue-schema";
import config from "@/metadeck.config";
import { formatPathPattern } from "./path-pattern";
import { parseReviewPolicy, reviewPolicyOrThrow } from "./review-policy-schema";

const catalogue = catalogueOrThrow({
  version: 1,
  flags: [
    { key: "beta", description: "B.", owner: "a", type: "boolean", default: false },
    {
      key: "tier",
      description: "T.",
      owner: "a",
      type: "enum",
      values: ["x", "y"],
      default: "x",
      location: "private_metadata",
      review: true,
    },
  ],
});

function problems(raw: unknown): string[] {
  const parsed = parseReviewPolicy(raw, catalogue);
  return parsed.ok ? [] : parsed.problems;
}

describe("the review policy in metadeck.config.ts", () => {
  it("fills in the defaults: admin approval, one approval, 7 days, no reason required", () => {
    const parsed = parseReviewPolicy({ rules: [{ paths: ["public_metadata.role"] }] }, catalogue);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.policy.reasonRequired).toBe(false);
    expect(parsed.policy.expireAfterDays).toBe(7);
    const [role, tier] = parsed.policy.rules;
    expect(role).toMatchObject({
      name: "public_metadata.role",
      approvers: ["admin"],
      approvals: 1,
      note: null,
    });
    // A flag marked `review: true` is a rule of its own, on its path, for admins.
    expect(tier?.name).toBe("Flag tier");
    expect(tier?.paths.map(formatPathPattern)).toEqual(["private_metadata.features.tier"]);
    expect(tier?.approvers).toEqual(["admin"]);
  });

  it("is optional: no section, no rules but the reviewed flags'", () => {
    const parsed = parseReviewPolicy(undefined, catalogue);
    expect(parsed.ok && parsed.policy.rules.map((r) => r.name)).toEqual(["Flag tier"]);
  });

  it("refuses a malformed rule, naming it and the field", () => {
    expect(
      problems({ rules: [{ name: "Billing", paths: ["private_metadata.billing."] }] }),
    ).toEqual([
      'review.rules[0] ("Billing"): paths "private_metadata.billing." expected a key, * or ** after "." at position 25; quote odd keys as ["…"]',
    ]);
    expect(problems({ rules: [{ paths: [] }] })).toEqual([
      "review.rules[0]: paths must name at least one path",
    ]);
    expect(
      problems({ rules: [{ paths: ["public_metadata.x"], approvers: ["owner"] }] })[0],
    ).toMatch(/^review\.rules\[0\]: approvers must be roles: viewer, product, support, admin/);
    expect(problems({ rules: [{ paths: ["public_metadata.x"], approvals: 0 }] })).toEqual([
      "review.rules[0]: approvals must be at least 1",
    ]);
    expect(problems({ expireAfterDays: 0 })).toEqual([
      "review.expireAfterDays: must be more than 0",
    ]);
  });

  it("reads patterns trimmed, and counts error positions from the trimmed text", () => {
    expect(problems({ rules: [{ paths: ["  public_metadata.a..b"] }] })).toEqual([
      'review.rules[0]: paths "public_metadata.a..b" expected a key, * or ** after "." at position 18; quote odd keys as ["…"]',
    ]);
  });

  it("stops start-up with every problem listed", () => {
    expect(() =>
      reviewPolicyOrThrow(
        { rules: [{ paths: ["public_metadata.ok"] }, { name: "Bad", paths: ["role"] }] },
        catalogue,
      ),
    ).toThrow(
      /^metadeck\.config\.ts has a malformed review policy:\n {2}- review\.rules\[1\] \("Bad"\): paths "role" must start with/,
    );
  });

  it("the shipped demo config protects roles and billing and reviews support_tier", () => {
    const parsed = parseReviewPolicy(config.review, catalogueOrThrow(config));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(
      parsed.policy.rules.map((r) => [r.name, r.paths.map(formatPathPattern), r.approvers]),
    ).toEqual([
      ["Roles", ["public_metadata.role"], ["admin"]],
      ["Billing", ["private_metadata.billing.**"], ["admin"]],
      ["Flag support_tier", ["private_metadata.features.support_tier"], ["admin"]],
    ]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bagPatches } from "@/lib/metadata/bag-patches";
import { mergeMetadata } from "@/lib/metadata/merge-patch";
import type { Bags } from "@/lib/metadata/bags";
import { flagCatalogue } from "@/lib/flags/catalogue";
import { jsonDocument, mergePatch } from "@/tests/support/json-arbitraries";
import { parseReviewPolicy } from "./review-policy-schema";
import { rulesTouched } from "./rules-touched";
import { withoutProtected } from "./without-protected";

function rules(paths: string[]) {
  const parsed = parseReviewPolicy({ rules: [{ paths }] }, flagCatalogue());
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.policy.rules;
}

const bags = (doc: Bags["public_metadata"]): Bags => ({
  public_metadata: doc,
  private_metadata: {},
  unsafe_metadata: {},
});

describe("removing the protected part of an edit", () => {
  it("keeps the unprotected keys and puts the protected one back", () => {
    const opened = bags({ role: "member", plan: "free" });
    const result = withoutProtected(rules(["public_metadata.role"]), opened, {
      public_metadata: { role: "admin", plan: "pro" },
    });
    expect(result.patch).toEqual({ public_metadata: { plan: "pro" } });
  });

  it("puts back a deleted protected key, and a parent replaced whole", () => {
    const opened = bags({ settings: { role: "member", theme: "dark" }, plan: "free" });
    const protect = rules(["public_metadata.settings.role"]);
    expect(
      withoutProtected(protect, opened, { public_metadata: { settings: "gone", plan: "pro" } })
        .patch,
    ).toEqual({ public_metadata: { plan: "pro" } });
    expect(
      withoutProtected(protect, opened, {
        public_metadata: { settings: { theme: "light" }, plan: "free" },
      }).patch,
    ).toEqual({ public_metadata: { settings: { theme: "light" } } });
  });

  it("law: what is left touches no rule; an edit no rule covers is left as it is", () => {
    const patterns = fc.subarray(
      [
        "public_metadata.a",
        "public_metadata.*.b",
        "public_metadata.plan.**",
        "public_metadata.features.c",
      ],
      { minLength: 1 },
    );
    fc.assert(
      fc.property(jsonDocument, mergePatch, patterns, (doc, patch, paths) => {
        const protect = rules(paths);
        const opened = bags(doc);
        const edited = { public_metadata: mergeMetadata(doc, patch) };
        const result = withoutProtected(protect, opened, edited);
        expect(rulesTouched(protect, opened, result.patch)).toEqual([]);
        if (rulesTouched(protect, opened, bagPatches(opened, edited)).length === 0)
          expect(result.patch).toEqual(bagPatches(opened, edited));
      }),
      { numRuns: 500 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BagPatch, Bags } from "@/lib/metadata/bags";
import { formatMetadataPath } from "@/lib/metadata/path";
import { outsideScope, requestScope } from "./request-scope";

const bags = (pub: Record<string, unknown>): Bags => ({
  public_metadata: pub as Bags["public_metadata"],
  private_metadata: { stripeCustomerId: "cus_1" },
  unsafe_metadata: {},
});
const names = (paths: Parameters<typeof formatMetadataPath>[0][]) => paths.map(formatMetadataPath);

describe("what a change request covers", () => {
  it("a flag switch covers that flag's key, not the object holding it", () => {
    const user = bags({ features: { beta: false, other: 1 } });
    const scope = requestScope(user, { public_metadata: { features: { beta: true } } });
    expect(names(scope)).toEqual(["public_metadata.features.beta"]);
    // Even where the switch makes the object that holds it.
    expect(
      names(requestScope(bags({}), { public_metadata: { features: { beta: true } } })),
    ).toEqual(["public_metadata.features.beta"]);
  });

  it("a rebase of a flag request may set that flag again, and nothing else", () => {
    const made = bags({ features: { beta: false } });
    const scope = requestScope(made, { public_metadata: { features: { beta: true } } });
    const now = bags({ features: { beta: false, other: 1 }, plan: "pro" });
    expect(outsideScope(now, { public_metadata: { features: { beta: true } } }, scope)).toEqual([]);
    for (const [patch, outside] of [
      [
        { public_metadata: { features: { beta: true, other: 2 } } },
        ["public_metadata.features.other"],
      ],
      [
        { public_metadata: { features: null } },
        // The flag itself was covered; the object and its other key were not.
        ["public_metadata.features", "public_metadata.features.other"],
      ],
      [{ public_metadata: { features: { beta: true }, plan: "free" } }, ["public_metadata.plan"]],
      [
        { private_metadata: { stripeCustomerId: "cus_evil" } },
        ["private_metadata.stripeCustomerId"],
      ],
      [
        { public_metadata: { features: "on" } },
        ["public_metadata.features", "public_metadata.features.other"],
      ],
    ] as Array<[BagPatch, string[]]>)
      expect(names(outsideScope(now, patch, scope))).toEqual(outside);
  });

  it("an edit covers what it set, replaced or deleted, and what a replaced value held", () => {
    const user = bags({ settings: { role: "member", theme: "dark" }, plan: "free" });
    const scope = requestScope(user, { public_metadata: { settings: "legacy", plan: null } });
    expect(names(scope)).toEqual([
      "public_metadata.settings",
      "public_metadata.settings.role",
      "public_metadata.settings.theme",
      "public_metadata.plan",
    ]);
    expect(
      outsideScope(user, { public_metadata: { settings: { theme: "light" } } }, scope),
    ).toEqual([]);
    expect(names(outsideScope(user, { public_metadata: { billing: 1 } }, scope))).toEqual([
      "public_metadata.billing",
    ]);
  });

  it("any patch stays within its own scope on the same user", () => {
    const value = fc.oneof(fc.boolean(), fc.integer(), fc.constant(null), fc.string());
    const doc = fc.dictionary(
      fc.constantFrom("a", "b", "c"),
      fc.oneof(value, fc.dictionary(fc.constantFrom("x", "y"), value)),
    );
    fc.assert(
      fc.property(doc, doc, (from, patch) => {
        const user = bags(from);
        const p = { public_metadata: patch } as BagPatch;
        expect(outsideScope(user, p, requestScope(user, p))).toEqual([]);
      }),
    );
  });
});

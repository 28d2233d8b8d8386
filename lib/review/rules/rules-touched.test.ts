import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bags, BagPatch } from "@/lib/metadata/bags";
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from "@/lib/metadata/json";
import { jsonEqual, mergeMetadata } from "@/lib/metadata/merge-patch";
import { jsonDocument, mergePatch } from "@/tests/support/json-arbitraries";
import { changedPaths } from "./changed-paths";
import { parsePathPattern } from "./path-pattern";
import type { ReviewRule } from "./review-policy-schema";
import { rulesTouched } from "./rules-touched";

const bags = (pub: JsonObject, priv: JsonObject = {}): Bags => ({
  public_metadata: pub,
  private_metadata: priv,
  unsafe_metadata: {},
});

function rule(name: string, ...paths: string[]): ReviewRule {
  return {
    name,
    paths: paths.map((text) => {
      const parsed = parsePathPattern(text);
      if (!parsed.ok) throw new Error(parsed.error);
      return parsed.value;
    }),
    approvers: ["admin"],
    approvals: 1,
    note: null,
  };
}

const role = rule("Role", "public_metadata.role");
const billing = rule("Billing", "private_metadata.billing.**");
const anyAdmin = rule("Team admins", "public_metadata.teams.*.admin");
const rules = [role, billing, anyAdmin];

const touched = (before: Bags, patch: BagPatch) =>
  rulesTouched(rules, before, patch).map((t) => t.rule.name);

describe("which review rules a change falls under", () => {
  it("a change of a protected key, and only of it", () => {
    const before = bags({ role: "member", plan: "free" });
    expect(touched(before, { public_metadata: { role: "admin" } })).toEqual(["Role"]);
    expect(touched(before, { public_metadata: { plan: "pro" } })).toEqual([]);
    // Writing the value it already has changes nothing.
    expect(touched(before, { public_metadata: { role: "member" } })).toEqual([]);
  });

  it("adding a protected key that was not there", () => {
    expect(touched(bags({}), { public_metadata: { role: "admin" } })).toEqual(["Role"]);
  });

  it("deleting a protected key with null, but not deleting a key that is not there", () => {
    expect(touched(bags({ role: "admin" }), { public_metadata: { role: null } })).toEqual(["Role"]);
    expect(touched(bags({ plan: "free" }), { public_metadata: { role: null } })).toEqual([]);
  });

  it("replacing or deleting a parent object that holds a protected key", () => {
    const before = bags({ teams: { data: { admin: true, size: 3 } } });
    expect(touched(before, { public_metadata: { teams: "none" } })).toEqual(["Team admins"]);
    expect(touched(before, { public_metadata: { teams: null } })).toEqual(["Team admins"]);
    expect(touched(before, { public_metadata: { teams: { data: null } } })).toEqual([
      "Team admins",
    ]);
    // Inside the parent, a sibling of the protected key is free to change.
    expect(touched(before, { public_metadata: { teams: { data: { size: 4 } } } })).toEqual([]);
    // A parent that becomes an object holding a protected key.
    expect(
      touched(bags({ teams: 1 }), { public_metadata: { teams: { x: { admin: 1 } } } }),
    ).toEqual(["Team admins"]);
  });

  it("`**` covers the object itself and anything in it, at any depth", () => {
    const before = bags({}, { billing: { plan: "pro", card: { last4: "4242" } } });
    expect(touched(before, { private_metadata: { billing: { card: { last4: "0005" } } } })).toEqual(
      ["Billing"],
    );
    expect(touched(before, { private_metadata: { billing: null } })).toEqual(["Billing"]);
    expect(touched(before, { private_metadata: { billing_note: "x" } })).toEqual([]);
    // The same key in another bag is another path.
    expect(touched(before, { public_metadata: { billing: { plan: "free" } } })).toEqual([]);
  });

  it("names the paths that put a change under each rule", () => {
    const found = rulesTouched(rules, bags({ role: "a" }, { billing: { plan: "pro" } }), {
      public_metadata: { role: "b" },
      private_metadata: { billing: { plan: "team" } },
    });
    expect(found.map((t) => [t.rule.name, t.paths.map((p) => p.keys.join("."))])).toEqual([
      ["Role", ["role"]],
      ["Billing", ["billing", "billing.plan"]],
    ]);
  });

  it("changed paths are exactly where the documents before and after differ", () => {
    const paths = (value: JsonValue | undefined, at: string[] = []): string[][] =>
      isJsonObject(value)
        ? Object.keys(value).flatMap((k) => [[...at, k], ...paths(ownValue(value, k), [...at, k])])
        : [];
    const at = (value: JsonValue | undefined, keys: string[]): JsonValue | undefined =>
      keys.reduce<JsonValue | undefined>(
        (v, k) => (isJsonObject(v) ? ownValue(v, k) : undefined),
        value,
      );
    fc.assert(
      fc.property(jsonDocument, mergePatch, (before, patch) => {
        const after = mergeMetadata(before, patch);
        const expected = new Set(
          [...paths(before), ...paths(after)]
            .filter((keys) => {
              const [a, b] = [at(before, keys), at(after, keys)];
              return a === undefined || b === undefined || !jsonEqual(a, b);
            })
            .map((keys) => JSON.stringify(keys)),
        );
        const found = changedPaths(bags(before), { public_metadata: patch }).map((p) =>
          JSON.stringify(p.keys),
        );
        expect(new Set(found)).toEqual(expected);
        expect(found.length).toBe(expected.size);
      }),
      { numRuns: 500 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bags } from "./bags";
import { changedOutside, isConflict, type ConflictScope } from "./conflict";
import type { JsonObject, JsonValue } from "./json";
import { applyMergePatch, createMergePatch } from "./merge-patch";

const key = fc.constantFrom("a", "b", "plan", "features", "__proto__");
const leaf: fc.Arbitrary<JsonValue> = fc.oneof(fc.string(), fc.integer(), fc.boolean());
const { doc } = fc.letrec<{ doc: JsonObject; value: JsonValue }>((tie) => ({
  doc: fc.dictionary(key, tie("value"), { maxKeys: 3 }) as fc.Arbitrary<JsonObject>,
  value: fc.oneof({ depthSize: "small" }, leaf, tie("doc")),
}));
const bags = (pub: JsonObject): Bags => ({
  public_metadata: pub,
  private_metadata: {},
  unsafe_metadata: {},
});
const scope = fc.constantFrom<ConflictScope>("bags", "keys");

describe("the conflict check", () => {
  it("never conflicts while updated_at has not moved", () => {
    fc.assert(
      fc.property(doc, doc, doc, scope, (seen, now, edit, s) => {
        const patch = { public_metadata: createMergePatch(seen, edit) };
        expect(
          isConflict(
            { updatedAt: 5, bags: bags(now) },
            { updatedAt: 5, bags: bags(seen), scope: s },
            patch,
          ),
        ).toBe(false);
      }),
    );
  });

  it("always conflicts on a newer version when the author's view is unknown", () => {
    fc.assert(
      fc.property(doc, doc, (now, edit) => {
        const patch = { public_metadata: { ...createMergePatch(now, edit), touched: 1 } };
        expect(
          isConflict({ updatedAt: 6, bags: bags(now) }, { updatedAt: 5, scope: "bags" }, patch),
        ).toBe(true);
      }),
    );
  });

  // A name or username change moves updated_at and nothing else.
  it("does not conflict on a newer version whose bags are the ones the author saw", () => {
    fc.assert(
      fc.property(doc, doc, scope, (seen, edit, s) => {
        const patch = { public_metadata: createMergePatch(seen, edit) };
        expect(
          isConflict(
            { updatedAt: 6, bags: bags(seen) },
            { updatedAt: 5, bags: bags(seen), scope: s },
            patch,
          ),
        ).toBe(false);
      }),
    );
  });

  it("a JSON edit conflicts when anything in a bag it touches changed", () => {
    fc.assert(
      fc.property(doc, doc, (seen, other) => {
        fc.pre(JSON.stringify(applyMergePatch(seen, { other })) !== JSON.stringify(seen));
        const now = applyMergePatch(seen, { other }) as JsonObject;
        const patch = { public_metadata: { plan: "pro" } };
        expect(
          isConflict(
            { updatedAt: 6, bags: bags(now) },
            { updatedAt: 5, bags: bags(seen), scope: "bags" },
            patch,
          ),
        ).toBe(true);
      }),
    );
  });

  it("a flag switch conflicts only when its own key changed", () => {
    const seen = { features: { beta: false, other: 1 }, plan: "free" };
    const patch = { public_metadata: { features: { beta: true } } };
    const check = (now: JsonObject) =>
      isConflict(
        { updatedAt: 6, bags: bags(now) },
        { updatedAt: 5, bags: bags(seen), scope: "keys" },
        patch,
      );
    expect(check({ features: { beta: false, other: 2 }, plan: "pro" })).toBe(false);
    expect(check({ features: { beta: true, other: 1 }, plan: "free" })).toBe(true);
    expect(check({ features: { other: 1 }, plan: "free" })).toBe(true);
    expect(check({ plan: "free" })).toBe(true);
    // The first flag switched on a user without a features object, while someone else switched
    // another: the object they made holds their flag, and this switch merges into it.
    expect(
      isConflict(
        { updatedAt: 6, bags: bags({ features: { other: true } }) },
        { updatedAt: 5, bags: bags({}), scope: "keys" },
        patch,
      ),
    ).toBe(false);
  });

  // A request setting `role` to an object overwrote a `role` changed meanwhile from one string
  // to another: the check looked only inside the new object, where both had nothing.
  it("a key-scoped write that puts an object where there was none conflicts when that value changed", () => {
    const patch = { public_metadata: { role: { name: "admin" } } };
    const check = (seen: JsonObject, now: JsonObject) =>
      isConflict(
        { updatedAt: 6, bags: bags(now) },
        { updatedAt: 5, bags: bags(seen), scope: "keys" },
        patch,
      );
    expect(check({ role: "viewer" }, { role: "member" })).toBe(true);
    expect(check({ role: "viewer" }, { role: "viewer", plan: "pro" })).toBe(false);
    expect(check({}, { role: "member" })).toBe(true);
    expect(check({ role: { name: "x" } }, { role: { name: "x", since: 1 } })).toBe(false);
    expect(check({ role: { name: "x" } }, { role: { name: "y" } })).toBe(true);
    // An object someone made meanwhile, with other keys: the patch merges into it.
    expect(check({}, { role: { since: 1 } })).toBe(false);
    expect(check({ role: ["a"] }, { role: ["b"] })).toBe(true);
  });

  it("a bag the author did not send is unknown to them: a conflict once updated_at moved", () => {
    const patch = { public_metadata: { a: 1 }, private_metadata: { b: 2 } };
    expect(
      isConflict(
        { updatedAt: 6, bags: bags({}) },
        { updatedAt: 5, bags: { public_metadata: {} }, scope: "bags" },
        patch,
      ),
    ).toBe(true);
  });
});

describe("changes made outside Metadeck during a save", () => {
  it("finds none when Clerk stored exactly what the patch makes of the version read", () => {
    fc.assert(
      fc.property(doc, doc, (before, edit) => {
        const patch = { public_metadata: createMergePatch(before, edit) };
        expect(changedOutside(bags(before), patch, bags(edit))).toEqual([]);
      }),
    );
  });

  it("names each key Clerk holds differently, in a bag the patch touched or not", () => {
    const before = bags({ plan: "free", billing: { seats: 1, cycle: "monthly" } });
    const after = {
      ...bags({ plan: "pro", billing: { seats: 9, cycle: "monthly" } }),
      private_metadata: { crm: 2 },
    };
    expect(changedOutside(before, { public_metadata: { plan: "pro" } }, after)).toEqual([
      "public_metadata.billing.seats",
      "private_metadata.crm",
    ]);
  });
});

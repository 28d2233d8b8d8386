import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument, mergePatch } from "@/tests/support/json-arbitraries";
import type { JsonObject } from "./json";
import { inverseMergePatch } from "./inverse-patch";
import { applyMergePatch, createMergePatch } from "./merge-patch";

const doc = jsonDocument;
const patch = mergePatch;

describe("inverseMergePatch", () => {
  it("undoes any patch: apply(apply(a, p), inverse(a, p)) is a, but for objects p created, left empty", () => {
    fc.assert(
      fc.property(doc, patch, (a, p) => {
        const after = applyMergePatch(a, p);
        const undone = applyMergePatch(after, inverseMergePatch(a, p));
        expect(withoutEmptyObjectsNotIn(undone, a)).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it("undoes a flag switch that created its object key by key: flags switched since survive", () => {
    const before = { plan: "free" };
    const p = { features: { new_dashboard: true } };
    const later = { plan: "free", features: { new_dashboard: true, beta_exports: true } };
    const inverse = inverseMergePatch(before, p);
    expect(inverse).toEqual({ features: { new_dashboard: null } });
    expect(applyMergePatch(later, inverse)).toEqual({
      plan: "free",
      features: { beta_exports: true },
    });
  });

  it("leaves keys the patch did not touch, so later changes survive", () => {
    const before = { plan: "free", features: { a: true, b: false } };
    const p = createMergePatch(before, { plan: "pro", features: { a: true, b: true } });
    const later = { ...(applyMergePatch(before, p) as JsonObject), seats: 5 };
    expect(applyMergePatch(later, inverseMergePatch(before, p))).toEqual({
      plan: "free",
      features: { a: true, b: false },
      seats: 5,
    });
  });

  it("restores deleted keys and deletes added ones", () => {
    expect(
      inverseMergePatch({ gone: [1], kept: 1 }, { gone: null, added: 2, made: { x: 1 } }),
    ).toEqual({
      gone: [1],
      added: null,
      made: { x: null },
    });
  });
});

/** `value` without the empty objects (at any depth) that `reference` has no key for. */
function withoutEmptyObjectsNotIn(value: unknown, reference: unknown): unknown {
  if (!isObject(value)) return value;
  // fromEntries: own keys even for "__proto__", which an assignment would not make.
  return Object.fromEntries(
    Object.entries(value).flatMap(([key, inner]) => {
      const there =
        isObject(reference) && Object.hasOwn(reference, key) ? reference[key] : undefined;
      const cleaned = withoutEmptyObjectsNotIn(inner, there);
      const emptied = isObject(cleaned) && Object.keys(cleaned).length === 0;
      return there === undefined && emptied ? [] : [[key, cleaned]];
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

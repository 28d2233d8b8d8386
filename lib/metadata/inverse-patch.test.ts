import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument, mergePatch } from "@/tests/support/json-arbitraries";
import type { JsonObject } from "./json";
import { inverseMergePatch } from "./inverse-patch";
import { applyMergePatch, createMergePatch } from "./merge-patch";

const doc = jsonDocument;
const patch = mergePatch;

describe("inverseMergePatch", () => {
  it("undoes any patch: apply(apply(a, p), inverse(a, p)) is a", () => {
    fc.assert(
      fc.property(doc, patch, (a, p) => {
        const after = applyMergePatch(a, p);
        expect(applyMergePatch(after, inverseMergePatch(a, p))).toEqual(a);
      }),
      { numRuns: 500 },
    );
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
    expect(inverseMergePatch({ gone: [1], kept: 1 }, { gone: null, added: { x: 1 } })).toEqual({
      gone: [1],
      added: null,
    });
  });
});

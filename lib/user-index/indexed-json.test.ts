import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument } from "@/tests/support/json-arbitraries";
import { indexedJson } from "./indexed-json";

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const items = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...items.map(depthOf));
}

describe("a document as the index keeps it", () => {
  it("leaves a document within the depth as it is, and cuts a deeper one at the depth", () => {
    fc.assert(
      fc.property(jsonDocument, fc.integer({ min: 1, max: 6 }), (value, max) => {
        const capped = indexedJson(value, max);
        expect(depthOf(capped)).toBeLessThanOrEqual(max);
        if (depthOf(value) <= max) expect(capped).toEqual(value);
      }),
    );
    let deep: unknown = "x";
    for (let level = 0; level < 1100; level++) deep = { a: deep };
    const capped = indexedJson({ keep: 1, deep } as never, 500);
    expect(depthOf(capped)).toBe(500);
    expect(capped).toMatchObject({ keep: 1 });
  });

  it("holds no NUL or lone surrogate, in keys or strings, and is otherwise the document", () => {
    expect(
      indexedJson({ "a\u0000": "x\u0000y", n: ["\ud800", { "\udc00k": 1 }], ok: "😀" }),
    ).toEqual({ "a\ufffd": "x\ufffdy", n: ["\ufffd", { "\ufffdk": 1 }], ok: "😀" });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument } from "@/tests/support/json-arbitraries";
import { cappedDepth } from "./capped-depth";

function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const items = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...items.map(depthOf));
}

describe("cappedDepth", () => {
  it("leaves a document within the depth as it is, and cuts a deeper one at the depth", () => {
    fc.assert(
      fc.property(jsonDocument, fc.integer({ min: 1, max: 6 }), (value, max) => {
        const capped = cappedDepth(value, max);
        expect(depthOf(capped)).toBeLessThanOrEqual(max);
        if (depthOf(value) <= max) expect(capped).toEqual(value);
      }),
    );
    let deep: unknown = "x";
    for (let level = 0; level < 1100; level++) deep = { a: deep };
    const capped = cappedDepth({ keep: 1, deep } as never, 500);
    expect(depthOf(capped)).toBe(500);
    expect(capped).toMatchObject({ keep: 1 });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument } from "@/tests/support/json-arbitraries";
import { plainJsonCopy, type JsonValue } from "./json";

describe("plainJsonCopy", () => {
  it("copies any document to an equal one that shares nothing with it", () => {
    fc.assert(
      fc.property(jsonDocument, (value) => {
        const copy = plainJsonCopy(value);
        expect(copy).toEqual(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        if (copy !== null && typeof copy === "object") expect(copy).not.toBe(value);
      }),
    );
  });

  it("keeps a __proto__ key as a key, and copies nesting deeper than the stack allows", () => {
    const hostile = JSON.parse(
      '{"__proto__": {"polluted": true}, "a": [1, {"b": 2}]}',
    ) as JsonValue;
    const copy = plainJsonCopy(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep: JsonValue = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    let copied = plainJsonCopy(deep);
    let levels = 0;
    while (Array.isArray(copied)) {
      copied = copied[0]!;
      levels++;
    }
    expect([levels, copied]).toEqual([100_000, 1]);
  });
});

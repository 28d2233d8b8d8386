import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Bags } from "./bags";
import type { JsonObject, JsonValue } from "./json";
import { applyMergePatch, createMergePatch, jsonEqual } from "./merge-patch";
import { nullPaths, parseMetadataDocument } from "./parse-document";
import { rebaseEdit, touchedPaths } from "./rebase";
import { bagSize } from "./sizes";

/** JSON objects without null anywhere outside arrays (a merge patch cannot store such nulls). */
const key = fc.constantFrom("a", "b", "c", "plan", "features", "x", "__proto__", "constructor");
const leaf: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.jsonValue() as fc.Arbitrary<JsonValue>, { maxLength: 3 }),
);
const { doc } = fc.letrec<{ doc: JsonObject; value: JsonValue }>((tie) => ({
  doc: fc.dictionary(key, tie("value"), { maxKeys: 4 }) as fc.Arbitrary<JsonObject>,
  value: fc.oneof({ depthSize: "small" }, leaf, tie("doc")),
}));

describe("createMergePatch", () => {
  it("applying diff(a, b) to a gives b, for any two documents without nulls", () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        expect(applyMergePatch(a, createMergePatch(a, b))).toEqual(b);
      }),
      { numRuns: 500 },
    );
  });

  it("is empty exactly when the documents are equal", () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        expect(Object.keys(createMergePatch(a, b)).length === 0).toBe(jsonEqual(a, b));
      }),
    );
  });

  it("writes null for removed keys and sends changed arrays whole", () => {
    expect(
      createMergePatch(
        { plan: "pro", tags: ["a", "b"], features: { beta: true, old: 1 }, gone: { deep: 1 } },
        { plan: "pro", tags: ["a", "c"], features: { beta: true, added: { x: 1 } } },
      ),
    ).toEqual({ tags: ["a", "c"], features: { old: null, added: { x: 1 } }, gone: null });
  });
});

describe("rebaseEdit", () => {
  const bags = (p: JsonObject, q: JsonObject = {}, r: JsonObject = {}): Bags => ({
    public_metadata: p,
    private_metadata: q,
    unsafe_metadata: r,
  });

  it("re-applies an edit whose keys were not changed meanwhile", () => {
    const opened = bags({ plan: "free", features: { a: true } }, { crm: 1 });
    const current = bags({ plan: "free", features: { a: true, b: true } }, { crm: 2 });
    const yours = bags({ plan: "pro", features: { a: true } }, { crm: 1 });
    const result = rebaseEdit(opened, current, yours);
    expect(result).toEqual({
      ok: true,
      patch: { public_metadata: { plan: "pro" } },
      documents: bags({ plan: "pro", features: { a: true, b: true } }, { crm: 2 }),
    });
  });

  it("refuses when both touched the same key, a parent or a child of it", () => {
    const opened = bags({ features: { a: true, b: false }, plan: "free" });
    expect(
      rebaseEdit(
        opened,
        bags({ features: { a: false, b: false }, plan: "free" }),
        bags({ features: { a: true, b: false }, plan: "pro" }),
      ).ok,
    ).toBe(true);
    const sameKey = rebaseEdit(
      opened,
      bags({ features: { a: false, b: false }, plan: "free" }),
      bags({ features: { a: "x", b: false }, plan: "free" }),
    );
    expect(sameKey).toEqual({
      ok: false,
      conflicts: [{ bag: "public_metadata", paths: ["features.a"] }],
    });
    const parent = rebaseEdit(
      opened,
      bags({ plan: "free" }),
      bags({ features: { a: true, b: true }, plan: "free" }),
    );
    expect(parent).toEqual({
      ok: false,
      conflicts: [{ bag: "public_metadata", paths: ["features.b"] }],
    });
  });

  it("rebasing onto an unchanged document is the edit itself", () => {
    fc.assert(
      fc.property(doc, doc, (a, b) => {
        const result = rebaseEdit(bags(a), bags(a), bags(b));
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.documents.public_metadata).toEqual(b);
      }),
    );
  });

  it("lists touched leaf paths", () => {
    expect(touchedPaths({ a: { b: 1, c: { d: null } }, e: [1], f: {} })).toEqual([
      ["a", "b"],
      ["a", "c", "d"],
      ["e"],
      ["f"],
    ]);
  });
});

describe("documents", () => {
  it("accepts objects and points at the problem otherwise", () => {
    expect(parseMetadataDocument('{ "a": 1 }')).toEqual({ ok: true, value: { a: 1 } });
    expect(parseMetadataDocument('{\n  "a": 1,\n}')).toMatchObject({
      ok: false,
      line: 3,
      column: 1,
    });
    expect(parseMetadataDocument('{\n  "a": 1,\n}')).toMatchObject({
      message: expect.stringMatching(/line 3, column 1/),
    });
    expect(parseMetadataDocument("[1, 2]")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not an array/),
    });
    expect(parseMetadataDocument("null")).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not null/),
    });
    expect(parseMetadataDocument("")).toMatchObject({ ok: false });
    expect(parseMetadataDocument('{"a": 1} // note')).toMatchObject({ ok: false });
  });

  it("finds nulls that a save would turn into deletions", () => {
    expect(nullPaths({ a: null, b: { c: null, d: [null] }, e: 1 })).toEqual(["a", "b.c"]);
  });

  it("measures bags against Clerk's limit and the session-token guidance", () => {
    expect(bagSize("public_metadata", { a: "é" })).toEqual({
      bytes: 10,
      limit: 8192,
      overLimit: false,
      overTokenGuidance: false,
    });
    expect(bagSize("public_metadata", { a: "x".repeat(1200) }).overTokenGuidance).toBe(true);
    expect(bagSize("private_metadata", { a: "x".repeat(9000) })).toMatchObject({
      overLimit: true,
      overTokenGuidance: null,
    });
  });
});

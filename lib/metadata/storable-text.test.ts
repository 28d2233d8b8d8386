import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstUnstorable, storableText } from "./storable-text";

describe("text a database can store", () => {
  it("finds NUL and lone surrogates, and nothing in well-formed text", () => {
    expect(firstUnstorable("abc")).toBe(-1);
    expect(firstUnstorable("a\u0000b")).toBe(1);
    expect(firstUnstorable("ab\ud800")).toBe(2);
    expect(firstUnstorable("\udfffx")).toBe(0);
    expect(firstUnstorable("😀 ok")).toBe(-1);
    expect(firstUnstorable("😀\ud83d")).toBe(2);
  });

  it("replaces exactly those, leaving well-formed text as it was", () => {
    expect(storableText("a\u0000b\ud800c😀\udc00")).toBe("a\ufffdb\ufffdc😀\ufffd");
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const clean = text.replace(/\u0000/g, "");
        expect(storableText(clean)).toBe(clean);
      }),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const stored = storableText(text);
        expect(firstUnstorable(stored)).toBe(-1);
        expect(stored).toHaveLength(text.length);
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFilter } from "./parse-filter";

const suggestionFor = (text: string) => {
  const parsed = parseFilter(text);
  return parsed.ok ? "parsed" : parsed.error.suggestion;
};

describe("a filter with a bare word where a string was meant", () => {
  it("is refused, with the expression corrected as the suggestion", () => {
    const parsed = parseFilter("public_metadata.plan = pro");
    expect(parsed).toEqual({
      ok: false,
      error: {
        message: 'Expected a value (a JSON string, number, true, false or null), found "pro".',
        position: 23,
        suggestion: 'public_metadata.plan = "pro"',
      },
    });
    expect(suggestionFor('email = ada and public_metadata.tier in [gold, "silver", bronze]')).toBe(
      'email = "ada" and public_metadata.tier in ["gold", "silver", "bronze"]',
    );
  });

  it("gets no suggestion when quoting would not make it a filter that runs", () => {
    // A date field takes ISO dates; "yesterday" quoted is still refused.
    expect(suggestionFor("created_at > yesterday")).toBeUndefined();
    // A keyword in the wrong place is not a value someone forgot to quote.
    expect(suggestionFor("public_metadata.plan = and")).toBeUndefined();
    // Another mistake after the bare word.
    expect(suggestionFor("public_metadata.plan = pro and (")).toBeUndefined();
    expect(suggestionFor('public_metadata.plan = "pro')).toBeUndefined();
  });

  it("suggests only expressions that parse, and quotes only the bare words", () => {
    const word = fc
      // Starting with "v": no keyword (and, or, in, true, null, …) does.
      .stringMatching(/^v[a-z0-9_]{0,11}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const text = `public_metadata.tags in [${words.join(", ")}]`;
        const suggestion = suggestionFor(text);
        expect(suggestion).toBe(
          `public_metadata.tags in [${words.map((w) => JSON.stringify(w)).join(", ")}]`,
        );
        expect(parseFilter(suggestion!).ok).toBe(true);
      }),
    );
  });
});

describe("values a database cannot compare", () => {
  const refusal = (text: string) => {
    const parsed = parseFilter(text);
    return parsed.ok ? null : parsed.error;
  };

  it("refuses NUL and half a surrogate pair in strings and keys, at the string", () => {
    for (const [text, position] of [
      ['username = "\\u0000"', 11],
      ['unsafe_metadata.x in ["ok", "\\ud800"]', 28],
      ['unsafe_metadata["\\u0000"] exists', 16],
      ['public_metadata.x contains "\\udfff"', 27],
    ] as const)
      expect(refusal(text), text).toMatchObject({
        message: expect.stringMatching(/NUL character .* surrogate pair/),
        position,
      });
    // A whole pair is a character like any other.
    expect(parseFilter('public_metadata.x = "\\ud83d\\ude00"').ok).toBe(true);
  });

  it("refuses numbers past a double and dates past a date, fractions of a millisecond too", () => {
    expect(refusal("public_metadata.x > 1e309")).toMatchObject({
      message: "The number 1e309 is too large.",
      position: 20,
    });
    for (const text of [
      "created_at > 0.5",
      "created_at in [1.5, 2]",
      "created_at > 1e20",
      "last_active_at < 9223372036854775808",
      "created_at > -8640000000000001",
    ])
      expect(refusal(text), text).toMatchObject({
        message: expect.stringMatching(/^Dates in milliseconds are whole numbers/),
      });
    expect(parseFilter("created_at > 8640000000000000").ok).toBe(true);
    expect(parseFilter("created_at > -1").ok).toBe(true);
  });

  it("reads a date only as ISO 8601 writes it, a time with its zone, and refuses days that do not exist", () => {
    const at = (text: string) => {
      const parsed = parseFilter(`created_at > "${text}"`);
      if (!parsed.ok) return null;
      return parsed.value.type === "compare" ? parsed.value.value : undefined;
    };
    expect(at("2026-01-31")).toBe(Date.UTC(2026, 0, 31));
    expect(at("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(at("2026-01-31T12:00Z")).toBe(Date.UTC(2026, 0, 31, 12));
    expect(at("2026-01-31T12:00:30.5+02:00")).toBe(Date.UTC(2026, 0, 31, 10, 0, 30, 500));
    // Each of these Date.parse reads as some other moment (June, 2 March, 1 July, the server's
    // own zone, …): a filter must never act on a day other than the one written.
    for (const text of [
      "2026-01-01junk",
      "2026-02-30",
      "2025-02-29",
      "2026-06-31",
      "2026-01-01 12:00 PM",
      "2026-01-01T12:00",
      "2026-01-01Z GMT+5",
      "2026-13-01",
      "2026-01-01T24:00Z",
      "2026-01-01T12:60Z",
      "+275760-09-13",
    ])
      expect(refusal(`created_at > "${text}"`), text).toMatchObject({
        message: expect.stringMatching(/^Dates are ISO strings/),
        position: 0,
      });
  });
});

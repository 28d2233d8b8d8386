import { describe, expect, it } from "vitest";
import type { BagName } from "@/lib/metadata/bags";
import { formatPathPattern, parsePathPattern, patternMatches } from "./path-pattern";

function pattern(text: string) {
  const parsed = parsePathPattern(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

const cases: [pattern: string, bag: BagName, keys: string[], matches: boolean][] = [
  ["public_metadata.role", "public_metadata", ["role"], true],
  ["public_metadata.role", "public_metadata", ["roles"], false],
  ["public_metadata.role", "public_metadata", ["role", "name"], false],
  ["public_metadata.role", "public_metadata", [], false],
  ["public_metadata.role", "private_metadata", ["role"], false],
  ["private_metadata.billing.**", "private_metadata", ["billing"], true],
  ["private_metadata.billing.**", "private_metadata", ["billing", "plan"], true],
  ["private_metadata.billing.**", "private_metadata", ["billing", "card", "last4"], true],
  ["private_metadata.billing.**", "private_metadata", ["billing_old"], false],
  ["private_metadata.billing.**", "private_metadata", [], false],
  ["unsafe_metadata.*", "unsafe_metadata", ["theme"], true],
  ["unsafe_metadata.*", "unsafe_metadata", ["theme", "dark"], false],
  ["unsafe_metadata.*", "unsafe_metadata", [], false],
  ["public_metadata.*.admin", "public_metadata", ["teams", "admin"], true],
  ["public_metadata.*.admin", "public_metadata", ["admin"], false],
  ["public_metadata.**.admin", "public_metadata", ["admin"], true],
  ["public_metadata.**.admin", "public_metadata", ["a", "b", "admin"], true],
  ["public_metadata.**.admin", "public_metadata", ["a", "admin", "b"], false],
  ["public_metadata.**.**", "public_metadata", [], true],
  ["public_metadata.**", "public_metadata", ["anything", "at", "all"], true],
  ['public_metadata["odd key"].x', "public_metadata", ["odd key", "x"], true],
  ['public_metadata["*"]', "public_metadata", ["*"], true],
  ['public_metadata["*"]', "public_metadata", ["other"], false],
  ['public_metadata["a.b"]', "public_metadata", ["a", "b"], false],
  ['public_metadata["a.b"]', "public_metadata", ["a.b"], true],
  ['public_metadata["__proto__"]', "public_metadata", ["__proto__"], true],
  ['public_metadata["say \\"hi\\""]', "public_metadata", ['say "hi"'], true],
  ["public_metadata.features.new-ui", "public_metadata", ["features", "new-ui"], true],
];

describe("review path patterns", () => {
  it.each(cases)("%s on %s %j → %s", (text, bag, keys, matches) => {
    expect(patternMatches(pattern(text), bag, keys)).toBe(matches);
  });

  it("read back as themselves once written out (quotes only where a key needs them)", () => {
    for (const [text] of cases)
      expect(pattern(formatPathPattern(pattern(text)))).toEqual(pattern(text));
    expect(formatPathPattern(pattern('public_metadata["plan"]["odd key"].*.**'))).toBe(
      'public_metadata.plan["odd key"].*.**',
    );
  });

  it.each([
    ["", /must start with/],
    ["metadata.role", /must start with/],
    ["public_metadata", /whole bag: write public_metadata\.\*\*/],
    ["public_metadata.", /expected a key, \* or \*\* after "\." at position 16/],
    ["public_metadata..role", /position 16/],
    ["public_metadata.role.", /position 21/],
    ["public_metadata.*x", /unexpected "x" at position 17/],
    ["public_metadata.**x", /unexpected "x" at position 18/],
    ["public_metadata[role]", /quoted key/],
    ['public_metadata["role"', /quoted key/],
    ["public_metadata role", /unexpected " " at position 15/],
    ["public_metadata.a b", /unexpected " "/],
  ])("refuses %j, saying where", (text, message) => {
    const parsed = parsePathPattern(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(message);
  });
});

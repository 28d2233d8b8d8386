import { BAG_NAMES, type BagName } from "@/lib/metadata/bags";
import { formatKeyStep, leadingIdentifier, readJsonString } from "@/lib/metadata/path";
import { fail, ok, type Result } from "@/lib/result/result";

/** One step of a pattern: a key, `*` (any one key) or `**` (any keys, none included). */
type PatternSegment = { kind: "key"; key: string } | { kind: "one" } | { kind: "any" };

/** A path pattern of a review rule, e.g. `private_metadata.billing.**`. */
export interface PathPattern {
  bag: BagName;
  segments: PatternSegment[];
}

/**
 * Reads a pattern written in the path grammar (lib/metadata/path.ts: `bag.key`, `bag["odd key"]`),
 * with `*` for any one key and `**` for any keys at any depth, none included: so
 * `private_metadata.billing.**` covers `billing` itself and everything in it. A key that is
 * literally `*` is written `["*"]`. Answers why not, with the position, when it cannot be read.
 */
export function parsePathPattern(text: string): Result<PathPattern, string> {
  const bag = BAG_NAMES.find((name) => text.startsWith(name));
  if (!bag) return fail(`must start with ${BAG_NAMES.join(", ")} (found "${text.slice(0, 20)}")`);
  const segments: PatternSegment[] = [];
  let at = bag.length;
  while (at < text.length) {
    const rest = text.slice(at);
    if (rest.startsWith(".**")) {
      segments.push({ kind: "any" });
      at += 3;
    } else if (rest.startsWith(".*")) {
      segments.push({ kind: "one" });
      at += 2;
    } else if (rest.startsWith(".")) {
      const key = leadingIdentifier(rest.slice(1));
      if (!key)
        return fail(
          `expected a key, * or ** after "." at position ${at + 1}; quote odd keys as ["…"]`,
        );
      segments.push({ kind: "key", key });
      at += 1 + key.length;
    } else if (rest.startsWith("[")) {
      const quoted = readQuotedKey(rest.slice(1));
      if (quoted === null) return fail(`expected a quoted key and "]" after "[" at position ${at}`);
      segments.push({ kind: "key", key: quoted.key });
      at += 1 + quoted.length + 1;
    } else {
      return fail(`unexpected "${rest[0]}" at position ${at}`);
    }
    // `*` and `**` are whole segments: `.**x` or `.*x` is a mistake, not a key.
    if (at < text.length && !".[".includes(text[at] ?? ""))
      return fail(`unexpected "${text[at]}" at position ${at}`);
  }
  if (segments.length === 0)
    return fail(`names a whole bag: write ${bag}.** to protect everything in it`);
  return ok({ bag, segments });
}

/** A JSON string then `]`; answers the key and the length of the string as written. */
function readQuotedKey(text: string): { key: string; length: number } | null {
  if (!text.startsWith('"')) return null;
  const read = readJsonString(text);
  if ("error" in read || text[read.length] !== "]") return null;
  return { key: read.value, length: read.length };
}

/** The pattern as it is written in the configuration, for messages and the review panel. */
export function formatPathPattern(pattern: PathPattern): string {
  return (
    pattern.bag +
    pattern.segments
      .map((segment) => {
        if (segment.kind === "one") return ".*";
        if (segment.kind === "any") return ".**";
        return formatKeyStep(segment.key);
      })
      .join("")
  );
}

/** Whether the pattern covers exactly the path `bag` + `keys`. */
export function patternMatches(pattern: PathPattern, bag: BagName, keys: string[]): boolean {
  if (pattern.bag !== bag) return false;
  const { segments } = pattern;
  // Which pattern positions can stand at each key position; `**` may take any number of keys.
  let positions = closeOverAny(segments, new Set([0]));
  for (const key of keys) {
    const next = new Set<number>();
    for (const position of positions) {
      const segment = segments[position];
      if (!segment) continue;
      if (segment.kind === "any") next.add(position);
      else if (segment.kind === "one" || segment.key === key) next.add(position + 1);
    }
    positions = closeOverAny(segments, next);
    if (positions.size === 0) return false;
  }
  return positions.has(segments.length);
}

/** Adds the positions reached by letting each `**` take no key at all. */
function closeOverAny(segments: PatternSegment[], positions: Set<number>): Set<number> {
  const closed = new Set(positions);
  for (const position of closed) if (segments[position]?.kind === "any") closed.add(position + 1);
  return closed;
}

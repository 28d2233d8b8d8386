import type { JsonValue } from "@/lib/metadata/json";

/**
 * How deep the index keeps a document: SQLite's JSON functions refuse one nested more than
 * 1,000 levels ("malformed JSON"), which a user can write into their own unsafe metadata, and
 * one such row would fail every filter and export that reads the bag (and every write, through
 * the expression indexes). Clerk's own copy is untouched; the user page reads that.
 */
const INDEXED_JSON_DEPTH = 500;

/** The value with everything nested deeper than `maxDepth` arrays or objects replaced by null. */
export function cappedDepth(value: JsonValue, maxDepth = INDEXED_JSON_DEPTH): JsonValue {
  if (value === null || typeof value !== "object") return value;
  if (maxDepth <= 0) return null;
  if (Array.isArray(value)) return value.map((item) => cappedDepth(item, maxDepth - 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, cappedDepth(item, maxDepth - 1)]),
  );
}

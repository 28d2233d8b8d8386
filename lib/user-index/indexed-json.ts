import type { JsonValue } from "@/lib/metadata/json";
import { storableText } from "@/lib/metadata/storable-text";

/**
 * How deep the index keeps a document: SQLite's JSON functions refuse one nested more than
 * 1,000 levels ("malformed JSON"), which a user can write into their own unsafe metadata, and
 * one such row would fail every filter and export that reads the bag (and every write, through
 * the expression indexes). Clerk's own copy is untouched; the user page reads that.
 */
const INDEXED_JSON_DEPTH = 500;

/**
 * A document as the index keeps it: everything nested deeper than `maxDepth` arrays or objects
 * replaced by null, and NUL or a lone surrogate in a key or string replaced by U+FFFD, which
 * PostgreSQL's jsonb refuses (one user's such value would fail every delivery and stop every
 * reconciliation at them). Filters cannot name those characters either (parse-filter.ts).
 */
export function indexedJson(value: JsonValue, maxDepth = INDEXED_JSON_DEPTH): JsonValue {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (maxDepth <= 0) return null;
  if (Array.isArray(value)) return value.map((item) => indexedJson(item, maxDepth - 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      storableText(key),
      indexedJson(item, maxDepth - 1),
    ]),
  );
}

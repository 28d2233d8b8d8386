import type { BagName } from "./bags";

/**
 * A place in a user's metadata: the bag and the keys down to it. The one shape of a metadata
 * path; filters, review rules (which add wildcards), exports, audit and conflict checks all
 * write and read it in the one grammar below.
 */
export interface MetadataPath {
  bag: BagName;
  keys: string[];
}

/**
 * The path grammar: `bag.key.key`, where a key that is not an identifier (letters, digits, `_`
 * and `-`, not starting with a digit or `-`) is written as a JSON string in brackets:
 * `public_metadata["odd key"].plan`.
 */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The identifier at the start of `text`, if any. */
export function leadingIdentifier(text: string): string | undefined {
  return /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text)?.[0];
}

/** One key as it follows a path: `.plan` or `["odd key"]`. */
export function formatKeyStep(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `public_metadata.billing.plan`, odd keys quoted. */
export function formatMetadataPath(path: MetadataPath): string {
  return path.bag + path.keys.map(formatKeyStep).join("");
}

/** The keys alone, as within one bag: `billing.plan`, `["odd key"].plan`. */
export function formatKeys(keys: readonly string[]): string {
  return keys.map(formatKeyStep).join("").replace(/^\./, "");
}

/**
 * The JSON string at the start of `text` (which starts with `"`): its value and how many
 * characters it takes, or why it cannot be read.
 */
export function readJsonString(
  text: string,
): { value: string; length: number } | { error: "not_closed" | "invalid" } {
  let end = 1;
  while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
  if (end >= text.length) return { error: "not_closed" };
  try {
    return { value: JSON.parse(text.slice(0, end + 1)) as string, length: end + 1 };
  } catch {
    return { error: "invalid" };
  }
}

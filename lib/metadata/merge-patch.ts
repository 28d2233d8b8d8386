import { isJsonObject, ownValue, setOwnValue, type JsonObject, type JsonValue } from "./json";

/**
 * RFC 7396 JSON Merge Patch, as Clerk's `PATCH /v1/users/{id}/metadata` applies it to each bag:
 * objects merge recursively, `null` deletes a key at any depth, arrays and scalars replace.
 * Inputs are never mutated and the result shares no structure with the patch.
 */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return structuredClone(patch);
  const result: JsonObject = isJsonObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
    } else {
      setOwnValue(result, key, applyMergePatch(ownValue(result, key), value));
    }
  }
  return result;
}

/** Merges a patch into a metadata bag; a bag stays an object whatever the patch holds. */
export function mergeMetadata(bag: JsonObject, patch: JsonObject): JsonObject {
  return applyMergePatch(bag, patch) as JsonObject;
}

/**
 * The RFC 7396 merge patch that turns `from` into `to`: changed keys get their new value,
 * removed keys get `null`, objects recurse, arrays and scalars are replaced whole.
 * For any `to` without null values, `applyMergePatch(from, createMergePatch(from, to))` is `to`.
 */
export function createMergePatch(from: JsonObject, to: JsonObject): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) {
    if (!Object.hasOwn(to, key)) setOwnValue(patch, key, null);
  }
  for (const [key, next] of Object.entries(to)) {
    const previous = ownValue(from, key);
    if (isJsonObject(previous) && isJsonObject(next)) {
      const nested = createMergePatch(previous, next);
      if (Object.keys(nested).length > 0) setOwnValue(patch, key, nested);
    } else if (previous === undefined || !jsonEqual(previous, next)) {
      setOwnValue(patch, key, structuredClone(next));
    }
  }
  return patch;
}

/** Structural equality of JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((v, i) => jsonEqual(v, b[i] as JsonValue))
    );
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k] as JsonValue, b[k] as JsonValue))
    );
  }
  return false;
}
